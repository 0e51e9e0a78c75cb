"""The regression floors of the quick mode, kept as data in ``benchmarks/floors.json``.

A floor is a ratio (ours / theirs) measured by ``run --quick``, divided by a safety margin
so that load from other jobs on a shared 2-core machine does not trip it, while a real
regression (a detector back on per-line regexes, a PDF path through a slow parser) does.
After a stage gets faster, raise its floor with ``run --quick --update-floors`` and commit
the file; lower one only by hand, with the reason under ``lowered`` in the file.
"""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

FLOORS_FILE = Path(__file__).resolve().parent / "floors.json"
FLOORS_VERSION = 1
MARGIN = 3.0
"""A floor is the measured ratio divided by this."""


def load(path: Path = FLOORS_FILE) -> dict[str, Any]:
    """``floors`` (calibrated), ``fixed_floors`` (principles, e.g. never a worse count than
    Splink: never recalibrated) and ``ceilings`` (scaling growth)."""
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    if data.get("version") != FLOORS_VERSION:
        raise ValueError(f"{path}: unknown floors version {data.get('version')!r}")
    return data


def gates(data: dict[str, Any]) -> tuple[dict[str, float], dict[str, float]]:
    """(floors, ceilings) to check a run against."""
    floors = {**data.get("floors", {}), **data.get("fixed_floors", {})}
    return {k: float(v) for k, v in floors.items()}, {
        k: float(v) for k, v in data.get("ceilings", {}).items()
    }


def _round_down(x: float) -> float:
    """Two significant digits, rounded towards zero (a floor never rounds up)."""
    if x <= 0:
        return 0.0
    scale = 10.0 ** (math.floor(math.log10(x)) - 1)
    return float(math.floor(x / scale) * scale)


def updated(
    data: dict[str, Any], results: dict[str, Any], margin: float = MARGIN
) -> dict[str, Any]:
    """``data`` with every gated floor set from this run's ratios (divided by ``margin``)."""
    floors = dict(data.get("floors", {}))
    measured: dict[str, float] = {}
    for key in floors:
        value = results.get("ratios", {}).get(key, {}).get("value")
        if value is None:
            continue
        measured[key] = round(float(value), 6)
        floors[key] = float(f"{_round_down(float(value) / margin):.6g}")
    return {
        **data,
        "floors": floors,
        "calibrated": {
            "at": datetime.now(UTC).isoformat(timespec="seconds"),
            "margin": margin,
            "measured": measured,
            "load_average": results.get("machine", {}).get("load_average_start"),
        },
    }


def save(data: dict[str, Any], path: Path = FLOORS_FILE) -> None:
    path.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")
