"""The whole pipeline on one dump: ingest, extract and detect (:func:`breachscope.scan.scan`),
then assemble and resolve. This is what ``breachscope scan`` runs."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from breachscope.assemble import assemble_case
from breachscope.case import Case
from breachscope.config import Config
from breachscope.resolve import ResolveSummary, resolve_case
from breachscope.scan import ScanProgress, ScanSummary, scan


@dataclass(frozen=True, slots=True)
class PipelineSummary:
    scan: ScanSummary
    mentions: int
    """Person mentions assembled from the findings."""
    unattributed: int
    """Findings that belong to no person mention (e.g. a result with no identifier)."""
    resolve: ResolveSummary


def run_pipeline(
    dump: Path,
    case_dir: Path,
    config: Config,
    progress: ScanProgress | None = None,
) -> PipelineSummary:
    """Scan ``dump`` into ``case_dir`` and resolve the people in it (resumable: a rerun
    continues the scan where it stopped, then assembles and resolves again)."""
    scanned = scan(dump, case_dir, config, progress)
    with Case.open(case_dir) as case:
        if progress is not None:
            progress.phase("assemble")
        assembled = assemble_case(case, config)
        if progress is not None:
            progress.phase("resolve")
        resolved = resolve_case(case, config)
    return PipelineSummary(
        scan=scanned,
        mentions=assembled.mentions,
        unattributed=assembled.unattributed,
        resolve=resolved,
    )
