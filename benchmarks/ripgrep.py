r"""ripgrep as the floor that reading the bytes costs: count ``\b\d{9}\b`` over a folder.

ripgrep (Debian package ``ripgrep``) is run with ignore files off (the work folder is
git-ignored) and binary files searched as text, so it reads every byte breachscope reads.
``--no-unicode`` makes ``\b`` and ``\d`` ASCII: the same matches on this data, but with
Unicode word boundaries ripgrep leaves its fast engine and reads about 5x slower, which
would make the floor too easy.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from benchmarks.measure import measure

PATTERN = r"\b\d{9}\b"


def available() -> bool:
    return shutil.which("rg") is not None


def count(
    folder: Path, *, threads: int, repeats: int, total_bytes: int, min_bytes: int = 64_000_000
) -> dict[str, Any]:
    """Best of ``repeats`` runs of ``rg -j THREADS``; MB/s over the bytes read.

    A small folder is named several times on the command line (ripgrep searches each
    occurrence), so that at least ``min_bytes`` are read and process start-up does not
    dominate the rate.
    """
    rg = shutil.which("rg")
    if rg is None:
        return {"available": False}
    copies = max(1, min(1000, -(-min_bytes // max(1, total_bytes))))
    argv = [rg, "--no-config", "--no-ignore", "--hidden", "--text", "--count-matches",
            "--no-filename", "--no-unicode", "-j", str(threads), PATTERN,
            *[str(folder)] * copies]  # fmt: skip
    best = None
    matches = 0
    for _ in range(max(1, repeats)):
        run = measure(argv, check=False, tail_chars=1 << 24)
        if run.returncode not in (0, 1):  # 1 = no match
            raise RuntimeError(f"ripgrep failed ({run.returncode}): {run.output_tail[-500:]}")
        matches = sum(int(x) for x in run.output_tail.split() if x.isdigit()) // copies
        if best is None or run.wall_s < best.wall_s:
            best = run
    assert best is not None
    read = total_bytes * copies
    return {
        "available": True,
        "threads": threads,
        "bytes": total_bytes,
        "copies": copies,
        "matches": matches,
        "best_s": best.wall_s,
        "mb_s": read / 1e6 / best.wall_s if best.wall_s > 0 else None,
        "peak_rss_mb": round(best.peak_rss_mb, 1),
    }
