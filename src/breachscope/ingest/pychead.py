"""How a CPython bytecode cache (``.pyc``) opens: its magic and header (read by
:mod:`breachscope.extract.pycfile`)."""

from __future__ import annotations

FLAG_REF = 0x80
"""Marshal's flag on a type byte: the object is one later references point at."""

VERSIONS: tuple[tuple[int, int, tuple[int, int]], ...] = (
    (3360, 3379, (3, 6)),
    (3390, 3399, (3, 7)),
    (3400, 3419, (3, 8)),
    (3420, 3429, (3, 9)),
    (3430, 3449, (3, 10)),
    (3450, 3499, (3, 11)),
    (3500, 3549, (3, 12)),
    (3550, 3599, (3, 13)),
)
"""Ranges of magic numbers and the version of CPython that writes them (a range's end
reaches the next's start: the alphas and betas between)."""


def version_of(head: bytes) -> tuple[int, int] | None:
    """The CPython version whose magic opens ``head``, or None."""
    if len(head) < 4 or head[2:4] != b"\r\n":
        return None
    number = int.from_bytes(head[:2], "little")
    for low, high, version in VERSIONS:
        if low <= number <= high:
            return version
    return None


def is_pyc(head: bytes) -> bool:
    """Whether ``head`` opens a ``.pyc``: a known magic, the header's flags (3.7 on: 0, 1
    or 3) and a marshalled code object after it."""
    version = version_of(head)
    if version is None:
        return False
    start = 12 if version < (3, 7) else 16
    if version >= (3, 7) and int.from_bytes(head[4:8], "little") not in (0, 1, 3):
        return False
    return len(head) > start and head[start] in (0x63, 0x63 | FLAG_REF)
