"""``breachscope case``: create and inspect case folders."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from breachscope.case import Case, CaseError


def register(app: typer.Typer) -> None:
    group = typer.Typer(help="Create and inspect case folders.", no_args_is_help=True)

    @group.command("init")
    def init(
        directory: Annotated[Path, typer.Argument(help="Case folder to create.")],
    ) -> None:
        """Create a case folder holding the case database and its configuration."""
        try:
            with Case.init(directory) as case:
                typer.echo(f"case {case.root} ready (schema version {case.schema_version})")
        except CaseError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(2) from exc

    @group.command("info")
    def info(
        directory: Annotated[Path, typer.Argument(help="Case folder.")],
    ) -> None:
        """Print the case's metadata as JSON."""
        try:
            with Case.open(directory) as case:
                typer.echo(case.summary_json())
        except CaseError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(2) from exc

    app.add_typer(group, name="case")
