"""``breachscope demo``: a synthetic leak, scanned end to end, summarised.

Everything the demo shows is counted from the case database; it never prints a personal
value (the leak is synthetic, but the habit matters).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.table import Table

from breachscope.case import Case
from breachscope.config import Config
from breachscope.pipeline import PipelineSummary, run_pipeline
from breachscope.scan import ScanProgress
from breachscope.synth import Summary as SynthSummary
from breachscope.synth import generate
from breachscope.vocabulary import DATA_CLASSES


@dataclass(frozen=True, slots=True)
class DemoResult:
    directory: Path
    synth: SynthSummary
    pipeline: PipelineSummary
    coverage: dict[str, int]
    """Manifest rows per status (extracted / skipped / failed)."""
    people_by_class: dict[str, int]
    """Affected people per data class, in vocabulary order."""


def run_demo(
    directory: Path,
    *,
    people: int = 300,
    seed: int = 2025,
    config: Config | None = None,
    progress: ScanProgress | None = None,
) -> DemoResult:
    """Synthesise a leak under ``directory/leak``, scan it into ``directory/case``."""
    directory = Path(directory)
    leak, case_dir = directory / "leak", directory / "case"
    if leak.exists() or case_dir.exists():
        raise FileExistsError(f"{directory} already holds a demo; give an empty folder")
    synth = generate(leak, people=people, seed=seed)
    summary = run_pipeline(leak / "dump", case_dir, config or Config(), progress)
    with Case.open(case_dir, read_only=True) as case:
        coverage = {
            str(s): int(n)
            for s, n in case.con.execute(
                "SELECT status, count(*) FROM files GROUP BY status ORDER BY status"
            ).fetchall()
        }
        counted = {
            str(c): int(n)
            for c, n in case.con.execute(
                "SELECT c, count(*) FROM (SELECT unnest(data_classes) AS c FROM persons) GROUP BY c"
            ).fetchall()
        }
    by_class = {c: counted.get(c, 0) for c in DATA_CLASSES}
    return DemoResult(directory, synth, summary, coverage, by_class)


def render(result: DemoResult, console: Console) -> None:
    """Print the demo's summary: coverage, people, data classes."""
    scan = result.pipeline.scan
    res = result.pipeline.resolve
    console.print(
        f"[bold]Synthetic leak[/bold]: {result.synth.files} files and members written to "
        f"{result.directory / 'leak' / 'dump'} (truth in {result.directory / 'leak' / 'truth'})"
    )
    cov = Table(title="File coverage (every file and archive/e-mail member)")
    for col in ("files", "extracted", "skipped", "failed", "duplicates", "findings", "MB/s"):
        cov.add_column(col, justify="right")
    cov.add_row(
        str(scan.files),
        str(result.coverage.get("extracted", 0)),
        str(result.coverage.get("skipped", 0)),
        str(result.coverage.get("failed", 0)),
        str(scan.duplicates),
        str(scan.findings),
        f"{scan.mb_per_s:.1f}",
    )
    console.print(cov)
    console.print(
        f"[bold]Affected people[/bold]: {res.persons} "
        f"(range {res.count_low}–{res.count_high} over link thresholds; "
        + ", ".join(f"{t} {n}" for t, n in res.tiers.items())
        + f") from {result.pipeline.mentions} mentions"
    )
    top = Table(title="What leaked: people per data class")
    top.add_column("data class")
    top.add_column("people", justify="right")
    for cls, n in sorted(result.people_by_class.items(), key=lambda kv: -kv[1]):
        top.add_row(cls, str(n))
    console.print(top)
    console.print(f"Case folder: {result.directory / 'case'} (query case.duckdb with SQL)")
