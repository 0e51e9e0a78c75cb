"""The local runner: worker deaths and hangs end as failed rows; the scan goes on."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from functools import partial
from pathlib import Path

import pyarrow as pa
import pytest

from breachscope.config import Config
from breachscope.engine.batch import MERGED_NODE, Rows, ScanItem, TopDone
from breachscope.engine.local import UNSTARTED_NODE, run_local, run_phases
from breachscope.engine.manifest import MANIFEST_SCHEMA
from breachscope.engine.spool import read_rows

from .fakes import (
    die_once_then_b,
    make_merging_registry,
    make_registry,
    make_registry_a,
    make_registry_b,
)


class MemorySink:
    """Keeps rows per batch like a transaction: visible only once committed."""

    def __init__(self) -> None:
        self.open: dict[int, list[Rows]] = {}
        self.committed: list[pa.Table] = []
        self.kept: list[list[Rows]] = []
        """Every committed batch's rows, findings included."""
        self.done: list[str] = []
        self.deaths: list[tuple[str, str]] = []
        self.spooled = 0
        self.begun: list[int] = []

    def begin(self, batch_id: int) -> None:
        assert batch_id not in self.begun, "batch ids must not repeat"
        self.begun.append(batch_id)
        self.open[batch_id] = []

    def rows(self, batch_id: int, rows: Rows) -> None:
        self.open[batch_id].append(rows)

    def rows_from_files(
        self, batch_id: int, manifest: Path | None, findings: Path, keys: Path | None = None
    ) -> None:
        self.spooled += 1
        empty = MANIFEST_SCHEMA.empty_table()  # findings only
        table = empty if manifest is None else read_rows(manifest)
        found = read_rows(findings)
        if keys is None:
            self.open[batch_id].append(Rows("", table, found))
        else:
            self.open[batch_id].append(Rows("", table, found, read_rows(keys)))

    def discard(self, batch_id: int, tops: Sequence[str]) -> None:
        kept = []
        for r in self.open[batch_id]:
            tops_of = [p.split("!/")[0] for p in r.manifest.column("path").to_pylist()]
            mask = pa.array([t not in tops for t in tops_of])
            kept.append(Rows(r.top, r.manifest.filter(mask), r.findings))
        self.open[batch_id] = kept

    def top_done(self, batch_id: int, done: TopDone) -> None:
        self.done.append(done.top)

    def commit(self, batch_id: int) -> None:
        rows = self.open.pop(batch_id)
        self.kept.append(rows)
        self.committed.extend(r.manifest for r in rows)

    def worker_died(self, path: str, reason: str) -> None:
        self.deaths.append((path, reason))

    def rows_by_path(self) -> dict[str, dict]:  # type: ignore[type-arg]
        table = pa.concat_tables(self.committed)
        paths = table.column("path").to_pylist()
        assert len(paths) == len(set(paths))
        return {r["path"]: r for r in table.to_pylist()}


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def _items(tmp_path: Path, files: dict[str, bytes]) -> list[ScanItem]:
    items = []
    for name, data in sorted(files.items()):
        (tmp_path / "dump").mkdir(exist_ok=True)
        path = tmp_path / "dump" / name
        path.write_bytes(data)
        items.append(ScanItem(name, str(path), len(data)))
    return items


@pytest.mark.timeout(120)
def test_worker_deaths_are_recorded_and_the_scan_goes_on(tmp_path: Path) -> None:
    files = {f"ok{i:02d}.txt": f"text number {i}".encode() for i in range(12)}
    files["kill.txt"] = b"KILL"
    files["segv.txt"] = b"SEGV"
    files["box.zip"] = _zip({"a.txt": b"fine", "b.txt": b"KILL", "c.txt": b"also fine"})
    items = _items(tmp_path, files)
    batches = [items[i : i + 4] for i in range(0, len(items), 4)]
    sink = MemorySink()
    spool = tmp_path / "case" / "spool"
    run_local(batches, Config(file_timeout_s=30), spool, sink, 2, make_registry, inline_bytes=0)
    rows = sink.rows_by_path()
    assert set(rows) == set(files) | {"box.zip!/a.txt", "box.zip!/b.txt", "box.zip!/c.txt"}
    assert rows["kill.txt"]["status"] == "failed"
    assert rows["kill.txt"]["reason"] == "worker process died: SIGKILL (out of memory?)"
    assert rows["segv.txt"]["reason"] == "worker process died: SIGSEGV"
    assert rows["box.zip!/b.txt"]["status"] == "failed"
    assert rows["box.zip!/a.txt"]["status"] == rows["box.zip!/c.txt"]["status"] == "extracted"
    assert rows["box.zip"]["status"] == "extracted"
    assert all(rows[f"ok{i:02d}.txt"]["status"] == "extracted" for i in range(12))
    assert sorted(p for p, _ in sink.deaths) == ["box.zip!/b.txt", "kill.txt", "segv.txt"]
    assert sink.open == {}
    assert sink.spooled > 0, "rows must have travelled as Parquet files"
    assert not any(spool.rglob("*"))


@pytest.mark.timeout(120)
def test_a_worker_runs_without_pandas(tmp_path: Path) -> None:
    """pyarrow would load pandas on a worker's first ``pa.array`` of a numpy array."""
    items = _items(tmp_path, {"numpy.txt": b"PANDAS"})
    sink = MemorySink()
    run_local([items], Config(), tmp_path / "spool", sink, 1, make_registry)
    assert sink.rows_by_path()["numpy.txt"]["status"] == "extracted"


@pytest.mark.timeout(120)
def test_hung_worker_is_killed_by_the_watchdog(tmp_path: Path) -> None:
    items = _items(tmp_path, {"hang.txt": b"HANG", "ok.txt": b"fine"})
    sink = MemorySink()
    run_local([items], Config(file_timeout_s=1), tmp_path / "spool", sink, 1, make_registry)
    rows = sink.rows_by_path()
    assert (rows["hang.txt"]["status"], rows["hang.txt"]["reason"]) == (
        "failed",
        "timeout after 1 s",
    )
    assert rows["ok.txt"]["status"] == "extracted"


@pytest.mark.timeout(120)
def test_a_death_in_merged_detection_blames_no_file(tmp_path: Path) -> None:
    """The worker dies while it detects several files' tables together: no file is
    blamed; the files are read again, each on its own, and all of them end well."""
    files = {
        "a.csv": b"naam,x\nJan,1\n",
        "b.csv": b"naam,x\nMERGEKILL,2\n",
        "c.csv": b"naam,x\nAnna,3\n",
        "d.txt": b"some text",
    }
    items = _items(tmp_path, files)
    sink = MemorySink()
    run_local(
        [items], Config(file_timeout_s=30), tmp_path / "spool", sink, 1, make_merging_registry
    )
    rows = sink.rows_by_path()
    assert set(rows) == set(files)
    assert {r["status"] for r in rows.values()} == {"extracted"}
    assert sink.deaths == [(MERGED_NODE, "worker process died: SIGKILL (out of memory?)")]
    assert sorted(sink.done) == sorted(files)


@pytest.mark.timeout(120)
def test_phases_share_one_pool_and_switch_registry(tmp_path: Path) -> None:
    files = {f"a{i:02d}.txt": b"first" for i in range(6)}
    files |= {f"b{i:02d}.txt": b"second" for i in range(6)}
    files["b99.txt"] = b"KILL"  # a worker dies in the second phase: its successor uses B
    items = _items(tmp_path, files)
    first, second = [i for i in items if i.path[0] == "a"], [i for i in items if i.path[0] == "b"]
    sink = MemorySink()
    phases = [
        ([first[:3], first[3:]], make_registry_a),
        ([second[:3], second[3:]], make_registry_b),
    ]
    run_phases(phases, Config(file_timeout_s=30), tmp_path / "spool", sink, 2)
    assert sink.begun == [1, 2, 3, 4] and sink.open == {}
    values = {
        path: v
        for batch in sink.kept
        for r in batch
        for path, v in zip(r.findings.column("path").to_pylist(),
                           r.findings.column("value").to_pylist(), strict=True)
    }  # fmt: skip
    assert {p for p in values if values[p].startswith("A ")} == {i.path for i in first}
    assert {p for p in values if values[p].startswith("B ")} == {i.path for i in second} - {
        "b99.txt"
    }
    pids_a = {values[i.path].split()[1] for i in first}
    pids_b = {values[i.path].split()[1] for i in second[:3]}  # before the death
    assert pids_b <= pids_a, "the second phase must reuse the first phase's workers"
    assert [p for p, _ in sink.deaths] == ["b99.txt"]


@pytest.mark.timeout(120)
def test_a_worker_that_dies_switching_registry_blames_no_file(tmp_path: Path) -> None:
    marker = tmp_path / "die"
    marker.touch()
    files = {f"a{i:02d}.txt": b"first" for i in range(4)}
    files |= {f"b{i:02d}.txt": b"second" for i in range(6)}
    items = _items(tmp_path, files)
    first, second = [i for i in items if i.path[0] == "a"], [i for i in items if i.path[0] == "b"]
    sink = MemorySink()
    phases = [
        ([first[:2], first[2:]], make_registry_a),
        ([second[:3], second[3:]], partial(die_once_then_b, str(marker))),
    ]
    run_phases(phases, Config(file_timeout_s=30), tmp_path / "spool", sink, 2)
    rows = sink.rows_by_path()
    assert set(rows) == set(files) and all(r["status"] == "extracted" for r in rows.values())
    assert sink.deaths == [(UNSTARTED_NODE, "worker process died: SIGKILL (out of memory?)")]
    values = [
        v for batch in sink.kept[2:] for r in batch for v in r.findings.column("value").to_pylist()
    ]
    assert len(values) == 6 and all(v.startswith("B ") for v in values)
