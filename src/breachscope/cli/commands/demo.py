"""``breachscope demo``: synthesise a small leak, run every stage, print a summary."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from breachscope.config import Config
from breachscope.demo import render, run_demo


def register(app: typer.Typer) -> None:
    @app.command("demo")
    def demo(
        directory: Annotated[
            Path, typer.Argument(help="Empty folder for the synthetic leak and the case.")
        ] = Path("breachscope-demo"),
        people: Annotated[int, typer.Option(help="People in the synthetic leak.")] = 300,
        seed: Annotated[int, typer.Option(help="Seed of the synthetic leak.")] = 2025,
        workers: Annotated[
            int | None, typer.Option(help="Worker processes (default: all cores).")
        ] = None,
    ) -> None:
        """Synthesise a small Dutch lab leak, scan it end to end, and summarise the result."""
        console = Console()
        config = Config() if workers is None else Config(workers=workers)
        try:
            with console.status("synthesising and scanning the demo leak..."):
                result = run_demo(directory, people=people, seed=seed, config=config)
        except FileExistsError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(2) from exc
        render(result, console)
