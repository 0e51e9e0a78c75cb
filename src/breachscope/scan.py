"""``scan``: inventory a dump, read every file, store manifest and findings in the case.

    summary = scan(Path("dump"), Path("case"), Config(workers=8))

Two rounds on one pool of workers: the structured files first (tables, HL7, EDIFACT,
JSON, SQL), then every other file, read with the name register built from the first
round's name columns (:mod:`breachscope.detect.register`).

Resumable: run it again after a crash or ``kill -9`` and it reads only the top-level files
that have no manifest row yet, ending exactly as an uninterrupted scan would (the register
is rebuilt from the case).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from time import monotonic
from typing import Protocol

import duckdb

from breachscope.case import Case
from breachscope.config import Config
from breachscope.detect.links import link_records
from breachscope.detect.paths import with_path_names
from breachscope.engine import store
from breachscope.engine.batch import Rows, ScanItem, TopDone
from breachscope.engine.dedup import settle_duplicates
from breachscope.engine.local import Phase, run_phases
from breachscope.engine.phases import structured_items
from breachscope.engine.registry import Registry, registry_with_register, write_register
from breachscope.engine.series import series_runs
from breachscope.engine.split import SplitRule, split_batches
from breachscope.ingest.inventory import walk

SPOOL = "spool"
REGISTER_FILE = "name-register.txt"
"""The name register while the second round runs, in the spool folder (the workers read
it; removed after the scan, or by the next scan of the case after a crash)."""
DB_MEMORY_LIMIT = "1GB"
"""DuckDB's buffer limit in the scan driver (open batches spill beyond it)."""


class ScanProgress(Protocol):
    """Receives progress; implementations must never print values (paths are fine)."""

    def phase(self, name: str) -> None: ...
    def start(self, files: int, size: int) -> None: ...
    def file_done(self, path: str, size: int, status: str) -> None: ...
    def note(self, event: str, **fields: str | int | float) -> None: ...
    def register(self, words: frozenset[str]) -> None:
        """The name register, once the structured files are read: the surnames the
        rest of the scan searches, for masking the paths still to come (never printed)."""


class NullProgress:
    def phase(self, name: str) -> None:
        return None

    def start(self, files: int, size: int) -> None:
        return None

    def file_done(self, path: str, size: int, status: str) -> None:
        return None

    def note(self, event: str, **fields: str | int | float) -> None:
        return None

    def register(self, words: frozenset[str]) -> None:
        return None


@dataclass(frozen=True, slots=True)
class ScanSummary:
    case_dir: Path
    files: int
    """Manifest rows: files, members, attachments and non-regular entries."""
    extracted: int
    skipped: int
    failed: int
    duplicates: int
    findings: int
    files_read: int
    """Top-level files read by this run (0 when resuming a finished scan)."""
    bytes_read: int
    seconds: float

    @property
    def mb_per_s(self) -> float:
        return self.bytes_read / 1e6 / self.seconds if self.seconds > 0 else 0.0


class _Sink:
    def __init__(self, writer: store.BatchWriter, progress: ScanProgress) -> None:
        self.writer = writer
        self.progress = progress
        self.files = 0
        self.bytes = 0

    def begin(self, batch_id: int) -> None:
        self.writer.begin(batch_id)

    def rows(self, batch_id: int, rows: Rows) -> None:
        self.writer.rows(batch_id, rows)

    def rows_from_files(
        self, batch_id: int, manifest: Path | None, findings: Path, keys: Path | None = None
    ) -> None:
        self.writer.rows_from_files(batch_id, manifest, findings, keys)

    def discard(self, batch_id: int, tops: Sequence[str]) -> None:
        self.writer.discard(batch_id, tops)

    def top_done(self, batch_id: int, done: TopDone) -> None:
        self.files += 1
        self.bytes += done.size
        self.progress.file_done(done.top, done.size, done.status)

    def commit(self, batch_id: int) -> None:
        self.writer.commit(batch_id)
        self.progress.note("batch_committed", batch=batch_id)

    def worker_died(self, path: str, reason: str) -> None:
        self.progress.note("worker_died", path=path, reason=reason)


def _check_folders(dump: Path, case_dir: Path) -> None:
    if not dump.exists():
        raise FileNotFoundError(f"dump {dump} does not exist")
    d, c = dump.resolve(), case_dir.resolve()
    if c == d or d in c.parents:
        raise ValueError("the case folder must not lie inside the dump")
    if c in d.parents:
        raise ValueError("the dump must not lie inside the case folder")


def scan(
    dump: Path,
    case_dir: Path,
    config: Config,
    progress: ScanProgress | None = None,
    *,
    registry: Callable[[], Registry] = Registry.discover,
) -> ScanSummary:
    """Scan ``dump`` (a folder, or one archive) into the case folder ``case_dir``.

    ``registry`` builds the extractors and detection in each worker (an importable
    function; the default discovers the installed ones).
    """
    progress = progress or NullProgress()
    started = monotonic()
    if config.engine != "local":
        raise ValueError(f"engine {config.engine!r} is not available in this version; use 'local'")
    dump, case_dir = Path(dump), Path(case_dir)
    _check_folders(dump, case_dir)
    detection = registry()  # fail here, not in every worker, when broken
    types = detection.structured_types()
    workers = max(1, config.workers)
    with Case.init(case_dir, config) as case:
        con = case.con
        con.execute(f"SET memory_limit = '{DB_MEMORY_LIMIT}'")
        store.claim_dump(con, str(dump.resolve()))
        root = os.fspath(dump.resolve()) if dump.is_dir() else None  # companions' bound
        run = store.start_run(con, str(dump.resolve()), workers)
        state = store.inventory_state(con)
        if state is None:
            progress.phase("inventory")
            store.write_inventory(con, walk(dump))
        if state != "done":
            progress.phase("hashing")
            store.hash_shared_sizes(con, workers)
            store.record_top_duplicates(con)
        files, size = store.pending_totals(con)
        first: list[ScanItem] = []
        if files and config.name_register and types:
            progress.phase("sniffing")
            first = structured_items(store.pending_items(con, root), types, max(4, workers))
        progress.phase("scanning")
        progress.start(files, size)
        spool = case.root / SPOOL
        register_file = spool / REGISTER_FILE  # removed with the spool, after a crash too
        shutil.rmtree(spool, ignore_errors=True)
        writer = store.BatchWriter(con)
        sink = _Sink(writer, progress)
        planner = _Planner(config, progress, workers)

        def phases() -> Iterator[Phase]:
            """Structured files first (their name columns make the register), then the
            rest: decided when the first round is committed."""
            make = registry
            if first:
                first_size = sum(i.size for i in first)
                runs = series_runs(i.path for i in first)
                yield planner.batches(first, len(first), first_size, runs, known=True), make
            left, left_size = store.pending_totals(con)
            if left:
                if config.name_register and types:
                    make = _registered(con, types, register_file, make, progress)
                runs = store.pending_runs(con)
                yield planner.batches(store.pending_items(con, root), left, left_size, runs), make

        try:
            if files:
                pool = _pool_size(con, config, workers, files, size)
                run_phases(phases(), config, spool, sink, pool)
        finally:
            writer.close()
            shutil.rmtree(spool, ignore_errors=True)
        progress.phase("duplicates")
        settle_duplicates(con)
        progress.phase("links")
        linked = link_records(con)
        if linked:
            progress.note("records_linked", rows=linked)
        progress.phase("paths")
        _read_paths(con, config, detection, types)
        seconds = monotonic() - started
        store.finish_run(con, run, sink.files, sink.bytes, seconds)
        return _summary(case, sink.files, sink.bytes, seconds)


def _read_paths(
    con: duckdb.DuckDBPyConnection, config: Config, registry: Registry, types: frozenset[str]
) -> None:
    """Read the path of every manifest row with the registry's detection and the name
    register, and the names only paths write so (:func:`~breachscope.detect.paths.path_names`;
    :func:`~breachscope.engine.store.replace_path_findings`)."""
    words = store.case_register(con, types) if config.name_register and types else frozenset()
    if words:
        registry = registry.with_register(words)
    detect = registry.detect
    if detect is not None:
        read = with_path_names(lambda units: detect(units, config), words)
        store.replace_path_findings(con, read)


def _registered(
    con: duckdb.DuckDBPyConnection,
    types: frozenset[str],
    path: Path,
    registry: Callable[[], Registry],
    progress: ScanProgress,
) -> Callable[[], Registry]:
    """``registry`` with the name register of the structured files read so far (written
    to ``path`` for the workers), or as it is when the register is empty. Built from what
    the case holds, so a resumed scan uses the register an uninterrupted one does."""
    words = store.case_register(con, types)
    progress.note("name_register", words=len(words))
    progress.register(words)
    if not words:
        return registry
    path.parent.mkdir(parents=True, exist_ok=True)
    write_register(path, words)
    return partial(registry_with_register, registry, str(path))


def _pool_size(
    con: duckdb.DuckDBPyConnection, config: Config, workers: int, files: int, size: int
) -> int:
    """Worker processes for ``files`` pending files of ``size`` bytes: one per file and
    per extra part a large file is cut into (costed as :class:`_Planner` costs them), at
    most ``workers``; with at least as many files as workers, no file needs counting."""
    if files >= workers:
        return workers
    cost = store.pending_cost(files, size, store.pending_runs(con))
    rule = SplitRule.for_pending(config.split_bytes, workers, cost)
    parts = sum(rule.parts(s) - 1 for s in store.pending_sizes(con, rule.min_size))
    return min(workers, files + parts)


@dataclass(frozen=True, slots=True)
class _Planner:
    """Batches of a set of pending files, as large as their cost and the workers allow,
    large CSV files cut into parts."""

    config: Config
    progress: ScanProgress
    workers: int

    def batches(
        self, items: Iterable[ScanItem], files: int, size: int, runs: int, *, known: bool = False
    ) -> Iterator[list[ScanItem]]:
        """Batches of ``items``: ``files`` files of ``size`` bytes in ``runs`` runs of one
        series (:func:`~breachscope.engine.series.series_runs`). Batches of ``known``
        items (a list already in memory) go out costliest first
        (:func:`~breachscope.engine.store.costliest_first`); a stream of pending files
        goes in path order, batch by batch as it is read."""
        config, progress, workers = self.config, self.progress, self.workers
        cost = store.pending_cost(files, size, runs)
        target = store.batch_target(config.batch_bytes, cost, workers)
        packed = store.pack_batches(items, target)
        return split_batches(
            store.costliest_first(packed) if known else packed,
            SplitRule.for_pending(config.split_bytes, workers, cost),
            on_split=lambda item, plan: progress.note(
                "file_split", path=item.path, parts=len(plan.spans)
            ),
        )


def _summary(case: Case, files_read: int, bytes_read: int, seconds: float) -> ScanSummary:
    counts = case.con.execute(
        """
        SELECT count(*),
               count(*) FILTER (WHERE status = 'extracted'),
               count(*) FILTER (WHERE status = 'skipped'),
               count(*) FILTER (WHERE status = 'failed'),
               count(*) FILTER (WHERE duplicate_of IS NOT NULL)
        FROM files
        """
    ).fetchone()
    found = case.con.execute("SELECT count(*) FROM findings").fetchone()
    c = [int(v) for v in counts] if counts else [0] * 5
    return ScanSummary(
        case_dir=case.root,
        files=c[0],
        extracted=c[1],
        skipped=c[2],
        failed=c[3],
        duplicates=c[4],
        findings=int(found[0]) if found else 0,
        files_read=files_read,
        bytes_read=bytes_read,
        seconds=seconds,
    )
