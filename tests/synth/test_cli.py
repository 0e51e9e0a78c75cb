"""``breachscope synth`` on the command line."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from breachscope.cli.app import build_app

runner = CliRunner()


def test_synth_writes_dump_and_truth(tmp_path: Path) -> None:
    out = tmp_path / "s"
    result = runner.invoke(build_app(), ["synth", str(out), "--people", "60", "--seed", "4"])
    assert result.exit_code == 0, result.output
    assert "affected:" in result.output and "mentions:" in result.output
    summary = json.loads((out / "truth/summary.json").read_text())
    assert summary["seed"] == 4 and summary["people"] == 60
    assert str(summary["affected"]) in result.output
    assert (out / "dump/screenit/huisartsen_regio.csv").is_file()


def test_synth_refuses_to_overwrite(tmp_path: Path) -> None:
    app = build_app()
    assert runner.invoke(app, ["synth", str(tmp_path), "--people", "5"]).exit_code == 0
    again = runner.invoke(app, ["synth", str(tmp_path), "--people", "5"])
    assert again.exit_code == 2
    assert "not empty" in again.output


def test_synth_help_and_bad_options(tmp_path: Path) -> None:
    app = build_app()
    assert "--bulk-rows" in runner.invoke(app, ["synth", "--help"]).output
    assert runner.invoke(app, ["synth", str(tmp_path), "--people", "0"]).exit_code != 0
