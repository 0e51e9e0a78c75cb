"""``breachscope scan``: read every file of a dump into a case folder, then assemble the
findings into person mentions and resolve them into unique people."""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Annotated, TextIO

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
    TransferSpeedColumn,
)

from breachscope.case import CaseError
from breachscope.case.folder import CONFIG_NAME
from breachscope.config import Config
from breachscope.detect.paths import PathMask, path_reader
from breachscope.pipeline import run_pipeline
from breachscope.resolve import ResolveSummary
from breachscope.scan import NullProgress, ScanProgress, ScanSummary, scan


class _MaskedPaths:
    """Prints paths through a :class:`~breachscope.detect.paths.PathMask` (or as they are,
    without one), which reads new paths with the name register once the scan has it."""

    def __init__(self, mask: PathMask | None) -> None:
        self.paths = mask

    def mask(self, path: str) -> str:
        return path if self.paths is None else self.paths(path)

    def register(self, words: frozenset[str]) -> None:
        if self.paths is not None:
            self.paths.use_register(words)


class JsonLines(_MaskedPaths):
    """Progress as JSON lines on stderr (paths and counts only, never values: what a path
    holds of a person is written as its class by ``mask``, see
    :class:`~breachscope.detect.paths.PathMask`)."""

    def __init__(self, out: TextIO, mask: PathMask | None = None) -> None:
        super().__init__(mask)
        self.out = out

    def _write(self, event: str, **fields: str | int | float) -> None:
        record: dict[str, str | int | float] = {
            "ts": datetime.now(UTC).isoformat(timespec="milliseconds"),
            "event": event,
        }
        record.update(fields)
        self.out.write(json.dumps(record, ensure_ascii=False) + "\n")
        self.out.flush()

    def phase(self, name: str) -> None:
        self._write("phase", phase=name)

    def start(self, files: int, size: int) -> None:
        self._write("start", files=files, bytes=size)

    def file_done(self, path: str, size: int, status: str) -> None:
        self._write("file", path=self.mask(path), bytes=size, status=status)

    def note(self, event: str, **fields: str | int | float) -> None:
        if isinstance(path := fields.get("path"), str):
            fields["path"] = self.mask(path)
        self._write(event, **fields)


class RichBar(_MaskedPaths):
    """A progress bar: files, bytes, rate and ETA."""

    def __init__(self, console: Console, mask: PathMask | None = None) -> None:
        super().__init__(mask)
        self.progress = Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            TextColumn("{task.fields[files]}/{task.fields[total_files]} files"),
            DownloadColumn(),
            TransferSpeedColumn(),
            TimeRemainingColumn(),
            console=console,
            transient=False,
        )
        self.task: TaskID | None = None
        self.files = 0

    def phase(self, name: str) -> None:
        if self.task is None:
            self.progress.console.print(f"[dim]{name}...")

    def start(self, files: int, size: int) -> None:
        self.progress.start()
        self.task = self.progress.add_task("scanning", total=size, files=0, total_files=files)

    def file_done(self, path: str, size: int, status: str) -> None:
        self.files += 1
        if self.task is not None:
            self.progress.update(self.task, advance=size, files=self.files)

    def note(self, event: str, **fields: str | int | float) -> None:
        if event == "worker_died":
            path = self.mask(str(fields.get("path")))
            self.progress.console.print(f"[yellow]worker died on {escape(path)}")
        elif event == "name_register":  # a count only: the words themselves are names
            self.progress.console.print(
                f"[dim]structured files read; their {fields.get('words')} surnames are "
                "searched in the other files"
            )

    def stop(self) -> None:
        self.progress.stop()


def _config_for(case_dir: Path, workers: int | None) -> Config:
    cfg_path = case_dir / CONFIG_NAME
    config = Config.load(cfg_path) if cfg_path.is_file() else Config()
    return config.with_(workers=workers) if workers else config


def _print_summary(summary: ScanSummary) -> None:
    typer.echo(
        f"{summary.files} files in the manifest: {summary.extracted} extracted, "
        f"{summary.skipped} skipped ({summary.duplicates} duplicates), {summary.failed} failed; "
        f"{summary.findings} findings"
    )
    typer.echo(
        f"read {summary.files_read} files, {summary.bytes_read / 1e6:.1f} MB in "
        f"{summary.seconds:.1f} s ({summary.mb_per_s:.1f} MB/s)"
    )


def _print_people(mentions: int, summary: ResolveSummary) -> None:
    tiers = ", ".join(f"{tier} {n}" for tier, n in summary.tiers.items())
    typer.echo(
        f"{summary.persons} affected people ({tiers}; range {summary.count_low}-"
        f"{summary.count_high} over link thresholds) from {mentions} mentions"
    )


def register(app: typer.Typer) -> None:
    @app.command("scan")
    def scan_command(
        dump: Annotated[Path, typer.Argument(help="Dump folder, or one archive file.")],
        case: Annotated[Path, typer.Option("--case", help="Case folder (created if needed).")],
        workers: Annotated[
            int | None,
            typer.Option("--workers", min=1, help="Worker processes (default: all cores)."),
        ] = None,
        quiet: Annotated[bool, typer.Option("--quiet", help="No progress bar or summary.")] = False,
        log_json: Annotated[
            bool, typer.Option("--log-json", help="Progress as JSON lines on stderr.")
        ] = False,
        resolve: Annotated[
            bool,
            typer.Option(
                "--resolve/--no-resolve",
                help="After reading, assemble mentions and resolve people (default) or stop.",
            ),
        ] = True,
    ) -> None:
        """Scan DUMP into the case: read every file, find the people and what leaked.

        Inventories, extracts and detects every file (resuming an interrupted scan), then
        assembles person mentions and resolves them into unique people.
        """
        try:
            config = _config_for(case, workers)
        except (ValueError, OSError) as exc:
            typer.echo(f"error: cannot read the case configuration: {exc}", err=True)
            raise typer.Exit(2) from exc
        bar: RichBar | None = None
        progress: ScanProgress = NullProgress()
        mask = PathMask.live(partial(path_reader, config))
        if log_json:
            progress = JsonLines(sys.stderr, mask)
        elif not quiet and sys.stderr.isatty():
            bar = RichBar(Console(stderr=True), mask)
            progress = bar
        people: tuple[int, ResolveSummary] | None = None
        try:
            if resolve:
                result = run_pipeline(dump, case, config, progress)
                summary, people = result.scan, (result.mentions, result.resolve)
            else:
                summary = scan(dump, case, config, progress)
        except (CaseError, FileNotFoundError, NotADirectoryError, ValueError) as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(2) from exc
        except KeyboardInterrupt as exc:
            typer.echo("interrupted: run the same command again to resume", err=True)
            raise typer.Exit(130) from exc
        finally:
            if bar is not None:
                bar.stop()
        if log_json:
            JsonLines(sys.stderr).note(
                "summary",
                files=summary.files,
                extracted=summary.extracted,
                skipped=summary.skipped,
                failed=summary.failed,
                duplicates=summary.duplicates,
                findings=summary.findings,
                files_read=summary.files_read,
                bytes_read=summary.bytes_read,
                seconds=round(summary.seconds, 3),
            )
            if people is not None:
                JsonLines(sys.stderr).note(
                    "people",
                    mentions=people[0],
                    persons=people[1].persons,
                    count_low=people[1].count_low,
                    count_high=people[1].count_high,
                )
        if not quiet:
            _print_summary(summary)
            if people is not None:
                _print_people(*people)
