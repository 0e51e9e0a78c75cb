"""LevelDB's logs and tables (Chrome's Local Storage, Session Storage, IndexedDB): each
write a row with its origin, key, value, sequence number and whether it deleted; values
by Chrome's prefixes; a batch split across blocks joined; a damaged record skipped with
a note, a cut log read up to the cut; sizes claimed never allocated."""

from __future__ import annotations

import io
import random

import pytest

from breachscope.config import Config
from breachscope.extract.base import Extracted, ExtractError, Note, SkipFile, Source
from breachscope.extract.leveldb import LevelDbLogExtractor, readable
from breachscope.extract.leveldbtable import LevelDbTableExtractor, snappy
from breachscope.ingest.filetype import FileType, sniff_bytes
from breachscope.ingest.leveldbhead import crc32c, is_leveldb_log, masked

from . import browserfiles as bf
from .rows import rows_by_number

pytestmark = pytest.mark.timeout(60)

ORIGIN = b"https://lims.lab-oost.example"
LS = b"_" + ORIGIN + b"\x00\x01"
MAGIC = (0xDB4775248B80FB57).to_bytes(8, "little")
UTF16_KEY = b"_" + ORIGIN + b"\x00\x00" + "zoekterm".encode("utf-16-le")


def read_log(data: bytes, config: Config | None = None) -> list[Extracted]:
    source = Source(
        "Local Storage/leveldb/000003.log", "leveldb-log", len(data), lambda: io.BytesIO(data)
    )
    return list(LevelDbLogExtractor().extract(source, config or Config()))


def read_table(data: bytes) -> list[Extracted]:
    source = Source(
        "Local Storage/leveldb/000005.ldb", "leveldb-table", len(data), lambda: io.BytesIO(data)
    )
    return list(LevelDbTableExtractor().extract(source, Config()))


def row(key: str, seq: int, value: str | None = None, state: str = "written") -> dict[str, str]:
    """A row's cells for a key of the test's origin."""
    cells = {"origin": ORIGIN.decode(), "key": key, "sequence": str(seq), "state": state}
    return cells if value is None else {**cells, "value": value}


def notes(items: list[Extracted]) -> list[str]:
    return [i.reason for i in items if isinstance(i, Note)]


@pytest.mark.parametrize(
    ("data", "crc"),
    [
        (b"123456789", 0xE3069283),
        (bytes(32), 0x8A9136AA),
        (b"\xff" * 32, 0x62A8AB43),
        (bytes(range(32)), 0x46DD794E),
        (bytes(range(31, -1, -1)), 0x113FDB5C),
    ],
)
def test_crc32c_gives_the_known_values(data: bytes, crc: int) -> None:
    """The check value of CRC-32C and google/leveldb's ``crc32c_test.cc`` vectors."""
    assert crc32c(data) == crc == bf.crc32c(data)
    assert crc32c(data[5:], crc32c(data[:5])) == crc
    assert masked(crc) == bf.masked(crc)


def test_local_storage_writes_are_rows_deletions_too() -> None:
    """A portal's cache: a patient in Latin-1 JSON, an address in UTF-16, the patient
    deleted later (the value written before is still there), a key of UTF-16."""
    patient = '{"naam":"Wouters, Brigitte","bsn":"111222333","plaats":"Enschedé"}'
    log = bf.log(
        [
            bf.batch(1, [(b"VERSION", b"1")]),
            bf.batch(7, [(LS + b"patient", b"\x01" + patient.encode("latin-1")),
                         (LS + b"adres", b"\x00" + "Kerkstraat 3, 7511 AB".encode("utf-16-le"))]),
            bf.batch(9, [(LS + b"patient", None),
                         (UTF16_KEY, b"\x01Yilmaz")]),
        ]
    )  # fmt: skip
    assert sniff_bytes(log, "000003.log") is FileType.LEVELDB_LOG
    items = read_log(log)
    assert rows_by_number(items) == {
        1: {"key": "VERSION", "value": "1", "sequence": "1", "state": "written"},
        2: row("patient", 7, patient),
        3: row("adres", 8, "Kerkstraat 3, 7511 AB"),
        4: row("patient", 9, state="deleted"),
        5: row("zoekterm", 10, "Yilmaz"),
    }
    assert not notes(items)


def test_a_batch_split_first_middle_last_across_blocks_is_joined() -> None:
    """A cached patient list of 80 KiB: a FIRST, a MIDDLE and a LAST record, the small
    write before it leaving a block's tail of under 7 bytes too."""
    big = (
        "[" + ",".join(f'{{"naam":"Patiënt {i}","bsn":"123456782"}}' for i in range(2000)) + "]"
    ).encode()
    assert len(big) > 2 * bf.BLOCK
    small = bf.batch(1, [(LS + b"x", b"\x01" + b"a" * (bf.BLOCK - 7 - 12 - len(LS) - 10))])
    log = bf.log(
        [small, bf.batch(2, [(LS + b"lijst", b"\x01" + big)]), bf.batch(3, [(b"k", b"v")])]
    )
    assert log[bf.BLOCK - 7 + 6] in (0, 1)  # (the first block's tail)
    kinds = [log[i + 6] for i in range(bf.BLOCK, len(log), bf.BLOCK)]
    assert 3 in kinds  # (a MIDDLE record opens a block)
    rows = rows_by_number(read_log(log))
    assert rows[2]["value"] == big.decode("latin-1")
    opening = bf.log([bf.batch(2, [(LS + b"lijst", b"\x01" + big)])])
    assert opening[6] == 2  # (a FIRST record opens the file)
    assert sniff_bytes(opening, "000003.log") is FileType.LEVELDB_LOG
    assert rows[3] == {"key": "k", "value": "v", "sequence": "3", "state": "written"}


def test_a_damaged_record_is_skipped_with_its_block_the_rest_read() -> None:
    first = bf.batch(1, [(b"naam", b"de Boer")])
    second = bf.batch(2, [(b"bsn", b"123456782")])
    third = bf.batch(3, [(b"plaats", b"Almelo")])
    log = bytearray(bf.log([first, second]))
    log[len(log) - 3] ^= 0xFF  # (the second record's data: its checksum fails)
    log += bytes(bf.BLOCK - len(log))  # (its block's tail)
    log += bf.log([third])
    items = read_log(bytes(log))
    assert [r["value"] for r in rows_by_number(items).values()] == ["de Boer", "Almelo"]
    assert notes(items) == ["1 damaged LevelDB log records skipped"]


def test_a_cut_log_keeps_what_came_before_with_a_note() -> None:
    log = bf.log([bf.batch(1, [(b"naam", b"de Boer")]), bf.batch(2, [(b"bsn", b"123456782")])])
    items = read_log(log[:-4])
    assert [r["value"] for r in rows_by_number(items).values()] == ["de Boer"]
    assert any("ends inside a record" in n for n in notes(items))


def test_a_batch_with_a_hostile_length_keeps_its_writes_before() -> None:
    """A value whose varint length claims 4 GiB: nothing allocated, the write before kept."""
    bad = bf.batch(1, [(b"naam", b"Smit")]) + b"\x01\x03bsn\xff\xff\xff\xff\x0f" + b"x" * 8
    bad = bad[:8] + (2).to_bytes(4, "little") + bad[12:]
    items = read_log(bf.log([bad]))
    assert rows_by_number(items) == {
        1: {"key": "naam", "value": "Smit", "sequence": "1", "state": "written"}
    }
    assert any("runs past the batch" in n for n in notes(items))


def test_fragments_past_batch_bytes_are_dropped() -> None:
    log = bf.log([bf.batch(1, [(b"groot", b"x" * 100_000)]), bf.batch(2, [(b"k", b"v")])])
    items = read_log(log, Config(batch_bytes=50_000))
    assert list(rows_by_number(items)) == [1]
    assert notes(items) == ["1 LevelDB write batches larger than 50000 bytes left out"]


def test_session_storage_values_are_utf16_binary_values_their_text() -> None:
    """Session Storage's ``map-<id>-<key>`` (UTF-16 without a prefix); an IndexedDB
    record (V8's serialisation) by its runs of text."""
    record = b"\xff\x0f\x6f\x22\x04naam\x22\x0eJansen, Pieter\x22\x03bsn\x22\x09123456782{\x02"
    log = bf.log([bf.batch(4, [(b"map-12-zoek", "Özdemir".encode("utf-16-le")),
                               (b"\x00\x01\x01\x01\x14\x01", record)])])  # fmt: skip
    rows = rows_by_number(read_log(log))
    assert rows[1]["value"] == "Özdemir"
    assert rows[2]["value"] == "naam\nJansen, Pieter\nbsn\n123456782"
    assert "key" not in rows[2]
    assert readable(b"\x00\x01") is None


@pytest.mark.parametrize(
    "data",
    [bytes(4096), random.Random(2).randbytes(4096), b"Dit is gewoon tekst.\n" * 40, b"\x01" * 30],
)
def test_no_log_record_at_the_start_is_an_error(data: bytes) -> None:
    assert not is_leveldb_log(data)
    with pytest.raises(ExtractError):
        read_log(data)


def test_a_text_log_is_still_text() -> None:
    text = b"2024-05-13 09:12:44 INFO uitslag C24-1 verzonden\n" * 20
    assert sniff_bytes(text, "000003.log") is FileType.TEXT


def test_an_empty_log_is_skipped() -> None:
    with pytest.raises(SkipFile):
        read_log(b"")


def test_a_table_reads_like_its_log() -> None:
    """Two data blocks, snappy-compressed, keys sharing their prefixes; a deletion and
    the value it deleted, newest first."""
    entries = [
        (bf.internal(LS + b"adres", 8), b"\x01Kerkstraat 3"),
        (bf.internal(LS + b"patient", 9, deleted=True), b""),
        (bf.internal(LS + b"patient", 7), b"\x01de Vries, Anna"),
        (bf.internal(LS + b"telefoon", 10), b"\x00" + "0612345678".encode("utf-16-le")),
    ]
    for compress in (False, True):
        data = bf.table([entries[:2], entries[2:]], compress=compress)
        assert sniff_bytes(data, "000005.ldb") is FileType.LEVELDB_TABLE
        rows = rows_by_number(read_table(data))
        assert rows == {
            1: row("adres", 8, "Kerkstraat 3"),
            2: row("patient", 9, state="deleted"),
            3: row("patient", 7, "de Vries, Anna"),
            4: row("telefoon", 10, "0612345678"),
        }


def test_a_damaged_table_block_is_skipped_the_others_read() -> None:
    entries = [(bf.internal(b"a", 1), b"Jansen"), (bf.internal(b"b", 2), b"Smit")]
    data = bytearray(bf.table([entries[:1], entries[1:]]))
    data[5] ^= 0xFF  # (the first block's value: its checksum fails)
    items = read_table(bytes(data))
    assert [r["value"] for r in rows_by_number(items).values()] == ["Smit"]
    assert notes(items) == ["LevelDB table block skipped (the block at 0 fails its checksum)"]


def test_snappy_copies_and_bounds() -> None:
    """A literal, a copy with a 1-byte offset overlapping what it writes, one with a
    2-byte offset; a length claimed past the limit refused before decoding."""
    data = b"\x0d" + b"\x0cabcd" + b"\x05\x04" + b"\x0e\x08\x00"  # (abcd, abcda, bcda)
    assert snappy(data, 100) == b"abcdabcdabcda"
    with pytest.raises(Exception, match="claims"):
        snappy(bf.varint(1 << 40) + b"\x00a", 1 << 20)


@pytest.mark.parametrize(
    "data",
    [MAGIC, bytes(40) + MAGIC, bytes(2) + bf.varint(1 << 40) + bytes(30) + MAGIC,
     random.Random(4).randbytes(4096)],
)  # fmt: skip
def test_a_table_without_a_readable_index_is_an_error(data: bytes) -> None:
    with pytest.raises(ExtractError):
        read_table(data)


def test_a_table_whose_index_claims_a_huge_block_allocates_nothing() -> None:
    index = bf.table([[(bf.internal(b"a", 1), b"x")]])
    # (an index entry pointing at a block of 2**40 bytes: a handle rewritten by hand)
    body = bf._block([(b"b", bf.varint(0) + bf.varint(1 << 40))])
    crc = bf.masked(bf.crc32c(body + b"\x00"))
    data = body + b"\x00" + crc.to_bytes(4, "little")
    footer = bf.varint(0) + bf.varint(0) + bf.varint(0) + bf.varint(len(body))
    data += footer + bytes(40 - len(footer)) + index[-8:]
    with pytest.raises(ExtractError, match="no LevelDB table block read"):
        read_table(data)
