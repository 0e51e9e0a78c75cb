"""The state of one benchmark run: folders, plan, how to start probes, what was found."""

from __future__ import annotations

import importlib.util
import json
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.measure import PROBE_SAMPLE_INTERVAL_S, MeasureError, Run, measure

REPO_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True, slots=True)
class Plan:
    """Sizes and effort of one mode."""

    mode: str
    people: int
    bulk_rows: int
    seed: int
    scales: tuple[int, ...]
    text_budget_bytes: int
    """Free-text sample every text tool is timed and scored on."""
    min_total_s: float
    """Fast probes repeat their pass until this much time is measured."""
    rg_repeats: int
    text_rounds: int
    """Rounds of the free-text tools, each round every tool once in turn (ours, DEDUCE,
    Presidio); each tool's best round counts, so a slow spell of a shared machine does
    not fall on one tool alone."""
    workers: int
    resolve_mentions: int
    """Mentions for the resolver benchmark (ours and Splink on the same table)."""


QUICK = Plan(
    mode="quick",
    people=300,
    bulk_rows=2_000,
    seed=424242,
    scales=(1, 2),
    text_budget_bytes=200_000,
    min_total_s=0.3,
    rg_repeats=3,
    text_rounds=1,
    workers=2,
    resolve_mentions=5_000,
)
FULL = Plan(
    mode="full",
    people=1_000,
    bulk_rows=10_000,
    seed=424242,
    scales=(1, 2, 4, 8),
    text_budget_bytes=2_000_000,
    min_total_s=2.0,
    rg_repeats=5,
    text_rounds=2,
    workers=2,
    resolve_mentions=1_000_000,
)


def stage_available(module: str) -> bool:
    """True when ``module`` (e.g. ``breachscope.scan``) can be imported."""
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False


@dataclass
class Bench:
    plan: Plan
    work: Path
    out: Path
    with_reference: bool
    log: Callable[[str], None]
    results: dict[str, Any] = field(default_factory=dict)
    _n: int = 0

    @property
    def tmp(self) -> Path:
        path = self.work / "tmp"
        path.mkdir(parents=True, exist_ok=True)
        return path

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(
            p for p in (str(REPO_ROOT), env.get("PYTHONPATH", "")) if p
        )
        return env

    def probe(self, name: str, args: dict[str, Any], *, timeout_s: float = 3600.0) -> Run:
        """Run probe ``name`` in a fresh interpreter and return its measured run."""
        self._n += 1
        stem = self.tmp / f"{self._n:03d}-{name}"
        args_path = stem.with_suffix(".args.json")
        result_path = stem.with_suffix(".result.json")
        args_path.write_text(json.dumps(args), encoding="utf-8")
        result_path.unlink(missing_ok=True)
        argv = [sys.executable, "-m", "benchmarks.probe", name, str(args_path), str(result_path)]
        return measure(
            argv,
            cwd=REPO_ROOT,
            env=self.env(),
            timeout_s=timeout_s,
            result_file=result_path,
            sample_interval_s=PROBE_SAMPLE_INTERVAL_S,
        )

    def step(self, key: str, fn: Callable[[], dict[str, Any]]) -> dict[str, Any]:
        """Run one step; record its result, or the error that stopped it."""
        self.log(f"- {key} ...")
        t0 = time.perf_counter()
        try:
            out = fn()
        except MeasureError as exc:
            out = {"status": "error", "reason": str(exc)[-2000:]}
        except Exception as exc:  # a failing stage must not hide the others
            out = {"status": "error", "reason": f"{type(exc).__name__}: {exc}"[-2000:]}
        out.setdefault("status", "ok")
        out["step_s"] = round(time.perf_counter() - t0, 2)
        self.results.setdefault("stages", {})[key] = out
        if out["status"] != "ok":
            self.log(f"  {key}: {out['status']}: {str(out.get('reason', ''))[:300]}")
        return out


def unavailable(reason: str) -> dict[str, Any]:
    return {"status": "unavailable", "reason": reason}
