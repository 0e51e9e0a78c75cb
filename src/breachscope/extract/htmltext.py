"""HTML to plain text with the stdlib parser: tags dropped, nothing run or fetched."""

from __future__ import annotations

import re
from html.parser import HTMLParser

BLOCK = frozenset(
    {"p", "div", "br", "tr", "li", "ul", "ol", "table", "h1", "h2", "h3", "h4", "h5", "h6"}
    | {"blockquote", "pre", "hr", "section", "article", "header", "footer", "address"}
    | {"dl", "main", "nav", "aside", "form", "fieldset", "legend", "figure"}
    | {"figcaption", "caption", "details", "summary"}
)
_TERM = "dt"
"""A definition list's term, the label of the ``dd`` after it: ``<dt>BSN</dt><dd>...``
reads as ``BSN: ...`` on a line of its own (the ``dd`` ends the line)."""
_OCR_LINES = frozenset({"ocr_line", "ocrx_line", "ocr_header", "ocr_caption", "ocr_textfloat"})
"""The classes of an hOCR document's lines (a scan's OCR as Tesseract writes it: a word
per ``ocrx_word`` span, each on a source line of its own): a line of the text each, its
words apart by single spaces, as the page shows them."""
_SPACES = re.compile(r"\s+")
_HIDDEN = frozenset({"script", "style", "template", "noscript"})
_ROW_ENDS = frozenset({"tr", "table", "thead", "tbody", "tfoot"})
_IN_CELL = "; "
"""What a line's break inside a table's cell writes (``Jansen, P.<br><small>Dorpsweg 3,
1234 AB Ede</small>``): the cell stays on its row's line, so the row stays a row, and its
two items stay apart."""


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.scripts: list[str] = []
        """The inline scripts' text (a saved page's data: ``window.__USER__ = {...}``)."""
        self._hidden = 0
        self._script = False
        self._after_term = False
        """Whether a term's label was just written (:meth:`_label_end`)."""
        self._cell = False
        """Whether a table's cell is open (its breaks write :data:`_IN_CELL`)."""
        self._break = False
        """Whether a cell's break waits for the cell's next text (:meth:`_in_cell_break`)."""
        self._row = False
        """Whether a table's row is open: the source's line breaks between and in its
        cells are white space, as a browser shows them (the row is one line)."""
        self._time: str | None = None
        """The ``datetime`` of a ``time`` element open with no text yet: written at its end
        where it shows none (Confluence's date, ``<time datetime="1964-11-02" />``)."""
        self._ocr_line: tuple[str, int] | None = None
        """The element of the hOCR line open (:data:`_OCR_LINES`), and how deep."""

    def _ocr_line_start(self, tag: str, attrs: list[tuple[str, str | None]]) -> bool:
        """Whether ``tag`` opens an hOCR line, or an element of its own inside the open one
        (counted, so that the line ends with its own end tag)."""
        if self._ocr_line is not None:
            if tag == self._ocr_line[0]:
                self._ocr_line = (tag, self._ocr_line[1] + 1)
            return False
        classes = next((v or "" for k, v in attrs if k == "class"), "")
        if not _OCR_LINES.intersection(classes.split()):
            return False
        self._newline()
        self._ocr_line = (tag, 1)
        return True

    def _ocr_line_end(self, tag: str) -> bool:
        """Whether ``tag``'s end closes the open hOCR line (a line's end written)."""
        if self._ocr_line is None or tag != self._ocr_line[0]:
            return False
        depth = self._ocr_line[1] - 1
        self._ocr_line = (tag, depth) if depth else None
        if depth:
            return False
        if self.parts:
            self.parts[-1] = self.parts[-1].rstrip(" ")
        self._newline()
        return True

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "time":
            self._time = next((v for k, v in attrs if k == "datetime" and v), None)
        if self._ocr_line_start(tag, attrs):
            return
        if tag in _HIDDEN:
            self._hidden += 1
            self._script = tag == "script"
        elif self._cell and tag not in _ROW_ENDS and (tag in BLOCK or tag == _TERM):
            self._in_cell_break()
        elif tag in BLOCK or tag == _TERM:
            self._cell = False
            self._row = tag == "tr"
            self._newline()
        elif tag in {"td", "th"}:
            self._cell, self._break = True, False
            self.parts.append("\t")

    def handle_endtag(self, tag: str) -> None:
        if tag == "time" and self._time is not None:
            if not self._hidden:
                self.parts.append(self._time)
            self._time = None
        if self._ocr_line_end(tag):
            return
        if tag in _HIDDEN:
            self._hidden = max(0, self._hidden - 1)
            if self._script and self.scripts and not self.scripts[-1].endswith("\n"):
                self.scripts.append("\n")
            self._script = False
        elif tag in {"td", "th"}:
            self._cell = False
        elif self._cell and tag not in _ROW_ENDS and (tag in BLOCK or tag in {_TERM, "dd"}):
            self._in_cell_break()
        elif tag == _TERM:
            self._label_end()
        elif tag in BLOCK or tag == "dd":
            self._cell = self._row = False
            self._newline()

    def handle_data(self, data: str) -> None:
        if self._time is not None and data.strip():
            self._time = None  # (the element shows its own text)
        if self._ocr_line is not None:  # (a word per source line: one line's words)
            data = _SPACES.sub(" ", data)
            if self.parts and self.parts[-1].endswith(("\n", " ")):
                data = data.lstrip(" ")
        if self._row and not self._hidden:
            if not self._cell and not data.strip():
                return  # (the source's layout between cells)
            data = " ".join(data.split("\n")) if "\n" in data else data
            if self._break and self._cell and data.strip():
                self.parts.append(_IN_CELL)
                data = data.lstrip()
                self._break = False
        if not self._hidden:
            if self._after_term:  # (the label's own space is written: no second one)
                data = data.lstrip(" \t\r\n")
                if not data:
                    return
                self._after_term = False
            self.parts.append(data)
        elif self._script and data.strip():
            self.scripts.append(data.strip())

    def _label_end(self) -> None:
        """A term's end: a colon after it (unless it has one), its value on its line."""
        if self._hidden:
            return
        while self.parts and not self.parts[-1].strip() and not self.parts[-1].endswith("\n"):
            self.parts.pop()  # (spaces after the term's text)
        if self.parts and not self.parts[-1].endswith("\n"):
            self.parts[-1] = self.parts[-1].rstrip()
            self.parts.append(" " if self.parts[-1].endswith(":") else ": ")
            self._after_term = True

    def _in_cell_break(self) -> None:
        """A break inside a cell: :data:`_IN_CELL` before the cell's next text, where the
        cell has text before it (once, however many breaks)."""
        if not self._hidden and self.parts and self.parts[-1] != "\t":
            self._break = True

    def _newline(self) -> None:
        self._after_term = False
        if self.parts and not self.parts[-1].endswith("\n"):
            self.parts.append("\n")


def html_to_text(html: str) -> str:
    """The visible text of an HTML document or fragment."""
    return html_texts(html)[0]


def html_texts(html: str) -> tuple[str, str]:
    """The visible text of an HTML document or fragment, and the text of its inline
    scripts, a line each (read as text, never run: a saved portal page keeps the
    signed-in patient's record in one, ``window.__USER__ = {"bsn": ...}``)."""
    parser = _Text()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts).strip("\n"), "".join(parser.scripts).strip("\n")
