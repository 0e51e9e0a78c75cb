"""Tables on their side: one field per row, one record per column.

A form-like sheet (``Naam | P. Jansen`` on its first row, ``Geboortedatum | 03-03-1978``
below it), a ``key,value`` export of one record, or patients set side by side
(``Veld;Patiënt 1;Patiënt 2``) name their fields down the first column. Read as they
stand, each column holds every field of a record, and no detector claims such a column:
the file gave nothing, or only what free text finds in its cells.

:func:`on_its_side` gives such a table turned a quarter (:class:`SideTable`): its fields
are columns, each record a row, and it is detected as any other table; the findings are
then placed as the file holds them (:func:`relocated`): a cell at its field's row under
its record's column, each record named by its column (``export.csv#col=Patiënt 1``),
and the explanation saying so (:data:`ON_ITS_SIDE`).

A table is read so when it is small (at most :data:`MAX_FIELDS` fields and
:data:`MAX_RECORDS` records), its first column holds a distinct label on every row (a word, no
number or date), at least :data:`MIN_FIELDS` of them, and half, header words a detector
knows, and
detectors claim more of the turned table's columns (at least :data:`MIN_FIELDS`) than
of the table as it stands. Where the header line itself names a field (``Naam;P.
Jansen``: a form with no header, its first row read as one), that line is the first
field, at its own row (:attr:`~breachscope.extract.units.TableUnit.header_row`), and the
record columns are positional (``column2``), as a table with no header names them.

Columns about another person (``Contactpersoon``) stay in the record, unlike in a table
that stands (:mod:`breachscope.detect.othercolumns`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pyarrow as pa

from breachscope.detect.columns import normalise_header
from breachscope.detect.finding import LABEL, locations
from breachscope.extract.header import is_data
from breachscope.extract.units import TableUnit
from breachscope.location import Location

ON_ITS_SIDE = "table on its side (fields down the first column)"
"""Added to the explanation of each finding of such a table."""
MIN_FIELDS = 2
"""Fewest labels a detector's header words name, and fewest claimed turned columns."""
MAX_FIELDS = 64
"""Most rows (fields) of a table read on its side."""
MAX_RECORDS = 256
"""Most record columns of a table read on its side."""


@dataclass(frozen=True, slots=True)
class SideTable(TableUnit):
    """A table turned a quarter: ``columns`` are the fields, each data row a record
    (``__row__`` numbers the records from 1)."""

    field_rows: tuple[int, ...] = ()
    """Source row of each field (of each column)."""
    records: tuple[str, ...] = ()
    """Column of the file that holds each record (of each data row)."""


def on_its_side(
    unit: TableUnit,
    names_field: Callable[[str], bool],
    claimed: Callable[[TableUnit], Sequence[int]],
) -> SideTable | None:
    """``unit`` turned, where it lies on its side (see the module docstring), else None.
    ``names_field(text)``: whether a detector's header words name ``text``;
    ``claimed(table)``: the columns detectors claim."""
    width = len(unit.columns)
    if isinstance(unit, SideTable) or unit.num_rows > MAX_FIELDS:
        return None
    if not 2 <= width <= MAX_RECORDS + 1:
        return None
    labels = unit.data.column("c0").to_pylist()
    if not all(isinstance(v, str) and v.strip() and not is_data(v.strip()) for v in labels):
        return None  # (a label is a word: a column of numbers or dates holds values)
    at_header = unit.header_row is not None and names_field(unit.columns[0])
    fields: list[str] = [unit.columns[0], *labels] if at_header else labels
    if len({normalise_header(f) for f in fields}) < len(fields):
        return None  # a field twice: not one record per column
    named = sum(1 for f in fields if names_field(f))
    if named < MIN_FIELDS or 2 * named < len(fields):
        return None
    turned = _turned(unit, fields, at_header)
    if turned.num_rows == 0:
        return None
    found = len(claimed(turned))
    if found < MIN_FIELDS or found <= len(claimed(unit)):
        return None
    return turned


def _turned(unit: TableUnit, fields: list[str], at_header: bool) -> SideTable:
    """``unit`` with its ``fields`` as columns and a row per record column that holds a
    value (the header line is the first field where ``at_header``)."""
    rows = unit.data.column("__row__").to_pylist()
    field_rows = ([unit.header_row] if at_header else []) + rows
    cells: list[list[str | None]] = []
    records: list[str] = []
    for j in range(1, len(unit.columns)):
        values = unit.data.column(f"c{j}").to_pylist()
        if at_header:
            values = [unit.columns[j], *values]
        if any(v and v.strip() for v in values):
            cells.append(values)
            records.append(f"column{j + 1}" if at_header else unit.columns[j])
    data = {f"c{i}": pa.array([r[i] for r in cells], pa.string()) for i in range(len(fields))}
    data["__row__"] = pa.array(range(1, len(cells) + 1), pa.int64())
    return SideTable(
        unit.location,
        tuple(fields),
        pa.table(data),
        None,
        tuple(int(r) for r in field_rows if r is not None),
        tuple(records),
    )


def relocated(side: SideTable, found: pa.Table) -> pa.Table:
    """The findings of the turned table ``side`` placed as the file holds them: a cell at
    its field's row under its record's column; the record of a finding that has one is
    its column (``path#col=...``)."""
    if not found.num_rows:
        return found
    row_of = dict(zip(side.columns, side.field_rows, strict=True))
    here = side.location
    place: list[str] = []
    record: list[str | None] = []
    for written, rec in zip(
        locations(found).to_pylist(), found.column("record").to_pylist(), strict=True
    ):
        at = Location.parse(written)
        if at.row is None or at.column is None:
            raise ValueError(f"a table finding without its cell: {written}")
        column = side.records[at.row - 1]
        place.append(
            str(Location(here.path, here.part, row_of[at.column], column, at.start, at.end))
        )
        record.append(None if rec is None else str(Location(here.path, here.part, None, column)))
    why = found.column("explanation").combine_chunks()
    new = {
        "explanation": pa.DictionaryArray.from_arrays(
            why.indices, pa.array([f"{w}; {ON_ITS_SIDE}" for w in why.dictionary.to_pylist()])
        ),
        "location": pa.array(place, pa.string()),
        "record": pa.array(record, pa.string()).dictionary_encode(),
        "cell": pa.nulls(found.num_rows, LABEL),
    }
    return pa.Table.from_arrays(
        [new.get(name, found.column(name)) for name in found.schema.names], schema=found.schema
    )
