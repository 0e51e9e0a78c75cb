"""The library API ``scan``: manifest completeness, duplicates, resume, guards, export."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import duckdb
import pytest

from breachscope.case import Case
from breachscope.cli.commands.export import MANIFEST_COLUMNS, export_files
from breachscope.config import Config
from breachscope.detect.paths import PATH_LOCATION_LIKE
from breachscope.scan import scan
from engine.fakes import make_registry

CSV_A = b"naam;woonplaats\nJansen;Delft\nBakker;Ede\n"
CSV_B = b"naam;woonplaats\nVisser;Breda\n"


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


class Recorder:
    def __init__(self) -> None:
        self.phases: list[str] = []
        self.started: tuple[int, int] | None = None
        self.done: list[str] = []
        self.notes: list[tuple[str, dict]] = []  # type: ignore[type-arg]
        self.registers: list[frozenset[str]] = []

    def phase(self, name: str) -> None:
        self.phases.append(name)

    def start(self, files: int, size: int) -> None:
        self.started = (files, size)

    def file_done(self, path: str, size: int, status: str) -> None:
        self.done.append(path)

    def note(self, event: str, **fields: str | int | float) -> None:
        self.notes.append((event, fields))

    def register(self, words: frozenset[str]) -> None:
        self.registers.append(words)


def rows(case: Path) -> dict[str, dict]:  # type: ignore[type-arg]
    with Case.open(case, read_only=True) as c:
        cur = c.con.execute("SELECT * FROM files")
        names = [d[0] for d in cur.description]
        return {r[0]: dict(zip(names, r, strict=True)) for r in cur.fetchall()}


def findings_paths(case: Path) -> list[str]:
    """The paths of the files whose content holds findings (not their names)."""
    with Case.open(case, read_only=True) as c:
        sql = "SELECT path FROM findings WHERE location NOT LIKE ? ORDER BY path"
        return [r[0] for r in c.con.execute(sql, [PATH_LOCATION_LIKE]).fetchall()]


def test_every_path_is_read_once_per_name(tmp_path: Path, dump: Path) -> None:
    """The fake detection finds a name in every text: in every path whose name no earlier
    path holds, and a repeated scan reads them again in place of what it found."""
    case = tmp_path / "case"
    scan(dump, case, Config(workers=1), registry=make_registry)
    sql = "SELECT path FROM findings WHERE location LIKE ? ORDER BY path"
    with Case.open(case, read_only=True) as c:
        first = [r[0] for r in c.con.execute(sql, [PATH_LOCATION_LIKE]).fetchall()]
    assert first == sorted(rows(case))  # every path holds a file name of its own
    scan(dump, case, Config(workers=1), registry=make_registry)
    with Case.open(case, read_only=True) as c:
        assert [r[0] for r in c.con.execute(sql, [PATH_LOCATION_LIKE]).fetchall()] == first


@pytest.fixture
def dump(tmp_path: Path) -> Path:
    root = tmp_path / "dump"
    (root / "sub").mkdir(parents=True)
    (root / "a.txt").write_bytes(b"first text file")
    (root / "sub" / "a_copy.txt").write_bytes(b"first text file")
    (root / "b.txt").write_bytes(b"CRASH here")
    (root / "mail.txt").write_bytes(b"ATTACH")
    box = _zip(
        {
            "x.txt": b"member text",
            "y.txt": b"first text file",
            "inner.zip": _zip({"z.txt": b"deep"}),
        }
    )
    (root / "box.zip").write_bytes(box)
    (root / "box_copy.zip").write_bytes(box)
    (root / "other.zip").write_bytes(_zip({"same_as_x.txt": b"member text"}))
    (root / "empty.txt").write_bytes(b"")
    (root / "link").symlink_to(root / "a.txt")
    return root


def test_scan_accounts_for_everything(tmp_path: Path, dump: Path) -> None:
    case = tmp_path / "case"
    rec = Recorder()
    summary = scan(dump, case, Config(workers=2), rec, registry=make_registry)
    found = rows(case)
    assert set(found) == {
        "a.txt",
        "sub/a_copy.txt",
        "b.txt",
        "mail.txt",
        "mail.txt!/inner.txt",
        "mail.txt!/evil.txt",
        "mail.txt!/attachment-3",
        "box.zip",
        "box.zip!/x.txt",
        "box.zip!/y.txt",
        "box.zip!/inner.zip",
        "box.zip!/inner.zip!/z.txt",
        "box_copy.zip",
        "box_copy.zip!/x.txt",
        "box_copy.zip!/y.txt",
        "box_copy.zip!/inner.zip",
        "box_copy.zip!/inner.zip!/z.txt",
        "other.zip",
        "other.zip!/same_as_x.txt",
        "empty.txt",
        "link",
    }
    assert summary.files == len(found)
    assert rec.phases == ["inventory", "hashing", "scanning", "duplicates", "links", "paths"]
    assert rec.started is not None and rec.started[0] == 6  # regular files less two copies
    assert sorted(rec.done) == ["a.txt", "b.txt", "box.zip", "empty.txt", "mail.txt", "other.zip"]
    # top-level copies are never read; the copy of an archive gets its members' rows
    assert found["sub/a_copy.txt"]["duplicate_of"] == "a.txt"
    copy = found["box_copy.zip"]
    assert (copy["status"], copy["duplicate_of"], copy["detected_type"]) == (
        "skipped",
        "box.zip",
        "zip",
    )
    assert found["box_copy.zip!/inner.zip!/z.txt"]["duplicate_of"] == "box.zip!/inner.zip!/z.txt"
    assert found["box_copy.zip!/y.txt"]["duplicate_of"] == "a.txt"
    # copies inside different archives are settled at the end: lowest (depth, path) stays
    assert found["box.zip!/y.txt"]["duplicate_of"] == "a.txt"
    assert found["box.zip!/x.txt"]["duplicate_of"] is None
    assert found["other.zip!/same_as_x.txt"]["duplicate_of"] == "box.zip!/x.txt"
    assert found["other.zip!/same_as_x.txt"]["status"] == "skipped"
    paths = findings_paths(case)
    assert "other.zip!/same_as_x.txt" not in paths and "box.zip!/x.txt" in paths
    assert "box.zip!/y.txt" not in paths and "a.txt" in paths
    # statuses and reasons
    assert found["b.txt"]["status"] == "failed"
    assert found["link"]["reason"] == "symlink (not followed)"
    assert found["empty.txt"]["reason"] == "empty file"
    for row in found.values():
        assert row["status"] in {"extracted", "skipped", "failed"}
        assert row["status"] == "extracted" or row["reason"]
        assert row["depth"] == row["path"].count("!/")
        if row["parent"] is not None:
            assert row["parent"] in found
        if row["duplicate_of"] is not None:
            target = found[row["duplicate_of"]]
            assert target["duplicate_of"] is None
    assert not (case / "spool").exists()


def test_rerun_is_a_no_op(tmp_path: Path, dump: Path) -> None:
    case = tmp_path / "case"
    scan(dump, case, Config(workers=1), registry=make_registry)
    before = {p: {k: v for k, v in r.items() if k != "seconds"} for p, r in rows(case).items()}
    again = scan(dump, case, Config(workers=1), registry=make_registry)
    after = {p: {k: v for k, v in r.items() if k != "seconds"} for p, r in rows(case).items()}
    assert again.files_read == 0 and before == after
    with Case.open(case, read_only=True) as c:
        runs = c.con.execute(
            "SELECT run, finished IS NOT NULL, files_read FROM scan_runs"
        ).fetchall()
    assert runs == [(1, True, 6), (2, True, 0)]


def test_worker_death_inside_a_real_case(tmp_path: Path) -> None:
    dump = tmp_path / "dump"
    dump.mkdir()
    for i in range(6):
        (dump / f"f{i}.txt").write_bytes(f"text {i}".encode())
    (dump / "box.zip").write_bytes(_zip({"a.txt": b"fine", "b.txt": b"KILL", "c.txt": b"fine too"}))
    rec = Recorder()
    scan(dump, tmp_path / "case", Config(workers=2), rec, registry=make_registry)
    found = rows(tmp_path / "case")
    assert found["box.zip!/b.txt"]["reason"] == "worker process died: SIGKILL (out of memory?)"
    assert found["box.zip!/a.txt"]["status"] == found["box.zip!/c.txt"]["status"] == "extracted"
    assert len(found) == 10
    assert [n for n, f in rec.notes if n == "worker_died"] == ["worker_died"]


def test_dump_given_as_one_archive(tmp_path: Path) -> None:
    (tmp_path / "leak.zip").write_bytes(_zip({"a/b.txt": b"some text", "c.txt": b"more"}))
    scan(tmp_path / "leak.zip", tmp_path / "case", Config(workers=1), registry=make_registry)
    assert set(rows(tmp_path / "case")) == {"leak.zip", "leak.zip!/a/b.txt", "leak.zip!/c.txt"}


def test_guards(tmp_path: Path, dump: Path) -> None:
    with pytest.raises(ValueError, match="inside the dump"):
        scan(dump, dump / "case", Config(workers=1), registry=make_registry)
    with pytest.raises(FileNotFoundError):
        scan(tmp_path / "nope", tmp_path / "case", Config(workers=1), registry=make_registry)
    other = tmp_path / "other"
    other.mkdir()
    (other / "x.txt").write_bytes(b"x")
    scan(other, tmp_path / "case", Config(workers=1), registry=make_registry)
    with pytest.raises(ValueError, match="already holds a scan"):
        scan(dump, tmp_path / "case", Config(workers=1), registry=make_registry)
    with pytest.raises(ValueError, match="is not available"):
        scan(dump, tmp_path / "case2", Config(engine="spark"))


def test_export_files(tmp_path: Path, dump: Path) -> None:
    case = tmp_path / "case"
    scan(dump, case, Config(workers=1), registry=make_registry)
    out = tmp_path / "files.csv"
    assert export_files(case, out, reveal=True) == len(rows(case))
    with out.open(encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        assert tuple(reader.fieldnames or ()) == MANIFEST_COLUMNS
        exported = list(reader)
    assert [r["path"] for r in exported] == sorted(rows(case))
    masked = tmp_path / "masked.csv"
    export_files(case, masked)  # the fake finds a name at the start of every path
    with masked.open(encoding="utf-8") as fh:
        paths = [r["path"] for r in csv.DictReader(fh)]
    assert paths == ["[name]" + p[1:] for p in sorted(rows(case))]
    con = duckdb.connect()
    assert con.execute(f"SELECT count(*) FROM read_csv('{out}')").fetchone() == (len(exported),)
