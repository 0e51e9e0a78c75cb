"""Timed passes start from empty memo caches, so no pass profits from the one before."""

from __future__ import annotations

import functools
import sys
import types

import pytest
from benchmarks.memo import clear_memo_caches
from benchmarks.timing import repeat

from breachscope.detect.names import normalise_name


def test_clear_memo_caches_empties_the_validators() -> None:
    normalise_name("JANSEN")
    assert normalise_name.cache_info().currsize > 0
    assert clear_memo_caches() > 0
    assert normalise_name.cache_info().currsize == 0


def test_repeat_runs_before_each_before_every_pass() -> None:
    calls: list[str] = []
    _, passes = repeat(
        lambda: calls.append("pass"),
        min_total_s=0.0,
        min_passes=3,
        before_each=lambda: calls.append("reset"),
    )
    assert passes.count == 3
    assert calls == ["reset", "pass"] * 3


def test_structure_caches_are_kept() -> None:
    from breachscope.detect.columns import _rules
    from breachscope.detect.data import word_list

    _rules(("telefoon", "mobiel", "gsm", "phone"))
    word_list("given_names.txt")
    clear_memo_caches()
    assert _rules.cache_info().currsize > 0
    assert word_list.cache_info().currsize > 0


def test_a_module_loaded_later_has_its_caches_emptied(monkeypatch: pytest.MonkeyPatch) -> None:
    assert clear_memo_caches("memo_test_pkg") == 0  # (the lookup is remembered)
    module = types.ModuleType("memo_test_pkg.late")

    @functools.lru_cache(maxsize=8)
    def square(x: int) -> int:
        return x * x

    square.__module__ = module.__name__
    module.square = square  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, module.__name__, module)
    square(3)
    assert clear_memo_caches("memo_test_pkg") == 1
    assert square.cache_info().currsize == 0
