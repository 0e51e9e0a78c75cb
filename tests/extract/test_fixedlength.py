"""Fixed-length record files (``breachscope.extract.fixedlength``): a Vektis-style
declaration's lines grouped by record type, each cut at the fields its lines show."""

from __future__ import annotations

import io

import pytest

from breachscope.config import Config
from breachscope.extract.base import Extracted, Source
from breachscope.extract.fixedlength import FixedLengthExtractor
from breachscope.extract.units import TableUnit, TextUnit
from breachscope.ingest.filetype import fixed_record_types, sniff_bytes

from .samples import VEKTIS_PEOPLE, elfproef_bsn, vektis_line, vektis_text


def _read(text: str) -> list[Extracted]:
    data = text.encode("cp1252")
    source = Source("declaraties/LB302.asc", "fixed-records", len(data), lambda: io.BytesIO(data))
    return list(FixedLengthExtractor().extract(source, Config()))


def _tables(items: list[Extracted]) -> dict[str | None, list[dict[str, str | None]]]:
    out: dict[str | None, list[dict[str, str | None]]] = {}
    for unit in items:
        if isinstance(unit, TableUnit):
            out.setdefault(unit.location.part, []).extend(
                {"row": str(r["__row__"]), **{n: r[f"c{i}"] for i, n in enumerate(unit.columns)}}
                for r in unit.data.to_pylist()
            )
    return out


def test_a_declaration_a_table_per_record_type() -> None:
    """The insured persons' records (their services between them) are one table, each
    field a cell: the BSN and the birth date cut from the digits glued around them, the
    family name, its prefix, the initials, the postcode, the IBAN whole."""
    text = vektis_text()
    assert sniff_bytes(text.encode("ascii"), "LB302_202409.asc") == "fixed-records"
    tables = _tables(_read(text))
    assert sorted(tables, key=str) == ["record-01", "record-02", "record-04", "record-99"]
    people = tables["record-02"]
    assert [p["row"] for p in people] == ["2", "5", "8", "11"]
    for i, (person, details) in enumerate(zip(people, VEKTIS_PEOPLE, strict=True)):
        family, prefix, initials, born, postcode, account = details
        assert person["column2"] == elfproef_bsn(i + 11)
        assert person["column4"] == born.replace("-", "")
        assert person["column6"] == family.upper()
        assert person["column7"] == (prefix.upper() or None)
        assert (person["column8"], person["column9"]) == (initials, postcode)
        assert person["column11"] == account
    services = tables["record-04"]
    assert len(services) == 8
    assert {s["column2"] for s in services} == {elfproef_bsn(i + 11) for i in range(4)}
    assert {s["column3"] for s in services} == {"20240912"}


def test_lines_of_another_shape_are_text() -> None:
    """A line of a known type but another length, and a line with no record type, are
    text; the records around them are still read (line feeds alone, DOS's ``^Z`` last)."""
    lines = vektis_text(newline="\n").splitlines()
    lines.insert(3, "02" + lines[2][2:].rstrip())
    lines.insert(1, "Aangeleverd door het lab, zie begeleidende brief")
    items = _read("\n".join(lines) + "\n\x1a")
    text = "".join(u.text for u in items if isinstance(u, TextUnit))
    assert text == lines[1] + "\n" + lines[4] + "\n"
    assert [p["row"] for p in _tables(items)["record-02"]] == ["3", "7", "10", "13"]


LOG = "\n".join(
    f"{10 + i:02d}:0{i}:12 INFO  worker-{i} finished batch {i * 7} of 90   ok" for i in range(8)
)
PROSE = "\n".join(
    "12 patienten zijn gebeld over de uitslag van het onderzoek en de vervolgafspraak".ljust(90)
    for _ in range(6)
)


@pytest.mark.parametrize(
    ("text", "fires"),
    [
        (vektis_text(), True),
        (vektis_text(newline="\n"), True),
        (vektis_text(people=1), True),
        (LOG, False),  # (a log's lines of different lengths)
        (PROSE, False),  # (padded to one width, but no numbers)
        ("\n".join(vektis_line(("02", 2), ("x" * 20, 20), length=60) for _ in range(3)), False),
        ("\n".join(vektis_line(("AB", 2), ("x  y", 20), length=60) for _ in range(6)), False),
        ("\n".join(vektis_line(("02", 2), ("x\ty", 20), length=60) for _ in range(6)), False),
        ("\n".join(vektis_line(("02", 2), ("x y", 20), length=30) for _ in range(6)), False),
        ("\n".join(f"{i:02d}" + "woord " * 8 for i in range(6)), False),  # (no padding)
    ],
)
def test_what_is_a_fixed_length_record_file(text: str, fires: bool) -> None:
    assert (fixed_record_types(text, complete=True) is not None) is fires


def test_prose_of_ragged_lines_is_not() -> None:
    text = "12 patienten gebeld\n13 brieven verstuurd naar de huisartsen in de regio\n" * 4
    assert fixed_record_types(text, complete=True) is None
    assert sniff_bytes(text.encode(), "notities.txt") == "text"


def test_many_lines_of_text_are_units_in_order() -> None:
    """Text lines among the records, more than a unit holds: the units follow each other
    in offsets and lines, as the part's text."""
    lines = vektis_text(newline="\n").splitlines()
    notes = [f"regel {i} van de begeleidende brief" for i in range(30)]
    data = "\n".join([lines[0], *notes, *lines[1:]]) + "\n"
    source = Source("x.asc", "fixed-records", len(data), lambda: io.BytesIO(data.encode()))
    units = [
        u
        for u in FixedLengthExtractor().extract(source, Config(max_text_unit_chars=100))
        if isinstance(u, TextUnit)
    ]
    assert len(units) > 2
    offset, line = 0, 1
    for unit in units:
        assert (unit.base_offset, unit.first_line) == (offset, line)
        offset += len(unit.text)
        line += unit.text.count("\n")
    assert "".join(u.text for u in units) == "".join(n + "\n" for n in notes)
