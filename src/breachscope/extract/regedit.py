"""Windows registry exports (``regedit``'s ``.reg``: a workstation's recent files, typed
paths and searches, as a forensic copy of a user's ``NTUSER.DAT`` exports them): the
text a reader sees, one text for the file.

Each key is its line in brackets (``[HKEY_CURRENT_USER\\...\\RecentDocs\\.pdf]``), each of
its values a line ``name: data`` (the default value's name is ``@``):

- a string's escapes are undone (``\\\\fs01\\\\bvo`` reads ``\\\\fs01\\bvo``);
- a number (``dword:``, ``qword:``, ``hex(4):``, ``hex(b):``) reads as its decimal digits;
- an expandable or multi-string value (``hex(2):``, ``hex(7):``, ``hex(1):``) reads as its
  UTF-16 strings (Windows-1252 in a ``REGEDIT4`` file), apart by `` | ``;
- any other binary value (``hex:``, a recent document's entry that holds the file's name
  twice, in a shell item, beside its short name) reads as the texts written in it:
  runs of three or more UTF-16 letters, digits and signs, and of four or more single-byte
  ones, apart by `` | ``; a value with none, a list's order (``MRUListEx``), is left out.

A hexadecimal value's lines, continued by a backslash, are joined first. Nothing in the
file is run, loaded or merged into a registry.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import ClassVar

from breachscope.config import Config
from breachscope.extract.base import Extracted, ExtractError, Extractor, Source
from breachscope.extract.chunking import cut_text
from breachscope.extract.encoding import decode_bytes
from breachscope.ingest.filetype import REG_HEADERS
from breachscope.location import Location

_VALUE = re.compile(r'\s*(?:"(?P<name>(?:[^"\\]|\\.)*)"|(?P<default>@))\s*=\s*(?P<data>.*)', re.S)
_HEX = re.compile(r"hex(?:\((?P<kind>[0-9a-fA-F]{1,8})\))?:(?P<bytes>.*)", re.S)
_STRING_KINDS = frozenset({1, 2, 7})
"""REG_SZ, REG_EXPAND_SZ and REG_MULTI_SZ written as bytes: strings whole."""
_NUMBER_KINDS = frozenset({4, 11})
"""REG_DWORD and REG_QWORD written as bytes (little-endian)."""
_WIDE_TEXT = re.compile("[\x20-\x7e\u00a0-\u024f\u2010-\u2027]{3,}")
"""A run of text in UTF-16 inside binary data: letters, digits and signs of the Latin
scripts (a junk byte pair reads as a character far outside them)."""
_NARROW_TEXT = re.compile(rb"[\x20-\x7e]{4,}")
"""A run of single-byte text inside binary data (a shell item's short name)."""
_JOIN = " | "


def _unescape(quoted: str) -> str:
    """A ``.reg`` string's text: ``\\\\`` is a backslash, ``\\"`` a quote."""
    return re.sub(r"\\(.)", r"\1", quoted)


def _logical_lines(text: str) -> Iterator[str]:
    """The file's lines, a hexadecimal value's continuation lines (after a line ending in a
    backslash) joined to it."""
    pending = ""
    for line in text.splitlines():
        if pending:
            line = pending + line.strip()
            pending = ""
        stripped = line.rstrip()
        m = _VALUE.match(stripped) if stripped.endswith("\\") else None
        if m is not None and m["data"].lstrip()[:3].lower() == "hex":
            pending = stripped[:-1]
            continue
        yield line
    if pending:
        yield pending


def _hex_bytes(listed: str) -> bytes | None:
    """The bytes of ``01,00,ff``, or None where it is not such a list."""
    listed = "".join(listed.split())
    if not listed:
        return b""
    try:
        return bytes(int(b, 16) for b in listed.split(",") if b)
    except ValueError:
        return None


def texts_in(data: bytes) -> list[str]:
    """The texts written in binary data, in the order they stand: runs of UTF-16 text at
    either alignment (:data:`_WIDE_TEXT`) and of single-byte text (:data:`_NARROW_TEXT`);
    a run that overlaps one found before it is left out."""
    spans: list[tuple[int, int, str]] = []
    for align in (0, 1):
        body = data[align:]
        wide = body[: len(body) // 2 * 2].decode("utf-16-le", errors="replace")
        for m in _WIDE_TEXT.finditer(wide):
            if any(c.isalnum() for c in m[0]):
                spans.append((align + 2 * m.start(), align + 2 * m.end(), m[0]))
    for narrow in _NARROW_TEXT.finditer(data):
        spans.append((narrow.start(), narrow.end(), narrow[0].decode("ascii")))
    out: list[str] = []
    end = 0
    for start, stop, text in sorted(spans, key=lambda s: (s[0], -s[1])):
        if start >= end:
            out.append(text.strip())
            end = stop
    return [t for t in out if t]


def _hex_text(kind: int, data: bytes, wide: bool) -> str:
    """What a hexadecimal value of type ``kind`` reads as (see the module's text)."""
    if kind in _NUMBER_KINDS and len(data) in (4, 8):
        return str(int.from_bytes(data, "little"))
    if kind in _STRING_KINDS:
        text = data.decode("utf-16-le" if wide else "cp1252", errors="replace")
        return _JOIN.join(s.strip() for s in text.split("\x00") if s.strip())
    return _JOIN.join(texts_in(data))


def _data_text(data: str, wide: bool) -> str:
    """What a value's data (after its ``=``) reads as; empty for a value that holds no
    text (a deletion's ``-``, a list's order)."""
    data = data.strip()
    if data.startswith('"'):
        end = data.rfind('"')
        return _unescape(data[1:end] if end > 0 else data[1:])
    lower = data.lower()
    if lower.startswith(("dword:", "qword:")):
        digits = lower.partition(":")[2].strip()
        try:
            return str(int(digits, 16))
        except ValueError:
            return digits
    m = _HEX.match(lower)
    if m is None:
        return ""
    raw = _hex_bytes(m["bytes"])
    if raw is None:
        return ""
    kind = int(m["kind"], 16) if m["kind"] else 3
    return _hex_text(kind, raw, wide)


def registry_text(text: str) -> str:
    """The text a reader sees of a registry export (see the module's text)."""
    lines = text.lstrip("\ufeff").splitlines()
    wide = not (lines and lines[0].strip() == "REGEDIT4")
    out: list[str] = []
    for line in _logical_lines(text.lstrip("\ufeff")):
        stripped = line.strip()
        if not stripped or stripped in REG_HEADERS or stripped.startswith(";"):
            continue
        if stripped.startswith("[") and stripped.endswith("]"):
            out.append(stripped)
            continue
        m = _VALUE.match(line)
        if m is None:
            out.append(stripped)  # (a line of no value: kept as it stands)
            continue
        value = _data_text(m["data"], wide)
        if value:
            name = "@" if m["default"] else _unescape(m["name"])
            out.append(f"{name}: {value}")
    return "\n".join(out) + "\n" if out else ""


class RegistryExtractor(Extractor):
    """Registry exports: the keys and the text of their values."""

    id: ClassVar[str] = "reg"
    types: ClassVar[frozenset[str]] = frozenset({"reg"})

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        text = decode_bytes(source.read_document(config.batch_bytes, "registry export"))
        if not text.lstrip("\ufeff \t\r\n").startswith(REG_HEADERS):
            raise ExtractError("no registry export header (Windows Registry Editor, REGEDIT4)")
        readable = registry_text(text)
        if readable:
            yield from cut_text(Location(source.path), readable, config.max_text_unit_chars)
