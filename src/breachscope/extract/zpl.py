"""Zebra label printer files (ZPL II: a lab's sample labels, a printer's spool file, a
label template): the text each label prints, one part per label (``part=label-N``, N
counting the labels from 1 in file order), one line per field in the order the file
holds its fields.

A label runs from ``^XA`` to ``^XZ``; its fields' data follows ``^FD`` (or ``^FV``) up
to the next command, and a comment's ``^FX`` is read too (it is not printed, but it is
in the file). Hexadecimal escapes in a field after ``^FH`` (``_C3_87elik``, the
indicator ``_`` unless ``^FH`` names another) are decoded as UTF-8 where the label
chose it (``^CI28``, and where the bytes are UTF-8) and as code page 850 else. A QR
code's data loses its mode prefix (``QA,``). ``^CC`` and ``~CT`` (another caret or
tilde) are followed. Commands are read, never run; positions, fonts and graphics are
left out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import ClassVar

from breachscope.config import Config
from breachscope.extract.base import Extracted, ExtractError, Extractor, Source
from breachscope.extract.chunking import cut_text
from breachscope.extract.encoding import decode_bytes
from breachscope.location import Location

_QR_MODE = re.compile(r"[HQML][AM],")
"""The error correction and input mode a QR code's data starts with (``^BQ``)."""
_HEX = re.compile(r"([0-9A-Fa-f]{2})")


def _unhex(data: str, indicator: str, utf8: bool) -> str:
    """``data`` with each ``indicator`` + two hex digits read as a byte."""
    parts = data.split(indicator)
    out = bytearray(parts[0].encode("utf-8"))
    for part in parts[1:]:
        m = _HEX.match(part)
        if m is None:
            out += (indicator + part).encode("utf-8")
            continue
        out.append(int(m[1], 16))
        out += part[2:].encode("utf-8")
    raw = bytes(out)
    if utf8:
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            pass
    return raw.decode("cp850", errors="replace")


def labels(text: str) -> Iterator[list[str]]:
    """The fields' text of every label in ``text`` (a ZPL file), in file order; a label
    with no field's text gives an empty list."""
    caret, tilde = "^", "~"
    prefix = re.compile("[" + re.escape(caret + tilde) + "]")
    fields: list[str] | None = None
    hex_indicator: str | None = None
    utf8 = False
    qr = False
    pos = prefix.search(text)
    while pos is not None:
        at = pos.start() + 1
        nxt = prefix.search(text, at)
        end = nxt.start() if nxt is not None else len(text)
        command = text[at : at + 2].upper()
        params = text[at + 2 : end]
        if command in ("CC", "CT") and params[:1] not in ("", "\r", "\n"):
            if command == "CC":
                caret = params[0]
            else:
                tilde = params[0]
            prefix = re.compile("[" + re.escape(caret + tilde) + "]")
            nxt = prefix.search(text, at + 3)
        elif command == "XA":
            fields, hex_indicator, qr = [], None, False
        elif command == "XZ":
            if fields is not None:
                yield fields
            fields = None
        elif command == "CI":
            utf8 = params.strip().split(",")[0] in ("28", "29", "30")
        elif command == "FH":
            hex_indicator = params.strip()[:1] or "_"
        elif command == "BQ":
            qr = True
        elif command == "FS":
            hex_indicator, qr = None, False
        elif command in ("FD", "FV", "FX") and fields is not None:
            data = params.rstrip("\r\n")
            if hex_indicator is not None and command != "FX":
                data = _unhex(data, hex_indicator, utf8)
            if qr and command != "FX":
                data = _QR_MODE.sub("", data, count=1)
            data = " ".join(data.split("\n")).strip()
            if data:
                fields.append(data)
        pos = nxt
    if fields:
        yield fields  # (a label cut short)


class ZplExtractor(Extractor):
    """ZPL label files: the text of each label, a part of its own."""

    id: ClassVar[str] = "zpl"
    types: ClassVar[frozenset[str]] = frozenset({"zpl"})

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        text = decode_bytes(source.read_document(config.batch_bytes, "ZPL label file"))
        yield from label_units(source.path, labels(text), config, "ZPL label (^XA ... ^XZ)")


def label_units(
    path: str, found: Iterable[list[str]], config: Config, what: str
) -> Iterator[Extracted]:
    """Each label's fields, a line each, in a part of its own (``label-N``); an error
    naming ``what`` where there is no label (shared with EPL, :mod:`.epl`)."""
    seen = False
    for number, fields in enumerate(found, start=1):
        seen = True
        if fields:
            location = Location(path, part=f"label-{number}")
            yield from cut_text(location, "\n".join(fields), config.max_text_unit_chars)
    if not seen:
        raise ExtractError(f"no {what} in the file")
