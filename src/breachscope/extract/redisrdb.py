"""Redis RDB snapshots (``dump.rdb``: an exposed cache of a patient portal, its sessions,
its cached patients and API answers), read with a parser of the format written here with
the standard library: RDB versions 1 to 12 (Redis 2.x to 7.4), checked against Redis's
``rdb.c``, ``ziplist.c``, ``listpack.c`` and ``intset.c``.

Each key is a record, ``row`` = its 1-based place in the file (over all databases), read
as JSON's records are (:func:`breachscope.extract.json.record_rows`): ``db`` (the
database's number), ``key``, ``type`` (as Redis's ``TYPE`` names it: ``string``,
``list``, ``set``, ``zset``, ``hash``, ``stream``), ``expires`` (its expiry as an ISO
instant, where it has one) and its value at ``value``: a hash's fields at
``value.<field>`` (a field's own expiry of Redis 7.4 at ``field_expires.<field>``), a
list's or a set's elements at ``value.0``, ``value.1``..., a sorted set's at
``value.0.member`` and ``value.0.score``, a stream's at ``value.0.id`` and
``value.0.fields.<field>``.

A value that holds a JSON document whole (a cached API answer, a session serialised as
JSON) is read as that document, at its paths below the value's (``value.patient.naam``);
where the value is an array of records (a list of JSON patients, a sorted set's members,
a search's answer ``{"results": [...]}``) each is a record of its own in the part named
by the key and the array's path (``part=recent:patients.value``, ``row`` = its 1-based
place in the array), the key's other values staying in its record (as a JSON document's,
see :func:`breachscope.extract.json.records_of`). A string key's value that holds a file
of one of :data:`CHILD_TYPES` (a PHP session phpredis saved, a pickle a Django cache
holds, a gzipped answer) is a child file, read as its own type, named by the key's place
and name (``key3-PHPREDIS_SESSION_9f3a``), its value empty in the record. Text is read
as UTF-8 (bytes that are none as their replacement character), a number stored as one as
its digits. Nothing found is run.

Every encoding of the values is read: strings raw, as integers (8, 16, 32 bits) or
LZF-compressed (a decompressor bounded by the length the string claims, and all of them
together by :data:`LZF_SHARE` times ``Config.batch_bytes``); lists as linked lists,
ziplists, quicklists of ziplists and of listpacks; sets plain, as intsets and listpacks;
sorted sets with scores as text or binary doubles, as ziplists and listpacks; hashes
plain, as zipmaps, ziplists and listpacks, and with fields that expire (Redis 7.4's, its
release candidates' too); streams of Redis 5 to 7.4, each entry ``{"id": "ms-seq",
"fields": {...}}`` (an entry deleted but still held too, ``"deleted": "true"``), their
consumer groups passed over. A module's value is skipped (its serialisation describes
itself), with a note; a value of a type not read (a stream of Redis 8, a module value of
Redis 4.0's release candidates) ends the reading with a note naming the key by its place
and its type (never by its name), the keys before kept. The snapshot's AUX fields
(``redis-ver``, ``ctime``, ``used-mem``...) are the text part ``info``, ``name: value``
per line.

Bounded: the file is read whole up to ``Config.batch_bytes``; a length the file claims
is never allocated beyond the bytes left in it; at most :data:`MAX_ELEMENTS` elements of
one key are read (a note says how many more it holds). A file cut short, or damaged,
keeps the keys before the damage, with a note.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import struct
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, ClassVar

from breachscope.config import Config
from breachscope.extract.base import ChildFile, Extracted, ExtractError, Extractor, Note, Source
from breachscope.extract.json import embedded, record_rows, records_of
from breachscope.extract.otherpeople import PeopleChunker
from breachscope.extract.units import TextUnit
from breachscope.ingest.filetype import sniff_bytes
from breachscope.location import Location

MAGIC = b"REDIS"
NEWEST = 12
"""The newest RDB version known (Redis 7.4); a newer one is read as it, with a note."""
MAX_ELEMENTS = 100_000
"""Most elements (a list's, a set's, a hash's fields) of one key read."""
LZF_SHARE = 4
"""Most bytes all LZF-compressed strings of a file may expand to, in ``batch_bytes``."""

_TYPES: dict[int, str] = {
    0: "string", 1: "list", 2: "set", 3: "zset", 4: "hash", 5: "zset", 9: "hash",
    10: "list", 11: "set", 12: "zset", 13: "hash", 14: "list", 16: "hash", 17: "zset",
    18: "list", 20: "set", 22: "hash", 23: "hash", 24: "hash", 25: "hash",
    15: "stream", 19: "stream", 21: "stream",
}  # fmt: skip
"""RDB value types read, by their names in Redis's ``TYPE``."""
_UNREADABLE: dict[int, str] = {
    6: "a module value of Redis 4.0's release candidates",
    26: "a stream of Redis 8", 27: "a stream of Redis 8",
}  # fmt: skip
"""RDB value types that end the reading."""
CHILD_TYPES = frozenset(
    {"php-session", "pickle", "gzip", "bzip2", "xz", "zstd", "zip", "pdf", "bson", "cbor"}
    | {"plist", "sqlite", "xlsx", "docx", "doc", "xls", "msg", "hl7", "edifact", "eml"}
    | {"vcard", "rtf"}
)
"""Detected types of a string key's value that is read as a file of its own (a PHP
session that phpredis saved, a pickle a Django cache holds, a gzipped answer, an HL7
message queued) rather than as text."""
_NAME = re.compile(r"[^\w.\-]+")
_TEXT_FILE = re.compile(
    rb"[A-Za-z_][\w\-]{0,63}\|(?:[sidbaOCE]:|N;)|\x0b?(?:MSH|BHS|FHS)\||UNA|UNB\+|\{\\rtf"
    rb"|BEGIN:VCARD|[A-Za-z][\w\-]{0,40}: "
)
"""How a text of :data:`CHILD_TYPES` opens (a PHP session's variable, an HL7 or EDIFACT
message, RTF, a vCard, an e-mail's header): other text is not sniffed (most values are
text, and sniffing each would cost as much as reading it)."""
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\ufffd]")
_MODULE_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


class RdbError(ValueError):
    """Bytes that are not RDB's (the message names places and kinds, never a value)."""


class _Unreadable(Exception):
    """A value of a type that is not read: the reading ends here."""


@dataclass
class _Key:
    """One key as read: its database, name, type, expiry (ms since 1970) and value."""

    place: int
    """1-based place of the key in the file (its row)."""
    db: int
    name: bytes
    type: str
    expires: int | None
    value: Any
    field_expires: dict[str, str] = field(default_factory=dict)
    more: int = 0
    """Elements held beyond :data:`MAX_ELEMENTS`, not read."""
    stored: bytes = b""
    """A string key's value as stored (a file it holds is read as its own type)."""


class _Capped:
    """A key's elements, at most :data:`MAX_ELEMENTS` kept (the others counted)."""

    def __init__(self) -> None:
        self.items: list[Any] = []
        self.more = 0

    def add(self, item: Any) -> None:
        if len(self.items) < MAX_ELEMENTS:
            self.items.append(item)
        else:
            self.more += 1


def lzf_decompress(data: bytes, length: int) -> bytes:
    """LZF's (liblzf's ``lzf_d.c``) decompression of ``data`` to exactly ``length`` bytes:
    a control byte below 32 copies that many plus one literal bytes, any other copies
    ``ctrl >> 5`` plus two bytes (plus the next byte where that is 7 + 2) from
    ``((ctrl & 31) << 8) + next byte + 1`` bytes back; never writes past ``length``."""
    out = bytearray()
    ip, end = 0, len(data)
    while ip < end:
        ctrl = data[ip]
        ip += 1
        if ctrl < 32:
            run = ctrl + 1
            if ip + run > end or len(out) + run > length:
                raise RdbError("LZF literal runs past its end")
            out += data[ip : ip + run]
            ip += run
            continue
        size = ctrl >> 5
        if size == 7:
            if ip >= end:
                raise RdbError("LZF reference cut short")
            size += data[ip]
            ip += 1
        if ip >= end:
            raise RdbError("LZF reference cut short")
        back = ((ctrl & 0x1F) << 8) + data[ip] + 1
        ip += 1
        size += 2
        if back > len(out) or len(out) + size > length:
            raise RdbError("LZF reference out of bounds")
        start = len(out) - back
        chunk = out[start : start + min(back, size)]
        out += (chunk * (size // len(chunk) + 1))[:size]  # (a reference may overlap)
    if len(out) != length:
        raise RdbError("LZF string shorter than its length")
    return bytes(out)


class _Reader:
    """The file's bytes and a position in them; every read checks the bytes left."""

    def __init__(self, data: bytes, lzf_budget: int) -> None:
        self.data = data
        self.pos = 0
        self.lzf_budget = lzf_budget

    def take(self, n: int) -> bytes:
        """The next ``n`` bytes (:class:`RdbError` where fewer are left)."""
        if n < 0 or n > len(self.data) - self.pos:
            raise RdbError(f"file ends inside a value at byte {self.pos}")
        out = self.data[self.pos : self.pos + n]
        self.pos += n
        return out

    def byte(self) -> int:
        return self.take(1)[0]

    def little(self, n: int, signed: bool = True) -> int:
        """A little-endian integer of ``n`` bytes."""
        return int.from_bytes(self.take(n), "little", signed=signed)

    def encoded_length(self) -> tuple[int, bool]:
        """A length (6, 14, 32 or 64 bits) or, where its two top bits are set, a string's
        special encoding (``True`` second)."""
        first = self.byte()
        kind = first >> 6
        if kind == 0:
            return first & 0x3F, False
        if kind == 1:
            return ((first & 0x3F) << 8) | self.byte(), False
        if kind == 3:
            return first & 0x3F, True
        if first == 0x80:
            return int.from_bytes(self.take(4), "big"), False
        if first == 0x81:
            return int.from_bytes(self.take(8), "big"), False
        raise RdbError(f"unknown length encoding at byte {self.pos - 1}")

    def length(self) -> int:
        """A plain length (or count)."""
        value, special = self.encoded_length()
        if special:
            raise RdbError(f"a length expected at byte {self.pos - 1}")
        return value

    def string(self) -> bytes | int:
        """A string: its bytes, or the number it was stored as."""
        at = self.pos
        value, special = self.encoded_length()
        if not special:
            return self.take(value)
        if value in (0, 1, 2):
            return self.little(1 << value)
        if value != 3:
            raise RdbError(f"unknown string encoding at byte {at}")
        packed = self.length()
        size = self.length()
        if size > self.lzf_budget:
            raise RdbError(f"LZF string at byte {at} claims more bytes than allowed")
        out = lzf_decompress(self.take(packed), size)
        self.lzf_budget -= size
        return out

    def blob(self) -> bytes:
        """A string that holds an encoded structure (a ziplist, a listpack...)."""
        value = self.string()
        if isinstance(value, int):
            raise RdbError(f"an encoded structure stored as a number before byte {self.pos}")
        return value

    def double_text(self) -> float:
        """A sorted set's score of RDB's first zset type: its length byte (253 NaN, 254
        +inf, 255 -inf) and its digits."""
        size = self.byte()
        if size >= 253:
            return {253: math.nan, 254: math.inf, 255: -math.inf}[size]
        try:
            return float(self.take(size).decode("ascii"))
        except (UnicodeDecodeError, ValueError):
            raise RdbError(f"a score that is no number before byte {self.pos}") from None

    def double_binary(self) -> float:
        """A binary double (little-endian IEEE 754)."""
        return float(struct.unpack("<d", self.take(8))[0])


def _check(blob: bytes, pos: int, n: int, what: str) -> None:
    if pos + n > len(blob):
        raise RdbError(f"{what} runs past its end")


def _signed(blob: bytes, pos: int, n: int, what: str) -> int:
    _check(blob, pos, n, what)
    return int.from_bytes(blob[pos : pos + n], "little", signed=True)


_ZL_INTS = {0xC0: 2, 0xD0: 4, 0xE0: 8, 0xF0: 3, 0xFE: 1}
"""A ziplist's integer encodings and their widths in bytes."""


def ziplist(blob: bytes) -> Iterator[bytes | int]:
    """A ziplist's entries (``ziplist.c``): after its 10-byte header, each entry's
    previous length (1 byte, or 0xFE and 4), its encoding (a string of 6, 14 or 32 bits
    of length; an integer of 8, 16, 24, 32 or 64 bits, or 0 to 12 in the encoding byte)
    and its bytes, to the end byte 0xFF."""
    pos = 10
    _check(blob, 0, pos, "ziplist header")
    while True:
        _check(blob, pos, 1, "ziplist")
        if blob[pos] == 0xFF:
            return
        pos += 1 if blob[pos] < 0xFE else 5
        _check(blob, pos, 1, "ziplist entry")
        enc = blob[pos]
        kind = enc >> 6
        if kind < 3:
            if kind == 0:
                size, pos = enc & 0x3F, pos + 1
            elif kind == 1:
                _check(blob, pos, 2, "ziplist entry")
                size, pos = ((enc & 0x3F) << 8) | blob[pos + 1], pos + 2
            else:
                _check(blob, pos, 5, "ziplist entry")
                size, pos = int.from_bytes(blob[pos + 1 : pos + 5], "big"), pos + 5
            _check(blob, pos, size, "ziplist string")
            yield blob[pos : pos + size]
            pos += size
            continue
        if enc in _ZL_INTS:
            yield _signed(blob, pos + 1, _ZL_INTS[enc], "ziplist integer")
            pos += 1 + _ZL_INTS[enc]
        elif 0xF1 <= enc <= 0xFD:
            yield (enc & 0x0F) - 1
            pos += 1
        else:
            raise RdbError("unknown ziplist encoding")


def _backlen_size(size: int) -> int:
    """Bytes of a listpack entry's back length for an entry of ``size`` bytes."""
    for limit, n in ((128, 1), (16383, 2), (2097151, 3), (268435455, 4)):
        if size < limit:
            return n
    return 5


_LP_INTS = {0xF1: 2, 0xF2: 3, 0xF3: 4, 0xF4: 8}
"""A listpack's integer encodings and their widths in bytes."""


def listpack(blob: bytes) -> Iterator[bytes | int]:
    """A listpack's entries (``listpack.c``): after its 6-byte header, each entry's
    encoding (a 7-bit unsigned or 13-bit integer in it; a string of 6, 12 or 32 bits of
    length; an integer of 16, 24, 32 or 64 bits), its bytes and its back length, to the
    end byte 0xFF."""
    pos = 6
    _check(blob, 0, pos, "listpack header")
    while True:
        _check(blob, pos, 1, "listpack")
        b = blob[pos]
        if b == 0xFF:
            return
        item: bytes | int
        if b < 0x80:
            item, size = b, 1
        elif b < 0xC0:
            _check(blob, pos, 1 + (b & 0x3F), "listpack string")
            item, size = blob[pos + 1 : pos + 1 + (b & 0x3F)], 1 + (b & 0x3F)
        elif b < 0xE0:
            _check(blob, pos, 2, "listpack integer")
            value = ((b & 0x1F) << 8) | blob[pos + 1]
            item, size = (value - 8192 if value >= 4096 else value), 2
        elif b < 0xF0:
            _check(blob, pos, 2, "listpack string")
            n = ((b & 0x0F) << 8) | blob[pos + 1]
            _check(blob, pos, 2 + n, "listpack string")
            item, size = blob[pos + 2 : pos + 2 + n], 2 + n
        elif b == 0xF0:
            _check(blob, pos, 5, "listpack string")
            n = int.from_bytes(blob[pos + 1 : pos + 5], "little")
            _check(blob, pos, 5 + n, "listpack string")
            item, size = blob[pos + 5 : pos + 5 + n], 5 + n
        elif b in _LP_INTS:
            width = _LP_INTS[b]
            item, size = _signed(blob, pos + 1, width, "listpack integer"), 1 + width
        else:
            raise RdbError("unknown listpack encoding")
        yield item
        pos += size + _backlen_size(size)


def intset(blob: bytes) -> Iterator[int]:
    """An intset's numbers: its width (2, 4 or 8 bytes) and count, then the numbers,
    little-endian."""
    _check(blob, 0, 8, "intset header")
    width = int.from_bytes(blob[:4], "little")
    count = int.from_bytes(blob[4:8], "little")
    if width not in (2, 4, 8):
        raise RdbError("unknown intset width")
    _check(blob, 8, width * count, "intset")
    for i in range(count):
        yield _signed(blob, 8 + i * width, width, "intset")


def _zipmap_length(blob: bytes, pos: int) -> tuple[int, int]:
    _check(blob, pos, 1, "zipmap")
    if blob[pos] < 254:
        return blob[pos], pos + 1
    if blob[pos] == 254:
        _check(blob, pos, 5, "zipmap")
        return int.from_bytes(blob[pos + 1 : pos + 5], "little"), pos + 5
    raise RdbError("zipmap length expected")


def zipmap(blob: bytes) -> Iterator[tuple[bytes, bytes]]:
    """A zipmap's pairs (Redis 2.4's small hashes): a count byte, then each field's
    length and bytes, its value's length, a count of free bytes, the value and the free
    bytes, to the end byte 0xFF (a length is 1 byte below 254, else 254 and 4 bytes)."""
    pos = 1
    while True:
        _check(blob, pos, 1, "zipmap")
        if blob[pos] == 0xFF:
            return
        size, pos = _zipmap_length(blob, pos)
        _check(blob, pos, size, "zipmap field")
        name = blob[pos : pos + size]
        size, pos = _zipmap_length(blob, pos + size)
        _check(blob, pos, 1 + size, "zipmap value")
        free = blob[pos]
        yield name, blob[pos + 1 : pos + 1 + size]
        pos += 1 + size + free


def _pairs(items: Iterator[bytes | int], width: int = 2) -> Iterator[tuple[bytes | int, ...]]:
    """Consecutive entries in tuples of ``width`` (a hash's field and value)."""
    while True:
        group = tuple(x for _, x in zip(range(width), items, strict=False))
        if not group:
            return
        if len(group) < width:
            raise RdbError("an encoded structure with an odd count of entries")
        yield group


def text(value: bytes | int) -> str:
    """An element as text: its UTF-8 (replacement characters where it is none), a number
    as its digits."""
    return str(value) if isinstance(value, int) else value.decode("utf-8", errors="replace")


def _score(value: float | bytes | int) -> str:
    """A sorted set's score as text: a whole number without ``.0``, else its shortest
    form (``inf``, ``-inf``, ``nan`` as such)."""
    if isinstance(value, bytes | int):
        return text(value)
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


def instant(millis: int) -> str:
    """Milliseconds since 1970 as an ISO instant (``2024-05-13T09:30:00.000Z``; the
    number itself where no date holds it)."""
    try:
        moment = _EPOCH + dt.timedelta(milliseconds=millis)
    except OverflowError:
        return str(millis)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def _skip_module(reader: _Reader) -> None:
    """Past a module's value or AUX data (RDB 9 on): its typed items (a signed or
    unsigned number, a float, a double, a string) up to its end item."""
    while True:
        opcode = reader.length()
        if opcode == 0:
            return
        if opcode in (1, 2):
            reader.length()
        elif opcode == 3:
            reader.take(4)
        elif opcode == 4:
            reader.take(8)
        elif opcode == 5:
            reader.string()
        else:
            raise RdbError(f"unknown module item at byte {reader.pos}")


def module_name(module_id: int) -> str:
    """A module type's name from its id (9 characters of 6 bits above 10 bits of
    version, as Redis's ``moduleTypeNameByID``)."""
    bits = module_id >> 10
    return "".join(_MODULE_CHARS[(bits >> (6 * (8 - i))) & 63] for i in range(9))


def _collection(reader: _Reader, kind: int, key: _Key) -> None:
    """The value of a list, set, sorted set or hash of ``kind`` into ``key``."""
    capped = _Capped()
    if kind in (1, 2):
        for _ in range(reader.length()):
            capped.add(text(reader.string()))
    elif kind in (3, 5):
        for _ in range(reader.length()):
            member = text(reader.string())
            score = reader.double_text() if kind == 3 else reader.double_binary()
            capped.add({"member": member, "score": _score(score)})
    elif kind == 4:
        for _ in range(reader.length()):
            capped.add((text(reader.string()), text(reader.string())))
    elif kind == 9:
        for name, value in zipmap(reader.blob()):
            capped.add((text(name), text(value)))
    elif kind in (10, 11, 20):
        blob = reader.blob()
        entries = ziplist(blob) if kind == 10 else intset(blob) if kind == 11 else listpack(blob)
        for item in entries:
            capped.add(text(item))
    elif kind in (12, 17):
        entries = ziplist(reader.blob()) if kind == 12 else listpack(reader.blob())
        for pair in _pairs(entries):
            capped.add({"member": text(pair[0]), "score": _score(pair[1])})
    elif kind in (13, 16):
        entries = ziplist(reader.blob()) if kind == 13 else listpack(reader.blob())
        for pair in _pairs(entries):
            capped.add((text(pair[0]), text(pair[1])))
    elif kind in (14, 18):
        _quicklist(reader, kind, capped)
    elif kind in (15, 19, 21):
        _stream(reader, kind, capped)
    else:
        _expiring_hash(reader, kind, key, capped)
    key.more = capped.more
    if key.type == "hash":
        key.value = dict(capped.items)
    else:
        key.value = capped.items


def _quicklist(reader: _Reader, kind: int, capped: _Capped) -> None:
    """A quicklist's nodes: ziplists (RDB 7 to 9), or (RDB 10 on) each a container's kind
    (1 an element on its own, 2 a listpack) and its bytes."""
    for _ in range(reader.length()):
        container = 2 if kind == 14 else reader.length()
        if container == 1:
            capped.add(text(reader.string()))
            continue
        if container != 2:
            raise RdbError(f"unknown quicklist container before byte {reader.pos}")
        blob = reader.blob()
        for item in ziplist(blob) if kind == 14 else listpack(blob):
            capped.add(text(item))


def _number(items: Iterator[bytes | int], what: str) -> int:
    """The next entry of a stream's listpack, a number."""
    item = next(items, None)
    if not isinstance(item, int):
        raise RdbError(f"a stream's {what} that is no number")
    return item


def _text_entry(items: Iterator[bytes | int]) -> str:
    """The next entry of a stream's listpack, as text."""
    item = next(items, None)
    if item is None:
        raise RdbError("a stream's listpack ends inside an entry")
    return text(item)


def _stream(reader: _Reader, kind: int, capped: _Capped) -> None:
    """A stream's entries (``t_stream.c``), each ``{"id": "ms-seq", "fields": {...}}``
    (``"deleted": "true"`` for one deleted but still held): its listpacks, each after its
    master ID (16 bytes, big-endian ms and sequence), open with a master entry (count,
    deleted count, its fields' count and names, 0); then each entry's flags (1 deleted, 2
    the master's fields), its ID's difference from the master's in ms and sequence, its
    fields' count and its fields and values (or the values alone), and its entries'
    count. The stream's metadata and consumer groups after them are passed over (kinds
    19 and 21 hold more of them)."""
    for _ in range(reader.length()):
        master = reader.blob()
        if len(master) != 16:
            raise RdbError(f"a stream's node of {len(master)} bytes before byte {reader.pos}")
        ms, seq = int.from_bytes(master[:8], "big"), int.from_bytes(master[8:], "big")
        items = listpack(reader.blob())
        _number(items, "count")
        _number(items, "deleted count")
        names = [_text_entry(items) for _ in range(_number(items, "field count"))]
        _number(items, "master end")
        while (flags := next(items, None)) is not None:
            if not isinstance(flags, int):
                raise RdbError("a stream's entry flags that are no number")
            entry: dict[str, Any] = {}
            entry["id"] = f"{ms + _number(items, 'ID')}-{seq + _number(items, 'ID')}"
            if flags & 2:
                entry["fields"] = {name: _text_entry(items) for name in names}
            else:
                count = _number(items, "field count")
                pairs = [(_text_entry(items), _text_entry(items)) for _ in range(count)]
                entry["fields"] = dict(pairs)
            if flags & 1:
                entry["deleted"] = "true"
            _number(items, "entry count")
            capped.add(entry)
    _stream_metadata(reader, kind)


def _stream_metadata(reader: _Reader, kind: int) -> None:
    """Past a stream's length, IDs and consumer groups (``rdb.c``'s order)."""
    for _ in range(3 if kind == 15 else 8):
        reader.length()  # (length, last ID; then first ID, most deleted ID, entries added)
    for _ in range(reader.length()):
        reader.string()  # (the group's name)
        for _ in range(2 if kind == 15 else 3):
            reader.length()  # (its last ID, and its offset)
        for _ in range(reader.length()):
            reader.take(16 + 8)  # (a pending entry's ID and its delivery time)
            reader.length()
        for _ in range(reader.length()):
            reader.string()  # (a consumer's name, its seen and active times, its entries)
            reader.take(8 if kind < 21 else 16)
            for _ in range(reader.length()):
                reader.take(16)


def _expiring_hash(reader: _Reader, kind: int, key: _Key, capped: _Capped) -> None:
    """A hash whose fields expire (Redis 7.4): as a table (kinds 22 and 24: each field's
    expiry as a length, absolute in 22, else after the hash's least expiry and plus one,
    0 for none; then the field and its value) or as a listpack of field, value and
    absolute expiry (kinds 23 and 25; 0 for none). Kinds 24 and 25 open with the least
    expiry in 8 bytes."""
    least = reader.little(8, signed=False) if kind in (24, 25) else 0
    if kind in (23, 25):
        for triple in _pairs(listpack(reader.blob()), 3):
            if not isinstance(triple[2], int):
                raise RdbError(f"a field's expiry that is no number before byte {reader.pos}")
            _expiring_field(key, capped, text(triple[0]), text(triple[1]), triple[2])
        return
    for _ in range(reader.length()):
        ttl = reader.length()
        name = text(reader.string())
        if kind == 24 and ttl:
            ttl += least - 1
        _expiring_field(key, capped, name, text(reader.string()), ttl)


def _expiring_field(key: _Key, capped: _Capped, name: str, value: str, ttl: int) -> None:
    capped.add((name, value))
    if ttl and len(key.field_expires) < MAX_ELEMENTS:
        key.field_expires[name] = instant(ttl)


def _value(reader: _Reader, kind: int, key: _Key) -> None:
    """The value of a key of ``kind`` into ``key`` (:class:`_Unreadable` for a type that
    is not read)."""
    if kind == 0:
        value = reader.string()
        key.value = text(value)
        key.stored = value if isinstance(value, bytes) else b""
    else:
        _collection(reader, kind, key)


@dataclass
class _Snapshot:
    """What the file's opcodes set beside its keys."""

    version: int
    aux: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    ended: bool = False
    """Whether the end opcode was read."""


def _keys(reader: _Reader, snap: _Snapshot) -> Iterator[_Key]:
    """The file's keys in order, past its opcodes (database, expiry, AUX fields, a
    module's AUX data, function libraries, hints); a module's value skipped with a note
    in ``snap.notes``."""
    db = 0
    expires: int | None = None
    place = 0
    while True:
        if reader.pos >= len(reader.data):
            return  # (cut short before its end marker: snap.ended stays False)
        op = reader.byte()
        if op == 0xFF:
            snap.ended = True
            return
        if op == 0xFE:
            db = reader.length()
        elif op == 0xFD:
            expires = reader.little(4) * 1000
        elif op == 0xFC:
            expires = reader.little(8)
        elif op == 0xFB:
            reader.length()
            reader.length()
        elif op == 0xFA:
            snap.aux.append((text(reader.string()), text(reader.string())))
        elif op == 0xF9:
            reader.take(1)
        elif op == 0xF8:
            reader.length()
        elif op == 0xF7:
            reader.length()
            reader.length()
            reader.length()
            _skip_module(reader)
        elif op == 0xF6:
            raise _Unreadable("a function library of Redis 7.0's release candidates")
        elif op == 0xF5:
            reader.string()  # (a function library's code: no personal data)
        elif op == 0xF4:
            for _ in range(3):
                reader.length()
        else:
            place += 1
            key = _Key(place, db, b"", _TYPES.get(op, ""), expires, None)
            expires = None
            if op in _UNREADABLE:
                raise _Unreadable(f"key {place} in db {db} is {_UNREADABLE[op]} (type {op})")
            if op != 7 and op not in _TYPES:
                raise RdbError(f"unknown value type {op} at byte {reader.pos - 1}")
            stored = reader.string()
            key.name = stored if isinstance(stored, bytes) else str(stored).encode()
            if op == 7:
                module = module_name(reader.length())
                _skip_module(reader)
                snap.notes.append(f"key {place} in db {db}: a value of module {module} skipped")
                continue
            _value(reader, op, key)
            yield key


def _document(value: Any) -> Any:
    """A value with the JSON documents its texts hold whole read as those documents."""
    if isinstance(value, str):
        inner = embedded(value)
        return value if inner is None else inner
    if isinstance(value, list):
        return [_document(v) for v in value]
    if isinstance(value, dict):
        return {k: _document(v) for k, v in value.items()}
    return value


def _record(key: _Key) -> tuple[dict[str, Any], tuple[str, list[Any]] | None]:
    """A key's record, and the records its value wraps (the array's path and its
    elements), where it wraps some."""
    record: dict[str, Any] = {"db": key.db, "key": text(key.name), "type": key.type}
    if key.expires is not None:
        record["expires"] = instant(key.expires)
    value = _document(key.value)
    found = records_of({"value": value})
    if found is None:
        record["value"] = value
        wrapped = None
    else:
        path, items, rest = found
        record.update(rest)
        wrapped = (path, items)
    if key.field_expires:
        record["field_expires"] = key.field_expires
    return record, wrapped


def _child(key: _Key) -> ChildFile | None:
    """A string key's value as a file of its own, where it holds one of
    :data:`CHILD_TYPES` (not JSON: that is read in the record), named by the key's place
    and name (``key3-PHPREDIS_SESSION_9f3a``)."""
    if len(key.stored) < 8 or embedded(key.value) is not None:
        return None
    if not _CONTROLS.search(key.value, 0, 256) and not _TEXT_FILE.match(key.stored):
        return None  # (text, and none that opens a file)
    name = f"key{key.place}-{_NAME.sub('_', text(key.name))[:80]}"
    if sniff_bytes(key.stored, name).value not in CHILD_TYPES:
        return None
    return ChildFile(name, key.stored)


def _version(data: bytes) -> int:
    """The RDB version the file's magic names (:class:`ExtractError` where it names
    none)."""
    digits = data[5:9]
    if not data.startswith(MAGIC) or len(digits) < 4 or not digits.isdigit():
        raise ExtractError("not a Redis RDB file (no 'REDIS' and version)")
    version = int(digits)
    if version < 1:
        raise ExtractError(f"unknown Redis RDB version {version}")
    return version


def _info(aux: list[tuple[str, str]], path: str, limit: int) -> Iterator[TextUnit]:
    """The AUX fields as the text part ``info``, ``name: value`` per line, in units of
    at most ``limit`` characters."""
    body = "\n".join(f"{name}: {value}" for name, value in aux)
    step = max(1, limit)
    line = 1
    for start in range(0, len(body), step):
        piece = body[start : start + step]
        yield TextUnit(Location(path, part="info"), piece, start, line)
        line += piece.count("\n")


class RedisRdbExtractor(Extractor):
    """A Redis snapshot's keys as records, its AUX fields as text."""

    id: ClassVar[str] = "redis-rdb"
    types: ClassVar[frozenset[str]] = frozenset({"redis-rdb"})
    structured: ClassVar[bool] = True

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        data = source.read_document(config.batch_bytes, "Redis RDB file")
        snap = _Snapshot(_version(data))
        where = Location(source.path)
        if snap.version > NEWEST:
            yield Note(where, f"RDB version {snap.version}, newer than {NEWEST}: read as it")
        reader = _Reader(data, LZF_SHARE * config.batch_bytes)
        reader.pos = 9
        chunker = PeopleChunker(where, config.max_table_rows_per_unit)
        row = 0
        stopped: str | None = None
        try:
            for key in _keys(reader, snap):
                row = key.place
                yield from self._key(source.path, key, config, chunker)
        except RecursionError:
            stopped = f"a value nested too deeply after key {row}"
        except _Unreadable as exc:
            stopped = str(exc)
        except RdbError as exc:
            if not row and not snap.aux:
                raise ExtractError(f"unreadable Redis RDB file ({exc})") from None
            stopped = f"after key {row}: {exc}"
        yield from chunker.flush()
        yield from _info(snap.aux, source.path, config.max_text_unit_chars)
        for note in snap.notes:
            yield Note(where, note)
        if stopped is not None:
            yield Note(where, f"Redis RDB reading stopped ({stopped})")
        elif not snap.ended:
            yield Note(where, f"Redis RDB file ends before its end marker (after key {row})")

    def _key(
        self, path: str, key: _Key, config: Config, chunker: PeopleChunker
    ) -> Iterator[Extracted]:
        """One key's record (and the records its value wraps, in a part of their own)."""
        row = key.place
        child = _child(key)
        if child is not None:
            yield child
            key.value = None
        record, wrapped = _record(key)
        yield from record_rows(chunker, path, row, record)
        if wrapped is not None:
            array, items = wrapped
            part = f"{record['key']}.{array}"
            inner = PeopleChunker(Location(path, part), config.max_table_rows_per_unit)
            for number, item in enumerate(items, 1):
                yield from record_rows(inner, path, number, item)
            yield from inner.flush()
        if key.more:
            yield Note(
                Location(path, row=row),
                f"key {row}: {key.more} elements beyond the first {MAX_ELEMENTS} not read",
            )
