"""MySQL and MariaDB binary logs: the statements of query events (and those kept beside
row events) and the rows of row events, decoded by their table maps, as a child SQL file
read by the SQL reader; logs written by the samples' writer by the format (MySQL's
``libbinlogevents``, ``rows_event.h``), with and without checksums."""

from __future__ import annotations

import io
import random
import struct
import zlib

import pytest

from breachscope.config import Config
from breachscope.extract.base import ChildFile, Extracted, ExtractError, Note, Source
from breachscope.extract.mysqlbinlog import MysqlBinlogExtractor
from breachscope.extract.sql import SqlExtractor
from breachscope.ingest.filetype import FileType, sniff_bytes

from .rows import rows_by_part
from .samples import BSN, DOB, binlog, binlog_query, mysql_binlog_sample

pytestmark = pytest.mark.timeout(60)


def extract(data: bytes, config: Config | None = None) -> list[Extracted]:
    source = Source("mysql/binlog.000217", "mysql-binlog", len(data), lambda: io.BytesIO(data))
    return list(MysqlBinlogExtractor().extract(source, config or Config()))


def children(items: list[Extracted]) -> dict[str, bytes]:
    return {c.name: c.data for c in items if isinstance(c, ChildFile)}


def notes(items: list[Extracted]) -> list[str]:
    return [n.reason for n in items if isinstance(n, Note)]


def tables(child: bytes) -> dict[str | None, dict[int, dict[str, str]]]:
    """What the SQL reader reads in a child, as the scan would (it is sniffed as SQL)."""
    assert sniff_bytes(child, "binlog.000217.sql") is FileType.SQL
    source = Source("t.sql", "sql", len(child), lambda: io.BytesIO(child))
    return rows_by_part(list(SqlExtractor().extract(source, Config())))


def test_statements_become_a_child_sql_file_with_their_schema_position_and_time() -> None:
    data = mysql_binlog_sample().data
    assert sniff_bytes(data, "binlog.000217") is FileType.MYSQL_BINLOG
    items = extract(data)
    child = children(items)["binlog.000217.sql"]
    text = child.decode()
    assert text.startswith("-- at 125, 2024-05-12T03:14:00Z\nUSE `lims`;\nBEGIN;\n")
    assert text.count("USE `lims`;") == 1 and "USE `lims_archief`;" in text
    assert f"WHERE bsn = '{BSN[1]}';\n" in text
    rows = tables(child)
    assert rows["patient"][1] == {"bsn": BSN[0], "naam": "Jansen-de Vries", "geboren": DOB[0]}
    assert rows["oud"][1] == {"bsn": BSN[2], "naam": "Ömer Yılmaz"}
    assert not notes(items)


def test_a_server_without_checksums_and_one_with_them_switched_off() -> None:
    events = [(2, binlog_query("lims", f"INSERT INTO p (bsn) VALUES ('{BSN[0]}')"))]
    for server in ("5.5.62-log", "8.0.36"):
        child = children(extract(binlog(events, server=server, checksum=False)))
        assert f"VALUES ('{BSN[0]}');" in child["binlog.000217.sql"].decode()


def _table_map(number: int, columns: list[tuple[int, bytes]], names: list[str]) -> bytes:
    """A table map's body: number, flags, schema, table, column types, metadata, null
    bitmap and (``names``) the optional field of the columns' names."""
    body = number.to_bytes(6, "little") + b"\1\0" + b"\4lims\0" + b"\7patient\0"
    body += bytes([len(columns)]) + bytes(kind for kind, _ in columns)
    meta = b"".join(m for _, m in columns)
    body += bytes([len(meta)]) + meta + b"\xff"
    if names:
        field = b"".join(bytes([len(n)]) + n.encode() for n in names)
        body += bytes([4, len(field)]) + field
    return body


COLUMNS = [
    (15, struct.pack("<H", 20)),  # varchar(20)
    (15, struct.pack("<H", 400)),  # varchar(100) utf8mb4: a two-byte length
    (10, b""),  # date
    (3, b""),  # int
    (246, bytes([10, 2])),  # decimal(10, 2)
    (18, b"\0"),  # datetime
    (252, b"\2"),  # text
]


def _row(values: list[bytes | None]) -> bytes:
    nulls = sum(1 << i for i, v in enumerate(values) if v is None)
    return nulls.to_bytes(1, "little") + b"".join(v for v in values if v is not None)


def _rows_body(number: int, rows: list[list[bytes | None]], version: int, update: bool) -> bytes:
    body = number.to_bytes(6, "little") + b"\1\0" + (b"\2\0" if version == 2 else b"")
    body += bytes([len(COLUMNS)]) + b"\x7f" + (b"\x7f" if update else b"")
    return body + b"".join(_row(r) for r in rows)


def _datetime2(year: int, month: int, day: int, h: int, m: int, s: int) -> bytes:
    packed = ((year * 13 + month) << 22) | (day << 17) | (h << 12) | (m << 6) | s
    return (packed + 0x8000000000).to_bytes(5, "big")


ROW = [
    b"\x09" + BSN[0].encode(),
    struct.pack("<H", 15) + b"Jansen-de Vries",
    ((1978 << 9) | (3 << 5) | 4).to_bytes(3, "little"),
    struct.pack("<i", -42),
    b"\x80\x00\x00\x7b\x2d",  # 123.45: the whole digits in 4 bytes, the fraction in 1
    _datetime2(2024, 5, 12, 3, 14, 0),
    struct.pack("<H", 20) + b"O'Brien\\ regel\nnieuw",
]


def test_row_events_are_read_as_inserts_by_their_table_map() -> None:
    names = ["bsn", "naam", "geboren", "n", "bedrag", "gewijzigd", "opmerking"]
    second = [b"\x09" + BSN[1].encode(), None, None, struct.pack("<i", 7), None, None, None]
    events = [
        (2, binlog_query("lims", "BEGIN")),
        (19, _table_map(77, COLUMNS, names)),
        (30, _rows_body(77, [ROW, second], 2, False)),
        (19, _table_map(78, COLUMNS, [])),
        (24, _rows_body(78, [second, ROW], 1, True)),
        (32, _rows_body(99, [ROW], 2, False)),  # (a table not mapped)
        (16, struct.pack("<Q", 77)),  # the transaction's end
    ]
    items = extract(binlog(events))
    text = children(items)["binlog.000217.sql"].decode()
    assert "-- rows written\nINSERT INTO `lims`.`patient` (`bsn`, `naam`" in text
    assert "-- rows updated\n" in text
    rows = tables(children(items)["binlog.000217.sql"])["lims.patient"]
    assert rows[1] == {
        "bsn": BSN[0], "naam": "Jansen-de Vries", "geboren": DOB[0], "n": "-42",
        "bedrag": "123.45", "gewijzigd": "2024-05-12 03:14:00",
        "opmerking": "O'Brien\\ regel\nnieuw",
    }  # fmt: skip
    assert rows[2] == {"bsn": BSN[1], "n": "7"}
    assert rows[3] == {"column1": BSN[1], "column4": "7"}
    assert rows[4]["column2"] == "Jansen-de Vries" and rows[4]["column3"] == DOB[0]
    assert notes(items) == ["1 row events not read (first: a row event of table 99, not mapped)"]


def test_the_statement_kept_beside_row_events_is_read() -> None:
    rows_query = b"\x2a" + f"INSERT INTO p (bsn) VALUES ('{BSN[1]}')".encode()
    status = b"\x00\x00\x00\x00\x00\x01\x00\x00\x20\x50\x00\x00\x00\x00"  # flags2, sql_mode
    events = [(2, binlog_query("lims", "BEGIN", status)), (29, rows_query)]
    text = children(extract(binlog(events)))["binlog.000217.sql"].decode()
    assert "USE `lims`;\nBEGIN;\n" in text and f"VALUES ('{BSN[1]}');" in text


def test_mariadb_annotations_and_compressed_queries() -> None:
    statement = f"INSERT INTO p (bsn) VALUES ('{BSN[2]}')".encode()
    packed = bytes([0x81, len(statement)]) + zlib.compress(statement)
    events = [
        (160, f"UPDATE p SET naam = 'Jansen' WHERE bsn = '{BSN[0]}'".encode()),
        (165, binlog_query("lims", packed)),
    ]
    text = children(extract(binlog(events, server="10.11.6-MariaDB-log")))
    assert f"WHERE bsn = '{BSN[0]}';\n" in text["binlog.000217.sql"].decode()
    assert f"VALUES ('{BSN[2]}');" in text["binlog.000217.sql"].decode()


def test_a_log_past_batch_bytes_is_cut_into_children_each_with_its_schema() -> None:
    events = [(2, binlog_query("lims", f"INSERT INTO p (n) VALUES ('{i:0200}')")) for i in range(9)]
    items = extract(binlog(events), Config(batch_bytes=1000))
    found = children(items)
    assert len(found) > 2 and "binlog.000217.2.sql" in found
    assert all(b"USE `lims`;" in data for data in found.values())
    assert sum(data.count(b"INSERT") for data in found.values()) == 9


def test_a_damaged_event_ends_the_reading_keeping_the_statements_before() -> None:
    data = bytearray(mysql_binlog_sample().data)
    data[-10] ^= 0xFF  # (inside the last statement: its checksum no longer matches)
    items = extract(bytes(data))
    text = children(items)["binlog.000217.sql"].decode()
    assert f"WHERE bsn = '{BSN[1]}'" in text and BSN[2] not in text
    assert "checksum of the event at byte" in notes(items)[0]


def test_a_log_cut_short_and_a_hostile_length() -> None:
    data = mysql_binlog_sample().data
    items = extract(data[:-20])
    assert "file ends inside the event" in notes(items)[0]
    assert BSN[1] in children(items)["binlog.000217.sql"].decode()
    hostile = data[:134] + struct.pack("<I", 0xFFFFFFF0) + data[138:]
    items = extract(hostile)
    assert "longer than" in notes(items)[0] and not children(items)


@pytest.mark.parametrize(
    "data",
    [b"", b"\xfebin", b"\xfebin" + bytes(19), random.Random(3).randbytes(2000), b"\0" * 500],
)
def test_what_is_no_log_fails(data: bytes) -> None:
    with pytest.raises(ExtractError):
        extract(data)
    assert sniff_bytes(data, "binlog.000001") is not FileType.MYSQL_BINLOG
