from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from breachscope.assemble import values as v


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("111222333", ("111222333", True)),
        ("111222334", ("111222334", False)),  # broken elfproef
        ("12345678", ("012345678", False)),  # leading zero dropped, then checked
        ("1234.56.782", ("123456782", True)),
        ("123 456 782", ("123456782", True)),
        ("1234567890", (None, False)),
        ("BSN", (None, False)),
    ],
)
def test_bsn(raw: str, expected: tuple[str | None, bool]) -> None:
    assert v.bsn(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1975-03-12", "1975-03-12"),
        ("12-03-1975", "1975-03-12"),
        ("2/3/1975", "1975-03-02"),
        ("12.03.1975", "1975-03-12"),
        ("19750312", "1975-03-12"),
        ("1975-02-30", None),
        ("12 maart 1975", None),
    ],
)
def test_birth_date(raw: str, expected: str | None) -> None:
    assert v.birth_date(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("1234 ab", "1234AB"), ("1234AB", "1234AB"), ("0123 AB", "0123AB"), ("2615", "2615")],
)
def test_postcode(raw: str, expected: str) -> None:
    assert v.postcode(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("12 a", "12A"), ("7 - 2", "7-2"), ("3 bis", "3bis"), ("012", "12"), ("A", "A")],
)
def test_house_number(raw: str, expected: str) -> None:
    assert v.house_number(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("06-12345678", "+31612345678"),
        ("612345678", "+31612345678"),  # leading zero dropped
        ("+31 6 12345678", "+31612345678"),
        ("0031 20 123 4567", "+31201234567"),
        ("12", None),
    ],
)
def test_phone(raw: str, expected: str | None) -> None:
    assert v.phone(raw) == expected


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31)))
def test_birth_date_reads_every_written_form(d: date) -> None:
    for written in (
        d.isoformat(),
        f"{d.day:02d}-{d.month:02d}-{d.year}",
        f"{d.day}/{d.month}/{d.year}",
        f"{d.year}{d.month:02d}{d.day:02d}",
    ):
        assert v.birth_date(written) == d.isoformat()


@given(st.from_regex(r"[0-9]{9}", fullmatch=True))
def test_bsn_survives_a_lost_leading_zero(digits: str) -> None:
    full, ok = v.bsn(digits)
    assert full == digits
    assert v.bsn(str(int(digits))) == (full, ok)
