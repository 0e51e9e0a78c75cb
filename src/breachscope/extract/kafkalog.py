"""Apache Kafka log segments (``00000000000000004812.log`` in a topic's partition folder
``lims.uitslag.v3-0``: the messages a broker holds, a LIMS's published results), read
with a parser of the format written here with the standard library, checked against
Kafka's documentation of its message format (``implementation/message-format``).

A segment is a run of record batches of message format 2 (Kafka 0.11 on), big-endian:
the batch's first offset, its length, the partition leader's epoch, the magic 2, a
CRC-32C (:func:`breachscope.ingest.leveldbhead.crc32c`) of what follows it, checked
here, the attributes (compression in bits 0 to 2, the timestamp's type, a control batch),
the last offset's delta, the first and largest timestamps, the producer's id, epoch and
sequence, the count of records and the records: each a zigzag varint length, attributes,
timestamp and offset deltas, key, value and headers, their lengths zigzag varints (-1 a
null). Records compressed with gzip or zstd are read (with ``zstandard``); snappy and lz4
are not, each such batch named in a note. A control batch (a transaction's marker) holds
no one's data and is passed over.

Each record is a row, ``row`` = its 1-based place in the segment, read as JSON's records
are (:func:`breachscope.extract.json.record_rows`): ``offset``, ``timestamp`` (an ISO
instant), ``key``, ``value`` and each header at ``headers.<name>`` (a name twice
``headers.<name> (2)``). Keys and values are read as UTF-8 (bytes that are none as
replacement characters); a value that holds a JSON document (an event a service
published) is read at its paths below ``value`` (``value.patient.bsn``), as JSON held in
a record's string is.

Read batch by batch from the file: a batch's length is checked against the bytes left
and ``Config.batch_bytes``, its records' lengths against the batch; a batch cut short or
damaged ends the reading with a note, the records before it kept. The zeros a broker
preallocates after the last batch end it quietly. An older segment's message sets
(formats 0 and 1, Kafka before 0.11) are not read: a note says so.
"""

from __future__ import annotations

import datetime as dt
import gzip
import io
import zlib
from collections.abc import Iterator
from typing import Any, BinaryIO, ClassVar

from breachscope.config import Config
from breachscope.extract.base import Extracted, ExtractError, Extractor, Note, Source
from breachscope.extract.json import record_rows
from breachscope.extract.otherpeople import PeopleChunker
from breachscope.ingest.leveldbhead import crc32c
from breachscope.ingest.protowire import VarintError, leb128
from breachscope.location import Location

LOG_OVERHEAD = 12
"""A batch's first offset (8 bytes) and length (4): its length counts what follows."""
BATCH_HEADER = 61
"""A batch's fixed fields, from its first offset to its count of records."""
MAGIC_AT = 16
CRC_FROM = 21
"""Where the bytes a batch's CRC-32C covers start (its attributes)."""
_CODECS = {0: "none", 1: "gzip", 2: "snappy", 3: "lz4", 4: "zstd"}
_CONTROL = 0x20
_LOG_APPEND_TIME = 0x08
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


class KafkaError(ValueError):
    """Bytes that are not a segment's (the message names places, never a value)."""


def _instant(millis: int) -> str:
    """Milliseconds since 1970 as an ISO instant (the number where no date holds it)."""
    try:
        moment = _EPOCH + dt.timedelta(milliseconds=millis)
    except OverflowError:
        return str(millis)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


class _Records:
    """A batch's records' bytes and a position in them; every read checks the bytes
    left."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0

    def varint(self) -> int:
        """A zigzag varint (of at most 10 bytes, a varlong's)."""
        try:
            value, self.pos = leb128(self.data, self.pos, len(self.data))
        except VarintError as exc:
            what = "runs past its batch" if exc.cut else "longer than 10 bytes"
            raise KafkaError(f"a record's number {what}") from None
        return (value >> 1) ^ -(value & 1)

    def take(self, n: int) -> bytes:
        if n < 0 or n > len(self.data) - self.pos:
            raise KafkaError("a record's field runs past its batch")
        out = self.data[self.pos : self.pos + n]
        self.pos += n
        return out

    def field(self) -> bytes | None:
        """A field after its length (-1: null)."""
        size = self.varint()
        return None if size == -1 else self.take(size)


def _text(value: bytes | None) -> str | None:
    return None if value is None else value.decode("utf-8", errors="replace")


def _record(reader: _Records, base: int, first_time: int, log_time: int | None) -> dict[str, Any]:
    """One record as a row: its offset, time, key, value and headers."""
    size = reader.varint()
    end = reader.pos + size
    if size < 0 or end > len(reader.data):
        raise KafkaError("a record runs past its batch")
    reader.take(1)  # (its attributes: unused)
    time_delta = reader.varint()
    offset_delta = reader.varint()
    key = reader.field()
    value = reader.field()
    headers: dict[str, str | None] = {}
    for _ in range(reader.varint()):
        name = _text(reader.field()) or ""
        label, n = name, 1
        while label in headers:
            n += 1
            label = f"{name} ({n})"
        headers[label] = _text(reader.field())
    if reader.pos != end:
        raise KafkaError("a record's fields do not fill its length")
    row: dict[str, Any] = {
        "offset": str(base + offset_delta),
        "timestamp": _instant(log_time if log_time is not None else first_time + time_delta),
        "key": _text(key),
        "value": _text(value),
    }
    if headers:
        row["headers"] = headers
    return row


def _inflate(codec: str, data: bytes, limit: int) -> bytes:
    """A batch's records decompressed (gzip or zstd), at most ``limit`` bytes."""
    import zstandard

    try:
        if codec == "gzip":
            with gzip.GzipFile(fileobj=io.BytesIO(data)) as fh:
                out = fh.read(limit + 1)
        else:
            with zstandard.ZstdDecompressor().stream_reader(io.BytesIO(data)) as reader:
                out = reader.read(limit + 1)
    except (OSError, EOFError, zlib.error, zstandard.ZstdError) as exc:
        raise KafkaError(f"{codec} records that do not decompress ({type(exc).__name__})") from None
    if len(out) > limit:
        raise KafkaError(f"{codec} records larger than {limit} bytes")
    return out


def _batches(fh: BinaryIO, limit: int) -> Iterator[tuple[int, bytes]]:
    """Each batch's position and bytes (its CRC-32C checked); the zeros a broker
    preallocated after the last end the reading."""
    at = 0
    while head := fh.read(LOG_OVERHEAD):
        if len(head) < LOG_OVERHEAD:
            raise KafkaError(f"file ends inside the batch at byte {at}")
        length = int.from_bytes(head[8:], "big", signed=True)
        if length == 0 and not any(head):
            return
        if length < BATCH_HEADER - LOG_OVERHEAD or length > limit:
            raise KafkaError(f"batch at byte {at} of a length not allowed")
        rest = fh.read(length)
        if len(rest) < length:
            raise KafkaError(f"file ends inside the batch at byte {at}")
        batch = head + rest
        magic = batch[MAGIC_AT]
        if magic != 2:
            raise KafkaError(f"batch at byte {at} of message format {magic}, not read")
        if crc32c(batch[CRC_FROM:]) != int.from_bytes(batch[17:21], "big"):
            raise KafkaError(f"checksum of the batch at byte {at} does not match")
        yield at, batch
        at += len(batch)


def _rows(at: int, batch: bytes, limit: int) -> Iterator[dict[str, Any]]:
    """A batch's records as rows (none for a control batch)."""
    attributes = int.from_bytes(batch[21:23], "big")
    if attributes & _CONTROL:
        return
    codec = _CODECS.get(attributes & 0x07)
    if codec is None or codec in ("snappy", "lz4"):
        raise _Unread(f"batch at byte {at}: {codec or 'unknown'} compression, not read")
    base = int.from_bytes(batch[:8], "big", signed=True)
    first_time = int.from_bytes(batch[27:35], "big", signed=True)
    max_time = int.from_bytes(batch[35:43], "big", signed=True)
    count = int.from_bytes(batch[57:61], "big", signed=True)
    data = batch[BATCH_HEADER:]
    if codec != "none":
        data = _inflate(codec, data, limit)
    reader = _Records(data)
    log_time = max_time if attributes & _LOG_APPEND_TIME else None
    for _ in range(max(count, 0)):
        yield _record(reader, base, first_time, log_time)
    if reader.pos != len(data):
        raise KafkaError(f"batch at byte {at} holds more than its {count} records")


class _Unread(Exception):
    """A batch whose records are not read (its compression): the next one is."""


class KafkaLogExtractor(Extractor):
    """A Kafka log segment's records as rows."""

    id: ClassVar[str] = "kafka-log"
    types: ClassVar[frozenset[str]] = frozenset({"kafka-log"})
    structured: ClassVar[bool] = True

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        where = Location(source.path)
        chunker = PeopleChunker(where, config.max_table_rows_per_unit)
        row = batches = 0
        stopped: str | None = None
        unread: list[str] = []
        with source.open() as fh:
            try:
                for at, batch in _batches(fh, config.batch_bytes):
                    batches += 1
                    try:
                        for record in _rows(at, batch, config.batch_bytes):
                            row += 1
                            yield from record_rows(chunker, source.path, row, record)
                    except _Unread as exc:
                        unread.append(str(exc))
            except KafkaError as exc:
                if not batches:
                    raise ExtractError(f"unreadable Kafka log segment ({exc})") from None
                stopped = f"after record {row}: {exc}"
        if not batches:
            raise ExtractError("Kafka log segment without batches")
        yield from chunker.flush()
        for reason in unread:
            yield Note(where, reason)
        if stopped is not None:
            yield Note(where, f"Kafka log reading stopped ({stopped})")
