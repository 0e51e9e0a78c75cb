"""``python -m benchmarks run [--quick] [--out DIR] [--with-reference] [--readme FILE]``,
``python -m benchmarks report [--results FILE] [--readme FILE]`` and
``python -m benchmarks setup``."""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import replace
from pathlib import Path

from benchmarks import floors, ratios, refenv, report, ripgrep
from benchmarks.context import FULL, QUICK, REPO_ROOT, Bench


def _log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="Run the benchmark; write results.json and results.md.")
    run.add_argument(
        "--quick", action="store_true", help="Small corpus, regression gate by ratio floors (CI)."
    )
    run.add_argument(
        "--out",
        type=Path,
        default=None,
        help="Results folder (default: benchmarks/results, quick: .bench/quick).",
    )
    run.add_argument(
        "--work",
        type=Path,
        default=REPO_ROOT / ".bench",
        help="Work folder: cached corpora, reference venv, scratch.",
    )
    run.add_argument(
        "--with-reference",
        action="store_true",
        help="Create the DEDUCE/Presidio venv if missing (about 3 minutes once).",
    )
    run.add_argument(
        "--readme",
        type=Path,
        default=None,
        help="Write the table into this README between the bench markers.",
    )
    run.add_argument(
        "--strict", action="store_true", help="Fail also when a gated stage is unavailable."
    )
    run.add_argument("--people", type=int, default=None, help="Override the corpus size.")
    run.add_argument("--bulk-rows", type=int, default=None, help="Override the bulk rows.")
    run.add_argument(
        "--scales", type=str, default=None, help="Comma-separated dump size factors, e.g. 1,2,4,8."
    )
    run.add_argument(
        "--mentions", type=int, default=None, help="Override the resolution benchmark size."
    )
    run.add_argument(
        "--update-floors",
        action="store_true",
        help="Set the floors in benchmarks/floors.json from this run's ratios (÷ margin).",
    )
    rep = sub.add_parser(
        "report", help="Render results.md (and the README table) again from a results.json."
    )
    rep.add_argument(
        "--results", type=Path, default=REPO_ROOT / "benchmarks" / "results" / "results.json"
    )
    rep.add_argument("--readme", type=Path, default=None)
    setup = sub.add_parser("setup", help="Create the reference venv (DEDUCE, Presidio).")
    setup.add_argument("--work", type=Path, default=REPO_ROOT / ".bench")
    return p


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "setup":
        venv = args.work / "venv-ref"
        if refenv.is_ready(venv):
            _log(f"{venv} is ready")
        else:
            _log(f"creating {venv} (log: {args.work / 'venv-ref.log'}) ...")
            _log(f"done in {refenv.create(venv, REPO_ROOT, args.work / 'venv-ref.log'):.0f} s")
        if not ripgrep.available():
            _log("note: ripgrep (rg) is missing; install the Debian package 'ripgrep'")
        return 0
    if args.command == "report":
        return _report(args.results, args.readme)
    plan = QUICK if args.quick else FULL
    if args.people:
        plan = replace(plan, people=args.people)
    if args.bulk_rows is not None:
        plan = replace(plan, bulk_rows=args.bulk_rows)
    if args.mentions:
        plan = replace(plan, resolve_mentions=args.mentions)
    if args.scales:
        plan = replace(plan, scales=tuple(int(x) for x in args.scales.split(",")))
    out = args.out or (REPO_ROOT / (".bench/quick" if args.quick else "benchmarks/results"))
    bench = Bench(
        plan=plan, work=args.work.resolve(), out=out, with_reference=args.with_reference, log=_log
    )
    t0 = time.perf_counter()
    from benchmarks.suite import run_suite

    results = run_suite(bench)
    gate_data = floors.load()
    ratios.derive(results)
    ratios.compute(results, *floors.gates(gate_data))
    if args.update_floors:
        floors.save(floors.updated(gate_data, results))
        _log(f"floors updated in {floors.FLOORS_FILE}: review and commit them")
    results["total_s"] = round(time.perf_counter() - t0, 1)
    js, md = report.write(results, out)
    if args.readme:
        report.update_readme(args.readme, report.markdown(results))
    print(report.markdown(results))
    _log(f"wrote {js} and {md} in {results['total_s']} s")
    bad = ratios.failed(results, strict=args.strict)
    errors = [k for k, v in results.get("stages", {}).items() if v.get("status") == "error"]
    if bad or errors:
        _log(f"FAILED: checks {bad}, stage errors {errors}")
        return 1
    return 0


def _report(results_file: Path, readme: Path | None) -> int:
    """The tables of an earlier run, rendered by this version of the report (nothing is
    measured: the figures are those of ``results_file``)."""
    import json

    if not results_file.is_file():
        _log(f"{results_file} not found: run `python -m benchmarks run` first")
        return 2
    results = json.loads(results_file.read_text(encoding="utf-8"))
    md = results_file.with_suffix(".md")
    md.write_text(report.markdown(results), encoding="utf-8")
    if readme:
        report.update_readme(readme, report.markdown(results))
    _log(f"wrote {md}" + (f" and {readme}" if readme else ""))
    return 0
