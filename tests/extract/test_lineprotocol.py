"""InfluxDB line protocol: a table per measurement, tags and fields as columns, escapes
resolved, a string over lines; bad lines counted; what holds no point fails."""

from __future__ import annotations

import io
import random

import pytest

from breachscope.config import Config
from breachscope.extract.base import Extracted, ExtractError, Note, Source
from breachscope.extract.lineprotocol import LineError, LineProtocolExtractor, point
from breachscope.ingest.filetype import FileType, sniff_bytes

from .rows import rows_by_part
from .samples import LINE_PROTOCOL_CELLS, LINE_PROTOCOL_TEXT

pytestmark = pytest.mark.timeout(60)


def extract(data: bytes) -> list[Extracted]:
    source = Source("backup/x.lp", "line-protocol", len(data), lambda: io.BytesIO(data))
    return list(LineProtocolExtractor().extract(source, Config()))


def test_an_export_reads_a_table_per_measurement() -> None:
    assert sniff_bytes(LINE_PROTOCOL_TEXT.encode(), "x.lp") is FileType.LINE_PROTOCOL
    parts = rows_by_part(extract(LINE_PROTOCOL_TEXT.encode()))
    for (part, row, column), value in LINE_PROTOCOL_CELLS.items():
        assert parts[part][row][column] == value
    assert set(parts["hl7_wachtrij"][8]) == {"host", "lengte", "gem", "time"}


def test_points_escapes_and_types() -> None:
    text = 'cpu\\ load,ho\\=st=a\\ b x=1u,y=-2.5,z="a\\\\b",w=TRUE\nnext'
    found, end = point(text, 0)
    assert found.measurement == "cpu load"
    assert found.tags == [("ho=st", "a b")]
    assert found.fields == [("x", "1"), ("y", "-2.5"), ("z", "a\\b"), ("w", "TRUE")]
    assert found.time is None and end == text.index("next")
    found, _ = point("m,path=C:\\temp v=1i 17", 0)
    assert found.tags == [("path", "C:\\temp")] and found.time == "17"
    for bad in ("m", "m,t v=1", "m v=abc 1", 'm v="open 1', "m v=1 12x", ",t=1 v=1"):
        with pytest.raises(LineError):
            point(bad, 0)


def test_a_tag_named_as_a_field_and_bad_lines_counted() -> None:
    data = b'm,naam=a naam="b" 1715498704000000000\nkapot regel\nm v=1i 1715498704000000001\n'
    items = extract(data)
    parts = rows_by_part(items)
    assert parts["m"][1] == {"naam": "a", "naam (2)": "b", "time": "1715498704000000000"}
    assert parts["m"][3]["v"] == "1"
    assert any(isinstance(i, Note) and "1 lines" in i.reason for i in items)


def test_not_line_protocol() -> None:
    for data in (b"# alleen commentaar\n", random.Random(6).randbytes(4096), b"\0" * 4096):
        with pytest.raises(ExtractError):
            extract(data)
    assert sniff_bytes(b"naam,bsn\nJansen,123456782\nSmit,111222333\n", "x") is FileType.CSV
    assert sniff_bytes(b"Dit is een zin met x=1 erin\n", "x") is not FileType.LINE_PROTOCOL
