"""The synthetic leak generator: a Dutch screening lab's dump with exact ground truth.

``generate(out, people, seed, bulk_rows=0)`` writes ``out/dump/`` and ``out/truth/``
(documented in docs/synth.md) and returns a :class:`Summary`.
"""

from breachscope.synth.generate import generate
from breachscope.synth.truth import TRUTH_FORMAT_VERSION, Summary

__all__ = ["TRUTH_FORMAT_VERSION", "Summary", "generate"]
