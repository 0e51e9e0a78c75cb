"""A table's columns about another person (a contact person, a parent) are a unit of
their own in part ``contact``, so the row's mention is its person's alone."""

from __future__ import annotations

import pyarrow as pa
import pytest

from breachscope.assemble import assemble
from breachscope.config import Config
from breachscope.detect.engine import detect_units
from breachscope.detect.othercolumns import split_table_people
from breachscope.extract.units import TableUnit
from breachscope.location import Location


def _unit(headers: list[str], rows: list[list[str]], part: str | None = None) -> TableUnit:
    cols = {f"c{i}": pa.array([r[i] for r in rows], pa.string()) for i in range(len(headers))}
    cols["__row__"] = pa.array(range(2, len(rows) + 2), pa.int64())
    return TableUnit(Location("p.csv", part), tuple(headers), pa.table(cols))


@pytest.mark.parametrize(
    ("headers", "parts"),
    [
        (["naam", "telefoon", "naam contactpersoon", "telefoon contactpersoon"],
         [(None, ["naam", "telefoon"]),
          ("contact", ["naam contactpersoon", "telefoon contactpersoon"])]),
        (["BSN kind", "BSN moeder", "Naam moeder", "Naam vader"],
         [(None, ["BSN kind"]), ("contact", ["BSN moeder", "Naam moeder"]),
          ("contact[2]", ["Naam vader"])]),
        (["NaamNoodcontact", "TelefoonNoodcontact"],
         [("contact", ["NaamNoodcontact", "TelefoonNoodcontact"])]),
        # the name a married patient goes by is hers
        (["achternaam", "naam partner", "naam echtgenoot"],
         [(None, ["achternaam", "naam partner", "naam echtgenoot"])]),
    ],
)  # fmt: skip
def test_columns_about_another_person_are_a_unit_of_their_own(
    headers: list[str], parts: list[tuple[str | None, list[str]]]
) -> None:
    unit = _unit(headers, [[f"v{i}" for i in range(len(headers))]])
    got = split_table_people(unit)
    assert [(u.location.part, list(u.columns)) for u in got] == parts
    for u in got:
        assert u.data.column("__row__").to_pylist() == [2]
        assert u.data.column("c0").to_pylist() == [f"v{headers.index(u.columns[0])}"]


def test_a_sheets_other_person_is_under_its_sheet() -> None:
    unit = _unit(["naam", "naam contactpersoon"], [["A. Jansen", "P. Jansen"]], "Blad1")
    assert [u.location.part for u in split_table_people(unit)] == ["Blad1", "Blad1/contact"]


def test_the_contact_person_of_a_row_is_a_mention_of_their_own() -> None:
    unit = _unit(
        ["naam", "geboortedatum", "telefoon", "naam contactpersoon", "telefoon contactpersoon"],
        [["A. Jansen", "03-03-1978", "0612345678", "P. Jansen", "0687654321"],
         ["B. Smit", "04-04-1980", "0611111111", "K. Smit", "0622222222"]],
    )  # fmt: skip
    mentions = assemble(detect_units([unit], Config(workers=1))).mentions.to_pylist()
    got = {(m["record"], m["initials"], m["phone"]) for m in mentions}
    assert got == {
        ("p.csv#row=2", "A.", "+31612345678"),
        ("p.csv#part=contact&row=2", "P.", "+31687654321"),
        ("p.csv#row=3", "B.", "+31611111111"),
        ("p.csv#part=contact&row=3", "K.", "+31622222222"),
    }
    assert all(not m["other_values"] for m in mentions)
