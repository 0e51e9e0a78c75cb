"""Small tables of one header, of several files, scanned as one table
(``detect_files``, ``detect_merged``): each file's findings are those it has alone
wherever the files agree on what their columns hold; a file that reads otherwise is
scanned alone."""

from __future__ import annotations

import pickle
from collections import Counter
from pathlib import Path

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.nl import bsn

from breachscope.config import Config
from breachscope.detect.detectorset import BLOCK_CHARS, DetectorSet
from breachscope.detect.engine import MERGE_UNIT_ROWS, detect_files, detect_units, mergeable
from breachscope.detect.tables import TEXT_COLUMN_SHARE, TableScan, sample_of, sample_of_segments
from breachscope.extract.units import TableUnit, TextUnit
from breachscope.location import Location
from breachscope.synth import generate

from .helpers import dump_units

CONFIG = Config(workers=1)
HEADER = ["naam", "geboortedatum", "nummer", "postcode", "huisnummer", "woonplaats"]
BSNS = [n for n in (f"{k * 7919 + 123456789}" for k in range(400)) if bsn.is_valid(n)][:12]
LAB_NUMBERS = [f"2301010{i:02d}" for i in range(12)]
"""Lab numbers, a few of which pass the elfproef (``230101005``, ...)."""


def _keys(table: pa.Table) -> Counter[str]:
    return Counter("|".join(str(v) for v in r.values()) for r in table.to_pylist())


def _unit(path: str, numbers: list[str], header: list[str] = HEADER) -> TableUnit:
    rows: list[list[str | None]] = [
        [f"J. Jansen{i}", f"0{1 + i % 9}-03-1980", n, "1234 AB", str(10 + i), "Utrecht"]
        for i, n in enumerate(numbers)
    ]
    return TableUnit.build(Location(path), header, rows, list(range(2, 2 + len(rows))))


def _alone(dset: DetectorSet, units: list[TableUnit]) -> list[Counter[str]]:
    return [_keys(dset.detect(u)) for u in units]


def test_agreeing_units_find_what_they_find_alone(dset: DetectorSet) -> None:
    units = [_unit(f"export_{k}.csv", BSNS[k:] + BSNS[:k]) for k in range(4)]
    merged = detect_files([[u] for u in units], CONFIG)
    assert [_keys(t) for t in merged] == _alone(dset, units)
    assert all(t.num_rows for t in merged)
    assert {str(p) for p in merged[2].column("path").to_pylist()} == {"export_2.csv"}


def test_a_unit_whose_column_holds_other_values_is_scanned_alone(dset: DetectorSet) -> None:
    """Lab numbers under the header that holds BSNs in the other files: merged, the
    column is claimed for all; that unit is scanned alone, as it would be."""
    header = [*HEADER[:2], "bsn", *HEADER[3:]]
    units = [_unit(f"export_{k}.csv", BSNS, header) for k in range(3)]
    units.append(_unit("labnumbers.csv", LAB_NUMBERS, header))
    assert any(bsn.is_valid(n) for n in LAB_NUMBERS)
    scan = TableScan(
        dset,
        TableUnit(units[0].location, units[0].columns, pa.concat_tables([u.data for u in units])),
        _segments(units),
    )
    _, outliers = scan.run_segments()
    assert outliers == {3}
    merged = detect_files([[u] for u in units], CONFIG)
    assert [_keys(t) for t in merged] == _alone(dset, units)


def test_a_unit_that_alone_claims_an_unclaimed_column_is_scanned_alone(
    dset: DetectorSet,
) -> None:
    """Mostly lab numbers merged (the column stays unclaimed), but one file of real BSNs
    whose own sample would claim it."""
    units = [_unit(f"lab_{k}.csv", LAB_NUMBERS) for k in range(3)]
    units.insert(1, _unit("bsns.csv", BSNS))
    merged = detect_files([[u] for u in units], CONFIG)
    alone = _alone(dset, units)
    assert [_keys(t) for t in merged] == alone
    assert any("bsn|" in k for k in alone[1])


def test_a_sparse_column_claimed_on_merged_values_is_read_as_each_reads_it(
    dset: DetectorSet,
) -> None:
    """One e-mail address per file: merged, five of them make a claim on the values;
    alone, no file has enough for one (its address is found as free text in the cell).
    Every file is then scanned alone, so its findings do not depend on its neighbours."""
    units = [
        TableUnit.build(
            Location(f"log_{k}.jsonl"),
            ["event", "patient.telecom.1.value"],
            [["login", None], ["view", f"p{k}.jansen@example.nl"], ["logout", None]],
            [1, 2, 3],
        )
        for k in range(5)
    ]
    merged = TableUnit(
        units[0].location, units[0].columns, pa.concat_tables([u.data for u in units])
    )
    _, outliers = TableScan(dset, merged, _segments(units)).run_segments()
    assert outliers == set(range(5))
    found = detect_files([[u] for u in units], CONFIG)
    assert [_keys(t) for t in found] == _alone(dset, units)
    assert all("free text in cell" in k for t in found for k in _keys(t))


def test_a_column_scanned_as_text_only_where_each_table_would_scan_it(
    dset: DetectorSet,
) -> None:
    """An unclaimed remarks column: prose in one file (scanned as free text), codes in the
    other, whose own sample would not have it scanned, so that a phone number past its
    sample stays unread alone. Merged, that file is scanned alone."""
    prose = TableUnit.build(
        Location("notes.csv"),
        ["code", "opmerking"],
        [["A1", f"Patient belde op dag {i} over de uitslag"] for i in range(60)],
        list(range(2, 62)),
    )
    codes: list[list[str | None]] = [["A1", f"K{i:03d}"] for i in range(210)]
    codes.append(["A1", "0612345678"])
    coded = TableUnit.build(
        Location("codes.csv"), ["code", "opmerking"], codes, list(range(2, 213))
    )
    units = [prose, coded]
    merged = TableUnit(prose.location, prose.columns, pa.concat_tables([u.data for u in units]))
    _, outliers = TableScan(dset, merged, _segments(units)).run_segments()
    assert outliers == {1}
    found = detect_files([[u] for u in units], CONFIG)
    assert [_keys(t) for t in found] == _alone(dset, units)
    assert not any("phone" in k for k in _keys(found[1]))


def _segments(units: list[TableUnit]) -> list:  # type: ignore[type-arg]
    from breachscope.detect.tables import Segment

    out, at = [], 0
    for u in units:
        out.append(Segment(u, at, at + u.num_rows))
        at += u.num_rows
    return out


def test_provider_rows_of_merged_tables_keep_no_record(dset: DetectorSet) -> None:
    """Rows that describe a provider (a practice list) and rows of patients, in tables of
    one header: each table's provider rows are of class provider without a record, as
    alone, wherever they lie in the merged table."""
    header = ["naam", "geboortedatum", "bsn", "huisarts", "agb_code", "plaats"]

    def unit(path: str, rows: list[list[str | None]]) -> TableUnit:
        return TableUnit.build(Location(path), header, rows, list(range(2, 2 + len(rows))))

    patient = ["J. de Vries", "03-04-1971", BSNS[0], "I. de Lange", "01696484", "Middelburg"]
    practice = [None, None, None, "P. Bakker", "01700123", "Goes"]
    units = [
        unit("a.csv", [patient, practice, practice]),
        unit("b.csv", [practice, patient]),
        unit("c.csv", [patient, patient, practice]),
    ]
    found = detect_files([[u] for u in units], CONFIG)
    assert [_keys(t) for t in found] == _alone(dset, units)
    for t in found:
        rows = t.to_pylist()
        assert any(r["data_class"] == "provider" and r["record"] is None for r in rows)
        assert any(r["data_class"] == "bsn" and r["record"] for r in rows)


def test_only_small_tables_and_short_texts_merge() -> None:
    small = _unit("a.csv", BSNS)
    big = TableUnit.build(
        Location("b.csv"), ["x"], [["1"]] * (MERGE_UNIT_ROWS + 1), list(range(MERGE_UNIT_ROWS + 1))
    )
    assert mergeable(small)
    assert not mergeable(big)
    assert mergeable(TextUnit(Location("c.txt"), "Mevr. J. Jansen"))
    assert not mergeable(TextUnit(Location("c.txt"), "Mevr. J. Jansen\n" * BLOCK_CHARS))
    assert not mergeable(TableUnit.build(Location("d.csv"), ["x"], [], []))


def test_units_of_other_kinds_keep_their_order(dset: DetectorSet) -> None:
    text = TextUnit(Location("letter.txt"), "Geachte mevrouw J. de Vries, BSN 111222333.")
    table = _unit("export.csv", BSNS)
    got = detect_units([text, table], CONFIG)
    assert _keys(got) == _keys(dset.detect(text)) + _keys(dset.detect(table))


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.one_of(st.none(), st.sampled_from(["", " ", "a", " b ", "c d"])), max_size=40),
    st.lists(st.integers(min_value=0, max_value=12), min_size=1, max_size=6),
)
def test_segment_sample_of_one_segment_is_sample_of(
    cells: list[str | None], cuts: list[int]
) -> None:
    column = pa.array(cells, pa.string())
    whole = sample_of_segments(column, [(0, len(cells))])
    assert list(whole) == list(sample_of(column)) and whole.rows == sample_of(column).rows
    bounds, at = [], 0
    for c in cuts:  # segments of several lengths covering the column
        stop = min(len(cells), at + c)
        bounds.append((at, stop))
        at = stop
    if at < len(cells):
        bounds.append((at, len(cells)))
    sample = sample_of_segments(column, bounds)
    assert list(sample.rows) == sorted(sample.rows)
    assert [column[r].as_py().strip() for r in sample.rows] == list(sample)
    assert all(v for v in sample)


@pytest.fixture(scope="module")
def small_dump(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("merge") / "s"
    generate(out, people=600, seed=29, bulk_rows=0)
    return out / "dump"


def _table_units(dump: Path) -> list[list[TableUnit]]:
    files = [[u for u in units if isinstance(u, TableUnit)] for units in dump_units(dump, CONFIG)]
    return [units for units in files if units]


def test_a_synthetic_dump_finds_the_same_merged(small_dump: Path, dset: DetectorSet) -> None:
    """Every table of a generated dump: the same findings, explanations included,
    whether each file is scanned alone or the small tables of one header together."""
    files = _table_units(small_dump)
    assert sum(1 for f in files for u in f if mergeable(u)) >= 10
    headers = Counter(u.columns for f in files for u in f if mergeable(u))
    assert max(headers.values()) >= 2, "tables of one header in several files"
    merged = detect_files(files, CONFIG)
    for units, got in zip(files, merged, strict=True):
        alone = pa.concat_tables([dset.detect(u) for u in units])
        assert _keys(got) == _keys(alone)
        # a file's findings travel alone: no buffers of the merged table come along
        assert len(pickle.dumps(got)) < 1.5 * len(pickle.dumps(alone)) + 4096


@settings(max_examples=80, deadline=None)
@given(
    st.lists(
        st.lists(
            st.tuples(st.sampled_from([None, "", " ", "x", "y z"]), st.booleans()), max_size=30
        ),
        min_size=2,
        max_size=5,
    ),
    st.integers(min_value=1, max_value=6),
)
def test_claimed_check_reads_each_segment_s_own_sample(
    dset: DetectorSet, parts: list[list[tuple[str | None, bool]]], size: int
) -> None:
    """Outliers of a claimed column are exactly the segments where less than half of
    what ``sample_of`` takes of their own rows holds a finding."""
    from breachscope.detect import tables
    from breachscope.detect.base import CellFindings

    parts = [p or [("x", True)] for p in parts]
    cells = [c for p in parts for c, _ in p]
    hits = [i for i, (_, f) in enumerate(x for p in parts for x in p) if f]
    units = [
        TableUnit.build(Location(f"u{k}.csv"), ["h"], [[c] for c, _ in p], list(range(len(p))))
        for k, p in enumerate(parts)
    ]
    column = pa.array(cells, pa.string())
    merged = TableUnit(units[0].location, ("h",), pa.concat_tables([u.data for u in units]))
    scan = TableScan(dset, merged, _segments(units))
    found = CellFindings(pa.array(hits, pa.int64()), pa.array(["v"] * len(hits)))
    old = tables.SAMPLE_SIZE
    tables.SAMPLE_SIZE = size  # small samples, so that the head limits are reached
    try:
        scan._check_claimed(column, found)
        expected = set()
        for k, seg in enumerate(scan.segments):
            part = column.slice(seg.start, seg.stop - seg.start)
            rows = sample_of(part, size).rows
            if rows and sum(seg.start + r in set(hits) for r in rows) < 0.5 * len(rows):
                expected.add(k)
    finally:
        tables.SAMPLE_SIZE = old
    assert scan.outliers == expected


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.lists(st.sampled_from(["x", "y z", "BSN 111222333", "a^b", "0612345678", "q"])),
        max_size=6,
    )
)
def test_text_reads_of_many_samples_are_each_sample_s(
    dset: DetectorSet, samples: list[list[str]]
) -> None:
    """Whether each sample would be scanned as free text, read for all at once, is what
    reading it alone gives: its share of texty values, or a finding in it."""
    unit = TableUnit.build(Location("u.csv"), ["h"], [["x"]], [2])
    scan = TableScan(dset, unit)

    def alone(sample: list[str]) -> bool:
        texty = sum(any(c in v for c in " ^~;|\n") for v in sample)
        return bool(sample) and (
            texty >= TEXT_COLUMN_SHARE * len(sample)
            or any(h.detector.emit for _, h in dset.cell_text_hits(sample))
        )

    assert scan._as_text_each(samples) == [alone(s) for s in samples]
