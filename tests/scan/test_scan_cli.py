"""``breachscope scan`` / ``export files``: options, progress output, errors."""

from __future__ import annotations

import io
import json
from pathlib import Path

from rich.console import Console
from typer.testing import CliRunner

from breachscope.cli.app import build_app
from breachscope.cli.commands.scan import JsonLines, RichBar


def test_json_lines_are_json_without_values() -> None:
    out = io.StringIO()
    log = JsonLines(out)
    log.phase("scanning")
    log.start(3, 300)
    log.file_done("a/b.csv", 100, "extracted")
    log.note("worker_died", path="a/c.pdf", reason="worker process died: SIGSEGV")
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [r["event"] for r in records] == ["phase", "start", "file", "worker_died"]
    assert records[2] == {
        "ts": records[2]["ts"],
        "event": "file",
        "path": "a/b.csv",
        "bytes": 100,
        "status": "extracted",
    }


def test_rich_bar_shows_files_bytes_and_rate() -> None:
    buf = io.StringIO()
    bar = RichBar(Console(file=buf, force_terminal=True, width=120))
    bar.phase("inventory")
    bar.start(2, 2_000_000)
    bar.file_done("a.csv", 1_000_000, "extracted")
    bar.file_done("b.csv", 1_000_000, "extracted")
    bar.stop()
    text = buf.getvalue()
    assert "inventory" in text and "2/2 files" in text and "2.0 MB" in text


def test_scan_and_export_commands(tmp_path: Path) -> None:
    dump = tmp_path / "dump"
    dump.mkdir()
    (dump / "a.csv").write_text("naam;plaats\nJansen;Delft\n")
    runner = CliRunner()
    app = build_app()
    result = runner.invoke(
        app, ["scan", str(dump), "--case", str(tmp_path / "case"), "--workers", "1"]
    )
    assert result.exit_code == 0, result.output
    assert "1 files in the manifest: 1 extracted" in result.output
    quiet = runner.invoke(app, ["scan", str(dump), "--case", str(tmp_path / "case"), "--quiet"])
    assert quiet.exit_code == 0 and quiet.output == ""
    out = tmp_path / "files.csv"
    exported = runner.invoke(
        app, ["export", "files", "--case", str(tmp_path / "case"), "--out", str(out)]
    )
    assert exported.exit_code == 0 and out.read_text().startswith("path,parent,depth")


def test_scan_errors_exit_2(tmp_path: Path) -> None:
    runner = CliRunner()
    app = build_app()
    missing = runner.invoke(app, ["scan", str(tmp_path / "nope"), "--case", str(tmp_path / "c")])
    assert missing.exit_code == 2 and "does not exist" in missing.output
    (tmp_path / "dump").mkdir()
    (tmp_path / "junk").mkdir()
    (tmp_path / "junk" / "x").write_text("not a case")
    foreign = runner.invoke(app, ["scan", str(tmp_path / "dump"), "--case", str(tmp_path / "junk")])
    assert foreign.exit_code == 2 and "not a breachscope case" in foreign.output
    no_case = runner.invoke(
        app, ["export", "files", "--case", str(tmp_path / "c2"), "--out", "x.csv"]
    )
    assert no_case.exit_code == 2
