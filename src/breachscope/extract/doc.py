"""Legacy Word documents (``.doc``, Word 97-2003 binary): the text of each of the
document's stories, read from its piece table with olefile (BSD).

``part=body`` is the main text; ``footnotes``, ``headers`` (page headers and footers:
a letter's "Betreft: mevr. ..." line may stand there), ``comments``, ``endnotes`` and
``textboxes`` (an address block placed for a window envelope) are parts of their own.
Paragraph, line and page breaks are ``\\n``, table cells end with a tab and rows with
``\\n`` (a row's end mark follows its last cell's: so does an empty cell's); a field's
instructions (``HYPERLINK "..."``, ``MERGEFIELD``) are left out and its shown result kept;
pictures and note marks are left out. Text stored in 8-bit pieces is cp1252.

The layout is [MS-DOC]'s: the File Information Block at the start of the
``WordDocument`` stream gives the story lengths (``ccpText``, ``ccpFtn``...) and where the
piece table (``Clx``) lies in the ``0Table`` or ``1Table`` stream. Encrypted documents
fail with that reason; Word 6/95 files (no piece table of this layout) fail as not
supported.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from itertools import pairwise
from typing import Any, ClassVar

from breachscope.config import Config
from breachscope.extract.base import Extracted, ExtractError, Extractor, Source
from breachscope.extract.chunking import cut_text
from breachscope.extract.ole import read_ole
from breachscope.location import Location

_MAGIC = 0xA5EC
_ENCRYPTED = 0x0100
_TABLE_1 = 0x0200
_CLX_PAIR = 33
"""``fcClx``/``lcbClx`` is the 34th offset/length pair of ``FibRgFcLcb97``."""
STORIES = ("body", "footnotes", "headers", "macros", "comments", "endnotes", "textboxes",
           "header-textboxes")  # fmt: skip
"""The stories in the order of their lengths in ``FibRgLw97`` (``ccpText``, ``ccpFtn``,
``ccpHdd``, ``ccpMcr``, ``ccpAtn``, ``ccpEdn``, ``ccpTxbx``, ``ccpHdrTxbx``), which is
also their order in the document's character positions."""
_READ = frozenset(STORIES) - {"macros"}
_CONTROL = {"\r": "\n", "\x0b": "\n", "\x0c": "\n", "\x0e": "\n", "\x07": "\t", "\x1e": "-",
            "\xa0": "\xa0", "\t": "\t"}  # fmt: skip
"""Word's control characters as text; other characters below 0x20 are marks (a picture
``\\x01``, a note reference ``\\x02``, a drawn object ``\\x08``, an optional hyphen
``\\x1f``) and are left out."""


def doc_stories(word: bytes, table: bytes | None) -> dict[str, str]:
    """The text of each story of a Word 97-2003 document (``WordDocument`` stream and
    the table stream the FIB names: pass None to have it asked for by raising)."""
    if len(word) < 0x9A or struct.unpack_from("<H", word, 0)[0] != _MAGIC:
        raise ExtractError("not a Word document (no Word 97-2003 FIB)")
    flags = struct.unpack_from("<H", word, 0x0A)[0]
    if flags & _ENCRYPTED:
        raise ExtractError("encrypted (password-protected) document")
    pos = 0x20
    csw = struct.unpack_from("<H", word, pos)[0]
    pos += 2 + 2 * csw
    cslw = struct.unpack_from("<H", word, pos)[0]
    lw = pos + 2
    lengths = [struct.unpack_from("<i", word, lw + 4 * (3 + i))[0] for i in range(len(STORIES))]
    pos = lw + 4 * cslw
    cb = struct.unpack_from("<H", word, pos)[0]
    if cb <= _CLX_PAIR or cslw < 3 + len(STORIES):
        raise ExtractError("Word document of an older version (6.0/95): not supported")
    fc_clx, lcb_clx = struct.unpack_from("<II", word, pos + 2 + 8 * _CLX_PAIR)
    if table is None or fc_clx + lcb_clx > len(table) or lcb_clx == 0:
        raise ExtractError("corrupt Word document (no piece table)")
    text = _pieces(word, table[fc_clx : fc_clx + lcb_clx])
    out: dict[str, str] = {}
    at = 0
    for story, n in zip(STORIES, lengths, strict=True):
        n = max(0, n)
        if story in _READ and n:
            out[story] = _shown(text[at : at + n])
        at += n
    return out


def _pieces(word: bytes, clx: bytes) -> str:
    """The document's characters, piece by piece (``Clx``: property runs, then the
    piece table)."""
    i = 0
    while i < len(clx) and clx[i] == 0x01:  # Prc: a run of properties, skipped
        (size,) = struct.unpack_from("<h", clx, i + 1)
        i += 3 + max(0, size)
    if i + 5 > len(clx) or clx[i] != 0x02:
        raise ExtractError("corrupt Word document (no piece table)")
    (lcb,) = struct.unpack_from("<I", clx, i + 1)
    plc = clx[i + 5 : i + 5 + lcb]
    n = (len(plc) - 4) // 12
    if n <= 0:
        return ""
    cps = struct.unpack_from(f"<{n + 1}I", plc, 0)
    if sum(max(0, b - a) for a, b in pairwise(cps)) > len(word):  # (a character is at
        # least a byte of the stream: more would be pieces read again and again)
        raise ExtractError("corrupt Word document (pieces longer than the document)")
    parts: list[str] = []
    for k in range(n):
        (fc,) = struct.unpack_from("<I", plc, 4 * (n + 1) + 8 * k + 2)
        count = max(0, cps[k + 1] - cps[k])
        if fc & 0x40000000:  # 8-bit characters at half the offset
            start = (fc & 0x3FFFFFFF) // 2
            parts.append(word[start : start + count].decode("cp1252", errors="replace"))
        else:
            parts.append(word[fc : fc + 2 * count].decode("utf-16-le", errors="replace"))
    return "".join(parts)


def _shown(text: str) -> str:
    """A story's characters as a reader sees them: control characters as text, field
    instructions (between ``\\x13`` and ``\\x14``, or ``\\x15`` for a field without a
    result) left out."""
    out: list[str] = []
    hidden = 0  # depth of open field instructions
    fields: list[bool] = []  # per open field: still in its instructions
    for i, ch in enumerate(text):
        if ch == "\x07" and not hidden and i and text[i - 1] == "\x07":
            out.append("\n")  # a row's end mark after its last cell's
            continue
        if ch == "\x13":
            fields.append(True)
            hidden += 1
        elif ch == "\x14":
            if fields and fields[-1]:
                fields[-1] = False
                hidden -= 1
        elif ch == "\x15":
            if fields and fields.pop():
                hidden -= 1
        elif hidden:
            continue
        elif ch >= " " or ch in _CONTROL:
            out.append(_CONTROL.get(ch, ch))
    return "".join(out).rstrip("\n")


class DocExtractor(Extractor):
    """Word 97-2003 documents."""

    id: ClassVar[str] = "doc"
    types: ClassVar[frozenset[str]] = frozenset({"doc"})

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        stories = read_ole(source, config, "Word document", _read)
        for story, text in stories.items():
            if text.strip():
                yield from cut_text(
                    Location(source.path, part=story), text, config.max_text_unit_chars
                )


def _read(ole: Any) -> dict[str, str]:
    if not ole.exists("WordDocument"):
        raise ExtractError("not a Word document (no WordDocument stream)")
    word = ole.openstream("WordDocument").read()
    flags = struct.unpack_from("<H", word, 0x0A)[0] if len(word) >= 0x0C else 0
    name = "1Table" if flags & _TABLE_1 else "0Table"
    table = ole.openstream(name).read() if ole.exists(name) else None
    return doc_stories(word, table)
