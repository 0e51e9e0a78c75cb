"""Chrome's older disk cache, the Blockfile cache (``Cache/data_1``, ``data_2``,
``data_3``; before Chrome switched to the Simple Cache on most systems, and still in
Electron apps and old profiles).

A block file, as ``net/disk_cache/blockfile/disk_format.h`` lays it out, is a header of
8192 bytes (the magic ``0xC104CAC3``, its version, its number ``this_file``, its block
size ``entry_size``, its counts and an allocation bitmap) and then blocks of that size.
``data_1``'s blocks of 256 bytes hold the entries (``EntryStore``: a hash, links, counts,
a state, a creation time, the key's length, where a long key is kept, four streams' sizes
and addresses, flags, a hash of itself and the key inline, up to 160 bytes) and the
streams small enough for 256-byte blocks; ``data_2`` and ``data_3`` hold the streams of
up to 1 KB and 4 KB, and an ``f_XXXXXX`` file a larger one whole (read as its own type).
An address (``CacheAddr``) is its initialised bit, its file type (0 an external
``f_`` file; 2, 3, 4 blocks of 256, 1024, 4096 bytes), the number of blocks less one, the
block file's number and the first block.

A file is read alone: each entry of ``data_1`` whose key is inline and printable gives its
key (the URL) and, where its streams lie in ``data_1`` itself, the response's headers
(stream 0, a pickled ``HttpResponseInfo``: its ``HTTP/`` string) as text, part
``entries``, and the body (stream 1) as a child file named by the URL's last path step
and decoded by its ``Content-Encoding`` (as a Simple Cache entry's,
:mod:`.chromecache`); a stream in another file is counted in a note. In ``data_2`` and
``data_3``, where no entry says where a stream starts, the response headers that open a
run of blocks are the text of part ``headers``.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from typing import ClassVar

from breachscope.config import Config
from breachscope.extract.base import ChildFile, Extracted, ExtractError, Extractor, Note, Source
from breachscope.extract.chromecache import body_name, decode_body, response_headers
from breachscope.extract.chunking import cut_text
from breachscope.location import Location

BLOCK_MAGIC = struct.pack("<I", 0xC104CAC3)
"""A block file's first four bytes."""
HEADER_SIZE = 8192
ENTRY_SIZE = 256
KEY_OFFSET = 96
KEY_SIZE = ENTRY_SIZE - KEY_OFFSET
_BLOCK_SIZES = {2: 256, 3: 1024, 4: 4096}
"""Block sizes by an address's file type."""


def _header_of(block: bytes) -> list[str]:
    """The response headers a stream 0 opens with (its pickle's payload size first)."""
    if len(block) < 40 or b"HTTP/" not in block[:64]:
        return []
    return response_headers(block)


class ChromeBlockfileExtractor(Extractor):
    """A Blockfile cache's block file: entries' URLs and headers, bodies kept with them."""

    id: ClassVar[str] = "chrome-blockfile"
    types: ClassVar[frozenset[str]] = frozenset({"chrome-blockfile"})

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        data = source.read_document(config.batch_bytes, "cache block file")
        if len(data) < HEADER_SIZE or not data.startswith(BLOCK_MAGIC):
            raise ExtractError("no Blockfile cache header")
        this_file, _, block_size = struct.unpack_from("<hhi", data, 8)
        if block_size not in (36, 256, 1024, 4096):
            raise ExtractError(f"a block size of {block_size}")
        limit = config.max_text_unit_chars
        if block_size == ENTRY_SIZE:
            lines: list[str] = []
            elsewhere = 0
            used: set[str] = set()
            for at in range(HEADER_SIZE, len(data) - ENTRY_SIZE + 1, ENTRY_SIZE):
                entry = _entry(data, at)
                if entry is None:
                    continue
                key, sizes, addresses = entry
                url = key.rsplit(" ", 1)[-1]
                lines.append(url)
                streams: list[bytes | None] = []
                for size, address in zip(sizes[:2], addresses[:2], strict=True):
                    stream = _stream(data, this_file, size, address)
                    elsewhere += stream is None and size > 0
                    streams.append(stream)
                headers = _header_of(streams[0] or b"")
                lines.extend([*headers, ""])
                if streams[1]:
                    coding = next(
                        (h.partition(":")[2].strip() for h in headers
                         if h.lower().startswith("content-encoding:")),
                        "",
                    )  # fmt: skip
                    body, _ = decode_body(streams[1], coding, config.batch_bytes)
                    yield ChildFile(body_name(url, headers, used), body)
            if not lines:
                raise ExtractError("no cache entry in the block file")
            yield from cut_text(Location(source.path, part="entries"), "\n".join(lines), limit)
            if elsewhere:
                note = f"{elsewhere} streams kept in other block files or f_ files not read here"
                yield Note(Location(source.path), note)
            return
        texts: list[str] = []
        for at in range(HEADER_SIZE, len(data) - 40 + 1, block_size):
            headers = _header_of(data[at : at + 64 * 1024])
            if headers:
                texts.append("\n".join([*headers, ""]))
        if not texts:
            raise ExtractError("no response headers in the block file")
        yield from cut_text(Location(source.path, part="headers"), "\n".join(texts), limit)


def _entry(data: bytes, at: int) -> tuple[str, list[int], list[int]] | None:
    """An ``EntryStore`` at ``at``: its inline key, stream sizes and addresses, or None
    where the block holds no entry with a key inline."""
    key_len, long_key = struct.unpack_from("<iI", data, at + 32)
    if not 0 < key_len < KEY_SIZE or long_key:
        return None
    raw = data[at + KEY_OFFSET : at + KEY_OFFSET + key_len]
    if data[at + KEY_OFFSET + key_len] != 0 or not all(0x20 <= b < 0x7F for b in raw):
        return None
    sizes = list(struct.unpack_from("<4i", data, at + 40))
    addresses = list(struct.unpack_from("<4I", data, at + 56))
    return raw.decode("ascii"), sizes, addresses


def _stream(data: bytes, this_file: int, size: int, address: int) -> bytes | None:
    """The stream at ``address`` where it lies in this file (None elsewhere or not)."""
    if size <= 0 or not address & 0x80000000:
        return b""
    kind = (address >> 28) & 7
    blocks = ((address >> 24) & 3) + 1
    if kind not in _BLOCK_SIZES or (address >> 16) & 0xFF != this_file:
        return None
    block = _BLOCK_SIZES[kind]
    start = HEADER_SIZE + (address & 0xFFFF) * block
    if size > blocks * block or start + size > len(data):
        return None
    return data[start : start + size]
