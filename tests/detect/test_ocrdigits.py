"""Digits an OCR engine read as letters are read as digits in a BSN, a date of birth or
a phone number after its label, and nowhere else; so are a BSN's digits an OCR engine set apart by
stray spaces."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from breachscope.detect.ocrdigits import EXPLANATION, SPACED, as_digits, spaced

from .helpers import read_findings


@pytest.mark.parametrize(
    ("token", "least", "digits"),
    [
        ("45O433845", 6, "450433845"),
        ("677l777l9", 6, "677177719"),
        ("6669ZO631", 6, "666920631"),
        ("6O6487BO3", 6, "606487803"),
        ("O6487B031", 6, "064878031"),
        ("l4-02-l971", 4, "14-02-1971"),
        ("450433845", 6, None),  # no letter: read as written
        ("S24012345", 6, None),  # a sample number starts with its letter
        ("B12345678", 6, None),
        ("4SOB33BOS", 6, None),  # too few digits
        ("45X433845", 6, None),  # another letter
        ("", 6, None),
    ],
)
def test_as_digits(token: str, least: int, digits: str | None) -> None:
    assert as_digits(token, least) == digits


_SHAPES = {"0": "Oo", "1": "Il", "2": "Z", "5": "S", "8": "B"}


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="0123456789", min_size=9, max_size=9), st.data())
def test_letters_for_digits_read_back(number: str, data: st.DataObject) -> None:
    """A number with up to three of its digits after the first written as the letters an
    OCR engine gives for them reads back as the number."""
    spots = [i for i, c in enumerate(number) if c in _SHAPES and i > 0]
    chosen = data.draw(st.lists(st.sampled_from(spots), max_size=3, unique=True)) if spots else []
    chars = list(number)
    for i in chosen:
        chars[i] = data.draw(st.sampled_from(_SHAPES[number[i]]))
    assert as_digits("".join(chars), 6) == (number if chosen else None)


def _found(text: str) -> list[tuple[str, str, str, str]]:
    return read_findings(text)


@pytest.mark.parametrize(
    ("text", "data_class", "value", "raw"),
    [
        (
            "AANVRAAGFORMULIER\nNaam: Mevr. P. Willems\nBSN: 45O433845",
            "bsn",
            "450433845",
            "45O433845",
        ),
        ("Naam: Mevr. P. Willems\nBSN: 677l777l9", "bsn", "677177719", "677l777l9"),
        ("BSN: 151380O28 (handgeschreven)", "bsn", "151380028", "151380O28"),
        # in the three groups a BSN is written in, by spaces or by dots
        ("Betreft: uw uitslag / BSN 864 623 l12", "bsn", "864623112", "864 623 l12"),
        ("BSN: 864.623.l12", "bsn", "864623112", "864.623.l12"),
        ("BSN 9344.93.2l2 (?? slecht leesbaar)", "bsn", "934493212", "9344.93.2l2"),
        # a phone number after its label
        ("tel 06-5333395O   belt over uitslag", "phone", "+31653333950", "06-5333395O"),
        ("Mobiel: O6 12345S78", "phone", "+31612345578", "O6 12345S78"),
        (
            "Naam: Mevr. P. Willems\nGeb.datum: 14-O2-1971",
            "date_of_birth",
            "1971-02-14",
            "14-O2-1971",
        ),
        ("Naam: Mevr. A. Bos\nGeb.datum: 2I-O3-I968", "date_of_birth", "1968-03-21", "2I-O3-I968"),
        ("Geboortedatum: 03/O3/1978", "date_of_birth", "1978-03-03", "03/O3/1978"),
    ],
)
def test_read_after_its_label(text: str, data_class: str, value: str, raw: str) -> None:
    found = [f for f in _found(text) if f[0] == data_class]
    assert [(v, r) for _, v, r, _ in found] == [(value, raw)]
    assert EXPLANATION in found[0][3]


@pytest.mark.parametrize(
    "text",
    [
        "BSN: 45O433846",  # no elfproef
        "Monsternummer: 45O433845",  # no BSN label
        "Ordernr 864 623 l12",
        "BSN 864 623.l12",  # groups apart by two kinds of marks
        "BSN: S50433845",  # a sample number's letter first
        "Afnamedatum: l4-02-2024",  # no birth date's label
        "Geb.datum: IO-IO-IOIO",  # too few digits
        "Geb.datum: 14-O2-197l5",  # no date
        "Sabine Rooijakkers, 3522 GB ,  06-3O463472",  # no phone's label
        "tel S24-0123456",  # a sample number's letter first
        "tel 06-5333395OO",  # eleven digits
    ],
)
def test_not_read(text: str) -> None:
    assert [f for f in _found(text) if f[0] in ("bsn", "date_of_birth", "phone")] == []


@pytest.mark.parametrize(
    ("token", "digits"),
    [
        ("47 67 96 660", "476796660"),
        ("90996 5687", "909965687"),
        ("4767 96660", "476796660"),
        ("47 67 96 66", None),  # eight digits
        ("47 67 96 6601", None),  # ten
        ("47  67 96 660", None),  # a double space is no stray one
    ],
)
def test_spaced(token: str, digits: str | None) -> None:
    assert spaced(token, 9) == digits


@pytest.mark.parametrize(
    ("text", "value", "raw"),
    [
        ("Naam: mevr. K. Sanders\nBurgerservicenummer: 47 67 96 660", "476796660", "47 67 96 660"),
        ("BSN: 90996 5687\nGeb.datum: 10-10-1970", "909965687", "90996 5687"),
    ],
)
def test_a_bsn_apart_by_stray_spaces_is_read_after_its_label(
    text: str, value: str, raw: str
) -> None:
    found = [f for f in _found(text) if f[0] == "bsn"]
    assert [(v, r) for _, v, r, _ in found] == [(value, raw)]
    assert SPACED in found[0][3]


@pytest.mark.parametrize(
    "text",
    [
        "BSN: 90996 5688",  # no elfproef
        "Monsternummer: 90996 5687",  # no BSN label
        "BSN: 90996 5687 12",  # more digits follow
        "Telefoon 06 12 34 56 78, BSN onbekend",  # the number stands before the label
    ],
)
def test_spaced_digits_not_read(text: str) -> None:
    assert [f for f in _found(text) if f[0] == "bsn"] == []
