"""Snappy compressed files: snappy-java's stream (a Spark event log's ``.snappy``: headers,
chunks, streams one after another) and the framing format (checksums, stored chunks,
padding); raw blocks' literals and copies (overlapping ones too) written by Snappy's
format description; damaged, cut and hostile files; output bounded by ``batch_bytes``."""

from __future__ import annotations

import io
import random

import pytest

from breachscope.config import Config
from breachscope.extract.base import ChildFile, Extracted, ExtractError, Note, SkipFile, Source
from breachscope.extract.snappyfile import (
    FRAMED_MAGIC,
    SnappyError,
    SnappyExtractor,
    child_name,
    snappy_block,
)
from breachscope.ingest.filetype import FileType, sniff_bytes
from breachscope.ingest.leveldbhead import crc32c

from .samples import (
    BSN,
    snappy_copy,
    snappy_java,
    snappy_literal,
    snappy_sample,
    snappy_varint,
    spark_eventlog_sample,
)

pytestmark = pytest.mark.timeout(60)
PATH = "spark-history/application_1715400000000_0042.snappy"
TEXT = f"bsn;naam\n{BSN[0]};Jansen\n{BSN[1]};Jansen\n".encode()


def extract(data: bytes, path: str = PATH, config: Config | None = None) -> list[Extracted]:
    source = Source(path, "snappy", len(data), lambda: io.BytesIO(data))
    return list(SnappyExtractor().extract(source, config or Config()))


def child(items: list[Extracted]) -> ChildFile:
    return next(c for c in items if isinstance(c, ChildFile))


def notes(items: list[Extracted]) -> list[str]:
    return [n.reason for n in items if isinstance(n, Note)]


def block(data: bytes) -> bytes:
    return snappy_varint(len(data)) + snappy_literal(data)


def masked(data: bytes) -> bytes:
    crc = crc32c(data)
    return ((((crc >> 15) | (crc << 17)) + 0xA282EAD8) & 0xFFFFFFFF).to_bytes(4, "little")


def framed_chunk(kind: int, body: bytes) -> bytes:
    return bytes([kind]) + len(body).to_bytes(3, "little") + body


def test_a_spark_event_log_compressed_by_snappy_java() -> None:
    sample = snappy_sample()
    assert sniff_bytes(sample.data, PATH) is FileType.SNAPPY
    items = extract(sample.data)
    found = child(items)
    assert found.name == "application_1715400000000_0042"
    assert found.data == spark_eventlog_sample().data and not notes(items)
    assert sniff_bytes(found.data, found.name) is FileType.SPARK_EVENTLOG


def test_copies_overlapping_ones_and_long_literals() -> None:
    line = f"{BSN[0]};Jansen\n".encode()
    data = snappy_varint(len(line) * 4 + 3) + snappy_literal(line)
    data += snappy_copy(len(line), len(line) * 2) + snappy_copy(len(line), len(line))
    data += snappy_literal(b"a") + snappy_copy(1, 2)
    assert snappy_block(data, 1000) == line * 4 + b"aaa"
    one = bytes([(7 - 4) << 2 | 1, 2])  # (a 1-byte offset: 7 bytes from 2 back)
    assert snappy_block(snappy_varint(9) + snappy_literal(b"ab") + one, 100) == b"ab" * 4 + b"a"
    long = bytes(range(256)) * 3
    assert snappy_block(block(long), 1000) == long


def test_streams_one_after_another_and_chunks() -> None:
    data = snappy_java([block(TEXT[:10]), block(TEXT[10:])]) + snappy_java([block(b"x\n")])
    assert child(extract(data)).data == TEXT + b"x\n"


def test_the_framing_format_its_checksums_and_chunks() -> None:
    data = FRAMED_MAGIC + framed_chunk(0, masked(TEXT[:20]) + block(TEXT[:20]))
    data += framed_chunk(0xFE, b"\0" * 3) + framed_chunk(1, masked(TEXT[20:]) + TEXT[20:])
    assert sniff_bytes(data, "export.csv.sz") is FileType.SNAPPY
    items = extract(data, "export.csv.sz")
    assert child(items).name == "export.csv" and child(items).data == TEXT
    bad = FRAMED_MAGIC + framed_chunk(0, masked(TEXT[:20]) + block(TEXT[:20]))
    bad += framed_chunk(1, b"\0\0\0\0" + TEXT[20:])
    items = extract(bad)
    assert child(items).data == TEXT[:20]
    assert notes(items) == ["Snappy file read in part (chunk 3's checksum does not match)"]
    with pytest.raises(ExtractError, match="reserved type"):
        extract(FRAMED_MAGIC + framed_chunk(5, b"x"))


def test_damage_keeps_what_came_before() -> None:
    data = snappy_java([block(TEXT), block(b"more")])
    items = extract(data[:-2])
    assert child(items).data == TEXT and notes(items) == [
        "Snappy file read in part (chunk 2 of a length past the file's end)"
    ]
    items = extract(snappy_java([block(TEXT), snappy_varint(4) + snappy_copy(9, 4)]))
    assert child(items).data == TEXT
    assert notes(items) == ["Snappy file read in part (a copy from before the block's start)"]


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (snappy_java([b"\x80" * 5]), "block's length that does not read"),
        (snappy_java([snappy_varint(1 << 30) + snappy_literal(b"a")]), "more than"),
        (snappy_java([]) + (0x7FFFFFF0).to_bytes(4, "big"), "past the file's end"),
        (snappy_java([snappy_varint(2) + snappy_literal(b"abc")]), "grows past"),
        (snappy_java([snappy_varint(9) + bytes([0xF0 | 0, 0xFF])]), "past the block's end"),
        (random.Random(2).randbytes(2000), "no Snappy stream header"),
    ],
)
def test_hostile_or_broken_files_are_errors(data: bytes, reason: str) -> None:
    with pytest.raises(ExtractError, match=reason):
        extract(data, config=Config(batch_bytes=1 << 20))


def test_output_is_cut_at_batch_bytes() -> None:
    data = snappy_java([block(TEXT)] * 10)
    items = extract(data, config=Config(batch_bytes=100))
    assert len(child(items).data) == 100
    assert notes(items) == ["Snappy file larger than 100 bytes: read up to them"]


def test_empty_streams_and_names() -> None:
    with pytest.raises(SkipFile):
        extract(b"")
    with pytest.raises(SkipFile):
        extract(snappy_java([]))
    assert child_name("a/b/events.snappy") == "events" and child_name("x.sz") == "x"
    assert child_name("dump") == "dump.out"
    with pytest.raises(SnappyError):
        snappy_block(b"", 10)
