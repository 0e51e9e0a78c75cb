"""Assemble: from findings to person mentions.

:func:`assemble` is a pure function from a findings table (Arrow,
:data:`~breachscope.detect.finding.FINDINGS_SCHEMA`) to a mentions table
(:data:`~breachscope.assemble.schema.MENTIONS_SCHEMA`) plus the findings that belong to no
person. :func:`assemble_case` runs it on a case database, streaming (see ``docs/mentions.md``),
and returns an :class:`AssembleSummary` (counts).

* Table findings (``record`` set) are one mention per record (table row, message).
* Free-text findings (``record`` empty) are grouped per text part by position
  (:mod:`breachscope.assemble.text`).
* A group without a name, BSN, phone, e-mail or IBAN (e.g. a test result alone) is no
  person: its findings go to the unattributed table, counted in reports but never a person.
"""

from __future__ import annotations

from breachscope.assemble.run import AssembleResult, AssembleSummary, assemble, assemble_case
from breachscope.assemble.schema import (
    MENTIONS_FORMAT_VERSION,
    MENTIONS_SCHEMA,
    UNATTRIBUTED_SCHEMA,
)

__all__ = [
    "MENTIONS_FORMAT_VERSION",
    "MENTIONS_SCHEMA",
    "UNATTRIBUTED_SCHEMA",
    "AssembleResult",
    "AssembleSummary",
    "assemble",
    "assemble_case",
]
