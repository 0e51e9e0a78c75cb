"""Run one measured thing in a subprocess: wall time, CPU time and peak memory.

The command is started by a small launcher interpreter that forks, execs and ``wait4``s
it. Peak memory is taken two ways: ``ru_maxrss`` from that ``wait4`` (the largest single
process among the command and the descendants it waited for) and the largest sum of PSS
(``/proc/PID/smaps_rollup``: shared pages split between the processes that map them) over
the command's process tree, sampled every 50 ms while it runs (what a multi-process scan
really holds at once; summing RSS would count forked workers' shared pages twice).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SAMPLE_INTERVAL_S = 0.05
"""How often a measured tree's memory is read, where the samples are cut by phase (a
scan's phases, some of them short)."""
PROBE_SAMPLE_INTERVAL_S = 0.25
"""How often it is read for a probe that times its own passes: each read of a process's
``smaps_rollup`` walks its memory map under the process's lock, and at every 50 ms the
reads slowed the passes they watched by about 5 % on 2 cores (the CSV probe's best pass,
three alternations: 90.5-92.6 MB/s sampled every 50 ms, 95.6-96.7 every 250 ms, 96.5-97.1
not at all)."""


class MeasureError(Exception):
    """The measured command failed; the message holds the tail of its output."""


@dataclass(frozen=True, slots=True)
class Run:
    """What one measured subprocess cost, and the JSON result it wrote (if any)."""

    argv: tuple[str, ...]
    wall_s: float
    cpu_s: float
    peak_rss_mb: float
    """Largest single-process RSS (``ru_maxrss``)."""
    peak_tree_rss_mb: float
    """Largest sampled sum of memory (PSS) over the process tree, and at least
    :attr:`peak_rss_mb` (a short command may end between two samples)."""
    returncode: int
    result: dict[str, Any] = field(default_factory=dict)
    output_tail: str = ""
    timeline: tuple[tuple[float, int], ...] = ()
    """(Unix time, KB of the whole tree) every 50 ms; not written to results."""

    def peak_between(self, start: float, end: float) -> float | None:
        """Peak tree memory (MB) sampled between two Unix times, if any sample fell there."""
        inside = [kb for t, kb in self.timeline if start <= t <= end]
        return max(inside) / 1024.0 if inside else None

    def to_json(self) -> dict[str, Any]:
        return {
            "wall_s": round(self.wall_s, 4),
            "cpu_s": round(self.cpu_s, 4),
            "peak_rss_mb": round(self.peak_rss_mb, 1),
            "peak_tree_rss_mb": round(self.peak_tree_rss_mb, 1),
        }


def _children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return found
    for tid in tasks:
        try:
            text = Path(f"/proc/{pid}/task/{tid}/children").read_text()
        except OSError:
            continue
        found.extend(int(c) for c in text.split())
    return found


def _memory_kb(pid: int) -> int:
    """Proportional set size (shared pages split between the processes that map them),
    or the resident set size where ``smaps_rollup`` is not readable."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


def tree_memory_kb(pid: int) -> int:
    """Memory of ``pid`` and all its descendants (PSS summed; 0 once it has exited)."""
    total = 0
    stack = [pid]
    seen: set[int] = set()
    while stack:
        p = stack.pop()
        if p in seen:
            continue
        seen.add(p)
        total += _memory_kb(p)
        stack.extend(_children(p))
    return total


class _Sampler(threading.Thread):
    def __init__(self, pid: int, interval_s: float) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.interval_s = interval_s
        self.peak_kb = 0
        self.timeline: list[tuple[float, int]] = []
        """(Unix time, KB) of every sample, to split the peak by phase afterwards."""
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.is_set():
            total = sum(tree_memory_kb(child) for child in _children(self.pid))
            self.peak_kb = max(self.peak_kb, total)
            self.timeline.append((time.time(), total))
            self._stop_event.wait(self.interval_s)

    def stop(self) -> None:
        self._stop_event.set()
        self.join()


_LAUNCHER = """
import json, os, sys, time
out, argv = sys.argv[1], sys.argv[2:]
t0 = time.perf_counter()
pid = os.fork()
if pid == 0:
    try:
        os.execvp(argv[0], argv)
    finally:
        os._exit(127)
with open(out + ".pid", "w") as fh:
    fh.write(str(pid))
_, status, ru = os.wait4(pid, 0)
wall = time.perf_counter() - t0
with open(out, "w") as fh:
    json.dump({"wall_s": wall, "cpu_s": ru.ru_utime + ru.ru_stime, "maxrss_kb": ru.ru_maxrss}, fh)
sys.exit(os.waitstatus_to_exitcode(status) & 0xFF)
"""
"""Forks and execs the measured command from a small interpreter, so that the command's
``ru_maxrss`` starts from the launcher's few MB rather than inheriting the runner's."""


def measure(
    argv: Sequence[str],
    *,
    cwd: Path | None = None,
    env: Mapping[str, str] | None = None,
    timeout_s: float = 3600.0,
    result_file: Path | None = None,
    check: bool = True,
    tail_chars: int = 4000,
    sample_interval_s: float = SAMPLE_INTERVAL_S,
) -> Run:
    """Run ``argv`` to completion and measure it (its tree's memory read every
    ``sample_interval_s``).

    If ``result_file`` is given, the command is expected to write a JSON object there
    (probes do); it is read back into :attr:`Run.result`.
    """
    with (
        tempfile.TemporaryDirectory(prefix="bench-") as scratch,
        open(Path(scratch) / "out", "w+b") as out,
    ):
        usage_path = Path(scratch) / "usage.json"
        launcher = [sys.executable, "-S", "-c", _LAUNCHER, str(usage_path), *argv]
        start = time.perf_counter()
        proc = subprocess.Popen(
            launcher,
            cwd=cwd,
            env=dict(env) if env is not None else None,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        sampler = _Sampler(proc.pid, sample_interval_s)
        sampler.start()
        try:
            proc.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        finally:
            sampler.stop()
        outer_wall = time.perf_counter() - start
        out.seek(0)
        tail = out.read()[-tail_chars:].decode("utf-8", "replace")
        usage = _read_result(usage_path)
    run = Run(
        argv=tuple(argv),
        wall_s=float(usage.get("wall_s", outer_wall)),
        cpu_s=float(usage.get("cpu_s", 0.0)),
        peak_rss_mb=float(usage.get("maxrss_kb", 0)) / 1024.0,
        peak_tree_rss_mb=max(sampler.peak_kb, int(usage.get("maxrss_kb", 0))) / 1024.0,
        returncode=proc.returncode,
        result=_read_result(result_file) if result_file is not None else {},
        output_tail=tail,
        timeline=tuple(sampler.timeline),
    )
    if check and run.returncode != 0:
        raise MeasureError(f"{' '.join(argv[:4])} ... exited {run.returncode}:\n{tail}")
    return run


def _read_result(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}
