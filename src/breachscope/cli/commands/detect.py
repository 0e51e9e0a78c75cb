"""``breachscope detect TEXT|FILE``: show what breachscope finds and why."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import duckdb
import pyarrow as pa
import typer
from rich.console import Console
from rich.table import Table

from breachscope.case import Case, CaseError
from breachscope.config import Config
from breachscope.detect.engine import detect_units
from breachscope.detect.files import units_of_file
from breachscope.detect.finding import FINDINGS_SCHEMA, Finding, findings_from_arrow
from breachscope.detect.heldback import HeldBack, held_back
from breachscope.detect.links import keys_of, linked
from breachscope.detect.paths import PathMask, path_reader, path_units
from breachscope.engine import store
from breachscope.engine.registry import Registry
from breachscope.extract.base import ExtractError, SkipFile
from breachscope.extract.units import TextUnit
from breachscope.location import Location


def _is_file(path: Path) -> bool:
    return _names(path, Path.is_file)


def _is_folder(path: Path) -> bool:
    return _names(path, Path.is_dir)


def _names(path: Path, test: Callable[[Path], bool]) -> bool:
    """Whether the target, read as a path, passes ``test`` (a long text is no path)."""
    try:
        return len(str(path)) < 4096 and "\n" not in str(path) and test(path)
    except OSError:
        return False


_PATH_LIKE = re.compile(r"\S*(?:[/\\]\S*|\.[A-Za-z][A-Za-z0-9]{1,4})")
"""One word that names a file: it holds a path separator or ends in an extension."""


def _looks_like_path(target: str) -> bool:
    """Whether a text that is no file looks like a mistyped file name (``uitslag.csv``,
    ``exports/lijst``): ``detect`` then says it reads it as text."""
    return _PATH_LIKE.fullmatch(target.strip()) is not None and "@" not in target


def mask(value: str) -> str:
    """Hide a value but keep its shape: the first character of each word stays."""
    out = []
    for word in value.split(" "):
        out.append(word[:1] + "".join("•" if c.isalnum() else c for c in word[1:]))
    return " ".join(out)


def _shown(
    found: Finding | HeldBack, reveal: bool, hide: Callable[[str], str]
) -> dict[str, object]:
    """What ``detect`` shows of a finding or a held-back value (masked unless revealed:
    the value, and in its location what ``hide`` masks of the file's name)."""
    location = str(found.location)
    path = found.location.path
    if not reveal and location.startswith(path):
        location = hide(path) + location[len(path) :]
    return {
        "data_class": found.data_class,
        "kind": found.kind,
        "detector": found.detector,
        "value": found.value if reveal else mask(found.value),
        "location": location,
    }


def case_register(case_dir: Path) -> frozenset[str]:
    """The name register a scan of ``case_dir`` used (rebuilt from its findings)."""
    types = Registry.discover().structured_types()
    with Case.open(case_dir, read_only=True) as c:
        return store.case_register(c.con, types)


def register(app: typer.Typer) -> None:
    @app.command("detect")
    def detect(
        target: Annotated[str, typer.Argument(help="Text to scan, or a path to a file.")],
        reveal: Annotated[bool, typer.Option("--reveal", help="Show values unmasked.")] = False,
        as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
        case: Annotated[
            Path | None,
            typer.Option(
                "--case",
                help="A scanned case: search its name register (the surnames of its "
                "structured files' name columns) as the scan did.",
            ),
        ] = None,
    ) -> None:
        """Print the findings in TEXT or FILE with their explanations (values masked).

        A file's own name is read too, as the scan reads the dump's paths. Below them,
        the values found in free text that a rule does not report (an ID-card number, a
        GP's name in a text without patient data, a signature's contact details), each
        with the reason."""
        config = Config(workers=1)
        names = frozenset[str]()
        if case is not None:
            try:
                names = case_register(case)
            except (CaseError, OSError, duckdb.Error) as exc:
                typer.echo(f"error: {exc}", err=True)
                raise typer.Exit(2) from None
        path = Path(target)
        named = FINDINGS_SCHEMA.empty_table()  # (what the file's own name holds)
        if _is_file(path):
            named = path_reader(config, names)(path_units([path.name]))
            skipped: list[str] = []
            try:
                units = units_of_file(path, config, skipped)
            except (ExtractError, SkipFile) as exc:  # value-free by contract
                typer.echo(f"error: cannot read {path.name}: {exc}", err=True)
                raise typer.Exit(2) from None
            except Exception as exc:  # its message may quote the file: type only
                typer.echo(f"error: cannot read {path.name}: {type(exc).__name__}", err=True)
                raise typer.Exit(1) from None
            for reason in skipped:
                typer.echo(f"note: a file inside {path.name} was not read: {reason}", err=True)
        elif _is_folder(path):
            typer.echo(
                f"error: {path.name} is a folder: scan it with `breachscope scan` instead",
                err=True,
            )
            raise typer.Exit(2)
        else:
            if _looks_like_path(target):
                typer.echo("note: no file by that name; the argument is read as text", err=True)
            units = [TextUnit(Location("text"), target)]
        found = linked(detect_units(units, config, register=names or None), keys_of(units))
        findings = findings_from_arrow(pa.concat_tables([found, named]))
        hide = PathMask.from_table(named)  # (what the file's name holds, as the scan hides it)
        rows = [
            {
                **_shown(f, reveal, hide),
                "confidence": round(f.confidence, 3),
                "explanation": f.explanation,
                "record": f.record,
            }
            for f in findings
        ]
        held = [
            {**_shown(h, reveal, hide), "explanation": h.explanation, "reason": h.reason}
            for h in held_back(units, config, names or None)
        ]
        if as_json:
            out = {"version": 2, "findings": rows, "held_back": held}
            typer.echo(json.dumps(out, indent=2, ensure_ascii=False))
            return
        table = Table(title=f"{len(rows)} findings")
        for col in ("class", "kind", "value", "location", "conf.", "why"):
            table.add_column(col, overflow="fold")
        for r in rows:
            table.add_row(
                str(r["data_class"]),
                str(r["kind"]),
                str(r["value"]),
                str(r["location"]),
                f"{r['confidence']:.2f}",
                str(r["explanation"]),
            )
        console = Console()
        console.print(table)
        if held:
            aside = Table(title=f"{len(held)} found but not reported")
            for col in ("class", "kind", "value", "location", "why not"):
                aside.add_column(col, overflow="fold")
            for h in held:
                aside.add_row(
                    str(h["data_class"] or "-"),
                    str(h["kind"]),
                    str(h["value"]),
                    str(h["location"]),
                    str(h["reason"]),
                )
            console.print(aside)
