"""The database side of a scan: batch packing, inventory, duplicates settled at the end."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from breachscope.case import Case
from breachscope.detect.rows import empty_findings
from breachscope.engine import store
from breachscope.engine.batch import Rows, ScanItem
from breachscope.engine.dedup import settle_duplicates
from breachscope.engine.manifest import ManifestRow, rows_to_arrow
from breachscope.engine.series import series_key, series_runs
from breachscope.ingest.inventory import Entry

MB = 1024**2


def _items(*sizes: int) -> list[ScanItem]:
    return [ScanItem(f"f{i}", f"/x/f{i}", s) for i, s in enumerate(sizes)]


@pytest.mark.parametrize(
    ("sizes", "target", "max_files", "expected"),
    [
        ((1, 1, 1), 10, 100, [3]),
        ((6, 6, 6), 10, 100, [1, 1, 1]),
        ((4, 4, 4, 4), 10, 100, [2, 2]),
        ((50, 1, 1), 10, 100, [1, 2]),
        ((1, 1, 1, 1, 1), 100, 2, [2, 2, 1]),
        ((), 10, 100, []),
    ],
)
def test_pack_batches(
    sizes: tuple[int, ...], target: int, max_files: int, expected: list[int]
) -> None:
    batches = list(store.pack_batches(_items(*sizes), target, max_files, file_cost=0))
    assert [len(b) for b in batches] == expected
    assert [i for b in batches for i in b] == _items(*sizes)


def test_small_files_cost_more_than_their_bytes() -> None:
    """119 files of 24 kB (the benchmark's small dump) spread over the workers instead of
    filling one 4 MB batch: each file counts its fixed cost too."""
    items = _items(*([24_000] * 119))
    size = sum(i.size for i in items)
    assert len(list(store.pack_batches(items, store.batch_target(128 * MB, size, 2),
                                       file_cost=0))) == 1  # fmt: skip
    runs = series_runs(i.path for i in items)  # f0..f118: one series
    target = store.batch_target(128 * MB, store.pending_cost(len(items), size, runs), 2)
    batches = list(store.pack_batches(items, target))
    assert len(batches) >= 2 * 4 - 1
    assert [i for b in batches for i in b] == items


def _paths(*paths: str) -> list[ScanItem]:
    return [ScanItem(p, f"/x/{p}", 1) for p in paths]


def test_a_run_of_one_series_stays_in_one_batch() -> None:
    """Daily exports go into one batch (their header is classified once there): a file
    after its series' first costs less, a run that fits a batch is not cut across two,
    and pending_cost counts as pack_batches does."""
    items = _paths("a.csv", *(f"x/exp_2024010{d}.csv" for d in range(1, 6)), "z.csv")
    batches = list(store.pack_batches(items, 40, file_cost=10))
    assert [len(b) for b in batches] == [1, 5, 1]
    at_full_cost = store.pack_batches(items, 40, file_cost=10, series_cost=10)
    assert [len(b) for b in at_full_cost] == [1, 3, 3]  # 55: longer than a batch, cut
    runs = series_runs(i.path for i in items)
    assert runs == 3
    assert store.pending_cost(len(items), len(items), runs, file_cost=10) == 11 + 35 + 11
    assert store.pending_cost(len(items), len(items), file_cost=10) == 7 * 11


def test_a_long_series_fills_batches_of_its_own() -> None:
    """A run longer than a batch is cut; the first file of each batch pays in full."""
    items = _paths(*(f"exp_{d:03d}.csv" for d in range(10)))
    assert [len(b) for b in store.pack_batches(items, 30, file_cost=10)] == [4, 4, 2]


def test_costliest_batches_go_first() -> None:
    """Known batches go out costliest first (path order among equals), each costing what
    pack_batches counted: the large export that sorts last by path no longer runs alone
    at the end of a scan."""
    items = [
        *(ScanItem(f"exports/exp_{d}.csv", "/x", 40_000) for d in range(1, 6)),
        ScanItem("historie/all.csv", "/x", 8 * MB),
        *(ScanItem(f"z{d}.txt", "/x", 1_000) for d in range(1, 3)),
    ]
    batches = list(store.pack_batches(items, 6 * MB))
    assert [b[0].path for b in batches] == ["exports/exp_1.csv", "historie/all.csv", "z1.txt"]
    follower = store.FILE_COST_BYTES // 2  # z2.txt follows z1.txt in their series
    assert [store.batch_cost(b) for b in batches] == [
        200_000 + store.FILE_COST_BYTES + 4 * follower,
        8 * MB + store.FILE_COST_BYTES,
        2_000 + store.FILE_COST_BYTES + follower,
    ]
    ordered = store.costliest_first(batches)
    assert [b[0].path for b in ordered] == ["historie/all.csv", "exports/exp_1.csv", "z1.txt"]
    same = [[i] for i in _paths("a.txt", "b.csv", "c.txt")]
    assert store.costliest_first(same) == same


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["e_1.csv", "e_22.csv", "f.csv", "d7/e_3.csv"]), max_size=12))
def test_series_runs_count_changes_of_series(paths: list[str]) -> None:
    keys = [series_key(p) for p in paths]
    assert series_runs(paths) == sum(1 for i, k in enumerate(keys) if i == 0 or k != keys[i - 1])


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("lims/uitslagen_20231108_0015.csv", "lims/uitslagen_20240320_0012.csv", True),
        ("exports/2024/01/dag.csv", "exports/2025/12/dag.csv", True),
        ("exports/uitslagen_1.csv", "exports/results_1.csv", False),
        ("a/exp_1.csv", "b/exp_1.csv", False),
        ("exp_1.csv", "exp_1.tsv", False),
        ("exp_\u0661.csv", "exp_1.csv", False),  # ASCII digits only
    ],
)
def test_series_key(a: str, b: str, same: bool) -> None:
    assert (series_key(a) == series_key(b)) is same


def test_pending_runs_read_the_pending_paths_in_order(tmp_path: Path) -> None:
    dump = tmp_path / "dump"
    (dump / "exp").mkdir(parents=True)
    names = ["a.csv", "exp/d_01.csv", "exp/d_02.csv", "exp/d_03.csv", "z.txt"]
    for name in names:
        (dump / name).write_bytes(b"x")
    entries = [Entry(n, str(dump / n), "file", 1) for n in reversed(names)]
    with Case.init(tmp_path / "case") as case:
        store.write_inventory(case.con, entries)
        assert store.pending_runs(case.con) == 3


@pytest.mark.parametrize(
    ("config_bytes", "pending", "workers", "expected"),
    [
        (128 * MB, 10_000 * MB, 4, 128 * MB),
        (128 * MB, 40 * MB, 4, store.MIN_BATCH_BYTES),
        (128 * MB, 100 * MB, 4, 100 * MB // 16),
        (128 * MB, 800 * MB, 4, 50 * MB),
        (64 * 1024, 100 * MB, 4, 64 * 1024),
    ],
)
def test_batch_target(config_bytes: int, pending: int, workers: int, expected: int) -> None:
    assert store.batch_target(config_bytes, pending, workers) == expected


def _row(path: str, sha: str | None, size: int = 10, **kw: object) -> ManifestRow:
    parent = path.rsplit("!/", 1)[0] if "!/" in path else None
    row = ManifestRow(path, parent, path.count("!/"), size, sha, "text", "text", "extracted", None)
    for key, value in kw.items():
        setattr(row, key, value)
    return row


def _finding(path: str) -> dict[str, object]:
    return {
        "data_class": "name",
        "kind": "surname",
        "detector": "t",
        "value": "v",
        "path": path,
        "location": path,
        "confidence": 0.5,
        "explanation": "e",
        "record": None,
    }


def test_settle_duplicates(tmp_path: Path) -> None:
    import pyarrow as pa

    from breachscope.detect.finding import FINDINGS_SCHEMA

    with Case.init(tmp_path / "case") as case:
        rows = [
            _row("a.txt", "S1"),
            _row("z.zip", "Z", detected_type="zip", extractor="archive"),
            _row("z.zip!/in.txt", "S1"),
            _row("z.zip!/x.txt", "S2"),
            _row("zy.zip", "Y", detected_type="zip", extractor="archive"),
            _row("zy.zip!/x.txt", "S2"),
            _row(
                "zy.zip!/x_again.txt",
                "S2",
                status="skipped",
                reason="duplicate of zy.zip!/x.txt",
                duplicate_of="zy.zip!/x.txt",
                extractor=None,
            ),
            _row(
                "copy.zip",
                "Z",
                detected_type="unknown",
                extractor=None,
                status="skipped",
                reason="duplicate of z.zip",
                duplicate_of="z.zip",
            ),
            _row("empty1", "E", size=0),
            _row("empty2", "E", size=0),
        ]
        store.insert_manifest(case.con, rows_to_arrow(rows))
        paths = ["a.txt", "z.zip!/in.txt", "z.zip!/x.txt", "zy.zip!/x.txt"]
        store.insert_findings(
            case.con, pa.Table.from_pylist([_finding(p) for p in paths], schema=FINDINGS_SCHEMA)
        )
        assert settle_duplicates(case.con) == 2
        got = {
            r[0]: r[1:]
            for r in case.con.execute(
                "SELECT path, status, duplicate_of, detected_type FROM files"
            ).fetchall()
        }
        assert got["z.zip!/in.txt"] == ("skipped", "a.txt", "text")
        assert got["z.zip!/x.txt"] == ("extracted", None, "text")
        assert got["zy.zip!/x.txt"] == ("skipped", "z.zip!/x.txt", "text")
        assert got["zy.zip!/x_again.txt"][1] == "z.zip!/x.txt"
        assert got["copy.zip"] == ("skipped", "z.zip", "zip")
        assert got["copy.zip!/in.txt"] == ("skipped", "a.txt", "text")
        assert got["copy.zip!/x.txt"] == ("skipped", "z.zip!/x.txt", "text")
        assert got["empty1"][0] == got["empty2"][0] == "extracted"
        kept = [r[0] for r in case.con.execute("SELECT path FROM findings ORDER BY 1").fetchall()]
        assert kept == ["a.txt", "z.zip!/x.txt"]
        before = case.con.execute("SELECT * FROM files ORDER BY path").fetchall()
        assert settle_duplicates(case.con) == 0
        assert case.con.execute("SELECT * FROM files ORDER BY path").fetchall() == before


def test_inventory_top_duplicates_and_pending(tmp_path: Path) -> None:
    dump = tmp_path / "dump"
    dump.mkdir()
    for name, data in {"a": b"same", "b": b"same", "c": b"diff", "d": b"other!"}.items():
        (dump / name).write_bytes(data)
    entries = [Entry(n, str(dump / n), "file", (dump / n).stat().st_size) for n in "abcd"]
    entries.append(Entry("link", str(dump / "link"), "symlink", 0, "symlink (not followed)"))
    with Case.init(tmp_path / "case") as case:
        assert store.write_inventory(case.con, entries) == 5
        assert store.inventory_state(case.con) == "listed"
        assert store.hash_shared_sizes(case.con, 2) == 3  # a, b, c share size 4
        assert store.record_top_duplicates(case.con) == 1
        assert store.inventory_state(case.con) == "done"
        assert [i.path for i in store.pending_items(case.con)] == ["a", "c", "d"]
        assert store.pending_totals(case.con) == (3, 14)
        writer = store.BatchWriter(case.con)
        writer.begin(1)
        row = _row("a", None)
        writer.rows(1, Rows("a", rows_to_arrow([row, _row("a!/m", None)]), empty_findings()))
        writer.discard(1, ["a"])
        writer.rows(1, Rows("c", rows_to_arrow([_row("c", None)]), empty_findings()))
        writer.commit(1)
        writer.begin(2)
        writer.rows(2, Rows("d", rows_to_arrow([_row("d", None)]), empty_findings()))
        writer.close()  # rolled back
        assert [i.path for i in store.pending_items(case.con)] == ["a", "d"]
        store.claim_dump(case.con, "/dump")
        with pytest.raises(ValueError, match="already holds"):
            store.claim_dump(case.con, "/other")


def test_rows_from_spool_files_stream_into_the_batch(tmp_path: Path) -> None:
    from breachscope.detect.finding import Finding, findings_to_arrow
    from breachscope.engine.spool import read_rows, write_rows
    from breachscope.location import Location

    found = findings_to_arrow(
        [Finding("name", "surname", "name", "Jansen", Location("a", row=i), 0.9, "t")
         for i in range(2, 50)]
    )  # fmt: skip
    manifest, findings = tmp_path / "m.arrows", tmp_path / "f.arrows"
    write_rows(rows_to_arrow([_row("a", None)]), manifest)
    write_rows(pa.concat_tables([found, found]), findings)
    assert read_rows(findings).num_rows == 96
    with Case.init(tmp_path / "case") as case:
        writer = store.BatchWriter(case.con)
        writer.begin(1)
        writer.rows_from_files(1, manifest, findings)
        writer.rows_from_files(1, None, findings)  # findings only (a part's)
        writer.commit(1)
        assert case.con.execute("SELECT count(*) FROM files").fetchone() == (1,)
        assert case.con.execute("SELECT count(*) FROM findings").fetchone() == (192,)
        assert store.pending_sizes(case.con, 0) == []
