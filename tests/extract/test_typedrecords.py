"""Records of several types in one delimited file (a declaration in Vektis's style): a
table per record type, columns by position, read by their values."""

from __future__ import annotations

import io

from breachscope.config import Config
from breachscope.detect.engine import detect_units
from breachscope.detect.finding import findings_from_arrow
from breachscope.extract.base import Extracted, Source
from breachscope.extract.typedrecords import MAX_TYPES, TypedRecordsExtractor
from breachscope.extract.units import TableUnit, Unit

from .samples import typed_records_sample


def extract(data: bytes) -> list[Extracted]:
    source = Source("decl.txt", "typed-records", len(data), lambda: io.BytesIO(data))
    return list(TypedRecordsExtractor().extract(source, Config()))


def tables(items: list[Extracted]) -> dict[str | None, list[list[str | None]]]:
    out: dict[str | None, list[list[str | None]]] = {}
    for unit in items:
        if isinstance(unit, TableUnit):
            for r in unit.data.to_pylist():
                row = [r["__row__"], *(r[f"c{i}"] for i in range(len(unit.columns)))]
                out.setdefault(unit.location.part, []).append(row)
    return out


def test_a_table_per_record_type_and_text_lines_apart() -> None:
    found = tables(extract(typed_records_sample().data))
    assert sorted(found, key=str) == [None, "record-01", "record-02", "record-04", "record-99"]
    assert [r[0] for r in found["record-02"]] == [2, 6, 8]
    assert found["record-02"][1][5] == "DE VRIES-ÖZTÜRK"  # (cp1252 decoded)
    assert [r[0] for r in found["record-04"]] == [3, 4, 7, 9]
    assert found[None] == [[10, "Einde bestand"]]


def test_the_patients_of_a_declaration_are_found() -> None:
    units = [u for u in extract(typed_records_sample().data) if isinstance(u, Unit)]
    findings = findings_from_arrow(detect_units(units, Config(workers=1)))
    by_record: dict[str, set[tuple[str, str]]] = {}
    for f in findings:
        if f.record:
            by_record.setdefault(f.record, set()).add((f.data_class, f.value))
    assert by_record["decl.txt#part=record-02&row=2"] >= {
        ("bsn", "123456782"), ("date_of_birth", "1966-07-16"), ("name", "Jansen"),
        ("name", "J.M."), ("address", "3512AB"),
    }  # fmt: skip
    assert ("name", "de Vries-Öztürk") in by_record["decl.txt#part=record-02&row=6"]


def test_more_types_than_tables_share_one() -> None:
    lines = [f"T{i};{i};waarde {i}" + ";x" * (i % 3) for i in range(MAX_TYPES + 3)]
    found = tables(extract(("\n".join([*lines, lines[0]]) + "\n").encode()))
    assert len(found) == MAX_TYPES + 1
    assert [r[0] for r in found["record-other"]] == [MAX_TYPES + 1, MAX_TYPES + 2, MAX_TYPES + 3]
