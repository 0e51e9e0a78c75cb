"""XLSX, XLS and ODS workbooks via python-calamine: every sheet, header found below titles.

Cells become strings the way a person reads them: dates as ``YYYY-MM-DD`` (datetimes with
a time of day as ``YYYY-MM-DDTHH:MM:SS``), integral numbers without ``.0`` (a BSN typed as
a number, ``12345678.0``, becomes ``12345678``), booleans as ``TRUE``/``FALSE``. Rows are
numbered as Excel shows them (1-based, empty rows above the data counted). Title rows above
the header are free text: the sheet's part, a line per row (see :func:`title_text`). An
XLSX workbook's pivot caches, the rows its pivot tables were built from, are tables of
their own (:mod:`.pivotcache`), and so are the cached values of its links to other
workbooks (:mod:`.externallinks`); its properties, core, application and custom, are
text (``properties``, ``custom-properties``: :mod:`.officeprops`).
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from typing import BinaryIO, ClassVar

import python_calamine

from breachscope.config import Config
from breachscope.extract.base import Extracted, ExtractError, Extractor, Note, SkipFile, Source
from breachscope.extract.chunking import RowChunker, column_names, cut_text
from breachscope.extract.externallinks import Rows, link_caches, rows_of
from breachscope.extract.header import SCAN_ROWS, find_header
from breachscope.extract.officeprops import property_texts
from breachscope.extract.pivotcache import pivot_caches
from breachscope.extract.units import TextUnit
from breachscope.extract.xlsxcomments import Notes, cell_comments
from breachscope.location import Location

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def cell_text(value: object) -> str | None:
    """A cell value as text; ``None`` for an empty cell."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer():
            return str(int(value))
        return repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


class SpreadsheetExtractor(Extractor):
    """All sheets of a workbook; one unit per block of rows, ``part`` = sheet name."""

    id: ClassVar[str] = "spreadsheet"
    types: ClassVar[frozenset[str]] = frozenset({"xlsx", "xls", "ods"})
    structured: ClassVar[bool] = True

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        with source.open() as fh:
            magic = fh.read(8)
            if not magic:
                raise SkipFile("empty file")
            if source.detected_type == "xlsx" and magic == _OLE_MAGIC:
                raise ExtractError("encrypted (password-protected) workbook")
            fh.seek(0)
            comments: dict[str, Notes] = {}
            caches: list[tuple[str, list[str], list[list[str | None]]]] = []
            links: list[tuple[str, Rows]] = []
            props: list[tuple[str, str]] = []
            problems: list[tuple[str, str]] = []
            if magic.startswith(b"PK"):
                _check_expansion(fh, config)
                fh.seek(0)
                if source.detected_type == "xlsx":
                    comments = cell_comments(fh)
                    fh.seek(0)
                    caches = list(pivot_caches(fh))
                    fh.seek(0)
                    links = list(link_caches(fh))
                    fh.seek(0)
                    props, problems = _properties(fh, config.batch_bytes)
                    fh.seek(0)
            try:
                book = python_calamine.CalamineWorkbook.from_filelike(fh)
            except python_calamine.PasswordError:
                raise ExtractError("encrypted (password-protected) workbook") from None
            except Exception as exc:  # calamine raises many kinds for bad input
                raise ExtractError(f"unreadable workbook ({type(exc).__name__})") from None
            try:
                for name in book.sheet_names:
                    yield from self._sheet(book, name, source.path, config, comments.get(name))
            finally:
                book.close()
        for part, header, records in caches:
            chunker = RowChunker(
                Location(source.path, part=part), header, config.max_table_rows_per_unit
            )
            for number, record in enumerate(records, start=1):
                yield from chunker.add(number, record)
            yield from chunker.flush()
        for part, cells in links:
            yield from sheet_units(Location(source.path, part=part), rows_of(cells), config)
        for part, text in props:
            yield from cut_text(Location(source.path, part=part), text, config.max_text_unit_chars)
        for part, reason in problems:
            yield Note(Location(source.path, part=part), reason)

    def _sheet(
        self,
        book: python_calamine.CalamineWorkbook,
        name: str,
        path: str,
        config: Config,
        notes: Notes | None = None,
    ) -> Iterator[Extracted]:
        try:
            sheet = book.get_sheet_by_name(name)
        except Exception as exc:
            raise ExtractError(f"unreadable sheet ({type(exc).__name__})") from None
        if sheet.start is None:
            if notes:  # (comments on a sheet of no values: its titles' text)
                rows = iter([(n, list[str | None]()) for n in sorted(notes)])
                yield from sheet_units(Location(path, part=name), rows, config, notes)
            return
        if notes:  # (calamine's first column is the sheet's first filled one)
            first = sheet.start[1]
            notes = {
                row: {max(col - first, 0): text for col, text in cols.items()}
                for row, cols in notes.items()
            }
        where = Location(path, part=name)
        yield from sheet_units(where, _rows(sheet, notes), config, notes, sheet.width)


def sheet_units(
    where: Location,
    rows: Iterator[tuple[int, list[str | None]]],
    config: Config,
    notes: Mapping[int, Mapping[int, str]] | None = None,
    width: int = 0,
) -> Iterator[Extracted]:
    """A sheet's units (at ``where``, its part the sheet's name) from its non-empty
    ``rows`` (``(row number, cells)``, in order): the header found below titles, the
    titles as free text, the rows under the header as tables. ``notes`` (row number ->
    column index -> text: the comments on cells; ``width`` at least the sheet's widest
    row) are cells of columns of their own after the sheet's, each named for the column
    it remarks on (``BSN (opmerking)``), so that a comment is read in its row; a comment
    on a title or on the header is a line of the titles' text."""
    notes = notes or {}
    head: list[tuple[int, list[str | None]]] = []
    for item in rows:
        head.append(item)
        if len(head) >= SCAN_ROWS:
            break
    index = find_header([[c or "" for c in r] for _, r in head])
    if index is not None and index == len(head) - 1 and len(head) < SCAN_ROWS:
        index = None  # (a last row with no row under it heads nothing: its cells are read)
    header: list[str] = []
    if index is not None:
        header = [c or "" for c in head[index][1]]
        while header and not header[-1]:
            header.pop()
    start = 0 if index is None else index + 1
    noted = sorted(
        {c for n, cols in notes.items() for c in cols if not start or n > head[index or 0][0]}
    )
    if noted:
        width = max([width, len(header), *(len(r) for _, r in head)])
        named = column_names(header, width)
        header = named + [
            f"{named[c] if c < width else f'column{c + 1}'} (opmerking)" for c in noted
        ]
    chunker = RowChunker(
        where,
        column_names(header, len(header)),
        config.max_table_rows_per_unit,
        None if index is None else head[index][0],
    )
    titles: list[tuple[int, list[str | None]]] = [
        (n, [*cells, *notes.get(n, {}).values()]) for n, cells in head[: index or 0]
    ]
    if index is not None and (said := notes.get(head[index][0])):
        titles.append((head[index][0], [*said.values()]))  # (a comment on the header)
    title = title_text(titles)
    if title.strip():
        yield TextUnit(where, title)
    for number, cells in itertools.chain(head[start:], rows):
        if noted:
            mine = notes.get(number, {})
            cells = [*cells, *([None] * (width - len(cells))), *(mine.get(c) for c in noted)]
        yield from chunker.add(number, cells)
    yield from chunker.flush()


def _properties(fh: BinaryIO, limit: int) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """A workbook's core, application and custom properties
    (:func:`breachscope.extract.officeprops.property_texts`); none where the zip does not
    open (calamine reports the damage)."""
    try:
        with zipfile.ZipFile(fh) as archive:
            return property_texts(archive, limit)
    except (zipfile.BadZipFile, OSError, ValueError):
        return [], []


def _check_expansion(fh: BinaryIO, config: Config) -> None:
    """Refuse zip-based workbooks that would expand past the memory budget (zip bombs):
    calamine holds a whole sheet in memory."""
    try:
        with zipfile.ZipFile(fh) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # calamine reports the damage itself
    budget = 4 * config.batch_bytes
    total = sum(m.file_size for m in members)
    if total > budget:
        raise ExtractError(f"workbook expands to more than {budget} bytes")
    for m in members:
        if m.file_size > 1024**2 and m.file_size > config.archive.max_ratio * max(
            m.compress_size, 1
        ):
            raise ExtractError(f"workbook member compressed more than {config.archive.max_ratio}x")


def title_text(rows: Sequence[tuple[int, Sequence[str | None]]]) -> str:
    """The title rows above a sheet's header (``Uitslagen aangevraagd door ...``) as
    free text: a line per row up to the last (line ``n`` is row ``n``; empty rows are
    empty lines), its cells set apart by tabs."""
    lines: list[str] = []
    for number, cells in rows:
        lines.extend([""] * (number - 1 - len(lines)))
        lines.append("\t".join(c or "" for c in cells).rstrip("\t"))
    return "\n".join(lines) + "\n" if lines else ""


def _rows(
    sheet: python_calamine.CalamineSheet, notes: Notes | None = None
) -> Iterator[tuple[int, list[str | None]]]:
    """Non-empty rows as ``(Excel row number, cells)``; calamine starts rows at row 1. A
    row with only a comment (``notes``) is one too."""
    try:
        for i, raw in enumerate(sheet.iter_rows()):
            cells = [cell_text(v) for v in raw]
            while cells and cells[-1] is None:
                cells.pop()
            if cells or (notes and i + 1 in notes):
                yield i + 1, cells
    except Exception as exc:
        raise ExtractError(f"unreadable sheet ({type(exc).__name__})") from None
