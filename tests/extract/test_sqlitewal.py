"""SQLite write-ahead logs without their database: every frame's rows, named from page 1
where the log holds it, overflow pages followed, damage kept to a note."""

from __future__ import annotations

import os
import sqlite3
import struct

import pytest

from breachscope.config import Config
from breachscope.extract.base import Extracted, ExtractError, Note, SkipFile
from breachscope.extract.sqlitewal import SqliteWalExtractor, table_columns
from breachscope.extract.units import TableUnit
from breachscope.ingest.filetype import FileType, sniff_bytes

from .rows import table_records
from .samples import BSN, WAL_LONG, Sample, sqlite_wal_sample
from .walwriter import sqlite_wal

pytestmark = pytest.mark.timeout(60)
PAGE = 1024
STEP = 24 + PAGE


def _read(data: bytes, config: Config | None = None) -> list[Extracted]:
    sample = Sample(data, "sqlite-wal", "balie/ontvangst.db-wal")
    return list(SqliteWalExtractor().extract(sample.source(), config or Config()))


def _wal(encoding: str = "UTF-8") -> bytes:
    """A WAL of one table written in ``encoding``, its page 1 in the first frame."""

    def write(con: sqlite3.Connection) -> None:
        con.execute('CREATE TABLE "mon ster" ([bar code] TEXT, "p""id" INT, CHECK (1))')
        con.execute("INSERT INTO \"mon ster\" VALUES ('Müller', 123456782)")

    return sqlite_wal(write, (f"encoding = '{encoding}'", "page_size = 1024"))


def test_every_frame_rows_with_their_frame_and_commit() -> None:
    items = _read(sqlite_wal_sample().data)
    rows = table_records(items, "patient")
    assert [(r["wal_frame"], r["id"]) for r in rows] == [
        ("4", "1"),
        ("4", "2"),
        ("6", "2"),
        ("7", "2"),
        ("7", "3"),
    ]
    assert rows[0]["bsn"] == BSN[0]  # the deleted row, in its older frame
    assert rows[0]["foto"] is None  # a BLOB of bytes
    assert rows[1]["foto"] == "Dorpsstraat 12A"
    assert rows[1]["opm"] == WAL_LONG  # on its overflow page
    assert rows[4]["score"] == "-7" and rows[0]["score"] == "1.5"
    assert {r["wal_state"] for r in rows} == {"committed"}
    master = table_records(items, "sqlite_master")
    assert master[0]["name"] == "patient" and master[0]["rootpage"] == "2"
    assert not [i for i in items if isinstance(i, Note)]


def test_rows_in_chunks_numbered_per_part() -> None:
    items = _read(sqlite_wal_sample().data, Config(max_table_rows_per_unit=2))
    units = [u for u in items if isinstance(u, TableUnit) and u.location.part == "patient"]
    assert [u.data.column("__row__").to_pylist() for u in units] == [[1, 2], [3, 4], [5]]


def test_without_page_one_pages_and_positional_columns() -> None:
    data = sqlite_wal_sample().data
    head, frames = data[:32], [data[32 + i * STEP : 32 + (i + 1) * STEP] for i in range(7)]
    items = _read(head + b"".join(f for f in frames if struct.unpack(">I", f[:4])[0] != 1))
    rows = table_records(items, "page-2")
    assert rows[0]["c1"] == "Jansen-de Vries" and rows[0]["c0"] is None
    assert rows[0]["rowid"] == "1"
    assert {r["wal_state"] for r in rows} == {"stale"}  # the checksum chain is broken


@pytest.mark.parametrize("encoding", ["UTF-8", "UTF-16le", "UTF-16be"])
def test_names_from_create_and_text_in_its_encoding(encoding: str) -> None:
    rows = table_records(_read(_wal(encoding)), "mon ster")
    assert rows[-1]["bar code"] == "Müller" and rows[-1]['p"id'] == "123456782"


def test_damage_after_a_frame_makes_later_frames_stale() -> None:
    data = bytearray(sqlite_wal_sample().data)
    data[32 + 5 * STEP + 24 + 500] ^= 0xFF  # frame 6's page
    rows = table_records(_read(bytes(data)), "patient")
    assert [r["wal_state"] for r in rows] == ["committed", "committed", "stale", "stale", "stale"]
    assert rows[4]["wal_commit"] is None


def test_truncated_log_keeps_what_came_before() -> None:
    data = sqlite_wal_sample().data
    items = _read(data[: 32 + 6 * STEP + 100])
    assert len(table_records(items, "patient")) == 3
    assert any(isinstance(i, Note) and "frame 7 cut short" in i.reason for i in items)


def test_hostile_payload_length_is_a_note() -> None:
    data = bytearray(sqlite_wal_sample().data)
    page = 32 + 6 * STEP + 24  # frame 7: page 2, a leaf
    first = struct.unpack_from(">H", data, page + 8)[0]
    data[page + first : page + first + 9] = b"\xff" * 9  # a payload of 2**64 - 1 bytes
    items = _read(bytes(data))
    assert any(isinstance(i, Note) and "frame 7" in i.reason for i in items)
    assert len(table_records(items, "patient")) >= 4


def test_other_bytes_fail() -> None:
    with pytest.raises(ExtractError, match="not a SQLite WAL"):
        _read(os.urandom(4096))
    with pytest.raises(SkipFile):
        _read(sqlite_wal_sample().data[:32])
    with pytest.raises(SkipFile):
        _read(b"")


def test_table_columns_from_create_text() -> None:
    assert table_columns(
        "CREATE TABLE t (id INTEGER PRIMARY KEY, [a b] TEXT, `c` NUMERIC(10, 2), "
        "CONSTRAINT x UNIQUE (a), PRIMARY KEY (id))"
    ) == (["id", "a b", "c"], 0)
    assert table_columns("CREATE TABLE t (k TEXT, id INTEGER PRIMARY KEY) WITHOUT ROWID") == (
        ["k", "id"],
        None,
    )
    assert table_columns("CREATE TABLE t") == ([], None)


def test_sniffed_by_its_header() -> None:
    assert sniff_bytes(sqlite_wal_sample().data, "x") is FileType.SQLITE_WAL
    assert sniff_bytes(_wal()[:32], "x") is FileType.SQLITE_WAL


def _big_wal() -> bytes:
    """A WAL whose table spans leaf pages under an interior root page."""

    def write(con: sqlite3.Connection) -> None:
        con.execute("CREATE TABLE uitslag (nr INTEGER PRIMARY KEY, tekst TEXT)")
        con.execute("BEGIN")
        for nr in range(1, 41):
            con.execute("INSERT INTO uitslag VALUES (?, ?)", [nr, f"uitslag {nr:03d} " * 10])
        con.execute("COMMIT")

    return sqlite_wal(write)


def test_leaves_under_an_interior_page_are_their_table() -> None:
    data = _big_wal()
    rows = table_records(_read(data), "uitslag")
    assert sorted({int(str(r["nr"])) for r in rows}) == list(range(1, 41))
    count = (len(data) - 32) // STEP
    frames = [data[32 + i * STEP : 32 + (i + 1) * STEP] for i in range(count)]
    kept = [f for f in frames if struct.unpack(">I", f[:4])[0] != 1]
    items = _read(data[:32] + b"".join(kept))
    parts = {u.location.part for u in items if isinstance(u, TableUnit)}
    assert parts == {"tree-2"}
    assert len(table_records(items, "tree-2")) >= 40


def _big_endian(data: bytes) -> bytes:
    """The WAL with magic ``0x377f0683`` and its checksums counted big-endian, as a
    big-endian machine writes it (by the file format's checksum)."""

    def checksum(chunk: bytes, s0: int, s1: int) -> tuple[int, int]:
        words = struct.unpack(f">{len(chunk) // 4}I", chunk)
        for i in range(0, len(words), 2):
            s0 = (s0 + words[i] + s1) & 0xFFFFFFFF
            s1 = (s1 + words[i + 1] + s0) & 0xFFFFFFFF
        return s0, s1

    out = bytearray(data)
    out[0:4] = bytes.fromhex("377f0683")
    s = checksum(bytes(out[:24]), 0, 0)
    struct.pack_into(">II", out, 24, *s)
    for at in range(32, len(out) - STEP + 1, STEP):
        s = checksum(bytes(out[at : at + 8]), *s)
        s = checksum(bytes(out[at + 24 : at + STEP]), *s)
        struct.pack_into(">II", out, at + 16, *s)
    return bytes(out)


def test_big_endian_checksums() -> None:
    rows = table_records(_read(_big_endian(sqlite_wal_sample().data)), "patient")
    assert [r["wal_state"] for r in rows] == ["committed"] * 5
