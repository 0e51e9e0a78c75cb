"""``breachscope export persons``: the persons export contract (registered by
``cli/commands/export.py`` on its ``export`` group)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from breachscope.case import CaseError


class ExportFormat(StrEnum):
    csv = "csv"
    parquet = "parquet"


def add_persons_command(group: typer.Typer) -> None:
    @group.command("persons")
    def persons(
        case: Annotated[Path, typer.Option("--case", help="Resolved case folder.")],
        out: Annotated[Path, typer.Option("--out", help="File to write.")],
        reveal: Annotated[
            bool,
            typer.Option("--reveal", help="Write real values (default: pseudonymised, masked)."),
        ] = False,
        fmt: Annotated[
            ExportFormat, typer.Option("--format", help="csv (with .meta.json) or parquet.")
        ] = ExportFormat.csv,
    ) -> None:
        """One row per affected person (see docs/persons-export.md)."""
        from breachscope.resolve.export import export_persons

        try:
            count = export_persons(case, out, reveal=reveal, fmt=fmt.value)
        except CaseError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(2) from exc
        shown = "revealed" if reveal else "pseudonymised"
        typer.echo(f"{count} persons written to {out} ({shown})")
