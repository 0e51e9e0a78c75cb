"""Cutting extracted content into units of bounded size.

* :class:`RowChunker` - rows under a fixed header (CSV, sheets, SQL tables);
* :class:`RecordChunker` - records as ``{column: value}`` with varying columns (JSON,
  HL7, EDIFACT): a unit's columns are the union of its records' columns, in first-seen order;
* :func:`cut_text` - long text cut into :class:`TextUnit` slices with exact offsets.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

import pyarrow as pa

from breachscope.extract.units import TableUnit, TextUnit
from breachscope.location import Location

MAX_COLUMNS = 4096
"""Most columns in one table unit; wider records are split over several units."""


def column_names(header: Sequence[str], width: int) -> list[str]:
    """The header padded to ``width`` with positional names (``column7``) for extra cells
    and blank ones; a name the header repeats is numbered from its second column on
    (``naam``, ``naam (2)``), so that every column, and every location in it, has a name
    of its own (a number in brackets is no part of the name when the header is read, see
    :func:`breachscope.detect.columns.normalise_header`)."""
    names = [h if h and not h.isspace() else f"column{i + 1}" for i, h in enumerate(header[:width])]
    names.extend(f"column{i + 1}" for i in range(len(names), width))
    taken = set(names)
    seen: set[str] = set()
    for i, name in enumerate(names):
        if name in seen:
            k = 2
            while f"{name} ({k})" in taken:
                k += 1
            names[i] = f"{name} ({k})"
            taken.add(names[i])
        seen.add(name)
    return names


class RowChunker:
    """Collects rows under one header and yields a :class:`TableUnit` every ``max_rows``."""

    def __init__(
        self,
        location: Location,
        header: Sequence[str],
        max_rows: int,
        header_row: int | None = None,
    ) -> None:
        self.location = location
        self.header = list(header)
        self.header_row = header_row
        """Source row of the header, given to the first unit only."""
        self.max_rows = max(1, max_rows)
        self._rows: list[Sequence[str | None]] = []
        self._numbers: list[int] = []
        self._width = len(self.header)

    def __len__(self) -> int:
        return len(self._rows)

    def add(self, row_number: int, row: Sequence[str | None]) -> Iterator[TableUnit]:
        if self.append(row_number, row):
            yield from self.flush()

    def append(self, row_number: int, row: Sequence[str | None]) -> bool:
        """Add a row; True when the unit is full and :meth:`flush` is due."""
        self._rows.append(row)
        self._numbers.append(row_number)
        if len(row) > self._width:
            self._width = len(row)
        return len(self._rows) >= self.max_rows

    def flush(self) -> Iterator[TableUnit]:
        if not self._rows:
            return
        rows, numbers, width = self._rows, self._numbers, self._width
        self._rows, self._numbers, self._width = [], [], len(self.header)
        names = column_names(self.header, width)
        header_row, self.header_row = self.header_row, None
        for lo in range(0, max(width, 1), MAX_COLUMNS):
            cols = {
                f"c{i - lo}": pa.array(
                    [r[i] if i < len(r) else None for r in rows], type=pa.string()
                )
                for i in range(lo, min(width, lo + MAX_COLUMNS))
            }
            cols["__row__"] = pa.array(numbers, type=pa.int64())
            yield TableUnit(
                self.location, tuple(names[lo : lo + MAX_COLUMNS]), pa.table(cols), header_row
            )


class RecordChunker:
    """Collects ``{column: value}`` records; yields a unit per ``max_rows`` records or when
    the union of columns would pass :data:`MAX_COLUMNS`."""

    def __init__(self, location: Location, max_rows: int) -> None:
        self.location = location
        self.max_rows = max(1, max_rows)
        self._records: list[Mapping[str, str | None]] = []
        self._numbers: list[int] = []
        self._columns: dict[str, None] = {}

    def add(self, row_number: int, record: Mapping[str, str | None]) -> Iterator[TableUnit]:
        if not record:
            return
        if len(record) > MAX_COLUMNS:
            yield from self.flush()
            keys = list(record)
            for lo in range(0, len(keys), MAX_COLUMNS):
                part = {k: record[k] for k in keys[lo : lo + MAX_COLUMNS]}
                self._add(row_number, part)
                yield from self.flush()
            return
        new = sum(1 for k in record if k not in self._columns)
        if len(self._columns) + new > MAX_COLUMNS:
            yield from self.flush()
        self._add(row_number, record)
        if len(self._records) >= self.max_rows:
            yield from self.flush()

    def _add(self, row_number: int, record: Mapping[str, str | None]) -> None:
        self._records.append(record)
        self._numbers.append(row_number)
        for key in record:
            self._columns.setdefault(key, None)

    def flush(self) -> Iterator[TableUnit]:
        if not self._records:
            return
        records, numbers, columns = self._records, self._numbers, list(self._columns)
        self._records, self._numbers, self._columns = [], [], {}
        cols = {
            f"c{i}": pa.array([r.get(name) for r in records], type=pa.string())
            for i, name in enumerate(columns)
        }
        cols["__row__"] = pa.array(numbers, type=pa.int64())
        yield TableUnit(self.location, tuple(columns), pa.table(cols))


def cut_point(text: str, limit: int) -> int:
    """Where to cut ``text`` so the first piece has at most ``limit`` characters: after
    the last newline in the second half of the window, else at ``limit``."""
    if len(text) <= limit:
        return len(text)
    newline = text.rfind("\n", limit // 2, limit)
    return newline + 1 if newline >= 0 else limit


def cut_text(location: Location, text: str, limit: int, base: int = 0) -> Iterator[TextUnit]:
    """Yield ``text`` as units of at most ``limit`` characters, offsets counted from ``base``."""
    limit = max(1, limit)
    pos = 0
    line = 1
    while pos < len(text):
        cut = pos + cut_point(text[pos : pos + limit + 1], limit)
        yield TextUnit(location, text[pos:cut], base_offset=base + pos, first_line=line)
        line += text.count("\n", pos, cut)
        pos = cut
