"""Tables in long form (entity, attribute, value: a row per value) are read pivoted, each
finding placed at its own row, each record named by its first row; the table's other
columns are read as it stands."""

from __future__ import annotations

from pathlib import Path

import pytest

from breachscope.config import Config
from breachscope.detect.engine import detect_units, detector_set
from breachscope.detect.files import units_of_file
from breachscope.detect.finding import findings_from_arrow
from breachscope.detect.longtable import LONG_FORM, in_long_form
from breachscope.detect.tables import claimed_columns
from breachscope.extract.units import TableUnit
from breachscope.location import Location

CONFIG = Config(workers=1)

_EAV = (
    "entity_id,attribute,value,valid_from\n"
    '71002,huisarts,"dr. R. Visser",2024-01-25\n'  # row 2
    '71009,geboortedatum,"19840312",2024-02-17\n'
    '71002,postcode,"3581KP",2024-01-10\n'
    '71002,anamnese,"methotrexaat",2024-02-25\n'
    '71009,bsn,"220269634",2024-03-13\n'
    '71002,geboortedatum,"19700905",2024-01-14\n'
    '71009,achternaam,"Veenstra",2024-02-11\n'
    '71002,bsn,"506332433",2024-01-10\n'
    '71009,voornaam,"Ilse",2024-03-12\n'
    '71002,achternaam,"Koster",2024-01-27\n'
    '71009,uitslag_cyto,"Pap 3b",2024-03-27\n'
)


def _found(path: Path) -> list[tuple[str, str, str, str | None]]:
    """``(class, value, location, record)`` of the file's findings."""
    units = units_of_file(path, CONFIG)
    return sorted(
        (f.data_class, f.value, str(f.location).split("#")[1], f.record and f.record.split("#")[1])
        for f in findings_from_arrow(detect_units(units, CONFIG))
    )


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "eav.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_each_value_is_found_at_its_row_and_each_record_named_by_its_first_row(
    tmp_path: Path,
) -> None:
    assert _found(_write(tmp_path, _EAV)) == [
        ("address", "3581KP", "row=4&col=value", "row=2"),
        ("bsn", "220269634", "row=6&col=value", "row=3"),
        ("bsn", "506332433", "row=9&col=value", "row=2"),
        ("date_of_birth", "1970-09-05", "row=7&col=value", "row=2"),
        ("date_of_birth", "1984-03-12", "row=3&col=value", "row=3"),
        ("health", "Pap 3b", "row=12&col=value", "row=3"),
        ("health", "methotrexaat", "row=5&col=value", "row=2"),
        ("name", "Ilse", "row=10&col=value", "row=3"),
        ("name", "Koster", "row=11&col=value", "row=2"),
        ("name", "Veenstra", "row=8&col=value", "row=3"),
        ("provider", "R. Visser", "row=2&col=value", "row=2"),
    ]  # fmt: skip


def test_each_finding_says_the_table_was_read_in_long_form(tmp_path: Path) -> None:
    found = findings_from_arrow(detect_units(units_of_file(_write(tmp_path, _EAV), CONFIG), CONFIG))
    assert found and all(f.explanation.endswith(LONG_FORM) for f in found)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # records named by their BSN: the records' own column is read as it stands
            "bsn;veld;waarde\n506332433;postcode;3581KP\n506332433;geboortedatum;05-09-1970\n"
            "506332433;naam;Koster, A.\n220269634;postcode;9712CP\n220269634;naam;Veenstra, I.\n",
            [("address", "3581KP", "row=2&col=waarde", "row=2"),
             ("address", "9712CP", "row=5&col=waarde", "row=5"),
             ("bsn", "220269634", "row=5&col=bsn", "row=5"),
             ("bsn", "220269634", "row=6&col=bsn", "row=6"),
             ("bsn", "506332433", "row=2&col=bsn", "row=2"),
             ("bsn", "506332433", "row=3&col=bsn", "row=3"),
             ("bsn", "506332433", "row=4&col=bsn", "row=4"),
             ("date_of_birth", "1970-09-05", "row=3&col=waarde", "row=2"),
             ("name", "A. Koster", "row=4&col=waarde", "row=2"),
             ("name", "I. Veenstra", "row=6&col=waarde", "row=5")],
        ),
        (  # one record, named by its id (a key,value table with the record's column)
            "id;veld;waarde\n1;naam;Koster, A.\n1;bsn;506332433\n1;postcode;3581KP\n",
            [("address", "3581KP", "row=4&col=waarde", "row=2"),
             ("bsn", "506332433", "row=3&col=waarde", "row=2"),
             ("name", "A. Koster", "row=2&col=waarde", "row=2")],
        ),
        (  # a field's history: each value kept, the second in a column of its own
            "patientnr;veld;bron;waarde\n8801;postcode;GBA;3581KP\n8801;naam;GBA;Koster, A.\n"
            "8801;postcode;GBA;9712CP\n8802;naam;LIMS;Veenstra, I.\n8802;bsn;LIMS;220269634\n",
            [("address", "3581KP", "row=2&col=waarde", "row=2"),
             ("address", "9712CP", "row=4&col=waarde", "row=2"),
             ("bsn", "220269634", "row=6&col=waarde", "row=5"),
             ("name", "A. Koster", "row=3&col=waarde", "row=2"),
             ("name", "I. Veenstra", "row=5&col=waarde", "row=5")],
        ),
        (  # an audit log: the old and the new values, each column pivoted
            "patient_id,veld,oud,nieuw\n8801,telefoon,0612345678,0687654321\n"
            "8801,postcode,3581KP,9712CP\n8802,telefoon,0611223344,\n8802,naam,Veenstra,\n",
            [("address", "3581KP", "row=3&col=oud", "row=2"),
             ("address", "9712CP", "row=3&col=nieuw", "row=2"),
             ("name", "Veenstra", "row=5&col=oud", "row=4"),
             ("phone", "+31611223344", "row=4&col=oud", "row=4"),
             ("phone", "+31612345678", "row=2&col=oud", "row=2"),
             ("phone", "+31687654321", "row=2&col=nieuw", "row=2")],
        ),
    ],
)  # fmt: skip
def test_the_other_columns_are_read_as_they_stand(
    tmp_path: Path, text: str, expected: list[tuple[str, str, str, str]]
) -> None:
    assert _found(_write(tmp_path, text)) == expected


def _unit(header: list[str], rows: list[list[str | None]]) -> TableUnit:
    return TableUnit.build(Location("t.csv"), header, rows, list(range(2, len(rows) + 2)))


def _long(unit: TableUnit) -> object:
    dset = detector_set(CONFIG)
    return in_long_form(unit, dset.names_field, lambda t: claimed_columns(dset, t))


_STANDING = [
    ["Jansen, P.", "hrHPV positief", "03-03-2024"],
    ["de Vries, B.", "hrHPV negatief", "04-03-2024"],
    ["Bakker, C.", "hrHPV positief", "05-03-2024"],
    ["Visser, D.", "hrHPV negatief", "06-03-2024"],
]


@pytest.mark.parametrize(
    ("header", "rows"),
    [
        # a table that stands, a result column of few values that name a field
        (["Naam", "Uitslag", "Datum"], _STANDING),
        # attributes that name no field
        (["id", "kleur", "waarde"],
         [["1", "rood", "4"], ["1", "blauw", "5"], ["2", "rood", "6"], ["2", "blauw", "7"]]),
        # the same record and attribute on every row: no column names the records
        (["id", "veld", "waarde"], [["1", "naam", f"Jansen {i}"] for i in range(6)]
         + [["1", "bsn", "506332433"] for _ in range(6)]),
        # two columns only
        (["veld", "waarde"], [["naam", "Jansen, P."], ["bsn", "506332433"]] * 3),
    ],
)  # fmt: skip
def test_what_is_not_in_long_form(header: list[str], rows: list[list[str | None]]) -> None:
    assert _long(_unit(header, rows)) is None


def test_the_pivot_holds_a_row_per_record_and_each_values_row() -> None:
    unit = _unit(
        ["id", "veld", "waarde"],
        [["7", "naam", "Koster, A."], ["8", "bsn", "220269634"], ["7", "bsn", "506332433"],
         ["8", "naam", "Veenstra, I."], ["7", "bsn", "111222333"]],
    )  # fmt: skip
    long = _long(unit)
    assert isinstance(long, tuple)
    (pivot,), rest = long
    assert pivot.columns == ("naam", "bsn", "bsn (2)")
    assert pivot.data.to_pylist() == [
        {"c0": "Koster, A.", "c1": "506332433", "c2": "111222333", "__row__": 1},
        {"c0": "Veenstra, I.", "c1": "220269634", "c2": None, "__row__": 2},
    ]
    assert pivot.cell_rows == ((2, 4, 6), (5, 3, 0))
    assert pivot.record_rows == (2, 3)
    assert rest.columns == ("id", "veld")
