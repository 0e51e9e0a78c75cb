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
from breachscope.detect.paths import PathMask
from breachscope.engine.store import path_mask

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


PATH_COLUMNS = frozenset({"path", "parent", "duplicate_of"})
DUPLICATE_OF = "duplicate of "


def export_files(case_dir: Path, out: Path, *, reveal: bool = False) -> int:
    """Write the manifest (table ``files``) as CSV ordered by path; return the row count.

    Unless ``reveal``, what the scan found in the paths (a patient's name or BSN in a
    file or folder name) is written as its class: ``scans/[name]/aanvraag.pdf``."""
    with Case.open(case_dir, read_only=True) as case:
        mask = None if reveal else path_mask(case.con)
        cur = case.con.execute(f"SELECT {', '.join(MANIFEST_COLUMNS)} FROM files ORDER BY path")
        count = 0
        with open(out, "w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(MANIFEST_COLUMNS)
            while rows := cur.fetchmany(10_000):
                writer.writerows(_manifest_row(row, mask) for row in rows)
                count += len(rows)
    return count


def _manifest_row(row: tuple[object, ...], mask: PathMask | None) -> list[object]:
    out: list[object] = []
    for name, v in zip(MANIFEST_COLUMNS, row, strict=True):
        if v is None:
            v = ""
        elif mask is not None and name in PATH_COLUMNS:
            v = mask(str(v))
        elif mask is not None and name == "reason" and str(v).startswith(DUPLICATE_OF):
            v = DUPLICATE_OF + mask(str(v)[len(DUPLICATE_OF) :])
        out.append(v)
    return out


def register(app: typer.Typer) -> None:
    group = typer.Typer(help="Export case tables as files.", no_args_is_help=True)

    @group.command("files")
    def files(
        case: Annotated[Path, typer.Option("--case", help="Case folder.")],
        out: Annotated[Path, typer.Option("--out", help="CSV file to write.")],
        reveal: Annotated[
            bool,
            typer.Option(
                "--reveal",
                help="Write paths as they are (default: what was found in them as its class).",
            ),
        ] = False,
    ) -> None:
        """The manifest: one row per file, archive member, attachment and skipped entry."""
        try:
            count = export_files(case, out, reveal=reveal)
        except CaseError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(2) from exc
        typer.echo(f"{count} rows written to {out}")

    add_persons_command(group)  # export persons: breachscope.cli.export_persons
    app.add_typer(group, name="export")
