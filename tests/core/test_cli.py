"""Meta-tests of the command line: every command answers --help; --version works."""

from __future__ import annotations

from pathlib import Path

import typer
import typer.main
from typer.testing import CliRunner

import breachscope
from breachscope.cli.app import build_app

runner = CliRunner()


def _command_paths(group: object, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    paths: list[tuple[str, ...]] = []
    for name, cmd in getattr(group, "commands", {}).items():
        paths.append((*prefix, name))
        paths.extend(_command_paths(cmd, (*prefix, name)))
    return paths


def test_version() -> None:
    result = runner.invoke(build_app(), ["--version"])
    assert result.exit_code == 0
    assert breachscope.__version__ in result.output


def test_every_command_has_help() -> None:
    root = typer.main.get_command(build_app())
    paths = _command_paths(root)
    assert ("case", "init") in paths
    for path in paths:
        result = runner.invoke(build_app(), [*path, "--help"])
        assert result.exit_code == 0, (path, result.output)
        assert "Usage" in result.output


def test_case_init_and_info(tmp_path: Path) -> None:
    app = build_app()
    assert runner.invoke(app, ["case", "init", str(tmp_path / "c")]).exit_code == 0
    result = runner.invoke(app, ["case", "info", str(tmp_path / "c")])
    assert result.exit_code == 0
    assert '"schema_version"' in result.output
    bad = runner.invoke(app, ["case", "info", str(tmp_path / "nope")])
    assert bad.exit_code == 2
