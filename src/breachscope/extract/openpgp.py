"""OpenPGP messages (RFC 4880, RFC 9580) that are not encrypted: a file ``gpg --store``d,
``gpg --sign``ed or compressed (``uitslagen.csv.gpg``; ASCII-armoured ``.asc``), and
cleartext-signed text (``gpg --clearsign``). Nothing is ever handed to gpg.

Armour (section 6.2) is a ``-----BEGIN PGP MESSAGE-----`` line, header lines (``Version:``,
``Comment:``) up to a blank line, base64 and its CRC-24 checksum line (``=g+0W``); a
checksum that does not match is noted, the message still read (a block's over
:data:`MAX_CRC_BYTES` is not checked, as RFC 9580 allows). Each armoured block of a
file is read; the text outside them is read as text too.

The packets (:mod:`breachscope.ingest.pgphead` reads their headers, old and new formats,
partial body lengths joined) are read in order:

- compressed data (tag 8): its packets, inflated as ZIP (raw deflate), ZLIB or BZip2, at
  most ``Config.batch_bytes`` in all, read in turn (at most :data:`MAX_LAYERS` deep);
- literal data (tag 11): a child file read as its own type, named by the file name the
  packet holds (``uitslagen_okt.csv``), else (no name, or ``_CONSOLE``) by the message's
  own name without ``.asc``/``.gpg``/``.pgp``;
- signatures, one-pass signatures, markers and other packets are passed over (a signed
  message's literal data is read all the same);
- an encrypted session key (tags 1, 3) or encrypted data (9, 18, 20): the message is
  encrypted and is skipped with the reason ``encrypted``.

A cleartext-signed message (section 7) is its text between the ``Hash:`` headers and
``-----BEGIN PGP SIGNATURE-----``, its dash-escaping (``- `` before a line) undone: part
``text``, characters of that text, as is the text outside armoured blocks.
"""

from __future__ import annotations

import base64
import binascii
import bz2
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import ClassVar

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
from breachscope.extract.chunking import cut_text
from breachscope.extract.email import safe_name
from breachscope.ingest.pgphead import (
    ARMOUR_KINDS,
    PacketError,
    new_length,
    packet_header,
)
from breachscope.location import Location

MAX_LAYERS = 8
"""Most compressed data packets read one inside another."""
ENCRYPTED_TAGS = frozenset({1, 3, 9, 18, 20})
"""Encrypted session keys (public-key, symmetric) and encrypted data (plain, integrity
protected, AEAD)."""
COMPRESSED, LITERAL = 8, 11
MAX_CRC_BYTES = 1 << 20
"""Largest armoured block whose CRC-24 is checked (RFC 9580 makes the check optional:
Python's reading of it takes about 0.17 s a MiB)."""
_ARMOUR = re.compile(r"^-----BEGIN (PGP [A-Z ]+?)-----[ \t]*$")
_END = re.compile(r"^-----END (PGP [A-Z ]+?)-----[ \t]*$")
_HEADER = re.compile(r"^[A-Za-z][A-Za-z0-9-]*: ")
_SUFFIX = re.compile(r"\.(?:asc|gpg|pgp)$", re.IGNORECASE)


def _crc24_table() -> tuple[int, ...]:
    table = []
    for byte in range(256):
        crc = byte << 16
        for _ in range(8):
            crc <<= 1
            if crc & 0x1000000:
                crc ^= 0x1864CFB
        table.append(crc & 0xFFFFFF)
    return tuple(table)


_CRC24 = _crc24_table()


def crc24(data: bytes) -> int:
    """OpenPGP's CRC-24 (RFC 4880 section 6.1), a byte at a time by table."""
    crc, table = 0xB704CE, _CRC24
    for byte in data:
        crc = (crc << 8 & 0xFFFFFF) ^ table[(crc >> 16) ^ byte]
    return crc


def packets(data: bytes) -> Iterator[tuple[int, bytes]]:
    """Each packet's tag and body (a partial body's parts joined)."""
    at = 0
    while at < len(data):
        tag, pos, length, partial = packet_header(data, at)
        if length is None:
            yield tag, data[pos:]
            return
        parts: list[bytes] = []
        while True:
            if pos + length > len(data):
                raise PacketError(f"a packet of {length} bytes past the end at byte {at}")
            parts.append(data[pos : pos + length])
            pos += length
            if not partial:
                break
            length, pos, partial = new_length(data, pos)
        yield tag, b"".join(parts)
        at = pos


@dataclass
class _Reader:
    """A message's packets read: the files its literal data hold, its notes."""

    stem: str
    budget: int
    files: list[ChildFile] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    encrypted: bool = False
    used: set[str] = field(default_factory=set)

    def read(self, data: bytes, layer: int = 0) -> None:
        if layer > MAX_LAYERS:
            raise ExtractError(f"more than {MAX_LAYERS} layers of compressed data")
        try:
            for tag, body in packets(data):
                if tag in ENCRYPTED_TAGS:
                    self.encrypted = True
                elif tag == COMPRESSED:
                    self.read(self._inflate(body), layer + 1)
                elif tag == LITERAL:
                    self._literal(body)
        except PacketError as exc:
            if not self.files and not self.encrypted:
                raise ExtractError(f"broken OpenPGP message ({exc})") from None
            self.notes.append(f"OpenPGP packets read up to a break ({exc})")

    def _inflate(self, body: bytes) -> bytes:
        if not body:
            raise PacketError("an empty compressed data packet")
        algorithm, packed = body[0], body[1:]
        if self.budget <= 0:
            raise PacketError("compressed data beyond the size limit")
        try:
            if algorithm == 0:
                out, whole = packed[: self.budget], len(packed) <= self.budget
            elif algorithm in (1, 2):
                inflater = zlib.decompressobj(-15 if algorithm == 1 else 15)
                out = inflater.decompress(packed, self.budget)
                whole = inflater.eof
            elif algorithm == 3:
                unpacker = bz2.BZ2Decompressor()
                out = unpacker.decompress(packed, self.budget)
                whole = unpacker.eof
            else:
                raise ExtractError(f"compression algorithm {algorithm} is not read")
        except (zlib.error, OSError, ValueError, EOFError) as exc:
            raise ExtractError(f"compressed data does not inflate ({exc})") from None
        if not whole:
            self.notes.append("compressed data cut short or beyond the size limit")
        self.budget -= len(out)
        return out

    def _literal(self, body: bytes) -> None:
        if len(body) < 6 or 6 + body[1] > len(body):
            raise PacketError("a literal data packet cut short")
        name = body[2 : 2 + body[1]].decode("utf-8", errors="replace")
        if not name or name == "_CONSOLE":
            name = self.stem
        data = body[6 + body[1] :]
        self.files.append(ChildFile(safe_name(name, len(self.files) + 1, self.used), data))


@dataclass
class _Armoured:
    """A file's armoured blocks: the messages' bytes and the text around them."""

    messages: list[bytes] = field(default_factory=list)
    text: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    blocks: int = 0
    """Armoured blocks read (messages, cleartext)."""


def dearmour(text: str) -> _Armoured:
    """The armoured blocks of ``text``: each message's bytes, cleartext and other text."""
    out = _Armoured()
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        begin = _ARMOUR.match(lines[i].rstrip())
        if begin is None or begin[1] not in ARMOUR_KINDS:
            if begin is None or begin[1] != "PGP SIGNATURE":
                out.text.append(lines[i])
            i = _skip_block(lines, i) if begin is not None else i + 1
            continue
        out.blocks += 1
        if begin[1] == "PGP SIGNED MESSAGE":
            i = _cleartext(lines, i + 1, out)
            continue
        i = _block(lines, i + 1, out)
    return out


def _skip_block(lines: list[str], i: int) -> int:
    """Past an armoured block not read (a signature, a key)."""
    while i < len(lines) and _END.match(lines[i].rstrip()) is None:
        i += 1
    return i + 1


def _cleartext(lines: list[str], i: int, out: _Armoured) -> int:
    while i < len(lines) and _HEADER.match(lines[i]):
        i += 1  # (``Hash: SHA256``)
    if i < len(lines) and not lines[i].strip():
        i += 1
    while i < len(lines) and not lines[i].rstrip().startswith("-----BEGIN PGP SIGNATURE"):
        line = lines[i]
        out.text.append(line[2:] if line.startswith("- ") else line)
        i += 1
    return _skip_block(lines, i)


def _block(lines: list[str], i: int, out: _Armoured) -> int:
    while i < len(lines) and _HEADER.match(lines[i]):
        i += 1
    if i < len(lines) and not lines[i].strip():
        i += 1
    body: list[str] = []
    checksum = ""
    while i < len(lines) and _END.match(lines[i].rstrip()) is None:
        line = lines[i].strip()
        if line.startswith("=") and len(line) == 5:
            checksum = line[1:]
        elif line:
            body.append(line)
        i += 1
    try:
        data = base64.b64decode("".join(body), validate=True)
    except (binascii.Error, ValueError):
        out.notes.append("an armoured block whose base64 does not decode")
        return i + 1
    if checksum and len(data) <= MAX_CRC_BYTES:
        try:
            expected = int.from_bytes(base64.b64decode(checksum, validate=True), "big")
        except (binascii.Error, ValueError):
            expected = -1
        if expected != crc24(data):
            out.notes.append("an armoured block whose CRC-24 does not match")
    out.messages.append(data)
    return i + 1


class OpenPgpExtractor(Extractor):
    """An OpenPGP message: its literal data files, its cleartext text."""

    id: ClassVar[str] = "openpgp"
    types: ClassVar[frozenset[str]] = frozenset({"openpgp"})

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        raw = source.read_document(config.batch_bytes, "OpenPGP message")
        name = source.path.rsplit("!/", 1)[-1].rsplit("/", 1)[-1]
        reader = _Reader(_SUFFIX.sub("", name) or "literal", config.batch_bytes)
        if raw[0] & 0x80 and not raw.startswith(b"\xef\xbb\xbf"):  # (a packet's header)
            armoured = _Armoured(messages=[raw])
        else:
            armoured = dearmour(raw.decode("utf-8", errors="replace"))
            if not armoured.blocks:
                raise ExtractError("no OpenPGP message (no packets, no armoured block)")
        for message in armoured.messages:
            reader.read(message)
        if reader.encrypted and not reader.files:
            raise SkipFile("encrypted")
        text = "\n".join(armoured.text).strip("\n")
        if not reader.files and not text.strip() and armoured.notes:
            raise ExtractError(armoured.notes[0])
        if text.strip():
            location = Location(source.path, part="text")
            yield from cut_text(location, text, config.max_text_unit_chars)
        yield from reader.files
        for note in [*armoured.notes, *reader.notes]:
            yield Note(Location(source.path), note)
        if reader.encrypted:
            yield Note(Location(source.path), "encrypted packets not read")
