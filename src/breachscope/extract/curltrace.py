"""curl's trace output (``curl --trace-ascii FILE``, ``--trace FILE``: a developer's debug
log of an API call, the request's and the response's bodies in it).

curl writes, as its ``tool_cb_dbg.c`` does, a line per event: ``== Info: ...`` for its own
messages, and for the bytes sent and received a block's title (``=> Send header, 282
bytes (0x11a)``, ``=> Send data``, ``<= Recv header``, ``<= Recv data``, ``... SSL data``)
over its dump: lines of ``%04x: `` (the offset in the block) and, with ``--trace``, 16
bytes in hex and their characters; with ``--trace-ascii`` up to 64 characters, a CRLF
ending a line (its two bytes counted in the next offset, not shown) and a byte that is no
printable ASCII shown as a dot. ``--trace-time`` puts the time before each title.

A JSON body is thus cut every 64 (or 16) bytes, and a name, a BSN in it never whole.
Here the blocks are joined again into the bytes they dump: the headers, the request line
and the ``Info`` lines are the text of part ``trace`` (a header block's lines, its CRLFs as
line ends; other lines as they stand), and the data each side sends in a row (the blocks
between two header blocks) is a child file (:class:`~.base.ChildFile`) read as its own
type, named by its place, its side and the request's last path step, with its
``Content-Type``'s extension (``1-response-zoek.json``); a chunked body is unchunked, and,
from ``--trace``'s hex, a compressed one decoded by its ``Content-Encoding``. What
``--trace-ascii`` showed as dots stays dots. TLS records (``SSL data``) are passed over.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import ClassVar

from breachscope.config import Config
from breachscope.extract.base import ChildFile, Extracted, ExtractError, Extractor, Note, Source
from breachscope.extract.chromecache import body_name, decode_body
from breachscope.extract.chunking import cut_text
from breachscope.extract.encoding import decode_bytes
from breachscope.ingest.filetype import CURL_TITLE as TITLE
from breachscope.ingest.filetype import is_curl_trace
from breachscope.location import Location

_HEX_LINE = re.compile(r"([0-9a-f]{4,16}): ((?:[0-9a-f]{2} |   ){16})(.{0,16})")
_ASCII_LINE = re.compile(r"([0-9a-f]{4,16}): (.*)")
_REQUEST = re.compile(r"[A-Z]{3,10} (\S+) HTTP/")


@dataclass
class _Block:
    """A block being read: its side and kind, its size and the bytes so far."""

    send: bool
    kind: str
    size: int
    data: bytearray = field(default_factory=bytearray)
    hexed: bool = False

    def add(self, line: str) -> bool:
        """Add a dump line's bytes; False where the line is none of the block's."""
        hexed = _HEX_LINE.fullmatch(line)
        if hexed is not None and (self.hexed or not self.data):
            if int(hexed[1], 16) != len(self.data):
                return False
            self.hexed = True
            self.data += bytes.fromhex(hexed[2].replace(" ", ""))
            return True
        found = _ASCII_LINE.fullmatch(line)
        if found is None or self.hexed:
            return False
        offset = int(found[1], 16)
        gap = offset - len(self.data)
        if gap == 2:
            self.data += b"\r\n"  # (a CRLF ended the line before)
        elif gap:
            return False
        self.data += found[2].encode("latin-1", errors="replace")
        return True

    def bytes(self) -> bytes:
        """The block's bytes, a CRLF its last line ended with restored."""
        if not self.hexed and self.size - len(self.data) == 2:
            return bytes(self.data) + b"\r\n"
        return bytes(self.data)


@dataclass
class _Side:
    """What one side (request or response) sent since its last headers."""

    headers: list[str] = field(default_factory=list)
    body: bytearray = field(default_factory=bytearray)


def _header(headers: list[str], name: str) -> str:
    for line in headers:
        key, sep, value = line.partition(":")
        if sep and key.strip().lower() == name:
            return value.strip()
    return ""


def unchunk(body: bytes) -> bytes | None:
    """A chunked body's data (RFC 9112: size lines, data, a zero size), or None."""
    out = bytearray()
    pos = 0
    while True:
        end = body.find(b"\r\n", pos)
        if end < 0:
            return None
        try:
            size = int(body[pos:end].split(b";")[0].strip(), 16)
        except ValueError:
            return None
        if size == 0:
            return bytes(out)
        if end + 2 + size > len(body):
            return None
        out += body[end + 2 : end + 2 + size]
        pos = end + 2 + size + 2


class CurlTraceExtractor(Extractor):
    """curl's ``--trace``/``--trace-ascii`` output: headers as text, bodies as files."""

    id: ClassVar[str] = "curl-trace"
    types: ClassVar[frozenset[str]] = frozenset({"curl-trace"})

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        raw = source.read_document(config.batch_bytes, "curl trace")
        text = decode_bytes(raw)
        if not is_curl_trace(text):
            raise ExtractError("no curl trace (no Info line or block title)")
        state = _Trace(config.batch_bytes)
        for line in text.splitlines():
            yield from state.line(line)
        yield from state.close()
        location = Location(source.path, part="trace")
        yield from cut_text(location, "\n".join(state.text), config.max_text_unit_chars)
        for note in state.notes:
            yield Note(Location(source.path), note)


class _Trace:
    """The trace read line by line: its text, the current block, each side's body."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.text: list[str] = []
        self.notes: list[str] = []
        self.block: _Block | None = None
        self.sides = {True: _Side(), False: _Side()}
        self.step = ""
        """The path of the last request (``/api/v2/patienten/zoek?bsn=...``)."""
        self.count = 0
        """Requests seen (the bodies of the first are ``1-request-...``, ``1-response-...``)."""
        self.used: set[str] = set()
        self.out: list[ChildFile] = []

    def line(self, line: str) -> Iterator[ChildFile]:
        """Read one line of the trace; yield the bodies it completes."""
        line = line.rstrip("\r")
        title = TITLE.fullmatch(line.rstrip())
        if title is not None:
            self._end_block()
            send, kind = title[1] == "=>", title[3]
            if kind == "header":
                self._body(send)  # (a side's headers end what it sent before)
            self.block = _Block(send, kind, int(title[4]))
        elif self.block is not None and self.block.add(line):
            if len(self.block.data) > self.limit:
                raise ExtractError(f"a block larger than {self.limit} bytes")
        else:
            self._end_block()
            self.text.append(line)
        yield from self.out
        self.out = []

    def _end_block(self) -> None:
        block, self.block = self.block, None
        if block is None:
            return
        data = block.bytes()
        side = self.sides[block.send]
        if block.kind == "header":
            lines = data.decode("latin-1").splitlines()
            if block.send and lines and (request := _REQUEST.match(lines[0])):
                self._body(False)  # (the answer to the request before)
                self.step, self.count = request[1], self.count + 1
                side.headers = []
                self.sides[False].headers = []
            side.headers.extend(ln for ln in lines if ln)
            self.text.extend(lines if lines else [""])
        elif block.kind == "data":
            side.body += data

    def _body(self, send: bool) -> None:
        """The body one side sent, handed on as a file (none where it sent nothing)."""
        side = self.sides[send]
        body, side.body = bytes(side.body), bytearray()
        if not body:
            return
        headers = side.headers
        if "chunked" in _header(headers, "transfer-encoding").lower():
            body = unchunk(body) or body
        coding = _header(headers, "content-encoding")
        if coding:
            body, why = decode_body(body, coding, self.limit)
            if why is not None:
                self.notes.append(f"a body is kept as it was dumped: {why}")
        role = "request" if send else "response"
        name = body_name(self.step or "/body", ["", *headers], set())
        self.out.append(ChildFile(self._unique(f"{max(self.count, 1)}-{role}-{name}"), body))

    def _unique(self, name: str) -> str:
        candidate, n = name, 2
        while candidate in self.used:
            stem, dot, ext = name.rpartition(".")
            candidate = f"{stem}-{n}.{ext}" if dot else f"{name}-{n}"
            n += 1
        self.used.add(candidate)
        return candidate

    def close(self) -> Iterator[ChildFile]:
        """The bodies the trace ends in."""
        self._end_block()
        self._body(True)
        self._body(False)
        yield from self.out
        self.out = []
