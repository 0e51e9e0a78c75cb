"""Resolve: from person mentions to unique affected people, with what leaked about each.

:func:`resolve` links a mentions table (:mod:`breachscope.assemble`) into people:
deterministic BSN keys first (with a compatible date of birth), then a Splink
Fellegi-Sunter model trained without labels (:mod:`breachscope.resolve.model`), then
constrained clustering that never chains two BSNs (:mod:`breachscope.resolve.cluster`).
:func:`resolve_case` runs it on a case and writes ``persons``, ``person_evidence`` and
``person_counts``.
"""

from __future__ import annotations

from breachscope.resolve.persons import TIERS
from breachscope.resolve.run import ResolveResult, ResolveSummary, resolve, resolve_case

__all__ = ["TIERS", "ResolveResult", "ResolveSummary", "resolve", "resolve_case"]
