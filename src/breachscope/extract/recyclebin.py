"""Windows Recycle Bin records (``$Recycle.Bin\\<SID>\\$I<code>.<ext>``, Windows Vista on):
each deleted file's ``$I`` record holds its original full path (a folder and a file named
for a patient: ``...\\Patiënten\\Brouwer JA 08-06-2005.xlsx``), its size and when it was
deleted; its contents are the ``$R`` file beside it, read as their own type.

Two layouts, told by the first eight bytes (the version): 1 (Vista to 8.1) the path in a
fixed field of 260 UTF-16 characters, 2 (Windows 10 on) the path's length in characters
and then the path. The text part ``deleted`` holds the path and the deletion's time and
the file's size, a line each (``original path: C:\\...``), characters of that text. A
record whose length does not match its layout is an error.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from typing import ClassVar

from breachscope.config import Config
from breachscope.extract.base import Extracted, ExtractError, Extractor, SkipFile, Source
from breachscope.extract.chunking import cut_text
from breachscope.extract.shelllink import filetime
from breachscope.ingest.filetype import RECYCLE_V1_SIZE
from breachscope.location import Location

MAX_RECORD = 28 + 2 * 32768
"""A version 2 record's largest size: a path of Windows' longest (32,767 characters and
its NUL)."""


def read_record(data: bytes) -> tuple[str, str | None, int]:
    """A record's original path, deletion time and size (``ValueError`` where its layout
    does not fit its length)."""
    if len(data) < 24:
        raise ValueError("shorter than a record's header")
    version, size, deleted = struct.unpack_from("<3Q", data)
    if version == 1 and len(data) == RECYCLE_V1_SIZE:
        raw = data[24:]
    elif version == 2 and len(data) >= 28:
        count = struct.unpack_from("<I", data, 24)[0]
        if len(data) != 28 + 2 * count:
            raise ValueError(f"a path of {count} characters in {len(data)} bytes")
        raw = data[28:]
    else:
        raise ValueError(f"version {version} in {len(data)} bytes")
    path = raw.decode("utf-16-le", "replace").split("\0", 1)[0]
    return path, filetime(deleted), size


class RecycleBinExtractor(Extractor):
    """A Recycle Bin ``$I`` record's original path, deletion time and size as text."""

    id: ClassVar[str] = "recycle-bin"
    types: ClassVar[frozenset[str]] = frozenset({"recycle-bin"})
    structured: ClassVar[bool] = True

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        if source.size == 0:
            raise SkipFile("empty file")
        if source.size > MAX_RECORD:
            raise ExtractError(f"Recycle Bin record larger than {MAX_RECORD} bytes")
        try:
            path, deleted, size = read_record(source.read_bytes(MAX_RECORD))
        except ValueError as exc:
            raise ExtractError(f"unreadable Recycle Bin record ({exc})") from None
        lines = [f"original path: {path}"]
        lines += [f"deleted: {deleted}"] if deleted else []
        lines.append(f"size: {size} bytes")
        where = Location(source.path, part="deleted")
        yield from cut_text(where, "\n".join(lines), config.max_text_unit_chars)
