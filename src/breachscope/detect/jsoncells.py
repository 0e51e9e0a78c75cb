"""JSON held whole in a table's cells: an app's SQLite ``uitslag.payload``
(``{"bsn": "...", "resultaten": [{"code": "HPV", "waarde": "positief", "genotype": "overig
hrHPV"}]}``), a CSV export's ``details`` column, an audit table's ``request_body``.

Read as free text, such a cell's keys label nothing: a genotype after ``"genotype": `` is
a string among strings. Here each such cell is read as the JSON reader reads a document
(:func:`breachscope.extract.json.flatten`, a string inside that holds JSON again read at
its paths too), its values in columns of the same row named by their paths below the
cell's header (``payload.resultaten.0.genotype``), which are their locations. A column's
other cells (plain text, an empty object) stay in the column; a column left empty goes.

A URL's query string or a form post's body held whole in a cell (a web server log's
``cs-uri-query``: ``achternaam=de+Boer&gebdat=05-09-1967&bsn=...``, two fields or more,
no white space) is read likewise: each field a column named by its key below the
cell's header (``cs-uri-query.bsn``), its value URL-decoded (``+`` a space, ``%40`` an
``@``); a key given twice is numbered (``bsn (2)``).

A column is looked at only where one of its cells starts with ``{`` or ``[``, or is such
a query (a look at its bytes, then one vectorised test); a column whose cells would give
more than :data:`MAX_PATHS` columns (a hostile or merely varied payload) is left as it
is, read as text as before.
"""

from __future__ import annotations

import re
from urllib.parse import unquote_plus

import pyarrow as pa
import pyarrow.compute as pc

from breachscope.detect.vectors import holds_bytes
from breachscope.extract.chunking import MAX_COLUMNS
from breachscope.extract.json import embedded, flatten
from breachscope.extract.units import TableUnit

MAX_PATHS = 512
"""Most columns one column's JSON cells may give; more and the column is kept as text."""

_OPENS = r"^[ \t\r\n]*[\[{]"
_KEY = r"[A-Za-z_][\w.\-\[\]]{0,63}"
_QUERY = rf"^\??{_KEY}=[^&\s]*(?:&{_KEY}=[^&\s]*)+$"
"""A query string or form body: two ``key=value`` fields or more, nothing else."""
_QUERY_RE = re.compile(_QUERY)


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
            not holds_bytes(column, (b"{", b"[", b"="))
            or not pc.any(pc.match_substring_regex(column, f"{_OPENS}|{_QUERY}")).as_py()
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
        if not cell:
            continue
        inner = embedded(cell)
        if inner is not None:
            values, _ = flatten(inner)
        elif (query := query_fields(cell)) is not None:
            values = query
        else:
            continue
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


def query_fields(cell: str) -> dict[str, str | None] | None:
    """The fields of a query string or form body held whole in ``cell``, each value
    URL-decoded (empty: None; a key given again numbered, ``bsn (2)``), or None where
    ``cell`` is none."""
    if "=" not in cell or _QUERY_RE.match(cell) is None:
        return None
    fields: dict[str, str | None] = {}
    for pair in cell.removeprefix("?").split("&"):
        key, _, value = pair.partition("=")
        name, n = key, 1
        while name in fields:
            n += 1
            name = f"{key} ({n})"
        fields[name] = unquote_plus(value, errors="replace") or None
    return fields
