"""Files embedded in a text as base64: a Kubernetes Secret's ``data``, a config's
certificate store, a log line that writes a request's attachment.

A Secret holds a seed CSV of patients as one base64 value (``seed_clienten.csv: |-``
over lines of 76 characters, and again on one line inside its ``last-applied``
annotation). The detectors read a base64 value as the text it encodes, but a CSV read as
prose loses its columns. Here each run of base64 of at least :data:`MIN_RUN` characters
(the runs of a block wrapped at one width joined, the block's lines of one length but its
last) that decodes to a file becomes a file of its own (:class:`~.base.ChildFile`), read
as any file of the dump: a text of several lines (UTF-8, printable) or a document by its
magic bytes (PDF, zip, OLE, PNG, JPEG). Its name is the key it stands under where that
names a file (``seed_clienten.csv``), else ``base64-lineN`` (the line of the file where
the run starts); names are unique within the file. The run is then blanked in the text
(spaces; offsets and lines stay): read as the file it is, it is not read again as the
text it encodes. A hash in hex, a random token or a key of bytes decodes to no file and
is left, as is a base64 value of one line of text (the detectors read it where it
stands).
"""

from __future__ import annotations

import base64
import binascii
import re
import urllib.parse
import zlib
from collections.abc import Iterator

from breachscope.extract.base import ChildFile
from breachscope.extract.email import safe_name

MIN_RUN = 40
"""Shortest run of base64 characters read as (a line of) an embedded file."""
MIN_BYTES = 24
"""Fewest bytes an embedded file holds."""
_RUN = re.compile(r"(?<![A-Za-z0-9+/=])[A-Za-z0-9+/]{40,}={0,2}(?![A-Za-z0-9+/=])")
_ALPHABET = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
_AS_RUNS = bytes(ord("A") if i in _ALPHABET else ord(" ") for i in range(256))
"""Every base64 character as ``A``, any other byte as a space: a run is found in C by a
plain search (the regular expression alone reads text at a tenth of the speed)."""
_A_RUN = b"A" * MIN_RUN
_NEXT = re.compile(r"[ \t]*\r?\n[ \t]*([A-Za-z0-9+/]+={0,2})(?![A-Za-z0-9+/=])")
"""The next line of a wrapped block: a line break, indentation and base64 (the last line
as short as it comes)."""
_KEY = re.compile(
    r"[\"']?([\w.-]{1,120}?\.[A-Za-z0-9]{1,8})[\"']?[ \t]*[:=][ \t]*[\"']?"
    r"(?:\|-?[ \t]*\r?\n[ \t]*)?\Z"
)
"""A key that names a file, right before the run (``seed_clienten.csv: |-``,
``"bijlage.pdf":"``)."""
_MAGIC = (b"%PDF-", b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"\x89PNG", b"\xff\xd8\xff")
"""Documents told by their first bytes (PDF, zip and Office Open XML, OLE, PNG, JPEG)."""
_KEY_REACH = 160


def _runs(text: str) -> Iterator[tuple[int, int, str]]:
    """``(start, end, base64)`` of each run, a wrapped block's lines joined."""
    pos = 0
    while (first := _RUN.search(text, pos)) is not None:
        parts = [first[0]]
        width = len(first[0])
        end = first.end()
        while len(parts[-1]) == width and not parts[-1].endswith("="):
            more = _NEXT.match(text, end)
            if more is None or len(more[1]) > width:
                break
            parts.append(more[1])
            end = more.end()
        pos = end
        yield first.start(), end, "".join(parts)


def _file(token: str, deflated: bool = False) -> bytes | None:
    """The bytes ``token`` encodes where they are a file (see the module's text); with
    ``deflated``, also the markup that bytes compressed with raw deflate hold (a draw.io
    diagram's page: ``<diagram>`` holds its ``mxGraphModel`` so, URL-encoded)."""
    if len(token) % 4:
        return None
    try:
        data = base64.b64decode(token, validate=True)
    except (binascii.Error, ValueError):
        return None
    if len(data) < MIN_BYTES:
        return None
    if data.startswith(_MAGIC):
        return data
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return _inflated(data) if deflated else None
    if "\n" not in text.strip():
        return None
    printable = sum(c.isprintable() or c in "\r\n\t" for c in text)
    return data if printable >= 0.98 * len(text) else None


MAX_INFLATED = 1 << 24
"""Most bytes a deflated value is inflated to (a bomb stops there)."""


def _inflated(data: bytes) -> bytes | None:
    """The markup raw-deflated ``data`` holds (URL-encoding undone), else None."""
    inflater = zlib.decompressobj(-15)
    try:
        out = inflater.decompress(data, MAX_INFLATED)
    except zlib.error:
        return None
    if inflater.unconsumed_tail:
        return None  # (larger than the limit)
    head = out[:3]
    if head.startswith(b"%3C") or head.startswith(b"%3c"):
        out = urllib.parse.unquote_to_bytes(out)
    return out if out.lstrip().startswith(b"<") else None


_VALUE = re.compile(r"[A-Za-z0-9+/\s]{40,}={0,2}\s*")
"""A value that is nothing but base64 (wrapped in lines, as XML writes a document)."""


def file_in_value(value: str) -> bytes | None:
    """The file a structured document's value holds as base64 and nothing else (a UBL
    invoice's ``EmbeddedDocumentBinaryObject``, an HL7 CDA's ``nonXMLBody`` text, a FHIR
    ``Binary``'s ``data``, an API's ``bijlage``; markup deflated first, a draw.io page),
    else None (see :func:`_file`)."""
    if len(value) < MIN_RUN or not _VALUE.fullmatch(value):
        return None
    return _file("".join(value.split()), deflated=True)


def embedded_files(text: str, first_line: int, used: set[str]) -> tuple[str, list[ChildFile]]:
    """``text`` with the files embedded in it as base64 blanked, and those files
    (``text``'s first line is ``first_line`` of the file; names unique within ``used``)."""
    if len(text) < MIN_RUN:
        return text, []
    if text.encode("utf-8", "replace").translate(_AS_RUNS).find(_A_RUN) < 0:
        return text, []  # (no run at all: nearly every text)
    files: list[ChildFile] = []
    pieces: list[str] = []
    pos = 0
    for start, end, token in _runs(text):
        data = _file(token)
        if data is None:
            continue
        key = _KEY.search(text, max(0, start - _KEY_REACH), start)
        line = first_line + text.count("\n", 0, start)
        name = key.group(1) if key is not None else f"base64-line{line}"
        files.append(ChildFile(safe_name(name, line, used), data))
        pieces += [text[pos:start], _NOT_BREAK.sub(_spaces, text[start:end])]
        pos = end
    if not files:
        return text, []
    pieces.append(text[pos:])
    return "".join(pieces), files


_NOT_BREAK = re.compile(r"[^\r\n]+")


def _spaces(m: re.Match[str]) -> str:
    return " " * (m.end() - m.start())
