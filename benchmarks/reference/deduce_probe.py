"""DEDUCE 3.0.6 with its default configuration over the free-text files (reference venv)."""

from __future__ import annotations

import time

STARTED = time.perf_counter()

import sys  # noqa: E402
from collections.abc import Callable  # noqa: E402
from importlib.metadata import version  # noqa: E402

from benchmarks.reference.common import Spans, run_probe  # noqa: E402


def setup() -> Callable[[str], Spans]:
    from deduce import Deduce  # type: ignore[import-not-found]

    engine = Deduce()

    def analyse(text: str) -> Spans:
        doc = engine.deidentify(text)
        return [(str(a.tag), str(a.text)) for a in doc.annotations]

    return analyse


if __name__ == "__main__":
    sys.exit(run_probe("deduce", version("deduce"), STARTED, setup))
