"""``breachscope resolve``: assemble the case's findings into mentions and link them into
people (``persons``, ``person_evidence``, ``person_counts``)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from breachscope.assemble import assemble_case
from breachscope.case import Case, CaseError
from breachscope.resolve import TIERS, ResolveSummary, resolve_case


def summary_table(summary: ResolveSummary) -> Table:
    """People per tier at each threshold (counts only, never values)."""
    table = Table(title=f"Affected people ({summary.mentions} mentions)")
    table.add_column("link threshold", justify="right")
    for tier in (*TIERS, "total"):
        table.add_column(tier, justify="right")
    for key, tally in summary.by_threshold.items():
        mark = " *" if float(key) == summary.match_threshold else ""
        table.add_row(f"p >= {key}{mark}", *(str(tally[t]) for t in (*TIERS, "total")))
    return table


def register(app: typer.Typer) -> None:
    @app.command("resolve")
    def resolve(
        case: Annotated[Path, typer.Option("--case", help="Scanned case folder.")],
        skip_assemble: Annotated[
            bool, typer.Option("--skip-assemble", help="Reuse the mentions already built.")
        ] = False,
    ) -> None:
        """Group findings into person mentions and resolve them into unique people."""
        console = Console()
        try:
            with Case.open(case) as opened:
                started = time.perf_counter()
                if not skip_assemble:
                    assembled = assemble_case(opened)
                    console.print(
                        f"[dim]assembled {assembled.mentions} mentions "
                        f"({assembled.unattributed} findings unattributed)"
                    )
                summary = resolve_case(opened)
        except CaseError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(2) from exc
        console.print(summary_table(summary))
        console.print(
            f"{summary.persons} people at p >= {summary.match_threshold:g} "
            f"(range {summary.count_low}..{summary.count_high} over tiers and thresholds), "
            f"{time.perf_counter() - started:.1f} s"
        )
