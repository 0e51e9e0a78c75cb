"""The local runner: ``scan_batch`` in worker processes on this machine.

Workers are started with ``spawn`` and talk to the driver over one pipe each; a worker
reads its files itself and streams events back (:class:`~breachscope.engine.batch.Enter`,
``Rows``, ``TopDone``). If a worker dies (a segfault in a C library, the kernel's OOM
killer, the driver's watchdog after a hang), the file it was in is recorded as ``failed``
and the rest of its batch goes to a fresh worker: the scan goes on. A worker that dies
before the first file of its task (idle, starting, or switching registry between the
rounds of :func:`run_phases`) blames no file: its task goes to a fresh worker as it is.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing as mp
import os
import shutil
import signal
import sys
import tempfile
import warnings
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from pathlib import Path
from time import monotonic
from typing import Protocol

import pyarrow as pa

from breachscope.config import Config
from breachscope.detect.rows import empty_findings
from breachscope.engine.batch import (
    MERGED_NODE,
    Enter,
    Event,
    Rows,
    ScanItem,
    TopDone,
    coalesce,
    iter_scan_batch,
)
from breachscope.engine.deadline import timeout_reason
from breachscope.engine.manifest import FAILED, ManifestRow, rows_to_arrow
from breachscope.engine.nopandas import NoPandas
from breachscope.engine.parts import PartAssembler, Spooled
from breachscope.engine.registry import Registry
from breachscope.engine.spool import SUFFIX, write_rows
from breachscope.ingest.filetype import FileType
from breachscope.location import ARCHIVE_SEP

MAX_UNSTARTED_DEATHS = 2
"""Times a task goes to a fresh worker without blame after workers died before its first
file; then the first file is blamed as usual (a worker that cannot start at all must not
keep a scan going round for ever)."""
UNSTARTED_NODE = "(a worker, before its first file)"
"""What a worker death before the first file of its task is reported against."""
WATCHDOG_FACTOR = 1.5
WATCHDOG_GRACE_S = 5.0
PR_SET_PDEATHSIG = 1


class BatchSink(Protocol):
    """Where the runner delivers results (the case database, in a real scan)."""

    def begin(self, batch_id: int) -> None: ...
    def rows(self, batch_id: int, rows: Rows) -> None: ...
    def rows_from_files(
        self, batch_id: int, manifest: Path | None, findings: Path, keys: Path | None = None
    ) -> None: ...
    def discard(self, batch_id: int, tops: Sequence[str]) -> None: ...
    def top_done(self, batch_id: int, done: TopDone) -> None: ...
    def commit(self, batch_id: int) -> None: ...
    def worker_died(self, path: str, reason: str) -> None: ...


@dataclass(frozen=True, slots=True)
class TaskDone:
    task_id: int


@dataclass(frozen=True, slots=True)
class UseRegistry:
    """Driver to an idle worker: build this registry and use it from the next task on."""

    make_registry: Callable[[], Registry]


@dataclass(frozen=True, slots=True)
class SpooledRows:
    """Large Rows written by a worker as files in its spool folder (see :mod:`.spool`):
    the driver streams them into the database instead of unpickling them into memory."""

    top: str
    manifest: str
    findings: str
    keys: str | None = None
    """The rows' keys (:data:`~breachscope.detect.links.KEYS_SCHEMA`), where they have any."""


INLINE_BYTES = 4 * 1024**2
"""Rows larger than this travel as files (:mod:`.spool`) rather than through the pipe."""


@dataclass
class _Task:
    task_id: int
    batch_id: int
    items: list[ScanItem]
    unstarted_deaths: int = 0
    """Workers that died with this task before entering any of its files."""

    @property
    def part(self) -> ScanItem | None:
        """The item, when this task reads one part of a file split across tasks."""
        if len(self.items) == 1 and self.items[0].span is not None:
            return self.items[0]
        return None


@dataclass
class _Worker:
    index: int
    process: BaseProcess
    conn: Connection
    task: _Task | None = None
    done: int = 0
    node: str | None = None
    node_started: float = 0.0
    killed_reason: str | None = None


@dataclass
class _State:
    config: Config
    sink: BatchSink
    batches: Iterator[list[ScanItem]]
    tasks: deque[_Task] = field(default_factory=deque)
    outstanding: dict[int, int] = field(default_factory=dict)
    next_task: int = 0
    next_batch: int = 0
    exhausted: bool = False
    parts: PartAssembler = field(init=False)

    def __post_init__(self) -> None:
        self.parts = PartAssembler(
            self.sink.rows,
            lambda batch_id, findings, keys: self.sink.rows_from_files(
                batch_id, None, findings, keys
            ),
            self.sink.top_done,
        )

    def take(self) -> _Task | None:
        if self.tasks:
            return self.tasks.popleft()
        if self.exhausted:
            return None
        try:
            items = next(self.batches)
        except StopIteration:
            self.exhausted = True
            return None
        self.next_batch += 1
        self.sink.begin(self.next_batch)
        if items and all(item.span is not None for item in items):
            # the parts of one large file: a task each, so that workers share them
            self.outstanding[self.next_batch] = len(items)
            tasks = [self.new_task(self.next_batch, [item]) for item in items]
            self.tasks.extend(tasks[1:])
            return tasks[0]
        self.outstanding[self.next_batch] = 1
        return self.new_task(self.next_batch, items)

    def deliver(self, task: _Task, rows: Rows | Spooled) -> None:
        """Rows of ``task``: into the sink, or held until its part is done."""
        part = task.part
        if part is not None:
            self.parts.hold(task.batch_id, part, rows)
        elif isinstance(rows, Rows):
            self.sink.rows(task.batch_id, rows)
        else:
            try:
                self.sink.rows_from_files(task.batch_id, rows.manifest, rows.findings, rows.keys)
            finally:
                rows.unlink()

    def top_done(self, task: _Task, done: TopDone) -> None:
        part = task.part
        if part is not None:
            self.parts.part_done(task.batch_id, part)
        else:
            self.sink.top_done(task.batch_id, done)

    def discard(self, task: _Task, remaining: Sequence[ScanItem]) -> None:
        """Forget what ``task`` sent for ``remaining`` (its worker died)."""
        part = task.part
        if part is not None:
            self.parts.drop(task.batch_id, part)
        else:
            self.sink.discard(task.batch_id, [item.path for item in remaining])

    def new_task(self, batch_id: int, items: list[ScanItem]) -> _Task:
        self.next_task += 1
        return _Task(self.next_task, batch_id, items)


def run_local(
    batches: Iterable[list[ScanItem]],
    config: Config,
    spool_root: Path,
    sink: BatchSink,
    workers: int,
    registry: Callable[[], Registry] = Registry.discover,
    inline_bytes: int = INLINE_BYTES,
) -> None:
    """Scan every batch with ``workers`` processes; results go to ``sink``.

    ``registry`` builds the extractors in each worker (an importable function); Rows
    above ``inline_bytes`` travel as files (:mod:`.spool`).
    """
    run_phases([(batches, registry)], config, spool_root, sink, workers, inline_bytes)


Phase = tuple[Iterable[list[ScanItem]], Callable[[], Registry]]
"""The batches of one round of a scan and the registry its workers use."""


def run_phases(
    phases: Iterable[Phase],
    config: Config,
    spool_root: Path,
    sink: BatchSink,
    workers: int,
    inline_bytes: int = INLINE_BYTES,
) -> None:
    """:func:`run_local` of each phase in turn, on one pool of workers: a phase starts
    when every batch of the one before is committed (``phases`` may be a generator that
    decides the next phase from what the case holds then), and workers switch to its
    registry (:class:`UseRegistry`) rather than start again. Batch ids go on counting."""
    ctx = mp.get_context("spawn")
    pool: list[_Worker] = []
    current: Callable[[], Registry] | None = None
    counted = (0, 0)
    try:
        for batches, registry in phases:
            state = _State(config, sink, iter(batches), next_task=counted[0], next_batch=counted[1])
            if not pool:
                pool = [
                    _start(ctx, i, config, spool_root, (registry, inline_bytes))
                    for i in range(max(1, workers))
                ]
            elif registry is not current:
                for w in pool:
                    with contextlib.suppress(OSError):  # a dead one starts again below
                        w.conn.send(UseRegistry(registry))
            current = registry
            _run(state, pool, ctx, config, spool_root, (registry, inline_bytes))
            counted = (state.next_task, state.next_batch)
    finally:
        for w in pool:
            _stop(w)


def _run(
    state: _State,
    pool: list[_Worker],
    ctx: mp.context.SpawnContext,
    config: Config,
    spool_root: Path,
    options: tuple[Callable[[], Registry], int],
) -> None:
    """Hand out the batches of ``state`` until all are committed."""
    while True:
        for w in pool:
            if w.task is None and (task := state.take()) is not None:
                _assign(w, task)
        busy = [w for w in pool if w.task is not None]
        if not busy:
            return
        wait([w.conn for w in busy] + [w.process.sentinel for w in busy], timeout=1.0)
        for i, w in enumerate(pool):
            if w.task is None:
                continue
            alive = _drain(w, state)
            if not alive:
                _handle_death(w, state)
                with contextlib.suppress(OSError):
                    w.conn.close()
                pool[i] = _start(ctx, w.index, config, spool_root, options)
            elif _overdue(w, config):
                w.killed_reason = timeout_reason(config.file_timeout_s)
                w.process.kill()


def _assign(w: _Worker, task: _Task) -> None:
    w.task, w.done, w.node, w.killed_reason = task, 0, None, None
    w.node_started = monotonic()
    with contextlib.suppress(OSError):  # a worker that died idle: found dead by _drain
        w.conn.send((task.task_id, task.items))


def _overdue(w: _Worker, config: Config) -> bool:
    if config.file_timeout_s <= 0 or w.task is None:
        return False
    limit = config.file_timeout_s * WATCHDOG_FACTOR + WATCHDOG_GRACE_S
    return monotonic() - w.node_started > limit


def _drain(w: _Worker, state: _State) -> bool:
    """Handle every message waiting from ``w``; False when the worker is gone."""
    try:
        while w.task is not None and w.conn.poll():
            _handle(w, w.conn.recv(), state)
    except (EOFError, OSError):
        return False
    if w.task is not None and not w.process.is_alive():
        try:  # the last messages may still be in the pipe
            while w.task is not None and w.conn.poll():
                _handle(w, w.conn.recv(), state)
        except (EOFError, OSError):
            pass
        return w.task is None
    return True


def _handle(w: _Worker, msg: Event | SpooledRows | TaskDone, state: _State) -> None:
    task = w.task
    assert task is not None
    if isinstance(msg, Enter):
        w.node, w.node_started = msg.path, monotonic()
    elif isinstance(msg, Rows):
        state.deliver(task, msg)
    elif isinstance(msg, SpooledRows):
        keys = Path(msg.keys) if msg.keys is not None else None
        state.deliver(task, Spooled(Path(msg.manifest), Path(msg.findings), keys))
    elif isinstance(msg, TopDone):
        w.done += 1
        state.top_done(task, msg)
    elif isinstance(msg, TaskDone):
        w.task = None
        state.outstanding[task.batch_id] -= 1
        if state.outstanding[task.batch_id] == 0:
            del state.outstanding[task.batch_id]
            state.sink.commit(task.batch_id)


def _death_reason(w: _Worker) -> str:
    if w.killed_reason:
        return w.killed_reason
    code = w.process.exitcode
    if code is not None and code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        hint = " (out of memory?)" if -code == signal.SIGKILL else ""
        return f"worker process died: {name}{hint}"
    return f"worker process died: exit code {code}"


def _handle_death(w: _Worker, state: _State) -> None:
    """Blame the node the worker was in; hand the rest of its task to a new worker."""
    task = w.task
    assert task is not None
    with contextlib.suppress(Exception):
        w.process.join(timeout=5)
    reason = _death_reason(w)
    remaining = task.items[w.done :]
    w.task = None
    if not remaining:
        _finish_task(task, state)
        return
    state.discard(task, remaining)
    if w.node is None and task.unstarted_deaths < MAX_UNSTARTED_DEATHS:
        # dead before its first file (while idle, starting or switching registry): no file
        # to blame; the task goes to a fresh worker as it is
        state.sink.worker_died(UNSTARTED_NODE, reason)
        again = state.new_task(task.batch_id, remaining)
        again.unstarted_deaths = task.unstarted_deaths + 1
        state.tasks.appendleft(again)
        return
    if w.node == MERGED_NODE:  # while detecting several files' units: no file to blame
        state.sink.worker_died(MERGED_NODE, reason)
        alone = [replace(item, alone=True) for item in remaining]
        state.tasks.appendleft(state.new_task(task.batch_id, alone))
        return
    # The worker may have finished files whose TopDone it had not sent yet: blame the
    # file of the last node it entered; the ones before it are simply read again.
    node = w.node or remaining[0].path
    top = node.split(ARCHIVE_SEP, 1)[0]
    index = next((i for i, item in enumerate(remaining) if item.path == top), 0)
    current = remaining[index]
    if top != current.path:
        node = current.path
    poison = dict(current.poison)
    while node in poison and node != current.path:
        node = node.rsplit(ARCHIVE_SEP, 1)[0]
    state.sink.worker_died(node, reason)
    retry = remaining[:index]
    if node in poison:  # even unread, this file kills workers: record it from here
        row = ManifestRow(
            current.path,
            None,
            0,
            current.size,
            current.sha256,
            FileType.UNKNOWN,
            None,
            FAILED,
            reason,
        )
        state.deliver(task, Rows(current.path, rows_to_arrow([row]), empty_findings()))
        state.top_done(task, TopDone(current.path, current.read_bytes, FAILED))
    else:
        poison[node] = reason
        retry.append(replace(current, poison=tuple(sorted(poison.items()))))
    retry.extend(remaining[index + 1 :])
    if retry:
        state.tasks.appendleft(state.new_task(task.batch_id, retry))
    else:
        _finish_task(task, state)


def _finish_task(task: _Task, state: _State) -> None:
    state.outstanding[task.batch_id] -= 1
    if state.outstanding[task.batch_id] == 0:
        del state.outstanding[task.batch_id]
        state.sink.commit(task.batch_id)


def _start(
    ctx: mp.context.SpawnContext,
    index: int,
    config: Config,
    spool_root: Path,
    options: tuple[Callable[[], Registry], int],
) -> _Worker:
    parent, child = ctx.Pipe(duplex=True)
    spool = spool_root / f"w{index}"
    proc = ctx.Process(
        target=worker_main,
        args=(child, config, str(spool), os.getpid(), *options),
        name=f"breachscope-worker-{index}",
        daemon=True,
    )
    proc.start()
    child.close()
    return _Worker(index, proc, parent)


def _stop(w: _Worker) -> None:
    with contextlib.suppress(Exception):
        if w.task is None and w.process.is_alive():
            w.conn.send(None)
            w.process.join(timeout=2)
    if w.process.is_alive():
        w.process.kill()
        w.process.join(timeout=5)
    with contextlib.suppress(OSError):
        w.conn.close()


def _harden(spool: Path, driver_pid: int) -> None:
    """Worker setup: no core dumps, die with the driver, temp files inside the case,
    silent stdout/stderr (library chatter could hold values), Ctrl-C left to the driver."""
    with contextlib.suppress(Exception):
        import resource

        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    if sys.platform.startswith("linux"):
        with contextlib.suppress(Exception):
            ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != driver_pid:
        os._exit(1)
    shutil.rmtree(spool, ignore_errors=True)
    spool.mkdir(parents=True, exist_ok=True)
    os.environ["TMPDIR"] = str(spool)
    tempfile.tempdir = str(spool)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    warnings.simplefilter("ignore")
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    os.close(devnull)


def worker_main(
    conn: Connection,
    config: Config,
    spool: str,
    driver_pid: int,
    make_registry: Callable[[], Registry],
    inline_bytes: int = INLINE_BYTES,
) -> None:
    """Entry point of a worker process."""
    spool_dir = Path(spool)
    _harden(spool_dir, driver_pid)
    sys.meta_path.insert(0, NoPandas())
    registry = _ready(make_registry, config)
    out_dir = spool_dir / "out"
    out_dir.mkdir(parents=True, exist_ok=True)
    try:
        while True:
            try:
                msg = conn.recv()
            except (EOFError, OSError):
                return
            if msg is None:
                return
            if isinstance(msg, UseRegistry):
                registry = _ready(msg.make_registry, config)
                continue
            task_id, items = msg
            for event in coalesce(iter_scan_batch(items, config, spool_dir, registry)):
                conn.send(_spool_if_large(event, out_dir, inline_bytes))
            conn.send(TaskDone(task_id))
            # hand the Arrow pool's cached pages back between tasks: the findings of a
            # large file (633,000 for an 8 MB export) otherwise stay resident in a worker
            # while the driver inserts them and the other worker reads the next batch
            pa.default_memory_pool().release_unused()
    finally:
        shutil.rmtree(spool_dir, ignore_errors=True)


def _ready(make_registry: Callable[[], Registry], config: Config) -> Registry:
    """The registry, its detectors built now rather than on the first file's clock."""
    registry = make_registry()
    if registry.detect is not None:
        registry.detect([], config)
    return registry


def _spool_if_large(event: Event, out_dir: Path, inline_bytes: int) -> Event | SpooledRows:
    if not isinstance(event, Rows):
        return event
    if event.manifest.nbytes + event.findings.nbytes + event.keys.nbytes < inline_bytes:
        return event
    fd, name = tempfile.mkstemp(prefix="rows-", dir=out_dir)
    os.close(fd)
    manifest, findings = Path(name + ".files" + SUFFIX), Path(name + ".findings" + SUFFIX)
    Path(name).unlink()
    write_rows(event.manifest, manifest)
    write_rows(event.findings, findings)
    if not event.keys.num_rows:
        return SpooledRows(event.top, str(manifest), str(findings))
    keys = Path(name + ".keys" + SUFFIX)
    write_rows(event.keys, keys)
    return SpooledRows(event.top, str(manifest), str(findings), str(keys))
