"""PCL print jobs (a print server's spool, ``job_4411.prn``: HP's Printer Command Language,
PCL 5, often wrapped in PJL): the text each page prints, one part per page
(``part=page-N``), laid out as lines (:mod:`breachscope.extract.placedtext`); the PJL
lines before it (``@PJL JOB NAME="..."``, a document's name) as text (part ``pjl``).

A job is read as HP's PCL 5 Technical Reference describes it, never run: ``ESC %-12345X``
(the universal exit) opens PJL, whose ``@PJL`` lines run to ``@PJL ENTER LANGUAGE``;
then PCL: two-character escapes (``ESC E`` reset, ``ESC 9``, ``ESC =``...) and
parameterised ones, ``ESC`` + a parameterised character (``!`` to ``/``) + a group
character (`` ` `` to ``~``, or none for ``ESC (19U``) + values, each a number ended by a
parameter character, lower-case where another value follows and upper-case at the end
(``ESC *p300x150Y``: the cursor to dot 300 across, 150 down). A value ended by ``W``
announces that many bytes of data (a font header, raster graphics), which are passed
over. Moves down the page (``*p#Y``, ``&a#R``, ``&a#V``) start a line, moves along it
(``*p#X``, ``&a#C``, ``&a#H``) set a value apart; the text between escapes is printed at
the cursor: a carriage return and a line feed end a line, a form feed or ``ESC E`` the
page. Characters beyond ASCII are read as Latin-1 (Roman-8's letters differ: a symbol set
named ``(0N`` or ``(19U`` reads them as ISO 8859-1 or Windows 1252). The file is read
whole up to ``Config.batch_bytes``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from breachscope.config import Config
from breachscope.extract.base import Extracted, ExtractError, Extractor, Source
from breachscope.extract.placedtext import PlacedText, job_units

ESC = 0x1B
UEL = b"\x1b%-12345X"
_DOWN = {
    (ord("*"), ord("p"), ord("y")),
    (ord("&"), ord("a"), ord("r")),
    (ord("&"), ord("a"), ord("v")),
}
_ALONG = {
    (ord("*"), ord("p"), ord("x")),
    (ord("&"), ord("a"), ord("c")),
    (ord("&"), ord("a"), ord("h")),
}


def _pjl(data: bytes, pos: int) -> tuple[list[str], int]:
    """PJL lines from ``pos`` (after a universal exit) to its ``ENTER LANGUAGE`` line's
    end, and where PCL starts."""
    lines: list[str] = []
    while pos < len(data):
        end = data.find(b"\n", pos)
        end = len(data) if end < 0 else end + 1
        line = data[pos:end].rstrip(b"\r\n")
        if not line.startswith(b"@PJL"):
            return lines, pos
        lines.append(line.decode("latin-1"))
        pos = end
        if line.upper().startswith(b"@PJL ENTER LANGUAGE"):
            break
    return lines, pos


def _value(data: bytes, pos: int) -> tuple[float | None, int]:
    """A parameter's number at ``pos`` (sign, digits, a decimal point), and where it ends."""
    start = pos
    if pos < len(data) and data[pos] in b"+-":
        pos += 1
    while pos < len(data) and (0x30 <= data[pos] <= 0x39 or data[pos] == 0x2E):
        pos += 1
    text = data[start:pos]
    try:
        return (float(text) if text not in (b"", b"+", b"-", b".") else None), pos
    except ValueError:
        return None, pos


def job_text(data: bytes) -> tuple[list[str], list[str]]:
    """The text each page of a PCL job prints, and its PJL lines."""
    placed = PlacedText()
    pjl: list[str] = []
    run = bytearray()
    y = 0.0

    def flush() -> None:
        if run:
            placed.add(run.decode("latin-1"))
            run.clear()

    pos, n = 0, len(data)
    while pos < n:
        c = data[pos]
        if c != ESC:
            pos += 1
            if c in (0x0A, 0x0D):
                flush()
                if c == 0x0A:
                    placed.newline()
            elif c == 0x0C:
                flush()
                placed.page()
            elif c == 0x09:
                run += b"\t"
            elif c >= 0x20 and c != 0x7F:
                run.append(c)
            continue
        flush()
        if data.startswith(UEL, pos):
            lines, pos = _pjl(data, pos + len(UEL))
            pjl.extend(lines)
            continue
        if pos + 1 >= n:
            break
        kind = data[pos + 1]
        if not 0x21 <= kind <= 0x2F:  # a two-character escape
            if kind == ord("E"):
                placed.page()
            pos += 2
            continue
        pos += 2
        group = 0
        if pos < n and 0x60 <= data[pos] <= 0x7E:
            group = data[pos]
            pos += 1
        while pos < n:
            value, pos = _value(data, pos)
            if pos >= n:
                break
            param = data[pos]
            pos += 1
            if not 0x40 <= param <= 0x7E:
                break  # (no parameter character: a broken escape ends here)
            lower = param | 0x20
            if lower == ord("w") and value is not None and value > 0:
                pos += int(value)  # (data bytes: a font header, a raster row)
            elif value is not None and (kind, group, lower) in _DOWN:
                y = value if (kind, group) == (ord("*"), ord("p")) else y + value
                placed.move(y)
            elif (kind, group, lower) in _ALONG:
                placed.move(None)
            if param < 0x60:  # upper case: the escape ends
                break
    flush()
    placed.page()
    return placed.pages, pjl


class PclExtractor(Extractor):
    """PCL print jobs: the text each page prints, a part per page, and the PJL lines."""

    id: ClassVar[str] = "pcl"
    types: ClassVar[frozenset[str]] = frozenset({"pcl"})

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        data = source.read_document(config.batch_bytes, "PCL print job")
        pages, pjl = job_text(data)
        if not pages and not pjl:
            raise ExtractError("PCL job prints no text")
        yield from job_units(source.path, config, pages, ("pjl", "\n".join(pjl)))
