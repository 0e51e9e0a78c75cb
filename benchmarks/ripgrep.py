r"""ripgrep as the floor that reading the bytes costs: count ``\b\d{9}\b`` over a folder.

ripgrep (Debian package ``ripgrep``) is run with ignore files off (the work folder is
git-ignored) and binary files searched as text, so it reads every byte breachscope reads.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from benchmarks.measure import measure

PATTERN = r"\b\d{9}\b"


def available() -> bool:
    return shutil.which("rg") is not None


def count(folder: Path, *, threads: int, repeats: int, total_bytes: int) -> dict[str, Any]:
    """Best of ``repeats`` runs of ``rg -j THREADS``; MB/s over ``total_bytes``."""
    rg = shutil.which("rg")
    if rg is None:
        return {"available": False}
    argv = [
        rg,
        "--no-config",
        "--no-ignore",
        "--hidden",
        "--text",
        "--count-matches",
        "--no-filename",
        "-j",
        str(threads),
        PATTERN,
        str(folder),
    ]
    best = None
    matches = 0
    for _ in range(max(1, repeats)):
        run = measure(argv, check=False, tail_chars=1 << 24)
        if run.returncode not in (0, 1):  # 1 = no match
            raise RuntimeError(f"ripgrep failed ({run.returncode}): {run.output_tail[-500:]}")
        matches = sum(int(x) for x in run.output_tail.split() if x.isdigit())
        if best is None or run.wall_s < best.wall_s:
            best = run
    assert best is not None
    return {
        "available": True,
        "threads": threads,
        "bytes": total_bytes,
        "matches": matches,
        "best_s": best.wall_s,
        "mb_s": total_bytes / 1e6 / best.wall_s if best.wall_s > 0 else None,
        "peak_rss_mb": round(best.peak_rss_mb, 1),
    }
