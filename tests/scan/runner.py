"""Run ``breachscope`` in a subprocess with its own TMPDIR, HOME and working folder, and
report the peak RSS of the largest process of the scan (driver or worker)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

WRAPPER = """
import json, resource, subprocess, sys
proc = subprocess.run(sys.argv[1:], capture_output=True, text=True)
print(json.dumps({"rc": proc.returncode, "out": proc.stdout, "err": proc.stderr,
                  "maxrss_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}))
"""


@dataclass
class CliResult:
    rc: int
    out: str
    err: str
    maxrss_mb: float

    def events(self) -> list[dict]:  # type: ignore[type-arg]
        return [json.loads(line) for line in self.err.splitlines() if line.startswith("{")]


def sandbox_env(root: Path) -> dict[str, str]:
    """Environment whose temp folder and home lie in ``root`` (checked empty afterwards)."""
    for sub in ("tmp", "home", "cwd"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    env.update(TMPDIR=str(root / "tmp"), HOME=str(root / "home"), PYTHONDONTWRITEBYTECODE="1")
    return env


def run_cli(args: list[str], sandbox: Path, timeout: float = 600) -> CliResult:
    env = sandbox_env(sandbox)
    cmd = [sys.executable, "-c", WRAPPER, sys.executable, "-m", "breachscope", *args]
    proc = subprocess.run(
        cmd, capture_output=True, text=True, env=env, cwd=sandbox / "cwd", timeout=timeout
    )
    data = json.loads(proc.stdout)
    return CliResult(data["rc"], data["out"], data["err"], data["maxrss_kb"] / 1024)


def tree(root: Path) -> dict[str, int]:
    """Every path under ``root`` with its size (-1 for folders and special files)."""
    out = {}
    for path in sorted(root.rglob("*")):
        rel = str(path.relative_to(root))
        out[rel] = path.lstat().st_size if path.is_file() and not path.is_symlink() else -1
    return out
