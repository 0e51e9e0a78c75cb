"""Tables in long form: one row per value, named by its record and its field.

An entity-attribute-value export (``entity_id,attribute,value,valid_from``, then
``50410,bsn,776247001,...``, ``50410,postcode,2594XZ,...``, rows of several patients
mixed in any order) holds every field of every record in one value column. Read as it
stands, no detector claims that column (it holds a BSN, a postcode, a name and a result
in turn), and a record's values are on rows of their own: each patient lost.

:func:`in_long_form` gives such a table pivoted (a
:class:`~breachscope.detect.sideways.SideTable` whose fields are the attributes, a row per
record), detected as any other table; its findings are then placed as the file holds
them (:func:`~breachscope.detect.sideways.relocated`): each value at its own row, under
the value column (``eav.csv#row=5&col=value``), and the explanation saying so
(:data:`LONG_FORM`). A record's first row names the record (``eav.csv#row=2``): its id is
a value from the dump, which a location never holds. A field a record has twice (its
history, by ``valid_from``) is a column of its own, numbered as a header that names a
field twice (``postcode (2)``).

A table is read so where one column (the attributes), whose header is words that name
no field themselves (``attribute``, ``veld``: not ``Pap``, ``Straat``, nor a field id,
``OBX-3.2``, or a name by position, ``column2``), holds the names of fields (a letter
first, no number or date, no comma or bracket: :data:`_FIELD_NAME`), at most
:data:`MAX_FIELDS` distinct ones, at least :data:`MIN_FIELDS` of them, and half, header
words a detector knows;
another column names the records (the nearest on the left of the attributes first,
else on the right: a column whose values, with the attribute, are distinct on nearly
every row, :data:`MAX_REPEATS`); the value column is the one a header names so
(``value``, ``waarde``), else the first other one right of the attributes; detectors
claim at most :data:`MAX_CLAIMED` columns of the table as it stands, neither the
attributes nor the values (a table that stands, whose result column repeats a few
results that name a field, ``hrHPV negatief``, claims more); and they claim at least
:data:`MIN_FIELDS` columns of the pivot. A table of more than :data:`MAX_ROWS` rows
stands as it is. The table's other columns are read as a table that stands, so nothing
in them is lost: the records' own column may hold a BSN.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import cache

import pyarrow as pa
import pyarrow.compute as pc

from breachscope.detect.columns import normalise_header
from breachscope.detect.sideways import MIN_FIELDS, SideTable, is_label
from breachscope.extract.units import TableUnit

LONG_FORM = "table in long form (a row per value, its record and field in other columns)"
"""Added to the explanation of each finding of such a table."""
MAX_FIELDS = 64
"""Most distinct attributes of a table read in long form."""
MAX_ROWS = 200_000
"""Most rows of a table read in long form."""
MAX_CLAIMED = 2
"""Most columns detectors claim of a table in long form as it stands (its records' id, a
date of validity), none of them its attributes or its values."""
_FIELD_NAME = re.compile(r"[^\W\d_](?:[\w.\-/]|[ ](?=\S)){0,39}")
"""An attribute: a field's name, a letter first, no comma or bracket, at most 40
characters (``geboortedatum``, ``uitslag_hpv``, ``Adres regel 1``)."""
_ATTRIBUTE_HEADER = re.compile(r"[^\W\d_]+(?:[ _][^\W\d_]+)*")
"""The header of a column of attributes: words, no digit (``attribute``, ``veld``,
``field_name``; not a field id, ``OBX-3.2``, nor a name by position, ``column2``)."""
SAMPLE = 256
"""Rows of a column whose attributes are checked first, before the whole column."""
MAX_REPEATS = 0.25
"""Largest share of rows whose record and attribute an earlier row has too (a field's
history), in the column that names the records."""
_VALUE_HEADER = re.compile(
    r"(?:(?:attribu?u?te?|old|new|oude?|nieuwe?|previous|vorige|huidige?|current)[ _]?)?"
    r"(?:value|waarde|val|inhoud|content)|old|new|oud|nieuw|previous|vorig|current|huidig"
)
"""A header that names a column of values (``value``, ``attribute_value``, ``waarde``;
an audit log's ``oud`` and ``nieuw``)."""


def in_long_form(
    unit: TableUnit,
    names_field: Callable[[str], bool],
    claimed: Callable[[TableUnit], Sequence[int]],
) -> tuple[list[SideTable], TableUnit] | None:
    """``unit`` pivoted, a pivot per column of values, and its other columns as a table
    that stands (the records' own column may hold a BSN), where it is in long form (see
    the module docstring), else None. ``names_field(text)``: whether a detector's header
    words name ``text``; ``claimed(table)``: the columns detectors claim."""
    width = len(unit.columns)
    if isinstance(unit, SideTable) or width < 3 or not 2 <= unit.num_rows <= MAX_ROWS:
        return None
    names_field = cache(names_field)  # (asked of each column's distinct values)
    for a in range(width):
        if not _attributes(unit, a, names_field):
            continue
        attrs: list[str | None] = unit.data.column(f"c{a}").to_pylist()
        for e in _record_columns(width, a):
            records: list[str | None] = unit.data.column(f"c{e}").to_pylist()
            if not _names_records(records, attrs):
                continue
            shape = _Shape.of(records, attrs, unit.data.column("__row__").to_pylist())
            values = _value_columns(unit, a, e)
            if shape is None or not values:
                continue
            pivots = [shape.pivot(unit, v) for v in values]
            if len(claimed(pivots[0])) < MIN_FIELDS:
                return None
            standing = set(claimed(unit))
            if len(standing) > MAX_CLAIMED or standing & {a, *values}:
                return None  # (a table that stands: its results repeat a few values)
            return pivots, _without(unit, values)
    return None


def _without(unit: TableUnit, values: Sequence[int]) -> TableUnit:
    """``unit`` without its columns ``values``."""
    keep = [j for j in range(len(unit.columns)) if j not in values]
    data = {f"c{i}": unit.data.column(f"c{j}") for i, j in enumerate(keep)}
    data["__row__"] = unit.data.column("__row__")
    return replace(unit, columns=tuple(unit.columns[j] for j in keep), data=pa.table(data))


def _attributes(unit: TableUnit, a: int, names_field: Callable[[str], bool]) -> bool:
    """Whether column ``a`` is one of attributes (see the module docstring)."""
    head = unit.columns[a].strip()
    if not _ATTRIBUTE_HEADER.fullmatch(head):
        return False
    column = unit.data.column(f"c{a}")
    if not _few_distinct(column.slice(0, SAMPLE)):  # (the first rows tell most tables)
        return False
    if names_field(head) or not _few_distinct(column):
        return False  # (a column of a field's values, ``Pap``, ``Straat``)
    values = [str(v) for v in pc.unique(column).to_pylist() if v is not None]
    if not all(_FIELD_NAME.fullmatch(v.strip()) and is_label(v) for v in values):
        return False
    need = max(MIN_FIELDS, (len(values) + 1) // 2)  # (asked until it is known)
    for k, v in enumerate(values):
        need -= names_field(v)
        if need <= 0 or need > len(values) - k - 1:
            break
    return need <= 0


def _few_distinct(values: pa.ChunkedArray) -> bool:
    """Whether ``values`` hold as many distinct ones as a column of attributes may."""
    count: int = pc.count_distinct(values).as_py()
    return MIN_FIELDS <= count <= MAX_FIELDS


def _record_columns(width: int, a: int) -> list[int]:
    """The columns that may name the records, nearest on the left of the attributes
    first, then on the right."""
    return [*range(a - 1, -1, -1), *range(a + 1, width)]


def _names_records(records: Sequence[str | None], attrs: Sequence[str | None]) -> bool:
    """Whether ``records`` names a record on every row whose attribute is filled, with
    few rows (:data:`MAX_REPEATS`) whose record and attribute came before."""
    seen: set[tuple[str, str]] = set()
    rows = repeats = 0
    for r, f in zip(records, attrs, strict=True):
        if f is None or not f.strip():
            continue
        if r is None or not r.strip():
            return False
        rows += 1
        key = (r.strip(), normalise_header(f))
        repeats += key in seen
        seen.add(key)
    return rows > 0 and repeats <= MAX_REPEATS * rows and len(seen) > repeats


def _value_columns(unit: TableUnit, a: int, e: int) -> list[int]:
    """The columns of values: those a header names so, else the first right of the
    attributes that names no records (none where there is none)."""
    others = [j for j in range(len(unit.columns)) if j not in (a, e)]
    named = [j for j in others if _VALUE_HEADER.fullmatch(normalise_header(unit.columns[j]))]
    return named or [j for j in others if j > a][:1]


@dataclass(frozen=True, slots=True)
class _Shape:
    """Where each row of a table in long form goes in its pivot: a row per record (in
    the order they first appear), a column per attribute (a record's second value of an
    attribute in a column of its own, ``bsn (2)``)."""

    fields: tuple[str, ...]
    """The pivot's columns."""
    places: tuple[tuple[int, int, int], ...]
    """Per source row whose attribute is filled: its index in the table, its record, its
    field."""
    firsts: tuple[int, ...]
    """Each record's first source row."""
    source: tuple[int, ...]
    """The table's source rows."""

    @classmethod
    def of(
        cls, records: Sequence[str | None], attrs: Sequence[str | None], source: Sequence[int]
    ) -> _Shape | None:
        """The shape of a table whose records and attributes are these columns; None
        where an attribute is written as another's second (``bsn (2)``)."""
        fields: dict[tuple[str, int], int] = {}  # ((attribute, its n-th) -> its column)
        names: list[str] = []
        order: dict[str, int] = {}  # (record -> its row)
        taken: list[set[int]] = []  # (per record: its filled columns)
        places: list[tuple[int, int, int]] = []
        firsts: list[int] = []
        for i, (rec, attr) in enumerate(zip(records, attrs, strict=True)):
            if attr is None or not attr.strip() or rec is None:
                continue  # (:func:`_names_records`: a row with an attribute has a record)
            k = order.setdefault(rec.strip(), len(order))
            if k == len(taken):
                taken.append(set())
                firsts.append(int(source[i]))
            key, n = normalise_header(attr), 1
            while fields.get((key, n), -1) in taken[k]:
                n += 1
            col = fields.setdefault((key, n), len(names))
            if col == len(names):
                names.append(attr.strip() if n == 1 else f"{attr.strip()} ({n})")
            taken[k].add(col)
            places.append((i, k, col))
        if len(set(names)) < len(names):
            return None
        return cls(tuple(names), tuple(places), tuple(firsts), tuple(map(int, source)))

    def pivot(self, unit: TableUnit, v: int) -> SideTable:
        """The pivot of ``unit``'s column of values ``v``."""
        values: list[str | None] = unit.data.column(f"c{v}").to_pylist()
        width, height = len(self.fields), len(self.firsts)
        cells: list[list[str | None]] = [[None] * height for _ in range(width)]
        rows = [[0] * width for _ in range(height)]
        for i, k, col in self.places:
            cells[col][k] = values[i]
            rows[k][col] = self.source[i]
        data = {f"c{c}": pa.array(cells[c], pa.string()) for c in range(width)}
        data["__row__"] = pa.array(range(1, height + 1), pa.int64())
        return SideTable(
            unit.location,
            self.fields,
            pa.table(data),
            field_columns=(unit.columns[v],) * width,
            how=LONG_FORM,
            cell_rows=tuple(map(tuple, rows)),
            record_rows=self.firsts,
        )
