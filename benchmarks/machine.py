"""What the benchmark ran on: CPU, cores, memory, load, Python and library versions."""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

LIBRARIES = (
    "breachscope",
    "hyperscan",
    "pyahocorasick",
    "pypdfium2",
    "pyarrow",
    "duckdb",
    "splink",
    "python-calamine",
    "regex",
    "python-stdnum",
    "phonenumbers",
)


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def memory_gib() -> float:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024**2, 1)
    except (OSError, ValueError):
        pass
    return 0.0


def load_average() -> list[float]:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return []


def library_versions(names: tuple[str, ...] = LIBRARIES) -> dict[str, str]:
    found: dict[str, str] = {}
    for name in names:
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = "missing"
    return found


def ripgrep_version() -> str:
    rg = shutil.which("rg")
    if rg is None:
        return "missing"
    out = subprocess.run([rg, "--version"], capture_output=True, text=True, check=False)
    return out.stdout.splitlines()[0] if out.stdout else "unknown"


def describe() -> dict[str, Any]:
    """The machine as a JSON-ready dict (load average is sampled now)."""
    return {
        "cpu": cpu_model(),
        "cores": os.cpu_count() or 1,
        "memory_gib": memory_gib(),
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "load_average_start": load_average(),
        "libraries": library_versions(),
        "ripgrep": ripgrep_version(),
    }
