"""The tussenvoegsel alternation grouped by first character must match exactly like the
plain alternation of :data:`PREFIXES`, inside the name grammar too (same spans)."""

from __future__ import annotations

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from breachscope.detect.namegrammar import AFTER_CUE, SHAPES
from breachscope.detect.names import PREFIX_RE, PREFIXES

PLAIN = "|".join(regex.escape(p).replace(r"\ ", " ") for p in PREFIXES)
PIECES = (
    *PREFIXES, *(p.upper() for p in PREFIXES), "Van", "De", "İn", "ſ", "Berg", "Vries", "J.",
    "A.B.", "Jan", "Hof", "BERG", "-", " ", " ", ",", ", ", ":", "\n", "x", "é",
)  # fmt: skip
texts = st.lists(st.sampled_from(PIECES), max_size=12).map("".join)


def _plain(pat: regex.Pattern[str]) -> regex.Pattern[str]:
    assert PREFIX_RE in pat.pattern
    return regex.compile(pat.pattern.replace(PREFIX_RE, PLAIN), pat.flags)


@pytest.mark.parametrize("word", [*PREFIXES, "Van Der", "VAN 'T", "dos", "deN", "v.d."])
def test_grouped_matches_each_prefix_like_the_plain_one(word: str) -> None:
    for text in (word, word + " X", word + "x"):
        got = regex.match(f"(?i:{PREFIX_RE})", text)
        want = regex.match(f"(?i:{PLAIN})", text)
        assert (got and got.group()) == (want and want.group())


@settings(max_examples=300, deadline=None)
@given(texts)
def test_name_grammar_unchanged_by_grouping(text: str) -> None:
    for pat in (AFTER_CUE, SHAPES["reversed"], SHAPES["initials"], SHAPES["given"]):
        plain = _plain(pat)
        for pos in range(len(text)):
            got = pat.match(text, pos)
            want = plain.match(text, pos)
            assert (got and got.span()) == (want and want.span()), (pat.pattern[:30], pos)
