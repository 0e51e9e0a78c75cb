"""MessagePack files: a stream of maps a record each, read by the specification."""

from __future__ import annotations

import io

import pytest

from breachscope.config import Config
from breachscope.extract.base import Extracted, ExtractError, Note, Source
from breachscope.extract.msgpackfile import MsgpackExtractor
from breachscope.extract.units import TableUnit
from breachscope.ingest.filetype import FileType, is_msgpack, sniff
from breachscope.ingest.msgpackwire import timestamp, unpack

from .samples import MSGPACK_RECORDS, msgpack_bytes, msgpack_sample


def _run(data: bytes) -> list[Extracted]:
    source = Source("cache.msgpack", "msgpack", len(data), lambda: io.BytesIO(data))
    return list(MsgpackExtractor().extract(source, Config()))


def test_a_stream_of_maps_is_a_record_each() -> None:
    (table,) = [u for u in _run(msgpack_sample().data) if isinstance(u, TableUnit)]
    assert table.data.column("__row__").to_pylist() == [1, 2, 3]
    assert "adres.pc" in table.columns


def test_a_cut_stream_keeps_its_whole_values_with_a_note() -> None:
    data = msgpack_sample().data
    items = _run(data[:-5])
    (table,) = [u for u in items if isinstance(u, TableUnit)]
    assert table.data.num_rows == 2
    assert any(isinstance(n, Note) and "stopped" in n.reason for n in items)
    with pytest.raises(ExtractError):
        _run(b"\xc1\xc1\xc1")


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        ((1728717242).to_bytes(4, "big"), "2024-10-12T07:14:02Z"),
        (((500_000_000 << 34) | 1728717242).to_bytes(8, "big"), "2024-10-12T07:14:02.500000Z"),
        (b"\x00" * 3, None),
    ],
)
def test_timestamps(raw: bytes, text: str | None) -> None:
    assert timestamp(raw) == text
    if text is not None:
        assert unpack(bytes([0xD6 if len(raw) == 4 else 0xD7, 0xFF]) + raw, 0, 0)[0] == text


@pytest.mark.parametrize(
    ("data", "complete", "expected"),
    [
        (msgpack_sample().data, True, True),
        (msgpack_sample().data[:-5], False, True),  # cut by the head: two maps before
        (msgpack_bytes({"naam": "Jansen"}), True, True),
        (msgpack_bytes({"1": 2}), True, False),  # no letter in a key
        (msgpack_bytes(MSGPACK_RECORDS[0])[:-3], True, False),  # the whole file, cut
        (b"\x83" + b"x" * 40, True, False),
        ("Štěpán Novák, Praha".encode("cp1250"), True, False),  # text that opens with 0x8a
        (msgpack_bytes(["naam", "Jansen"]), True, False),  # an array: no map
    ],
)
def test_sniffing(data: bytes, complete: bool, expected: bool) -> None:
    assert is_msgpack(data, complete) is expected


def test_it_is_sniffed_as_msgpack() -> None:
    assert sniff(io.BytesIO(msgpack_sample().data), "x.bin") is FileType.MSGPACK
