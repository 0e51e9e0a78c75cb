"""Files encoded as text for old mail and EDI links (``.uue``: a lab's outgoing results
to a GP, ``HA01081342_UITSL.UUE``): uuencode's ``begin <mode> <name>`` ... ``end``, its
variant xxencode, and ``begin-base64 <mode> <name>`` ... ``====`` (GNU sharutils'
``uuencode -m``), each possibly after a plain header (``Van:``, ``Aan:``, ``Datum:``) and
several in one file.

Each encoded file is a child file by the name its ``begin`` line gives (its last path
step: a name never leads outside the file; a name given twice gets ``.2``, ``.3`` before
its suffix), which the scan reads as its own type. The text outside the encoded files
(the header, and what stands between and after them) is one text part, ``text``, its
lines as they stand, one after another. The mode is not used.

A uuencoded line is its length character (``chr(32 + n)``, a ``` ` ``` for 0) and its
bytes in characters ``chr(32 + six bits)``, decoded by ``binascii.a2b_uu`` (a line
carrying characters past its length, as some encoders write, cut to it first, as
Python's old ``uu`` module did). An xxencoded line is the same in the alphabet
``+-0-9A-Za-z``, told apart by its lower-case letters, which uuencode never writes. A
base64 line is decoded by ``binascii.a2b_base64``. A line that does not decode, or a file
without its ``end``, ends the reading with a note; what was decoded before is kept.
The file is read whole, up to ``Config.batch_bytes``; what it encodes is smaller.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import ClassVar

from breachscope.config import Config
from breachscope.extract.base import (
    ChildFile,
    Extracted,
    ExtractError,
    Extractor,
    Note,
    Source,
)
from breachscope.extract.chunking import cut_text
from breachscope.extract.encoding import decode_bytes
from breachscope.ingest.uulines import DecodeError, base64_line, is_xx, uu_line
from breachscope.location import Location

BEGIN = re.compile(rb"begin(-base64)?[ \t]+[0-7]{3,4}[ \t]+(\S[^\r\n]*?)[ \t]*\r?")
"""An encoded file's first line: base64 or not, its mode and its name."""


def file_name(given: bytes, used: set[str]) -> str:
    """A child's name: the last path step of the name ``given`` on its ``begin`` line,
    made unique among those ``used`` (``.2`` before its suffix)."""
    text = decode_bytes(given).replace("\\", "/").rsplit("/", 1)[-1].strip()
    name = text if text not in ("", ".", "..") else "encoded"
    stem, dot, suffix = name.rpartition(".")
    if not stem:
        stem, dot, suffix = name, "", ""
    count = 1
    while name in used:
        count += 1
        name = f"{stem}.{count}{dot}{suffix}"
    used.add(name)
    return name


def _block(lines: list[bytes], start: int, base64: bool) -> tuple[list[bytes], int, bool]:
    """The encoded lines from ``start`` up to the file's end line (``end``, or ``====``
    where ``base64``): the lines, where reading goes on, whether the end line came."""
    terminator = b"====" if base64 else b"end"
    pos = start
    while pos < len(lines):
        line = lines[pos].rstrip()
        if line == terminator:
            return lines[start:pos], pos + 1, True
        pos += 1
    return lines[start:pos], pos, False


def decode_block(lines: list[bytes], base64: bool) -> tuple[bytes, str | None]:
    """An encoded file's bytes from its ``lines``, and why it stopped early (``None``:
    it did not)."""
    xx = not base64 and is_xx(lines)
    out = bytearray()
    for number, raw in enumerate(lines, 1):
        line = raw.rstrip(b"\r\n") if not base64 else raw.strip()
        try:
            out += base64_line(line) if base64 else uu_line(line, xx)
        except DecodeError as exc:
            return bytes(out), f"line {number} of an encoded file does not decode ({exc})"
    return bytes(out), None


class UuencodeExtractor(Extractor):
    """A uuencoded, xxencoded or ``begin-base64`` file: each file it holds a child file,
    the text around them a text part."""

    id: ClassVar[str] = "uuencode"
    types: ClassVar[frozenset[str]] = frozenset({"uuencode"})

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        data = source.read_document(config.batch_bytes, "uuencoded file")
        lines = data.split(b"\n")
        text: list[bytes] = []
        used: set[str] = set()
        note = None
        found = 0
        pos = 0
        while pos < len(lines):
            begin = BEGIN.fullmatch(lines[pos])
            if begin is None:
                text.append(lines[pos])
                pos += 1
                continue
            base64 = begin[1] is not None
            block, pos, ended = _block(lines, pos + 1, base64)
            content, broken = decode_block(block, base64)
            found += 1
            if content or not broken:
                yield ChildFile(file_name(begin[2], used), content)
            if broken or not ended:
                note = broken or f"encoded file {found} without its end line: read up to the end"
                break
        if not found:
            raise ExtractError("no 'begin <mode> <name>' line")
        plain = decode_bytes(b"\n".join(text))
        if plain.strip():
            limit = config.max_text_unit_chars
            yield from cut_text(Location(source.path, part="text"), plain, limit)
        if note is not None:
            yield Note(Location(source.path), note)
