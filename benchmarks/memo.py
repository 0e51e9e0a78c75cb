"""Cold memo caches for every timed pass.

breachscope memoises pure validators (``functools.lru_cache``: a name's normal form, a
street's reading, a date's parse) because a dump repeats its values - the same GP, city
or birth date in thousands of rows. A benchmark that passes over the same files twice
would find every value of the second pass already in those caches and report a speed no
real scan sees, so every timed pass starts from empty caches: repetition *within* a pass
still counts, as it does in a dump."""

from __future__ import annotations

import sys


def clear_memo_caches(prefix: str = "breachscope") -> int:
    """Empty every ``lru_cache`` at module level in the loaded ``prefix`` modules;
    returns how many were emptied."""
    emptied = 0
    for name, module in list(sys.modules.items()):
        if module is None or not (name == prefix or name.startswith(prefix + ".")):
            continue
        for value in list(vars(module).values()):
            clear = getattr(value, "cache_clear", None)
            if callable(clear) and hasattr(value, "cache_info"):
                clear()
                emptied += 1
    return emptied
