"""Packet captures: each TCP connection's data in each direction, its segments back in
order, is a child file (an HL7 link's MLLP stream then read as HL7); pcapng too; a
capture cut short keeps what was read."""

from __future__ import annotations

import io

import pytest

from breachscope.config import Config
from breachscope.extract.base import ChildFile, Extracted, ExtractError, Note, Source
from breachscope.extract.pcap import PcapExtractor
from breachscope.ingest.filetype import FileType, sniff_bytes

from .samples import PCAP_STREAMS, pcap_sample

pytestmark = pytest.mark.timeout(60)


def extract(data: bytes) -> list[Extracted]:
    source = Source("c.pcap", "pcap", len(data), lambda: io.BytesIO(data))
    return list(PcapExtractor().extract(source, Config()))


def children(items: list[Extracted]) -> dict[str, bytes]:
    return {c.name: c.data for c in items if isinstance(c, ChildFile)}


def test_each_direction_of_a_connection_is_a_child_file_read_as_what_it_holds() -> None:
    data = pcap_sample().data
    assert sniff_bytes(data, "mllp.pcap") is FileType.PCAP
    items = extract(data)
    assert children(items) == PCAP_STREAMS
    assert [n.reason for n in items if isinstance(n, Note)] == [
        "1 frames of no TCP connection not read"
    ]
    for stream in PCAP_STREAMS.values():
        assert sniff_bytes(stream, "tcp-001") is FileType.HL7  # (MLLP framing)


def test_a_pcapng_capture() -> None:
    import dpkt

    buf = io.BytesIO()
    writer = dpkt.pcapng.Writer(buf)
    for ts, frame in dpkt.pcap.Reader(io.BytesIO(pcap_sample().data)):
        writer.writepkt(frame, ts=ts)
    data = buf.getvalue()
    assert sniff_bytes(data, "capture.pcapng") is FileType.PCAP
    assert children(extract(data)) == PCAP_STREAMS


def test_a_capture_cut_short_keeps_what_was_read() -> None:
    data = pcap_sample().data
    assert list(children(extract(data[:-30]))) == list(PCAP_STREAMS)
    broken = data + (1715671999).to_bytes(4, "little") + bytes(4) + b"\xff\xff\xff\x7f" * 2
    items = extract(broken + b"a;" * 1000)  # (a record's length larger than any frame)
    assert children(items) == PCAP_STREAMS
    assert "capture cut short after 8 frames" in [n.reason for n in items if isinstance(n, Note)]
    with pytest.raises(ExtractError):
        extract(data[:24] + b"\xff" * 40)


def test_a_garbled_frame_is_skipped_and_the_rest_read() -> None:
    import struct

    data = pcap_sample().data
    garbled = b"\x01\x02"  # (a frame cut short of its own Ethernet header)
    record = struct.pack("<IIII", 1715671930, 0, len(garbled), len(garbled)) + garbled
    items = extract(data[:24] + record + data[24:])
    assert children(items) == PCAP_STREAMS
    assert "2 frames of no TCP connection not read" in [
        n.reason for n in items if isinstance(n, Note)
    ]
