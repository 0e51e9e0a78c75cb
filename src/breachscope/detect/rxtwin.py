"""Standard-library twins of the detectors' ``regex`` patterns, for plain text.

The validation regexes are written for the ``regex`` module, whose calls take a timeout.
CPython's own ``re`` engine runs the same patterns about 2.5 times faster (measured over
the windows of the benchmark's free text: 109 against 42 ms a pass) but has no timeout;
it does check for signals while it matches, so a ``SIGALRM`` watchdog
(:mod:`breachscope.detect.watchdog`) can stop a runaway call. The two engines agree on
these patterns where the text is *plain* (:func:`plain`) and the pattern keeps to the
syntax both read alike (:func:`re_twin`):

- ``\\s``: ``regex`` follows Unicode's White_Space, ``re`` adds the separators
  ``\\x1c``-``\\x1f`` (and the block separator is ``\\x1e``): the twin spells ``\\s`` out
  as the white space ``regex`` sees within latin-1.
- ``\\w`` (and ``\\b``): ``re`` also counts superscript digits and vulgar fractions
  (``²³¹¼½¾``), ``regex`` also combining marks and letters that Python's Unicode tables
  do not know yet; case-insensitive ``VERSION1`` patterns fold ``ß`` to ``ss``. Plain text
  holds none of them: latin-1 only, without ``²³¹¼½¾ß``.

Anything else (``regex``-only syntax: nested sets, set operations, ``\\p{..}``, fuzzy
matching, ``VERBOSE`` or ``ASCII`` patterns) gets no twin, and the caller keeps
``regex``. ``tests/detect/test_rxtwin.py`` holds every twin to its pattern."""

from __future__ import annotations

import re
import warnings
from functools import lru_cache

import regex

WHITE = "\\t\\n\\x0b\\x0c\\r \\x85\\xa0"
"""What ``regex`` reads as ``\\s`` within latin-1, as character-class items."""
_UNPLAIN = re.compile("[^\\x00-\\xb1\\xb4-\\xb8\\xba\\xbb\\xbf-\\xde\\xe0-\\xff]")
"""A character where the engines may differ (see the module docstring)."""
_ESCAPES_REFUSED = frozenset("pPXmMGKLNQE")
"""``regex``-only escapes (properties, graphemes, word edges, named lists...): no twin."""
_GROUPS_ALLOWED = frozenset(":=!<P#>ims-(")
"""What may follow ``(?`` in a twin: groups and the scoped flags ``i``, ``m``, ``s`` that
``re`` reads alike (not ``a``, ``L``, ``x``, which change what ``\\s`` or a space means)."""
_QUANTIFIER = re.compile(r"\{\d*,?\d*\}")
"""A counted repeat (``{2}``, ``{1,3}``, ``{,4}``): any other brace gets no twin."""
_FLAGS = (
    (regex.IGNORECASE, re.IGNORECASE),
    (regex.MULTILINE, re.MULTILINE),
    (regex.DOTALL, re.DOTALL),
)
_FLAGS_REFUSED = (
    regex.VERBOSE | regex.ASCII | regex.LOCALE | regex.WORD | regex.BESTMATCH
    | regex.ENHANCEMATCH | regex.POSIX | regex.REVERSE
)  # fmt: skip


def plain(text: str) -> bool:
    """Whether both engines read ``text`` alike: latin-1 without ``²³¹¼½¾ß``."""
    return text.isascii() or _UNPLAIN.search(text) is None


def translate(pattern: str) -> str | None:
    """``pattern`` with ``\\s`` and ``\\S`` spelt out, or None where it uses syntax the
    engines may read apart (then there is no twin)."""
    out: list[str] = []
    i, n = 0, len(pattern)
    in_class = False
    class_start = -1  # position just after "[" or "[^": a "]" there is a literal
    while i < n:
        c = pattern[i]
        if c == "\\":
            if i + 1 >= n:
                return None
            e = pattern[i + 1]
            if e in _ESCAPES_REFUSED:
                return None
            if e == "s":
                if in_class and pattern[i + 2 : i + 3] == "-" and pattern[i + 3 : i + 4] != "]":
                    return None  # "\s-x": a range from a class
                out.append(WHITE if in_class else f"[{WHITE}]")
            elif e == "S":
                if in_class:
                    return None
                out.append(f"[^{WHITE}]")
            else:
                out.append(pattern[i : i + 2])
            i += 2
            continue
        if in_class:
            if c == "]" and i != class_start:
                in_class = False
            elif c == "[" or pattern[i : i + 2] in ("--", "&&", "||", "~~"):
                return None  # nested sets and set operations (VERSION1)
            out.append(c)
            i += 1
            continue
        if c == "[":
            in_class = True
            class_start = i + 1
            if pattern[i + 1 : i + 2] == "^":
                class_start += 1
        elif c == "(" and pattern[i + 1 : i + 2] == "?":
            nxt = pattern[i + 2 : i + 3]
            if nxt not in _GROUPS_ALLOWED or pattern[i + 2 : i + 4] in ("P>", "(D"):
                return None  # recursion, branch reset, DEFINE, global VERSION flags...
        elif c == "{" and _QUANTIFIER.match(pattern, i) is None:
            return None  # fuzzy matching ({e<=1}) or a literal brace
        out.append(c)
        i += 1
    return None if in_class else "".join(out)


@lru_cache(maxsize=1024)
def re_twin(pat: object) -> re.Pattern[str] | None:
    """The ``re`` twin of a compiled ``regex`` pattern (same matches on :func:`plain`
    text), or None where it has none (memoised per pattern object)."""
    if not isinstance(pat, regex.Pattern) or not isinstance(pat.pattern, str):
        return None
    if pat.flags & _FLAGS_REFUSED:
        return None
    source = translate(pat.pattern)
    if source is None:
        return None
    flags = 0
    for theirs, ours in _FLAGS:
        if pat.flags & theirs:
            flags |= ours
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # "possible nested set" and the like
            return re.compile(source, flags)
    except (re.error, Warning, RecursionError, OverflowError):
        return None
