"""What extractors produce: units of text or of table, each with an exact location.

* :class:`TextUnit` - a run of free text (a PDF page, an e-mail body, a DOCX document, a
  slice of a log). Character offsets into ``text`` are locations (``Location.start/end``).
* :class:`TableUnit` - rows under named columns (CSV, a sheet, a SQL table, JSON records,
  HL7 or EDIFACT messages with field ids as column names). Every cell is addressed by its
  source row number and its column name.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa

from breachscope.location import Location


@dataclass(frozen=True, slots=True)
class TextUnit:
    """Free text. ``location`` addresses the unit; offsets in ``text`` narrow it."""

    location: Location
    text: str
    base_offset: int = 0
    """Character offset of ``text[0]`` within the part (units of one long part are slices)."""
    first_line: int = 1
    """1-based line of the part that ``text[0]`` lies on (a table found inside the text
    names its rows by line, see :mod:`breachscope.detect.texttables`)."""

    def span(self, start: int, end: int) -> Location:
        """The location of ``text[start:end]``."""
        return self.location.with_span(self.base_offset + start, self.base_offset + end)


@dataclass(frozen=True, slots=True)
class TableUnit:
    """A table: ``columns`` are the header texts as found (or field ids), in order.

    ``data`` holds one string column per header, named ``c0, c1, ...`` (headers may repeat
    or be empty), plus ``__row__`` (int64): the source row number of each data row (1-based
    line/row in the file or sheet; message number for HL7/EDIFACT; line for NDJSON).
    Date cells read from spreadsheets are ISO strings (``YYYY-MM-DD``); NULL is an empty cell.
    """

    location: Location
    columns: tuple[str, ...]
    data: pa.Table
    header_row: int | None = None
    """Source row of the header line, where the extractor read the header from the file
    (a CSV file's or a sheet's first unit): a table on its side holds its first field
    there (:mod:`breachscope.detect.sideways`)."""

    def __post_init__(self) -> None:
        expected = [f"c{i}" for i in range(len(self.columns))] + ["__row__"]
        if self.data.column_names != expected:
            raise ValueError(f"table unit data must have columns {expected}")

    def cell(self, row: int, column: int) -> Location:
        """Location of the cell at source row ``row`` under header ``columns[column]``."""
        loc = self.location
        return Location(loc.path, loc.part, row, self.columns[column])

    @property
    def num_rows(self) -> int:
        return int(self.data.num_rows)

    @staticmethod
    def build(
        location: Location,
        columns: list[str] | tuple[str, ...],
        rows: list[list[str | None]],
        row_numbers: list[int],
    ) -> TableUnit:
        """Build from Python rows (each as long as ``columns``, shorter rows padded)."""
        width = len(columns)
        cols: dict[str, pa.Array] = {}
        for i in range(width):
            cols[f"c{i}"] = pa.array([r[i] if i < len(r) else None for r in rows], type=pa.string())
        cols["__row__"] = pa.array(row_numbers, type=pa.int64())
        return TableUnit(location, tuple(columns), pa.table(cols))


Unit = TextUnit | TableUnit
