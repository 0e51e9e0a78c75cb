"""Mercurial revlogs (a developer's repository copied in a breach: a fixture committed once
and changed or deleted later is still there, every revision of it): a tracked file's
filelog ``.hg/store/data/<path>.i`` (its data inline, or in ``<path>.d`` beside it) and
the changelog ``.hg/store/00changelog.i``, read byte by byte here; ``hg`` is never run.

A revlog's index is a sequence of 64-byte entries, one per revision: the offset of its
chunk in the data (48 bits) and its flags (16), the chunk's length, the revision's full
length, its base revision, the changeset it belongs to (link revision), its two parents
(revision numbers, -1 for none), its node (a SHA-1) and 12 bytes of padding. The first
four bytes of the first entry are the header instead (RevlogNG: version 1, the flags
*inline*, 1 << 16, and *general delta*, 1 << 17; ``mercurial/revlogutils/constants.py``).
Where the data is inline each entry is followed by its chunk in the index file itself;
else the chunks lie in the data file at their offsets (read as the file's companion, up to
its size limit). A chunk opens with its compression: ``x`` a zlib stream, ``(`` a zstd
frame, ``u`` stored (the byte dropped), ``\\0`` stored as it is; an empty chunk is empty.

A revision is a full text or a binary delta (``mercurial/mpatch.c``): hunks of a start,
an end and a length (32-bit big-endian) and that many bytes, each replacing the bytes
from start to end of the text it applies to, in order. The text a delta applies to is
the revision before it (its chain going back to its base, the full text) or, with general
delta, its base revision. Every delta is checked (each hunk inside its text, in order),
every text's length against its entry's, and every node as Mercurial computes it, the
SHA-1 of the smaller parent node, the larger and the text: a mismatch is a note. A
filelog's text may open with metadata between two ``\\1\\n`` lines (a copy's source),
which is no part of the file.

Each revision of a filelog is a child file, read as its own type (a CSV, JSON, SQL...),
named by the tracked path (the store's encoding undone: ``_p`` is ``P``, ``__`` is ``_``,
``~2e`` a byte, a folder's ``.i.hg`` is ``.i``; ``/`` written ``∕``), its revision
number before the extension where the filelog holds several
(``fixtures∕patienten@r1.csv``); a hashed path (``dh/``) is named as it is stored, and a
revlog that is no part of a store by its own name less ``.i``. An empty revision is no
file. The changelog's revisions (their users, dates, files and descriptions) are the text
part ``commits``, an entry each, as ``hg log -v`` prints them; the manifest's (file names
and nodes) are a note.

Bounded: the index, the data file and the texts held (every revision's, as a delta may
name any before it) are counted against ``Config.batch_bytes``, and the reading stops with
a note where they pass it; a damaged revision is a note, and so are the revisions that
build on it, the rest kept.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import struct
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import ClassVar

from breachscope.config import Config
from breachscope.extract.base import ChildFile, Extracted, ExtractError, Extractor, Note, Source
from breachscope.extract.chunking import cut_text
from breachscope.extract.encoding import decode_bytes
from breachscope.extract.gitobjects import PATH_STEP
from breachscope.ingest.filetype import REVLOG_ENTRY, REVLOG_VERSION
from breachscope.location import Location

INLINE = 1 << 16
GENERAL_DELTA = 1 << 17
ENTRY = struct.Struct(">QiiiiII20s12x")
"""An index entry: offset and flags, chunk length, full length, base, link, parents, node."""
NULL_NODE = bytes(20)
CENSORED = 1 << 15
HUNK = struct.Struct(">iii")
READ_BYTES = 1024**2
"""Bytes of a zstd chunk decompressed at a time."""
PART = "commits"
MAX_NOTES = 20
"""Revisions that could not be read noted one by one (the rest counted in one note)."""
_STORE_PATH = re.compile(r"(?:^|/)\.hg/(?:store/)?data/(.+)\.i$")
"""A filelog's path in a repository: what follows ``.hg/store/data/`` (or an old
repository's ``.hg/data/``), less ``.i``."""
_ESCAPE = re.compile(rb"_([_a-z])|~([0-9a-f]{2})")


class _Damaged(Exception):
    """A revision that cannot be read; the message says why (never a value)."""


class _Budgeted(Exception):
    """The texts read so far fill the budget."""


@dataclass(frozen=True, slots=True)
class Revision:
    """An index entry: where its chunk lies, its lengths, base, parents, node, flags."""

    rev: int
    start: int
    packed: int
    full: int
    base: int
    p1: int
    p2: int
    node: bytes
    flags: int


def parse_index(index: bytes) -> tuple[list[Revision], bool, bool, int]:
    """The index's entries, whether its data is inline and whether it uses general
    delta, and the bytes after its last whole entry; an inline index's chunk offsets
    are where they lie in the index file."""
    if len(index) < REVLOG_ENTRY:
        raise ExtractError("not a Mercurial revlog (shorter than one index entry)")
    header = int.from_bytes(index[:4], "big")
    if header & 0xFFFF != REVLOG_VERSION:
        raise ExtractError(f"Mercurial revlog of version {header & 0xFFFF} (1 is read)")
    inline, general = bool(header & INLINE), bool(header & GENERAL_DELTA)
    revisions: list[Revision] = []
    pos = 0
    while pos + REVLOG_ENTRY <= len(index):
        rev = len(revisions)
        offset_flags, packed, full, base, _link, p1, p2, node = ENTRY.unpack_from(index, pos)
        start = 0 if rev == 0 else offset_flags >> 16
        if inline:
            start = pos + REVLOG_ENTRY
        revisions.append(
            Revision(rev, start, packed, full, base, p1, p2, node, offset_flags & 0xFFFF)
        )
        pos += REVLOG_ENTRY + (max(packed, 0) if inline else 0)
    return revisions, inline, general, max(0, len(index) - pos)


def decompress(chunk: bytes, limit: int) -> bytes:
    """A chunk's bytes by its first: ``x`` zlib, ``(`` zstd, ``u`` stored, ``\\0`` as it
    is; at most ``limit`` bytes."""
    if not chunk or chunk[:1] == b"\0":
        return chunk
    kind = chunk[:1]
    if kind == b"u":
        return chunk[1:]
    if kind == b"x":
        inflater = zlib.decompressobj()
        try:
            out = inflater.decompress(chunk, limit + 1)
        except zlib.error:
            raise _Damaged("has a zlib chunk that does not inflate") from None
    elif kind == b"(":
        out = _unzstd(chunk, limit)
    else:
        raise _Damaged(f"has a chunk of unknown compression (first byte 0x{chunk[0]:02x})")
    if len(out) > limit:
        raise _Budgeted
    return out


def _unzstd(chunk: bytes, limit: int) -> bytes:
    """A zstd frame decompressed, at most ``limit`` + 1 bytes of it."""
    import zstandard  # here, not where every worker starts

    parts: list[bytes] = []
    got = 0
    try:
        with zstandard.ZstdDecompressor().stream_reader(io.BytesIO(chunk)) as reader:
            while got <= limit and (part := reader.read(min(READ_BYTES, limit + 1 - got))):
                parts.append(part)
                got += len(part)
    except zstandard.ZstdError:
        raise _Damaged("has a zstd chunk that does not decompress") from None
    return b"".join(parts)


def apply_patch(text: bytes, delta: bytes) -> bytes:
    """``delta``'s hunks applied to ``text``: each a start, an end and a length, then the
    bytes that replace ``text[start:end]``; hunks in order, inside ``text``."""
    out: list[bytes] = []
    pos = 0
    last = 0
    while pos < len(delta):
        if pos + HUNK.size > len(delta):
            raise _Damaged("has a delta cut short in a hunk's header")
        start, end, length = HUNK.unpack_from(delta, pos)
        pos += HUNK.size
        if not 0 <= start <= end <= len(text) or start < last or length < 0:
            raise _Damaged("has a delta hunk outside its base text or out of order")
        if pos + length > len(delta):
            raise _Damaged("has a delta cut short in a hunk's data")
        out += (text[last:start], delta[pos : pos + length])
        pos += length
        last = end
    out.append(text[last:])
    return b"".join(out)


def node_of(text: bytes, p1: bytes, p2: bytes) -> bytes:
    """The node Mercurial names a revision by: SHA-1 of the parents' nodes, the smaller
    first, and the text."""
    a, b = sorted((p1, p2))
    return hashlib.sha1(a + b + text).digest()


def strip_metadata(text: bytes) -> bytes:
    """A filelog text without its metadata (between two ``\\1\\n``: a copy's source)."""
    if text.startswith(b"\x01\n"):
        end = text.find(b"\x01\n", 2)
        if end >= 0:
            return text[end + 2 :]
    return text


def decode_store_path(encoded: str) -> str:
    """A tracked path as the store encodes it, decoded: ``_x`` is ``X``, ``__`` is
    ``_``, ``~hh`` a byte, a folder's added ``.hg`` dropped; UTF-8, else cp1252."""
    raw = encoded.encode("utf-8", "surrogateescape")
    for folder in (b".i", b".d", b".hg"):
        raw = raw.replace(folder + b".hg/", folder + b"/")

    def one(m: re.Match[bytes]) -> bytes:
        if m.group(1) is not None:
            return m.group(1).upper()
        return bytes([int(m.group(2), 16)])

    decoded = _ESCAPE.sub(one, raw)
    try:
        return decoded.decode("utf-8")
    except UnicodeDecodeError:
        return decoded.decode("cp1252", "replace")


def tracked_path(path: str) -> str:
    """The tracked file a revlog's path names (its name less ``.i`` outside a store)."""
    inner = path.replace("\\", "/").replace("!/", "/")
    m = _STORE_PATH.search(inner)
    if m and not m.group(1).startswith("dh/"):
        return decode_store_path(m.group(1))
    name = inner.rsplit("/", 1)[-1]
    return name[:-2] if name.endswith(".i") and len(name) > 2 else name


def revision_name(path: str, rev: int, several: bool) -> str:
    """A revision's child name: its path (``/`` as ``∕``), its revision number before the
    extension where the filelog holds several."""
    name = path.replace("/", PATH_STEP) or "revlog"
    if not several:
        return name
    step = name.rsplit(PATH_STEP, 1)[-1]
    stem, dot, ext = step.rpartition(".")
    if dot and stem and len(ext) <= 16:
        return f"{name[: len(name) - len(ext) - 1]}@r{rev}.{ext}"
    return f"{name}@r{rev}"


class _Texts:
    """The revisions' full texts, built in order from their chunks and deltas."""

    def __init__(self, revisions: list[Revision], data: bytes, general: bool, limit: int):
        self.revisions = revisions
        self.data = data
        self.general = general
        self.left = limit
        self.texts: dict[int, bytes] = {}
        self.failed: dict[int, str] = {}

    def _chunk(self, r: Revision) -> bytes:
        if r.packed < 0 or r.start + r.packed > len(self.data):
            raise _Damaged("has its chunk past the end of its data")
        return decompress(self.data[r.start : r.start + r.packed], self.left)

    def _parent_text(self, r: Revision) -> bytes:
        """The text ``r``'s delta applies to."""
        base = r.base if self.general else r.rev - 1
        if base < 0:
            return b""
        if base >= r.rev:
            raise _Damaged("has its delta's base after it")
        if base in self.failed:
            raise _Damaged(f"has its delta's base, revision {base}, unread")
        return self.texts[base]

    def build(self, r: Revision) -> bytes:
        """Revision ``r``'s text (an :class:`_Damaged` where it cannot be read)."""
        chunk = self._chunk(r)
        text = chunk if r.base == r.rev else apply_patch(self._parent_text(r), chunk)
        if len(text) > self.left:
            raise _Budgeted
        self.left -= len(text)
        return text


def _node(revisions: list[Revision], rev: int) -> bytes:
    return revisions[rev].node if 0 <= rev < len(revisions) else NULL_NODE


def read_revisions(
    revisions: list[Revision], data: bytes, general: bool, limit: int, path: str
) -> Iterator[tuple[Revision, bytes] | Note]:
    """Every revision's text, in order, and notes on those that could not be read or
    do not match their lengths or nodes."""
    texts = _Texts(revisions, data, general, limit)
    noted = 0
    for r in revisions:
        try:
            text = texts.build(r)
        except _Budgeted:
            yield Note(
                Location(path),
                f"Mercurial revlog reading stopped at revision {r.rev}: its texts would pass "
                f"the {limit} bytes left to them",
            )
            return
        except _Damaged as exc:
            texts.failed[r.rev] = str(exc)
            noted += 1
            if noted <= MAX_NOTES:
                yield Note(Location(path), f"Mercurial revlog revision {r.rev} not read: it {exc}")
            continue
        texts.texts[r.rev] = text
        if r.flags & CENSORED:
            yield Note(Location(path), f"Mercurial revlog revision {r.rev} is censored")
            continue
        if len(text) != r.full:
            yield Note(
                Location(path),
                f"Mercurial revlog revision {r.rev} is {len(text)} bytes, not its {r.full}",
            )
        elif node_of(text, _node(revisions, r.p1), _node(revisions, r.p2)) != r.node:
            yield Note(Location(path), f"Mercurial revlog revision {r.rev}'s node does not match")
        yield r, text
    if noted > MAX_NOTES:
        more = noted - MAX_NOTES
        yield Note(Location(path), f"Mercurial revlog: {more} more revisions not read")


def changeset_text(r: Revision, text: bytes) -> str:
    """A changelog revision as ``hg log -v`` prints it: its changeset, user, date, files
    and description (the manifest node and extras dropped)."""
    head, _, description = text.partition(b"\n\n")
    lines = head.split(b"\n")
    user = decode_bytes(lines[1]) if len(lines) > 1 else ""
    when = lines[2].decode("ascii", "replace").split(" ") if len(lines) > 2 else []
    date = ""
    if len(when) >= 2:
        try:
            zone = dt.timezone(dt.timedelta(seconds=-int(when[1])))
            date = dt.datetime.fromtimestamp(float(when[0]), zone).isoformat()
        except (ValueError, OverflowError, OSError):
            date = " ".join(when[:2])
    files = " ".join(decode_bytes(f) for f in lines[3:] if f)
    out = [f"changeset:   {r.rev}:{r.node.hex()[:12]}", f"user:        {user}"]
    out.append(f"date:        {date}")
    if files:
        out.append(f"files:       {files}")
    out += ["description:", decode_bytes(description).rstrip("\n"), ""]
    return "\n".join(out)


def _data(source: Source, inline: bool, index: bytes) -> bytes:
    """The bytes the chunks lie in: the index itself, or the data file beside it."""
    if inline:
        return index
    name = source.path.replace("!/", "/").rsplit("/", 1)[-1]
    data_name = name[:-2] + ".d" if name.endswith(".i") else name + ".d"
    data = source.read_companion(data_name)
    if data is None:
        raise ExtractError(
            f"Mercurial revlog whose data file {data_name} is not beside it (or is larger "
            "than a companion may be)"
        )
    return data


class HgRevlogExtractor(Extractor):
    """Every revision of a Mercurial filelog (child files); a changelog's commits (text)."""

    id: ClassVar[str] = "hg"
    types: ClassVar[frozenset[str]] = frozenset({"hg-revlog"})

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        index = source.read_document(config.batch_bytes, "Mercurial revlog")
        revisions, inline, general, trailing = parse_index(index)
        data = _data(source, inline, index)
        name = source.path.replace("!/", "/").rsplit("/", 1)[-1]
        location = Location(source.path)
        if trailing:
            yield Note(location, f"Mercurial revlog's index ends in {trailing} bytes of no entry")
        held = len(index) + (0 if inline else len(data))
        limit = max(0, config.batch_bytes - held)
        read = read_revisions(revisions, data, general, limit, source.path)
        if name == "00changelog.i":
            texts = []
            for item in read:
                if isinstance(item, Note):
                    yield item
                else:
                    texts.append(changeset_text(*item))
            if texts:
                whole = "\n".join(texts)
                yield from cut_text(Location(source.path, PART), whole, config.max_text_unit_chars)
            return
        if name == "00manifest.i":
            yield from (item for item in read if isinstance(item, Note))
            yield Note(location, "Mercurial manifest: the file names and nodes are not read")
            return
        path = tracked_path(source.path)
        several = len(revisions) > 1
        for item in read:
            if isinstance(item, Note):
                yield item
            elif content := strip_metadata(item[1]):
                yield ChildFile(revision_name(path, item[0].rev, several), content)
