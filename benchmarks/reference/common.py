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


def run_probe(tool: str, version: str, started: float, setup: Callable[[], Analyser]) -> int:
    """``python -m benchmarks.reference.X FILES.json EXPECT.json RESULT.json``: time
    ``setup`` (start-up) and one pass of the returned analyser over every listed text file,
    then score its spans against the truth (:mod:`benchmarks.matching`)."""
    files_path, expect_path, result_path = sys.argv[1:4]
    files: list[dict[str, Any]] = json.loads(Path(files_path).read_text(encoding="utf-8"))
    texts = [(f["unit"], Path(f["text"]).read_text(encoding="utf-8")) for f in files]
    analyse = setup()
    startup = time.perf_counter() - started
    spans: dict[str, list[tuple[str, str]]] = defaultdict(list)
    t0 = time.perf_counter()
    for unit, text in texts:
        spans[unit].extend(analyse(text))
    elapsed = time.perf_counter() - t0
    mapping = TAG_MAPS[tool]
    mapped = {u: [(mapping[t], s) for t, s in got if t in mapping] for u, got in spans.items()}
    expect = json.loads(Path(expect_path).read_text(encoding="utf-8"))
    tags: Counter[str] = Counter(t for got in spans.values() for t, _ in got)
    result = {
        "tool": tool,
        "version": version,
        "startup_s": startup,
        "elapsed_s": elapsed,
        "files": len(texts),
        "bytes": sum(int(f["bytes"]) for f in files),
        "spans_by_tag": dict(tags),
        "hits": score_units(mapped, expect),
    }
    Path(result_path).write_text(json.dumps(result), encoding="utf-8")
    return 0
