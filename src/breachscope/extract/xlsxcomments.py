"""The comments on an XLSX workbook's cells (``xl/comments*.xml``), which the cell reader
(python-calamine) does not give: a helpdesk's register notes a caller's BSN and postcode
in a comment on her row, a DPO's list a patient's condition.

Each sheet's comments are found through the workbook's relationships (``xl/workbook.xml``
names each sheet and its relationship, ``xl/_rels/workbook.xml.rels`` its part, the
part's own ``_rels`` its comments), each comment at its cell (``ref="F4"``: row 4, column
F) with its text, without the author's name that Excel writes before it
(``Kees-Jan Hobma:``: a colleague's, no one in the row). Parsed with expat (entity
declarations refused), each part bounded; a workbook whose parts cannot be read gives no
comments (its cells are still read).
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from typing import BinaryIO

from breachscope.extract.base import ExtractError
from breachscope.extract.safexml import Malformed, Refused, feed

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
MAX_PART = 16 * 1024**2
"""Most bytes of one part read for comments."""
_REF = re.compile(r"\$?([A-Z]{1,3})\$?([1-9]\d{0,6})")

Notes = dict[int, dict[int, str]]
"""Row number (as Excel shows it) -> column index (0 for column A) -> comment text."""


class _Collect:
    """Expat handlers that keep the attributes of the elements of some names, and the
    text of ``t`` elements per ``comment``."""

    def __init__(self, names: frozenset[str]) -> None:
        self.names = names
        self.found: list[dict[str, str]] = []
        self.comments: list[tuple[dict[str, str], list[str]]] = []
        self._text: list[str] | None = None
        self._in_t = False

    def start(self, name: str, attrs: dict[str, str]) -> None:
        if name in self.names:
            self.found.append(attrs)
        if name == f"{_MAIN} comment":
            self._text = []
            self.comments.append((attrs, self._text))
        elif name == f"{_MAIN} t" and self._text is not None:
            self._in_t = True

    def end(self, name: str) -> None:
        if name == f"{_MAIN} t":
            self._in_t = False
        elif name == f"{_MAIN} comment":
            self._text = None

    def text(self, data: str) -> None:
        if self._in_t and self._text is not None:
            self._text.append(data)


def _read(book: zipfile.ZipFile, part: str, names: frozenset[str]) -> _Collect:
    into = _Collect(names)
    with book.open(part) as fh:
        feed(fh, into, MAX_PART, what="workbook part")
    return into


def rels(book: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """``{Id: (Type, the target's part name)}`` of ``part``'s relationships."""
    folder, name = posixpath.split(part)
    rels = posixpath.join(folder, "_rels", f"{name}.rels")
    if rels not in book.namelist():
        return {}
    out: dict[str, tuple[str, str]] = {}
    for a in _read(book, rels, frozenset({f"{_PKG} Relationship"})).found:
        target = a.get("Target", "")
        if a.get("TargetMode") == "External" or not target:
            continue
        path = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
        out[a.get("Id", "")] = (a.get("Type", ""), posixpath.normpath(path))
    return out


def cell_comments(fh: BinaryIO) -> dict[str, Notes]:
    """``{sheet name: notes}`` of an XLSX workbook's comments (see the module); empty
    where the workbook has none or its parts cannot be read."""
    try:
        with zipfile.ZipFile(fh) as book:
            if "xl/workbook.xml" not in book.namelist():
                return {}
            sheets = _read(book, "xl/workbook.xml", frozenset({f"{_MAIN} sheet"})).found
            parts = rels(book, "xl/workbook.xml")
            out: dict[str, Notes] = {}
            for sheet in sheets:
                rid = sheet.get(f"{_REL} id", "")
                if rid not in parts or not sheet.get("name"):
                    continue
                for kind, target in rels(book, parts[rid][1]).values():
                    if kind.endswith("/comments") and target in book.namelist():
                        notes = _sheet_notes(book, target)
                        if notes:
                            out.setdefault(sheet["name"], {}).update(notes)
            return out
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, Malformed, Refused, ExtractError):
        return {}


def _sheet_notes(book: zipfile.ZipFile, part: str) -> Notes:
    authors_at = _AuthorList()
    with book.open(part) as fh:
        feed(fh, authors_at, MAX_PART, what="workbook part")
    notes: Notes = {}
    for attrs, pieces in authors_at.comments:
        m = _REF.fullmatch(attrs.get("ref", ""))
        said = " ".join("".join(pieces).split())
        if m is None or not said:
            continue
        author = authors_at.author(attrs.get("authorId", ""))
        if author and said.startswith(f"{author}:"):
            said = said[len(author) + 1 :].lstrip()  # (Excel opens it so: a user's)
        column = 0
        for letter in m[1]:
            column = column * 26 + ord(letter) - 64
        if said:
            notes.setdefault(int(m[2]), {})[column - 1] = said
    return notes


class _AuthorList(_Collect):
    """:class:`_Collect` of a comments part, with its ``authors`` list."""

    def __init__(self) -> None:
        super().__init__(frozenset())
        self.authors: list[str] = []
        self._author: list[str] | None = None

    def start(self, name: str, attrs: dict[str, str]) -> None:
        super().start(name, attrs)
        if name == f"{_MAIN} author":
            self._author = []

    def end(self, name: str) -> None:
        super().end(name)
        if name == f"{_MAIN} author" and self._author is not None:
            self.authors.append("".join(self._author).strip())
            self._author = None

    def text(self, data: str) -> None:
        super().text(data)
        if self._author is not None:
            self._author.append(data)

    def author(self, index: str) -> str:
        return (
            self.authors[int(index)] if index.isdigit() and int(index) < len(self.authors) else ""
        )
