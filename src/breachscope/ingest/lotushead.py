"""A Lotus 1-2-3 worksheet's first record, told without reading the rest (the sniffer's
test; the reader is :mod:`breachscope.extract.lotus`)."""

from __future__ import annotations

WK1_VERSIONS = frozenset({0x0404, 0x0405, 0x0406})
"""``BOF`` versions of release 1A's ``.WKS``, Symphony's ``.WRK`` and release 2's ``.WK1``."""
WK3_VERSIONS = frozenset({0x1000, 0x1002})
"""``BOF`` versions of release 3's ``.WK3`` and release 4's ``.WK4``."""
MAX_RECORD_TYPE = 0x0800
"""A record type past this is none of 1-2-3's."""


def is_lotus(head: bytes) -> bool:
    """Whether ``head`` opens a Lotus 1-2-3 worksheet: a ``BOF`` record of a known
    version and, where the head holds it, a next record's header that fits."""
    if len(head) < 6 or head[:2] != b"\x00\x00":
        return False
    length = int.from_bytes(head[2:4], "little")
    version = int.from_bytes(head[4:6], "little")
    if not ((length == 2 and version in WK1_VERSIONS) or (length >= 4 and version in WK3_VERSIONS)):
        return False
    after = 4 + length
    if len(head) < after + 4:
        return len(head) == after  # (a worksheet of its BOF alone, or a cut head)
    kind = int.from_bytes(head[after : after + 2], "little")
    return kind < MAX_RECORD_TYPE
