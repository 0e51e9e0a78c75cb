"""The detection entry point: ``detect_units(units, config) -> Arrow findings``.

:func:`detect_units` is a pure function of its arguments: it runs unchanged in worker
processes and in Spark ``mapInArrow``. The one piece of state is the compiled
:class:`~breachscope.detect.detectorset.DetectorSet` (Hyperscan database, word lists),
expensive to build and immutable once built. It is kept in a small per-process cache,
:data:`_SETS`, keyed by ``(config, register)`` - both immutable and hashable - so each
worker compiles once per distinct configuration. Nothing else is cached or mutated;
:func:`clear_cache` empties it (tests, memory pressure).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator, Sequence
from functools import partial

import pyarrow as pa
import pyarrow.compute as pc

from breachscope.config import Config
from breachscope.detect.detectorset import BLOCK_CHARS, DetectorSet, Span
from breachscope.detect.jsoncells import json_cells
from breachscope.detect.keyrecords import key_records
from breachscope.detect.labelblocks import label_blocks
from breachscope.detect.longtable import in_long_form
from breachscope.detect.othercolumns import split_table_people
from breachscope.detect.pathnames import read_as_path
from breachscope.detect.personarrays import person_arrays
from breachscope.detect.printedpaths import PrintedPath, cell_paths, printed_paths
from breachscope.detect.rows import FindingsBuilder, empty_findings
from breachscope.detect.scriptdata import script_data
from breachscope.detect.sidebyside import SenderColumn, side_by_side
from breachscope.detect.sideways import SideTable, on_its_side
from breachscope.detect.stacked import restacked
from breachscope.detect.tables import (
    PATIENT_EVIDENCE,
    claimed_columns,
    column_classes,
    detect_merged,
    has_pairs,
)
from breachscope.detect.textastm import astm_records
from breachscope.detect.textmessages import hl7_messages
from breachscope.detect.textsql import sql_inserts
from breachscope.detect.texttables import text_tables
from breachscope.extract.units import TableUnit, TextUnit, Unit

_CACHE_SIZE = 4
MERGE_UNIT_ROWS = 4096
"""Tables of at most this many rows are scanned together with others of their header."""
MERGED_ROWS = 65536
"""Rows of one merged table at most."""
_SETS: OrderedDict[tuple[Config, frozenset[str] | None], DetectorSet] = OrderedDict()
"""Per-process cache of compiled detector sets (least recently used evicted)."""


def detector_set(config: Config, register: frozenset[str] | None = None) -> DetectorSet:
    """The compiled detector set for ``config`` (and name register), built on first use."""
    key = (config, register)
    found = _SETS.get(key)
    if found is not None:
        _SETS.move_to_end(key)
        return found
    built = DetectorSet.build(config, register)
    _SETS[key] = built
    while len(_SETS) > _CACHE_SIZE:
        _SETS.popitem(last=False)
    return built


def clear_cache() -> None:
    """Forget every compiled detector set of this process."""
    _SETS.clear()


def detect_units(
    units: Sequence[Unit], config: Config, register: frozenset[str] | set[str] | None = None
) -> pa.Table:
    """Findings (:data:`~breachscope.detect.finding.FINDINGS_SCHEMA`) in ``units``.

    ``register`` is an optional set of surnames already found in structured sources
    (e.g. the name columns of a patient table); the name detector then also recognises
    them in free text, where no context word or name list would. Text findings carry no
    ``record`` (the assembler groups them); table findings carry their row's location.
    Small tables of one header are scanned together (:func:`detect_files`).
    """
    return detect_files([units], config, register)[0]


def mergeable(unit: Unit) -> bool:
    """Whether ``unit`` is worth detecting together with other files' units: a table small
    enough that its fixed costs (classifying its columns, one pass of Arrow calls per
    column) outweigh its cells (such tables of one header are scanned together), or a
    short text (short texts are read in blocks, one call of each detector per block)."""
    if isinstance(unit, TextUnit):
        return len(unit.text) < BLOCK_CHARS
    return (
        isinstance(unit, TableUnit)
        and not isinstance(unit, SideTable)  # its findings are placed as the file holds them
        and 0 < unit.num_rows <= MERGE_UNIT_ROWS
        and bool(unit.columns)
    )


def detect_files(
    files: Sequence[Sequence[Unit]],
    config: Config,
    register: frozenset[str] | set[str] | None = None,
) -> list[pa.Table]:
    """Findings of each file's ``units``, as :func:`detect_units` of each would give them
    wherever tables of one header agree on what their columns hold. The free text of all
    the files is read in blocks (:meth:`~breachscope.detect.detectorset.DetectorSet.texts_spans`),
    which finds in each text what reading it alone does.

    Small tables (:func:`mergeable`) with the same header tuple, of any of the files (an
    export series: one file a day), are scanned as one table of up to ``MERGED_ROWS``
    rows (:func:`~breachscope.detect.tables.detect_merged`): their columns are classified
    once, on a sample drawn from every table, and a table whose columns read otherwise is
    scanned alone. Every other unit is scanned as :func:`detect_units` always has. Each
    file's findings are its other units' findings, in order, then its merged tables'.
    Rows that refer to another table's row by key are linked later, once the whole file
    is read (:mod:`breachscope.detect.links`).
    """
    dset = detector_set(config, _frozen(register) or None)
    parts: list[list[pa.Table]] = [[] for _ in files]
    groups: dict[tuple[object, ...], list[tuple[int, TableUnit]]] = {}
    rests: list[list[Unit]] = []
    for f, units in enumerate(files):
        rest: list[Unit] = []
        for u in prepared(dset, units):
            if isinstance(u, TableUnit) and mergeable(u):
                key = (u.columns, *u.data.schema.types)  # one header, one schema
                groups.setdefault(key, []).append((f, u))
            else:
                rest.append(u)
        rests.append(rest)
    # tables first: their patient data counts for the unit-level rules of their file's text
    tables = [[None if isinstance(u, TextUnit) else dset.detect(u) for u in r] for r in rests]
    marked = {f for f, found in enumerate(tables) if any(map(patient_data, found))}
    merged: list[tuple[int, pa.Table]] = []
    for members in groups.values():
        for batch in _batches(members):
            for (f, _), found in zip(
                batch, detect_merged(dset, [u for _, u in batch]), strict=True
            ):
                if found.num_rows:
                    merged.append((f, found))
                    if patient_data(found):
                        marked.add(f)
    read = [(f, u) for f, rest in enumerate(rests) for u in rest if isinstance(u, TextUnit)]
    texts = [u.text for _, u in read]
    files_of = [~k if counts_alone(u) else f for k, (f, u) in enumerate(read)]
    spans = iter(dset.texts_spans(texts, files_of, marked))  # every file's text, in blocks
    for f, rest in enumerate(rests):
        if rest:
            parts[f].append(_detect_each(rest, tables[f], spans, dset.known))
    for f, found in merged:
        parts[f].append(found)
    return [(pa.concat_tables(p) if len(p) > 1 else p[0]) if p else empty_findings() for p in parts]


OWN_EVIDENCE_PARTS = frozenset({"header"})
"""Parts whose text counts only its own patient data for the unit-level rules: a mail's
header (``Van: Gezondheidscentrum Amstel``) names its sender and addressees, no
patient's providers, whatever its body holds."""


def counts_alone(unit: TextUnit) -> bool:
    """Whether ``unit``'s text counts only its own patient data (:data:`OWN_EVIDENCE_PARTS`,
    a letterhead beside the addressee: :class:`~breachscope.detect.sidebyside.SenderColumn`)."""
    return isinstance(unit, SenderColumn) or unit.location.part in OWN_EVIDENCE_PARTS


def patient_data(found: pa.Table | None) -> bool:
    """Whether a table's findings hold patient data (a BSN, a date of birth, health)."""
    if found is None or not found.num_rows:
        return False
    classes = found.column("data_class")
    if pa.types.is_dictionary(classes.type):
        classes = classes.cast(pa.string())
    hit = pc.is_in(classes, value_set=pa.array(PATIENT_EVIDENCE, pa.string()))
    return bool(pc.any(hit).as_py())


def prepared(dset: DetectorSet, units: Sequence[Unit]) -> Iterator[Unit]:
    """``units`` as detection reads them: each table's cells that hold JSON read at its
    paths (:func:`~breachscope.detect.jsoncells.json_cells`) and its arrays of people a
    row each (:func:`~breachscope.detect.personarrays.person_arrays`); each text with its HL7
    messages, SQL ``INSERT`` statements, numbered records of keys and values
    (:func:`~breachscope.detect.keyrecords.key_records`), a statistics script's typed-in data
    (:func:`~breachscope.detect.scriptdata.script_data`), the claimed cells of its table
    blocks and the claimed fields of its
    blocks of labels and values blanked, those as tables after it
    (:func:`~breachscope.detect.textmessages.hl7_messages`,
    :func:`~breachscope.detect.textsql.sql_inserts`,
    :func:`~breachscope.detect.texttables.text_tables`,
    :func:`~breachscope.detect.labelblocks.label_blocks`), read as two texts where two
    address blocks stand side by side (:func:`~breachscope.detect.sidebyside.side_by_side`);
    each table cut into the tables
    stacked in it (:func:`~breachscope.detect.stacked.restacked`), each of those turned
    where it lies on its side (:func:`~breachscope.detect.sideways.on_its_side`) or
    pivoted where it is in long form (:func:`~breachscope.detect.longtable.in_long_form`:
    its other columns then a table of their own), else
    with its columns about another person in a unit of their own
    (:func:`~breachscope.detect.othercolumns.split_table_people`; a table read turned
    keeps them, in its record). A table of more than two columns whose values are named
    row by row (:func:`~breachscope.detect.tables.has_pairs`: a Jira issue's custom
    fields, an API's ``{id, type, name, value}`` list) stands as it is: its first row is
    no header, its rows no fields of a record per column."""
    for u in units:
        if isinstance(u, TableUnit):
            table, paths = cell_paths(json_cells(u))
            yield from paths
            for v in person_arrays(table, partial(column_classes, dset)):
                yield from _table_prepared(dset, v)
            continue
        text, messages = hl7_messages(u)
        text, instruments = astm_records(text)
        text, inserts = sql_inserts(text)
        text, keyed = key_records(text)
        text, typed = script_data(text)
        claims = partial(claimed_columns, dset)
        text, tables = text_tables(text, claims, dset.names_field, dset)
        text, forms = label_blocks(text, claims, dset.names_field)
        text, paths = printed_paths(text)
        yield from side_by_side(text)
        yield from paths
        for t in (*messages, *instruments, *inserts, *keyed, *typed, *tables, *forms):
            yield from (t,) if isinstance(t, SideTable) else split_table_people(t)


def _table_prepared(dset: DetectorSet, u: TableUnit) -> Iterator[TableUnit]:
    """A table as :func:`prepared` reads it, after its JSON cells and its arrays of
    people."""
    claims = partial(claimed_columns, dset)
    paired = len(u.columns) > 2 and has_pairs(u)  # (values named row by row)
    for t in (u,) if paired else restacked(u, dset.names_field):
        side = None if paired else on_its_side(t, dset.names_field, claims)
        long = None if side is not None else in_long_form(t, dset.names_field, claims)
        if long is not None:
            yield from long[0]
            yield from split_table_people(long[1])
        else:
            yield from split_table_people(t) if side is None else (side,)


def _frozen(register: frozenset[str] | set[str] | None) -> frozenset[str] | None:
    if register is not None and not isinstance(register, frozenset):
        return frozenset(register)
    return register


def _batches(
    members: list[tuple[int, TableUnit]],
) -> list[list[tuple[int, TableUnit]]]:
    """``members`` in runs of at most ``MERGED_ROWS`` rows (a longer table alone)."""
    out: list[list[tuple[int, TableUnit]]] = []
    rows = 0
    for m in members:
        n = m[1].num_rows
        if out and rows + n <= MERGED_ROWS:
            out[-1].append(m)
            rows += n
        else:
            out.append([m])
            rows = n
    return out


def _detect_each(
    units: Sequence[Unit],
    detected: Sequence[pa.Table | None],
    spans: Iterator[list[Span]],
    known: frozenset[str],
) -> pa.Table:
    """Findings of ``units``, in order (``detected``: each table unit's findings, None for
    a text; ``spans``: those of their text units, in order, from
    :meth:`~breachscope.detect.detectorset.DetectorSet.texts_spans`; a path printed in a
    text read as a path's, with the name register's surnames ``known``, lower case)."""
    tables: list[pa.Table] = []
    text = FindingsBuilder()  # consecutive text units share one table (in unit order)
    for u, found in zip(units, detected, strict=True):
        if isinstance(u, TextUnit):
            read = next(spans)
            if isinstance(u, PrintedPath):
                read = read_as_path(read, u.text, known)
            text.add_spans(u.location, read, None, u.base_offset)
            continue
        if text.pending:
            tables.append(text.table())
            text = FindingsBuilder()
        if found is not None and found.num_rows:
            tables.append(found)
    if text.pending:
        tables.append(text.table())
    if not tables:
        return empty_findings()
    return pa.concat_tables(tables) if len(tables) > 1 else tables[0]
