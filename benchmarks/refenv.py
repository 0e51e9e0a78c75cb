"""The reference virtualenv: DEDUCE and Presidio, kept apart from breachscope.

DEDUCE is GPL-3.0 / LGPL-3.0 (its metadata disagree) and must never become a breachscope
dependency, so the runner installs the reference tools into their own virtualenv under
the benchmark work folder and runs them there as separate processes. Creating it takes
about 40 s plus DEDUCE's one-off build of its lookup structures (about 2 minutes on 2
cores); after that DEDUCE starts in about 10 s.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

REFERENCE_PACKAGES = ("deduce==3.0.6", "presidio-analyzer==2.2.366")
READY_MARK = "breachscope-bench-ready.json"


def venv_python(venv: Path) -> Path:
    return venv / "bin" / "python"


def is_ready(venv: Path) -> bool:
    """True when the venv holds the pinned packages and DEDUCE's lookups are built."""
    mark = venv / READY_MARK
    if not mark.is_file() or not venv_python(venv).exists():
        return False
    try:
        data = json.loads(mark.read_text(encoding="utf-8"))
    except ValueError:
        return False
    return bool(data.get("packages") == list(REFERENCE_PACKAGES))


def create(venv: Path, repo_root: Path, log: Path) -> float:
    """Create (or complete) the reference venv; return the seconds it took."""
    t0 = time.perf_counter()
    venv.parent.mkdir(parents=True, exist_ok=True)
    with log.open("ab") as out:
        if not venv_python(venv).exists():
            subprocess.run(
                [sys.executable, "-m", "venv", str(venv)],
                check=True,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        subprocess.run(
            [str(venv_python(venv)), "-m", "pip", "install", "-q", *REFERENCE_PACKAGES],
            check=True,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        # DEDUCE builds its lookup structures on first use and caches them in its package.
        subprocess.run(
            [str(venv_python(venv)), "-c", "from deduce import Deduce; Deduce()"],
            check=True,
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=repo_root,
            env=reference_env(repo_root),
        )
    seconds = time.perf_counter() - t0
    (venv / READY_MARK).write_text(
        json.dumps({"packages": list(REFERENCE_PACKAGES), "setup_s": round(seconds, 1)}),
        encoding="utf-8",
    )
    return seconds


def reference_env(repo_root: Path) -> dict[str, str]:
    """Environment for reference probes: the repo root on the path (for
    :mod:`benchmarks.reference`), no breachscope venv leaking in."""
    env = {k: v for k, v in os.environ.items() if k not in {"VIRTUAL_ENV", "PYTHONHOME"}}
    env["PYTHONPATH"] = str(repo_root)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env
