"""Example and test values in free text: a manual's or a form's illustration (``Voer het
BSN in, bijvoorbeeld 123456782``, ``Voorbeeld IBAN: NL91 ABNA 0417 1643 00``) and a
test environment's dummy person (``Bij een testdeelnemer (Test Testpatiënt, BSN
999999990) ...``). They are no one's data: a manual in a dump would otherwise add
phantom BSNs to the authority's figures.

A value is an example when a marker word stands before it in its own sentence on its
own line (no sentence end between the two). The date-of-birth detector has its own,
older reading of a form's format example (``dd-mm-jjjj, bijv. 01-01-1970``).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from breachscope.detect.fastpath import as_strings, flags, string_bytes

MARKERS = ("voorbeeld", "bijv", "example", "instance", "dummy", "ficti", "proefp")
"""Lower-case strings one of which a text must hold (or :data:`TEST_MARKERS`) before
:data:`_MARKER` is tried there (C-speed ``in`` tests per text: most texts hold none)."""
TEST_MARKERS = ("testp", "testd", "testc", "testg", "testa")
"""The test-data words' openings, tried only in a text that holds ``test`` (every
``HPV-test`` does, few ``testpatiënt``)."""

_MARKER = re.compile(
    r"\b(?:bijv\.|(?:bijvoorbeeld|bijv|voorbeeld(?:en|regel|tekst|brief|waarden?|gegevens|patiënt"
    r"|patient)?|for\s+(?:example|instance)|example(?![.@\w])"
    r"|test(?:patiënt|patient|deelnemer|persoon|cliënt|client|gegevens|data|account)(?:en|s)?"
    r"|proef(?:persoon|patiënt|patient)(?:en)?"
    r"|dummy|fictie(?:f|ve)|fictitious|fictional)\b)"
)
"""A word that says what follows is an illustration or test data, an abbreviation with its
period (``bijv.``: the period ends no sentence). Not ``b.v.`` (a company's ``B.V.``), not
``e.g.`` (initials: ``dhr. E.G. van de Pol``, the text being read in lower case) and not
``test`` alone (``HPV-test``, ``zelftest``)."""
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)")
_BACK = 160
"""How far before a value its marker is looked for (within its line)."""

REASON = "an example or test value: a marker word before it in its sentence"
"""Why :func:`breachscope.detect.textrules.text_rule_verdicts` holds such a value back."""


def may_hold(lower: str) -> bool:
    """Whether ``lower`` (a text, lower-cased) may hold a marker at all."""
    for word in MARKERS:
        if word in lower:
            return True
    return "test" in lower and any(word in lower for word in TEST_MARKERS)


def marker_ends(lower: str) -> list[int]:
    """Where each marker of ``lower`` (a text, lower-cased) ends, in text order."""
    return [m.end() for m in _MARKER.finditer(lower)] if may_hold(lower) else []


def is_example(
    lower: str, start: int, ends: Sequence[int] | None = None, end: int | None = None
) -> bool:
    """Whether the value at ``start`` of ``lower`` (a text, lower-cased) follows a marker
    in its sentence on its line (``ends``: :func:`marker_ends` of ``lower``, when known),
    or, given its ``end``, holds one (a test system's ``naam: "Jan Proefpersoon"``)."""
    if ends is None:
        ends = marker_ends(lower)
    if end is not None and bisect_right(ends, end) > bisect_right(ends, start):
        return True
    i = bisect_right(ends, start) - 1
    if i < 0:
        return False
    end = ends[i]
    lo = max(lower.rfind("\n", 0, start) + 1, start - _BACK)
    return end - 1 >= lo and _SENTENCE_END.search(lower, end, start) is None


TEST_NAME = (
    r"(?i)(?:^|[^\pL])(?:test(?:patiënt|patient|persoon|deelnemer|cliënt|client)?(?:en|s)?"
    r"|voorbeeld\pL*|proef(?:persoon|patiënt|patient)(?:en)?|dummy|fictie(?:f|ve)|modaal|leeg)"
    r"(?:$|[^\pL])"
)
"""A name that says its record is test data (RE2): a word of a test system's dummy person
(``Test Testpatiënt``, ``Mevrouw Voorbeeld``, ``Jan Modaal``, the Dutch John Doe, ``Leeg
Record``), not a word that only starts so (``Testa``, ``Leegwater``)."""


_TEST_WORDS = (b"test", b"voorbeeld", b"proef", b"dummy", b"ficti", b"modaal", b"leeg")
"""What every :data:`TEST_NAME` match holds, lower-cased (ASCII)."""


def dummy_names(values: pa.Array) -> np.ndarray:
    """Per value of ``values`` (names, as a table's name findings give them): whether it
    names a test system's dummy person (:data:`TEST_NAME`). Searched with the regex only
    where the values' bytes, lower-cased, hold one of its words (Arrow compiles a regex
    on every call, a millisecond or two; most name columns hold none of them)."""
    values = as_strings(values)
    lower = string_bytes(values)[1].tobytes().lower()
    if not any(word in lower for word in _TEST_WORDS):
        return np.zeros(len(values), dtype=bool)
    return flags(pc.match_substring_regex(values, TEST_NAME))
