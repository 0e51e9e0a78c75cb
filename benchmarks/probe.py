"""Entry point of a measured subprocess: ``python -m benchmarks.probe NAME ARGS RESULT``.

``ARGS`` and ``RESULT`` are JSON files. The probe does its work, times the part that
counts (excluding interpreter start-up and imports, reported separately as
``startup_s``) and writes its counts and timings to ``RESULT``. The parent measures wall
time and peak memory from outside (:mod:`benchmarks.measure`).
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

STARTED = time.perf_counter()


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print("usage: python -m benchmarks.probe NAME ARGS.json RESULT.json", file=sys.stderr)
        return 2
    name, args_path, result_path = argv
    from benchmarks.probes import PROBES

    probe = PROBES.get(name)
    if probe is None:
        print(f"unknown probe {name!r}; known: {sorted(PROBES)}", file=sys.stderr)
        return 2
    args = json.loads(Path(args_path).read_text(encoding="utf-8"))
    result = probe(args, STARTED)
    Path(result_path).write_text(json.dumps(result, indent=1, sort_keys=True), encoding="utf-8")
    return 0


def _exit_now(code: int) -> None:
    """Leave without interpreter finalisation once the result is on disk.

    Native thread pools (Arrow's I/O threads, DuckDB's) can abort the process while the
    interpreter tears down ("terminate called without an active exception", SIGABRT;
    apache/arrow#34314): seen once in CI in the extract probe. The measured
    work is over by then, so nothing is lost by skipping the teardown.
    """
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    _exit_now(main(sys.argv[1:]))
