"""Cold memo caches for every timed pass.

breachscope memoises pure validators (``functools.lru_cache``: a name's normal form, a
street's reading, a date's parse) because a dump repeats its values - the same GP, city
or birth date in thousands of rows. A benchmark that passes over the same files twice
would find every value of the second pass already in those caches and report a speed no
real scan sees, so every timed pass starts from empty caches: repetition *within* a pass
still counts, as it does in a dump.

Caches of the detector set's own structure (keyword lists compiled to regexes, shipped
word lists) are kept, as a compiled detector set is: :data:`STRUCTURE` names them. Any
other cache is emptied, so a new one errs on the slow side."""

from __future__ import annotations

import sys
from collections.abc import Callable

STRUCTURE = frozenset(
    {
        "breachscope.detect.columns._rules",
        "breachscope.detect.data.word_list",
        "breachscope.detect.rows.empty_findings",
        "breachscope.detect.rxtwin.re_twin",
    }
)
"""Caches keyed by detector constants, not by values from a dump."""


def clear_memo_caches(prefix: str = "breachscope") -> int:
    """Empty every ``lru_cache`` at module level in the loaded ``prefix`` modules except
    those in :data:`STRUCTURE`; returns how many were emptied.

    Which caches there are is looked up again only when modules were loaded since the
    last call (the lookup walks every module's names, about 1-2 ms in a worker that has
    loaded the detectors: time a scan never spends, which a timed pass would count)."""
    key = (prefix, len(sys.modules))
    found = _FOUND.get(key)
    if found is None:
        found = _memo_caches(prefix)
        _FOUND.clear()
        _FOUND[key] = found
    for clear in found:
        clear()
    return len(found)


_FOUND: dict[tuple[str, int], list[Callable[[], None]]] = {}
"""The ``cache_clear`` of each cache :func:`clear_memo_caches` empties, by prefix and
number of loaded modules (one entry)."""


def _memo_caches(prefix: str) -> list[Callable[[], None]]:
    found: list[Callable[[], None]] = []
    for name, module in list(sys.modules.items()):
        if module is None or not (name == prefix or name.startswith(prefix + ".")):
            continue
        for attr, value in list(vars(module).items()):
            clear = getattr(value, "cache_clear", None)
            if not callable(clear) or not hasattr(value, "cache_info"):
                continue
            if getattr(value, "__module__", name) != name:
                continue  # imported from elsewhere: cleared (or kept) where it lives
            if f"{name}.{attr}" in STRUCTURE:
                continue
            found.append(clear)
    return found
