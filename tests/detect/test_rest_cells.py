"""The cells of a claimed column that its detector cannot read (a person typed more than
one value into them) are read as free text, their header as their label; so are the
cells of an unclaimed column whose header names two fields."""

from __future__ import annotations

from pathlib import Path

import pytest

from breachscope.config import Config
from breachscope.detect import tables
from breachscope.detect.engine import detect_units
from breachscope.detect.files import units_of_file
from breachscope.detect.finding import findings_from_arrow

CONFIG = Config(workers=1)


def _found(tmp_path: Path, text: str) -> set[tuple[str, str, str]]:
    path = tmp_path / "lijst.csv"
    path.write_text(text, encoding="utf-8")
    return {
        (f.data_class, f.value, str(f.location).split("#")[1])
        for f in findings_from_arrow(detect_units(units_of_file(path, CONFIG), CONFIG))
    }


_HEAD = "naam;geboortedatum;bsn;telefoon\n"
_ROWS = "Jansen, P.;03-03-1978;506332433;0612345678\nSmit, A.;04-04-1980;220269634;0687654321\n"


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (
            "Bakker, K.;01-01-1960;471415200;06-12345678 (mobiel), 030-1234567 (werk)",
            {("phone", "+31612345678", "row=4&col=telefoon&start=0&end=11"),
             ("phone", "+31301234567", "row=4&col=telefoon&start=22&end=33")},
        ),
        (
            "Bakker, K.;01-01-1960;471415200 / 123456782;0611111111",
            {("bsn", "471415200", "row=4&col=bsn&start=0&end=9"),
             ("bsn", "123456782", "row=4&col=bsn&start=12&end=21")},
        ),
        (
            "Bakker, K. (geb. 01-01-1960);;471415200;0611111111",
            {("name", "K. Bakker", "row=4&col=naam&start=0&end=10"),
             ("date_of_birth", "1960-01-01", "row=4&col=naam&start=17&end=27")},
        ),
        (
            "Bakker, K.;onbekend, ca. 01-01-1960;471415200;0611111111",
            {("date_of_birth", "1960-01-01", "row=4&col=geboortedatum&start=14&end=24")},
        ),
    ],
)  # fmt: skip
def test_a_cell_its_columns_detector_cannot_read_is_read_as_text(
    tmp_path: Path, row: str, expected: set[tuple[str, str, str]]
) -> None:
    found = _found(tmp_path, _HEAD + _ROWS + row + "\n")
    assert expected <= found
    assert ("bsn", "506332433", "row=2&col=bsn") in found  # the column as ever


def test_what_no_detector_reads_gives_nothing(tmp_path: Path) -> None:
    found = _found(tmp_path, _HEAD + _ROWS + "Bakker, K.;onbekend;niet bekend;geen\n")
    assert not {f for f in found if f[2].startswith("row=4")} - {
        ("name", "K. Bakker", "row=4&col=naam")
    }


def test_a_column_its_detector_mostly_cannot_read_is_not_read_as_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tables, "MAX_REST_CELLS", 1)
    rows = "".join(
        f"Bakker, K.;01-01-1960;471415200;06-1234567{k} / 06-7654321{k}\n" for k in range(2)
    )
    assert not {f for f in _found(tmp_path, _HEAD + _ROWS + rows) if f[0] == "phone"} - {
        ("phone", "+31612345678", "row=2&col=telefoon"),
        ("phone", "+31687654321", "row=3&col=telefoon"),
    }


def test_a_column_whose_header_names_two_fields_reads_both(tmp_path: Path) -> None:
    """``Naam + geb.datum``: each field's word is a negative header word of the other's
    detector, and no detector claims the column; its cells are read as text with the
    header as their label."""
    found = _found(tmp_path, "Naam + geb.datum;BSN\nJansen, P. 03-03-1978;506332433\n")
    assert {
        ("name", "P. Jansen", "row=2&col=Naam + geb.datum&start=0&end=10"),
        ("date_of_birth", "1978-03-03", "row=2&col=Naam + geb.datum&start=11&end=21"),
    } <= found


def test_a_negative_header_still_rules_its_detectors_values_out(tmp_path: Path) -> None:
    found = _found(tmp_path, "naam;crediteur iban\nP. Jansen;NL91ABNA0417164300 Stichting Lab\n")
    assert not [f for f in found if f[0] == "iban"]


def test_an_unclaimed_column_its_header_names_gives_its_cells_that_label(
    tmp_path: Path,
) -> None:
    """``Geslacht/Geb.datum`` over ``V / 03-03-1978``: the birth date column's sample did
    not pass, and a bare date in a cell says nothing; under its header's label it is
    read."""
    found = _found(tmp_path, "naam;Geslacht/Geb.datum\nP. Jansen;V / 03-03-1978\n")
    assert ("date_of_birth", "1978-03-03", "row=2&col=Geslacht/Geb.datum&start=4&end=14") in found


def test_a_result_in_a_status_column_is_one(tmp_path: Path) -> None:
    """A status column is no result's to claim, but a result written in it is one (a
    call list's ``Status BVO``)."""
    found = _found(
        tmp_path,
        "naam;status BVO\nNaima el Idrissi;hrHPV positief, geen vervolg\n"
        "Samira Amrani;uitnodiging gemist\n",
    )
    assert ("health", "hrHPV positief", "row=2&col=status BVO&start=0&end=14") in found
