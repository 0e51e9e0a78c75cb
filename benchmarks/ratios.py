"""Throughputs derived from the raw probe results, the ratios, and the regression floors.

Ratios are ours / theirs for throughputs (higher is better) and theirs / ours for times.
The CI gate (``run --quick``) compares ratios, never absolute times: both sides of a ratio
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
        secs = (
            st.get("best_pass_s")
            or st.get("elapsed_s")
            or st.get("seconds")
            or st.get("run", {}).get("wall_s")
        )
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
        row["mb_s"] = (_rate(row["bytes"], row["wall_s"]) or 0.0) / 1e6
        row["s_per_mb"] = row["wall_s"] / (row["bytes"] / 1e6) if row["bytes"] else None


@dataclass(frozen=True, slots=True)
class Ratio:
    key: str
    label: str
    ours: tuple[str, ...]
    theirs: tuple[str, ...]
    unit: str
    invert: bool = False
    """True for times: the ratio is theirs / ours."""
    target: float | None = None
    """What the issues promise (full run, informational)."""
    floor: float | None = None
    """Regression floor: the run fails when the ratio falls below it."""


RATIOS: tuple[Ratio, ...] = (
    Ratio(
        "text_vs_deduce",
        "Free-text detection vs DEDUCE 3.0.6 (1 core, same bytes)",
        ("detect_text", "mb_s"),
        ("deduce", "mb_s"),
        "MB/s",
        target=100.0,
    ),
    Ratio(
        "text_vs_presidio",
        "Free-text detection vs Presidio patterns (1 core, same bytes)",
        ("detect_text", "mb_s"),
        ("presidio", "mb_s"),
        "MB/s",
    ),
    Ratio(
        "text_vs_ripgrep",
        "Free-text detection vs ripgrep -j1 (same bytes)",
        ("detect_text", "mb_s"),
        ("ripgrep_text", "j1", "mb_s"),
        "MB/s",
        floor=0.02,
    ),
    Ratio(
        "tables_vs_ripgrep",
        "CSV extract+detect, 2 workers, vs ripgrep -j2 on the dump",
        ("detect_tables", "mb_s"),
        ("ripgrep_dump", "j2", "mb_s"),
        "MB/s",
        floor=0.01,
    ),
    Ratio(
        "pipeline_vs_ripgrep",
        "Whole dump extract+detect, 1 process, vs ripgrep -j1",
        ("pipeline", "mb_s"),
        ("ripgrep_dump", "j1", "mb_s"),
        "MB/s",
        floor=0.005,
    ),
    Ratio(
        "pdf_vs_pdfium",
        "PDF text extraction vs pypdfium2 alone",
        ("pdf_ours", "pages_s"),
        ("pdf_pdfium", "pages_s"),
        "pages/s",
        floor=0.3,
    ),
    Ratio(
        "scan_vs_ripgrep",
        "Whole scan, 2 workers, vs ripgrep -j2 on the dump",
        ("scan", "mb_s"),
        ("ripgrep_dump", "j2", "mb_s"),
        "MB/s",
    ),
    Ratio(
        "resolve_vs_splink",
        "Resolution vs Splink default-style model (same mentions)",
        ("resolve", "seconds"),
        ("splink", "seconds"),
        "s",
        invert=True,
    ),
)


@dataclass(frozen=True, slots=True)
class Target:
    label: str
    path: tuple[str, ...]
    goal: float
    unit: str
    at_most: bool = False


ABSOLUTE_TARGETS: tuple[Target, ...] = (
    Target("Free-text detection per core", ("detect_text", "mb_s"), 50.0, "MB/s"),
    Target("CSV through detection on 2 cores", ("detect_tables", "mb_s"), 100.0, "MB/s"),
    Target(
        "Resolution of the mentions table on 2 cores",
        ("resolve", "seconds"),
        120.0,
        "s",
        at_most=True,
    ),
)
"""The issues' absolute targets (the resolution one is for 1M mentions: full run only).
Shown in the report, never a CI gate."""

COUNT_ERROR_FLOOR = 1.0
"""Splink's |people-count error| / ours must stay at least this: ours is never worse."""

SCALING_CEILINGS = {"time_per_mb_growth": 1.5, "memory_growth": 1.5}
"""Largest/smallest dump: seconds per MB and peak memory may grow at most this much."""


def _get(results: dict[str, Any], path: tuple[str, ...]) -> float | None:
    node: Any = results.get("stages", {})
    for key in path:
        if not isinstance(node, dict) or key not in node:
            return None
        node = node[key]
    if isinstance(node, dict):
        return None
    try:
        return float(node) if node is not None else None
    except (TypeError, ValueError):
        return None


def _status(results: dict[str, Any], path: tuple[str, ...]) -> str:
    st = results.get("stages", {}).get(path[0])
    return "missing" if st is None else str(st.get("status", "ok"))


def compute(results: dict[str, Any]) -> None:
    """Fill ``results['ratios']``, ``['scaling_ratios']`` and ``['checks']``."""
    ratios: dict[str, Any] = {}
    checks: list[dict[str, Any]] = []
    for r in RATIOS:
        ours, theirs = _get(results, r.ours), _get(results, r.theirs)
        value = None
        if ours and theirs:
            value = theirs / ours if r.invert else ours / theirs
        ratios[r.key] = {
            "label": r.label,
            "ours": ours,
            "theirs": theirs,
            "unit": r.unit,
            "value": value,
            "target": r.target,
            "floor": r.floor,
        }
        if r.floor is not None:
            states = (_status(results, r.ours), _status(results, r.theirs))
            if "unavailable" in states or "missing" in states:
                checks.append({"name": r.key, "ok": None, "why": "stage unavailable"})
            else:
                ok = value is not None and value >= r.floor
                checks.append({"name": r.key, "ok": ok, "value": value, "floor": r.floor})
    ours_err = _get(results, ("resolve", "count_error"))
    splink_err = _get(results, ("splink", "count_error"))
    err_ratio = None
    if ours_err is not None and splink_err is not None:
        err_ratio = abs(splink_err) / max(abs(ours_err), 1e-4)
    ratios["count_error_vs_splink"] = {
        "label": "People-count error: Splink's / ours (same mentions)",
        "ours": ours_err, "theirs": splink_err, "unit": "", "value": err_ratio,
        "target": None, "floor": COUNT_ERROR_FLOOR,
    }  # fmt: skip
    states = (_status(results, ("resolve",)), _status(results, ("splink",)))
    if "unavailable" in states or "missing" in states:
        checks.append({"name": "count_error_vs_splink", "ok": None, "why": "stage unavailable"})
    else:
        checks.append({"name": "count_error_vs_splink", "value": err_ratio,
                       "floor": COUNT_ERROR_FLOOR,
                       "ok": err_ratio is not None and err_ratio >= COUNT_ERROR_FLOOR})  # fmt: skip
    results["ratios"] = ratios
    results["targets"] = [
        {"label": t.label, "unit": t.unit, "goal": t.goal, "at_most": t.at_most,
         "value": (v := _get(results, t.path)),
         "met": None if v is None else (v <= t.goal if t.at_most else v >= t.goal)}
        for t in ABSOLUTE_TARGETS
    ]  # fmt: skip
    rows = results.get("scaling", [])
    if len(rows) >= 2:
        first, last = rows[0], rows[-1]
        growth = {
            "time_per_mb_growth": (
                last["s_per_mb"] / first["s_per_mb"] if first.get("s_per_mb") else None
            ),
            "memory_growth": (
                last["peak_tree_rss_mb"] / first["peak_tree_rss_mb"]
                if first.get("peak_tree_rss_mb")
                else None
            ),
            "size_growth": last["bytes"] / first["bytes"] if first["bytes"] else None,
        }
        results["scaling_ratios"] = growth
        for key, ceiling in SCALING_CEILINGS.items():
            v = growth[key]
            checks.append(
                {"name": key, "ok": v is not None and v <= ceiling, "value": v, "ceiling": ceiling}
            )
    results["checks"] = checks


def failed(results: dict[str, Any], *, strict: bool = False) -> list[str]:
    """Names of failed checks (``strict``: unavailable stages fail too)."""
    bad = [c["name"] for c in results.get("checks", []) if c["ok"] is False]
    if strict:
        bad += [c["name"] for c in results.get("checks", []) if c["ok"] is None]
    return bad
