"""A record written on one line: her name, birth date and BSN apart by gaps, no labels."""

from __future__ import annotations

import re

import pytest

from breachscope.config import Config
from breachscope.detect.engine import detector_set
from breachscope.detect.recordlines import PATTERN, record_lines

POSITIVE = [
    # a row pasted into a chat, in a code block
    (
        "```Prins, G.  1986-01-22  217.646.086  HPV 18 pos```",
        "Prins, G.",
        "1986-01-22",
        "217.646.086",
    ),
    # a LIMS client's recent patients in the registry, a tussenvoegsel first
    ('"c"="Van Dam, W. | 1961-03-20 | 206-648-522"', "Van Dam, W.", "1961-03-20", "206-648-522"),
    (
        '"d"="Katarzyna Wójcik | 25.12.1962 | 251345117"',
        "Katarzyna Wójcik",
        "25.12.1962",
        "251345117",
    ),
    (
        "Hoogervorst-van 't Hof, K.;12-03-1980;123456782",
        "Hoogervorst-van 't Hof, K.",
        "12-03-1980",
        "123456782",
    ),
    ("Jansen, P.\t12-03-1980\t0873.82.052", "Jansen, P.", "12-03-1980", "0873.82.052"),
    # the number first, as an export's row quoted in a database's log
    (
        "LOG:  skipped line 18: 201510406;Zenaida Gomes da Luz;15 mrt 1995;3961 TE",
        "Zenaida Gomes da Luz",
        "15 mrt 1995",
        "201510406",
    ),
    ("123 456 782 | Jansen, P. | 12-03-1980", "Jansen, P.", "12-03-1980", "123 456 782"),
    # a unit test's case: quoted values, the date last
    (
        '[TestCase("I.A. Zwaagstra", "612092987", "02-01-1953")]',
        "I.A. Zwaagstra",
        "02-01-1953",
        "612092987",
    ),
]
NEGATIVE = [
    "Monster  12-03-1980  123456782",  # (a label's word, no name)
    "Lotnr 4471  12-03-1980  123456782",  # (digits in the name's place)
    "Jansen  12-03-1980  123456782",  # (a family name alone: a register's word as often)
    "Jansen, P.  12-03-2019  123456782",  # (a date of this century: a sample's)
    "Jansen, P.  12-03-1980 | 123456782",  # (two kinds of separator: no record's line)
    "Jansen, P. 12-03-1980 123456782",  # (single spaces: a sentence's)
    "123456782;Jansen, P.|12-03-1980",  # (number first, two kinds of separator)
    "123456782;Hoofdstraat 12;12-03-1980",  # (an address in the name's place)
    "lab 0123456782;Jansen, P.;12-03-1980",  # (a longer number's tail)
    '[TestCase("Jan Modaal", "999990020", "01-01-1980")]',  # (a test system's dummy)
    'f("Jansen, P.", "123456782", 12-03-1980)',  # (quoted and bare: two kinds)
]


def _lines(text: str) -> list[tuple[str, str, str]]:
    ends = [m.end() for m in re.finditer(PATTERN, text)]
    return [
        (text[slice(*r.name)], text[slice(*r.date)], text[slice(*r.number)])
        for r in record_lines(text, ends)
    ]


@pytest.mark.parametrize(("text", "name", "date", "number"), POSITIVE)
def test_record_lines(text: str, name: str, date: str, number: str) -> None:
    assert _lines(text) == [(name, date, number)]


@pytest.mark.parametrize("text", NEGATIVE)
def test_no_record_lines(text: str) -> None:
    assert _lines(text) == []


def test_the_detectors_read_its_date_and_its_number() -> None:
    dset = detector_set(Config(workers=1), None)
    text = 'Recent:\n"c"="Van Dam, W. | 1961-03-20 | 206-648-522"\n'
    found = {(h.detector.id, h.match.value) for h in dset.text_hits(text)}
    assert {("date_of_birth", "1961-03-20"), ("bsn", "206648522")} <= found
    text = 'Recent:\n"c"="Van Dam, W. | 1961-03-20 | 206-648-523"\n'  # (no elfproef)
    assert "bsn" not in {h.detector.id for h in dset.text_hits(text)}
