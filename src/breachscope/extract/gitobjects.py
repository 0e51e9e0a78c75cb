"""Git object storage (a developer's repository copied in a breach: test data and exports
committed once and deleted later are still there, every version of every file): a
packfile (``objects/pack/pack-<sha>.pack``, versions 2 and 3) or a loose object
(``objects/ab/cdef...``), read byte by byte here; git is never run.

A pack is a 12-byte header (``PACK``, its version and its object count), the objects, and
the SHA-1 of all that. Each object is a header (its type in three bits and its size in a
varint) and a zlib stream; a delta (``OFS_DELTA``: its base an earlier object at a
negative offset; ``REF_DELTA``: its base named by its SHA-1) holds instructions that copy
ranges of the base and insert new bytes (``Documentation/gitformat-pack.txt``). Every
object is inflated to at most its declared size (a mismatch is a note), every delta's
copy checked against its base and its result against its declared size; a delta whose
base is not in the pack (a thin pack's) is a note. Each object's SHA-1 is computed as git
does, over ``<type> <size>\\0`` and the content.

Each blob is a child file, read as its own type (a CSV, JSON, SQL...), once however often
it was committed: named by its path in the repository where a tree in the same pack names
it (the commits walked from the oldest, each tree once: the first path that names a blob
is its name), the path's ``/`` written ``∕`` (a child's name is one step); where the pack
holds several versions of that path, each is told apart by its blob's short SHA-1 before
the extension (``testdata∕patienten@3f2a1bc.csv``); a blob no tree names by its SHA-1. An
empty blob is no file. The commits and tags (their authors, committers and taggers, with
their e-mail addresses and dates, and their messages) are the text part ``commits``, an
entry each, as ``git log --format=fuller --date=iso-strict`` prints them. Trees give only
names. A loose object is one zlib stream of ``<type> <size>\\0`` and the content: a blob a
child file named by its SHA-1 (its path's ``ab/cdef...`` where it has that shape), a
commit or tag its text, a tree a note (the names it gives are read where a pack holds it).

Bounded: the objects' inflated bytes (and a fixed cost per object, so that a pack of
millions of empty objects is bounded too) are counted against ``Config.batch_bytes``,
and the reading stops with a note where they pass it; a pack's object count is only
counted up to, never allocated for. A damaged object ends the reading with a note, the
objects before it kept; the objects that cannot be resolved are noted, 20 of them one by
one and the rest counted.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import struct
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO, ClassVar

from breachscope.config import Config
from breachscope.extract.base import (
    ChildFile,
    Extracted,
    ExtractError,
    Extractor,
    Note,
    SkipFile,
    Source,
)
from breachscope.extract.chunking import cut_text
from breachscope.extract.encoding import decode_bytes
from breachscope.ingest.protowire import VarintError, leb128
from breachscope.location import Location

KINDS = {1: "commit", 2: "tree", 3: "blob", 4: "tag"}
"""A pack's object types that are objects of their own (5 is reserved, 0 invalid)."""
OFS_DELTA = 6
REF_DELTA = 7
OBJECT_COST = 256
"""Bytes counted against the budget for each object besides its content (its record)."""
READ_BYTES = 64 * 1024
"""Bytes of a pack read at a time while an object is inflated."""
MAX_VARINT_BYTES = 10
"""Most bytes of a size or an offset (70 bits: more is a damaged header)."""
MAX_TREE_DEPTH = 256
"""Deepest folder followed when trees name their blobs."""
MAX_WALKED = 2_000_000
"""Most tree entries walked to name the blobs (trees that hold one another many times
over would name the same blobs at paths without end)."""
MAX_NOTES = 20
"""Objects that could not be resolved noted one by one (the rest counted in one note)."""
SHORT_SHA = 7
"""Hex digits of a short SHA-1 (more where two versions of a path share them)."""
PATH_STEP = "\u2215"
"""What stands for ``/`` in a child's name (DIVISION SLASH: a child's name is one step)."""
PART = "commits"
LOOSE_HEAD = re.compile(rb"(blob|tree|commit|tag) (0|[1-9][0-9]{0,19})\x00")
"""A loose object's inflated head: its type and its size in decimal digits."""
_PERSON = re.compile(r"(.*?) ?<([^<>]*)> (-?\d{1,20}) ([+-])(\d\d)(\d\d)$")
_HEX40 = re.compile(r"[0-9a-f]{40}")


class _Damaged(Exception):
    """An object that cannot be read; the message says why (never a value)."""


class _Budget:
    """The bytes the objects read may still take (``Config.batch_bytes`` at first)."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.left = limit

    def take(self, size: int) -> bool:
        """Whether ``size`` more bytes fit (they are counted where they do)."""
        if size > self.left:
            return False
        self.left -= size
        return True


@dataclass(slots=True)
class _Entry:
    """One object of a pack as stored: its type, its inflated bytes (a delta's
    instructions), and a delta's base (an offset in the pack, or a SHA-1 in hex)."""

    offset: int
    kind: int
    data: bytes
    base: int | str | None = None


@dataclass(frozen=True, slots=True)
class _Object:
    """An object as git sees it: its type, its SHA-1 (hex) and its content."""

    kind: str
    sha: str
    data: bytes


def object_sha(kind: str, data: bytes) -> str:
    """The SHA-1 git names an object by: of ``<type> <size>\\0`` and the content."""
    digest = hashlib.sha1(b"%s %d\x00" % (kind.encode(), len(data)))
    digest.update(data)
    return digest.hexdigest()


# --- the pack, object by object ------------------------------------------------------


def _byte(fh: BinaryIO) -> int:
    """The next byte of an object's header."""
    b = fh.read(1)
    if not b:
        raise _Damaged("is cut short in its header")
    return b[0]


def _object_header(fh: BinaryIO) -> tuple[int, int]:
    """An object's type and declared size (3 bits of type, then 4 + 7n bits of size)."""
    c = _byte(fh)
    kind = (c >> 4) & 7
    size = c & 0x0F
    shift = 4
    for _ in range(MAX_VARINT_BYTES):
        if not c & 0x80:
            return kind, size
        c = _byte(fh)
        size |= (c & 0x7F) << shift
        shift += 7
    raise _Damaged("has a size too long")


def _negative_offset(fh: BinaryIO) -> int:
    """An ``OFS_DELTA``'s distance back to its base (git's offset encoding: 7 bits a
    byte, most significant first, each byte after the first adding one before the
    shift)."""
    c = _byte(fh)
    offset = c & 0x7F
    for _ in range(MAX_VARINT_BYTES):
        if not c & 0x80:
            return offset
        c = _byte(fh)
        offset = ((offset + 1) << 7) | (c & 0x7F)
    raise _Damaged("has a base offset too long")


def _inflate(fh: BinaryIO, size: int, budget: _Budget) -> tuple[bytes, str | None]:
    """The zlib stream at the file's position inflated, at most ``size`` bytes kept (more
    are inflated and dropped, to find the stream's end, up to the budget), the file left
    just after the stream; and how its length differs from ``size`` (None: it does not)."""
    inflater = zlib.decompressobj()
    out: list[bytes] = []
    got = 0
    extra = 0
    start = fh.tell()
    fed = 0
    first = min(READ_BYTES, size + size // 8 + 64)  # (enough for most streams whole)
    try:
        while not inflater.eof:
            chunk = inflater.unconsumed_tail
            if not chunk:
                chunk = fh.read(READ_BYTES if fed else first)
                fed += len(chunk)
                if not chunk:
                    raise _Damaged("is cut short in its compressed data")
            room = size - got
            part = inflater.decompress(chunk, room if room > 0 else READ_BYTES)
            if room > 0:
                out.append(part)
                got += len(part)
            else:
                extra += len(part)
                if not budget.take(len(part)):
                    raise _Damaged("inflates far past its declared size")
    except zlib.error:
        raise _Damaged("does not inflate") from None
    fh.seek(start + fed - len(inflater.unused_data))
    data = b"".join(out)
    if extra:
        return data, f"inflates to more than its declared {size} bytes (cut there)"
    if got < size:
        return data, f"inflates to {got} of its declared {size} bytes"
    return data, None


def _pack_header(fh: BinaryIO) -> int:
    """The pack's object count, after its signature and version are checked."""
    head = fh.read(12)
    if len(head) < 12 or head[:4] != b"PACK":
        raise ExtractError("not a git pack (no PACK signature)")
    version, count = struct.unpack(">II", head[4:])
    if version not in (2, 3):
        raise ExtractError(f"git pack of version {version} (2 and 3 are read)")
    return int(count)


class _Budgeted(Exception):
    """The objects read so far fill the budget."""


def _entry(fh: BinaryIO, budget: _Budget) -> tuple[_Entry, str | None]:
    """The object at the file's position, and how its size differs from the declared."""
    offset = fh.tell()
    kind, size = _object_header(fh)
    base: int | str | None = None
    if kind == OFS_DELTA:
        back = _negative_offset(fh)
        if not 0 < back <= offset - 12:
            raise _Damaged("has its base outside the pack")
        base = offset - back
    elif kind == REF_DELTA:
        name = fh.read(20)
        if len(name) < 20:
            raise _Damaged("is cut short in its base's name")
        base = name.hex()
    elif kind not in KINDS:
        raise _Damaged(f"is of unknown type {kind}")
    if not budget.take(size + OBJECT_COST):
        raise _Budgeted
    data, mismatch = _inflate(fh, size, budget)
    budget.left += size - len(data)  # (counted as declared, kept as inflated)
    return _Entry(offset, kind, data, base), mismatch


def _entries(fh: BinaryIO, path: str, size: int, budget: _Budget) -> Iterator[_Entry | Note]:
    """The pack's objects as stored, in the pack's order, and notes on what could not be
    read; an :class:`ExtractError` where not even the first object can be."""
    count = _pack_header(fh)
    end = size - 20  # (the trailer)
    for number in range(1, count + 1):
        at = fh.tell()
        if at == end or at >= size:  # (a pack that claims more than it holds)
            yield Note(Location(path), f"git pack ends after {number - 1} of {count} objects")
            return
        try:
            entry, mismatch = _entry(fh, budget)
        except _Budgeted:
            yield Note(
                Location(path),
                f"git pack reading stopped at object {number} (byte {at}): it would pass "
                f"the {budget.limit} bytes read of a pack",
            )
            return
        except _Damaged as exc:
            if number == 1:
                raise ExtractError(f"unreadable git pack (its first object {exc})") from None
            yield Note(
                Location(path), f"git pack reading stopped at object {number} (byte {at}): it {exc}"
            )
            return
        if mismatch:
            yield Note(Location(path), f"git pack object {number} (byte {at}) {mismatch}")
        yield entry
    if fh.tell() != end:
        yield Note(
            Location(path),
            f"git pack's objects end at byte {fh.tell()}, not where its checksum starts",
        )


def _checksum_matches(fh: BinaryIO, size: int) -> bool:
    """Whether the pack's last 20 bytes are the SHA-1 of the bytes before them."""
    fh.seek(0)
    digest = hashlib.sha1()
    left = size - 20
    while left > 0:
        chunk = fh.read(min(READ_BYTES, left))
        if not chunk:
            return False
        digest.update(chunk)
        left -= len(chunk)
    return fh.read(20) == digest.digest()


# --- deltas --------------------------------------------------------------------------


def _varint(delta: bytes, pos: int) -> tuple[int, int]:
    """A delta's size (7 bits a byte, least significant first) and the position after it."""
    try:
        return leb128(delta, pos, len(delta), MAX_VARINT_BYTES)
    except VarintError as exc:
        raise _Damaged(
            "has a delta cut short in its sizes" if exc.cut else "has a delta size too long"
        ) from None


def apply_delta(base: bytes, delta: bytes) -> bytes:
    """The object ``delta`` makes of ``base``: its instructions copy ranges of the base
    (offset and size in the bytes a bit mask names; a size of 0 is 0x10000) and insert the
    bytes that follow them (1 to 127). Each copy must lie inside the base, the result
    must not pass its declared size and must end at it."""
    base_size, pos = _varint(delta, 0)
    if base_size != len(base):
        raise _Damaged(f"has a delta for a base of {base_size} bytes, not {len(base)}")
    result_size, pos = _varint(delta, pos)
    out = bytearray()
    while pos < len(delta):
        op = delta[pos]
        pos += 1
        if op & 0x80:
            values = [0, 0]
            for bit in range(7):
                if op & (1 << bit):
                    if pos >= len(delta):
                        raise _Damaged("has a delta cut short in a copy")
                    which, byte = (0, bit) if bit < 4 else (1, bit - 4)
                    values[which] |= delta[pos] << (8 * byte)
                    pos += 1
            start, length = values[0], values[1] or 0x10000
            if start + length > len(base):
                raise _Damaged("has a delta that copies past the end of its base")
            if len(out) + length > result_size:
                raise _Damaged("has a delta that passes its declared size")
            out += base[start : start + length]
        elif op:
            if pos + op > len(delta):
                raise _Damaged("has a delta cut short in an insert")
            if len(out) + op > result_size:
                raise _Damaged("has a delta that passes its declared size")
            out += delta[pos : pos + op]
            pos += op
        else:
            raise _Damaged("has a delta with the reserved instruction 0")
    if len(out) != result_size:
        raise _Damaged(f"has a delta that makes {len(out)} of its declared {result_size} bytes")
    return bytes(out)


class _Resolver:
    """Deltas applied to their bases: an ``OFS_DELTA``'s lies before it, a
    ``REF_DELTA``'s anywhere in the pack; a delta whose base is not resolved yet waits
    for it, and is resolved as soon as its base is (each object once)."""

    def __init__(self, budget: _Budget) -> None:
        self.budget = budget
        self.by_offset: dict[int, _Object] = {}
        self.by_sha: dict[str, _Object] = {}
        self.failed: dict[int, str] = {}
        self.waiting: dict[int | str, list[_Entry]] = {}

    def add(self, entry: _Entry) -> None:
        """Resolve ``entry`` and then every delta that waited for it."""
        work = [entry]
        while work:
            item = work.pop()
            obj = self._resolve(item)
            if obj is not None:
                work += self.waiting.pop(item.offset, [])
                work += self.waiting.pop(obj.sha, [])

    def _resolve(self, entry: _Entry) -> _Object | None:
        """One entry resolved (None: it failed, or waits for its base)."""
        if entry.kind in KINDS:
            kind = KINDS[entry.kind]
            obj = _Object(kind, object_sha(kind, entry.data), entry.data)
        else:
            if entry.base is None or entry.base in self.failed:
                self.failed[entry.offset] = "has a base that could not be read"
                return None
            if isinstance(entry.base, int):
                base = self.by_offset.get(entry.base)
            else:
                base = self.by_sha.get(entry.base)
            if base is None:
                self.waiting.setdefault(entry.base, []).append(entry)
                return None
            try:
                size, _ = _varint(entry.data, _varint(entry.data, 0)[1])
                if not self.budget.take(size):
                    raise _Damaged("would pass the bytes read of a pack")
                data = apply_delta(base.data, entry.data)
            except _Damaged as exc:
                self.failed[entry.offset] = str(exc)
                return None
            obj = _Object(base.kind, object_sha(base.kind, data), data)
            self.budget.left += len(entry.data)  # (its instructions, dropped)
        entry.data = b""  # (a delta's instructions, or the content the object now holds)
        self.by_offset[entry.offset] = obj
        self.by_sha.setdefault(obj.sha, obj)
        return obj

    def unresolved(self) -> dict[int, str]:
        """Why each object that could not be resolved was not, by its offset."""
        why = dict(self.failed)
        for base, entries in self.waiting.items():
            for entry in entries:
                if not isinstance(base, str):
                    why[entry.offset] = "has a base that could not be read"
                elif self.failed:  # (its base may be one that failed)
                    why[entry.offset] = f"has its base {base} outside the pack or not read"
                else:
                    why[entry.offset] = f"has its base {base} outside the pack (a thin pack's)"
        return why


def _resolved(
    entries: list[_Entry], path: str, budget: _Budget
) -> tuple[list[_Object], list[Note]]:
    """The pack's objects, deltas applied to their bases, in the pack's order; notes on
    those that could not be resolved."""
    resolver = _Resolver(budget)
    for entry in entries:
        resolver.add(entry)
    number = {e.offset: i for i, e in enumerate(entries, 1)}
    unresolved = sorted(resolver.unresolved().items())
    notes = [
        Note(Location(path), f"git pack object {number[offset]} (byte {offset}) not read: it {why}")
        for offset, why in unresolved[:MAX_NOTES]
    ]
    if len(unresolved) > MAX_NOTES:
        more = len(unresolved) - MAX_NOTES
        notes.append(Note(Location(path), f"git pack: {more} more objects not read"))
    objects = [resolver.by_offset[e.offset] for e in entries if e.offset in resolver.by_offset]
    return objects, notes


# --- what the objects say ------------------------------------------------------------


def _headers(data: bytes) -> tuple[list[tuple[str, str]], str]:
    """A commit's or tag's header fields (in order; a field's continuation lines, a
    signature's, dropped) and its message, decoded as its ``encoding`` field says."""
    head, _, message = data.partition(b"\n\n")
    raw: list[tuple[str, bytes]] = []
    for line in head.split(b"\n"):
        if line.startswith(b" ") or not line:
            continue
        name, _, value = line.partition(b" ")
        raw.append((name.decode("ascii", "replace"), value))
    encoding = next((v.decode("ascii", "replace") for n, v in raw if n == "encoding"), "utf-8")
    return [(n, _decoded(v, encoding)) for n, v in raw], _decoded(message, encoding)


def _decoded(data: bytes, encoding: str) -> str:
    """Text in the encoding a commit names (UTF-8 where it names none, as git writes it),
    else as any text is read."""
    try:
        return data.decode(encoding)
    except (LookupError, UnicodeDecodeError):
        return decode_bytes(data)


def _person(value: str) -> tuple[str, str]:
    """A person's ``Name <e-mail>`` and their date as an ISO instant with its offset."""
    m = _PERSON.match(value)
    if not m:
        return value, ""
    name, email, seconds, sign, hours, minutes = m.groups()
    offset = dt.timedelta(hours=int(hours), minutes=int(minutes))
    zone = dt.timezone(-offset if sign == "-" else offset) if offset < dt.timedelta(1) else None
    try:
        when = dt.datetime.fromtimestamp(int(seconds), zone or dt.UTC).isoformat()
    except (OverflowError, OSError, ValueError):
        when = f"{seconds} {sign}{hours}{minutes}"
    return f"{name} <{email}>", when


def _indented(message: str) -> str:
    """A message's lines indented by four spaces, as ``git log`` prints them."""
    return "\n".join(f"    {line}" if line else "" for line in message.rstrip("\n").split("\n"))


def entry_text(obj: _Object) -> str:
    """A commit or tag as ``git log --format=fuller --date=iso-strict`` (``git show``, for
    a tag) prints it."""
    fields, message = _headers(obj.data)
    lines = [f"{obj.kind} {obj.sha}"]
    if obj.kind == "tag":
        values = dict(fields)
        lines[0] = f"tag {values.get('tag', '')}".rstrip()
        lines.append(f"object {values.get('object', '')}".rstrip())
        roles = [("tagger", "Tagger", "TaggerDate")]
    else:
        roles = [("author", "Author", "AuthorDate"), ("committer", "Commit", "CommitDate")]
    for field, who, when in roles:
        for name, value in fields:
            if name == field:
                person, date = _person(value)
                lines.append(f"{who + ':':<12}{person}")
                if date:
                    lines.append(f"{when + ':':<12}{date}")
    return "\n".join(lines) + "\n\n" + _indented(message) + "\n"


def _commit_time(obj: _Object) -> int:
    """A commit's committer time (seconds; 0 where it cannot be read)."""
    for name, value in _headers(obj.data)[0]:
        if name == "committer":
            m = _PERSON.match(value)
            return int(m.group(3)) if m else 0
    return 0


def tree_entries(data: bytes) -> Iterator[tuple[str, str, str]]:
    """A tree's entries: mode (octal digits), name and SHA-1 (hex), each
    ``<mode> <name>\\0`` and 20 bytes; a damaged tree ends where it breaks."""
    pos = 0
    while pos < len(data):
        space = data.find(b" ", pos, pos + 8)
        nul = data.find(b"\x00", space + 1) if space > 0 else -1
        if nul < 0 or nul + 21 > len(data):
            return
        mode = data[pos:space].decode("ascii", "replace")
        name = data[space + 1 : nul].decode("utf-8", "replace")
        yield mode, name, data[nul + 1 : nul + 21].hex()
        pos = nul + 21


def _tree_of(obj: _Object) -> str | None:
    """A commit's root tree (hex)."""
    for name, value in _headers(obj.data)[0]:
        if name == "tree" and _HEX40.fullmatch(value):
            return value
    return None


def blob_paths(
    objects: dict[str, _Object],
) -> tuple[dict[str, str], dict[str, set[str]], bool]:
    """Each blob's first path in the repository, each path's versions (blob SHA-1s), and
    whether the walk was cut short (after :data:`MAX_WALKED` entries): the commits walked
    from the oldest (by their committer's time), then the trees no commit and no tree
    holds; each tree walked once at each path."""
    walked = 0
    paths: dict[str, str] = {}
    versions: dict[str, set[str]] = {}
    seen: set[tuple[str, str]] = set()
    held: set[str] = set()
    commits = sorted(
        (o for o in objects.values() if o.kind == "commit"), key=lambda o: (_commit_time(o), o.sha)
    )
    roots = [t for t in map(_tree_of, commits) if t]
    for obj in objects.values():
        if obj.kind == "tree":
            held.update(s for mode, _, s in tree_entries(obj.data) if mode in ("40000", "040000"))
    held.update(roots)
    roots += sorted(o.sha for o in objects.values() if o.kind == "tree" and o.sha not in held)
    for root in roots:
        stack = [(root, "", 0)]
        while stack:
            sha, prefix, depth = stack.pop()
            tree = objects.get(sha)
            if tree is None or tree.kind != "tree" or (sha, prefix) in seen:
                continue
            seen.add((sha, prefix))
            for mode, name, child in tree_entries(tree.data):
                walked += 1
                if walked > MAX_WALKED:
                    return paths, versions, True
                path = f"{prefix}{name}"
                if mode in ("40000", "040000"):
                    if depth < MAX_TREE_DEPTH:
                        stack.append((child, path + "/", depth + 1))
                elif child in objects and objects[child].kind == "blob":
                    paths.setdefault(child, path)
                    versions.setdefault(path, set()).add(child)
    return paths, versions, False


def child_name(sha: str, path: str | None, versions: set[str]) -> str:
    """A blob's name: its path (``/`` as :data:`PATH_STEP`), its short SHA-1 before the
    extension where the path has several versions; its SHA-1 where no tree names it."""
    if path is None:
        return sha
    name = path.replace("\\", "_").replace("/", PATH_STEP)
    if len(versions) > 1:
        digits = SHORT_SHA
        while sum(1 for v in versions if v.startswith(sha[:digits])) > 1 and digits < 40:
            digits += 1
        step = name.rsplit(PATH_STEP, 1)[-1]
        stem, dot, ext = step.rpartition(".")
        if dot and stem and len(ext) <= 16:
            return f"{name[: len(name) - len(ext) - 1]}@{sha[:digits]}.{ext}"
        return f"{name}@{sha[:digits]}"
    return name


def _pack_output(objects: list[_Object], path: str, config: Config) -> Iterator[Extracted]:
    """The blobs as child files (named by their paths) and the commits' and tags' text."""
    by_sha: dict[str, _Object] = {}
    for obj in objects:
        by_sha.setdefault(obj.sha, obj)
    paths, versions, cut = blob_paths(by_sha)
    if cut:
        reason = f"git pack's trees walked for their first {MAX_WALKED} entries only"
        yield Note(Location(path), reason + ": the blobs they did not name are named by SHA-1")
    done: set[str] = set()
    for obj in objects:
        if obj.kind == "blob" and obj.sha not in done and obj.data:
            done.add(obj.sha)
            where = paths.get(obj.sha)
            yield ChildFile(child_name(obj.sha, where, versions.get(where or "", set())), obj.data)
    texts = [entry_text(o) for o in by_sha.values() if o.kind in ("commit", "tag")]
    if texts:
        yield from cut_text(Location(path, part=PART), "\n".join(texts), config.max_text_unit_chars)


# --- loose objects -------------------------------------------------------------------


def _loose_name(path: str) -> str | None:
    """The SHA-1 a loose object's path names (``.../ab/cdef...``), or None."""
    steps = path.replace("\\", "/").rsplit("!/", 1)[-1].split("/")
    if len(steps) >= 2 and re.fullmatch(r"[0-9a-f]{2}", steps[-2]):
        return steps[-2] + steps[-1] if re.fullmatch(r"[0-9a-f]{38}", steps[-1]) else None
    return None


def _loose(source: Source, config: Config) -> Iterator[Extracted]:
    """A loose object: a blob as a child file, a commit's or tag's text, a tree a note."""
    data = source.read_document(config.batch_bytes, "git object")
    inflater = zlib.decompressobj()
    try:
        head = inflater.decompress(data, 32)
        m = LOOSE_HEAD.match(head)
        if not m:
            raise ExtractError("not a git object (no type and size at its start)")
        kind, size = m.group(1).decode(), int(m.group(2))
        if size > config.batch_bytes:
            raise ExtractError(f"git object of {size} bytes, more than {config.batch_bytes}")
        content = head[m.end() :]
        if size + 1 > len(content) and not inflater.eof:
            content += inflater.decompress(inflater.unconsumed_tail, size + 1 - len(content))
    except zlib.error:
        raise ExtractError("not a git object (does not inflate)") from None
    location = Location(source.path)
    named = _loose_name(source.path)
    if len(content) == size and not inflater.eof:
        content += inflater.decompress(inflater.unconsumed_tail, 1)  # (past its size?)
    if len(content) > size:
        content = content[:size]
        yield Note(location, f"git object inflates to more than its declared {size} bytes")
    elif len(content) < size:
        yield Note(location, f"git object inflates to {len(content)} of its declared {size} bytes")
    elif not inflater.eof:
        yield Note(location, "git object's compressed stream is cut short after its content")
    sha = object_sha(kind, content)
    if named and named != sha and len(content) == size:
        yield Note(location, "git object's content is not what its name says (damaged)")
    if kind == "blob":
        if content:
            yield ChildFile(named or sha, content)
    elif kind == "tree":
        count = sum(1 for _ in tree_entries(content))
        yield Note(location, f"git tree of {count} entries: the names it gives are not read")
    else:
        text = entry_text(_Object(kind, sha, content))
        yield from cut_text(Location(source.path, part=PART), text, config.max_text_unit_chars)


class GitObjectsExtractor(Extractor):
    """A git packfile's or loose object's files (child files) and commits (text)."""

    id: ClassVar[str] = "git"
    types: ClassVar[frozenset[str]] = frozenset({"git-pack", "git-object"})

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        if source.size == 0:
            raise SkipFile("empty file")
        with source.open() as fh:
            if fh.read(4) != b"PACK":
                yield from _loose(source, config)
                return
            fh.seek(0)
            budget = _Budget(config.batch_bytes)
            entries: list[_Entry] = []
            notes: list[Note] = []
            for item in _entries(fh, source.path, source.size, budget):
                if isinstance(item, Note):
                    notes.append(item)
                else:
                    entries.append(item)
            if not notes and not _checksum_matches(fh, source.size):
                notes.append(Note(Location(source.path), "git pack's checksum does not match"))
        objects, unresolved = _resolved(entries, source.path, budget)
        del entries
        yield from _pack_output(objects, source.path, config)
        yield from notes
        yield from unresolved
