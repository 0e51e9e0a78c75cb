"""The detection entry point: ``detect_units(units, config) -> Arrow findings``.

:func:`detect_units` is a pure function of its arguments: it runs unchanged in worker
processes and in Spark ``mapInArrow``. The one piece of state is the compiled
:class:`~breachscope.detect.detectorset.DetectorSet` (Hyperscan database, word lists),
expensive to build and immutable once built. It is kept in a small per-process cache,
:data:`_SETS`, keyed by ``(config, register)`` - both immutable and hashable - so each
worker compiles once per distinct configuration. Nothing else is cached or mutated;
:func:`clear_cache` empties it (tests, memory pressure).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence

import pyarrow as pa

from breachscope.config import Config
from breachscope.detect.detectorset import DetectorSet
from breachscope.detect.rows import FindingsBuilder, empty_findings
from breachscope.extract.units import TextUnit, Unit

_CACHE_SIZE = 4
_SETS: OrderedDict[tuple[Config, frozenset[str] | None], DetectorSet] = OrderedDict()
"""Per-process cache of compiled detector sets (least recently used evicted)."""


def detector_set(config: Config, register: frozenset[str] | None = None) -> DetectorSet:
    """The compiled detector set for ``config`` (and name register), built on first use."""
    key = (config, register)
    found = _SETS.get(key)
    if found is not None:
        _SETS.move_to_end(key)
        return found
    built = DetectorSet.build(config, register)
    _SETS[key] = built
    while len(_SETS) > _CACHE_SIZE:
        _SETS.popitem(last=False)
    return built


def clear_cache() -> None:
    """Forget every compiled detector set of this process."""
    _SETS.clear()


def detect_units(
    units: Sequence[Unit], config: Config, register: frozenset[str] | set[str] | None = None
) -> pa.Table:
    """Findings (:data:`~breachscope.detect.finding.FINDINGS_SCHEMA`) in ``units``.

    ``register`` is an optional set of surnames already found in structured sources
    (e.g. the name columns of a patient table); the name detector then also recognises
    them in free text, where no context word or name list would. Text findings carry no
    ``record`` (the assembler groups them); table findings carry their row's location.
    """
    reg = (
        frozenset(register)
        if register is not None and not isinstance(register, frozenset)
        else register
    )
    dset = detector_set(config, reg or None)
    tables: list[pa.Table] = []
    text = FindingsBuilder()  # consecutive text units share one table (in unit order)
    for u in units:
        if isinstance(u, TextUnit):
            dset.add_text(u, text)
            continue
        if text.pending:
            tables.append(text.table())
            text = FindingsBuilder()
        found = dset.detect(u)
        if found.num_rows:
            tables.append(found)
    if text.pending:
        tables.append(text.table())
    if not tables:
        return empty_findings()
    return pa.concat_tables(tables) if len(tables) > 1 else tables[0]
