"""The benchmark run, step by step: corpora, stages, reference tools, scaling."""

from __future__ import annotations

import json
import os
import shutil
import sys
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

from benchmarks import (
    RESULTS_VERSION,
    corpus,
    distinct,
    freetext,
    machine,
    recall,
    refenv,
    ripgrep,
    series,
)
from benchmarks.context import REPO_ROOT, Bench, stage_available, unavailable
from benchmarks.corpus import Corpus, CorpusSpec
from benchmarks.measure import PROBE_SAMPLE_INTERVAL_S, measure
from benchmarks.resolution import resolution_steps


def run_suite(bench: Bench) -> dict[str, Any]:
    plan = bench.plan
    r = bench.results
    r.update(
        {
            "version": RESULTS_VERSION,
            "mode": plan.mode,
            "started": datetime.now(UTC).isoformat(timespec="seconds"),
            "machine": machine.describe(),
            "plan": asdict(plan),
        }
    )
    spec = CorpusSpec(plan.people, plan.bulk_rows, plan.seed)
    base = corpus.ensure(spec, bench.work, bench.log)
    r["corpus"] = {"label": spec.label, **base.info}
    bench.log(f"corpus {spec.label}: {base.files} files, {base.bytes / 1e6:.1f} MB")
    _warm(base.dump)
    bench.step("ripgrep_dump", lambda: _ripgrep(bench, base.dump, base.bytes))
    sample = _free_text(bench, base)
    if sample is not None and sample[1]:
        _text_tools(bench, base, *sample)
    else:
        for key in ("ripgrep_text", "detect_text", "deduce", "presidio"):
            bench.step(key, partial(unavailable, "no free text extracted from the dump"))
    bench.step("detect_tables", lambda: _tables(bench, base, plan.workers))
    bench.step("detect_tables_1w", lambda: _tables(bench, base, 1))
    bench.step("pdf_ours", lambda: _pdf(bench, base, "pdf_ours"))
    bench.step("pdf_pdfium", lambda: _pdf(bench, base, "pdf_pdfium"))
    bench.step("pipeline", lambda: _pipeline(bench, base))
    bench.step("scan", lambda: _scan(bench, base))
    _scaling(bench, spec)
    largest = corpus.ensure(spec.scaled(max(plan.scales)), bench.work, bench.log)
    bench.results["corpus_large"] = {"label": largest.spec.label, **largest.info}
    bench.step("detect_tables_large", lambda: _tables(bench, largest, plan.workers))
    bench.step("detect_tables_distinct", lambda: _distinct(bench, largest, 1))
    bench.step("detect_tables_distinct_2w", lambda: _distinct(bench, largest, plan.workers))
    bench.step("detect_tables_series", lambda: _series(bench, largest))
    resolution_steps(bench)
    r["machine"]["load_average_end"] = machine.load_average()
    return r


def _warm(dump: Path) -> None:
    """Read every byte once so every tool starts from a warm page cache."""
    for p in dump.rglob("*"):
        if p.is_file() and not p.is_symlink():
            with p.open("rb") as fh:
                while fh.read(1 << 22):
                    pass


def _ripgrep(bench: Bench, folder: Path, size: int) -> dict[str, Any]:
    if not ripgrep.available():
        return unavailable("ripgrep (rg) is not installed: apt-get install ripgrep")
    reps = bench.plan.rg_repeats
    return {
        "j1": ripgrep.count(folder, threads=1, repeats=reps, total_bytes=size),
        f"j{bench.plan.workers}": ripgrep.count(
            folder, threads=bench.plan.workers, repeats=reps, total_bytes=size
        ),
    }


def _free_text(bench: Bench, base: Corpus) -> tuple[Path, list[freetext.TextFile]] | None:
    """Extract all files (timed per type), write the free text once, pick the sample."""
    folder = base.root / "freetext"
    if folder.exists():
        shutil.rmtree(folder)
    out = bench.step(
        "extract",
        lambda: _probe_json(bench, "extract", {"dump": str(base.dump), "freetext": str(folder)}),
    )
    if out["status"] != "ok":
        return None
    files = freetext.load_index(folder)
    chosen = freetext.sample(files, bench.plan.text_budget_bytes)
    sample_dir = base.root / f"sample-{bench.plan.text_budget_bytes}"
    if sample_dir.exists():
        shutil.rmtree(sample_dir)
    sample_dir.mkdir()
    for f in chosen:
        os.link(folder / f.file, sample_dir / f.file)
    return sample_dir, chosen


def _probe_json(bench: Bench, name: str, args: dict[str, Any], **kw: Any) -> dict[str, Any]:
    run = bench.probe(name, args, **kw)
    return {**run.result, "run": run.to_json()}


def _text_tools(
    bench: Bench, base: Corpus, sample_dir: Path, chosen: list[freetext.TextFile]
) -> None:
    plan = bench.plan
    listing = sample_dir.parent / f"{sample_dir.name}.json"
    freetext.write_list(chosen, sample_dir, listing)
    size = sum(f.bytes for f in chosen)
    bench.results["sample"] = {
        "files": len(chosen),
        "bytes": size,
        "types": sorted({f.type for f in chosen}),
    }
    bench.step(
        "ripgrep_text",
        lambda: (
            {"j1": ripgrep.count(sample_dir, threads=1, repeats=plan.rg_repeats, total_bytes=size)}
            if ripgrep.available()
            else unavailable("ripgrep (rg) is not installed")
        ),
    )
    expect = recall.expectations(base.truth, {f.unit_key for f in chosen})
    expect_path = sample_dir.parent / f"{sample_dir.name}.expect.json"
    recall.write_expectations(expect, expect_path)
    ours_args = {
        "files": str(listing),
        "expect": str(expect_path),
        "min_total_s": plan.min_total_s,
        "dump": str(base.dump),
    }
    venv = bench.work / "venv-ref"
    if bench.with_reference and not refenv.is_ready(venv):
        bench.step(
            "reference_venv",
            lambda: {"setup_s": refenv.create(venv, REPO_ROOT, bench.work / "venv-ref.log")},
        )
    tools: dict[str, Callable[[], dict[str, Any]]] = {
        "detect_text": partial(_probe_json, bench, "detect_text", ours_args)
    }
    for tool in ("deduce", "presidio"):
        tools[tool] = (
            partial(_reference, bench, venv, tool, listing, expect_path)
            if refenv.is_ready(venv)
            else partial(
                unavailable,
                "reference venv missing: run with "
                "--with-reference (or `python -m benchmarks setup`)",
            )
        )
    runs: dict[str, list[dict[str, Any]]] = {key: [] for key in tools}
    for _ in range(max(1, plan.text_rounds)):
        for key, fn in tools.items():
            runs[key].append(bench.step(key, fn))
    scores: dict[str, Any] = {}
    for key, outs in runs.items():
        got = _best_round(outs)
        bench.results.setdefault("stages", {})[key] = got
        if got["status"] != "ok":
            continue
        name = "ours" if key == "detect_text" else key
        scores[name] = recall.score(got.pop("hits"), expect, recall.COVERED.get(key))
        if "hits_register" in got:
            scores["ours_register"] = recall.score(got.pop("hits_register"), expect)
    bench.results["recall"] = scores


def _best_round(outs: list[dict[str, Any]]) -> dict[str, Any]:
    """The round with the fastest best pass (the last one when none ran), with every
    round's best pass in ``round_best_s``."""
    ok = [o for o in outs if o["status"] == "ok" and o.get("best_pass_s")]
    best = dict(min(ok, key=lambda o: o["best_pass_s"]) if ok else outs[-1])
    best["round_best_s"] = [o.get("best_pass_s") for o in outs]
    return best


def _reference(bench: Bench, venv: Path, tool: str, listing: Path,
               expect: Path) -> dict[str, Any]:  # fmt: skip
    result = bench.tmp / f"{tool}.result.json"
    result.unlink(missing_ok=True)
    argv = [str(refenv.venv_python(venv)), "-m", f"benchmarks.reference.{tool}_probe",
            str(listing), str(expect), str(result)]  # fmt: skip
    run = measure(
        argv,
        cwd=REPO_ROOT,
        env=refenv.reference_env(REPO_ROOT),
        result_file=result,
        sample_interval_s=PROBE_SAMPLE_INTERVAL_S,
    )
    return {**run.result, "run": run.to_json()}


def _tables(bench: Bench, base: Corpus, workers: int) -> dict[str, Any]:
    return _probe_json(
        bench,
        "detect_tables",
        {
            "dump": str(base.dump),
            "types": ["csv", "tsv"],
            "workers": workers,
            "min_total_s": bench.plan.min_total_s,
        },
    )


def _distinct(bench: Bench, base: Corpus, workers: int) -> dict[str, Any]:
    """Table detection of an export whose every row is a different person (one file: on
    more than one worker it is read in parts, see ``engine/split.py``)."""
    return _probe_json(
        bench,
        "detect_tables",
        {
            "dump": str(distinct.ensure_export(base)),
            "types": ["csv"],
            "workers": workers,
            "min_total_s": bench.plan.min_total_s,
        },
    )


def _series(bench: Bench, base: Corpus) -> dict[str, Any]:
    """Table detection (1 worker) of an export series: the bulk export cut into days."""
    folder = series.ensure_series(base)
    if not any(folder.glob("*.csv")):
        return unavailable("the corpus has no bulk export to cut into days")
    return _probe_json(
        bench,
        "detect_tables",
        {
            "dump": str(folder),
            "types": ["csv"],
            "workers": 1,
            "min_total_s": bench.plan.min_total_s,
        },
    )


def _pdf(bench: Bench, base: Corpus, name: str) -> dict[str, Any]:
    return _probe_json(bench, name, {"dump": str(base.dump), "min_total_s": bench.plan.min_total_s})


def _pipeline(bench: Bench, base: Corpus) -> dict[str, Any]:
    return _probe_json(bench, "pipeline", {"dump": str(base.dump)})


def _scan(bench: Bench, base: Corpus) -> dict[str, Any]:
    """``breachscope scan`` end to end, with its phase times read from ``--log-json``."""
    if not stage_available("breachscope.scan"):
        return unavailable("breachscope.scan is not there yet")
    case = bench.tmp / f"case-{base.spec.label}"
    if case.exists():
        shutil.rmtree(case)
    argv = [sys.executable, "-m", "breachscope", "scan", str(base.dump), "--case", str(case),
            "--workers", str(bench.plan.workers), "--log-json"]  # fmt: skip
    run = measure(argv, env=bench.env(), tail_chars=1 << 26)
    log = scan_log(run.output_tail)
    memory = [(name, run.peak_between(start, end)) for name, start, end in log.phases]
    return {"bytes": base.bytes, "files": base.files, "phases": log.seconds(),
            "phase_peak_mb": [(n, round(m, 1)) for n, m in memory if m is not None],
            "summary": log.summary, "run": run.to_json()}  # fmt: skip


@dataclass(frozen=True, slots=True)
class ScanLog:
    """What ``scan --log-json`` says: counts and timestamps only (file events, which
    carry paths, are skipped)."""

    phases: list[tuple[str, float, float]]
    """(phase, start, end) in Unix time, in order."""
    summary: dict[str, Any]

    def seconds(self) -> list[tuple[str, float]]:
        return [(name, round(end - start, 3)) for name, start, end in self.phases]


def scan_log(output: str) -> ScanLog:
    """Parse the JSON lines of ``breachscope scan --log-json``."""
    marks: list[tuple[str, float]] = []
    last: float | None = None
    summary: dict[str, Any] = {}
    for line in output.splitlines():
        if not line.startswith("{"):
            continue
        try:
            event = json.loads(line)
            ts = datetime.fromisoformat(event["ts"]).timestamp()
        except (ValueError, KeyError, TypeError):
            continue
        last = ts
        if event.get("event") == "phase":
            marks.append((str(event.get("phase")), ts))
        elif event.get("event") == "summary":
            summary = {k: v for k, v in event.items() if isinstance(v, int | float)}
    phases = [
        (name, ts, marks[i + 1][1] if i + 1 < len(marks) else (last or ts))
        for i, (name, ts) in enumerate(marks)
    ]
    return ScanLog(phases, summary)


def _scaling(bench: Bench, spec: CorpusSpec) -> None:
    """Whole scan (or, until it exists, the one-process pipeline) at each dump size.

    ``work_s`` is the time spent on the dump: the sum of the scan's phases (or the
    pipeline's timed part), without interpreter start-up and imports, which would
    otherwise make small dumps look slow per MB and hide growth."""
    use_scan = stage_available("breachscope.scan")
    key = "scan" if use_scan else "pipeline"
    rows: list[dict[str, Any]] = []
    for factor in bench.plan.scales:
        c = corpus.ensure(spec.scaled(factor), bench.work, bench.log)
        done = bench.results.get("stages", {}).get(key, {})
        if factor == 1 and done.get("status") == "ok":
            got = done  # the 1x dump is the base corpus, measured just before
        else:
            _warm(c.dump)
            got = bench.step(
                f"scale_{factor}x", partial(_scan if use_scan else _pipeline, bench, c)
            )
        if got["status"] != "ok":
            continue
        run = got["run"]
        phases = got.get("phases") or {}
        work_s = sum(p[1] for p in phases) if phases else got.get("elapsed_s") or run["wall_s"]
        rows.append({
            "scale": factor, "subject": key, "files": c.files, "bytes": c.bytes,
            "wall_s": run["wall_s"], "work_s": round(float(work_s), 3),
            "peak_tree_rss_mb": run["peak_tree_rss_mb"], "peak_rss_mb": run["peak_rss_mb"],
            "phase_peak_mb": got.get("phase_peak_mb", []),
        })  # fmt: skip
    bench.results["scaling"] = rows
