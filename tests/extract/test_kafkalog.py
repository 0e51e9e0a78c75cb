"""Apache Kafka log segments: a row per record (offset, time, key, value, headers),
batches of message format 2 written by the samples' writer by Kafka's documentation of
its format, uncompressed, gzip and zstd; checksums, damage and other compressions."""

from __future__ import annotations

import io
import random
import struct

import pytest

from breachscope.config import Config
from breachscope.extract.base import Extracted, ExtractError, Note, Source
from breachscope.extract.kafkalog import KafkaLogExtractor
from breachscope.ingest.filetype import FileType, sniff_bytes
from breachscope.ingest.leveldbhead import crc32c

from .rows import rows_by_number
from .samples import BSN, DOB, KAFKA_RECORDS, KAFKA_TIME, kafka_batch, kafka_log_sample

pytestmark = pytest.mark.timeout(60)
NAME = "kafka02/data/lims.uitslag.v3-0/00000000000000004812.log"


def extract(data: bytes, config: Config | None = None) -> list[Extracted]:
    source = Source(NAME, "kafka-log", len(data), lambda: io.BytesIO(data))
    return list(KafkaLogExtractor().extract(source, config or Config()))


def notes(items: list[Extracted]) -> list[str]:
    return [n.reason for n in items if isinstance(n, Note)]


def test_each_record_is_a_row_its_json_value_read_at_its_paths() -> None:
    data = kafka_log_sample().data
    assert sniff_bytes(data, NAME) is FileType.KAFKA_LOG
    items = extract(data)
    rows = rows_by_number(items)
    assert rows[1]["offset"] == "4812" and rows[1]["key"] == "C24-61317"
    assert rows[1]["timestamp"] == "2024-05-12T03:14:00.000Z"
    assert rows[1]["value.patient.bsn"] == BSN[0]
    assert rows[1]["value.patient.geboortedatum"] == DOB[0]
    assert rows[1]["headers.bron"] == "LIMS-GLIMS"
    assert rows[2]["value.patient.telefoon"] == "0612345678"
    assert rows[2]["timestamp"] == "2024-05-12T03:17:00.000Z" and "headers.bron (2)" not in rows[2]
    assert rows[3] == {
        "offset": "4814",
        "timestamp": "2024-05-12T03:20:00.000Z",
        "value": f"{BSN[2]};Ömer Yılmaz;Dorpsstraat 12A;1234 AB",
    }
    assert not notes(items)


def test_zstd_records_log_append_time_and_a_control_batch() -> None:
    data = kafka_batch(0, KAFKA_TIME, KAFKA_RECORDS[:1], codec=4, attributes=0x08)
    data += kafka_batch(1, KAFKA_TIME, [(0, b"\0\0\0\0", b"\0\0\0\0\0\0", [])], attributes=0x30)
    rows = rows_by_number(extract(data))
    assert list(rows) == [1] and rows[1]["value.patient.bsn"] == BSN[0]


def test_snappy_and_lz4_batches_are_named_in_notes_the_others_read() -> None:
    first = kafka_batch(0, KAFKA_TIME, KAFKA_RECORDS[:1])
    snappy = kafka_batch(1, KAFKA_TIME, KAFKA_RECORDS[1:2], codec=2)
    lz4 = kafka_batch(2, KAFKA_TIME, KAFKA_RECORDS[2:], codec=3)
    items = extract(first + snappy + lz4)
    assert list(rows_by_number(items)) == [1]
    assert notes(items) == [
        f"batch at byte {len(first)}: snappy compression, not read",
        f"batch at byte {len(first) + len(snappy)}: lz4 compression, not read",
    ]


def test_preallocated_zeros_end_the_segment_quietly() -> None:
    items = extract(kafka_log_sample().data + bytes(4096))
    assert len(rows_by_number(items)) == 3 and not notes(items)


def test_damage_ends_the_reading_keeping_the_records_before() -> None:
    data = bytearray(kafka_log_sample().data)
    data[-5] ^= 0x40
    items = extract(bytes(data))
    assert len(rows_by_number(items)) == 2
    assert "checksum of the batch at byte" in notes(items)[0]
    cut = extract(bytes(data[:-30]))
    assert "file ends inside the batch" in notes(cut)[0]


def test_a_hostile_length_and_a_batch_claiming_more_records() -> None:
    first = kafka_batch(0, KAFKA_TIME, KAFKA_RECORDS[:1])
    items = extract(first + struct.pack(">qi", 1, 0x7FFFFFF0) + bytes(60))
    assert "of a length not allowed" in notes(items)[0]
    assert len(rows_by_number(items)) == 1
    batch = kafka_batch(1, KAFKA_TIME, KAFKA_RECORDS[1:2])
    body = batch[21:57] + struct.pack(">i", 5) + batch[61:]
    lying = batch[:17] + struct.pack(">I", crc32c(body)) + body
    items = extract(first + lying)
    assert "runs past its batch" in notes(items)[0]


def test_an_old_message_set_is_named_not_read() -> None:
    old = struct.pack(">qi", 0, 60) + struct.pack(">IBB", 0, 1, 0) + bytes(54)
    with pytest.raises(ExtractError, match="message format 1"):
        extract(old)


@pytest.mark.parametrize(
    "data", [b"", bytes(12), random.Random(5).randbytes(3000), b"\0" * 500, b"x" * 100]
)
def test_what_is_no_segment_fails(data: bytes) -> None:
    with pytest.raises(ExtractError):
        extract(data)
    assert sniff_bytes(data, "00000000000000000000.log") is not FileType.KAFKA_LOG
