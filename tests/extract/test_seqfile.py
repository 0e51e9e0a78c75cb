"""Hadoop SequenceFiles: a row per record (key, value; Hive's fields of a Sqoop import
numbered), the metadata as text; files written by the samples' writer by Hadoop's
``SequenceFile.Writer`` format: plain, zlib per record and in blocks; damage."""

from __future__ import annotations

import io
import json
import random
import struct
from collections.abc import Callable

import pytest

from breachscope.config import Config
from breachscope.extract.base import Extracted, ExtractError, Note, Source
from breachscope.extract.seqfile import (
    SeqError,
    SequenceFileExtractor,
    hadoop_blocks,
    snappy_chunk,
)
from breachscope.extract.units import TableUnit, TextUnit
from breachscope.ingest.filetype import FileType, sniff_bytes

from .browserfiles import lz4_literals
from .rows import rows_by_number
from .samples import (
    BSN,
    DOB,
    SEQ_SYNC,
    SEQ_TEXT,
    hadoop_text,
    hadoop_vint,
    seqfile,
    sequencefile_sample,
    snappy_literal,
    snappy_varint,
)

pytestmark = pytest.mark.timeout(60)
DEFAULT = "org.apache.hadoop.io.compress.DefaultCodec"
BYTES = "org.apache.hadoop.io.BytesWritable"
NULL = "org.apache.hadoop.io.NullWritable"
RECORDS = [
    (hadoop_text(f"patient/{BSN[0]}"), hadoop_text(json.dumps({"bsn": BSN[0], "dob": DOB[0]}))),
    (hadoop_text("patient/2"), hadoop_text(f"{BSN[1]}\x01Ömer Yılmaz")),
    (hadoop_text("patient/3"), hadoop_text("Dorpsstraat 12A, 1234 AB")),
]


def extract(data: bytes, config: Config | None = None) -> list[Extracted]:
    source = Source("part-m-00000", "sequencefile", len(data), lambda: io.BytesIO(data))
    return list(SequenceFileExtractor().extract(source, config or Config()))


def notes(items: list[Extracted]) -> list[str]:
    return [n.reason for n in items if isinstance(n, Note)]


def test_a_sqoop_import_gives_a_row_per_record_its_fields_by_position() -> None:
    data = sequencefile_sample().data
    assert sniff_bytes(data, "part-m-00000") is FileType.SEQUENCEFILE
    items = extract(data)
    rows = rows_by_number(items)
    assert rows[1] == {
        "key": "210000", "column1": BSN[0], "column2": "Jansen-de Vries", "column3": DOB[0],
        "column4": "Dorpsstraat 12A", "column5": "1234 AB", "column6": "0612345678",
    }  # fmt: skip
    assert rows[3]["column2"] == "Ömer Yılmaz" and len(rows) == 3
    text = [u for u in items if isinstance(u, TextUnit)]
    assert text[0].location.part == "metadata"
    assert text[0].text == "sqoop.table: BVO.PATIENT_UITSLAG"
    assert not notes(items)


@pytest.mark.parametrize("blocks", [False, True])
def test_zlib_compressed_records_and_blocks(blocks: bool) -> None:
    data = seqfile(RECORDS, key_class=SEQ_TEXT, codec=DEFAULT, blocks=blocks, metadata=())
    items = extract(data)
    rows = rows_by_number(items)
    assert rows[1] == {"key": f"patient/{BSN[0]}", "value.bsn": BSN[0], "value.dob": DOB[0]}
    assert rows[2]["column1"] == BSN[1] and rows[3]["value"] == "Dorpsstraat 12A, 1234 AB"
    assert not notes(items) and not [u for u in items if isinstance(u, TextUnit)]


def test_bytes_null_and_unknown_classes() -> None:
    records = [(b"", struct.pack(">i", 9) + BSN[0].encode())]
    rows = rows_by_number(extract(seqfile(records, key_class=NULL, value_class=BYTES)))
    assert rows[1] == {"value": BSN[0]}
    custom = "com.cloudera.sqoop.lib.BVO_PATIENT"
    items = extract(seqfile([(b"\0" * 8, f"{BSN[1]},Jansen".encode())], value_class=custom))
    assert rows_by_number(items)[1]["value"] == f"{BSN[1]},Jansen"
    assert notes(items) == [f"class {custom} not known: its bytes read as text"]


def test_another_codec_is_named_in_a_note() -> None:
    codec = "com.hadoop.compression.lzo.LzoCodec"
    items = extract(seqfile(RECORDS, codec=codec))
    assert notes(items) == [f"values compressed with {codec}: not read"]
    assert not rows_by_number(items)


def test_damage_ends_the_reading_keeping_the_records_before() -> None:
    data = sequencefile_sample().data
    sync = data.rindex(SEQ_SYNC)
    items = extract(data[:sync] + b"x" + data[sync + 1 :])
    assert len(rows_by_number(items)) == 2
    assert "sync marker at byte" in notes(items)[0]
    items = extract(data[:-7])
    assert len(rows_by_number(items)) == 2 and "file ends inside" in notes(items)[0]


def test_hostile_lengths() -> None:
    data = seqfile(RECORDS[:1], key_class=SEQ_TEXT, metadata=())
    header = data[: data.index(SEQ_SYNC) + 16]
    items = extract(header + struct.pack(">ii", 0x7FFFFFF0, 4) + b"abcd")
    assert "file ends inside" in notes(items)[0] or "not allowed" in notes(items)[0]
    items = extract(header + struct.pack(">ii", 10, 20) + bytes(10))
    assert "lengths not allowed" in notes(items)[0]
    blocks = seqfile([], codec=DEFAULT, blocks=True, metadata=())
    block = blocks[: blocks.index(SEQ_SYNC) + 16]
    items = extract(block + b"\xff" * 4 + SEQ_SYNC + hadoop_vint(1) + hadoop_vint(1 << 40))
    assert "of a length not allowed" in notes(items)[0]
    with pytest.raises(ExtractError):
        extract(
            b"SEQ\x06" + hadoop_text(SEQ_TEXT) + hadoop_text(SEQ_TEXT) + b"\0\0\x7f\xff\xff\xff"
        )


@pytest.mark.parametrize(
    "data",
    [b"", b"SEQ\x03", b"SEQ\x06\x05", random.Random(9).randbytes(3000), b"\0" * 500],
)
def test_what_is_no_sequencefile_fails(data: bytes) -> None:
    with pytest.raises(ExtractError):
        extract(data)
    assert sniff_bytes(data, "part-m-00000") is not FileType.SEQUENCEFILE


def test_a_hive_tables_sequencefile_its_fields_by_position() -> None:
    fields = f"{BSN[0]}\x01Jansen\x01\\N\x01{DOB[0]}\x01HPV\x02cytologie"
    items = extract(seqfile([(bytes(4), hadoop_text(fields))], key_class=BYTES, metadata=()))
    rows = rows_by_number(items)
    assert rows[1] == {
        "column1": BSN[0], "column2": "Jansen", "column4": DOB[0], "column5": "HPV, cytologie",
    }  # fmt: skip
    units = [u for u in items if isinstance(u, TableUnit)]
    assert units[0].columns == ("key", "column1", "column2", "column3", "column4", "column5")


def hadoop_snappy(data: bytes) -> bytes:
    """Hadoop's block compressor stream of ``data`` (``SnappyCodec``): its length, then
    chunks of at most 16 bytes, each a raw Snappy block of literals after its length."""
    chunks = [data[i : i + 16] for i in range(0, len(data), 16)]
    blocks = [snappy_varint(len(c)) + snappy_literal(c) for c in chunks]
    return len(data).to_bytes(4, "big") + b"".join(len(b).to_bytes(4, "big") + b for b in blocks)


def hadoop_lz4(data: bytes) -> bytes:
    """Hadoop's block compressor stream of ``data`` (``Lz4Codec``): one raw LZ4 block."""
    block = lz4_literals(data)
    return len(data).to_bytes(4, "big") + len(block).to_bytes(4, "big") + block


@pytest.mark.parametrize("blocks", [False, True])
@pytest.mark.parametrize(
    ("codec", "compress"),
    [("SnappyCodec", hadoop_snappy), ("Lz4Codec", hadoop_lz4)],
)
def test_snappy_and_lz4_compressed_records_and_blocks(
    codec: str, compress: Callable[[bytes], bytes], blocks: bool
) -> None:
    name = f"org.apache.hadoop.io.compress.{codec}"
    data = seqfile(RECORDS, key_class=SEQ_TEXT, codec=name, blocks=blocks, compress=compress)
    items = extract(data)
    rows = rows_by_number(items)
    assert rows[1] == {"key": f"patient/{BSN[0]}", "value.bsn": BSN[0], "value.dob": DOB[0]}
    assert rows[2]["column2"] == "Ömer Yılmaz" and rows[3]["value"] == "Dorpsstraat 12A, 1234 AB"
    assert not notes(items)


def test_hadoop_block_streams_that_break() -> None:
    good = hadoop_snappy(b"abcdefgh" * 5)
    decode = snappy_chunk
    assert hadoop_blocks(good, 100, decode) == b"abcdefgh" * 5
    for broken in (good[:-3], good[:2], (10**9).to_bytes(4, "big") + good[4:]):
        with pytest.raises(SeqError):
            hadoop_blocks(broken, 100, decode)
    short = (50).to_bytes(4, "big") + good[4:]  # (the chunks give 40 of 50 bytes)
    with pytest.raises(SeqError, match="cut short"):
        hadoop_blocks(short, 100, decode)
