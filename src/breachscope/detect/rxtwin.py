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

from breachscope.detect.lazypattern import source_of

WHITE = "\\t-\\r \\x85\\xa0"
"""What ``regex`` reads as ``\\s`` within latin-1, as character-class items (``\\t-\\r``
is ``\\t\\n\\x0b\\x0c\\r``: a range parses faster than five members)."""
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
    engines may read apart (then there is no twin). A character class drops the letters
    beyond latin-1 that plain text cannot hold (:func:`_class`)."""
    out: list[str] = []
    i, n = 0, len(pattern)
    while i < n:
        c = pattern[i]
        if c == "\\":
            if i + 1 >= n:
                return None
            e = pattern[i + 1]
            if e in _ESCAPES_REFUSED:
                return None
            if e == "s":
                out.append(f"[{WHITE}]")
            elif e == "S":
                out.append(f"[^{WHITE}]")
            else:
                out.append(pattern[i : i + 2])
            i += 2
            continue
        if c == "[":
            cls = _class(pattern, i)
            if cls is None:
                return None
            text, i = cls
            out.append(text)
            continue
        if c == "(" and pattern[i + 1 : i + 2] == "?":
            nxt = pattern[i + 2 : i + 3]
            if nxt not in _GROUPS_ALLOWED or pattern[i + 2 : i + 4] in ("P>", "(D"):
                return None  # recursion, branch reset, DEFINE, global VERSION flags...
        elif c == "{" and _QUANTIFIER.match(pattern, i) is None:
            return None  # fuzzy matching ({e<=1}) or a literal brace
        out.append(c)
        i += 1
    return "".join(out)


def _class(pattern: str, at: int) -> tuple[str, int] | None:
    """The class that opens at ``pattern[at]`` as the twin writes it, and the position
    after it; None where the engines may read it apart.

    Plain text holds no character beyond latin-1, so the twin leaves out such a letter
    (``Ş``, ``ł``, the Vietnamese ``ạ``..``ỹ``) wherever no latin-1 character is its case
    partner for ``re`` (:func:`_beyond_plain`): the class then matches the same plain
    characters, case-insensitive too, and ``re`` parses a name pattern's classes
    (``UPPER`` and ``LOWER`` of :mod:`breachscope.detect.names`, some 80 each) about
    three times faster. A class whose dashes are anything but ranges between two
    literal characters is kept as written."""
    n = len(pattern)
    i = at + 1
    if pattern[i : i + 1] == "^":
        i += 1
    first = i
    items: list[str] = []  # escapes (spelt out) and literal characters, in order
    while True:
        if i >= n:
            return None
        c = pattern[i]
        if c == "]" and i != first:
            break
        if c == "\\":
            if i + 1 >= n:
                return None
            e = pattern[i + 1]
            if e in _ESCAPES_REFUSED:
                return None
            if e == "s":
                if pattern[i + 2 : i + 3] == "-" and pattern[i + 3 : i + 4] != "]":
                    return None  # "\s-x": a range from a class
                if items[-1:] == ["-"] and len(items) > 1:
                    return None  # "x-\s": a range to a class
                items.append(WHITE)
            elif e == "S":
                return None
            else:
                items.append(pattern[i : i + 2])
            i += 2
            continue
        if c == "[" or pattern[i : i + 2] in ("--", "&&", "||", "~~"):
            return None  # nested sets and set operations (VERSION1)
        items.append(c)
        i += 1
    head = pattern[at:first]
    whole = head + "".join(items) + "]"
    if all(len(t) != 1 or t <= "\xff" for t in items):
        return whole, i + 1
    kept = _plain_items(items)
    if kept is None or (kept[0] == "^" and head == "["):
        return whole, i + 1
    return head + "".join(kept) + "]", i + 1


def _plain_items(items: list[str]) -> list[str] | None:
    """``items`` of a class without the characters beyond latin-1 that no plain
    character matches; None where a dash is not a range between two literal characters
    (or nothing would be left)."""
    kept: list[str] = []
    k, m = 0, len(items)
    while k < m:
        t = items[k]
        if k + 2 < m and items[k + 1] == "-":
            hi = items[k + 2]
            if len(t) != 1 or len(hi) != 1 or t == "-" or hi == "-":
                return None
            kept.extend(_plain_range(t, hi))
            k += 3
            continue
        if t == "-" and 0 < k < m - 1:
            return None
        if len(t) != 1 or not _beyond_plain(t):
            kept.append(t)
        k += 1
    return kept or None


_RANGE_SPLIT_MAX = 4096
"""Ranges above latin-1 longer than this are kept whole (no letter class is near it)."""


def _plain_range(lo: str, hi: str) -> list[str]:
    """The range ``lo-hi`` as class items, less its characters beyond latin-1 that no
    plain character matches."""
    a, b = ord(lo), ord(hi)
    if b <= 0xFF or a > b or b - max(a, 0x100) >= _RANGE_SPLIT_MAX:
        return [lo, "-", hi]
    out = [lo, "-", "\xff"] if a <= 0xFF else []
    out.extend(c for c in map(chr, range(max(a, 0x100), b + 1)) if not _beyond_plain(c))
    return out


_LATIN1 = "".join(map(chr, range(256)))


@lru_cache(maxsize=4096)
def _beyond_plain(c: str) -> bool:
    """Whether ``c`` lies beyond latin-1 and ``re`` matches no latin-1 character to it,
    case-insensitive included (the long s ``ſ`` is an ``s``, the Kelvin sign a ``k``,
    ``Ÿ`` a ``ÿ``): asked of the engine itself."""
    return c > "\xff" and re.search(f"[{re.escape(c)}]", _LATIN1, re.IGNORECASE) is None


@lru_cache(maxsize=1024)
def re_twin(pat: object) -> re.Pattern[str] | None:
    """The ``re`` twin of a ``regex`` pattern, compiled or compiled on first use
    (:mod:`breachscope.detect.lazypattern`): same matches on :func:`plain` text, or None
    where it has none (memoised per pattern object)."""
    found = source_of(pat)  # (a pattern compiled on first use stays uncompiled)
    if found is None or found[1] & _FLAGS_REFUSED:
        return None
    source = translate(found[0])
    if source is None:
        return None
    flags = 0
    for theirs, ours in _FLAGS:
        if found[1] & theirs:
            flags |= ours
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # "possible nested set" and the like
            return re.compile(source, flags)
    except (re.error, Warning, RecursionError, OverflowError):
        return None
