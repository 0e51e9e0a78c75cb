"""Vim swap files (``.notities.txt.swp``: the buffer of a file someone was editing, or
never saved, left behind when Vim or its machine stopped), read by the format (Vim's
``memline.c``: ``block0``, ``pointer_block``, ``data_block``; ``memfile.c``), the
buffer's lines rebuilt in their order.

A swap file is pages of one size. Page 0 is ``block0``: ``b0`` and ``VIM`` and the
version (``b0VIM 9.0``), the page size in four bytes (little-endian, as Vim writes it on
any machine), the time, inode and process id, the user's name (40 bytes), the host's
(40) and the edited file's (900, its last bytes Vim's flags and the file's encoding),
and four magic numbers (a ``long``, an ``int``, a ``short`` and a ``char``: ``0x30313233``
...) that tell the writing machine's byte order and the size of its ``long`` (4 or 8
bytes). An encrypted swap file (``b0`` followed by ``c``, ``C``, ``d`` or ``e``) holds no
readable text: it is skipped.

The buffer's lines lie in a tree: page 1 is its root, a pointer block (``tp`` on a
little-endian machine, ``pt`` on a big-endian one: its id, the count of pointers and the
most it holds, then per pointer the block's number, its count of lines, a line number
and its count of pages), whose pointers lead to pointer blocks and data blocks (``ad``,
``da``: its id, its free bytes, where its text starts and ends, its count of lines and,
per line, where the line's text starts). A data block's lines are stored from the
block's end backwards, each ended by a NUL: the first line last. The tree is walked in
order, each data block's lines read in their order, so the buffer's lines come out as
the file had them.

What is read: the lines (UTF-8, else cp1252), as text without a part; ``block0``'s user,
host and file name as lines of the part ``info``. A block not yet written (a negative
number) or a block that is no pointer or data block is passed over with a note. Bounded:
every block's place and every offset is checked against the bytes; the tree is walked
:data:`MAX_DEPTH` deep, each block once; at most ``Config.batch_bytes`` characters of
lines are kept (a note says the reading stopped there).
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO, ClassVar

from breachscope.config import Config
from breachscope.extract.base import Extracted, ExtractError, Extractor, Note, SkipFile, Source
from breachscope.extract.chunking import cut_text
from breachscope.location import Location

MAX_DEPTH = 32
MIN_PAGE = 1024
"""Smallest page: ``block0`` is 1,024 bytes and fits one."""
MAX_PAGE = 1024 * 1024
MAX_BLOCK_PAGES = 4096
"""Most pages of one block (a data block of a very long line spans several)."""
_PTR_ID = 0x7074  # ('p' << 8) + 't'
_DATA_ID = 0x6461  # ('d' << 8) + 'a'
_DB_MARKED = 0x80000000


class SwapError(ValueError):
    """Bytes that are not a swap file's (the message names places, never a value)."""


class _Stop(Exception):
    """The lines kept have reached the bound."""


@dataclass(frozen=True)
class Block0:
    """What page 0 says: the page size, byte order, size of a ``long``, and who edited
    which file where."""

    page_size: int
    order: str
    long_size: int
    user: str
    host: str
    fname: str


def _cstring(raw: bytes) -> str:
    raw = raw.split(b"\0", 1)[0]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", "replace")


def block0(head: bytes) -> Block0:
    """Read page 0 (:class:`ExtractError` where it is not a Vim swap file's)."""
    if head[:1] != b"b" or head[2:6] != b"VIM ":
        raise ExtractError("not a Vim swap file (no 'b0VIM')")
    if head[1:2] != b"0":
        raise SkipFile("encrypted Vim swap file")
    if len(head) < 1024:
        raise ExtractError("Vim swap file cut short in its first block")
    page_size = int.from_bytes(head[12:16], "little")
    if not MIN_PAGE <= page_size <= MAX_PAGE:
        raise ExtractError(f"Vim swap file with pages of {page_size} bytes")
    magic = head[1008:1024]
    if magic[:4] == b"3210":
        order, long_size = "<", 4 if magic[4:8] == b'#"! ' else 8
    elif magic[:4] == b"0123":
        order, long_size = ">", 4
    elif magic[4:8] == b"0123":
        order, long_size = ">", 8
    else:
        raise ExtractError("Vim swap file without its magic numbers")
    return Block0(
        page_size, order, long_size,
        _cstring(head[28:68]), _cstring(head[68:108]), _cstring(head[108:1000]),
    )  # fmt: skip


class _Tree:
    """Walks the tree of blocks, each once, and hands on the lines in order."""

    def __init__(self, fh: BinaryIO, size: int, info: Block0, limit: int) -> None:
        self.fh = fh
        self.size = size
        self.info = info
        self.limit = limit
        self.chars = 0
        self.seen: set[int] = set()
        self.notes: list[str] = []
        self._long = f"{info.order}{'i' if info.long_size == 4 else 'q'}"

    def block(self, number: int, pages: int) -> bytes:
        """Block ``number``'s bytes, ``pages`` pages of them (:class:`SwapError` where it
        lies past the file's end)."""
        page = self.info.page_size
        pages = max(1, pages)
        if pages > MAX_BLOCK_PAGES or (number + pages) * page > self.size:
            raise SwapError(f"block {number} lies past the file's end")
        self.fh.seek(number * page)
        return self.fh.read(pages * page)

    def walk(self, number: int, pages: int, depth: int) -> Iterator[str]:
        """The lines under block ``number``, in order."""
        if depth > MAX_DEPTH:
            raise SwapError(f"tree deeper than {MAX_DEPTH} at block {number}")
        if number in self.seen:
            raise SwapError(f"block {number} reached twice")
        self.seen.add(number)
        data = self.block(number, pages)
        (ident,) = struct.unpack_from(f"{self.info.order}H", data)
        if ident == _PTR_ID:
            yield from self.pointers(number, data, depth)
        elif ident == _DATA_ID:
            yield from self.lines(number, data)
        else:
            self.notes.append(f"block {number} is no pointer or data block")

    def pointers(self, number: int, data: bytes, depth: int) -> Iterator[str]:
        order, size = self.info.order, self.info.long_size
        count, _ = struct.unpack_from(f"{order}HH", data, 2)
        entry = 3 * size + (4 if size == 4 else 8)
        if 8 + count * entry > len(data):
            raise SwapError(f"pointer block {number} holds more pointers than fit")
        for i in range(count):
            at = 8 + i * entry
            (child,) = struct.unpack_from(self._long, data, at)
            (pages,) = struct.unpack_from(f"{order}i", data, at + 3 * size)
            if child <= 0:
                self.notes.append(f"block {child} of pointer block {number} not yet written")
                continue
            yield from self.walk(child, pages, depth + 1)

    def lines(self, number: int, data: bytes) -> Iterator[str]:
        order, size = self.info.order, self.info.long_size
        (count,) = struct.unpack_from(self._long, data, 16)
        first = 16 + size
        if count < 0 or first + 4 * count > len(data):
            raise SwapError(f"data block {number} holds more lines than fit")
        for i in range(count):
            (offset,) = struct.unpack_from(f"{order}I", data, first + 4 * i)
            offset &= ~_DB_MARKED
            if not first + 4 * count <= offset < len(data):
                raise SwapError(f"line {i + 1} of data block {number} lies outside it")
            end = data.find(b"\0", offset)
            line = _cstring(data[offset : end if end >= 0 else len(data)])
            self.chars += len(line) + 1
            if self.chars > self.limit:
                raise _Stop
            yield line


class VimSwapExtractor(Extractor):
    """A Vim swap file's buffer, its lines in order, as text."""

    id: ClassVar[str] = "vim-swap"
    types: ClassVar[frozenset[str]] = frozenset({"vim-swap"})

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        where = Location(source.path)
        lines: list[str] = []
        with source.open_sized() as (fh, size):
            info = block0(fh.read(1024))
            tree = _Tree(fh, size, info, config.batch_bytes)
            try:
                lines.extend(tree.walk(1, 1, 0))
            except _Stop:
                tree.notes.append(f"the lines reached {config.batch_bytes} characters")
            except (SwapError, struct.error) as exc:
                if not lines:
                    raise ExtractError(f"unreadable Vim swap file ({exc})") from None
                tree.notes.append(str(exc))
        details = (("user", info.user), ("host", info.host), ("file", info.fname))
        about = "".join(f"{k}: {v}\n" for k, v in details if v)
        text = "".join(f"{line}\n" for line in lines)
        if not text.strip() and not about:
            raise SkipFile("Vim swap file holds no lines")
        yield from cut_text(Location(source.path, "info"), about, config.max_text_unit_chars)
        yield from cut_text(Location(source.path), text, config.max_text_unit_chars)
        for note in tree.notes:
            yield Note(where, f"Vim swap file reading stopped or passed a block over ({note})")
