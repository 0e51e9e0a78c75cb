"""Unix ``ar`` archives (``!<arch>``): Debian packages (``.deb``: an IT department's
internal package, ``lims-testdata_1.4-2_all.deb``), static libraries (``.a``), after
``ar(5)`` and ``deb(5)``.

An archive is the global header ``!<arch>\\n`` and its entries, each a 60-byte header of
ASCII fields padded with spaces (the name in 16 bytes, the modification time in 12, owner
and group ids in 6 each, the mode in 8 octal digits, the data's size in 10 decimal
digits, and the two bytes ``` `\\n```) followed by its data, padded with a ``\\n`` to an
even offset. Names longer than 15 bytes are written in one of two ways:

* GNU (and System V): a name ends with ``/`` (``debian-binary/``); the entry ``//``
  holds the long names, each ended by ``/\\n``, and an entry named ``/123`` takes the name
  at byte 123 of it; ``/`` and ``/SYM64/`` are the symbol tables of a library;
* BSD (and macOS): an entry named ``#1/20`` holds its name in the first 20 bytes of its
  data (the size counting them, NULs padding the name); ``__.SYMDEF`` (``SORTED``,
  ``_64``) is the symbol table.

A Debian package is an ``ar`` archive of ``debian-binary`` (``2.0``), ``control.tar.*``
and ``data.tar.*`` (gzip, xz, zstd or none): each tar is a member of its own, opened in
turn by the tar readers (:mod:`.tarstream`) as a nested archive, its files members of
those. A thin archive (``!<thin>\\n``) holds no member's bytes: its entries are listed as
skipped members.

Members are read in the archive's order, each entry's data copied from the archive's
bytes into memory or a spool file; the symbol tables and the long-name table are no
members. A header that does not parse, a name that the long-name table does not hold or
data past the end of the archive end the reading (an :class:`ArchiveError`), the members
before kept.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from breachscope.ingest.blob import Blob
from breachscope.ingest.filetype import AR_HEADER as HEADER_SIZE
from breachscope.ingest.filetype import AR_MAGIC as MAGIC
from breachscope.ingest.filetype import AR_THIN_MAGIC as THIN_MAGIC
from breachscope.ingest.members import (
    ArchiveError,
    Budget,
    Member,
    range_loader,
    safe_member_name,
)

SYMBOL_TABLES = frozenset({"/", "/SYM64/", "__.SYMDEF", "__.SYMDEF SORTED", "__.SYMDEF_64"})
"""Entry names of a library's symbol table (GNU, BSD): no members."""
LONG_NAMES = "//"
"""The GNU entry that holds the long names."""
MAX_NAME = 4096
"""Longest BSD name read from an entry's data."""
MAX_LONG_NAMES = 16 * 1024**2
"""Largest long-name table read into memory."""
_BSD_NAME = re.compile(r"#1/(\d{1,10})")
_GNU_LONG = re.compile(r"/(\d{1,10})")
_SIZE = re.compile(rb"\d{1,10} *")


def _decode(raw: bytes) -> str:
    """A name: UTF-8, else cp1252."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", "replace")


def _long_name(table: bytes | None, field: str, offset: int) -> str:
    """The GNU long name at ``offset`` of the long-name table (up to its ``/\\n``)."""
    if table is None:
        raise ArchiveError(f"corrupt ar archive: the long name {field} without a name table")
    if offset >= len(table):
        raise ArchiveError(f"corrupt ar archive: the long name {field} past its name table")
    end = table.find(b"\n", offset)
    raw = table[offset : end if end >= 0 else len(table)]
    return _decode(raw.rstrip(b"\r").removesuffix(b"/"))


def _header_fields(header: bytes) -> tuple[str, int]:
    """An entry header's raw name field (stripped) and its data size."""
    if header[58:60] != b"`\n":
        raise ArchiveError("corrupt ar archive: an entry header without its end mark")
    if not _SIZE.fullmatch(header[48:58]):
        raise ArchiveError("corrupt ar archive: an entry's size is not a number")
    return _decode(header[:16]).rstrip(" "), int(header[48:58])


def ar_members(blob: Blob, budget: Budget, spool_dir: Path) -> Iterator[Member]:
    """The members of the ``ar`` archive in ``blob``, in their order."""
    with blob.open() as fh:
        magic = fh.read(len(MAGIC))
        if magic not in (MAGIC, THIN_MAGIC):
            raise ArchiveError("not an ar archive (no !<arch> header)")
        yield from _entries(fh, blob.size, magic == THIN_MAGIC, budget, spool_dir)


def _entries(
    fh: BinaryIO, size: int, thin: bool, budget: Budget, spool_dir: Path
) -> Iterator[Member]:
    """The members of the entries after the global header."""
    pos = len(MAGIC)
    table: bytes | None = None
    count = 0
    while True:
        pos += pos % 2
        fh.seek(pos)
        header = fh.read(HEADER_SIZE)
        if len(header) < HEADER_SIZE:
            if header.strip(b"\n\0 "):
                raise ArchiveError("corrupt ar archive: cut short in an entry header")
            return
        field, length = _header_fields(header)
        data_at = pos + HEADER_SIZE
        # A thin archive's members (all but its tables) hold no data in the archive.
        stored = length if not thin or field in SYMBOL_TABLES or field == LONG_NAMES else 0
        if data_at + stored > size:
            raise ArchiveError("corrupt ar archive: an entry's data past the end")
        pos = data_at + stored
        if field in SYMBOL_TABLES:
            continue
        if field == LONG_NAMES:
            if length > MAX_LONG_NAMES:
                raise ArchiveError(f"corrupt ar archive: a name table of {length} bytes")
            fh.seek(data_at)
            table = fh.read(length)
            continue
        name, data_at, length = _name(fh, field, table, data_at, length)
        if name in SYMBOL_TABLES:
            continue
        count += 1
        if count > budget.limits.max_entries:
            raise ArchiveError(f"stopped after {budget.limits.max_entries} entries (entry limit)")
        yield _member(fh, name, thin, data_at, length, budget, spool_dir)


def _name(
    fh: BinaryIO, field: str, table: bytes | None, data_at: int, length: int
) -> tuple[str, int, int]:
    """An entry's name, and where its data starts and how long it is (a BSD name is
    the first bytes of the data)."""
    if m := _BSD_NAME.fullmatch(field):
        name_size = int(m.group(1))
        if name_size > min(length, MAX_NAME):
            raise ArchiveError(f"corrupt ar archive: a name of {name_size} bytes")
        fh.seek(data_at)
        raw = fh.read(name_size)
        return _decode(raw.rstrip(b"\0")), data_at + name_size, length - name_size
    if m := _GNU_LONG.fullmatch(field):
        return _long_name(table, field, int(m.group(1))), data_at, length
    return field.removesuffix("/") if field != "/" else field, data_at, length


def _member(
    fh: BinaryIO, raw_name: str, thin: bool, at: int, size: int, budget: Budget, spool_dir: Path
) -> Member:
    """An entry as a member: with its loader, or skipped with the reason."""
    name, unsafe = safe_member_name(raw_name)
    if unsafe:
        return Member(name, "file", size, unsafe)
    if thin:
        return Member(name, "file", size, "thin ar archive: the member's bytes lie outside it")
    if over := budget.over_budget(size):
        return Member(name, "file", size, over)
    return Member(name, "file", size, None, range_loader(fh, [(at, size)], budget, spool_dir))
