"""Sniffing a SQL Server ``bcp`` native data file (``bcp ... out -n``), which has no
magic: its texts stand behind little-endian two-byte lengths.

In such a file every ``nvarchar`` value is its length in bytes (two bytes) and then its
UTF-16LE text, every ``varchar`` value its length and its single-byte text, with the
binary fields (numbers, dates) between them. A head holds such a file where at least
:data:`MIN_HITS` runs of text are so prefixed, and they are most of its runs of text (a
UTF-16 text file's lines are not: one of exactly the length its line end spells is rare).
A head with a byte-order mark, or with line breaks in UTF-16 (``\n\x00``) on
:data:`MIN_HITS` lines, is a text (a registry export's ``.reg``, whose long lines often
hold a character that spells, two-byte wide, the length of the rest of its line).
"""

from __future__ import annotations

import re

MIN_HITS = 4
"""Prefixed runs of text that make a bcp native file."""
SHARE = 0.6
"""Share of the head's runs of text that must be prefixed."""
NAMES = (".bcp", ".native")
"""Names that make a file a bcp data file without more (as bcp's users name them)."""
BINARY_NAMES = (".dat",)
"""Names that make a binary file a bcp data file (read where a format file is beside
it, else skipped as a binary file is)."""

_UTF16_RUN = re.compile(rb"(?:[\x20-\x7e\xa0-\xff]\x00|[\x00-\x7f]\x01){2,}")
_BYTE_RUN = re.compile(rb"[\x20-\x7e\x80-\xff]{3,}")


def _prefixed(head: bytes, start: int, end: int, step: int) -> bool:
    """Whether the run ``head[start:end]`` (or its tail) stands behind its own length."""
    for q in range(start - 2, end - 2, step):
        if q >= 0 and int.from_bytes(head[q : q + 2], "little") == end - q - 2:
            return True
        if step == 1:
            break  # a single-byte text's length holds a zero: it stands before the run
    return False


def prefixed_runs(head: bytes) -> tuple[int, int]:
    """How many runs of text the head holds, and how many stand behind their length."""
    runs = hits = 0
    ends: set[int] = set()
    for m in _UTF16_RUN.finditer(head):
        end = m.end()
        if end >= len(head) - 1:
            continue  # cut by the head
        runs += 1
        ends.add(end)
        hits += _prefixed(head, m.start(), end, 2)
    for m in _BYTE_RUN.finditer(head):
        if m.end() >= len(head) or any(e in ends for e in (m.end(), m.end() + 1)):
            continue
        if m.start() >= 2 and head[m.start() - 1] == 0:
            runs += 1
            hits += _prefixed(head, m.start(), m.end(), 1)
    return runs, hits


def is_bcp_native(head: bytes) -> bool:
    """Whether ``head`` is the start of a bcp native data file (see the module)."""
    if b"\x00" not in head[:4096] or head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return False
    if head.count(b"\n\x00") >= MIN_HITS:
        return False  # (a UTF-16 text's lines)
    runs, hits = prefixed_runs(head)
    return hits >= MIN_HITS and hits >= SHARE * runs
