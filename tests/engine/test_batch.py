"""scan_batch: every file becomes one row with the right status and a value-free reason."""

from __future__ import annotations

import io
import tarfile
import zipfile
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import pyarrow as pa
import pytest

from breachscope.config import ArchiveLimits, Config
from breachscope.engine.batch import (
    MERGED_NODE,
    Enter,
    Rows,
    ScanItem,
    TopDone,
    coalesce,
    iter_scan_batch,
    notes_reason,
    scan_batch,
)
from breachscope.engine.manifest import MANIFEST_SCHEMA, ManifestRow, rows_to_arrow
from breachscope.engine.registry import Merge, Registry
from breachscope.extract.base import Note
from breachscope.extract.units import Unit
from breachscope.location import Location

from .fakes import SECRET, make_merging_registry, make_registry


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def _write(tmp_path: Path, files: dict[str, bytes]) -> list[tuple[str, Path, int]]:
    """The files under ``tmp_path/dump``, in path order: (name, path, size)."""
    out = []
    for name, data in sorted(files.items()):
        path = tmp_path / "dump" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        out.append((name, path, len(data)))
    return out


def run(
    tmp_path: Path,
    files: dict[str, bytes],
    config: Config | None = None,
    poison: dict[str, tuple[tuple[str, str], ...]] | None = None,
) -> tuple[dict[str, dict], pa.Table]:  # type: ignore[type-arg]
    items = [
        ScanItem(name, str(path), size, None, (poison or {}).get(name, ()))
        for name, path, size in _write(tmp_path, files)
    ]
    events = list(iter_scan_batch(items, config or Config(), tmp_path / "spool", make_registry()))
    manifests = [e.manifest for e in events if isinstance(e, Rows)]
    findings = [e.findings for e in events if isinstance(e, Rows)]
    rows = {r["path"]: r for r in pa.concat_tables(manifests).to_pylist()}
    assert len(rows) == sum(m.num_rows for m in manifests), "paths must be unique"
    assert not (tmp_path / "spool").exists() or not any((tmp_path / "spool").rglob("*"))
    return rows, pa.concat_tables(findings)


def test_statuses_and_reasons(tmp_path: Path) -> None:
    files = {
        "ok.txt": b"plain text here",
        "crash.txt": b"CRASH now",
        "bad.txt": b"EXTRACTERR",
        "scan.txt": b"SKIPME",
        "empty.txt": b"",
        "pic.png": b"\x89PNG\r\n\x1a\n" + bytes(40),
    }
    rows, findings = run(tmp_path, files)
    status = {p: (r["status"], r["reason"]) for p, r in rows.items()}
    assert status["ok.txt"] == ("extracted", None)
    assert status["crash.txt"][0] == "failed"
    assert status["crash.txt"][1].startswith("extractor fake-text crashed: ValueError at fakes.py:")
    assert SECRET not in status["crash.txt"][1]
    assert status["bad.txt"] == ("failed", "bad header line")
    assert status["scan.txt"] == ("skipped", "needs OCR")
    assert status["empty.txt"] == ("skipped", "empty file")
    assert status["pic.png"] == ("skipped", "no extractor for image")
    assert rows["ok.txt"]["units"] == 1 and rows["ok.txt"]["extractor"] == "fake-text"
    assert rows["ok.txt"]["sha256"] and rows["ok.txt"]["detected_type"] == "text"
    assert findings.column("path").to_pylist() == ["ok.txt"]


def test_timeout_inside_the_worker(tmp_path: Path) -> None:
    rows, _ = run(tmp_path, {"loop.txt": b"LOOP", "ok.txt": b"fine"}, Config(file_timeout_s=0.5))
    assert (rows["loop.txt"]["status"], rows["loop.txt"]["reason"]) == (
        "failed",
        "timeout after 0.5 s",
    )
    assert rows["ok.txt"]["status"] == "extracted"


def test_attachments_are_fed_back(tmp_path: Path) -> None:
    rows, findings = run(tmp_path, {"mail.txt": b"ATTACH please"})
    assert set(rows) == {
        "mail.txt",
        "mail.txt!/inner.txt",
        "mail.txt!/evil.txt",
        "mail.txt!/attachment-3",
    }
    child = rows["mail.txt!/inner.txt"]
    assert (child["parent"], child["depth"], child["status"]) == ("mail.txt", 1, "extracted")
    assert sorted(findings.column("path").to_pylist()) == sorted(rows)


def test_notes_make_the_reason_of_an_extracted_file(tmp_path: Path) -> None:
    rows, _ = run(tmp_path, {"doc.txt": b"NOTE text"})
    assert (rows["doc.txt"]["status"], rows["doc.txt"]["reason"]) == (
        "extracted",
        "part=page-2: needs OCR",
    )


def test_notes_reason_is_bounded() -> None:
    notes = [Note(Location("f", row=i), "line too long") for i in range(1, 9)]
    reason = notes_reason(notes) or ""
    assert reason.startswith("row=1: line too long; row=2: line too long")
    assert reason.endswith("and 3 more notes")
    assert notes_reason([]) is None


def test_archive_members_duplicates_and_paths(tmp_path: Path) -> None:
    inner = _zip({"a.txt": b"same content", "b.txt": b"same content"})
    outer = _zip({"x/a.txt": b"same content", "inner.zip": inner, "bad.txt": b"CRASH"})
    rows, findings = run(tmp_path, {"outer.zip": outer})
    assert (
        rows["outer.zip"]["extractor"] == "archive" and rows["outer.zip"]["status"] == "extracted"
    )
    assert rows["outer.zip!/x/a.txt"]["status"] == "extracted"
    for dup in ("outer.zip!/inner.zip!/a.txt", "outer.zip!/inner.zip!/b.txt"):
        assert rows[dup]["duplicate_of"] == "outer.zip!/x/a.txt"
        assert rows[dup]["status"] == "skipped"
    assert rows["outer.zip!/inner.zip!/a.txt"]["depth"] == 2
    assert rows["outer.zip!/inner.zip!/a.txt"]["parent"] == "outer.zip!/inner.zip"
    assert rows["outer.zip!/bad.txt"]["status"] == "failed"
    assert findings.column("path").to_pylist() == ["outer.zip!/x/a.txt"]


def test_a_zip_cut_short_gives_its_members_and_says_which_is_incomplete(tmp_path: Path) -> None:
    letter = "".join(f"regel {i * 7919 % 100003}\n" for i in range(400)).encode()
    data = _zip({"a.txt": b"first member", "b.txt": letter, "c.txt": b"never reached"})
    cut = data[: data.index(b"b.txt") + 200]  # inside the second member's data
    rows, _ = run(tmp_path, {"cut.zip": cut})
    assert rows["cut.zip!/a.txt"]["status"] == "extracted"
    assert rows["cut.zip!/b.txt"]["status"] == "extracted"
    assert "cut.zip!/c.txt" not in rows
    assert rows["cut.zip"]["status"] == "failed"
    assert rows["cut.zip"]["reason"] == (
        "zip cut short: no central directory; its members read from their local headers, "
        "member 2 only as far as the file goes"
    )


def test_archive_text_is_detected_as_the_archive_s(tmp_path: Path) -> None:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as tf:
        info = tarfile.TarInfo("scan.txt")
        info.size = 4
        info.pax_headers = {"comment": "Jansen, BSN 111222333"}
        tf.addfile(info, io.BytesIO(b"scan"))
    rows, findings = run(tmp_path, {"scans.tar": buf.getvalue()})
    assert rows["scans.tar"]["status"] == "extracted" and rows["scans.tar"]["units"] == 1
    assert rows["scans.tar!/scan.txt"]["status"] == "extracted"
    locations = sorted(findings.column("location").to_pylist())
    assert locations == [
        "scans.tar!/scan.txt#start=0&end=1",
        "scans.tar#part=pax/scan.txt&start=0&end=1",
    ]


def _ar_entry(name: bytes, data: bytes) -> bytes:
    fields = [(name, 16), (b"0", 12), (b"0", 6), (b"0", 6), (b"100644", 8), (b"%d" % len(data), 10)]
    head = b"".join(value.ljust(width) for value, width in fields) + b"`\n"
    return head + data + b"\n" * (len(data) % 2)


def test_a_debian_package_s_data_tar_is_read_as_a_nested_archive(tmp_path: Path) -> None:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:xz") as tf:
        yaml = f"patienten:\n  - bsn: '{SECRET}'\n".encode()
        info = tarfile.TarInfo("./usr/share/lims/patienten.yml")
        info.size = len(yaml)
        tf.addfile(info, io.BytesIO(yaml))
    deb = b"!<arch>\n" + _ar_entry(b"debian-binary/", b"2.0\n")
    deb += _ar_entry(b"data.tar.xz/", buf.getvalue())
    rows, findings = run(tmp_path, {"lims.deb": deb})
    assert rows["lims.deb"]["detected_type"] == "ar"
    member = "lims.deb!/data.tar.xz!/usr/share/lims/patienten.yml"
    assert rows[member]["status"] == "extracted" and rows[member]["depth"] == 2
    assert rows["lims.deb!/data.tar.xz"]["detected_type"] == "xz"
    assert member in findings.column("path").to_pylist()


def test_seconds_are_a_file_s_own_time(tmp_path: Path) -> None:
    rows, _ = run(tmp_path, {"box.zip": _zip({"slow.txt": b"SLOW", "fast.txt": b"fast"})})
    assert rows["box.zip!/slow.txt"]["seconds"] >= 0.3
    assert rows["box.zip!/fast.txt"]["seconds"] < 0.3
    assert rows["box.zip"]["seconds"] < 0.3


def test_deep_nesting_stops_at_the_limit(tmp_path: Path) -> None:
    data = b"innermost text"
    for level in range(60):
        data = _zip({f"l{level}.zip" if level else "f.txt": data})
    rows, _ = run(tmp_path, {"deep.zip": data}, Config(archive=ArchiveLimits(max_depth=8)))
    depths = sorted(r["depth"] for r in rows.values())
    assert depths == list(range(9))
    [last] = [r for r in rows.values() if r["depth"] == 8]
    assert (last["status"], last["reason"]) == ("skipped", "archive nested deeper than 8 levels")


def test_corrupt_archive_and_unreadable_member(tmp_path: Path) -> None:
    good = _zip({"a.txt": b"text one", "b.txt": b"text two"})
    broken = bytearray(good)
    pos = broken.find(b"text two")
    broken[pos : pos + 4] = b"XXXX"  # CRC mismatch on b.txt (stored, not compressed)
    rows, _ = run(tmp_path, {"crc.zip": bytes(broken), "junk.zip": b"PK\x03\x04garbage"})
    assert rows["crc.zip!/a.txt"]["status"] == "extracted"
    assert rows["crc.zip!/b.txt"]["status"] == "failed"
    assert "CRC" in rows["crc.zip!/b.txt"]["reason"]
    assert rows["junk.zip"]["status"] == "failed" and "corrupt zip" in rows["junk.zip"]["reason"]


def test_poisoned_nodes_are_not_read(tmp_path: Path) -> None:
    outer = _zip({"a.txt": b"KILL", "b.txt": b"fine"})
    poison = {"outer.zip": (("outer.zip!/a.txt", "worker process died: SIGKILL"),)}
    rows, _ = run(tmp_path, {"outer.zip": outer}, poison=poison)
    assert (rows["outer.zip!/a.txt"]["status"], rows["outer.zip!/a.txt"]["reason"]) == (
        "failed",
        "worker process died: SIGKILL",
    )
    assert rows["outer.zip!/a.txt"]["sha256"] is None
    assert rows["outer.zip!/b.txt"]["status"] == "extracted"


def test_vanished_and_replaced_files(tmp_path: Path) -> None:
    import os

    os.mkfifo(tmp_path / "fifo")
    items = [
        ScanItem("gone.txt", str(tmp_path / "gone.txt"), 10),
        ScanItem("fifo", str(tmp_path / "fifo"), 0),
    ]
    events = list(iter_scan_batch(items, Config(), tmp_path / "spool", make_registry()))
    rows = {r["path"]: r for e in events if isinstance(e, Rows) for r in e.manifest.to_pylist()}
    assert rows["gone.txt"]["reason"] == "cannot read: No such file or directory"
    assert rows["fifo"]["reason"] == "not a regular file any more (not opened)"


def test_scan_batch_is_the_concatenation(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text("naam,bsn\nJansen,111222333\n")
    manifest, findings = scan_batch(
        [ScanItem("a.csv", str(tmp_path / "a.csv"), 26)], Config(), tmp_path / "spool"
    )
    assert manifest.schema == MANIFEST_SCHEMA
    assert manifest.column("path").to_pylist() == ["a.csv"]
    assert set(findings.column_names) >= {"data_class", "path", "location"}


def test_coalesce_keeps_done_after_rows() -> None:
    def rows(path: str) -> Rows:
        row = ManifestRow(path, None, 0, 1, None, "text", None, "extracted", None)
        return Rows(path, rows_to_arrow([row]), pa.table({"x": pa.array([], pa.int8())}))

    events = [
        Enter("a"),
        rows("a"),
        TopDone("a", 1, "extracted"),
        Enter("b"),
        rows("b"),
        TopDone("b", 1, "extracted"),
    ]
    out = list(coalesce(iter(events), max_rows=10, max_seconds=60))
    kinds = [type(e).__name__ for e in out]
    assert kinds == ["Enter", "Enter", "Rows", "TopDone", "TopDone"]
    merged = out[2]
    assert isinstance(merged, Rows) and merged.manifest.num_rows == 2


@pytest.mark.parametrize("max_rows", [1, 2])
def test_coalesce_flushes_by_rows(max_rows: int) -> None:
    def rows(path: str) -> Rows:
        row = ManifestRow(path, None, 0, 1, None, "text", None, "extracted", None)
        return Rows(path, rows_to_arrow([row]), pa.table({"x": pa.array([], pa.int8())}))

    events = [rows("a"), TopDone("a", 1, "extracted"), rows("b"), TopDone("b", 1, "extracted")]
    out = list(coalesce(iter(events), max_rows=max_rows, max_seconds=60))
    assert sum(isinstance(e, Rows) for e in out) == (2 if max_rows == 1 else 1)


def _merging(
    tmp_path: Path, files: dict[str, bytes], alone: bool = False
) -> tuple[list[object], list[int]]:
    """Events of a batch with a registry that detects small tables together, and the
    number of files in each call of its ``detect_files``."""
    calls: list[int] = []
    base = make_merging_registry()
    assert base.merge is not None
    inner = base.merge.detect_files

    def counting(f: Sequence[Sequence[Unit]], config: Config) -> list[pa.Table]:
        calls.append(len(f))
        return inner(f, config)

    registry = Registry(base.extractors, base.detect, Merge(base.merge.mergeable, counting))
    items = [ScanItem(n, str(p), size, alone=alone) for n, p, size in _write(tmp_path, files)]
    return list(iter_scan_batch(items, Config(), tmp_path / "spool", registry)), calls


def test_small_tables_of_several_files_are_detected_together(tmp_path: Path) -> None:
    files = {
        "a.csv": b"naam,x\nJan,1\nPiet,2\n",
        "b.csv": b"naam,x\nKees,3\n",
        "c.txt": b"plain text",
        "d.csv": b"naam,x\nAnna,4\n",
    }
    events, calls = _merging(tmp_path, files)
    assert calls == [2, 1]  # a and b wait together; c's rows release them; d alone at the end
    assert [e.top for e in events if isinstance(e, TopDone)] == sorted(files)
    done: set[str] = set()
    for e in events:  # a file's rows come before its TopDone, and a waiting file's
        if isinstance(e, Rows):  # TopDone before any rows of a later file
            paths = set(e.manifest.column("path").to_pylist())
            assert not paths & done
            assert all(sorted(files).index(p) >= len(done) for p in paths)
        elif isinstance(e, TopDone):
            done.add(e.top)
    entered = [e.path for e in events if isinstance(e, Enter)]
    assert entered.count(MERGED_NODE) == 2
    c_rows = next(
        i
        for i, e in enumerate(events)
        if isinstance(e, Rows) and "c.txt" in e.manifest.column("path").to_pylist()
    )
    last_enter = [e for e in events[:c_rows] if isinstance(e, Enter)][-1]
    assert last_enter.path == "c.txt", "the file at work is entered again after a merge"
    found = pa.concat_tables([e.findings for e in events if isinstance(e, Rows)])
    by_path = Counter(found.column("path").to_pylist())
    assert by_path == {"a.csv": 2, "b.csv": 1, "c.txt": 1, "d.csv": 1}
    manifest = pa.concat_tables([e.manifest for e in events if isinstance(e, Rows)])
    assert set(manifest.column("status").to_pylist()) == {"extracted"}


def test_a_crash_in_merged_detection_fails_only_its_file(tmp_path: Path) -> None:
    files = {
        "a.csv": b"naam,x\nJan,1\n",
        "b.csv": b"naam,x\nCRASH,2\n",
        "c.csv": b"naam,x\nAnna,3\n",
    }
    events, calls = _merging(tmp_path, files)
    assert calls == [3]
    rows = {r["path"]: r for e in events if isinstance(e, Rows) for r in e.manifest.to_pylist()}
    assert rows["a.csv"]["status"] == rows["c.csv"]["status"] == "extracted"
    assert rows["b.csv"]["status"] == "failed"
    assert rows["b.csv"]["reason"].startswith("detector crashed: ValueError at fakes.py:")
    assert SECRET not in rows["b.csv"]["reason"]
    done = {e.top: e.status for e in events if isinstance(e, TopDone)}
    assert done == {"a.csv": "extracted", "b.csv": "failed", "c.csv": "extracted"}
    found = pa.concat_tables([e.findings for e in events if isinstance(e, Rows)])
    assert Counter(found.column("path").to_pylist()) == {"a.csv": 1, "c.csv": 1}


def test_files_to_read_alone_are_not_merged(tmp_path: Path) -> None:
    files = {"a.csv": b"naam,x\nJan,1\n", "b.csv": b"naam,x\nKees,2\n"}
    events, calls = _merging(tmp_path, files, alone=True)
    assert calls == []
    assert MERGED_NODE not in [e.path for e in events if isinstance(e, Enter)]
    found = pa.concat_tables([e.findings for e in events if isinstance(e, Rows)])
    assert found.num_rows == 2


def test_short_texts_of_several_files_are_detected_together(tmp_path: Path) -> None:
    """With the real detection stage: letters of several files wait for each other and
    are read in one block, and every file gets what it gets when read on its own."""
    files = {
        f"brieven/brief_{i}.txt": (
            f"Geachte mevrouw J. de Vries-{i},\nBSN 111222333\n"
            f"Overtoom {i + 1}\n1054 HK Amsterdam\nUitslag: hrHPV negatief\n"
        ).encode()
        for i in range(5)
    }
    base = Registry.discover()
    assert base.merge is not None
    inner = base.merge.detect_files
    calls: list[int] = []

    def counting(f: Sequence[Sequence[Unit]], config: Config) -> list[pa.Table]:
        calls.append(len(f))
        return inner(f, config)

    items = [ScanItem(n, str(p), size) for n, p, size in _write(tmp_path, files)]
    merging = Registry(base.extractors, base.detect, Merge(base.merge.mergeable, counting))
    alone = Registry(base.extractors, base.detect)

    def findings(registry: Registry, spool: str) -> list[dict[str, object]]:
        events = list(iter_scan_batch(items, Config(), tmp_path / spool, registry))
        table = pa.concat_tables([e.findings for e in events if isinstance(e, Rows)])
        return sorted(table.to_pylist(), key=repr)

    together = findings(merging, "spool-a")
    assert calls == [5]
    assert together == findings(alone, "spool-b")
    assert {r["data_class"] for r in together} >= {"name", "bsn", "address", "health"}
