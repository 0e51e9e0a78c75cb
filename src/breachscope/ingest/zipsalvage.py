"""Zip files whose central directory is lost: a download that broke off, a copy cut short.

A zip file lists its members at its end (the central directory and its end record), and
``zipfile`` reads nothing without them. A leak's archive that came down only in part has
lost that list, but every member before the cut still stands in the file, each after a
local header of its own (``PK\\x03\\x04``: flags, method, CRC, sizes, name, extra field;
PKWARE's APPNOTE 4.3.7), one after the other. They are read here from those headers, in
the order they stand, as ``zip -FF`` salvages them:

* a member ends where its header's compressed size says (its Zip64 extra field's where
  the header holds ``0xFFFFFFFF``); where the header leaves the sizes to a data
  descriptor after the data (flag bit 3, as a streaming writer does), a deflated member
  ends where its deflate stream ends, a stored one at the first signed descriptor whose
  size is its distance from the data's start; the descriptor is passed over;
* stored and deflated members are read, a stored or deflated member with sizes in its
  header checked against its CRC-32; encrypted members, and members of other methods
  (bzip2, LZMA, ...), are listed as skipped;
* the member the file ends inside is read as far as it goes, and the archive is recorded
  as cut short there (:class:`~breachscope.ingest.members.ArchiveError` after it, naming
  the member by its number: a name may hold a patient's); bytes that are no local header
  where one should stand end the reading likewise.

The archive's bounds hold as for any zip: the entry count, each member's expanded size
(also while it is inflated, whatever its header claims) and the archive's total.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from breachscope.ingest.blob import Blob, read_into_blob
from breachscope.ingest.members import ENCRYPTED, ArchiveError, Budget, Member, safe_member_name

LOCAL = b"PK\x03\x04"
CENTRAL = b"PK\x01\x02"
END = b"PK\x05\x06"
DESCRIPTOR = b"PK\x07\x08"
HEADER = struct.Struct("<4sHHHHHIIIHH")
"""A local file header's fixed part (30 bytes)."""
SEARCH = 1024**2
"""How far into the file the first local header is looked for (a self-extractor's stub)."""
CHUNK = 256 * 1024
UTF8_FLAG = 0x800
STORED, DEFLATED = 0, 8


@dataclass(frozen=True, slots=True)
class Local:
    """One local header: where its member's data start, and what it says of them."""

    name: str
    flags: int
    method: int
    crc: int
    compressed: int
    size: int
    data: int
    """The offset of the member's first data byte."""

    @property
    def descriptor(self) -> bool:
        """The sizes and CRC follow the data (flag bit 3)."""
        return bool(self.flags & 0x8)

    @property
    def sized(self) -> bool:
        """The header holds the member's compressed size."""
        return not self.descriptor or self.compressed > 0


def has_local_header(fh: BinaryIO) -> bool:
    """Whether a local file header stands near the file's start (salvage may find its
    members)."""
    fh.seek(0)
    return fh.read(SEARCH).find(LOCAL) >= 0


def salvaged_members(fh: BinaryIO, size: int, budget: Budget, spool_dir: Path) -> Iterator[Member]:
    """The members of the zip file ``fh`` (``size`` bytes) read from their local headers;
    ArchiveError after the last one read where the file is cut short or damaged."""
    fh.seek(0)
    first = fh.read(SEARCH).find(LOCAL)
    if first < 0:
        raise ArchiveError("corrupt zip: no central directory and no local file header")
    pos, number = first, 0
    while pos < size:
        fh.seek(pos)
        sig = fh.read(4)
        if sig in (CENTRAL, END):
            return  # the directory begins: every member was read
        number += 1
        if sig != LOCAL:
            raise ArchiveError(
                f"corrupt zip: no central directory, and no local file header where "
                f"member {number} should stand (byte {pos}); members from it on not read"
            )
        if number > budget.limits.max_entries:
            raise ArchiveError(f"too many entries (> limit {budget.limits.max_entries})")
        local = _local(fh, pos, number)
        name, unsafe = safe_member_name(local.name)
        skip = unsafe or _skip(local, budget)
        end = _end(fh, local, size)
        reader: _Reader | None = None
        if local.name.endswith("/"):
            pass
        elif skip is not None:
            yield Member(name, "file", local.size, skip)
        else:
            reader = _Reader(fh, local, end, size)
            yield Member(
                name,
                "file",
                local.size if local.sized else None,
                None,
                _load(reader, budget, spool_dir),
            )
        if end is None and reader is not None and local.method == DEFLATED:
            end = _stream_end(reader, fh, local, size, budget.limits.max_member_bytes)
            if end == _ENDLESS:
                raise ArchiveError(
                    f"zip without its central directory: member {number} inflates past "
                    f"{budget.limits.max_member_bytes} bytes, so where it ends is not "
                    "known; members after it not read"
                )
        if end is None and not local.sized and reader is None:
            raise ArchiveError(
                f"zip without its central directory: member {number} keeps its sizes after "
                "its data, where they cannot be found; members after it not read"
            )
        if end is None or end > size:
            raise ArchiveError(
                f"zip cut short: no central directory; its members read from their local "
                f"headers, member {number} only as far as the file goes"
            )
        pos = _after(fh, local, end)


def _local(fh: BinaryIO, pos: int, number: int) -> Local:
    fh.seek(pos)
    raw = fh.read(HEADER.size)
    _, _, flags, method, _, _, crc, compressed, length, name_len, extra_len = (
        HEADER.unpack(raw) if len(raw) == HEADER.size else (b"", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    )
    if name_len <= 0:
        raise ArchiveError(
            f"corrupt zip: no central directory, and member {number}'s local header is "
            "damaged or cut short; members from it on not read"
        )
    name_raw = fh.read(name_len)
    extra = fh.read(extra_len)
    if len(name_raw) < name_len or len(extra) < extra_len:
        raise ArchiveError(f"zip cut short in the local header of member {number}")
    name = name_raw.decode("utf-8" if flags & UTF8_FLAG else "cp437", "replace")
    if 0xFFFFFFFF in (compressed, length):
        length, compressed = _zip64_sizes(extra, length, compressed)
    return Local(
        name, flags, method, crc, compressed, length, pos + HEADER.size + name_len + extra_len
    )


def _zip64_sizes(extra: bytes, length: int, compressed: int) -> tuple[int, int]:
    """The sizes in a Zip64 extra field (ID 1: the size, then the compressed size)."""
    at = 0
    while at + 4 <= len(extra):
        tag, n = struct.unpack_from("<HH", extra, at)
        if tag == 1 and n >= 16:
            found: tuple[int, int] = struct.unpack_from("<QQ", extra, at + 4)
            return found
        at += 4 + n
    return length, compressed


def _skip(local: Local, budget: Budget) -> str | None:
    if local.flags & 0x1:
        return ENCRYPTED
    if local.method not in (STORED, DEFLATED):
        return f"compression method {local.method} (not read without the central directory)"
    return budget.over_budget(local.size) if local.sized else None


def _end(fh: BinaryIO, local: Local, size: int) -> int | None:
    """Where the member's data end, where its header or a descriptor tells (None: only
    reading its deflate stream tells, or the file ends first)."""
    if local.sized:
        return local.data + local.compressed
    if local.method != STORED:
        return None
    at = local.data
    while at < size:
        fh.seek(at)
        block = fh.read(CHUNK + 16)
        found = block.find(DESCRIPTOR)
        while found >= 0 and found + 16 <= len(block):
            (compressed,) = struct.unpack_from("<I", block, found + 8)
            if compressed == at + found - local.data:
                return at + found
            found = block.find(DESCRIPTOR, found + 1)
        if len(block) <= CHUNK:
            break
        at += CHUNK
    return None


def _after(fh: BinaryIO, local: Local, end: int) -> int:
    """Where the next header stands after data that end at ``end``: past the data
    descriptor where one is due (signed or not, its sizes in 4 or 8 bytes)."""
    if not local.descriptor:
        return end
    fh.seek(end)
    raw = fh.read(28)
    at = 4 if raw[:4] == DESCRIPTOR else 0
    for width in (12, 20):  # the CRC and two sizes of 4 bytes, or of 8
        if raw[at + width : at + width + 4] in (LOCAL, CENTRAL, END):
            return end + at + width
    return end + at + 12


def _load(reader: _Reader, budget: Budget, spool_dir: Path) -> Callable[[], Blob]:
    def load() -> Blob:
        blob = budget.charge(read_into_blob(reader, spool_dir, limit=budget.member_limit()))
        reader.check()
        return blob

    return load


_ENDLESS = -1
"""A deflated member's end not found within the member limit."""


def _stream_end(reader: _Reader, fh: BinaryIO, local: Local, size: int, limit: int) -> int | None:
    """Where a deflated member without sizes ends: known once its loader read it to its
    end, else found by inflating it once more (at most ``limit`` bytes out: beyond,
    :data:`_ENDLESS`); None where the file ends first."""
    if not (reader.done and not reader.cut):
        reader = _Reader(fh, local, None, size)
        out = 0
        while chunk := reader.read(CHUNK):
            out += len(chunk)
            if out > limit:
                return _ENDLESS
    return None if reader.cut else reader.end


class _Reader:
    """A member's bytes from its data (inflated where deflated), for
    :func:`read_into_blob`: ``cut`` where the file ends first, ``end`` where its data end
    once read to their end."""

    def __init__(self, fh: BinaryIO, local: Local, end: int | None, file_size: int) -> None:
        self.fh = fh
        self.local = local
        self.pos = local.data
        self.stop = min(end, file_size) if end is not None else file_size
        self.known = end is not None and end <= file_size
        self.inflater = zlib.decompressobj(-15) if local.method == DEFLATED else None
        self.tail = b""
        self.crc = 0
        self.done = False
        self.cut = False
        self.end: int | None = None

    def read(self, n: int = -1, /) -> bytes:
        want = CHUNK if n < 0 else max(1, n)
        out = bytearray()
        while len(out) < want and not self.done:
            out += self._step(want - len(out))
        self.crc = zlib.crc32(out, self.crc)
        return bytes(out)

    def _step(self, want: int) -> bytes:
        if self.inflater is not None and self.tail:
            return self._inflate(self.tail, want)
        raw = b""
        if self.pos < self.stop:
            self.fh.seek(self.pos)
            raw = self.fh.read(min(CHUNK, self.stop - self.pos))
            self.pos += len(raw)
        if not raw:
            self.done = True
            if self.known and self.inflater is None:
                self.end = self.pos
            elif self.known:
                raise ArchiveError(
                    "zip without its central directory: a member's deflate stream ends early"
                )
            else:
                self.cut = True
            return b""
        if self.inflater is None:
            return raw
        return self._inflate(raw, want)

    def _inflate(self, raw: bytes, want: int) -> bytes:
        assert self.inflater is not None
        try:
            data = self.inflater.decompress(raw, want)
        except zlib.error as exc:
            raise ArchiveError(
                f"zip without its central directory: a member's data are corrupt ({exc})"
            ) from None
        self.tail = self.inflater.unconsumed_tail
        if self.inflater.eof:
            self.done = True
            self.end = self.pos - len(self.inflater.unused_data) - len(self.tail)
        return data

    def check(self) -> None:
        """After the member was read whole: its CRC-32, where its header holds it."""
        if self.done and not self.cut and not self.local.descriptor and self.crc != self.local.crc:
            raise ArchiveError("zip without its central directory: a member's CRC-32 is wrong")
