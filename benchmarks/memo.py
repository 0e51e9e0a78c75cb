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

STRUCTURE = frozenset(
    {
        "breachscope.detect.columns._rules",
        "breachscope.detect.data.word_list",
        "breachscope.detect.rxtwin.re_twin",
    }
)
"""Caches keyed by detector constants, not by values from a dump."""


def clear_memo_caches(prefix: str = "breachscope") -> int:
    """Empty every ``lru_cache`` at module level in the loaded ``prefix`` modules except
    those in :data:`STRUCTURE`; returns how many were emptied."""
    emptied = 0
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
            clear()
            emptied += 1
    return emptied
