"""detect_units: schema, purity, the per-process cache, text and table units."""

from __future__ import annotations

import pyarrow as pa
import pytest

from breachscope.config import Config
from breachscope.detect import engine
from breachscope.detect.engine import detect_units, detector_set
from breachscope.detect.finding import FINDINGS_SCHEMA, findings_from_arrow, written_out
from breachscope.extract.units import TableUnit, TextUnit
from breachscope.location import Location

LETTER = (
    "Patiënt: mevr. J.M. de Vries\nGeb. datum 03-03-1978\nBSN 111222333\n"
    "Adres Kerkstraat 12, 1234 AB Utrecht\nUitslag hrHPV positief\n"
    "Aanvrager: Dr. P. Willems (AGB 01315326)\n"
)


def test_schema_and_classes() -> None:
    table = detect_units([TextUnit(Location("a.pdf", "page-1"), LETTER)], Config(workers=1))
    assert table.schema.equals(FINDINGS_SCHEMA, check_metadata=True)
    classes = set(table.column("data_class").to_pylist())
    assert classes == {"name", "date_of_birth", "bsn", "address", "health", "provider"}
    assert table.column("record").null_count == table.num_rows  # text: the assembler groups


def test_locations_point_at_the_values() -> None:
    unit = TextUnit(Location("a.pdf", "page-1"), LETTER)
    for f in findings_from_arrow(detect_units([unit], Config(workers=1))):
        loc = f.location
        assert (loc.path, loc.part) == ("a.pdf", "page-1")
        assert loc.start is not None and loc.end is not None
        assert LETTER[loc.start : loc.end].strip()
        assert f.value not in f.explanation


def test_base_offset_shifts_spans() -> None:
    text = "BSN 111222333"
    a = detect_units([TextUnit(Location("log.txt"), text)], Config(workers=1))
    b = detect_units([TextUnit(Location("log.txt"), text, base_offset=1000)], Config(workers=1))
    la = Location.parse(a.column("location")[0].as_py())
    lb = Location.parse(b.column("location")[0].as_py())
    assert lb.start == la.start + 1000 and lb.end == la.end + 1000  # type: ignore[operator]


def test_empty_input() -> None:
    table = detect_units([], Config(workers=1))
    assert table.num_rows == 0
    assert table.schema.equals(FINDINGS_SCHEMA)


def test_pure_and_cached() -> None:
    cfg = Config(workers=1)
    unit = TextUnit(Location("a.txt"), LETTER)
    first = detect_units([unit], cfg)
    assert detector_set(cfg) is detector_set(cfg)
    engine.clear_cache()
    assert detect_units([unit], cfg).equals(first)
    assert detector_set(cfg.with_(workers=2)) is not detector_set(cfg)


def test_table_rows_are_records() -> None:
    unit = TableUnit.build(
        Location("lims.csv"),
        ["Naam", "Geboortedatum", "BSN", "Labnummer", "Afnamedatum", "Uitslag"],
        [["de Vries, J.", "03-03-1978", "111222333", "123456782", "12-03-2024", "Pap 2"]],
        [2],
    )
    table = detect_units([unit], Config(workers=1))
    rows = table.to_pylist()
    assert {r["data_class"] for r in rows} == {"name", "date_of_birth", "bsn", "health"}
    assert {r["record"] for r in rows} == {"lims.csv#row=2"}
    # a whole cell is located by its record and its cell, with no location string of its own
    columns = ("Naam", "Geboortedatum", "BSN", "Uitslag")
    assert {(r["location"], r["cell"]) for r in rows} == {(None, f"&col={c}") for c in columns}
    written = written_out(table).to_pylist()
    assert {(r["location"], r["cell"]) for r in written} == {
        (f"lims.csv#row=2&col={c}", None) for c in columns
    }
    assert all(Location.parse(str(r["location"])).column for r in written)


def test_register_argument() -> None:
    unit = TextUnit(Location("a.txt"), "Zwartkop belde over haar uitslag.")
    assert detect_units([unit], Config(workers=1)).num_rows == 0
    table = detect_units([unit], Config(workers=1), register={"Zwartkop"})
    assert table.column("data_class").to_pylist() == ["name"]


@pytest.mark.parametrize("n", [1, 3])
def test_many_units_concatenate(n: int) -> None:
    units = [TextUnit(Location(f"f{i}.txt"), "BSN 111222333") for i in range(n)]
    table = detect_units(units, Config(workers=1))
    assert isinstance(table, pa.Table) and table.num_rows == n
