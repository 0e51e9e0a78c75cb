"""Shared by the reference probes (standard library only: runs in the reference venv)."""

from __future__ import annotations

import json
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

Spans = Iterable[tuple[str, str]]
"""(tag, span text) pairs found in one text."""


Analyser = Callable[[str], Spans]


def run_probe(tool: str, version: str, started: float, setup: Callable[[], Analyser]) -> int:
    """``python -m benchmarks.reference.X FILES.json RESULT.json``: time ``setup`` (start-up)
    and one pass of the returned analyser over every listed text file."""
    files_path, result_path = sys.argv[1:3]
    files: list[dict[str, Any]] = json.loads(Path(files_path).read_text(encoding="utf-8"))
    texts = [(f["unit"], Path(f["text"]).read_text(encoding="utf-8")) for f in files]
    analyse = setup()
    startup = time.perf_counter() - started
    found: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    t0 = time.perf_counter()
    for unit, text in texts:
        for tag, span in analyse(text):
            found[unit][tag].add(span.strip().lower())
    elapsed = time.perf_counter() - t0
    result = {
        "tool": tool,
        "version": version,
        "startup_s": startup,
        "elapsed_s": elapsed,
        "files": len(texts),
        "bytes": sum(int(f["bytes"]) for f in files),
        "found": {u: {t: len(v) for t, v in tags.items()} for u, tags in found.items()},
    }
    Path(result_path).write_text(json.dumps(result), encoding="utf-8")
    return 0
