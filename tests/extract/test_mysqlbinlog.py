"""MySQL and MariaDB binary logs: the statements of query events (and those kept beside
row events) as a child SQL file read by the SQL reader; logs written by the samples'
writer by the format (MySQL's ``libbinlogevents``), with and without checksums."""

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


def test_status_variables_are_passed_over_and_row_events_counted() -> None:
    status = b"\x00\x00\x00\x00\x00\x01\x00\x00\x20\x50\x00\x00\x00\x00"  # flags2, sql_mode
    rows_query = b"\x2a" + f"INSERT INTO p (bsn) VALUES ('{BSN[1]}')".encode()
    events = [
        (2, binlog_query("lims", "BEGIN", status)),
        (19, b"\x01" * 20),  # a table map
        (29, rows_query),
        (30, b"\x01" * 30),  # written rows, not read
        (16, struct.pack("<Q", 77)),  # the transaction's end
    ]
    items = extract(binlog(events))
    text = children(items)["binlog.000217.sql"].decode()
    assert "USE `lims`;\nBEGIN;\n" in text and f"VALUES ('{BSN[1]}');" in text
    assert notes(items) == ["1 row events (row-based logging) not read"]


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
