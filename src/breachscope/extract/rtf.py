"""RTF: the text of a Rich Text Format document (``part=body``), and its document
properties (``part=info``: title, subject, author, keywords, comments; a letter's title
often names the patient).

Hospital and lab systems write their letters in RTF. The text is what a reader shows:
paragraphs, lines and table rows end with ``\\n``, cells and tabs are tabs; ``\\'hh``
escapes are decoded with the document's code page (``\\ansicpgN``, cp1252 when none is
named), ``\\uN`` as Unicode (its replacement characters skipped, ``\\ucN``). Groups that
hold no text are skipped: font, colour and style tables, pictures, objects, field
instructions, and every ``{\\*\\...}`` destination a reader does not know. Read with one
linear tokenizer (a general-purpose RTF-to-text library's hyperlink regex backtracks:
34 kB of hostile input took 8.6 s), whole up to ``Config.batch_bytes``.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import ClassVar

from breachscope.config import Config
from breachscope.extract.base import Extracted, ExtractError, Extractor, Source
from breachscope.extract.chunking import cut_text
from breachscope.location import Location

_TOKEN = re.compile(
    rb"\\([a-zA-Z]{1,32})(-?\d{1,10})? ?|\\'([0-9a-fA-F]{2})|\\(.)|([{}])|[\r\n]+|([^\\{}\r\n]+)",
    re.S,
)
"""A control word with its argument, a hex escape, a control symbol, a brace, line breaks
(not text in RTF), or a run of text."""
_SKIPPED = frozenset(
    {
        "fonttbl", "colortbl", "stylesheet", "listtable", "listoverridetable", "rsidtbl",
        "pict", "object", "objdata", "themedata", "colorschememapping", "datastore",
        "latentstyles", "xmlnstbl", "fldinst", "generator", "filetbl", "revtbl",
        "bkmkstart", "bkmkend", "private", "pntext", "pntxta", "pntxtb",
    }
)  # fmt: skip
"""Destinations whose text is no document text. Page headers and footers are read, in
the body where the document writes them (a letter's "Betreft: mevr. ..." line may stand
there)."""
_INFO = frozenset({"title", "subject", "author", "operator", "keywords", "comment", "doccomm",
                   "company", "manager", "category"})  # fmt: skip
"""Document properties in ``{\\info ...}`` that hold text."""
_BREAKS = {"par": "\n", "line": "\n", "row": "\n", "sect": "\n", "page": "\n", "tab": "\t",
           "cell": "\t", "emdash": "\u2014", "endash": "\u2013", "bullet": "\u2022",
           "lquote": "\u2018", "rquote": "\u2019", "ldblquote": "\u201c",
           "rdblquote": "\u201d", "emspace": " ", "enspace": " ", "qmspace": " "}  # fmt: skip
_SYMBOLS = {b"\\": "\\", b"{": "{", b"}": "}", b"~": "\u00a0", b"_": "\u2011", b"-": "",
            b"\n": "\n", b"\r": "\n", b"\t": "\t"}  # fmt: skip


@dataclass(frozen=True, slots=True)
class _Group:
    """The state a group opens with and restores when it closes."""

    skip: bool = False
    info: bool = False  # inside {\info}
    field: str | None = None  # the info field being read
    ucskip: int = 1


def rtf_text(data: bytes) -> tuple[str, str]:
    """``(body text, document properties as "field: value" lines)`` of an RTF document."""
    m = re.search(rb"\\ansicpg(\d{1,5})", data[:4096])
    codec = f"cp{int(m.group(1))}" if m else "cp1252"
    try:
        decode = codecs.getdecoder(codec)
    except LookupError:
        decode = codecs.getdecoder("cp1252")
    body: list[str] = []
    info: list[tuple[str, list[str]]] = []
    stack: list[_Group] = []
    group = _Group()
    first = False  # the next token is the first of a group: it may name a destination
    star = False  # the group began with \*: unknown destinations are skipped
    skip_chars = 0  # characters still to skip after a \u
    for m in _TOKEN.finditer(data):
        word, arg, hexa, symbol, brace, run = m.groups()
        if brace is not None:
            if brace == b"{":
                stack.append(group)
                first, star = True, False
            elif stack:
                group = stack.pop()
                first = star = False
            skip_chars = 0
            continue
        if symbol == b"*" and first:
            star = True
            continue
        opening, first = first, False
        if word is not None:
            name = word.decode("ascii").lower()
            if opening or star:
                group = _destination(group, name, star, info)
                star = False
            if name == "uc" and arg is not None:
                group = replace(group, ucskip=max(0, int(arg)))
            if group.skip:
                continue
            if name == "u" and arg is not None:
                code = int(arg) + (65536 if arg.startswith(b"-") else 0)
                _emit(group, body, info, chr(code) if 0 <= code <= 0x10FFFF else "\ufffd")
                skip_chars = group.ucskip
            elif name in _BREAKS:
                _emit(group, body, info, _BREAKS[name])
            continue
        if group.skip:
            continue
        if hexa is not None:
            if skip_chars:
                skip_chars -= 1
                continue
            _emit(group, body, info, decode(bytes.fromhex(hexa.decode("ascii")), "replace")[0])
        elif symbol is not None:
            _emit(group, body, info, _SYMBOLS.get(symbol, ""))
        elif run is not None:
            text = decode(run, "replace")[0]
            if skip_chars:
                cut = min(skip_chars, len(text))
                text, skip_chars = text[cut:], skip_chars - cut
            _emit(group, body, info, text)
    props = "\n".join(f"{f}: {' '.join(''.join(v).split())}" for f, v in info if "".join(v).strip())
    return _paired("".join(body)), _paired(props)


def _paired(text: str) -> str:
    """``text`` with the UTF-16 surrogate pairs that ``\\u`` writes (an emoji: two
    negative numbers) joined, and a lone surrogate replaced (it is no character)."""
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def _destination(group: _Group, name: str, star: bool, info: list[tuple[str, list[str]]]) -> _Group:
    """The state of a group whose first control word is ``name`` (``star``: after
    ``\\*``)."""
    if name == "info":
        return replace(group, info=True)
    if group.info and name in _INFO:
        info.append((name, []))
        return replace(group, field=name)
    if name in _SKIPPED or star or group.info:
        return replace(group, skip=True)
    return group


def _emit(group: _Group, body: list[str], info: list[tuple[str, list[str]]], text: str) -> None:
    if group.field is not None:
        info[-1][1].append(text)
    elif not group.info:
        body.append(text)


class RtfExtractor(Extractor):
    """Rich Text Format documents."""

    id: ClassVar[str] = "rtf"
    types: ClassVar[frozenset[str]] = frozenset({"rtf"})

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        data = source.read_document(config.batch_bytes, "RTF document")
        if not data.lstrip().startswith(b"{\\rtf"):
            raise ExtractError("not an RTF document (no {\\rtf header)")
        body, props = rtf_text(data)
        for part, text in (("body", body), ("info", props)):
            if text.strip():
                yield from cut_text(
                    Location(source.path, part=part), text, config.max_text_unit_chars
                )
