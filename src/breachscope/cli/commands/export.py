"""``breachscope export``: write case tables as files (``export files``: the manifest).

A group: other stages add their own ``export`` subcommands next to ``files`` here.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Annotated

import typer

from breachscope.case import Case, CaseError
from breachscope.cli.export_persons import add_persons_command

MANIFEST_COLUMNS = (
    "path",
    "parent",
    "depth",
    "size",
    "sha256",
    "detected_type",
    "extractor",
    "status",
    "reason",
    "duplicate_of",
    "units",
    "seconds",
)


def export_files(case_dir: Path, out: Path) -> int:
    """Write the manifest (table ``files``) as CSV ordered by path; return the row count."""
    with Case.open(case_dir, read_only=True) as case:
        cur = case.con.execute(f"SELECT {', '.join(MANIFEST_COLUMNS)} FROM files ORDER BY path")
        count = 0
        with open(out, "w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(MANIFEST_COLUMNS)
            while rows := cur.fetchmany(10_000):
                writer.writerows(["" if v is None else v for v in row] for row in rows)
                count += len(rows)
    return count


def register(app: typer.Typer) -> None:
    group = typer.Typer(help="Export case tables as files.", no_args_is_help=True)

    @group.command("files")
    def files(
        case: Annotated[Path, typer.Option("--case", help="Case folder.")],
        out: Annotated[Path, typer.Option("--out", help="CSV file to write.")],
    ) -> None:
        """The manifest: one row per file, archive member, attachment and skipped entry."""
        try:
            count = export_files(case, out)
        except CaseError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(2) from exc
        typer.echo(f"{count} rows written to {out}")

    add_persons_command(group)  # export persons: breachscope.cli.export_persons
    app.add_typer(group, name="export")
