"""Drawing helpers for the synthetic PDFs (reportlab, text layer only).

``new_canvas(buffer, title)`` makes a deterministic A4 canvas (``invariant=1``: fixed
creation date and document id). :class:`Page` draws lines top-down with a cursor. Text
uses the standard Helvetica fonts, whose WinAnsi (cp1252) repertoire covers Dutch names;
other characters are folded by :func:`pdf_text` (``ĳ`` -> ``ij``, else ``?``), so a
value outside cp1252 is written as ``pdf_text(value)``.
"""

from __future__ import annotations

import io
import unicodedata
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen import canvas

from breachscope.synth.formats.lab import Lab

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 56.0
TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN
REGULAR = "Helvetica"
BOLD = "Helvetica-Bold"


def _fold(char: str) -> str:
    try:
        char.encode("cp1252")
    except UnicodeEncodeError:
        folded = unicodedata.normalize("NFKC", char)
        if folded != char and all(_fold(c) == c for c in folded):
            return folded
        return "?"
    return char


def pdf_text(text: str) -> str:
    """``text`` as the standard fonts can write it (see module docstring)."""
    try:
        text.encode("cp1252")
    except UnicodeEncodeError:
        return "".join(_fold(c) for c in text)
    return text


def new_canvas(buffer: io.BytesIO, title: str, author: str) -> Any:
    """A deterministic A4 reportlab canvas writing into ``buffer``."""
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=1, pageCompression=1)
    pdf.setTitle(pdf_text(title))
    pdf.setAuthor(pdf_text(author))
    pdf.setCreator("LabOffice Rapportage 7.2")
    return pdf


class Page:
    """A top-down text cursor on the current page of a canvas."""

    def __init__(self, pdf: Any, top: float = PAGE_HEIGHT - MARGIN) -> None:
        self.pdf = pdf
        self.y = top

    def line(self, text: str, *, size: float = 10, bold: bool = False, x: float = MARGIN) -> None:
        self.pdf.setFont(BOLD if bold else REGULAR, size)
        self.pdf.drawString(x, self.y, pdf_text(text))
        self.y -= size * 1.45

    def pair(self, label: str, value: str, *, tab: float = 130, size: float = 10) -> None:
        """``label`` and ``value`` on one baseline, the value at ``MARGIN + tab``."""
        self.pdf.setFont(REGULAR, size)
        self.pdf.drawString(MARGIN, self.y, pdf_text(label))
        self.pdf.drawString(MARGIN + tab, self.y, pdf_text(value))
        self.y -= size * 1.45

    def wrapped(self, text: str, *, size: float = 10, x: float = MARGIN) -> None:
        """Free text wrapped to the text width (never used for values that must stay whole)."""
        for piece in simpleSplit(pdf_text(text), REGULAR, size, TEXT_WIDTH - (x - MARGIN)):
            self.line(piece, size=size, x=x)

    def gap(self, points: float = 8) -> None:
        self.y -= points

    def rule(self) -> None:
        self.pdf.setLineWidth(0.5)
        self.pdf.line(MARGIN, self.y + 6, PAGE_WIDTH - MARGIN, self.y + 6)
        self.gap(6)

    def letterhead(self, lab: Lab) -> None:
        self.line(lab.name, size=14, bold=True)
        self.line(lab.department, size=9)
        self.line(f"{lab.address_line}  |  T {lab.phone}  |  www.{lab.domain}", size=9)
        self.gap(4)
        self.rule()

    def footer(self, text: str) -> None:
        self.pdf.setFont(REGULAR, 8)
        self.pdf.drawString(MARGIN, MARGIN / 2, pdf_text(text))
