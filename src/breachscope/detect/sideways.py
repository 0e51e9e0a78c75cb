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
and the explanation saying so (:data:`ON_ITS_SIDE`). A form that sets its pairs of
label and value side by side (``Naam: | P. Jansen | BSN: | 506332433``: more columns of
labels) is one record, the sheet (``formulier.xlsx#part=Blad1``), each value the first
filled cell right of its label.

A table is read so when it is small (at most :data:`MAX_FIELDS` fields and
:data:`MAX_RECORDS` records), its first column holds a label on every row (a word, no
number or date), its labels are distinct, at least :data:`MIN_FIELDS` of them, and half,
header words a detector knows, its header line (if any) does not name a field in two of
three cells (a table that stands), and detectors claim more of the turned table's
columns (at least :data:`MIN_FIELDS`) than of the table as it stands. Another column is one of
labels where its filled cells are such words, half of them, and one at least, header
words a detector knows. Where the header line itself names a field (``Naam;P. Jansen``:
a form with no header, its first row read as one), that line is the first field, at its
own row (:attr:`~breachscope.extract.units.TableUnit.header_row`), and the record
columns are positional (``column2``), as a table with no header names them. Where the
header line's first cell is blank and the others are the records' names (a pivot table
with a column per patient: ``;Bos-Hiemstra, W.;Cabral Gomes, Maria`` over ``BSN;...``),
that line is the first field, read as :data:`NAME_FIELD`, where the name detector claims
it; the record columns are then positional too (a name is no column's name in a
location).

Columns about another person (``Contactpersoon``) stay in the record, unlike in a table
that stands (:mod:`breachscope.detect.othercolumns`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache

import pyarrow as pa

from breachscope.detect.columns import normalise_header
from breachscope.detect.finding import LABEL, locations
from breachscope.detect.headerless import POSITIONAL
from breachscope.extract.header import is_data
from breachscope.extract.units import TableUnit
from breachscope.location import Location

ON_ITS_SIDE = "table on its side (fields down the first column)"
"""Added to the explanation of each finding of such a table."""
PAIRS = "form of label and value pairs side by side"
"""Added to the explanation of each finding of a form of pairs side by side."""
MIN_FIELDS = 2
"""Fewest labels a detector's header words name, and fewest claimed turned columns."""
MAX_FIELDS = 64
"""Most rows (fields) of a table read on its side."""
MAX_RECORDS = 256
"""Most record columns of a table read on its side."""
NAME_FIELD = "naam"
"""The field a blank-headed header line of records' names is read as."""
_TOTALS = re.compile(r"(?:eind|sub)?totaal|(?:grand[ ])?totals?|som|aantal", re.IGNORECASE)
"""The header of a pivot table's column of totals (Excel's ``Eindtotaal``)."""

Cells = list[str | None]


@dataclass(frozen=True, slots=True)
class SideTable(TableUnit):
    """A table turned a quarter: ``columns`` are the fields, each data row a record
    (``__row__`` numbers the records from 1)."""

    field_rows: tuple[int, ...] = ()
    """Source row of each field (of each column)."""
    records: tuple[str, ...] = ()
    """Column of the file that holds each record (of each data row)."""
    field_columns: tuple[str, ...] = ()
    """Column of the file that holds each field's value, in a form of pairs side by side
    (one record, the whole part); empty where each record's column holds its fields."""
    how: str = ON_ITS_SIDE
    """How the table lies in the file, added to each finding's explanation."""
    cell_rows: tuple[tuple[int, ...], ...] = ()
    """In a table in long form (:mod:`breachscope.detect.longtable`), each record's source
    row of each field (0 where it has none); empty otherwise."""
    record_rows: tuple[int, ...] = ()
    """In a table in long form, each record's first source row, which names it."""

    @classmethod
    def record(
        cls,
        location: Location,
        fields: Sequence[str],
        values: Sequence[str | None],
        rows: Sequence[int],
        places: Sequence[str],
        how: str,
    ) -> SideTable:
        """A form of pairs: one record (the whole part) of ``fields``, each value at its
        own row (``rows``) and column of the file (``places``)."""
        data = {f"c{i}": pa.array([v], pa.string()) for i, v in enumerate(values)}
        data["__row__"] = pa.array([1], pa.int64())
        return cls(
            location, tuple(fields), pa.table(data), None, tuple(rows), ("",), tuple(places), how
        )


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
    first = unit.data.column("c0").to_pylist()
    if not all(map(is_label, first)):
        return None  # (a label is a word: a column of numbers or dates holds values)
    if len({normalise_header(str(v)) for v in first}) < len(first):
        return None  # (a label twice: a column of values, as in most tables that stand)
    names_field = cache(names_field)  # (the pairs' check asks of many cells)
    if unit.header_row is not None and _standing_header(unit.columns, names_field):
        return None
    at_header = unit.header_row is not None and names_field(unit.columns[0])
    columns = [_cells(unit, j, at_header) for j in range(width)]
    rows = ([unit.header_row] if at_header else []) + unit.data.column("__row__").to_pylist()
    turned = _named_records(unit, columns, rows, claimed) if not at_header else None
    if turned is None:
        turned = _pairs(unit, columns, rows, at_header, names_field) or _turned(
            unit, columns, rows, at_header
        )
    fields = turned.columns
    if len({normalise_header(f) for f in fields}) < len(fields):
        return None  # a field twice: not one record per column
    named = sum(1 for f in fields if names_field(f))
    if named < MIN_FIELDS or 2 * named < len(fields) or turned.num_rows == 0:
        return None
    found = len(claimed(turned))
    if found < MIN_FIELDS or found <= len(claimed(unit)):
        return None
    return turned


_NUMBERED = re.compile(r"[ ]?\d+$")
"""A record's number after its header word (``patient 2``)."""


def _standing_header(columns: Sequence[str], names_field: Callable[[str], bool]) -> bool:
    """Whether a header line names distinct fields in most of its cells (two in three,
    more than :data:`MIN_FIELDS`): a table that stands (``Naam | Voorletters | Geb.datum
    | BSN | ... | Uitslag``), though its first column's surnames are words and its
    result column's ``hrHPV positief (HPV16), Pap 1`` name a field. A form of pairs
    names one in every other cell at most (``Naam: | P. Jansen | BSN: | 506332433``),
    and records side by side name one field, numbered (``Veld | Patiënt 1 | Patiënt
    2``)."""
    named = {_NUMBERED.sub("", normalise_header(c)) for c in columns if names_field(c)}
    return len(named) > MIN_FIELDS and 3 * len(named) >= 2 * len(columns)


def is_label(value: str | None) -> bool:
    """Whether a cell is a label: a word, no number, date or e-mail address."""
    return isinstance(value, str) and bool(value.strip()) and not is_data(value.strip())


def _cells(unit: TableUnit, j: int, at_header: bool) -> Cells:
    """Column ``j``'s cells, its header's first where the header line is a row of the
    form (a name the extractor made up for a blank header cell as an empty cell)."""
    values: Cells = unit.data.column(f"c{j}").to_pylist()
    if not at_header:
        return values
    head = unit.columns[j]
    return [None if POSITIONAL.fullmatch(head) else head, *values]


def _column(unit: TableUnit, j: int, at_header: bool) -> str:
    """The name of column ``j`` as a location names it: by position where the header
    line is a row of the form."""
    return f"column{j + 1}" if at_header else unit.columns[j]


def _named_records(
    unit: TableUnit,
    columns: list[Cells],
    rows: list[int],
    claimed: Callable[[TableUnit], Sequence[int]],
) -> SideTable | None:
    """``unit`` turned with its header line as the first field, :data:`NAME_FIELD`, where
    the line's first cell is blank and the name detector claims the line's other cells
    (the records' names), else None."""
    head = unit.columns[0].strip()
    if unit.header_row is None or (head and not POSITIONAL.fullmatch(head)):
        return None
    named = [[NAME_FIELD, *columns[0]]] + [
        [None] * (len(columns[j]) + 1)  # (a column of totals: no one's record)
        if _TOTALS.fullmatch(unit.columns[j].strip())
        else [None if POSITIONAL.fullmatch(unit.columns[j]) else unit.columns[j], *columns[j]]
        for j in range(1, len(columns))
    ]
    turned = _turned(unit, named, [unit.header_row, *rows], True)
    return turned if 0 in claimed(turned) else None


def _turned(unit: TableUnit, columns: list[Cells], rows: list[int], at_header: bool) -> SideTable:
    """``unit`` with its first column's labels as columns and a row per other column
    that holds a value (a record)."""
    fields = [str(f) for f in columns[0]]
    cells: list[Cells] = []
    records: list[str] = []
    for j in range(1, len(columns)):
        if any(v and v.strip() for v in columns[j]):
            cells.append(columns[j])
            records.append(_column(unit, j, at_header))
    data = {f"c{i}": pa.array([r[i] for r in cells], pa.string()) for i in range(len(fields))}
    data["__row__"] = pa.array(range(1, len(cells) + 1), pa.int64())
    return SideTable(
        unit.location, tuple(fields), pa.table(data), None, tuple(rows), tuple(records)
    )


def _pairs(
    unit: TableUnit,
    columns: list[Cells],
    rows: list[int],
    at_header: bool,
    names_field: Callable[[str], bool],
) -> SideTable | None:
    """A form of label and value pairs side by side (``Naam: | P. Jansen | BSN: |
    506332433``) as one record whose fields are the labels of every column of labels,
    each value the first filled cell right of its label (before the next column of
    labels); None where only the first column holds labels."""
    width = len(columns)
    marks = [0]
    for j in range(2, width):
        if j - marks[-1] > 1 and _labels(columns[j], names_field):
            marks.append(j)
    if len(marks) < 2:
        return None
    fields: list[str] = []
    values: Cells = []
    field_rows: list[int] = []
    places: list[str] = []
    for k, stop in zip(marks, [*marks[1:], width], strict=True):
        for i, label in enumerate(columns[k]):
            if not label or not label.strip():
                continue
            v = next((j for j in range(k + 1, stop) if columns[j][i]), None)
            fields.append(label)
            values.append(None if v is None else columns[v][i])
            field_rows.append(int(rows[i]))
            places.append(_column(unit, k if v is None else v, at_header))
    return SideTable.record(unit.location, fields, values, field_rows, places, PAIRS)


def _labels(cells: Cells, names_field: Callable[[str], bool]) -> bool:
    """Whether a column other than the first is one of labels (see the module)."""
    filled = [c for c in cells if c and c.strip()]
    if not filled or not all(map(is_label, filled)):
        return False
    need = (len(filled) + 1) // 2  # (half of them, asked until it is known)
    for k, c in enumerate(filled):
        if names_field(c):
            need -= 1
            if need <= 0:
                return True
        elif need > len(filled) - k - 1:
            return False
    return need <= 0


def relocated(side: SideTable, found: pa.Table) -> pa.Table:
    """The findings of the turned table ``side`` placed as the file holds them: a cell at
    its field's row under its record's column (its value's column, in a form of pairs;
    its own row under the value column, in long form); the record of a finding that has
    one is its column (``path#col=...``), the part in a form of pairs, or its first row
    in long form (``path#row=2``)."""
    if not found.num_rows:
        return found
    index = {name: i for i, name in enumerate(side.columns)}
    here = side.location
    place: list[str] = []
    record: list[str | None] = []
    for written, rec in zip(
        locations(found).to_pylist(), found.column("record").to_pylist(), strict=True
    ):
        at = Location.parse(written)
        if at.row is None or at.column is None:
            raise ValueError(f"a table finding without its cell: {written}")
        i = index[at.column]
        column = side.field_columns[i] if side.field_columns else side.records[at.row - 1]
        if side.cell_rows:  # (in long form: each value at its own row, the first the record's)
            row = side.cell_rows[at.row - 1][i]
            whole = Location(here.path, here.part, side.record_rows[at.row - 1])
        else:
            row = side.field_rows[i]
            whole = Location(here.path, here.part, None, None if side.field_columns else column)
        place.append(str(Location(here.path, here.part, row, column, at.start, at.end)))
        record.append(None if rec is None else str(whole))
    why = found.column("explanation").combine_chunks()
    new = {
        "explanation": pa.DictionaryArray.from_arrays(
            why.indices, pa.array([f"{w}; {side.how}" for w in why.dictionary.to_pylist()])
        ),
        "location": pa.array(place, pa.string()),
        "record": pa.array(record, pa.string()).dictionary_encode(),
        "cell": pa.nulls(found.num_rows, LABEL),
    }
    return pa.Table.from_arrays(
        [new.get(name, found.column(name)) for name in found.schema.names], schema=found.schema
    )
