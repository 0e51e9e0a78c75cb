"""``breachscope synth``: write a synthetic leak with its ground truth."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    @app.command("synth")
    def synth(
        out: Annotated[Path, typer.Argument(help="Output folder: gets dump/ and truth/.")],
        people: Annotated[
            int, typer.Option("--people", min=1, help="People in the synthetic population.")
        ] = 1000,
        seed: Annotated[
            int, typer.Option("--seed", help="Random seed (same seed, same bytes).")
        ] = 0,
        bulk_rows: Annotated[
            int,
            typer.Option(
                "--bulk-rows", min=0, help="Extra rows of bulk LIMS history CSV (throughput work)."
            ),
        ] = 0,
    ) -> None:
        """Write a synthetic Dutch screening-lab leak and its exact ground truth.

        The leak goes to OUT/dump, the truth to OUT/truth (see docs/synth.md); the same
        seed always gives the same bytes.
        """
        from breachscope.synth import generate  # heavy (numpy, openpyxl, reportlab): on use

        started = time.perf_counter()
        try:
            summary = generate(out, people, seed, bulk_rows)
        except (FileExistsError, ValueError) as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(2) from exc
        roles = ", ".join(f"{n} {role}" for role, n in summary.affected_by_role.items())
        typer.echo(f"dump:      {out / 'dump'}")
        typer.echo(f"truth:     {out / 'truth'}")
        typer.echo(f"affected:  {summary.affected} people ({roles})")
        typer.echo(
            f"files:     {summary.files} in {len(summary.files_by_kind)} kinds "
            f"({summary.decoy_files} decoys)"
        )
        typer.echo(f"mentions:  {summary.mentions}")
        typer.echo(f"time:      {time.perf_counter() - started:.1f} s")
