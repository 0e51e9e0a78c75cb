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
    """Hash of the simulator and the synth package it draws people from."""
    import breachscope.assemble as assemble_pkg
    import breachscope.resolve.simulate as sim
    import breachscope.synth as synth_pkg

    digest = hashlib.sha256(Path(sim.__file__).read_bytes())
    for pkg in (synth_pkg, assemble_pkg):
        for base in pkg.__path__:
            for path in sorted(Path(base).rglob("*")):
                if path.is_file() and "__pycache__" not in path.parts:
                    digest.update(path.read_bytes())
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
