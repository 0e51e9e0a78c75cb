"""People listed in an array inside one record (a webhook's batch of patients in a JSON
cell, a search response's ``resultaten``) are rows of their own, not other values of the
row's one person."""

from __future__ import annotations

import json

import pyarrow as pa
import pytest

from breachscope.assemble import assemble
from breachscope.config import Config
from breachscope.detect.engine import detect_units
from breachscope.detect.personarrays import person_arrays
from breachscope.extract.units import TableUnit
from breachscope.location import Location

_CLASSES = {"naam": "name", "bsn": "bsn", "geboortedatum": "date_of_birth", "telefoon": "phone",
            "family": "name", "waarde": "health", "code": None, "system": None}  # fmt: skip


def _classes(unit: TableUnit, columns: list[int]) -> list[str | None]:
    return [_CLASSES.get(unit.columns[i].rsplit(".", 1)[-1]) for i in columns]


def _unit(headers: list[str], rows: list[list[str | None]], part: str | None = None) -> TableUnit:
    cols = {f"c{i}": pa.array([r[i] for r in rows], pa.string()) for i in range(len(headers))}
    cols["__row__"] = pa.array(range(2, len(rows) + 2), pa.int64())
    return TableUnit(Location("p.csv", part), tuple(headers), pa.table(cols))


@pytest.mark.parametrize(
    ("headers", "parts"),
    [
        # a batch of patients: each its own row, the event's own columns stay
        (["event", "p.patients.0.naam", "p.patients.0.bsn", "p.patients.1.naam",
          "p.patients.1.bsn"],
         [(None, ["event"]), ("p.patients", ["p.patients.0.naam", "p.patients.0.bsn"]),
          ("p.patients[2]", ["p.patients.1.naam", "p.patients.1.bsn"])]),
        # a BSN with a birth date is a person without a name; an element's own arrays go with it
        (["l.0.bsn", "l.0.geboortedatum", "l.0.telecom.0.telefoon", "l.1.bsn", "l.1.geboortedatum"],
         [("l", ["l.0.bsn", "l.0.geboortedatum", "l.0.telecom.0.telefoon"]),
          ("l[2]", ["l.1.bsn", "l.1.geboortedatum"])]),
        # her name in use and her birth name: one person
        (["bsn", "name.0.family", "name.1.family"],
         [(None, ["bsn", "name.0.family", "name.1.family"])]),
        # one person's tests
        (["naam", "r.0.code", "r.0.waarde", "r.1.code", "r.1.waarde"],
         [(None, ["naam", "r.0.code", "r.0.waarde", "r.1.code", "r.1.waarde"])]),
        # one element of people is no list of them
        (["naam", "c.0.naam", "c.0.telefoon", "c.1.system"],
         [(None, ["naam", "c.0.naam", "c.0.telefoon", "c.1.system"])]),
        # in a sheet's part, below it
        (["c.0.naam", "c.0.telefoon", "c.1.naam", "c.1.telefoon"],
         [("c", ["c.0.naam", "c.0.telefoon"]), ("c[2]", ["c.1.naam", "c.1.telefoon"])]),
    ],
)  # fmt: skip
def test_an_array_of_people_is_a_row_each(
    headers: list[str], parts: list[tuple[str | None, list[str]]]
) -> None:
    unit = _unit(headers, [[f"v{i}" for i in range(len(headers))]])
    got = person_arrays(unit, _classes)
    assert [(u.location.part, list(u.columns)) for u in got] == parts
    for u in got:
        assert u.data.column("__row__").to_pylist() == [2]
        assert u.data.column("c0").to_pylist() == [f"v{headers.index(u.columns[0])}"]


def test_below_the_tables_part() -> None:
    unit = _unit(
        ["c.0.naam", "c.0.telefoon", "c.1.naam", "c.1.telefoon"], [["a", "b", "c", "d"]], "Blad1"
    )
    assert [u.location.part for u in person_arrays(unit, _classes)] == ["Blad1/c", "Blad1/c[2]"]


def test_a_batch_in_a_json_cell_gives_each_patient_a_mention_of_their_own() -> None:
    """A webhook's payload listing three patients gave one person, the other two only
    her other values: they were no one's mention, so no one's letter."""
    batch = {"patients": [
        {"naam": "A. de Vries", "bsn": "111222333", "geboortedatum": "1970-03-04"},
        {"naam": "B. Jansen", "bsn": "123456782", "geboortedatum": "1981-05-06"},
        {"naam": "C. Smit", "bsn": "100000009", "geboortedatum": "1965-07-08"}]}  # fmt: skip
    one = {"naam": "D. Bakker", "bsn": "012345672"}
    rows = [["1", "batch.created", json.dumps(batch)], ["2", "patient.updated", json.dumps(one)]]
    unit = _unit(["id", "event", "payload"], rows)
    mentions = assemble(detect_units([unit], Config(workers=1))).mentions.to_pylist()
    got = {(m["record"], m["surname"], m["bsn"]) for m in mentions}
    assert got == {
        ("p.csv#part=payload.patients&row=2", "de Vries", "111222333"),
        ("p.csv#part=payload.patients[2]&row=2", "Jansen", "123456782"),
        ("p.csv#part=payload.patients[3]&row=2", "Smit", "100000009"),
        ("p.csv#row=3", "Bakker", "012345672"),
    }
    assert all(not m["other_values"] for m in mentions)
