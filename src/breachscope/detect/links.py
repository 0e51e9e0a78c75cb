"""Rows of a file's tables that refer to another table's row by its key: a results
table's ``patient_id`` beside a ``patient`` table's ``id`` (a database dump's tables, a
workbook's sheets, an SQLite file's tables).

A LIMS database keeps its patients in one table and their samples and results in others,
each row pointing at its patient by key. Such a row names no one itself: read alone, its
results belong to nobody, and an Art. 34 letter would not say that they leaked. Here each
row of a referring table that holds no name, e-mail address or BSN of its own takes the
record of the nearest row it leads to that does (through a chain of keys: a result's
sample, the sample's patient; not the sample's GP, whose row names no patient), so that
assembly makes its findings part of that person's mention. Its findings keep their own
locations (``dump.sql#part=uitslag&row=7&col=hpv``).

A column refers to a table when its header names the table and a key
(``patient_id``, ``patientId``, ``id_patient``, ``patient_nr``; the table ``patient``,
``patients``, ``tbl_patient`` or ``lims.patienten``), the table has a key column
(``id``, ``patient_id``, ``patientnummer``...) whose values are distinct, and at least
:data:`MIN_FOUND` of the column's values are among them. Only the units of one detection
call are linked: a dump's tables far apart in a file larger than what one call reads
(``engine.batch.DETECT_WEIGHT``) stay unlinked.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

import pyarrow as pa
import pyarrow.compute as pc

from breachscope.detect.finding import locations
from breachscope.extract.units import TableUnit, Unit
from breachscope.location import Location

MIN_FOUND = 0.9
"""Share of a referring column's values that must be keys of the table it names."""
MAX_HOPS = 4
"""Longest chain of references followed (a result's sample's order's patient)."""
_KEY_WORDS = ("id", "nr", "nummer", "number", "no", "key")
_KEY_HEADER = re.compile(
    rf"^(?:(?P<before>.+?)[ _.-]?(?:{'|'.join(_KEY_WORDS)})|(?:id|nr)[ _.-](?P<after>.+))$",
    re.IGNORECASE,
)
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_PREFIXES = ("tbl_", "tbl", "t_", "dbo.")
_PLURALS = ("en", "s")
IDENTIFYING = frozenset({"name", "email", "bsn"})
"""Classes whose finding makes a row a mention of its own."""


def table_word(name: str) -> str:
    """A table's or a key's subject as one word: ``lims.Patienten`` -> ``patient``,
    ``tbl_monsters`` -> ``monster``, a sheet ``Patiënten`` -> ``patient``."""
    folded = unicodedata.normalize("NFKD", name.rsplit(".", 1)[-1])
    word = "".join(c for c in folded if not unicodedata.combining(c)).lower().replace(" ", "_")
    for p in _PREFIXES:
        if word.startswith(p) and len(word) > len(p) + 2:
            word = word[len(p) :]
            break
    for s in _PLURALS:
        if word.endswith(s) and len(word) > len(s) + 3:
            return word[: -len(s)]
    return word


def referred(header: str) -> str | None:
    """The table a key column's header names (``patient_id``, ``PatientId``,
    ``id_patient``: ``patient``), or None (``id``, ``naam``)."""
    spaced = _CAMEL.sub("_", header.strip())
    m = _KEY_HEADER.match(spaced)
    if m is None:
        return None
    word = (m["before"] or m["after"] or "").strip(" _.-")
    return table_word(word) if word else None


def record_links(units: Sequence[Unit]) -> dict[str, tuple[tuple[str, ...], ...]]:
    """Record -> the records its row leads to by key (see the module docstring), through
    chains, by how many references away, for the tables among ``units``: a sample's row
    leads to its patient's and its GP's (which one names a person, :func:`linked`
    decides), a result's row to its sample's, then to those."""
    tables = [u for u in units if isinstance(u, TableUnit) and u.location.part and u.num_rows]
    if len({u.location.part for u in tables}) < 2:
        return {}
    keys = _keys(tables)
    if not keys:
        return {}
    links: dict[str, list[str]] = {}
    for unit in tables:
        own = table_word(str(unit.location.part))
        for i, header in enumerate(unit.columns):
            target = referred(header)
            if target is None or target == own or target not in keys:
                continue
            for record, to in _refer(unit, i, keys[target]).items():
                links.setdefault(record, []).append(to)
    return {record: _ends(record, links) for record in links}


def _keys(tables: list[TableUnit]) -> dict[str, dict[str, str]]:
    """Per table word: key value -> record of its row, for tables with a key column of
    distinct values (its units together)."""
    by_word: dict[str, list[TableUnit]] = {}
    for u in tables:
        by_word.setdefault(table_word(str(u.location.part)), []).append(u)
    out: dict[str, dict[str, str]] = {}
    for word, units in by_word.items():
        for header in units[0].columns:
            h = _CAMEL.sub("_", header).lower()
            if h not in ("id", "key") and referred(header) != word:
                continue
            values: dict[str, str] = {}
            distinct = True
            for u in units:
                if header not in u.columns:
                    distinct = False
                    break
                col = u.data.column(f"c{u.columns.index(header)}").to_pylist()
                for value, row in zip(col, u.data.column("__row__").to_pylist(), strict=True):
                    if value is None or not value.strip():
                        continue
                    key = value.strip()
                    if key in values:
                        distinct = False
                        break
                    values[key] = str(Location(u.location.path, u.location.part, row))
                if not distinct:
                    break
            if distinct and values:
                out[word] = values
                break
    return out


def _refer(unit: TableUnit, column: int, keys: dict[str, str]) -> dict[str, str]:
    """Record -> referred record for the rows of ``unit`` whose ``column`` holds a key of
    ``keys``; nothing when fewer than :data:`MIN_FOUND` of its values are keys."""
    col = unit.data.column(f"c{column}").to_pylist()
    rows = unit.data.column("__row__").to_pylist()
    found: dict[str, str] = {}
    filled = 0
    for value, row in zip(col, rows, strict=True):
        if value is None or not value.strip():
            continue
        filled += 1
        target = keys.get(value.strip())
        if target is not None:
            found[str(Location(unit.location.path, unit.location.part, row))] = target
    if not filled or len(found) < MIN_FOUND * filled:
        return {}
    return found


def _ends(record: str, links: dict[str, list[str]]) -> tuple[tuple[str, ...], ...]:
    """The records ``record`` leads to, by how many references away (the first tuple one
    away, up to :data:`MAX_HOPS`; each record once, at its nearest)."""
    seen = {record}
    layers: list[tuple[str, ...]] = []
    layer = [record]
    while layer and len(layers) < MAX_HOPS:
        nxt = [to for at in layer for to in links.get(at, ()) if to not in seen]
        nxt = list(dict.fromkeys(nxt))
        seen.update(nxt)
        if nxt:
            layers.append(tuple(nxt))
        layer = nxt
    return tuple(layers)


def linked(table: pa.Table, links: dict[str, tuple[tuple[str, ...], ...]]) -> pa.Table:
    """``table`` (findings) with each finding of a linked row that holds no name, e-mail
    address or BSN finding of its own given the record of the nearest row it leads to
    that holds such a finding (a patient's row, not a GP's; a row with two such rows
    equally near is left alone); its location written out (the record no longer leads to
    its cell). A finding that a rule took out of its row's record (the GP's AGB code of a
    sample's row, read as a provider list's) is given it too."""
    if not links or not table.num_rows:
        return table
    record = table.column("record").cast(pa.string())
    classes = table.column("data_class").cast(pa.string())
    themselves = set(
        pc.filter(record, pc.is_in(classes, pa.array(sorted(IDENTIFYING)))).to_pylist()
    )
    to: dict[str, str] = {}
    for r, layers in links.items():
        if r in themselves:
            continue
        for layer in layers:
            people = [e for e in layer if e in themselves]
            if people:
                if len(people) == 1:
                    to[r] = people[0]
                break
    if not to:
        return table
    records = record.to_pylist()
    written = locations(table).to_pylist()
    rows = [r if r is not None else _row_of(w) for r, w in zip(records, written, strict=True)]
    moved = [r is not None and r in to for r in rows]
    if not any(moved):
        return table
    kept = table.column("location").to_pylist()
    cells = table.column("cell").cast(pa.string()).to_pylist()
    out = table
    for name, values in (
        ("record", [to[r] if m and r else o for r, o, m in zip(rows, records, moved, strict=True)]),
        ("location", [w if m else k for w, k, m in zip(written, kept, moved, strict=True)]),
        ("cell", [None if m else c for c, m in zip(cells, moved, strict=True)]),
    ):
        field = table.schema.field(name)
        out = out.set_column(
            table.schema.get_field_index(name),
            field,
            pa.array(values, pa.string()).cast(field.type),
        )
    return out


def _row_of(location: str | None) -> str | None:
    """The record of the table row ``location`` lies in, None outside a table's row."""
    if location is None or "&row=" not in location:
        return None
    loc = Location.parse(location)
    if loc.row is None or loc.part is None:
        return None
    return str(Location(loc.path, loc.part, loc.row))
