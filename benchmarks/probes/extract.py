"""Probe ``extract``: every file of the dump through breachscope's extractors, timed per
detected type; optionally writes each text unit to a plain UTF-8 file so that every
free-text tool (ours, DEDUCE, Presidio) later reads exactly the same bytes."""

from __future__ import annotations

import json
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from benchmarks.dumpwalk import Extractors, file_source, inventory
from benchmarks.timing import since

FREETEXT_INDEX = "index.json"
FREETEXT_VERSION = 1


def run(args: dict[str, Any], started: float) -> dict[str, Any]:
    from breachscope.config import Config
    from breachscope.extract.units import TableUnit, TextUnit

    dump = Path(args["dump"])
    out = Path(args["freetext"]) if args.get("freetext") else None
    config = Config(workers=1)
    extractors = Extractors()
    files = inventory(dump)
    startup = since(started)
    per_type: dict[str, dict[str, float]] = defaultdict(
        lambda: {
            "files": 0,
            "bytes": 0,
            "seconds": 0.0,
            "text_units": 0,
            "text_chars": 0,
            "table_rows": 0,
            "unread": 0,
        }
    )
    index: list[dict[str, Any]] = []
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
    t_all = time.perf_counter()
    for f in files:
        stats = per_type[f.detected_type]
        stats["files"] += 1
        stats["bytes"] += f.size
        if f.detected_type not in extractors.by_type:
            stats["unread"] += 1
            continue
        t0 = time.perf_counter()
        units = list(extractors.sourced_units(file_source(f), config))
        stats["seconds"] += time.perf_counter() - t0
        for u, structured in units:
            if isinstance(u, TextUnit):
                stats["text_units"] += 1
                stats["text_chars"] += len(u.text)
                if out is not None and not structured:  # (the free-text sample: documents'
                    # text; a table's title lines are not, whose truth names its rows)
                    index.append(_write_text(out, len(index), f.detected_type, u))
            elif isinstance(u, TableUnit):
                stats["table_rows"] += u.num_rows
    elapsed = since(t_all)
    if out is not None:
        (out / FREETEXT_INDEX).write_text(
            json.dumps({"version": FREETEXT_VERSION, "units": index}, indent=0), encoding="utf-8"
        )
    return {
        "startup_s": startup,
        "elapsed_s": elapsed,
        "files": len(files),
        "bytes": sum(f.size for f in files),
        "per_type": {k: dict(v) for k, v in sorted(per_type.items())},
        "freetext_units": len(index),
        "freetext_bytes": sum(int(e["bytes"]) for e in index),
    }


def _write_text(out: Path, n: int, ftype: str, unit: Any) -> dict[str, Any]:
    data = unit.text.encode("utf-8")
    name = f"{n:06d}.txt"
    (out / name).write_bytes(data)
    loc = unit.location
    return {
        "file": name,
        "path": loc.path,
        "part": loc.part,
        "type": ftype,
        "base_offset": unit.base_offset,
        "chars": len(unit.text),
        "bytes": len(data),
    }


def pipeline(args: dict[str, Any], started: float) -> dict[str, Any]:
    """Probe ``pipeline``: extraction + detection of every file, streamed, one process
    (the detection core over the whole dump; its peak memory must not grow with it)."""
    from breachscope.config import Config
    from breachscope.detect.engine import detect_units, detector_set

    dump = Path(args["dump"])
    config = Config(workers=1)
    extractors = Extractors()
    detector_set(config)
    files = inventory(dump)
    startup = since(started)
    findings = units_seen = 0
    t0 = time.perf_counter()
    for f in files:
        for unit in extractors.units(file_source(f), config):
            units_seen += 1
            findings += detect_units([unit], config).num_rows
    return {
        "startup_s": startup,
        "elapsed_s": since(t0),
        "files": len(files),
        "bytes": sum(f.size for f in files),
        "units": units_seen,
        "findings": findings,
    }
