"""JSON held whole in a table's cells: an app's SQLite ``uitslag.payload``
(``{"bsn": "...", "resultaten": [{"code": "HPV", "waarde": "positief", "genotype": "overig
hrHPV"}]}``), a CSV export's ``details`` column, an audit table's ``request_body``.

Read as free text, such a cell's keys label nothing: a genotype after ``"genotype": `` is
a string among strings. Here each such cell is read as the JSON reader reads a document
(:func:`breachscope.extract.json.flatten`, a string inside that holds JSON again read at
its paths too), its values in columns of the same row named by their paths below the
cell's header (``payload.resultaten.0.genotype``), which are their locations. A column's
other cells (plain text, an empty object) stay in the column; a column left empty goes.

A column is looked at only where one of its cells starts with ``{`` or ``[`` (a look at
its bytes, then one vectorised test); a column whose JSON would give more than
:data:`MAX_PATHS` columns (a hostile or merely varied payload) is left as it is, read
as text as before.
"""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

from breachscope.detect.vectors import holds_bytes
from breachscope.extract.chunking import MAX_COLUMNS
from breachscope.extract.json import embedded, flatten
from breachscope.extract.units import TableUnit

MAX_PATHS = 512
"""Most columns one column's JSON cells may give; more and the column is kept as text."""

_OPENS = r"^[ \t\r\n]*[\[{]"


def json_cells(unit: TableUnit) -> TableUnit:
    """``unit`` with each column whose cells hold JSON documents replaced by the columns
    of their values' paths (and the column itself where other cells remain); ``unit``
    itself where no cell does."""
    data = unit.data
    spread: dict[int, tuple[list[str | None] | None, dict[str, list[str | None]]]] = {}
    width = len(unit.columns)
    for i in range(len(unit.columns)):
        column = data.column(f"c{i}")
        if column.null_count == len(column):
            continue
        if (
            not holds_bytes(column, (b"{", b"["))
            or not pc.any(pc.match_substring_regex(column, _OPENS)).as_py()
        ):
            continue
        found = _spread(column.to_pylist(), unit.columns[i])
        if found is None:
            continue
        # (its paths added; the column itself kept where cells without JSON are left in it)
        wider = width + len(found[1]) - (found[0] is None)
        if wider <= MAX_COLUMNS:
            spread[i] = found
            width = wider
    if not spread:
        return unit
    names: list[str] = []
    columns: list[pa.Array | pa.ChunkedArray] = []
    for i, header in enumerate(unit.columns):
        if i not in spread:
            names.append(header)
            columns.append(data.column(f"c{i}"))
            continue
        rest, paths = spread[i]
        if rest is not None:
            names.append(header)
            columns.append(pa.array(rest, type=pa.string()))
        for path, values in paths.items():
            names.append(path)
            columns.append(pa.array(values, type=pa.string()))
    table = {f"c{j}": c for j, c in enumerate(columns)}
    table["__row__"] = data.column("__row__")
    return TableUnit(unit.location, tuple(names), pa.table(table), unit.header_row)


def _spread(
    cells: list[str | None], header: str
) -> tuple[list[str | None] | None, dict[str, list[str | None]]] | None:
    """The cells that are no JSON document (None where every cell was one, or empty), and
    the others' values by ``header.path``, a list as long as ``cells`` each; None where
    no cell is a document or their paths pass :data:`MAX_PATHS`."""
    rest: list[str | None] = list(cells)
    paths: dict[str, list[str | None]] = {}
    n = len(cells)
    for row, cell in enumerate(cells):
        inner = embedded(cell) if cell else None
        if inner is None:
            continue
        values, _ = flatten(inner)
        rest[row] = None
        for path, value in values.items():
            key = f"{header}.{path}" if path != "$" else header
            column = paths.get(key)
            if column is None:
                if len(paths) >= MAX_PATHS:
                    return None
                column = paths[key] = [None] * n
            column[row] = value
    if not paths:
        return None
    if header in paths:  # (a document that is one scalar: its value in the column itself)
        own = paths.pop(header)
        rest = [v if v is not None else o for v, o in zip(rest, own, strict=True)]
    return (rest if any(v is not None for v in rest) else None), paths
