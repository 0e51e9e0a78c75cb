"""Throughputs derived from the raw probe results, the ratios, the targets and the checks.

Ratios are ours / theirs for throughputs (higher is better), theirs / ours for times and
for people-count errors. The CI gate (``run --quick``) compares ratios with the floors
in ``floors.json`` (:mod:`benchmarks.floors`), never absolute times: both sides of a ratio
are measured in the same run on the same machine, so load from other jobs mostly cancels.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


def _rate(amount: Any, seconds: Any) -> float | None:
    if not amount or not seconds or float(seconds) <= 0:
        return None
    return float(amount) / float(seconds)


def derive(results: dict[str, Any]) -> None:
    """Add ``mb_s`` / ``pages_s`` / ``files_s`` / ``mentions_s`` to each stage result."""
    stages: dict[str, dict[str, Any]] = results.get("stages", {})
    for name, st in stages.items():
        if st.get("status") != "ok":
            continue
        secs = (st.get("best_pass_s") or st.get("elapsed_s") or st.get("seconds")
                or st.get("run", {}).get("wall_s"))  # fmt: skip
        if "bytes" in st:
            mb = _rate(st["bytes"], secs)
            st["mb_s"] = None if mb is None else mb / 1e6
        for key, out in (("files", "files_s"), ("pages", "pages_s"), ("mentions", "mentions_s")):
            if key in st:
                st[out] = _rate(st[key], secs)
        if name == "extract":
            for t in st.get("per_type", {}).values():
                mb = _rate(t.get("bytes"), t.get("seconds"))
                t["mb_s"] = None if mb is None else mb / 1e6
                t["files_s"] = _rate(t.get("files"), t.get("seconds"))
    for row in results.get("scaling", []):
        secs = row.get("work_s") or row["wall_s"]
        row["mb_s"] = (_rate(row["bytes"], secs) or 0.0) / 1e6
        row["s_per_mb"] = secs / (row["bytes"] / 1e6) if row["bytes"] else None


@dataclass(frozen=True, slots=True)
class Ratio:
    key: str
    label: str
    ours: tuple[str, ...]
    theirs: tuple[str, ...]
    unit: str
    kind: str = "rate"
    """``rate`` (ours / theirs), ``time`` (theirs / ours), ``error`` (|theirs| / |ours|)."""
    target: float | None = None
    """What the issues promise (full run, informational)."""
    gated: bool = False
    """Checked against its floor in ``floors.json``."""


RATIOS: tuple[Ratio, ...] = (
    Ratio("text_vs_deduce", "Free-text detection vs DEDUCE 3.0.6 (1 core, same bytes)",
          ("detect_text", "mb_s"), ("deduce", "mb_s"), "MB/s", target=100.0),
    Ratio("text_vs_presidio", "Free-text detection vs Presidio patterns (1 core, same bytes)",
          ("detect_text", "mb_s"), ("presidio", "mb_s"), "MB/s"),
    Ratio("text_vs_ripgrep", "Free-text detection vs ripgrep -j1 (same bytes)",
          ("detect_text", "mb_s"), ("ripgrep_text", "j1", "mb_s"), "MB/s", gated=True),
    Ratio("tables_vs_ripgrep", "CSV extract+detect, 2 workers, vs ripgrep -j2 on the dump",
          ("detect_tables", "mb_s"), ("ripgrep_dump", "j2", "mb_s"), "MB/s", gated=True),
    Ratio("parts_2w_vs_1w", "One large CSV export, 2 workers (read in parts) vs 1 worker",
          ("detect_tables_distinct_2w", "mb_s"), ("detect_tables_distinct", "mb_s"), "MB/s"),
    Ratio("pipeline_vs_ripgrep", "Whole dump extract+detect, 1 process, vs ripgrep -j1",
          ("pipeline", "mb_s"), ("ripgrep_dump", "j1", "mb_s"), "MB/s", gated=True),
    Ratio("pdf_vs_pdfium", "PDF text extraction vs pypdfium2 alone",
          ("pdf_ours", "pages_s"), ("pdf_pdfium", "pages_s"), "pages/s", gated=True),
    Ratio("scan_vs_ripgrep", "Whole scan, 2 workers, vs ripgrep -j2 on the dump",
          ("scan", "mb_s"), ("ripgrep_dump", "j2", "mb_s"), "MB/s", gated=True),
    Ratio("resolve_vs_splink", "Resolution vs Splink default-style model (same mentions)",
          ("resolve", "seconds"), ("splink", "seconds"), "s", kind="time"),
    Ratio("count_error_vs_splink", "People-count error: Splink's / ours (same mentions)",
          ("resolve", "count_error"), ("splink", "count_error"), "", kind="error",
          gated=True),
)  # fmt: skip

ERROR_EPSILON = 1e-4
"""A count error of 0 is treated as this, so the error ratio stays finite."""


@dataclass(frozen=True, slots=True)
class Target:
    label: str
    path: tuple[str, ...]
    goal: float
    unit: str
    at_most: bool = False


ABSOLUTE_TARGETS: tuple[Target, ...] = (
    Target("Free-text detection per core", ("detect_text", "mb_s"), 50.0, "MB/s"),
    Target("CSV through detection on 2 cores (largest dump)", ("detect_tables_large", "mb_s"),
           100.0, "MB/s"),
    Target("Resolution of the mentions table on 2 cores", ("resolve", "seconds"), 120.0, "s",
           at_most=True),
)  # fmt: skip
"""The issues' absolute targets (the resolution one is for 1M mentions: full run only).
Shown in the report, never a CI gate."""


def _get(results: dict[str, Any], path: tuple[str, ...]) -> float | None:
    node: Any = results.get("stages", {})
    for key in path:
        if not isinstance(node, dict) or key not in node:
            return None
        node = node[key]
    if isinstance(node, dict) or node is None:
        return None
    try:
        return float(node)
    except (TypeError, ValueError):
        return None


def _status(results: dict[str, Any], stage: str) -> str:
    st = results.get("stages", {}).get(stage)
    return "missing" if st is None else str(st.get("status", "ok"))


def _value(r: Ratio, ours: float | None, theirs: float | None) -> float | None:
    if ours is None or theirs is None:
        return None
    if r.kind == "error":
        return abs(theirs) / max(abs(ours), ERROR_EPSILON)
    if not ours or not theirs:
        return None
    return theirs / ours if r.kind == "time" else ours / theirs


def _growth(rows: list[dict[str, Any]]) -> dict[str, float | None]:
    first, last = rows[0], rows[-1]

    def ratio(key: str) -> float | None:
        a, b = first.get(key), last.get(key)
        return float(b) / float(a) if a and b is not None else None

    return {"time_per_mb_growth": ratio("s_per_mb"), "memory_growth": ratio("peak_tree_rss_mb"),
            "size_growth": ratio("bytes")}  # fmt: skip


def compute(results: dict[str, Any], floors: dict[str, float],
            ceilings: dict[str, float]) -> None:  # fmt: skip
    """Fill ``ratios``, ``targets``, ``scaling_ratios`` and ``checks`` in ``results``."""
    ratios: dict[str, Any] = {}
    checks: list[dict[str, Any]] = []
    for r in RATIOS:
        ours, theirs = _get(results, r.ours), _get(results, r.theirs)
        value = _value(r, ours, theirs)
        floor = floors.get(r.key) if r.gated else None
        ratios[r.key] = {"label": r.label, "ours": ours, "theirs": theirs, "unit": r.unit,
                         "value": value, "target": r.target, "floor": floor}  # fmt: skip
        if floor is None:
            continue
        states = {_status(results, r.ours[0]), _status(results, r.theirs[0])}
        if states & {"unavailable", "missing"}:
            checks.append({"name": r.key, "ok": None, "why": "stage unavailable"})
        else:
            ok = value is not None and value >= floor
            checks.append({"name": r.key, "ok": ok, "value": value, "floor": floor})
    results["ratios"] = ratios
    results["targets"] = [
        {"label": t.label, "unit": t.unit, "goal": t.goal, "at_most": t.at_most,
         "value": (v := _get(results, t.path)),
         "met": None if v is None else (v <= t.goal if t.at_most else v >= t.goal)}
        for t in ABSOLUTE_TARGETS
    ]  # fmt: skip
    rows = results.get("scaling", [])
    if len(rows) >= 2:
        growth = _growth(rows)
        results["scaling_ratios"] = growth
        for key, ceiling in ceilings.items():
            v = growth.get(key)
            checks.append({"name": key, "ok": v is not None and v <= ceiling, "value": v,
                           "ceiling": ceiling})  # fmt: skip
    results["checks"] = checks


def failed(results: dict[str, Any], *, strict: bool = False) -> list[str]:
    """Names of failed checks (``strict``: unavailable stages fail too)."""
    bad = [c["name"] for c in results.get("checks", []) if c["ok"] is False]
    if strict:
        bad += [c["name"] for c in results.get("checks", []) if c["ok"] is None]
    return bad
