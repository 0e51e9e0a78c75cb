"""``regex`` patterns compiled on first use, not when a worker imports the detectors.

The name grammar's, the provider's and the health detector's long patterns (up to 60 kB
of source: the name letter classes list some 110 letters each, 50 times a pattern) took
about 1.5 s of ``regex``'s parser in every fresh process, most of it for patterns that
the process's first texts never call, or call only through their standard-library twins
(:mod:`breachscope.detect.rxtwin`, built from the source, see :func:`source_of`).

:func:`lazy` gives an object that stands for the compiled pattern (typed as one): its
``pattern`` and ``flags`` are the source's; the first other attribute asked for compiles
it and sets the compiled pattern's methods on the object itself, so every later call is
the plain attribute lookup and C call it was (no wrapper runs per call)."""

from __future__ import annotations

from typing import Any, cast

import regex

_COPIED = (
    "match", "fullmatch", "search", "finditer", "findall", "sub", "subf", "subn", "subfn",
    "split", "splititer", "scanner", "groupindex", "groups", "named_lists",
)  # fmt: skip
"""The compiled pattern's attributes set on the object when it compiles."""


class LazyPattern:
    """A ``regex`` pattern's source and flags, compiled when first called."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self.flags = flags

    def __getattr__(self, name: str) -> Any:
        """Only reached while not compiled (after, the attributes are the object's own)."""
        if name.startswith("__") or name not in _COPIED:
            raise AttributeError(name)
        compiled = regex.compile(self.pattern, self.flags)
        for attr in _COPIED:
            setattr(self, attr, getattr(compiled, attr))
        return getattr(compiled, name)

    def __reduce__(self) -> tuple[type[LazyPattern], tuple[str, int]]:
        return LazyPattern, (self.pattern, self.flags)

    def __repr__(self) -> str:
        return f"lazy({self.pattern[:40]!r}..., {self.flags})"


def lazy(pattern: str, flags: int = 0) -> regex.Pattern[str]:
    """``regex.compile(pattern, flags)`` when first called (see the module docstring)."""
    return cast("regex.Pattern[str]", LazyPattern(pattern, flags))


def source_of(pat: object) -> tuple[str, int] | None:
    """A pattern's source and flags without compiling it (a compiled ``regex`` pattern
    or a :class:`LazyPattern`); None for anything else."""
    if isinstance(pat, LazyPattern):
        return pat.pattern, pat.flags
    if isinstance(pat, regex.Pattern) and isinstance(pat.pattern, str):
        return pat.pattern, pat.flags
    return None
