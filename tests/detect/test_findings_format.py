"""Findings format 3: a whole table cell is located by its record and its cell label
(``&col=...``), with no location string of its own; every other finding (free text, a
span inside a cell, a row that is no record) writes its location out."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pytest

from breachscope.config import Config
from breachscope.detect.engine import detect_files, detect_units
from breachscope.detect.finding import (
    FINDINGS_FORMAT_VERSION,
    FINDINGS_SCHEMA,
    findings_from_arrow,
    findings_to_arrow,
    locations,
    written_out,
)
from breachscope.extract.units import TableUnit, TextUnit
from breachscope.location import Location
from breachscope.synth import generate

from .helpers import dump_units

CONFIG = Config(workers=1)
HEADER = ["naam", "geboortedatum", "bsn", "huisarts", "agb_code", "Opmerking"]
PATIENT = ["J. de Vries", "03-04-1971", "111222333", "I. de Lange", "01696484", None]
PRACTICE = [None, None, None, "P. Bakker", "01700123", None]
NOTE = [None, None, None, None, None, "bel mevr. Jansen op 06-12345678"]


def _unit(path: str, rows: list[list[str | None]], part: str | None = None) -> TableUnit:
    return TableUnit.build(Location(path, part), HEADER, rows, list(range(2, 2 + len(rows))))


def _holds(table: pa.Table) -> None:
    """The format's rule: exactly one of ``location`` and ``cell``; a cell has a record,
    and its written location is the record's followed by the cell."""
    rows = table.to_pylist()
    written = locations(table).to_pylist()
    for r, where in zip(rows, written, strict=True):
        assert (r["location"] is None) != (r["cell"] is None), r
        if r["cell"] is not None:
            assert r["record"] is not None, r
            assert where == f"{r['record']}{r['cell']}"
            loc = Location.parse(where)
            assert loc.row == Location.parse(r["record"]).row and loc.column is not None
            assert loc.start is None
        else:
            assert where == r["location"]


def _by_kind(table: pa.Table) -> dict[tuple[str, str], tuple[str | None, str | None]]:
    return {
        (str(r["data_class"]), str(r["value"])): (r["location"], r["cell"])
        for r in table.to_pylist()
    }


@pytest.mark.parametrize("part", [None, "Blad 1"])
def test_whole_cells_carry_their_cell_and_the_rest_is_written_out(part: str | None) -> None:
    table = detect_units([_unit("t.csv", [PATIENT, PRACTICE, NOTE], part)], CONFIG)
    _holds(table)
    got = _by_kind(table)
    head = str(Location("t.csv", part))
    assert got[("bsn", "111222333")] == (None, "&col=bsn")  # a whole cell of a record
    assert got[("name", "J. de Vries")] == (None, "&col=naam")
    # a practice row is no record: its cells write their locations out
    assert got[("provider", "01700123")] == (
        f"{head}{'&' if part else '#'}row=3&col=agb_code",
        None,
    )
    # a span inside a cell (free text in a column): written out with the span
    phone = [r for r in written_out(table).to_pylist() if r["data_class"] == "phone"]
    assert len(phone) == 1 and phone[0]["cell"] is None
    where = Location.parse(str(phone[0]["location"]))
    assert (where.row, where.column, where.start is not None) == (4, "Opmerking", True)


def test_merged_tables_carry_cells_as_each_alone() -> None:
    units = [
        _unit("a.csv", [PATIENT, PRACTICE, PATIENT]),
        _unit("b.csv", [PRACTICE, PATIENT]),
        _unit("c.csv", [PATIENT, NOTE, PRACTICE]),
    ]
    merged = detect_files([[u] for u in units], CONFIG)
    alone = [detect_units([u], CONFIG) for u in units]
    for m, a in zip(merged, alone, strict=True):
        _holds(m)
        assert sorted(map(str, written_out(m).to_pylist())) == sorted(
            map(str, written_out(a).to_pylist())
        )
        assert m.column("cell").null_count == a.column("cell").null_count


def test_written_out() -> None:
    table = detect_units([_unit("t.csv", [PATIENT, PRACTICE, NOTE])], CONFIG)
    out = written_out(table)
    assert out.schema == FINDINGS_SCHEMA
    assert out.column("location").null_count == 0 and out.column("cell").null_count == len(out)
    assert written_out(out) is out  # nothing left to write
    assert locations(out).to_pylist() == locations(table).to_pylist()
    # Finding values hold whole locations: the round trip writes them out
    again = findings_to_arrow(findings_from_arrow(table))
    assert again.to_pylist() == out.to_pylist()


def test_text_findings_write_their_locations() -> None:
    table = detect_units([TextUnit(Location("a.txt"), "BSN 111222333 van J. de Vries")], CONFIG)
    assert table.num_rows and table.column("cell").null_count == table.num_rows
    assert written_out(table) is table


def test_the_format_says_its_version() -> None:
    meta = FINDINGS_SCHEMA.metadata
    assert meta[b"breachscope.version"] == str(FINDINGS_FORMAT_VERSION).encode() == b"3"


@pytest.fixture(scope="module")
def synth_dump(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("format") / "s"
    generate(out, people=150, seed=31, bulk_rows=0)
    return out / "dump"


def test_every_finding_of_a_synthetic_dump_keeps_the_rule(synth_dump: Path) -> None:
    files = dump_units(synth_dump, CONFIG)
    tables = detect_files(files, CONFIG)
    both = pa.concat_tables(tables)
    _holds(both)
    compact = both.num_rows - both.column("cell").null_count
    assert compact > both.num_rows / 2  # most findings of a lab dump are whole cells
