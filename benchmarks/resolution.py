"""Resolution: our resolver and Splink's default-style model on the same mentions table
(see :mod:`benchmarks.probes.resolve`)."""

from __future__ import annotations

import hashlib
from functools import partial
from pathlib import Path
from typing import Any

from benchmarks.context import Bench, stage_available, unavailable
from benchmarks.probes.resolve import mentions_file

MENTIONS_PER_PERSON = 2.47
"""About how many mentions :func:`breachscope.resolve.simulate.simulate` makes per person."""


def _fingerprint() -> str:
    """Hash of the simulator and of the mentions schema it fills.

    Deliberately not of the synth package it draws people from: that changes often, and a
    cached million mentions stay a fair, identical input for both resolvers."""
    import breachscope.resolve.simulate as sim
    from breachscope.assemble.schema import MENTIONS_SCHEMA

    digest = hashlib.sha256(Path(sim.__file__).read_bytes())
    digest.update(MENTIONS_SCHEMA.to_string(show_schema_metadata=True).encode())
    return digest.hexdigest()[:12]


def _run(bench: Bench, name: str, path: Path) -> dict[str, Any]:
    run = bench.probe(name, {"mentions": str(path), "threads": bench.plan.workers})
    return {**run.result, "run": run.to_json()}


def resolution_steps(bench: Bench) -> None:
    if not stage_available("breachscope.resolve.simulate"):
        for key in ("resolve", "splink"):
            bench.step(key, partial(unavailable, "breachscope.resolve is not there yet"))
        return
    people = max(50, round(bench.plan.resolve_mentions / MENTIONS_PER_PERSON))
    path = mentions_file(bench.work, people, bench.plan.seed, _fingerprint())
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        for stale in path.parent.glob(f"sim-p{people}-s{bench.plan.seed}-*.parquet"):
            stale.unlink()  # made by an older simulator
        tmp = path.with_suffix(".tmp")
        got = bench.step("simulate_mentions", partial(_simulate, bench, people, tmp))
        if got["status"] != "ok":
            return
        tmp.rename(path)
    bench.step("resolve", partial(_run, bench, "resolve_ours", path))
    bench.step("splink", partial(_run, bench, "resolve_splink", path))


def _simulate(bench: Bench, people: int, out: Path) -> dict[str, Any]:
    run = bench.probe("simulate_mentions",
                      {"people": people, "seed": bench.plan.seed, "out": str(out)})  # fmt: skip
    return {**run.result, "run": run.to_json()}
