"""GEDCOM: one row per person of a family tree, facts as the columns a Dutch export would
name; families and the submitter are no person's rows."""

from __future__ import annotations

import io

import pytest

from breachscope.config import Config
from breachscope.detect.engine import detect_units
from breachscope.detect.finding import findings_from_arrow
from breachscope.extract.base import Extracted, ExtractError, Source
from breachscope.extract.gedcom import GedcomExtractor, people
from breachscope.extract.units import TableUnit, TextUnit


def extract(data: bytes) -> list[Extracted]:
    source = Source("stamboom.ged", "gedcom", len(data), lambda: io.BytesIO(data))
    return list(GedcomExtractor().extract(source, Config()))


def test_facts_dates_and_continued_notes() -> None:
    text = (
        "0 HEAD\n1 CHAR UTF-8\n0 @I1@ INDI\n1 NAME Annie /van Wely-Oudejans/\n"
        "2 GIVN Annie\n2 SURN Wely-Oudejans\n2 SPFX van\n1 SEX F\n1 BIRT\n2 DATE 22 MAY 1966\n"
        "2 PLAC Amersfoort\n1 DEAT\n2 DATE BET 2019 AND 2020\n2 CAUS Ovariumcarcinoom\n"
        "1 NOTE Zus van index.\n2 CONT Tel. 0341-25 66 90.\n1 SSN 123456782\n"
        "0 @F1@ FAM\n1 WIFE @I1@\n"
    )
    ((line, person, _),) = list(people(text))
    assert line == 3
    assert person == {
        "naam": ["Annie van Wely-Oudejans"], "voornaam": ["Annie"],
        "achternaam": ["Wely-Oudejans"], "tussenvoegsel": ["van"], "geslacht": ["F"],
        "geboortedatum": ["1966-05-22"], "geboorteplaats": ["Amersfoort"],
        "overlijdensdatum": ["BET 2019 AND 2020"], "doodsoorzaak": ["Ovariumcarcinoom"],
        "notitie": ["Zus van index.\nTel. 0341-25 66 90."], "ssn": ["123456782"],
    }  # fmt: skip


def test_no_header_is_an_error_and_a_tree_of_no_person_gives_nothing() -> None:
    with pytest.raises(ExtractError, match="no GEDCOM"):
        extract(b"1 NAME Jansen\n")
    assert extract(b"0 HEAD\n1 SOUR x\n0 @F1@ FAM\n0 TRLR\n") == []


def test_each_person_is_a_record() -> None:
    data = (
        b"0 HEAD\n1 SOUR Progeny\n0 @I1@ INDI\n1 NAME Marloes Johanna /Vermeulen-Oudejans/\n"
        b"1 BIRT\n2 DATE 14 FEB 1970\n1 IDNO 364681433\n2 TYPE BSN\n"
        b"0 @I2@ INDI\n1 NAME Femke /Vermeulen/\n1 BIRT\n2 DATE 3 SEP 1999\n"
    )
    units = [u for u in extract(data) if isinstance(u, TableUnit)]
    found = {
        (f.data_class, f.value, f.record)
        for f in findings_from_arrow(detect_units(units, Config(workers=1)))
    }
    assert found >= {
        ("name", "Marloes Johanna Vermeulen-Oudejans", "stamboom.ged#row=3"),
        ("date_of_birth", "1970-02-14", "stamboom.ged#row=3"),
        ("bsn", "364681433", "stamboom.ged#row=3"),
        ("name", "Femke Vermeulen", "stamboom.ged#row=9"),
        ("date_of_birth", "1999-09-03", "stamboom.ged#row=9"),
    }


def test_the_headers_note_is_a_text_of_its_own() -> None:
    data = (
        b"0 HEAD\n1 NOTE Stamboom t.b.v. verwijzing, aangeleverd door\n2 CONT dr. I.M. Hellinga\n"
        b"0 @I1@ INDI\n1 NAME Femke /Vermeulen/\n"
    )
    (note,) = [u for u in extract(data) if isinstance(u, TextUnit)]
    assert note.location.part == "note"
    assert note.text == "Stamboom t.b.v. verwijzing, aangeleverd door\ndr. I.M. Hellinga"
