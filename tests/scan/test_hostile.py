"""The hostile-input suite: every case ends in the manifest with the right status and a
reason, in bounded time and memory, with nothing written outside the case folder."""

from __future__ import annotations

import csv
import io
import os
import stat
import tarfile
import time
from pathlib import Path

import openpyxl
import pytest

from breachscope.case import Case
from breachscope.config import Config
from breachscope.engine.registry import Registry
from ingest.hostile import (
    encrypt_flag,
    nested_zip,
    tar_bytes,
    tar_entry,
    write_zero_gzip,
    write_zero_zip,
    zip_bytes,
)

from .runner import run_cli, tree

CSV = b"naam,plaats\nJansen,Delft\n"
MAX_RSS_MB = 1024
MAX_SECONDS = 240


def _xlsx() -> bytes:
    wb = openpyxl.Workbook()
    for i in range(200):
        wb.active.append([f"naam {i}", f"plaats {i}", i])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def build_dump(dump: Path, outside: Path) -> None:
    dump.mkdir()
    outside.mkdir()
    (outside / "secret.csv").write_bytes(CSV)
    write_zero_zip(dump / "bomb.zip", 10 * 1024**3)
    write_zero_gzip(dump / "bomb.gz", 10 * 1024**3)
    (dump / "traversal.zip").write_bytes(
        zip_bytes({"../../x.csv": CSV, "/abs.csv": CSV, "ok.csv": CSV + b"Bakker,Ede\n"})
    )
    entries = [
        tar_entry("a.csv"),
        tar_entry("link", tarfile.SYMTYPE, "/etc/passwd"),
        tar_entry("hard", tarfile.LNKTYPE, "a.csv"),
        tar_entry("null", tarfile.CHRTYPE),
        tar_entry("pipe", tarfile.FIFOTYPE),
        tar_entry("../../../escape.csv"),
    ]
    (dump / "specials.tar").write_bytes(
        tar_bytes(entries, {"a.csv": CSV, "../../../escape.csv": CSV})
    )
    (dump / "encrypted.zip").write_bytes(encrypt_flag(zip_bytes({"secret.csv": CSV})))
    (dump / "corrupt.pdf").write_bytes(
        b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >>\n" + b"\x00garbage" * 50
    )
    xlsx = _xlsx()
    (dump / "truncated.xlsx").write_bytes(xlsx[: len(xlsx) // 2])
    (dump / "invalid_utf8.csv").write_bytes(b"naam,plaats\nJ\xe9ansen,\xc3\x28Delft\nBakker,Ede\n")
    (dump / "utf16.csv").write_bytes("naam;plaats\nJansen;Delft\n".encode("utf-16"))
    (dump / "nul.log").write_bytes(b"2024-01-01 INFO patient record\n" * 40 + b"\x00\x00\x00")
    (dump / "deep.json").write_bytes(b"[" * 100_000 + b"]" * 100_000)
    (dump / "nested60.zip").write_bytes(nested_zip(60))
    os.mkfifo(dump / "pipe")
    os.symlink("loop_b", dump / "loop_a")
    os.symlink("loop_a", dump / "loop_b")
    os.symlink(outside, dump / "to_outside")
    os.symlink(outside / "secret.csv", dump / "secret_link.csv")


def _typed(registry: Registry, ftype: str, broken: bool) -> tuple[set[str], str | None]:
    """Expectation for a damaged (or odd) file of ``ftype``: failed (or extracted with a
    note) when an extractor exists, else skipped as having none."""
    if registry.extractor_for(ftype) is None:
        return {"skipped"}, f"no extractor for {ftype}"
    return ({"failed", "extracted"} if broken else {"extracted"}), None


@pytest.mark.timeout(600)
def test_hostile_dump(tmp_path: Path) -> None:
    dump, case, outside, sandbox = (tmp_path / n for n in ("dump", "case", "outside", "sandbox"))
    build_dump(dump, outside)
    before = tree(dump)
    outside_before = tree(outside)
    started = time.monotonic()
    result = run_cli(
        ["scan", str(dump), "--case", str(case), "--workers", "2", "--log-json"],
        sandbox,
        timeout=MAX_SECONDS,
    )
    seconds = time.monotonic() - started
    assert result.rc == 0, result.err[-3000:]
    assert seconds < MAX_SECONDS
    assert result.maxrss_mb < MAX_RSS_MB, f"peak RSS {result.maxrss_mb:.0f} MB"

    out = tmp_path / "files.csv"
    assert run_cli(["export", "files", "--case", str(case), "--out", str(out)], sandbox).rc == 0
    rows = {r["path"]: r for r in csv.DictReader(out.open(encoding="utf-8"))}
    registry = Registry.discover()

    def check(path: str, statuses: set[str], reason: str | None = None) -> None:
        row = rows[path]
        assert row["status"] in statuses, (path, row["status"], row["reason"])
        if row["status"] != "extracted":
            assert row["reason"], path
        if reason is not None:
            assert reason in row["reason"], (path, row["reason"])

    check("bomb.zip!/zeros.bin", {"skipped"}, "larger than the limit")
    check("bomb.gz!/bomb", {"skipped"}, "compression ratio")
    check("traversal.zip!/../../x.csv", {"skipped"}, "unsafe path: parent traversal")
    check("traversal.zip!//abs.csv", {"skipped"}, "unsafe path: absolute")
    check("traversal.zip!/ok.csv", {"extracted"})
    check("specials.tar!/a.csv", {"extracted"})
    check("specials.tar!/link", {"skipped"}, "symlink member")
    check("specials.tar!/hard", {"skipped"}, "hardlink member")
    check("specials.tar!/null", {"skipped"}, "device member")
    check("specials.tar!/pipe", {"skipped"}, "fifo member")
    check("specials.tar!/../../../escape.csv", {"skipped"}, "unsafe path")
    check("encrypted.zip!/secret.csv", {"skipped"}, "encrypted")
    check("corrupt.pdf", *_typed(registry, "pdf", broken=True))
    check("truncated.xlsx", *_typed(registry, "xlsx", broken=True))
    check("invalid_utf8.csv", {"extracted"})
    check("utf16.csv", {"extracted"})
    check("nul.log", *_typed(registry, "text", broken=False))
    check("deep.json", *_typed(registry, "json", broken=True))
    check("pipe", {"skipped"}, "fifo (not opened)")
    for link in ("loop_a", "loop_b", "to_outside", "secret_link.csv"):
        check(link, {"skipped"}, "symlink (not followed)")
    nested = sorted((p for p in rows if p.startswith("nested60.zip")), key=len)
    assert len(nested) == 9
    check(nested[-1], {"skipped"}, "archive nested deeper than 8 levels")
    assert rows["utf16.csv"]["detected_type"] == "csv"
    assert rows["truncated.xlsx"]["detected_type"] == "xlsx"

    # every entry of the dump folder has a row; members hang under existing parents
    assert set(before) - {"."} <= set(rows) | {
        p for p, size in before.items() if size == -1 and (dump / p).is_dir()
    }
    for row in rows.values():
        if row["parent"]:
            assert row["parent"] in rows
            assert int(row["depth"]) == int(rows[row["parent"]]["depth"]) + 1
    # nothing written outside the case; the dump and the link targets untouched
    assert tree(dump) == before
    assert tree(outside) == outside_before
    for sub in ("tmp", "home", "cwd"):
        assert tree(sandbox / sub) == {}, sub
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "case",
        "dump",
        "files.csv",
        "outside",
        "sandbox",
    ]
    assert not (case / "spool").exists()
    # log lines carry paths and counts, never values
    assert "Jansen" not in result.err and "Delft" not in result.err
    files_logged = {e["path"] for e in result.events() if e["event"] == "file"}
    assert files_logged == {
        p for p in rows if "!/" not in p and stat.S_ISREG((dump / p).lstat().st_mode)
    }


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_single_line_of_hundreds_of_mb(tmp_path: Path) -> None:
    dump, case, sandbox = tmp_path / "dump", tmp_path / "case", tmp_path / "sandbox"
    dump.mkdir()
    line = b"Jansen;Delft;" * (1024 * 1024 // 13)
    with open(dump / "oneline.csv", "wb") as fh:
        fh.write(b"naam;plaats\n")
        for _ in range(300):
            fh.write(line)
        fh.write(b"\n")
    with open(dump / "oneline.txt", "wb") as fh:
        for _ in range(300):
            fh.write(line.replace(b";", b" "))
    Case.init(case, Config(file_timeout_s=60)).close()
    result = run_cli(
        ["scan", str(dump), "--case", str(case), "--workers", "2", "--quiet"], sandbox, timeout=840
    )
    assert result.rc == 0, result.err[-3000:]
    out = tmp_path / "files.csv"
    assert run_cli(["export", "files", "--case", str(case), "--out", str(out)], sandbox).rc == 0
    rows = {r["path"]: r for r in csv.DictReader(out.open(encoding="utf-8"))}
    for name in ("oneline.csv", "oneline.txt"):
        assert rows[name]["status"] in {"extracted", "failed", "skipped"}
        if rows[name]["status"] != "extracted":
            assert rows[name]["reason"]
        assert float(rows[name]["seconds"]) < 60 * 1.5 + 10
    assert result.maxrss_mb < MAX_RSS_MB, f"peak RSS {result.maxrss_mb:.0f} MB"
