"""Words grouped for speed must not change a match: the date-of-birth regex with the month
words grouped by first letter matches like the plain alternation, and the provider's
cue and practice starts (words grouped by last character) equal a test of every word."""

from __future__ import annotations

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from breachscope.detect.dates import MONTH_WORDS, MONTHS
from breachscope.detect.detectors.date_of_birth import _MONTHS, DateOfBirthDetector
from breachscope.detect.detectors.provider import (
    _CUE_WORDS,
    _CUES_BY_LAST,
    _PRACTICES_BY_LAST,
    PRACTICE_WORDS,
    _starts,
)

DOB = DateOfBirthDetector.exact()
PLAIN_DOB = regex.compile(DOB.pattern.replace(_MONTHS, MONTH_WORDS), DOB.flags)
DATE_PIECES = (
    *MONTHS, *(m.upper() for m in MONTHS), "Maart", "ſep", "\u212aa", "3", "12", "03", "1978",
    "'78", " ", ".", ",", "-", "/", "'", "T", ":", "12:30", "x", "geb.", "\n",
)  # fmt: skip
PROVIDER_PIECES = (
    *_CUE_WORDS, *PRACTICE_WORDS, "Huisarts", "ARTS", "s", "n", "k", " ", ":", "\n", "x", "é",
)  # fmt: skip


def _naive(text: str, ends: list[int], words: tuple[str, ...]) -> list[int]:
    return sorted({e - len(w) for e in ends for w in words if text.endswith(w, 0, e)})


def test_month_words_are_grouped() -> None:
    assert _MONTHS != MONTH_WORDS and _MONTHS in DOB.pattern
    assert PLAIN_DOB.pattern != DOB.pattern


@pytest.mark.parametrize(
    "text",
    [
        "geb. 3 maart 1978",
        "12 SEPT. '78",
        "1 sep 2001 12:30",
        "4 september1978",
        "5 ſeptember 1980",
        "7 febr, 1981",
        "9 mei 80",
        "03-03-1978",
        "2 juni 1990 x",
        "3 maa 1999",
    ],
)
def test_dob_regex_matches_like_plain_alternation(text: str) -> None:
    got = [m.span("v") for m in DOB.finditer(text)]
    want = [m.span("v") for m in PLAIN_DOB.finditer(text)]
    assert got == want


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(DATE_PIECES), max_size=12).map("".join))
def test_dob_regex_unchanged_by_grouping(text: str) -> None:
    for pos in range(len(text)):
        got = DOB.match(text, pos)
        want = PLAIN_DOB.match(text, pos)
        assert (got and got.span()) == (want and want.span()), pos


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PROVIDER_PIECES), max_size=10).map("".join))
def test_provider_starts_equal_a_test_of_every_word(text: str) -> None:
    ends = list(range(len(text) + 1))
    low = text.lower()
    assert _starts(low, ends, _CUES_BY_LAST) == _naive(low, ends, _CUE_WORDS)
    assert _starts(text, ends, _PRACTICES_BY_LAST) == _naive(text, ends, PRACTICE_WORDS)
