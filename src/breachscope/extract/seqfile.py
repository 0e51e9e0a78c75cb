"""Hadoop SequenceFiles (``part-m-00000`` under ``/user/sqoop/bvo_patient_uitslag``: a
Sqoop import of a table into HDFS, a MapReduce job's output), read with a parser of the
format written here with the standard library, checked against Hadoop's
``SequenceFile.java`` and ``WritableUtils.java``; nothing a class name names is loaded.

A file opens with ``SEQ`` and its version (4 to 6 read), the key's and the value's
class names, whether values are compressed and whether in blocks, the codec's class name
(version 5 on), the metadata (version 6: a count and pairs of texts) and a 16-byte sync
marker. Records follow, big-endian: the record's length, the key's length, the key and
the value, a sync marker now and then (length -1); or, compressed in blocks, after each
sync marker the number of records and four compressed buffers (the keys' lengths, the
keys, the values' lengths, the values), lengths as Hadoop's variable-length integers.
Codecs read: ``DefaultCodec`` (zlib), ``GzipCodec``, ``BZip2Codec``,
``ZStandardCodec`` (with ``zstandard``), ``SnappyCodec`` and ``Lz4Codec`` (Hadoop's block
compressor stream: a block's decoded length, then chunks of a compressed length and a raw
Snappy or LZ4 block, decoded by :mod:`breachscope.extract.snappyfile` and
:mod:`breachscope.extract.mozlz4`); another (LZO, a custom codec) ends the reading with a
note naming it.

Each record is a row, ``row`` = its 1-based place, read as JSON's records are
(:func:`breachscope.extract.json.record_rows`): ``key`` and ``value``, each as its
Writable class serialises it: ``Text`` (a variable-length integer and UTF-8),
``BytesWritable`` (a length and bytes, read as UTF-8), the numbers (``LongWritable``,
``IntWritable``, ``VLongWritable``, ``DoubleWritable``...) as their digits,
``NullWritable`` as nothing. A value that holds Hive's field separator ``\\x01`` (a
Sqoop import's or a Hive table's fields; no text holds it otherwise) is split into its
fields as Hive's text files are (:mod:`breachscope.extract.hivetext`), the row's columns
``column1``, ``column2``... after ``key`` (positional: the file names no column, and the
detectors read such a column by its values, a birth date or a postcode without a header);
a text that holds a JSON document is read at its paths below it. A value
of another class (a Sqoop record class, a custom Writable) is read as its bytes' UTF-8,
with a note naming the class. The metadata (``sqoop.table: BVO.PATIENT_UITSLAG``) is the
text part ``metadata``, ``name: value`` per line.

Read from the file a record (or a block) at a time: every length is checked against the
bytes left and ``Config.batch_bytes``, a block's decompressed buffers against
``batch_bytes`` too; a damaged or cut record ends the reading with a note, the records
before it kept.
"""

from __future__ import annotations

import bz2
import gzip
import io
import struct
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, BinaryIO, ClassVar

from breachscope.config import Config
from breachscope.extract.base import Extracted, ExtractError, Extractor, Note, Source
from breachscope.extract.chunking import cut_text
from breachscope.extract.hivetext import FIELD, hive_fields
from breachscope.extract.json import record_rows
from breachscope.extract.mozlz4 import Lz4Error, lz4_block
from breachscope.extract.otherpeople import PeopleChunker
from breachscope.extract.snappyfile import SnappyError, snappy_block
from breachscope.location import Location

MAGIC = b"SEQ"
VERSIONS = (4, 6)
"""The versions read: 4 (blocks), 5 (a codec's name), 6 (metadata)."""
SYNC = 16
MAX_NAME = 1024
"""Longest class name or metadata text read in the header."""
MAX_METADATA = 10_000
"""Most metadata entries read."""
_IO = "org.apache.hadoop.io."
_CODECS = {
    "org.apache.hadoop.io.compress.DefaultCodec": "zlib",
    "org.apache.hadoop.io.compress.GzipCodec": "gzip",
    "org.apache.hadoop.io.compress.BZip2Codec": "bzip2",
    "org.apache.hadoop.io.compress.ZStandardCodec": "zstd",
    "org.apache.hadoop.io.compress.SnappyCodec": "snappy",
    "org.apache.hadoop.io.compress.Lz4Codec": "lz4",
}
"""The codecs read, by their class names."""


class SeqError(ValueError):
    """Bytes that are not a SequenceFile's (the message names places, never a value)."""


class _Stream:
    """The file and a position in it; every read checks the bytes a length claims
    against the bytes left and the limit."""

    def __init__(self, fh: BinaryIO, limit: int) -> None:
        self.fh = fh
        self.limit = limit
        self.pos = 0

    def take(self, n: int, what: str) -> bytes:
        if n < 0 or n > self.limit:
            raise SeqError(f"{what} at byte {self.pos} of a length not allowed")
        data = self.fh.read(n)
        if len(data) < n:
            raise SeqError(f"file ends inside {what} at byte {self.pos}")
        self.pos += n
        return data

    def int32(self, what: str) -> int:
        return int.from_bytes(self.take(4, what), "big", signed=True)

    def vint(self, what: str) -> int:
        first = self.take(1, what)[0]
        size, negative = _vint_size(first)
        if size == 1:
            return first - 256 if first > 127 else first
        value = int.from_bytes(self.take(size - 1, what), "big")
        return ~value if negative else value

    def text(self, what: str) -> str:
        size = self.vint(what)
        if not 0 <= size <= MAX_NAME:
            raise SeqError(f"{what} at byte {self.pos} of a length not allowed")
        return self.take(size, what).decode("utf-8", errors="replace")


def _vint_size(first: int) -> tuple[int, bool]:
    """The bytes a Hadoop variable-length integer takes, by its first byte, and whether
    it is negative (``WritableUtils.decodeVIntSize``)."""
    signed = first - 256 if first > 127 else first
    if signed >= -112:
        return 1, False
    if signed < -120:
        return -119 - signed, True
    return -111 - signed, False


def vint_at(data: bytes, pos: int) -> tuple[int, int]:
    """The variable-length integer at ``pos`` in ``data`` and the position after it."""
    if pos >= len(data):
        raise SeqError("a length runs past its buffer")
    size, negative = _vint_size(data[pos])
    if size == 1:
        return (data[pos] - 256 if data[pos] > 127 else data[pos]), pos + 1
    if pos + size > len(data):
        raise SeqError("a length runs past its buffer")
    value = int.from_bytes(data[pos + 1 : pos + size], "big")
    return (~value if negative else value), pos + size


@dataclass
class _Header:
    """What a SequenceFile's header says."""

    key_class: str
    value_class: str
    compressed: bool
    blocks: bool
    codec: str | None
    metadata: list[tuple[str, str]] = field(default_factory=list)
    sync: bytes = b""


def _header(stream: _Stream) -> _Header:
    """The header: version, class names, compression, codec, metadata, sync marker."""
    opening = stream.take(4, "the header")
    if opening[:3] != MAGIC:
        raise SeqError("no 'SEQ'")
    version = opening[3]
    if not VERSIONS[0] <= version <= VERSIONS[1]:
        raise SeqError(f"version {version}, not read")
    key_class = stream.text("the key's class")
    value_class = stream.text("the value's class")
    compressed = stream.take(1, "the header")[0] != 0
    blocks = stream.take(1, "the header")[0] != 0
    codec = None
    if compressed:
        codec = stream.text("the codec's class") if version >= 5 else next(iter(_CODECS))
    header = _Header(key_class, value_class, compressed, blocks, codec)
    if version >= 6:
        count = stream.int32("the metadata")
        if not 0 <= count <= MAX_METADATA:
            raise SeqError(f"{count} metadata entries, more than allowed")
        for _ in range(count):
            name = stream.text("the metadata")
            header.metadata.append((name, stream.text("the metadata")))
    header.sync = stream.take(SYNC, "the sync marker")
    return header


def _number(fmt: str) -> Callable[[bytes], str]:
    def read(data: bytes) -> str:
        if len(data) != struct.calcsize(fmt):
            raise SeqError("a number of another length than its class's")
        return str(struct.unpack(fmt, data)[0])

    return read


def _vlong(data: bytes) -> str:
    value, end = vint_at(data, 0)
    if end != len(data):
        raise SeqError("a variable-length number of another length")
    return str(value)


def _text(data: bytes) -> str:
    """A ``Text``: a variable-length integer and as many bytes of UTF-8."""
    size, start = vint_at(data, 0)
    if size != len(data) - start:
        raise SeqError("a text of another length than it says")
    return data[start:].decode("utf-8", errors="replace")


def _bytes(data: bytes) -> str:
    """A ``BytesWritable``: a 4-byte length and as many bytes."""
    if len(data) < 4 or int.from_bytes(data[:4], "big") != len(data) - 4:
        raise SeqError("bytes of another length than they say")
    return data[4:].decode("utf-8", errors="replace")


_WRITABLES: dict[str, Callable[[bytes], str]] = {
    "Text": _text,
    "BytesWritable": _bytes,
    "LongWritable": _number(">q"),
    "IntWritable": _number(">i"),
    "ShortWritable": _number(">h"),
    "DoubleWritable": _number(">d"),
    "FloatWritable": _number(">f"),
    "BooleanWritable": lambda data: "true" if data[:1] not in (b"", b"\0") else "false",
    "VLongWritable": _vlong,
    "VIntWritable": _vlong,
    "NullWritable": lambda data: "",
}
"""How each Writable class of ``org.apache.hadoop.io`` read is serialised."""


def _reader(name: str) -> Callable[[bytes], str] | None:
    """The reader of a Writable class (``None``: one not known)."""
    return _WRITABLES.get(name[len(_IO) :]) if name.startswith(_IO) else None


def _cell(read: Callable[[bytes], str] | None, data: bytes) -> str | list[str | None] | None:
    """A key's or value's cell: its class's reading (its bytes' UTF-8 for a class not
    known); a text of Hive's fields split into them (:func:`hive_fields`)."""
    value = data.decode("utf-8", errors="replace") if read is None else read(data)
    if FIELD in value:
        return hive_fields(value)
    return value or None


def _record(key: Any, value: Any) -> dict[str, Any]:
    """A record's row: ``key`` and ``value``; a value of Hive's fields as positional
    columns after the key (``column1``, ``column2``...: the row of a table whose header
    the file does not hold, read by its values as a ``SELECT ... INTO OUTFILE`` is, see
    :mod:`breachscope.detect.headerless`), a key of them as ``key.1``, ``key.2``..."""
    if isinstance(key, list):
        key = {str(i): piece for i, piece in enumerate(key, 1)}
    if not isinstance(value, list):
        return {"key": key, "value": value}
    return {"key": key} | {f"column{i}": piece for i, piece in enumerate(value, 1)}


def snappy_chunk(chunk: bytes, room: int) -> bytes:
    """A chunk of ``SnappyCodec``'s stream: a raw Snappy block (of at most ``room``)."""
    try:
        return snappy_block(chunk, room)
    except SnappyError as exc:
        raise SeqError(f"snappy data that do not decompress ({exc})") from None


def lz4_chunk(chunk: bytes, room: int) -> bytes:
    """A chunk of ``Lz4Codec``'s stream: a raw LZ4 block of at most ``room`` bytes."""
    try:
        return lz4_block(chunk, room, exact=False)
    except Lz4Error as exc:
        raise SeqError(f"lz4 data that do not decompress ({exc})") from None


def hadoop_blocks(data: bytes, limit: int, decode: Callable[[bytes, int], bytes]) -> bytes:
    """The bytes of Hadoop's block compressor stream (``SnappyCodec``, ``Lz4Codec``):
    blocks of a big-endian decoded length, each then chunks of a big-endian compressed
    length and the codec's raw block (``decode``: a chunk and the room left in its
    block) up to that length; at most ``limit`` bytes."""
    out = bytearray()
    pos = 0
    while pos < len(data):
        if pos + 4 > len(data):
            raise SeqError("a compressed block cut short")
        size = int.from_bytes(data[pos : pos + 4], "big")
        pos += 4
        if len(out) + size > limit:
            raise SeqError(f"compressed data larger than {limit} bytes")
        done = 0
        while done < size:
            length = int.from_bytes(data[pos : pos + 4], "big") if pos + 4 <= len(data) else -1
            if not 0 < length <= len(data) - pos - 4:
                raise SeqError("a compressed chunk cut short")
            piece = decode(data[pos + 4 : pos + 4 + length], size - done)
            pos += 4 + length
            if not piece or done + len(piece) > size:
                raise SeqError("a compressed chunk of another length than its block's")
            out += piece
            done += len(piece)
    return bytes(out)


def _decompress(codec: str, data: bytes, limit: int) -> bytes:
    """A compressed buffer (a value, or a block's buffer), at most ``limit`` bytes."""
    import zstandard

    if codec in ("snappy", "lz4"):
        return hadoop_blocks(data, limit, snappy_chunk if codec == "snappy" else lz4_chunk)
    try:
        if codec == "zlib":
            inflater = zlib.decompressobj()
            out = inflater.decompress(data, limit + 1)
        elif codec == "gzip":
            with gzip.GzipFile(fileobj=io.BytesIO(data)) as fh:
                out = fh.read(limit + 1)
        elif codec == "bzip2":
            out = bz2.BZ2Decompressor().decompress(data, limit + 1)
        else:
            with zstandard.ZstdDecompressor().stream_reader(io.BytesIO(data)) as reader:
                out = reader.read(limit + 1)
    except (OSError, EOFError, ValueError, zlib.error, zstandard.ZstdError) as exc:
        raise SeqError(f"{codec} data that do not decompress ({type(exc).__name__})") from None
    if len(out) > limit:
        raise SeqError(f"{codec} data larger than {limit} bytes")
    return out


def _records(stream: _Stream, header: _Header, codec: str | None) -> Iterator[tuple[bytes, bytes]]:
    """Each record's key and value bytes (a record-compressed value decompressed)."""
    while True:
        first = stream.fh.read(4)
        if not first:
            return
        if len(first) < 4:
            raise SeqError(f"file ends inside a record at byte {stream.pos}")
        stream.pos += 4
        length = int.from_bytes(first, "big", signed=True)
        if length == -1:
            if stream.take(SYNC, "a sync marker") != header.sync:
                raise SeqError(f"sync marker at byte {stream.pos - SYNC} does not match")
            continue
        key_length = stream.int32("a record")
        if not 0 <= key_length <= length:
            raise SeqError(f"record at byte {stream.pos - 8} of lengths not allowed")
        key = stream.take(key_length, "a record's key")
        value = stream.take(length - key_length, "a record's value")
        if codec is not None:
            value = _decompress(codec, value, stream.limit)
        yield key, value


def _split(lengths: bytes, data: bytes, count: int, what: str) -> list[bytes]:
    """A block's keys or values, cut from ``data`` at the lengths ``lengths`` holds."""
    out: list[bytes] = []
    pos = at = 0
    for _ in range(count):
        size, pos = vint_at(lengths, pos)
        if size < 0 or at + size > len(data):
            raise SeqError(f"a block's {what} run past their buffer")
        out.append(data[at : at + size])
        at += size
    return out


def _blocks(stream: _Stream, header: _Header, codec: str) -> Iterator[tuple[bytes, bytes]]:
    """Each record of each block: the sync marker, the count and four buffers."""
    while True:
        first = stream.fh.read(4)
        if not first:
            return
        stream.pos += len(first)
        if first != b"\xff\xff\xff\xff" or stream.take(SYNC, "a sync marker") != header.sync:
            raise SeqError(f"block at byte {stream.pos - len(first)} without its sync marker")
        count = stream.vint("a block")
        if not 0 <= count <= stream.limit:
            raise SeqError(f"block at byte {stream.pos} of {count} records, not allowed")
        buffers = []
        for what in ("keys' lengths", "keys", "values' lengths", "values"):
            size = stream.vint(f"a block's {what}")
            raw = stream.take(size, f"a block's {what}")
            buffers.append(_decompress(codec, raw, stream.limit))
        keys = _split(buffers[0], buffers[1], count, "keys")
        values = _split(buffers[2], buffers[3], count, "values")
        yield from zip(keys, values, strict=True)


class SequenceFileExtractor(Extractor):
    """A Hadoop SequenceFile's records as rows, its metadata as text."""

    id: ClassVar[str] = "sequencefile"
    types: ClassVar[frozenset[str]] = frozenset({"sequencefile"})
    structured: ClassVar[bool] = True

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        where = Location(source.path)
        with source.open() as fh:
            stream = _Stream(fh, config.batch_bytes)
            try:
                header = _header(stream)
            except SeqError as exc:
                raise ExtractError(f"unreadable Hadoop SequenceFile ({exc})") from None
            yield from self._metadata(source.path, header, config)
            codec = None
            if header.compressed:
                codec = _CODECS.get(header.codec or "")
                if codec is None:
                    yield Note(where, f"values compressed with {header.codec}: not read")
                    return
            read_key, read_value = _reader(header.key_class), _reader(header.value_class)
            for name, read in ((header.key_class, read_key), (header.value_class, read_value)):
                if read is None:
                    yield Note(where, f"class {name} not known: its bytes read as text")
            chunker = PeopleChunker(where, config.max_table_rows_per_unit)
            records = (
                _blocks(stream, header, codec)
                if header.blocks and codec is not None
                else _records(stream, header, codec)
            )
            row = 0
            stopped: str | None = None
            try:
                for key, value in records:
                    record = _record(_cell(read_key, key), _cell(read_value, value))
                    row += 1
                    yield from record_rows(chunker, source.path, row, record)
            except SeqError as exc:
                stopped = f"after record {row}: {exc}"
        yield from chunker.flush()
        if stopped is not None:
            yield Note(where, f"SequenceFile reading stopped ({stopped})")

    def _metadata(self, path: str, header: _Header, config: Config) -> Iterator[Extracted]:
        """The metadata as the text part ``metadata``, ``name: value`` per line."""
        body = "\n".join(f"{name}: {value}" for name, value in header.metadata)
        if body:
            yield from cut_text(Location(path, "metadata"), body, config.max_text_unit_chars)
