"""The ``breachscope`` command. Subcommands live one per module in ``cli/commands`` and
are found automatically: each module defines ``register(app)``."""

from __future__ import annotations

from typing import Annotated

import typer

import breachscope
from breachscope.cli import commands
from breachscope.plugins import import_submodules


def _version(value: bool) -> None:
    if value:
        typer.echo(f"breachscope {breachscope.__version__}")
        raise typer.Exit()


def build_app() -> typer.Typer:
    app = typer.Typer(
        name="breachscope",
        help="Scope a personal-data leak: who is affected, what leaked about each person, "
        "and what must be done.",
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
    )

    @app.callback()
    def _root(
        version: Annotated[
            bool,
            typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
        ] = False,
    ) -> None:
        """breachscope: from a leaked dump to affected people, evidence and letters."""

    for module in import_submodules(commands):
        module.register(app)
    return app


def main() -> None:
    build_app()()
