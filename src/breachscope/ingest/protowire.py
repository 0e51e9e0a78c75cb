"""The Protocol Buffers wire format, scanned without a schema: what the sniffer and the
reader (:mod:`breachscope.extract.protobuf`) share.

A message is a run of fields, each a tag and a value. The tag is a varint, ``number << 3 |
wire type``; the wire types are 0 (a varint: 7 bits a byte, least significant first, the
high bit set on every byte but the last, ten bytes at most), 1 (eight bytes, little
endian: a ``fixed64``, ``sfixed64`` or ``double``), 2 (a varint length and that many
bytes: a string, bytes, a nested message or packed numbers), 3 and 4 (the start and end
of a group, proto2's obsolete nesting: read, the end matched with the start's number) and
5 (four bytes: a ``fixed32``, ``sfixed32`` or ``float``); 6 and 7 do not exist. Field
numbers run from 1 to 2**29 - 1; 19000 to 19999 are reserved to the implementation and
never written. Checked against protobuf's encoding documentation (protobuf.dev,
"Encoding") and its ``wire_format`` sources.

A scan (:func:`scan`) only splits a message into its fields, each ``(number, wire type,
a, b)``: for a varint its value and 0, for the others the byte range of the value (a
group's: the fields between its start and end). Every length is checked against the
bytes left, every varint against its ten bytes, groups nest at most :data:`MAX_DEPTH`
deep and one :class:`Budget` bounds the fields scanned in all. Nothing is copied.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_NUMBER = (1 << 29) - 1
"""The largest field number the format allows."""
RESERVED = range(19000, 20000)
"""Field numbers reserved to protobuf's implementation: a message never holds them."""
MAX_DEPTH = 20
"""Deepest nesting read (groups, and messages inside length-delimited fields)."""
MAX_FIELDS = 2_000_000
"""Most fields scanned in one file (a file of more is read up to them)."""
VARINT, FIXED64, LEN, GROUP, END_GROUP, FIXED32 = 0, 1, 2, 3, 4, 5
"""The wire types."""
SUFFIXES = (".preferences_pb", ".pb", ".protobuf", ".proto.bin")
"""Names that a file of Protocol Buffers messages is sniffed by (with its bytes): a
Preferences DataStore's, a Proto DataStore's or a dump's."""

Field = tuple[int, int, int, int]
"""``(number, wire type, a, b)``: a varint's value and 0, else the value's byte range."""


class WireError(ValueError):
    """Bytes that are no message (the message names places and kinds, never a value)."""


class TooManyFields(Exception):
    """More than :data:`MAX_FIELDS` fields scanned: the reading ends (not a wire error)."""


@dataclass
class Budget:
    """Fields still to be scanned in one file."""

    left: int = MAX_FIELDS

    def take(self) -> None:
        """Count one field scanned."""
        self.left -= 1
        if self.left < 0:
            raise TooManyFields(f"more than {MAX_FIELDS} fields")


class VarintError(ValueError):
    """A varint that runs to its bytes' end (``cut``) or past the bytes it may take."""

    def __init__(self, cut: bool) -> None:
        super().__init__("varint cut short" if cut else "varint too long")
        self.cut = cut


def leb128(data: bytes, pos: int, end: int, max_bytes: int = 10) -> tuple[int, int]:
    """The unsigned varint at ``pos`` (LEB128, as protobuf, LevelDB, git's deltas and
    Kafka write it: 7 bits a byte, least significant first, the high bit saying more
    follow), read before ``end`` in at most ``max_bytes``, and the position after it; a
    :class:`VarintError` where it does not end there."""
    value = shift = 0
    for i in range(pos, min(end, pos + max_bytes)):
        byte = data[i]
        value |= (byte & 0x7F) << shift
        if byte < 0x80:
            return value, i + 1
        shift += 7
    raise VarintError(cut=end - pos < max_bytes)


def varint(data: bytes, pos: int, end: int) -> tuple[int, int]:
    """The varint at ``pos`` (before ``end``) and the position after it."""
    if pos < end and data[pos] < 0x80:
        return data[pos], pos + 1  # (most tags and lengths: one byte)
    try:
        value, after = leb128(data, pos, end)
    except VarintError as exc:
        what = "cut short" if exc.cut else "longer than ten bytes"
        raise WireError(f"varint {what} at byte {pos}") from None
    if value >> 64:
        raise WireError(f"varint over 64 bits at byte {pos}")
    return value, after


def scan(
    data: bytes,
    start: int,
    end: int,
    budget: Budget,
    max_number: int = MAX_NUMBER,
    depth: int = 0,
) -> list[Field]:
    """The fields of the message in ``data[start:end]``, to its end (a :class:`WireError`
    where any is not one: a field number out of ``1..max_number`` or reserved, a wire
    type 6 or 7, a value past ``end``, a group not closed or closed without its start)."""
    return _fields(data, start, end, budget, max_number, depth, None)[0]


def scan_prefix(
    data: bytes, start: int, end: int, budget: Budget, max_number: int = MAX_NUMBER
) -> tuple[list[Field], str | None, int]:
    """The fields of ``data[start:end]`` up to the first that is not one: the fields, why
    the scan stopped (None: it reached the end) and the byte the broken field starts at."""
    fields: list[Field] = []
    pos = start
    while pos < end:
        try:
            field, after = _field(data, pos, end, budget, max_number, 0, None)
        except WireError as exc:
            return fields, str(exc), pos
        if field is None:
            return fields, f"an end of group without its start at byte {pos}", pos
        fields.append(field)
        pos = after
    return fields, None, end


def _fields(
    data: bytes,
    pos: int,
    end: int,
    budget: Budget,
    max_number: int,
    depth: int,
    group: int | None,
) -> tuple[list[Field], int, int]:
    """The fields from ``pos`` to ``end`` (or to the end of group ``group``), where they
    end and the position after them (after the group's end)."""
    fields: list[Field] = []
    while pos < end:
        field, after = _field(data, pos, end, budget, max_number, depth, group)
        if field is None:
            return fields, pos, after  # (the group's end)
        fields.append(field)
        pos = after
    if group is not None:
        raise WireError(f"group {group} not closed")
    return fields, pos, pos


def _field(
    data: bytes,
    pos: int,
    end: int,
    budget: Budget,
    max_number: int,
    depth: int,
    group: int | None,
) -> tuple[Field | None, int]:
    """The field at ``pos`` and the position after it; None for the end of ``group``."""
    at = pos
    tag, pos = varint(data, pos, end)
    number, wire = tag >> 3, tag & 7
    if wire == END_GROUP:
        if number == group:
            return None, pos
        raise WireError(f"an end of group without its start at byte {at}")
    if not 1 <= number <= max_number or number in RESERVED:
        raise WireError(f"field number out of range at byte {at}")
    budget.take()
    if wire == VARINT:
        value, pos = varint(data, pos, end)
        return (number, wire, value, 0), pos
    if wire in (FIXED64, FIXED32):
        size = 8 if wire == FIXED64 else 4
        if end - pos < size:
            raise WireError(f"fixed-width value cut short at byte {at}")
        return (number, wire, pos, pos + size), pos + size
    if wire == LEN:
        length, pos = varint(data, pos, end)
        if length > end - pos:
            raise WireError(f"length past the end at byte {at}")
        return (number, wire, pos, pos + length), pos + length
    if wire == GROUP:
        if depth >= MAX_DEPTH:
            raise WireError(f"groups nested deeper than {MAX_DEPTH} at byte {at}")
        _, inner_end, after = _fields(data, pos, end, budget, max_number, depth + 1, number)
        return (number, wire, pos, inner_end), after
    raise WireError(f"wire type {wire} at byte {at}")


def delimited(data: bytes, budget: Budget) -> tuple[list[tuple[int, int]], str | None, bool]:
    """The byte ranges of the messages of a length-delimited stream (``writeDelimitedTo``:
    a varint length before each), each scanned whole, up to the first that breaks; why
    it broke (None: the stream reached the end) and whether only because the file ends
    inside it (a stream cut short: its length runs past the end)."""
    out: list[tuple[int, int]] = []
    pos = 0
    while pos < len(data):
        try:
            length, start = varint(data, pos, len(data))
        except WireError as exc:
            return out, f"message {len(out) + 1}: {exc}", len(data) - pos < 10
        try:
            if length > len(data) - start:
                return out, f"message {len(out) + 1}: length past the end at byte {pos}", True
            scan(data, start, start + length, budget)
        except WireError as exc:
            return out, f"message {len(out) + 1}: {exc}", False
        out.append((start, start + length))
        pos = start + length
    return out, None, False


@dataclass
class Layout:
    """How a file's bytes read: one message (its top-level fields) or a length-delimited
    stream (its messages' byte ranges), and why the reading stopped early (None: it did
    not)."""

    fields: list[Field]
    messages: list[tuple[int, int]] | None
    """A stream's messages; None for one message."""
    broke: str | None = None


def layout(data: bytes, budget: Budget, complete: bool = True) -> Layout | None:
    """How ``data`` (the whole file when ``complete``, else its head) reads, or None where
    it holds no message: one message that scans to the end; else a stream that does (a
    message with a field in it at least); else, where the file is whole, one message
    broken where at least two fields fill half the file, a stream cut short after a
    message or broken after two; where it is a head, one message or a stream whose last
    field or message the head cuts. A reading broken so is only taken where its fields
    hold a text (:func:`_texts`)."""
    fields, broke, at = scan_prefix(data, 0, len(data), budget)
    if broke is None and fields:
        return Layout(fields, None)
    messages, ended, cut = delimited(data, budget)
    found = sum(1 for a, b in messages if a < b)
    if found and ended is None:
        return Layout([], messages)
    whole = complete and len(fields) >= 2 and at * 2 >= len(data)
    if (whole or (not complete and fields and _cut(data, at))) and _texts(data, fields):
        return Layout(fields, None, f"message cut short ({broke})")
    if (
        found
        and (cut or (complete and found >= 2))
        and any(_texts(data, scan(data, a, b, Budget())) for a, b in messages)
    ):
        return Layout([], messages, f"stream reading stopped ({ended})")
    return None


MIN_TEXT = 4
"""Fewest bytes of the text that a reading broken by damage must hold."""
_TEXT_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _texts(data: bytes, fields: list[Field], depth: int = 0) -> bool:
    """Whether ``fields`` (or the fields of a message one of them holds, one level down)
    hold a text of :data:`MIN_TEXT` bytes or more: valid UTF-8 without control characters.
    A reading that damage breaks is only taken with it (random bytes break late too: a
    large length skips over them)."""
    for _, wire, a, b in fields:
        if wire != LEN or b - a < MIN_TEXT:
            continue
        try:
            if not _TEXT_CONTROLS.search(data[a:b].decode("utf-8")):
                return True
        except UnicodeDecodeError:
            pass
        if depth == 0:
            try:
                inner = scan(data, a, b, Budget())
            except WireError:
                continue
            if _texts(data, inner, 1):
                return True
    return False


def is_protobuf(head: bytes, complete: bool, name: str) -> bool:
    """Whether ``head`` (the whole file when ``complete``) is a file of Protocol Buffers
    messages: a name that says so (:data:`SUFFIXES`) and bytes that read as one message,
    or as a length-delimited stream of them (:func:`layout`). No other file is claimed:
    random bytes scan as a short message too often."""
    if not name.lower().endswith(SUFFIXES) or not head:
        return False
    try:
        return layout(head, Budget(), complete) is not None
    except TooManyFields:
        return True  # (a head of this many fields that all scan is one)


def _cut(head: bytes, at: int) -> bool:
    """Whether the field at ``at`` breaks only where the head ends: its value (or its
    tag) runs past the head."""
    try:
        _field(head, at, len(head) + (1 << 40), Budget(), MAX_NUMBER, 0, None)
    except (WireError, IndexError):
        return False
    return True
