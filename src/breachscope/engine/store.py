"""The scan's side of the case database: inventory, batch transactions, duplicates.

Resuming needs no journal of its own: a top-level file is done exactly when its manifest
row exists, and a batch's rows and findings are committed in one transaction, so a scan
killed at any moment leaves only whole files behind.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pyarrow as pa

from breachscope.case.migrations import FINDING_ROWS, RECORD_KEYS
from breachscope.detect.links import KEYS_INSERT
from breachscope.detect.paths import PATH_LOCATION_LIKE, PathMask, path_units
from breachscope.detect.register import REGISTER_KINDS, register_words
from breachscope.engine.batch import Rows, ScanItem
from breachscope.engine.manifest import FAILED, SKIPPED, ManifestRow, rows_to_arrow
from breachscope.engine.series import series_key, series_runs
from breachscope.engine.spool import with_rows
from breachscope.extract.units import TextUnit
from breachscope.ingest.inventory import REGULAR, Entry, sha256_file

INVENTORY_KEY = "scan.inventory"
DUMP_KEY = "scan.dump"
PAGE = 10_000
MAX_BATCH_FILES = 2000
MIN_BATCH_BYTES = 4 * 1024**2
FILE_COST_BYTES = 1024 * 1024
"""What a file costs besides its bytes (sniffing, opening, classifying its columns: about
20 ms of CPU for a small CSV export, where a large export of repeated values costs about
14 ms per MB), counted as this many bytes when batches are sized, so that a dump of many
small files spreads over the workers instead of filling one batch.

A file that follows a file of its series in a batch (see :mod:`breachscope.engine.series`)
costs half of this: 11-13 ms of CPU for a small CSV export detected with the rest of its
series, whose header is classified once for all of them, against 20-24 ms alone."""


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _get(con: duckdb.DuckDBPyConnection, key: str) -> str | None:
    row = con.execute("SELECT value FROM case_info WHERE key = ?", [key]).fetchone()
    return None if row is None else str(row[0])


def _set(con: duckdb.DuckDBPyConnection, key: str, value: str) -> None:
    con.execute("INSERT OR REPLACE INTO case_info VALUES (?, ?)", [key, value])


def claim_dump(con: duckdb.DuckDBPyConnection, dump: str) -> None:
    """Record the dump this case scans; refuse a different one."""
    known = _get(con, DUMP_KEY)
    if known is None:
        _set(con, DUMP_KEY, dump)
    elif known != dump:
        raise ValueError(f"this case already holds a scan of {known}; use a new case folder")


def inventory_state(con: duckdb.DuckDBPyConnection) -> str | None:
    return _get(con, INVENTORY_KEY)


def write_inventory(con: duckdb.DuckDBPyConnection, entries: Iterable[Entry]) -> int:
    """Store the dump's entries and the rows of non-regular ones, in one transaction."""
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("DELETE FROM scan_inventory")
        count = 0
        chunk: list[Entry] = []
        for entry in entries:
            chunk.append(entry)
            if len(chunk) >= PAGE:
                count += _insert_entries(con, chunk)
                chunk = []
        count += _insert_entries(con, chunk)
        _set(con, INVENTORY_KEY, "listed")
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return count


def _insert_entries(con: duckdb.DuckDBPyConnection, entries: list[Entry]) -> int:
    if not entries:
        return 0
    inventory = pa.table(
        {
            "path": [e.path for e in entries],
            "fs_path": [os.fsencode(e.fs_path) for e in entries],
            "kind": [e.kind for e in entries],
            "size": pa.array([e.size for e in entries], pa.int64()),
            "sha256": pa.array([None] * len(entries), pa.string()),
        }
    )
    con.register("_inventory", inventory)
    con.execute("INSERT INTO scan_inventory SELECT * FROM _inventory")
    con.unregister("_inventory")
    others = [
        ManifestRow(
            e.path,
            None,
            0,
            None,
            None,
            e.kind,
            None,
            FAILED if e.failed else SKIPPED,
            e.reason or "not a regular file",
        )
        for e in entries
        if e.kind != REGULAR
    ]
    insert_manifest(con, rows_to_arrow(others))
    return len(entries)


def insert_manifest(con: duckdb.DuckDBPyConnection, manifest: pa.Table) -> None:
    if manifest.num_rows:
        _insert(con, "files", manifest)


def insert_findings(con: duckdb.DuckDBPyConnection, findings: pa.Table) -> None:
    if findings.num_rows:
        _insert(con, FINDING_ROWS, findings)


def insert_keys(con: duckdb.DuckDBPyConnection, keys: pa.Table | pa.RecordBatchReader) -> None:
    """Insert the keys of table rows (:data:`~breachscope.detect.links.KEYS_SCHEMA`) into
    ``record_keys``, each value as its hash."""
    if isinstance(keys, pa.RecordBatchReader) or keys.num_rows:
        _insert(con, RECORD_KEYS, keys, KEYS_INSERT)


def replace_path_findings(
    con: duckdb.DuckDBPyConnection, detect: Callable[[Sequence[TextUnit]], pa.Table]
) -> int:
    """Read the path of every manifest row as :func:`~breachscope.detect.paths.path_units`
    does (each folder once), with ``detect``, in place of what an earlier run found
    there, in one transaction; return the findings in paths."""
    cur = con.cursor()
    seen: set[str] = set()
    found = 0
    try:
        cur.begin()
        cur.execute(f"DELETE FROM {FINDING_ROWS} WHERE location LIKE ?", [PATH_LOCATION_LIKE])
        paths = con.cursor()
        try:
            paths.execute("SELECT path FROM files ORDER BY path")
            while page := paths.fetchmany(PAGE):
                units = path_units((str(row[0]) for row in page), seen)
                table = detect(units) if units else None
                if table is not None and table.num_rows:
                    insert_findings(cur, table)
                    found += table.num_rows
        finally:
            paths.close()
        cur.commit()
    except BaseException:
        cur.rollback()
        raise
    finally:
        cur.close()
    return found


def path_mask(con: duckdb.DuckDBPyConnection) -> PathMask:
    """A :class:`~breachscope.detect.paths.PathMask` of what the case found in paths."""
    cur = con.cursor()
    try:
        cur.execute(
            "SELECT path, location, data_class FROM findings WHERE location LIKE ?",
            [PATH_LOCATION_LIKE],
        )
        return PathMask.from_findings(cur.fetchall())
    finally:
        cur.close()


def _insert(
    con: duckdb.DuckDBPyConnection,
    table: str,
    rows: pa.Table | pa.RecordBatchReader,
    columns: str = "*",
) -> None:
    """Insert ``columns`` of ``rows`` into ``table`` (a reader's batches as DuckDB pulls
    them)."""
    con.register("_rows", rows)
    try:
        con.execute(f"INSERT INTO {table} SELECT {columns} FROM _rows")
    finally:
        con.unregister("_rows")


def hash_shared_sizes(con: duckdb.DuckDBPyConnection, workers: int) -> int:
    """Hash the regular files whose size another file shares (duplicate candidates).

    Committed page by page, so a killed scan does not hash them again.
    """
    cur = con.cursor()
    try:
        cur.execute(
            """
            CREATE OR REPLACE TEMP TABLE _to_hash AS
            SELECT row_number() OVER (ORDER BY path) AS n, path, fs_path FROM scan_inventory
            WHERE kind = 'file' AND sha256 IS NULL AND size > 0 AND size IN (
                SELECT size FROM scan_inventory WHERE kind = 'file' AND size > 0
                GROUP BY size HAVING count(*) > 1)
            """
        )
        hashed = 0
        step = PAGE // 10
        while True:
            todo = cur.execute(
                "SELECT path, fs_path FROM _to_hash WHERE n > ? AND n <= ? ORDER BY n",
                [hashed, hashed + step],
            ).fetchall()
            if not todo:
                return hashed
            with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
                digests = list(pool.map(lambda r: _try_hash(bytes(r[1])), todo))
            cur.execute("BEGIN TRANSACTION")
            cur.executemany(
                "UPDATE scan_inventory SET sha256 = ? WHERE path = ?",
                [[digest, path] for (path, _fs), digest in zip(todo, digests, strict=True)],
            )
            cur.execute("COMMIT")
            hashed += len(todo)
    finally:
        cur.close()


def _try_hash(fs_path: bytes) -> str:
    try:
        return sha256_file(os.fsdecode(fs_path))
    except OSError:
        return ""  # unreadable: the worker records why; '' is never a duplicate


def record_top_duplicates(con: duckdb.DuckDBPyConnection) -> int:
    """Manifest rows for top-level copies of another file (never read); marks inventory done."""
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(
            """
            INSERT INTO files
            SELECT i.path, NULL, 0, i.size, i.sha256, 'unknown', NULL, 'skipped',
                   'duplicate of ' || c.canonical, c.canonical, 0, 0
            FROM scan_inventory i
            JOIN (SELECT sha256, min(path) AS canonical FROM scan_inventory
                  WHERE kind = 'file' AND sha256 IS NOT NULL AND sha256 <> ''
                  GROUP BY sha256 HAVING count(*) > 1) c USING (sha256)
            WHERE i.kind = 'file' AND i.path <> c.canonical
              AND i.path NOT IN (SELECT path FROM files)
            """
        )
        count = con.execute(
            "SELECT count(*) FROM files WHERE depth = 0 AND duplicate_of IS NOT NULL"
        ).fetchone()
        _set(con, INVENTORY_KEY, "done")
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return int(count[0]) if count else 0


_PENDING = """
    FROM scan_inventory i
    WHERE i.kind = 'file' AND NOT EXISTS (SELECT 1 FROM files f WHERE f.path = i.path)
"""


def pending_totals(con: duckdb.DuckDBPyConnection) -> tuple[int, int]:
    row = con.execute(f"SELECT count(*), coalesce(sum(size), 0) {_PENDING}").fetchone()
    return (int(row[0]), int(row[1])) if row else (0, 0)


def pending_sizes(con: duckdb.DuckDBPyConnection, min_size: int) -> list[int]:
    """Sizes of the pending files of at least ``min_size`` bytes."""
    rows = con.execute(f"SELECT size {_PENDING} AND size >= ?", [min_size]).fetchall()
    return [int(r[0]) for r in rows]


def pending_runs(con: duckdb.DuckDBPyConnection) -> int:
    """How many runs of one series the pending files make in path order (see
    :func:`~breachscope.engine.series.series_runs`), read page by page."""
    cur = con.cursor()
    try:
        cur.execute(f"SELECT i.path {_PENDING} ORDER BY i.path")
        pages = iter(lambda: cur.fetchmany(PAGE), [])
        return series_runs(str(row[0]) for page in pages for row in page)
    finally:
        cur.close()


def register_sources(
    con: duckdb.DuckDBPyConnection, types: frozenset[str]
) -> tuple[list[str], list[str]]:
    """:func:`register_values` of the findings of the top-level files of the detected
    ``types`` (those a scan reads first: never the members of an archive, which a resumed
    scan may have read already)."""
    first = (
        "(SELECT * FROM findings WHERE path IN (SELECT path FROM files WHERE depth = 0 "
        "AND detected_type IN (SELECT unnest(?))))"
    )
    return register_values(con, first, [sorted(types)])


def register_values(
    con: duckdb.DuckDBPyConnection, findings: str, params: Sequence[object] = ()
) -> tuple[list[str], list[str]]:
    """For the name register (:mod:`breachscope.detect.register`): the distinct values of
    name columns (surname and full-name cells of a column claimed by its header) and of
    city and street findings, each in value order, among the rows of the relation
    ``findings`` (SQL; ``params`` bound in it)."""

    def values(where: str, kinds: Sequence[str]) -> list[str]:
        marks = ", ".join("?" for _ in kinds)
        query = (
            f"SELECT DISTINCT value FROM {findings} WHERE {where} AND kind IN ({marks}) ORDER BY 1"
        )
        return [str(r[0]) for r in con.execute(query, [*params, *kinds]).fetchall()]

    names = values(
        "data_class = 'name' AND starts_with(explanation, 'column header')", REGISTER_KINDS
    )
    return names, values("data_class = 'address'", ("city", "street"))


def case_register(con: duckdb.DuckDBPyConnection, types: frozenset[str]) -> frozenset[str]:
    """The name register of a case: :func:`register_words` of :func:`register_sources`."""
    return register_words(*register_sources(con, types))


def pending_items(
    con: duckdb.DuckDBPyConnection, dump_root: str | None = None
) -> Iterator[ScanItem]:
    """Regular top-level files without a manifest row, in path order, page by page
    (``dump_root``: the dump folder, where their companions may be read; ``None`` for a
    dump that is one file)."""
    cur = con.cursor()
    try:
        cur.execute(
            "CREATE OR REPLACE TEMP TABLE _pending AS SELECT row_number() OVER "
            f"(ORDER BY i.path) AS n, i.path, i.fs_path, i.size, i.sha256 {_PENDING}"
        )
        done = 0
        while True:
            page = cur.execute(
                "SELECT path, fs_path, size, sha256 FROM _pending WHERE n > ? AND n <= ? "
                "ORDER BY n",
                [done, done + PAGE],
            ).fetchall()
            if not page:
                return
            for path, fs_path, size, sha in page:
                yield ScanItem(
                    str(path),
                    os.fsdecode(bytes(fs_path)),
                    int(size),
                    sha or None,
                    dump_root=dump_root,
                )
            done += len(page)
    finally:
        cur.close()


def pack_batches(
    items: Iterable[ScanItem],
    batch_bytes: int,
    max_files: int = MAX_BATCH_FILES,
    file_cost: int = FILE_COST_BYTES,
    series_cost: int | None = None,
) -> Iterator[list[ScanItem]]:
    """Group items (in path order) into batches costing about ``batch_bytes``. A file
    costs its size plus ``file_cost``, or plus ``series_cost`` (default: half of
    ``file_cost``) when it follows a file of its series in its run; a run of one series
    goes into one batch when it fits one (a longer run fills batches of its own), and a
    file larger than a batch goes alone."""
    follower = _follower_cost(file_cost, series_cost)
    batch: list[ScanItem] = []
    cost = 0
    for run, run_cost in _runs(items, batch_bytes, max_files, file_cost, follower):
        if batch and (cost + run_cost > batch_bytes or len(batch) + len(run) > max_files):
            yield batch
            batch, cost = [], 0
        batch.extend(run)
        cost += run_cost
    if batch:
        yield batch


def batch_cost(
    batch: Sequence[ScanItem], file_cost: int = FILE_COST_BYTES, series_cost: int | None = None
) -> int:
    """What :func:`pack_batches` counts ``batch`` to cost: bytes plus a file's cost, half
    that for a file that follows its series."""
    follower = _follower_cost(file_cost, series_cost)
    return sum(c for _, c in _runs(batch, sys.maxsize, sys.maxsize, file_cost, follower))


def costliest_first(batches: Iterable[list[ScanItem]]) -> list[list[ScanItem]]:
    """``batches`` in the order they are best handed out when all of them are known: the
    costliest first (:func:`batch_cost`; path order among equals). A large file handed
    out last keeps one worker busy while the others wait; handed out first, the small
    batches fill in around it."""
    return sorted(batches, key=batch_cost, reverse=True)


def _follower_cost(file_cost: int, series_cost: int | None) -> int:
    return file_cost // 2 if series_cost is None else series_cost


def _runs(
    items: Iterable[ScanItem], batch_bytes: int, max_files: int, file_cost: int, follower: int
) -> Iterator[tuple[list[ScanItem], int]]:
    """Runs of consecutive items of one series with their cost, each at most a batch
    (``batch_bytes``, ``max_files``) unless it is a single file."""
    run: list[ScanItem] = []
    cost = 0
    key: str | None = None
    for item in items:
        item_key = series_key(item.path)
        weight = item.size + (follower if item_key == key else file_cost)
        if run and (item_key != key or cost + weight > batch_bytes or len(run) >= max_files):
            yield run, cost
            run, cost = [], 0
            weight = item.size + file_cost  # the first of its batch pays in full
        run.append(item)
        cost += weight
        key = item_key
    if run:
        yield run, cost


def pending_cost(
    files: int,
    size: int,
    runs: int | None = None,
    file_cost: int = FILE_COST_BYTES,
    series_cost: int | None = None,
) -> int:
    """The cost :func:`pack_batches` gives ``files`` files of ``size`` bytes in all that
    make ``runs`` runs of one series (:func:`~breachscope.engine.series.series_runs`;
    default: every file a run of its own)."""
    first = files if runs is None else min(runs, files)
    return size + first * file_cost + (files - first) * _follower_cost(file_cost, series_cost)


def batch_target(config_bytes: int, pending_bytes: int, workers: int) -> int:
    """Batch size: the configured bytes, smaller when that would leave workers idle
    (``pending_bytes``: the cost of the pending files, see :func:`pending_cost`)."""
    share = pending_bytes // max(1, workers * 4)
    return min(config_bytes, max(MIN_BATCH_BYTES, share))


class BatchWriter:
    """One open transaction per batch in flight; rows land as they arrive."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con
        self.open: dict[int, duckdb.DuckDBPyConnection] = {}

    def begin(self, batch_id: int) -> None:
        cur = self.con.cursor()
        cur.execute("BEGIN TRANSACTION")
        self.open[batch_id] = cur

    def rows(self, batch_id: int, rows: Rows) -> None:
        cur = self.open[batch_id]
        insert_manifest(cur, rows.manifest)
        insert_findings(cur, rows.findings)
        insert_keys(cur, rows.keys)

    def rows_from_files(
        self, batch_id: int, manifest: Path | None, findings: Path, keys: Path | None = None
    ) -> None:
        """Insert rows a worker wrote to files (:mod:`.spool`; streamed, never read into
        memory here as a whole)."""
        cur = self.open[batch_id]
        if manifest is not None:
            with_rows(manifest, lambda rows: _insert(cur, "files", rows))
        with_rows(findings, lambda rows: _insert(cur, FINDING_ROWS, rows))
        if keys is not None:
            with_rows(keys, lambda rows: insert_keys(cur, rows))
        # the Arrow pool keeps the pages it read the rows into (about 90 MB for the
        # 633,000 findings of an 8 MB export): hand them back, as the rows are inserted
        pa.default_memory_pool().release_unused()

    def discard(self, batch_id: int, tops: Sequence[str]) -> None:
        """Drop what was received for the top-level files ``tops`` (and their members)."""
        cur = self.open[batch_id]
        for table in ("files", FINDING_ROWS, RECORD_KEYS):
            cur.execute(
                f"DELETE FROM {table} WHERE split_part(path, '!/', 1) IN (SELECT unnest(?))",
                [list(tops)],
            )

    def commit(self, batch_id: int) -> None:
        cur = self.open.pop(batch_id)
        cur.execute("COMMIT")
        cur.close()

    def close(self) -> None:
        for cur in self.open.values():
            try:
                cur.execute("ROLLBACK")
            finally:
                cur.close()
        self.open.clear()


def start_run(con: duckdb.DuckDBPyConnection, dump: str, workers: int) -> int:
    row = con.execute("SELECT coalesce(max(run), 0) + 1 FROM scan_runs").fetchone()
    run = int(row[0]) if row else 1
    con.execute(
        "INSERT INTO scan_runs (run, dump, started, workers) VALUES (?, ?, ?, ?)",
        [run, dump, _now(), workers],
    )
    return run


def finish_run(
    con: duckdb.DuckDBPyConnection, run: int, files: int, size: int, seconds: float
) -> None:
    con.execute(
        "UPDATE scan_runs SET finished = ?, files_read = ?, bytes_read = ?, seconds = ? "
        "WHERE run = ?",
        [_now(), files, size, seconds, run],
    )
