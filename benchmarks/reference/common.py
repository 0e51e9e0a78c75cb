"""Shared by the reference probes (standard library only: runs in the reference venv)."""

from __future__ import annotations

import json
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from benchmarks.matching import TAG_MAPS, score_units

Spans = Iterable[tuple[str, str]]
"""(tag, span text) pairs found in one text."""


Analyser = Callable[[str], Spans]

PASSES = 2
"""Timed passes over the files; the best one is reported, as for breachscope's probes."""


def run_probe(tool: str, version: str, started: float, setup: Callable[[], Analyser]) -> int:
    """``python -m benchmarks.reference.X FILES.json EXPECT.json RESULT.json``: time
    ``setup`` (start-up, with a short warm-up call) and :data:`PASSES` passes of the
    returned analyser over every listed text file, then score the first pass's spans
    against the truth (:mod:`benchmarks.matching`)."""
    files_path, expect_path, result_path = sys.argv[1:4]
    files: list[dict[str, Any]] = json.loads(Path(files_path).read_text(encoding="utf-8"))
    texts = [(f["unit"], Path(f["text"]).read_text(encoding="utf-8")) for f in files]
    analyse = setup()
    if texts:  # warm-up: lazy compilation on the first call belongs to start-up
        list(analyse(texts[0][1][:5000]))
    startup = time.perf_counter() - started
    spans: dict[str, list[tuple[str, str]]] = defaultdict(list)
    times: list[float] = []
    for n in range(PASSES):
        t0 = time.perf_counter()
        for unit, text in texts:
            got = analyse(text)
            if n == 0:
                spans[unit].extend(got)
        times.append(time.perf_counter() - t0)
    mapping = TAG_MAPS[tool]
    mapped = {u: [(mapping[t], s) for t, s in got if t in mapping] for u, got in spans.items()}
    expect = json.loads(Path(expect_path).read_text(encoding="utf-8"))
    tags: Counter[str] = Counter(t for got in spans.values() for t, _ in got)
    result = {
        "tool": tool,
        "version": version,
        "startup_s": startup,
        "best_pass_s": min(times),
        "first_pass_s": times[0],
        "passes": len(times),
        "files": len(texts),
        "bytes": sum(int(f["bytes"]) for f in files),
        "spans_by_tag": dict(tags),
        "hits": score_units(mapped, expect),
    }
    Path(result_path).write_text(json.dumps(result), encoding="utf-8")
    return 0
