"""Results as JSON and as a Markdown table; the README section between its markers."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from benchmarks.ratios import RATIOS
from benchmarks.recall import CLASSES

START_MARK = "<!-- bench:start -->"
END_MARK = "<!-- bench:end -->"
REPRODUCE = "python -m benchmarks run --with-reference --readme README.md"

STAGE_ROWS: tuple[tuple[str, str], ...] = (
    ("extract", "extract, every file (1 process)"),
    ("detect_text", "detect, free-text sample (1 process)"),
    ("deduce", "DEDUCE 3.0.6, same sample"),
    ("presidio", "Presidio patterns, same sample"),
    ("ripgrep_text", "ripgrep, same sample"),
    ("detect_tables", "extract+detect CSV (2 workers)"),
    ("detect_tables_1w", "extract+detect CSV (1 worker)"),
    ("detect_tables_large", "extract+detect CSV of the largest dump (2 workers)"),
    ("detect_tables_distinct", "extract+detect, an export of distinct people (1 worker)"),
    ("detect_tables_distinct_2w", "the same export (2 workers, read in parts)"),
    ("detect_tables_series", "extract+detect, the bulk export cut into daily files (1 worker)"),
    ("pdf_ours", "PDF extraction (1 process)"),
    ("pdf_pdfium", "pypdfium2 alone, same PDFs"),
    ("pipeline", "extract+detect whole dump (1 process)"),
    ("ripgrep_dump", "ripgrep, whole dump"),
    ("scan", "breachscope scan (2 workers)"),
    ("resolve", "resolve (ours, 2 threads)"),
    ("splink", "Splink default-style (2 threads)"),
)


def _f(x: Any, digits: int = 1) -> str:
    """A figure for a table: thousands separators when large, 2 significant digits when
    below 1 (a throughput of 0.034 MB/s must not print as 0.0)."""
    if x is None:
        return "–"
    if isinstance(x, float):
        if abs(x) >= 100:
            return f"{x:,.0f}"
        if abs(x) >= 1 or x == 0:
            return f"{x:.{digits}f}"
        return f"{x:.2g}"
    return str(x)


def _pct(x: Any) -> str:
    return "–" if x is None else f"{100 * float(x):.1f}%"


def _header(r: dict[str, Any]) -> list[str]:
    m = r.get("machine", {})
    c = r.get("corpus", {})
    s = r.get("sample", {})
    load = m.get("load_average_start", [])
    lines = [
        f"Run `{r.get('mode')}` of {r.get('started')}: {m.get('cpu')}, {m.get('cores')} cores, "
        f"{m.get('memory_gib')} GiB, Python {m.get('python')}, {m.get('ripgrep')}; "
        f"load average at start {', '.join(str(x) for x in load)}"
        f" and end {', '.join(str(x) for x in m.get('load_average_end', []))}.",
        f"Corpus `synth --people {c.get('people')} --bulk-rows {c.get('bulk_rows')} --seed "
        f"{c.get('seed')}`: {c.get('files')} files, {_f((c.get('bytes') or 0) / 1e6)} MB; "
        f"free-text sample {s.get('files', '–')} files, "
        f"{_f((s.get('bytes') or 0) / 1e6, 2)} MB.",
        *_load_note(m),
    ]
    return [x for line in lines for x in (line, "")]


def _load_note(m: dict[str, Any]) -> list[str]:
    """A warning when other jobs loaded the machine: judged by the load at the start, before
    any step ran. The load at the end is the run's own (its last steps, resolution and
    Splink, keep both cores busy) and would flag every full run."""
    loads = m.get("load_average_start", [])[:1]
    if not loads or max(loads) <= m.get("cores", 1):
        return []
    return [
        "The machine was shared with other jobs (load above its core count): absolute "
        "figures are low; the ratios, both sides measured in the same run, are the ones to "
        "read."
    ]


def _ratios(r: dict[str, Any]) -> list[str]:
    out = ["| Comparison | ours | theirs | ratio | target |", "|---|---:|---:|---:|---:|"]
    got = r.get("ratios", {})
    for v in (got[x.key] for x in RATIOS if x.key in got):
        goal = (
            f"≥ {_f(v['target'], 0)}×"
            if v.get("target")
            else (f"floor {_f(v['floor'])}×" if v.get("floor") else "")
        )
        value = "–" if v.get("value") is None else f"**{_f(v['value'], 2)}×**"
        if not v["unit"]:  # count errors: shown as percentages
            out.append(f"| {v['label']} | {_pct(v['ours'])} | {_pct(v['theirs'])} | {value} | "
                       f"{goal} |")  # fmt: skip
            continue
        out.append(
            f"| {v['label']} | {_f(v['ours'])} {v['unit']} | {_f(v['theirs'])} "
            f"{v['unit']} | {value} | {goal} |"
        )
    return out


def _recall(r: dict[str, Any]) -> list[str]:
    rec = r.get("recall", {})
    if not rec:
        return []
    tools = [t for t in ("ours", "ours_register", "deduce", "presidio") if t in rec]
    names = {
        "ours": "breachscope",
        "ours_register": "breachscope + register",
        "deduce": "DEDUCE 3.0.6",
        "presidio": "Presidio",
    }
    out = [
        "",
        "| Recall on the free-text sample | mentions | "
        + " | ".join(names[t] for t in tools)
        + " |",
        "|---|---:|" + "---:|" * len(tools),
    ]
    for cls in CLASSES:
        truth = rec[tools[0]][cls]["truth"] if tools else 0
        if not truth:
            continue
        cells = [_pct(rec[t][cls]["recall"]) for t in tools]
        out.append(f"| {cls} | {truth} | " + " | ".join(cells) + " |")
    out += [
        "",
        "Health and IBAN have no value in the truth: they are credited by the number of "
        "distinct spans per record, a lower bound where people of one record share a result "
        "(a log with forty `hrHPV negatief` lines counts once). `breachscope evaluate` scores "
        "them exactly per record. A surname written with one typo counts, for every tool "
        "alike; a table inside a text, which breachscope reads as a table, counts by the "
        "values found in its cells. *+ register*: the same files read with the name register "
        "a scan of the corpus builds from its structured files (`docs/detectors.md`); the "
        "timed figures are without it, on the same bytes as the reference tools.",
    ]
    return out


def _input(s: dict[str, Any]) -> str:
    if "pages" in s:
        return f"{s['pages']} pages"
    if "mentions" in s and "bytes" not in s:
        return f"{s['mentions']:,} mentions"
    if "bytes" in s:
        return f"{s['bytes'] / 1e6:.2f} MB"
    return ""


def _stages(r: dict[str, Any]) -> list[str]:
    st = r.get("stages", {})
    out = [
        "",
        "| Stage | input | MB/s | files/s | pages/s | mentions/s | start-up s | wall s "
        "| peak RSS MB |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for key, label in STAGE_ROWS:
        s = st.get(key)
        if s is None:
            continue
        if s.get("status") != "ok":
            out.append(f"| {label} | {s.get('status')} | | | | | | | |")
            continue
        if key.startswith("ripgrep"):
            for k, v in sorted(s.items()):
                if isinstance(v, dict) and v.get("available"):
                    out.append(
                        f"| {label} (-{k}) | {v['bytes'] / 1e6:.2f} MB ×{v.get('copies', 1)} "
                        f"| {_f(v.get('mb_s'))} | | | | | {_f(v.get('best_s'), 2)} "
                        f"| {_f(v.get('peak_rss_mb'))} |")  # fmt: skip
            continue
        run = s.get("run", {})
        out.append(
            f"| {label} | {_input(s)} | {_f(s.get('mb_s'))} | {_f(s.get('files_s'))} "
            f"| {_f(s.get('pages_s'))} | {_f(s.get('mentions_s'))} | {_f(s.get('startup_s'), 2)} "
            f"| {_f(run.get('wall_s'), 2)} | {_f(run.get('peak_tree_rss_mb'))} |")  # fmt: skip
    return out


def _scaling(r: dict[str, Any]) -> list[str]:
    rows = r.get("scaling", [])
    if not rows:
        return []
    subject = rows[0]["subject"]
    out = [
        "",
        f"| Scaling ({subject}) | files | MB | wall s | work s | MB/s (work) | s per MB "
        "| peak RSS MB (all processes) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        out.append(
            f"| {row['scale']}× | {row['files']} | {_f(row['bytes'] / 1e6)} | "
            f"{_f(row['wall_s'], 2)} | {_f(row.get('work_s'), 2)} | {_f(row.get('mb_s'))} | "
            f"{_f(row.get('s_per_mb'), 3)} | {_f(row['peak_tree_rss_mb'])} |")  # fmt: skip
    first, last = rows[0], rows[-1]
    a, b = dict(first.get("phase_peak_mb") or []), dict(last.get("phase_peak_mb") or [])
    growth = [f"{k} {_f(a[k])} → {_f(b[k])}" for k in b if k in a and len(rows) > 1]
    if growth:
        out.append("")
        out.append(f"Peak memory (MB) by scan phase, {first['scale']}× → {last['scale']}×: "
                   + ", ".join(growth) + ".")  # fmt: skip
    g = r.get("scaling_ratios", {})
    if g:
        out.append("")
        out.append(
            f"Largest / smallest dump ({_f(g.get('size_growth'), 0)}× the bytes): "
            f"seconds per MB ×{_f(g.get('time_per_mb_growth'), 2)}, peak memory "
            f"×{_f(g.get('memory_growth'), 2)}."
        )
    return out


def _per_type(r: dict[str, Any]) -> list[str]:
    types = r.get("stages", {}).get("extract", {}).get("per_type") or {}
    parts = [
        f"{name} {_f(t.get('mb_s'))} MB/s ({t['files']} files)"
        for name, t in sorted(types.items(), key=lambda kv: -kv[1].get("bytes", 0))
        if t.get("mb_s") is not None
    ]
    return (
        ["", "Extraction by detected type (1 process): " + "; ".join(parts) + "."] if parts else []
    )


def _scan_phases(r: dict[str, Any]) -> list[str]:
    scan = r.get("stages", {}).get("scan", {})
    phases = scan.get("phases") or []
    if not phases:
        return []
    peaks = dict((n, m) for n, m in scan.get("phase_peak_mb") or [])
    parts = ", ".join(
        f"{k} {_f(float(v), 2)} s" + (f" / {_f(peaks[k])} MB" if k in peaks else "")
        for k, v in phases
    )
    return ["", f"Whole-scan phases (seconds / peak memory of all processes): {parts}."]


def _resolution(r: dict[str, Any]) -> list[str]:
    st = r.get("stages", {})
    ours, theirs = st.get("resolve", {}), st.get("splink", {})
    if ours.get("status") != "ok" and theirs.get("status") != "ok":
        return []
    out = [
        "",
        "| Resolution (same mentions) | mentions | true people | people found | "
        "count error | seconds | peak RSS MB |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for label, s in (("breachscope", ours), ("Splink default-style", theirs)):
        if s.get("status") != "ok":
            out.append(f"| {label} | {s.get('status', '–')} | | | | | |")
            continue
        err = s.get("count_error")
        out.append(
            f"| {label} | {s.get('mentions')} | {s.get('true_people')} | {s.get('people')} | "
            f"{'–' if err is None else f'{100 * err:+.2f}%'} | {_f(s.get('seconds'), 2)} | "
            f"{_f(s.get('run', {}).get('peak_tree_rss_mb'))} |")  # fmt: skip
    return out


def _targets(r: dict[str, Any]) -> list[str]:
    rows = [t for t in r.get("targets", []) if t.get("value") is not None]
    if not rows:
        return []
    parts = []
    for t in rows:
        sign = "≤" if t["at_most"] else "≥"
        mark = "met" if t["met"] else "not met"
        parts.append(f"{t['label']} {_f(t['value'])} {t['unit']} (target {sign} "
                     f"{_f(t['goal'], 0)}: {mark})")  # fmt: skip
    return ["", "Targets: " + "; ".join(parts) + "."]


def _checks(r: dict[str, Any]) -> list[str]:
    checks = r.get("checks", [])
    if not checks:
        return []
    parts = []
    for c in checks:
        mark = {True: "pass", False: "FAIL", None: "skipped"}[c["ok"]]
        parts.append(f"{c['name']} {mark}")
    return ["", "Regression checks: " + "; ".join(parts) + "."]


def markdown(r: dict[str, Any]) -> str:
    parts = (_header, _ratios, _recall, _stages, _per_type, _scan_phases, _resolution, _scaling,
             _targets, _checks)  # fmt: skip
    lines = [line for part in parts for line in part(r)]
    return "\n".join(lines) + "\n"


def write(r: dict[str, Any], out: Path) -> tuple[Path, Path]:
    out.mkdir(parents=True, exist_ok=True)
    js, md = out / "results.json", out / "results.md"
    js.write_text(json.dumps(r, indent=1, sort_keys=True, default=str) + "\n", encoding="utf-8")
    md.write_text(markdown(r), encoding="utf-8")
    return js, md


def update_readme(readme: Path, body: str) -> None:
    """Replace the text between the bench markers (adding them at the end if missing)."""
    text = readme.read_text(encoding="utf-8") if readme.exists() else ""
    section = (
        f"{START_MARK}\n## Benchmarks\n\nReproduce with `{REPRODUCE}` "
        f"(see `benchmarks/README.md`).\n\n{body}{END_MARK}"
    )
    if START_MARK in text and END_MARK in text:
        head, _, rest = text.partition(START_MARK)
        _, _, tail = rest.partition(END_MARK)
        text = head + section + tail
    else:
        text = text.rstrip("\n") + ("\n\n" if text else "") + section + "\n"
    readme.write_text(text, encoding="utf-8")
