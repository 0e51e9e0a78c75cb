"""The demo runs end to end and accounts for every file it wrote."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from typer.testing import CliRunner

from breachscope.case import Case
from breachscope.cli.app import build_app
from breachscope.config import Config
from breachscope.demo import run_demo


@pytest.mark.slow
def test_demo_scans_every_file_and_finds_the_people(tmp_path: Path) -> None:
    result = run_demo(tmp_path / "d", people=80, seed=5, config=Config(workers=1))
    truth_files = list(csv.DictReader((tmp_path / "d/leak/truth/files.csv").open()))
    with Case.open(tmp_path / "d/case", read_only=True) as case:
        manifest = {r[0] for r in case.con.execute("SELECT path FROM files").fetchall()}
    assert {row["path"] for row in truth_files} <= manifest
    assert sum(result.coverage.values()) == len(manifest)
    assert result.pipeline.resolve.persons > 0
    assert result.people_by_class["name"] > 0


@pytest.mark.slow
def test_demo_command_prints_summary_and_refuses_reuse(tmp_path: Path) -> None:
    runner = CliRunner()
    args = ["demo", str(tmp_path / "d"), "--people", "40", "--workers", "1"]
    first = runner.invoke(build_app(), args)
    assert first.exit_code == 0, first.output
    assert "Affected people" in first.output
    assert "File coverage" in first.output
    again = runner.invoke(build_app(), args)
    assert again.exit_code == 2
    assert "already holds a demo" in again.output
