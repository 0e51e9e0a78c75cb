"""The vectorised phone column (:mod:`breachscope.detect.phonecolumn`) equals
:meth:`PhoneDetector.validate` value for value, fast shapes and fallback alike."""

from __future__ import annotations

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from breachscope.detect.detectors.phone import PhoneDetector
from breachscope.detect.phonecolumn import MIN_FAST, phone_column, strict_phone

from .helpers import column_values, per_value

DETECTOR = PhoneDetector()
FILLER = ["0612345678", "+31 20 1234567", "0031 6 1234 5678", "612345678"] * MIN_FAST
"""Enough shaped cells for the fast path to run on a column."""


def validated(xs: list[str | None], context: bool) -> list[str | None]:
    return column_values(DETECTOR, xs, FILLER, context)


def expected(xs: list[str | None], context: bool) -> list[str | None]:
    return per_value(DETECTOR, xs, context)


def fast_rows(xs: list[str | None], context: bool) -> list[bool]:
    decided = phone_column(pa.array(xs + FILLER, pa.string()), context)
    assert decided is not None
    return [bool(f) for f in decided[0].to_pylist()[: len(xs)]]


CASES: list[tuple[str, bool, str | None, bool]] = [
    # (cell, context, E.164 or None, decided by the fast path)
    ("0612345678", False, "+31612345678", True),
    ("06-12345678", False, "+31612345678", True),
    ("06 1234 5678", False, "+31612345678", True),
    ("  06 12 34 56 78\t", False, "+31612345678", True),
    ("+31 6 12345678", False, "+31612345678", True),
    ("+31612345678", False, "+31612345678", True),
    ("+31-20-1234567", False, "+31201234567", True),
    ("0031 6 1234 5678", False, "+31612345678", True),
    ("0031612345678", False, "+31612345678", True),
    ("020-1234567", False, "+31201234567", True),
    ("020/1234567", False, "+31201234567", True),
    ("(020) 1234567", False, "+31201234567", True),
    ("(070)3074400", False, "+31703074400", True),
    ("0900-1234567", False, "+319001234567", True),
    ("0800 1234", False, "+318001234", True),
    ("612345678", True, "+31612345678", True),
    ("612345678", False, None, True),
    ("6 1234 5678", True, "+31612345678", True),
    ("61234567", True, None, True),
    ("31641238876", True, "+31641238876", True),  # a spreadsheet dropped the plus
    ("31 6 4123 8876", True, "+31641238876", True),
    ("31641238876", False, None, True),
    ("31012345678", True, None, True),
    ("0612345", False, None, True),
    ("06123456789", False, None, True),
    ("0012345678", False, None, False),
    ("06.12.34.56", False, None, False),  # date-like: the fallback says no
    ("03-03-1978 12", False, None, False),
    ("+31 (0)6 12345678", False, "+31612345678", False),
    ("+44 20 7946 0958", False, "+442079460958", False),
    ("0044 20 7946 0958", False, "+442079460958", False),
    ("06\u201112345678", False, "+31612345678", False),
    ("\u0660\u0666\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668", False, None, False),
    ("0\u0666\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668", False, "+31612345678", False),
    ("06-1234567a", False, None, False),
    ("tel 0612345678", False, None, False),
    ("0 6 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8", False, None, False),
    ("", False, None, False),
    # a mobile number's shape outside the operators' ranges: a number only where a
    # column or a label says so; eight times one digit is a form's filler
    ("06-79078745", True, "+31679078745", True),
    ("06-79078745", False, None, True),
    ("+31 6 94550636", True, "+31694550636", True),
    ("679078745", True, "+31679078745", True),
    ("0600000000", True, None, True),
    ("06 99999999", True, None, True),
    ("+31 (0)6 94 55 06 36", True, "+31694550636", False),
    ("+31 (0)6 94 55 06 36", False, None, False),
    ("+31 (0)6 00000000", True, None, False),
    ("0869-078745", True, None, True),  # (only a mobile number's shape: 086 is no area)
]


@pytest.mark.parametrize(("cell", "context", "value", "fast"), CASES)
def test_cases(cell: str, context: bool, value: str | None, fast: bool) -> None:
    got = validated([cell], context)
    assert got == [value] == expected([cell], context)
    alone = DETECTOR.validate_column(pa.array([cell], pa.string()), context).to_pylist()
    assert alone == got
    assert fast_rows([cell], context) == [fast]


def test_nulls_and_order() -> None:
    xs = [None, "0612345678", "+44 20 7946 0958", None, "nope", "020-1234567"]
    for context in (True, False):
        assert validated(xs, context) == expected(xs, context)
    large = DETECTOR.validate_column(pa.array(xs + FILLER, pa.large_string()), True)
    assert large.type == pa.string() and large.to_pylist() == expected(xs + FILLER, True)


def test_every_national_prefix() -> None:
    """Every 1-4 digit area/network prefix with a few lengths: validity and E.164 as
    phonenumbers decides them."""
    xs: list[str | None] = []
    for head in range(1, 10000):
        for tail in ("1234567", "123456", "12345678", "1234"):
            body = (str(head) + tail)[:11]
            xs.append("0" + body)
            xs.append("+31 " + body)
    for context in (True, False):
        got = DETECTOR.validate_column(pa.array(xs, pa.string()), context).to_pylist()
        assert got == expected(xs, context)
    assert all(fast_rows(xs, False))


_DIGITS = st.text(alphabet="0123456789", min_size=0, max_size=12)
_SEPS = st.sampled_from(["", " ", "-", ".", "/", "  ", " - ", "(", ")", "\u00a0", "\t"])
_PREFIXES = st.sampled_from(["", "0", "06", "020", "+31", "+31 ", "0031", "00 31", "(0", "+", "00"])
_NOISE = st.text(
    alphabet=st.sampled_from([*"0123456789 +-./()\t\n\u00a0aé٣²", "\u2011"]), max_size=20
)


@st.composite
def phone_like(draw: st.DrawFn) -> str:
    parts = [draw(_PREFIXES)]
    for _ in range(draw(st.integers(0, 5))):
        parts.append(draw(_DIGITS))
        parts.append(draw(_SEPS))
    if draw(st.booleans()):
        parts.insert(draw(st.integers(0, len(parts))), draw(_NOISE))
    return "".join(parts)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(phone_like(), _NOISE, st.text(max_size=15), st.none()), max_size=30))
def test_equals_validate(xs: list[str | None]) -> None:
    for context in (True, False):
        assert validated(xs, context) == expected(xs, context)


STRICT_CASES: list[tuple[str, bool, bool]] = [
    # (stripped cell, context, decided without phonenumbers)
    ("0612345678", False, True),
    ("06-12345678", False, True),
    ("06 12 34 56 78", False, True),
    ("+31612345678", False, True),
    ("+31 6 1234 5678", False, True),
    ("+31-20-1234567", False, True),
    ("0031 6 1234 5678", False, True),
    ("(020) 1234567", False, True),
    ("(070)3074400", False, True),
    ("0900-1234567", False, True),
    ("0612345", False, True),
    ("06123456789", False, True),
    ("612345678", True, True),
    ("612345678", False, True),
    ("61234567", True, True),
    ("03-03-1978", False, False),
    ("06.12.34.56", False, False),
    ("0012345678", False, False),
    ("+44 20 7946 0958", False, False),
    ("+31 (0)6 12345678", False, False),
    ("06\u201112345678", False, False),
    ("0\u0666\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668", False, False),
    ("06  12345678", False, False),
    ("0 6 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8", False, False),
    ("", False, False),
]


@pytest.mark.parametrize(("text", "context", "decided"), STRICT_CASES)
def test_strict_phone_cases(text: str, context: bool, decided: bool) -> None:
    got = strict_phone(text, context)
    assert got[0] is decided
    assert DETECTOR.validate(text, context) == DETECTOR.validate_parsed(text, context)
    if decided:
        assert got[1] == DETECTOR.validate_parsed(text, context)


def test_strict_phone_every_national_prefix() -> None:
    """Every 1-4 digit prefix, several lengths and forms: the strict shapes give what
    ``phonenumbers`` gives."""
    for head in range(1, 10000):
        for tail in ("1234567", "12345678", "1234"):
            body = (str(head) + tail)[:11]
            forms = [("0" + body, False), ("+31" + body, False), ("0031 " + body, False)]
            forms += [(body, True), (body, False)]
            for text, context in forms:
                decided, value = strict_phone(text, context)
                assert decided, text
                assert value == DETECTOR.validate_parsed(text, context), text


@settings(max_examples=800, deadline=None)
@given(st.one_of(phone_like(), _NOISE), st.booleans())
def test_strict_phone_equals_phonenumbers(raw: str, context: bool) -> None:
    text = raw.strip()
    decided, value = strict_phone(text, context)
    if decided:
        assert value == DETECTOR.validate_parsed(text, context)
