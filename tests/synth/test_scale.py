"""Memory stays flat as the population and the bulk part grow; bulk rows are fast."""

from __future__ import annotations

import gc
import importlib
import itertools
import time
import tracemalloc
from collections.abc import Iterable
from pathlib import Path

import pytest

from breachscope.synth import generate
from breachscope.synth.model import Person
from breachscope.synth.truth import TruthWriter

gen_module = importlib.import_module("breachscope.synth.generate")
bulk_module = importlib.import_module("breachscope.synth.bulk")


def _peak(out: Path, people: int, bulk_rows: int = 0) -> int:
    gc.collect()
    tracemalloc.start()
    try:
        generate(out, people=people, seed=9, bulk_rows=bulk_rows)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.slow
def test_memory_is_flat_in_people(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(gen_module, "CHUNK_SIZE", 200)
    generate(tmp_path / "warm", people=30, seed=1)  # import-time caches of the writers
    retained: list[int] = []
    flush = TruthWriter.flush_people

    def flush_and_measure(self: TruthWriter, people: Iterable[Person]) -> None:
        flush(self, people)
        gc.collect()
        retained.append(tracemalloc.get_traced_memory()[0])

    monkeypatch.setattr(TruthWriter, "flush_people", flush_and_measure)
    small = _peak(tmp_path / "small", 400)
    retained.clear()
    large = _peak(tmp_path / "large", 1600)  # four times the chunks
    # Nothing is kept from chunk to chunk: memory retained after each chunk does not
    # creep up (one jump is allowed: a process-wide dict such as the interned strings
    # may resize once) ...
    assert len(retained) == 8
    steps = sorted(b - a for a, b in itertools.pairwise(retained))
    assert sum(steps[:-1]) < 300_000, retained
    # ... and the peak (a few MB, set by the largest file) does not grow with the people.
    assert large < 3 * small, (small, large)


@pytest.mark.slow
def test_memory_is_flat_in_bulk_rows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bulk_module, "BLOCK_ROWS", 5_000)
    monkeypatch.setattr(bulk_module, "FILE_ROWS", 20_000)
    generate(tmp_path / "warm", people=5, seed=1, bulk_rows=6_000)
    small = _peak(tmp_path / "small", 5, bulk_rows=10_000)
    large = _peak(tmp_path / "large", 5, bulk_rows=60_000)
    assert large < 2 * small, (small, large)
    assert len(list((tmp_path / "large/dump/lims/historie").iterdir())) == 3


@pytest.mark.slow
def test_bulk_rows_are_fast(tmp_path: Path) -> None:
    generate(tmp_path / "warm", people=5, seed=1, bulk_rows=1000)
    started = time.perf_counter()
    summary = generate(tmp_path / "s", people=5, seed=2, bulk_rows=300_000)
    seconds = time.perf_counter() - started
    assert summary.mentions >= 300_000
    assert 300_000 / seconds > 50_000  # aim is >= 200k rows/s; loose for a shared CI box
