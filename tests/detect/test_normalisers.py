"""Property tests for the normalisers: dates, names, postcodes, house numbers."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from stdnum.nl import postcode as nl_postcode

from breachscope.detect.dates import american_only, compact_dates, epoch_days, parse_date
from breachscope.detect.detectors.address import house_number, normalise_postcode
from breachscope.detect.names import name_kind, normalise_full, normalise_name

DATES = st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31))


@given(DATES, st.sampled_from(["-", "/", ".", " "]))
def test_dmy_round_trip(d: date, sep: str) -> None:
    assert parse_date(f"{d.day:02d}{sep}{d.month:02d}{sep}{d.year}") == d.isoformat()
    assert parse_date(f"{d.day}{sep}{d.month}{sep}{d.year}") == d.isoformat()


@given(DATES)
def test_iso_and_compact_round_trip(d: date) -> None:
    assert parse_date(d.isoformat()) == d.isoformat()
    assert parse_date(d.strftime("%Y%m%d")) == d.isoformat()
    assert parse_date(d.strftime("%d-%m-%Y 12:30")) == d.isoformat()


@given(st.dates(min_value=date(1900, 1, 2), max_value=date(2099, 12, 30)))
@example(date(1991, 7, 1))  # summer time: local midnight is 22:00 UTC
@example(date(1978, 3, 12))  # winter: 23:00 UTC
def test_a_utc_instant_is_read_as_its_dutch_date(d: date) -> None:
    """A date stored as an instant (JavaScript's ``toISOString`` of a Dutch local
    midnight) is the Dutch date of that instant, the day after its UTC date; a time with
    an offset of its own keeps its written date."""
    z = ZoneInfo("Europe/Amsterdam")
    midnight = datetime(d.year, d.month, d.day, tzinfo=z).astimezone(UTC)
    written = midnight.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    assert parse_date(written) == d.isoformat()
    assert parse_date(written.replace("Z", "+00:00")) == d.isoformat()
    assert parse_date(d.isoformat() + "T00:00:00+01:00") == d.isoformat()
    assert parse_date(d.isoformat() + "T12:00:00Z") == d.isoformat()


@given(DATES, st.sampled_from(["0000", "1230", "123045", "123045.1234+0100", "09"]))
def test_hl7_time_stamp_round_trip(d: date, time: str) -> None:
    """An HL7 TS (``PID-7`` = ``197803030000``) gives its date; twelve digits that are no
    such stamp (a year outside 19xx/20xx first) give none."""
    assert parse_date(d.strftime("%Y%m%d") + time) == d.isoformat()
    assert parse_date("18" + d.strftime("%y%m%d") + time) is None


@given(st.dates(min_value=date(1900, 1, 2), max_value=date(2099, 12, 30)))
def test_ldap_generalized_time_round_trip(d: date) -> None:
    """An LDAP directory's GeneralizedTime (``birthDate: 19720310000000Z``), its Dutch
    midnight in UTC too (``19720309230000Z``)."""
    assert parse_date(d.strftime("%Y%m%d") + "000000Z") == d.isoformat()
    z = ZoneInfo("Europe/Amsterdam")
    midnight = datetime(d.year, d.month, d.day, tzinfo=z).astimezone(UTC)
    assert parse_date(midnight.strftime("%Y%m%d%H%M%SZ")) == d.isoformat()


@given(st.lists(st.dates(min_value=date(1930, 1, 1), max_value=date(2029, 12, 31)), min_size=1))
def test_compact_ddmmyy_column_round_trip(ds: list[date]) -> None:
    """A column of ``ddmmyy`` numbers, a spreadsheet's dropped leading zero included."""
    values = sorted({d.strftime("%d%m%y").lstrip("0") or "0" for d in ds})
    read = compact_dates(values)
    assert read is not None
    assert sorted(read.values()) == sorted({d.isoformat() for d in ds})


@given(st.lists(st.dates(min_value=date(1927, 5, 18), max_value=date(2099, 12, 31)), min_size=4))
def test_compact_excel_serial_column_round_trip(ds: list[date]) -> None:
    """Excel's serial day numbers (the 1900 system), when ``ddmmyy`` cannot read them."""
    serials = {str((d - date(1899, 12, 30)).days): d.isoformat() for d in ds}
    read = compact_dates(sorted(serials))
    if read is not None and all(read[k] == v for k, v in serials.items()):
        return
    # only a column whose every serial also reads as a real dmmyy date is taken as one
    assert read is not None and all(len(k) == 5 and int(k[1:3]) <= 12 for k in serials)


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (["030378", "121265", "10590"], ["1978-03-03", "1965-12-12", "1990-05-01"]),
        (["780303", "651231"], ["1978-03-03", "1965-12-31"]),  # yymmdd: 31 is no month
        (["28187", "33000"], ["1977-03-03", "1990-05-07"]),  # Excel serials
        (["1978", "1965"], None),  # years, not dates
        (["12345", "99999"], None),  # 99999 is past 2099
        (["1234567"], None),
        ([], None),
    ],
)
def test_compact_dates(values: list[str], expected: list[str] | None) -> None:
    read = compact_dates(values)
    assert (None if read is None else [read[v] for v in values]) == expected


@given(DATES)
def test_american_dates(d: date) -> None:
    """Slashes month first: read so where only that reading is a date, and everywhere
    with ``us`` (a column where one value showed the order)."""
    us = f"{d.month:02d}/{d.day:02d}/{d.year}"
    assert parse_date(us, us=True) == d.isoformat()
    assert american_only(us) == (d.day > 12)
    if d.day > 12:
        assert parse_date(us) == d.isoformat()
    else:
        assert parse_date(us) == date(d.year, d.day, d.month).isoformat()  # day first
    dashes = f"{d.month:02d}-{d.day:02d}-{d.year}"
    assert parse_date(dashes, us=True) == parse_date(dashes)  # only slashes go month first


@given(DATES)
def test_two_digit_years_pivot(d: date) -> None:
    got = parse_date(d.strftime("%d-%m-%y"))
    assert got is not None
    year = int(got[:4])
    assert year % 100 == d.year % 100 and 1930 <= year <= 2029


DUTCH = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)
SHORT = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")


@given(DATES, st.booleans())
def test_month_words(d: date, short: bool) -> None:
    word = (SHORT if short else DUTCH)[d.month - 1]
    assert parse_date(f"{d.day} {word} {d.year}") == d.isoformat()
    assert parse_date(f"{d.day:02d} {word}. {d.year}") == d.isoformat()


ENGLISH = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
ENGLISH_LONG = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip
_ORDINAL = {1: "st", 2: "nd", 3: "rd", 21: "st", 22: "nd", 23: "rd", 31: "st"}


@given(DATES, st.booleans())
def test_english_dates(d: date, short: bool) -> None:
    """``March 3, 1978``, ``Mar 3 1978``, ``3rd March 1978``, ``3rd of March 1978``."""
    word = (ENGLISH if short else ENGLISH_LONG)[d.month - 1].capitalize()
    nth = f"{d.day}{_ORDINAL.get(d.day, 'th')}"
    assert parse_date(f"{word} {d.day}, {d.year}") == d.isoformat()
    assert parse_date(f"{word} {nth} {d.year}") == d.isoformat()
    assert parse_date(f"{nth} {word} {d.year}") == d.isoformat()
    assert parse_date(f"{nth} of {word} {d.year}") == d.isoformat()


@given(DATES, st.sampled_from([SHORT, ENGLISH]), st.sampled_from(["-", "/"]), st.booleans())
def test_database_month_abbreviations(
    d: date, months: tuple[str, ...], sep: str, upper: bool
) -> None:
    """Oracle's ``DD-MON-YYYY`` and ``DD-MON-YY``, Dutch or English, any case."""
    word = months[d.month - 1].upper() if upper else months[d.month - 1].capitalize()
    assert parse_date(f"{d.day:02d}{sep}{word}{sep}{d.year}") == d.isoformat()
    short = parse_date(f"{d.day:02d}{sep}{word}{sep}{d.year % 100:02d}")
    assert short is not None and short[4:] == d.isoformat()[4:]
    other = "/" if sep == "-" else "-"
    assert parse_date(f"{d.day:02d}{sep}{word}{other}{d.year}") is None


@given(DATES, st.sampled_from(["-", "/", ".", " "]))
def test_apostrophe_two_digit_year(d: date, sep: str) -> None:
    """``3-3-'78``: the apostrophe of a two-digit year, read as without it."""
    plain = parse_date(f"{d.day}{sep}{d.month}{sep}{d.year % 100:02d}")
    assert plain is not None
    assert parse_date(f"{d.day}{sep}{d.month}{sep}'{d.year % 100:02d}") == plain
    assert parse_date(f"{d.day}{sep}{d.month}{sep}'{d.year}") is None


@given(st.text(max_size=30))
def test_parse_date_never_raises(text: str) -> None:
    out = parse_date(text)
    assert out is None or date.fromisoformat(out)


NAME_WORDS = st.sampled_from(["Jansen", "Vries", "Berg", "Bakker", "Willemsen", "Hoek"])
GIVEN = st.sampled_from(["Marieke", "Jan", "Anna", "Pieter", "Sanne"])
PREFIX = st.sampled_from(["", "de ", "van der ", "van ", "ter "])


@given(GIVEN, PREFIX, NAME_WORDS)
def test_name_forms_agree(given_name: str, prefix: str, surname: str) -> None:
    canonical = f"{given_name} {prefix}{surname}"
    initial = f"{given_name[0]}."
    assert normalise_name(canonical) == canonical
    assert normalise_name(canonical.upper()) == canonical
    reversed_form = f"{surname}, {initial} {prefix.strip()}".strip()
    assert normalise_name(reversed_form) == f"{initial} {prefix}{surname}"
    # a given name said again before the whole name (``Anja, Anja Koster``): the name
    assert normalise_name(f"{given_name}, {canonical}") == canonical


@given(st.text(max_size=40))
@example("<,,A")  # repeated commas after the family name (once gave ",a <", then "a <")
@example("A <^")  # an HL7 family name of a single capital and a word (once "A <", then "A. <")
def test_normalise_name_is_idempotent(text: str) -> None:
    once = normalise_name(text)
    if once is not None:
        assert normalise_name(once) == once


@given(st.integers(1000, 9999), st.sampled_from(["AB", "XE", "EZ", "PK"]), st.booleans())
def test_postcode(digits: int, letters: str, space: bool) -> None:
    raw = f"{digits}{' ' if space else ''}{letters.lower()}"
    assert normalise_postcode(raw) == f"{digits}{letters}"


def test_postcode_never_issued() -> None:
    assert normalise_postcode("1234 SS") is None
    assert normalise_postcode("0123 AB") is None


_POSTCODE_CHARS = st.sampled_from("0123456789ABSDXZabs -\t\n\u0661\u2013\uff11\u0131\u00df")


@given(st.text(_POSTCODE_CHARS, max_size=9) | st.text(max_size=9))
@example("1234-A")  # a separator python-stdnum drops: five characters are left
@example("NL1234")  # a country prefix python-stdnum drops
@example("\u0661234AB")  # an Arabic-Indic digit
def test_postcode_agrees_with_stdnum(raw: str) -> None:
    """The common shape is checked without python-stdnum; every value still reads as it
    reads there (six characters once spaces go, upper-cased)."""
    value = raw.replace(" ", "").upper()
    expected = value if len(value) == 6 and nl_postcode.is_valid(value) else None
    assert normalise_postcode(raw) == expected


@given(st.integers(1, 99999), st.sampled_from(["", "a", " B", "-2", " bis"]))
def test_house_number(number: int, suffix: str) -> None:
    out = house_number(f"{number}{suffix}")
    assert out.startswith(str(number))
    assert house_number(out) == out


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("VAN DE SCHUUR-TE WETERING", "van de Schuur-te Wetering"),
        ("TEN SANDE-PRINS, GEERTJE", "Geertje ten Sande-Prins"),
        ("C.M. VAN LEEUWEN", "C.M. van Leeuwen"),
        ("RH WILLEMSEN", "R.H. Willemsen"),
        ("JANSEN PJ", "Jansen P.J."),  # initials after the surname, as registers list
        ("A A JANSEN", "A.A. Jansen"),  # initials dotted one by one are joined too
        ("JANSEN-DE VRIES", "Jansen-de Vries"),
        ("VAN DER", None),
        ("İNCE VAN DEN BERG", "İnce van den Berg"),  # a capital whose lower case is longer
        ("ΟΔΟΣ ΣΙΣ", "Οδος Σις"),  # a final sigma lowers alike in each word and joined
    ],
)
def test_all_capital_names_get_their_case(raw: str, expected: str | None) -> None:
    assert normalise_name(raw) == expected


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        ("Jansen", "surname"),
        ("de Vries", "surname"),
        ("Bakker-de Wit", "surname"),  # a double name's second part with its tussenvoegsel
        ("Jansen-van der Berg", "surname"),
        ("P. Bakker-de Wit", "full_name"),
        ("Anna de Vries", "full_name"),
        ("J.M.", "initials"),
        ("Lie-A-Ling", "surname"),
        ("Jansen-de Vries A.", "full_name"),  # a LIMS writes the initials after the name
        ("el Amrani F.", "full_name"),
        ("de Vries A.B.", "full_name"),
        ("van Rooij A", "full_name"),
        ("Vries A.B. de", "full_name"),
    ],
)
def test_name_kind(value: str, kind: str) -> None:
    assert name_kind(value) == kind


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("J.H. Bakker - de Wit", "J.H. Bakker-de Wit"),
        ("Bakker - de Wit, J.H.", "J.H. Bakker-de Wit"),
        ("Jansen -Smit", "Jansen-Smit"),
        # a spreadsheet cell wrapped after the hyphen
        ("Jansen-\nde Vries, M.", "M. Jansen-de Vries"),
        ("A. Bakker-\r\nSmit", "A. Bakker-Smit"),
        ("BAKKER - DE WIT", "Bakker-de Wit"),
        ("Jansen - 't Hart", "Jansen-'t Hart"),
        ("Lie-A-Ling", "Lie-A-Ling"),
    ],
)
def test_a_double_name_written_with_spaced_hyphen(raw: str, expected: str) -> None:
    """A form or an OCR'd scan writes a double name's hyphen with spaces around it: the
    value is the name's other spelling, so that both find the same person."""
    assert normalise_name(raw) == expected
    assert normalise_full(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("P SMIT EO", "P. Smit"),
        ("J. Jansen e/o", "J. Jansen"),
        ("P. de Vries EN/OF", "P. de Vries"),
    ],
)
def test_an_account_holders_and_or_is_no_part_of_her_name(raw: str, expected: str) -> None:
    """A bank statement's counterparty (``P SMIT EO``: she and her partner)."""
    assert normalise_name(raw) == expected


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2025, 12, 31)))
def test_days_since_1970_read_back_as_their_day(day: date) -> None:
    n = (day - date(1970, 1, 1)).days
    assert epoch_days([str(n)]) == {str(n): day.isoformat()}


@given(st.integers().filter(lambda n: not -25_567 <= n <= 20_454))
def test_days_outside_a_lifetime_are_no_birth(n: int) -> None:
    assert epoch_days([str(n)]) is None
