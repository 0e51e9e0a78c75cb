"""Packet captures (tcpdump's ``.pcap``, Wireshark's ``.pcapng``: an interface engine's
traffic captured to debug a link), read with dpkt: the data each TCP connection carried
in each direction, its segments put back in the order of their sequence numbers (a
segment sent again read once), is a child file scanned as any other
(``capture.pcap!/tcp-001-10.0.0.5.50312-10.0.0.9.2575``): an HL7 link's MLLP stream is
read as HL7 messages, an HTTP exchange or a database's wire protocol as what it holds.

Frames are read as Ethernet (VLAN tags too), Linux cooked captures (v1 and v2), BSD
loopback or raw IP (v4 and v6), each at most :data:`MAX_FRAME` bytes (a longer record's
length is a broken capture's: the reading stops there, what was read kept). Packets of
other protocols (UDP, ARP) and frames of another link type are counted in a note; a
capture's data is read up to ``Config.batch_bytes`` (the rest noted), in at most
:data:`MAX_STREAMS` connections.
Nothing in a packet is run.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, ClassVar

from breachscope.config import Config
from breachscope.extract.base import (
    ChildFile,
    Extracted,
    ExtractError,
    Extractor,
    Note,
    SkipFile,
    Source,
)
from breachscope.location import Location

PCAP_MAGICS = (b"\xa1\xb2\xc3\xd4", b"\xd4\xc3\xb2\xa1", b"\xa1\xb2\x3c\x4d", b"\x4d\x3c\xb2\xa1")
PCAPNG_MAGIC = b"\x0a\x0d\x0d\x0a"
MAX_STREAMS = 10_000
"""Most TCP connection directions read from one capture."""
_SEQ = 1 << 32

Flow = tuple[str, int, str, int]
"""A connection's direction: source address and port, destination address and port."""


@dataclass
class _Stream:
    """One direction of a TCP connection: its segments by offset from the first one's
    sequence number."""

    first: int
    segments: dict[int, bytes] = field(default_factory=dict)

    def add(self, seq: int, data: bytes) -> None:
        self.segments.setdefault((seq - self.first) % _SEQ, data)

    def data(self) -> bytes:
        """The segments in order, each overlap with what came before left out."""
        out = bytearray()
        for offset in sorted(self.segments):
            segment = self.segments[offset]
            if offset < len(out):
                segment = segment[len(out) - offset :]
            out += segment
        return bytes(out)


def _address(raw: bytes) -> str:
    import socket

    family = socket.AF_INET if len(raw) == 4 else socket.AF_INET6
    try:
        return socket.inet_ntop(family, raw).replace(":", "_")  # (a name's part: no colon)
    except (ValueError, OSError):
        return raw.hex()


def _network(dpkt: Any, link: int, frame: bytes) -> Any:
    """The IP packet a frame of link type ``link`` carries, else None."""
    if link == 1:  # Ethernet
        packet = dpkt.ethernet.Ethernet(frame).data
    elif link == 113:  # Linux cooked capture
        packet = dpkt.sll.SLL(frame).data
    elif link == 276:  # Linux cooked capture v2
        packet = dpkt.sll2.SLL2(frame).data
    elif link in (0, 108):  # BSD loopback
        packet = dpkt.loopback.Loopback(frame).data
    elif link in (101, 12, 14, 228, 229):  # raw IP
        version = frame[0] >> 4 if frame else 0
        packet = (
            dpkt.ip.IP(frame) if version == 4 else dpkt.ip6.IP6(frame) if version == 6 else None
        )
    else:
        return None
    return packet if isinstance(packet, dpkt.ip.IP | dpkt.ip6.IP6) else None


MAX_FRAME = 1 << 18
"""Largest frame (or pcapng block) read: a captured segment that the network card joined
is at most 64 KiB, a jumbo frame 9 KB; a larger length is a broken capture's."""


class _Bounded:
    """A capture's file for dpkt, refusing a read longer than :data:`MAX_FRAME` (a broken
    record's length would have it read the rest of the file at once)."""

    def __init__(self, fh: Any) -> None:
        self._fh = fh

    def read(self, size: int = -1) -> bytes:
        if size < 0 or size > MAX_FRAME:
            raise ValueError(f"a record longer than {MAX_FRAME} bytes")
        data: bytes = self._fh.read(size)
        return data


def _frames(dpkt: Any, fh: Any, head: bytes) -> Iterator[tuple[int, bytes]]:
    """``(link type, frame)`` of each captured frame."""
    if head == PCAPNG_MAGIC:
        reader = dpkt.pcapng.Reader(fh)
        links = [reader.datalink()]
        for _, frame in reader:  # (dpkt reads the first interface's link type)
            yield links[0], frame
        return
    reader = dpkt.pcap.Reader(fh)
    link = reader.datalink()
    for _, frame in reader:
        yield link, frame


class PcapExtractor(Extractor):
    """A packet capture's TCP data, a child file per connection direction."""

    id: ClassVar[str] = "pcap"
    types: ClassVar[frozenset[str]] = frozenset({"pcap"})

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        import dpkt  # (loaded for files that need it)

        if source.size == 0:
            raise SkipFile("empty file")
        streams: dict[Flow, _Stream] = {}
        total = skipped = 0
        over = False
        with source.open() as fh:
            head = fh.read(4)
            if head not in (*PCAP_MAGICS, PCAPNG_MAGIC):
                raise ExtractError("not a packet capture (no pcap or pcapng header)")
            fh.seek(0)
            frames = 0
            try:
                for link, frame in _frames(dpkt, _Bounded(fh), head):
                    frames += 1
                    try:
                        packet = _network(dpkt, link, frame)
                    except Exception:  # (a frame cut short or garbled: that frame only)
                        packet = None
                    segment = None if packet is None else packet.data
                    if not isinstance(segment, dpkt.tcp.TCP):
                        skipped += 1
                        continue
                    flow = (
                        _address(packet.src),
                        segment.sport,
                        _address(packet.dst),
                        segment.dport,
                    )
                    stream = streams.get(flow)
                    if stream is None:
                        if len(streams) >= MAX_STREAMS:
                            over = True
                            continue
                        stream = streams[flow] = _Stream(segment.seq + bool(segment.flags & 0x02))
                    if segment.data and total + len(segment.data) <= config.batch_bytes:
                        stream.add(segment.seq, bytes(segment.data))
                        total += len(segment.data)
                    elif segment.data:
                        over = True
            except Exception as exc:  # dpkt raises many kinds for a cut or bad capture
                if not frames:
                    raise ExtractError(
                        f"unreadable packet capture ({type(exc).__name__})"
                    ) from None
                yield Note(Location(source.path), f"capture cut short after {frames} frames")
        number = 0
        for (src, sport, dst, dport), stream in streams.items():
            data = stream.data()
            if data:
                number += 1
                yield ChildFile(f"tcp-{number:03d}-{src}.{sport}-{dst}.{dport}", data)
        if skipped:
            yield Note(Location(source.path), f"{skipped} frames of no TCP connection not read")
        if over:
            yield Note(Location(source.path), "capture's data beyond the limits not read")
