"""Probes ``detect_text`` (free-text files, one core) and ``detect_tables`` (table files
of the dump through extraction and detection, on N worker processes)."""

from __future__ import annotations

import itertools
import json
import os
import time
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from benchmarks.memo import clear_memo_caches
from benchmarks.timing import repeat, since

if TYPE_CHECKING:
    from benchmarks.dumpwalk import Extractors


def detect_text(args: dict[str, Any], started: float) -> dict[str, Any]:
    """Our detection over the listed free-text files, in this one process."""
    from breachscope.config import Config
    from breachscope.detect.engine import detect_units, detector_set
    from breachscope.extract.units import TextUnit
    from breachscope.location import Location

    files: list[dict[str, Any]] = json.loads(Path(args["files"]).read_text(encoding="utf-8"))
    units = [
        TextUnit(
            Location(f["path"], f.get("part")),
            Path(f["text"]).read_text(encoding="utf-8"),
            int(f.get("base_offset", 0)),
        )
        for f in files
    ]
    config = Config(workers=1)
    t0 = time.perf_counter()
    detector_set(config)
    compile_s = since(t0)
    startup = since(started)
    table, passes = repeat(
        lambda: detect_units(units, config),
        min_total_s=float(args.get("min_total_s", 1.0)),
        min_passes=int(args.get("min_passes", 2)),
        before_each=clear_memo_caches,
    )
    hits = _score(table, units, files, args.get("expect"))
    out = {
        "startup_s": startup,
        "compile_s": compile_s,
        **passes.to_json(),
        "files": len(units),
        "bytes": sum(int(f["bytes"]) for f in files),
        "findings": table.num_rows,
        "hits": hits,
    }
    if args.get("dump"):  # recall with the name register a scan of the dump builds
        register = _dump_register(Path(args["dump"]), config)
        with_register = detect_units(units, config, register=register)
        out["register_words"] = len(register)
        out["hits_register"] = _score(with_register, units, files, args.get("expect"))
    return out


def _dump_register(dump: Path, config: Any) -> frozenset[str]:
    """The name register ``breachscope scan`` builds for ``dump``: from the findings of its
    top-level structured files, by the scan's own selection (``engine.store``)."""
    import duckdb
    import pyarrow as pa

    from benchmarks.dumpwalk import Extractors, file_source, inventory
    from breachscope.detect.engine import detect_files
    from breachscope.detect.register import register_words
    from breachscope.engine.registry import Registry
    from breachscope.engine.store import register_values

    types = Registry.discover().structured_types()
    extractors = Extractors()
    files = [
        list(extractors.units(file_source(f), config))
        for f in inventory(dump)
        if f.detected_type in types
    ]
    if not files:
        return frozenset()
    con = duckdb.connect()
    con.register("found", pa.concat_tables(detect_files(files, config)))
    return register_words(*register_values(con, "found"))


def _score(table: Any, units: list[Any], files: list[dict[str, Any]],
           expect_path: str | None) -> dict[str, dict[str, int]]:  # fmt: skip
    """Our findings as (class, span text) per unit, scored like the reference tools'.

    A table inside a text (a Word letter's list of patients) is read as a table: its
    findings are located by row and column, not by offsets, and their span is the value
    found in the cell (the reference tools read the same cells as text)."""
    from benchmarks.matching import score_units
    from breachscope.detect.finding import locations
    from breachscope.location import Location

    if not expect_path:
        return {}
    texts: dict[tuple[str, str | None], list[tuple[int, str]]] = defaultdict(list)
    for u in units:
        texts[(u.location.path, u.location.part)].append((u.base_offset, u.text))
    unit_of = {(f["path"], f.get("part")): f["unit"] for f in files}
    spans: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for loc, cls, value in zip(locations(table).to_pylist(),
                               table.column("data_class").to_pylist(),
                               table.column("value").to_pylist(), strict=True):  # fmt: skip
        where = Location.parse(loc)
        unit = unit_of.get((where.path, where.part))
        if unit is None:
            continue
        if where.start is None or where.end is None:
            if where.row is not None and value:
                spans[unit].append((cls, str(value)))
            continue
        for base, text in texts[(where.path, where.part)]:
            if base <= where.start < base + len(text):
                spans[unit].append((cls, text[where.start - base : where.end - base]))
                break
    expect = json.loads(Path(expect_path).read_text(encoding="utf-8"))
    return score_units(spans, expect)


def _init_worker(warm_up: list[list[FileRow]]) -> None:
    """Compile the detector set and pay every first-use cost (imports of the extractors,
    pyarrow's one-time probe for pandas) on ``warm_up``, as a scan worker has after its
    first file; the memo caches this fills are emptied before every timed pass."""
    from breachscope.config import Config
    from breachscope.detect.engine import detector_set

    detector_set(Config(workers=1))
    _table_task(warm_up)


def _table_task(batches: list[list[FileRow]]) -> tuple[int, int, int, float]:
    """Extract and detect one worker's batches from empty memo caches, batch by batch as
    ``breachscope scan`` does (the small tables of a batch's files detected together);
    (bytes, rows, findings, seconds)."""
    clear_memo_caches()
    return _read_batches(batches)


_worker_pass: dict[str, int] = {}
"""The pass this worker process last ran a batch of (its memo caches are emptied when a
new pass reaches it, as a fresh scan's worker starts with empty ones)."""


def _pass_task(job: tuple[int, list[FileRow]]) -> tuple[int, int, int, int, float]:
    """One batch of timed pass ``job[0]``, in whichever worker is free, as the scan's
    runner hands batches out; (worker pid, bytes, rows, findings, seconds)."""
    number, batch = job
    if _worker_pass.get("pass") != number:
        clear_memo_caches()
        _worker_pass["pass"] = number
    return (os.getpid(), *_read_batches([batch]))


def _read_batches(batches: list[list[FileRow]]) -> tuple[int, int, int, float]:
    from benchmarks.dumpwalk import DumpFile, file_source
    from breachscope.config import Config
    from breachscope.detect.engine import detect_files
    from breachscope.extract.base import Span
    from breachscope.extract.units import TableUnit

    config = Config(workers=1)
    extractors = _extractors()
    t0 = time.perf_counter()
    size = rows = findings = 0
    for batch in batches:
        files = []
        for fs, rel, ftype, nbytes, span in batch:
            f = DumpFile(Path(fs), rel, ftype, nbytes)
            part = Span(*span) if span is not None else None
            source = replace(file_source(f), span=part)
            units = list(extractors.units(source, config))  # (a title above the header
            # is a text unit: part of the file's detection)
            rows += sum(u.num_rows for u in units if isinstance(u, TableUnit))
            files.append(units)
            size += part.size if part is not None else nbytes
        findings += sum(t.num_rows for t in detect_files(files, config))
    return size, rows, findings, time.perf_counter() - t0


@cache
def _extractors() -> Extractors:
    """This process's extractors, discovered once (a scan's worker discovers its
    registry once, not for every batch: the discovery lists the extractor package's
    modules, about 0.25 ms a call)."""
    from benchmarks.dumpwalk import Extractors

    return Extractors()


FileRow = tuple[str, str, str, int, tuple[int, int, int, int, int] | None]
"""(file-system path, dump path, detected type, bytes, part or None): picklable for worker
processes."""


def _batches(files: list[FileRow], workers: int) -> list[list[FileRow]]:
    """The batches ``breachscope scan`` makes of ``files`` for ``workers`` workers, in the
    order its runner hands them out (path order, sized by cost: bytes plus a fixed cost
    per file, lower for a file that follows its series, see ``engine.store``; a lone large
    CSV file cut into parts, each a batch of its own, see ``engine.split``). The file's
    SHA-256, which ``scan`` takes while it cuts a file, is left out: it is not part of
    extraction and detection (and unsplit files are not hashed here either)."""
    from breachscope.config import Config
    from breachscope.engine.batch import ScanItem
    from breachscope.engine.series import series_runs
    from breachscope.engine.split import SplitRule, split_batches
    from breachscope.engine.store import (
        batch_target,
        costliest_first,
        pack_batches,
        pending_cost,
    )

    by_path = {f[1]: f for f in files}
    items = [ScanItem(f[1], f[0], f[3]) for f in sorted(files, key=lambda f: f[1])]
    runs = series_runs(i.path for i in items)
    cost = pending_cost(len(files), sum(f[3] for f in files), runs)
    config = Config()
    target = batch_target(config.batch_bytes, cost, workers)
    rule = SplitRule.for_pending(config.split_bytes, workers, cost)
    batches: list[list[FileRow]] = []
    packed = costliest_first(pack_batches(items, target))  # as the scan's first phase
    for b in split_batches(packed, rule, digest=False):
        if b[0].span is None:
            batches.append([by_path[i.path] for i in b])
            continue
        for i in b:  # a part each, as the runner hands them out
            assert i.span is not None
            s = i.span
            batches.append([(*by_path[i.path][:4], (s.index, s.count, s.start, s.end, s.line))])
    return batches


def detect_tables(args: dict[str, Any], started: float) -> dict[str, Any]:
    """Extraction + detection of the dump's files of ``types`` on ``workers`` processes."""
    from benchmarks.dumpwalk import inventory

    types = set(args["types"])
    workers = int(args.get("workers", 2))
    files: list[FileRow] = [
        (str(f.fs_path), f.path, f.detected_type, f.size, None)
        for f in inventory(Path(args["dump"]))
        if f.detected_type in types
    ]
    from benchmarks.dumpwalk import Extractors

    if not types & set(Extractors().by_type):
        return {"status": "unavailable", "reason": f"no extractor for {sorted(types)} yet"}
    processes = max(1, min(workers, len(_batches(files, workers))))
    warm_up = [[min(files, key=lambda f: f[3])]] if files else []
    numbers = itertools.count()
    with ProcessPoolExecutor(
        max_workers=processes, initializer=_init_worker, initargs=(warm_up,)
    ) as pool:
        list(pool.map(_noop, range(processes)))
        startup = since(started)

        def one_pass() -> list[tuple[int, int, int, int, float]]:
            # the batches are made again in every pass: cutting large files into parts
            # reads them (see _batches), which is part of the time a scan spends on them;
            # each batch goes to the first free worker, as the scan's runner hands them out
            number = next(numbers)
            jobs = [(number, b) for b in _batches(files, workers)]
            return list(pool.map(_pass_task, jobs))

        results, passes = repeat(
            one_pass,
            min_total_s=float(args.get("min_total_s", 1.0)),
            min_passes=int(args.get("min_passes", 3)),
        )
    per_worker: dict[int, float] = defaultdict(float)
    for pid, *_, seconds in results:
        per_worker[pid] += seconds
    return {
        "startup_s": startup,
        **passes.to_json(),
        "workers": processes,
        "files": len(files),
        "bytes": sum(r[1] for r in results),
        "rows": sum(r[2] for r in results),
        "findings": sum(r[3] for r in results),
        "busiest_worker_s": max(per_worker.values(), default=0.0),
    }


def _noop(_: int) -> int:
    return 0
