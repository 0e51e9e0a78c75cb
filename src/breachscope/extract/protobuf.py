"""Protocol Buffers messages stored without their schema: an Android app's Jetpack
DataStore (``files/datastore/*.preferences_pb``, a practice tablet's settings and the
patient it last registered), a Proto DataStore (``*.pb``: an app's own message), a
length-delimited stream of messages (``writeDelimitedTo``: a varint length before each,
an app's offline queue, a capture's payloads) and a dump of one message (``.proto.bin``,
``.pb``). The wire format is read here with the standard library
(:mod:`breachscope.ingest.protowire`); the ``protobuf`` package is not needed, and no
``.proto`` schema is known, but DataStore's.

Records as JSON's are (:func:`breachscope.extract.json.document_units`): one message is
one document (its repeated messages that hold most of its values a part of records, as a
JSON document's array), a stream a record per message, ``row`` = its 1-based place.

* A Preferences DataStore file is read by its schema (androidx's ``preferences.proto``:
  ``PreferenceMap`` of map entries, field 1, each a key (1) and a ``Value`` (2) whose one
  field is a boolean 1, float 2, int32 3, int64 4, string 5, string set 6 (its strings in
  field 1), double 7 or bytes 8): one record of key -> value (``patient_naam``; a set's
  strings ``tags.0``, ``tags.1``). A file is read so where it holds nothing else, whatever
  its name.
* Any other message is read at dotted paths of field numbers (``1.2``); a field that
  occurs more than once is a list (``3.0.1``: the second field 1 in the first field 3).
* A varint is its unsigned value, or the signed one where it reads as a negative two's
  complement int64 (2**63 and over; an int32 below zero is written so too). Zigzag
  (``sint32``) is not guessed. Booleans and enums stay numbers. A 64-bit field is a
  double, and a 32-bit field a float, only where its bits make a plausible one: finite,
  its size between :data:`DOUBLE_RANGE` (:data:`FLOAT_RANGE`) and the number written with
  at most :data:`DOUBLE_DIGITS` (:data:`FLOAT_DIGITS`) significant digits, as people and
  instruments write them (37.2, 52.370216); else it is an integer, signed where its top
  bit is set (``sfixed64 -5``, not 18446744073709551611). Numbers are never read as times:
  the detectors read epoch milliseconds themselves.
* A length-delimited field is text, a nested message, a file, packed numbers or bytes
  (:func:`_length_delimited`). Text: valid UTF-8 with at most :data:`TEXT_CONTROLS` of
  its characters control characters (tab and line breaks aside); a text that holds a
  JSON document whole is read as it. A nested message: bytes that scan to their end
  with field numbers up to :data:`GUESS_MAX_NUMBER`, at least one field. Bytes that are
  both are the text, unless the message holds nothing but texts or holds its bytes
  mostly (:data:`MESSAGE_TEXT`) as text: ``"\\n("`` and forty characters is field 1
  holding them, ``"08"`` (field 6, 56) stays text. Bytes that are neither: a file of
  one of :data:`CHILD_TYPES` (a PDF, a photo, a zip) is a child file, named by its path
  (``field-4.1``; ``message3-field-4.1`` in a stream); else packed varints, where the
  bytes read whole as varints in their shortest form, at most :data:`PACKED_BYTES`
  bytes to a value (packed fixed-width numbers are not guessed); other bytes are left
  out, counted in a note.
* Groups (wire types 3 and 4, proto2's obsolete nesting) are read as nested messages.

Which reading of the file (:func:`breachscope.ingest.protowire.layout`): one message
that scans to its end; else a stream that does; else one message cut short (its fields
before the damage, where they fill at least half the file) or a stream's messages before
the damage (one where the file ends inside the next, else two at least), where what is
kept holds a text, with a note; else an :class:`ExtractError` (random bytes, NULs).

Bounded: read whole up to ``Config.batch_bytes``; every length is checked against the
bytes left; nesting at most :data:`~breachscope.ingest.protowire.MAX_DEPTH` deep (deeper
length-delimited fields are not tried as messages, with a note); at most
:data:`~breachscope.ingest.protowire.MAX_FIELDS` fields scanned (a stream's messages
after them are left, with a note; a message of more is an :class:`ExtractError`).
"""

from __future__ import annotations

import math
import re
import struct
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, ClassVar

from breachscope.config import Config
from breachscope.extract.base import ChildFile, Extracted, ExtractError, Extractor, Note, Source
from breachscope.extract.json import document_units, embedded, plain, record_rows
from breachscope.extract.otherpeople import PeopleChunker
from breachscope.ingest.filetype import sniff_bytes
from breachscope.ingest.protowire import (
    FIXED32,
    FIXED64,
    GROUP,
    LEN,
    MAX_DEPTH,
    MAX_FIELDS,
    VARINT,
    Budget,
    Field,
    TooManyFields,
    WireError,
    layout,
    scan,
    scan_prefix,
    varint,
)
from breachscope.location import Location

GUESS_MAX_NUMBER = 1 << 16
"""Largest field number of a nested message guessed without a schema: an app's messages
number their fields in the tens, and the bound makes binary data far less likely to pass
for a message."""
TEXT_CONTROLS = 0.05
"""Largest share of control characters (but tab and line breaks) in a text."""
MESSAGE_TEXT = 0.5
"""Share of its bytes that a value readable as text and as a message must hold as text
inside the message to be read as the message."""
PACKED_BYTES = 1.5
"""Most bytes per value of packed varints (small numbers: codes, counts, a date's parts;
random bytes take two)."""
DOUBLE_DIGITS, FLOAT_DIGITS = 12, 6
"""Most significant digits of a plausible double and float."""
DOUBLE_RANGE, FLOAT_RANGE = (1e-9, 1e15), (1e-6, 1e9)
"""Sizes (absolute values) of a plausible double and float."""
MIN_CHILD_BYTES = 64
"""Fewest bytes of a value sniffed as a file of its own."""
CHILD_TYPES = frozenset(
    {"pdf", "image", "zip", "xlsx", "docx", "pptx", "ods", "odt", "gzip", "bzip2", "xz"}
    | {"zstd", "7z", "sqlite", "xls", "doc", "msg", "dicom", "bson", "cbor", "plist"}
)
"""Detected types of a bytes value read as a child file (a scanned form, a photo, a
zipped export an app keeps in a message)."""
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_NAME = re.compile(r"[^\w.\-]+")
_VALUE_WIRES = {1: VARINT, 2: FIXED32, 3: VARINT, 4: VARINT, 5: LEN, 6: LEN, 7: FIXED64, 8: LEN}
"""A DataStore ``Value``'s fields and their wire types (``preferences.proto``)."""


@dataclass
class _Reading:
    """One file being read: its bytes, the fields it may still scan, the child files and
    the counts its notes report."""

    data: bytes
    budget: Budget = field(default_factory=Budget)
    prefix: str = ""
    """What names the message a child file is found in (``message3-`` in a stream)."""
    children: list[ChildFile] = field(default_factory=list)
    binary: int = 0
    """Length-delimited values left out: neither text, a message, a file nor numbers."""
    shallow: int = 0
    """Length-delimited values too deep to be tried as messages."""


def _signed(value: int, bits: int) -> int:
    """``value`` as a two's complement integer of ``bits`` where its top bit is set."""
    return value - (1 << bits) if value >> (bits - 1) else value


def _real(raw: bytes, digits: int, sizes: tuple[float, float]) -> float | None:
    """The double (eight bytes) or float (four) ``raw`` holds where it is plausible: finite,
    within ``sizes`` and the same number written with at most ``digits`` significant
    digits (that shortest writing); else None."""
    form = "<d" if len(raw) == 8 else "<f"
    (value,) = struct.unpack(form, raw)
    if not math.isfinite(value) or not sizes[0] <= abs(value) < sizes[1]:
        return None
    return _shortest(value, form, raw, digits)


def _shortest(value: float, form: str, raw: bytes, digits: int) -> float | None:
    """``value`` written with the fewest significant digits (up to ``digits``) that give
    back its bits ``raw``, or None."""
    for n in range(1, digits + 1):
        short = float(f"{value:.{n}g}")
        if struct.pack(form, short) == raw:
            return short
    return None


def _fixed(raw: bytes) -> int | float:
    """A 64-bit or 32-bit field: a plausible double or float, else its integer."""
    eight = len(raw) == 8
    real = _real(raw, *((DOUBLE_DIGITS, DOUBLE_RANGE) if eight else (FLOAT_DIGITS, FLOAT_RANGE)))
    if real is not None:
        return real
    return _signed(int.from_bytes(raw, "little"), len(raw) * 8)


def _text(raw: bytes) -> str | None:
    """``raw`` as text: valid UTF-8 with few control characters (:data:`TEXT_CONTROLS`)."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if len(_CONTROLS.findall(text)) > TEXT_CONTROLS * len(text):
        return None
    return text


def _text_bytes(value: Any) -> int:
    """The UTF-8 bytes of the texts in a value read (its strings, in its lists and
    messages)."""
    if isinstance(value, str):
        return len(value.encode("utf-8"))
    if isinstance(value, dict):
        return sum(_text_bytes(v) for v in value.values())
    if isinstance(value, list):
        return sum(_text_bytes(v) for v in value)
    return 0


def _only_text(value: Any) -> bool:
    """Whether a value read holds nothing but texts (in messages and lists)."""
    if isinstance(value, str):
        return True
    if isinstance(value, dict):
        return all(_only_text(v) for v in value.values())
    if isinstance(value, list):
        return all(_only_text(v) for v in value)
    return False


def _packed(raw: bytes, budget: Budget) -> list[int] | None:
    """``raw`` as packed varints: whole, each in its shortest form, at most
    :data:`PACKED_BYTES` bytes to a value; else None."""
    values: list[int] = []
    pos = 0
    while pos < len(raw):
        try:
            value, after = varint(raw, pos, len(raw))
        except WireError:
            return None
        if after - pos > 1 and raw[after - 1] == 0:
            return None  # (a longer form than needed: no encoder writes it)
        budget.take()
        values.append(_signed(value, 64))
        pos = after
    if len(raw) > PACKED_BYTES * len(values):
        return None
    return values


def _message(r: _Reading, fields: list[Field], path: str, depth: int) -> dict[str, Any]:
    """A message's fields as ``{number: value}`` (a list where the number repeats)."""
    grouped: dict[int, list[Field]] = {}
    for f in fields:
        grouped.setdefault(f[0], []).append(f)
    out: dict[str, Any] = {}
    for number, same in grouped.items():
        key = f"{path}.{number}" if path else str(number)
        if len(same) == 1:
            out[str(number)] = _value(r, same[0], key, depth)
        else:
            out[str(number)] = [_value(r, f, f"{key}.{i}", depth) for i, f in enumerate(same)]
    return out


def _value(r: _Reading, f: Field, path: str, depth: int) -> Any:
    """One field's value, read as the module says (``path``: its dotted path)."""
    _, wire, a, b = f
    if wire == VARINT:
        return _signed(a, 64)
    if wire in (FIXED64, FIXED32):
        return _fixed(r.data[a:b])
    if wire == GROUP:
        return _message(r, scan(r.data, a, b, r.budget, depth=depth + 1), path, depth + 1)
    return _length_delimited(r, a, b, path, depth)


def _length_delimited(r: _Reading, a: int, b: int, path: str, depth: int) -> Any:
    """A length-delimited value ``data[a:b]``: text, a nested message, a child file,
    packed numbers or nothing (bytes), tried in that order (see the module)."""
    raw = r.data[a:b]
    if not raw:
        return ""
    text = _text(raw)
    if depth + 1 < MAX_DEPTH:
        message = _nested(r, a, b, path, depth + 1, text is not None)
        if message is not None:
            return message
    elif text is None:
        r.shallow += 1  # (a hostile nesting: bounded, not guessed further)
        return None
    if text is not None:
        inner = embedded(text)
        return text if inner is None else inner
    if len(raw) >= MIN_CHILD_BYTES and sniff_bytes(raw).value in CHILD_TYPES:
        r.children.append(ChildFile(f"{r.prefix}field-{_NAME.sub('_', path)}", raw))
        return None
    packed = _packed(raw, r.budget)
    if packed is not None:
        return packed
    r.binary += 1
    return None


def _nested(r: _Reading, a: int, b: int, path: str, depth: int, text: bool) -> Any:
    """``data[a:b]`` read as a nested message, or None where it is none (or is ``text``
    whose message reading does not hold it mostly as text)."""
    try:
        fields = scan(r.data, a, b, r.budget, GUESS_MAX_NUMBER, depth)
    except WireError:
        return None
    if not fields:
        return None
    children, binary, shallow = len(r.children), r.binary, r.shallow
    message = _message(r, fields, path, depth)
    if text and not _only_text(message) and _text_bytes(message) < MESSAGE_TEXT * (b - a):
        del r.children[children:]  # (the text reading wins: what the message found goes)
        r.binary, r.shallow = binary, shallow
        return None
    return message


def _preferences(r: _Reading, fields: list[Field]) -> dict[str, Any] | None:
    """A Preferences DataStore's ``PreferenceMap`` read by its schema, ``{key: value}``;
    None where the message is another (a field that is not a map entry of a text key
    and a ``Value`` of the schema's fields)."""
    prefs: dict[str, Any] = {}
    for number, wire, a, b in fields:
        if number != 1 or wire != LEN:
            return None
        try:
            entry = scan(r.data, a, b, r.budget)
            key: str | None = None
            value: list[Field] | None = None
            for n, w, x, y in entry:
                if (n, w) == (1, LEN):
                    key = r.data[x:y].decode("utf-8")
                elif (n, w) == (2, LEN):
                    value = scan(r.data, x, y, r.budget)
                else:
                    return None
            if key is None or value is None:
                return None
            if any(_VALUE_WIRES.get(n) != w for n, w, _, _ in value):
                return None
            prefs[key] = _preference(r, value, key)
        except (WireError, UnicodeDecodeError):
            return None
    return prefs


def _preference(r: _Reading, fields: list[Field], key: str) -> Any:
    """A DataStore ``Value`` (its last field: a ``oneof``) as its type reads."""
    if not fields:
        return None
    number, _, a, b = fields[-1]
    raw = r.data[a:b]
    if number == 1:
        return a != 0
    if number in (2, 7):
        (value,) = struct.unpack("<f" if number == 2 else "<d", raw)
        if number == 2 and math.isfinite(value):
            value = _shortest(value, "<f", raw, 9) or value
        return value if math.isfinite(value) else str(value)
    if number in (3, 4):
        return _signed(a & 0xFFFFFFFF, 32) if number == 3 else _signed(a, 64)
    if number == 5:
        text = raw.decode("utf-8")
        inner = embedded(text)
        return text if inner is None else inner
    if number == 6:
        strings = scan(r.data, a, b, r.budget)
        return [r.data[x:y].decode("utf-8") for n, w, x, y in strings if (n, w) == (1, LEN)]
    as_text = _text(raw)  # (bytes, 8)
    if as_text is not None:
        return as_text
    if len(raw) >= MIN_CHILD_BYTES and sniff_bytes(raw).value in CHILD_TYPES:
        r.children.append(ChildFile(f"preference-{_NAME.sub('_', key)[:80]}", raw))
    else:
        r.binary += 1
    return None


class ProtobufExtractor(Extractor):
    """Protocol Buffers messages without their schema: a DataStore's preferences, one
    message, or a length-delimited stream of them."""

    id: ClassVar[str] = "protobuf"
    types: ClassVar[frozenset[str]] = frozenset({"protobuf"})
    structured: ClassVar[bool] = True

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        data = source.read_document(config.batch_bytes, "Protocol Buffers file")
        r = _Reading(data)
        try:
            found = layout(data, r.budget)
            if found is None:
                raise ExtractError(f"no Protocol Buffers message ({_why(data)})")
            if found.messages is None:
                yield from _one(r, source.path, found.fields, config)
            else:
                yield from _stream(r, source.path, found.messages, config)
        except TooManyFields:
            raise ExtractError(f"more than {MAX_FIELDS} fields") from None
        if found.broke is not None:
            yield Note(Location(source.path), found.broke)
        yield from r.children
        yield from _notes(r, source.path)


def _why(data: bytes) -> str:
    """Why ``data`` read as one message breaks (a place and a kind, never a value)."""
    return scan_prefix(data, 0, len(data), Budget())[1] or "no field"


def _one(r: _Reading, path: str, fields: list[Field], config: Config) -> Iterator[Extracted]:
    """One message (a DataStore's preferences, or any other) as a document."""
    prefs = _preferences(r, fields)
    value = prefs if prefs is not None else _message(r, fields, "", 0)
    chunker = PeopleChunker(Location(path), config.max_table_rows_per_unit)
    yield from document_units(path, plain(value), config, chunker)
    yield from chunker.flush()


def _stream(
    r: _Reading, path: str, messages: list[tuple[int, int]], config: Config
) -> Iterator[Extracted]:
    """A length-delimited stream: a record per message that holds any field, ``row`` =
    its place; where the fields run out, the messages after are left with a note."""
    chunker = PeopleChunker(Location(path), config.max_table_rows_per_unit)
    for row, (a, b) in enumerate(messages, 1):
        r.prefix = f"message{row}-"
        try:
            value = _message(r, scan(r.data, a, b, r.budget), "", 0)
        except TooManyFields:
            yield Note(Location(path, row=row), f"more than {MAX_FIELDS} fields: not read")
            break
        if value:
            yield from record_rows(chunker, path, row, plain(value))
    yield from chunker.flush()


def _notes(r: _Reading, path: str) -> Iterator[Note]:
    """The notes of what was left out: binary values, values too deep."""
    if r.binary:
        yield Note(Location(path), f"{r.binary} bytes values (no text, message or file) left out")
    if r.shallow:
        yield Note(
            Location(path), f"{r.shallow} values deeper than {MAX_DEPTH} not read as messages"
        )
