"""A file read in parts by several workers ends as one manifest row, counted once; a
worker that dies in one part fails the file but loses no other part's findings."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pytest

from breachscope.config import Config
from breachscope.engine.batch import Rows, ScanItem, TopDone
from breachscope.engine.local import run_local
from breachscope.engine.manifest import ManifestRow, rows_to_arrow
from breachscope.engine.parts import PartAssembler, Spooled, join_rows
from breachscope.engine.split import SplitRule, split_batches
from breachscope.extract.base import Span
from breachscope.location import Location

from .fakes import make_csv_registry
from .test_local import MemorySink


def _row(status: str = "extracted", reason: str | None = None, units: int = 1) -> pa.Table:
    sha = None if reason and "died" in reason else "ab" * 32
    kind = "unknown" if sha is None else "csv"
    extractor = None if sha is None else "csv"
    row = ManifestRow("x.csv", None, 0, 100, sha, kind, extractor, status, reason, None, units, 0.5)
    return rows_to_arrow([row])


@pytest.mark.parametrize(
    ("parts", "status", "reason", "units"),
    [
        ([_row(), _row(units=2), _row()], "extracted", None, 4),
        (
            [_row(reason="row 3: line too long"), _row(), _row(reason="row 90: line too long")],
            "extracted",
            "row 3: line too long; row 90: line too long",
            3,
        ),
        (
            [_row(), _row("failed", "worker process died: SIGKILL", 0), _row()],
            "failed",
            "part 2 of 3: worker process died: SIGKILL",
            2,
        ),
        (
            [_row("failed", "worker process died: SIGSEGV", 0), _row()],
            "failed",
            "part 1 of 2: worker process died: SIGSEGV",
            1,
        ),
        ([_row(), _row("skipped", "empty file", 0)], "skipped", "part 2 of 2: empty file", 1),
    ],
)
def test_join_rows(parts: list[pa.Table], status: str, reason: str | None, units: int) -> None:
    joined = join_rows("x.csv", parts).to_pylist()
    assert len(joined) == 1
    row = joined[0]
    assert (row["status"], row["reason"], row["units"]) == (status, reason, units)
    assert row["seconds"] == pytest.approx(0.5 * len(parts))
    assert (row["detected_type"], row["sha256"]) == ("csv", "ab" * 32)


def _findings(n: int) -> pa.Table:
    from breachscope.detect.finding import Finding, findings_to_arrow
    from breachscope.location import Location

    return findings_to_arrow(
        [
            Finding("name", "surname", "t", "Jansen", Location("x.csv", row=i), 1, "t")
            for i in range(n)
        ]
    )


def test_assembler_holds_rows_until_a_part_is_done_and_counts_the_file_once(
    tmp_path: Path,
) -> None:
    inserted: list[Rows] = []
    files: list[Path] = []
    done: list[TopDone] = []
    parts = PartAssembler(
        lambda _, rows: inserted.append(rows),
        lambda _, path, _keys: files.append(path),
        lambda _, d: done.append(d),
    )
    items = [
        ScanItem("x.csv", "/x.csv", 100, span=Span(i, 2, 50 * i, 50 * i + 50, 1)) for i in (0, 1)
    ]
    parts.hold(1, items[1], Rows("x.csv", _row(), _findings(3)))
    dead = tmp_path / "dead.findings.arrows"
    dead_manifest = tmp_path / "dead.files.arrows"
    dead.write_bytes(b"x")
    dead_manifest.write_bytes(b"x")
    parts.hold(1, items[0], Spooled(dead_manifest, dead))
    parts.drop(1, items[0])  # its worker died: the part is read again
    assert not dead.exists() and not dead_manifest.exists()
    assert inserted == [] and done == []
    parts.part_done(1, items[1])
    assert [r.findings.num_rows for r in inserted] == [3] and done == []
    parts.hold(1, items[0], Rows("x.csv", _row(), _findings(2)))
    parts.part_done(1, items[0])
    assert [r.findings.num_rows for r in inserted] == [3, 2, 0]
    assert inserted[-1].manifest.num_rows == 1
    assert sum(r.manifest.num_rows for r in inserted) == 1
    assert done == [TopDone("x.csv", 100, "extracted")]
    assert parts.open_files() == 0 and files == []


def _big_csv(path: Path, rows: int, kill_at: int | None = None) -> ScanItem:
    lines = ["naam;bsn;x"]
    lines += [("KILL" if i == kill_at else f"Jansen {i}") + ";123456782;y" for i in range(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return ScanItem(path.name, str(path), path.stat().st_size)


def _scan_split(tmp_path: Path, item: ScanItem, parts: int) -> MemorySink:
    batches = list(split_batches([[item]], SplitRule(item.size // parts, parts, share=0)))
    assert len(batches) == 1 and len(batches[0]) == parts
    sink = MemorySink()
    run_local(batches, Config(file_timeout_s=30), tmp_path / "spool", sink, 2, make_csv_registry)
    return sink


@pytest.mark.timeout(120)
def test_a_file_read_in_parts_on_two_workers(tmp_path: Path) -> None:
    item = _big_csv(tmp_path / "big.csv", 3000)
    sink = _scan_split(tmp_path, item, 3)
    rows = sink.rows_by_path()
    assert list(rows) == ["big.csv"]
    assert rows["big.csv"]["status"] == "extracted" and rows["big.csv"]["units"] == 3
    assert sink.done == ["big.csv"] and sink.open == {}
    assert _lines(sink) == list(range(2, 3002))


def _all_rows(sink: MemorySink) -> list[Rows]:
    return [r for rows in sink.kept for r in rows]


def _lines(sink: MemorySink) -> list[int]:
    """The rows of all findings committed, in order."""
    found = pa.concat_tables([r.findings for r in _all_rows(sink)])
    rows = [Location.parse(loc).row for loc in found.column("location").to_pylist()]
    return sorted(r for r in rows if r is not None)


@pytest.mark.timeout(120)
def test_a_worker_death_in_one_part_fails_the_file_and_keeps_the_other_parts(
    tmp_path: Path,
) -> None:
    item = _big_csv(tmp_path / "big.csv", 3000, kill_at=1500)
    sink = _scan_split(tmp_path, item, 3)
    rows = sink.rows_by_path()
    assert rows["big.csv"]["status"] == "failed"
    assert rows["big.csv"]["reason"] == "part 2 of 3: worker process died: SIGKILL (out of memory?)"
    assert rows["big.csv"]["sha256"] and rows["big.csv"]["detected_type"] == "csv"
    assert sink.deaths == [("big.csv", "worker process died: SIGKILL (out of memory?)")]
    assert sink.done == ["big.csv"]
    lines = _lines(sink)
    assert len(lines) == len(set(lines)), "a part's findings were kept twice"
    assert 2 in lines and 3001 in lines and 1502 not in lines
