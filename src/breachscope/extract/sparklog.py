"""Apache Spark event logs (a history server's ``application_1715400000000_0042``, a
rolling log's ``eventlog_v2_*/events_1_*``): what a data warehouse's Spark jobs ran, on
what, and the plans and SQL they ran, read as tables and text.

A Spark application writes one JSON object per line, each a listener event named by its
``"Event"`` (``SparkListenerTaskEnd``, ``org.apache.spark.sql.execution.ui.
SparkListenerSQLExecutionStart``). Each event is a row (``row`` = its line) of the part
named after the event's short name (``SparkListenerTaskEnd``; after :data:`MAX_PARTS`
kinds, ``other``), its fields flattened at their paths as JSON's are
(:func:`breachscope.extract.json.flatten`).

Some fields hold text written by people or holding their data: a SQL execution's
``description`` (the SQL statement that ran), ``details`` and ``physicalPlanDescription``
(the plan, its ``Filter`` predicates with their literals), a job's
``spark.job.description``, and an accumulator's ``Update`` or ``Value`` that is no number
(a job's own counter of text). These are taken out of the row and read as text, each the
part ``event-<line>/<path>`` (``event-3/physicalPlanDescription``): as a cell they were
read only by their header. A plan node's ``simpleString`` (``sparkPlanInfo``) stays a
cell: the plan's description holds the same text, which is read once.

A plan's local table scans (``LocalTableScan [bsn#12L, naam#13, ...]``; a logical plan's
``LocalRelation``) with rows printed (each ``[258252947,Hylke Koster,1994-05-22,...]`` on
a line of its own under the node, or the node's second argument ``[[...], [...]]``, as the
formatted explain's ``Arguments:`` line prints it) are each a table, the part
``event-<line>/LocalTableScan-<n>``, its columns the attributes' names without their
expression ids (``bsn``, ``naam``), ``row`` = the row's place among the scan's; ``null``
is no value. Spark's own ``LocalTableScanExec`` prints no rows (its ``stringArgs`` is the
output alone where it has rows), so a plan holds them only where a tool or a version
printed them; where it does, they are blanked (spaces, offsets kept) in the plan's text so
that each value is read once. A row's values are apart by ``,`` as an ``InternalRow``
prints them (no quoting): a comma with a space after it is taken as part of a value where
that gives the scan's width.

Lines are read one at a time, bounded by ``Config.max_text_unit_chars`` (a longer one is
passed over with a note); a line that is no JSON object (a running application's cut last
line) is passed over and counted in a note. A file of no event is an
:class:`ExtractError`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, ClassVar

from breachscope.config import Config
from breachscope.extract.base import Extracted, ExtractError, Extractor, Note, Source
from breachscope.extract.chunking import RowChunker, column_names, cut_text
from breachscope.extract.encoding import detect_stream, text_stream
from breachscope.extract.json import flatten
from breachscope.extract.lines import BoundedLines
from breachscope.extract.otherpeople import PeopleChunker
from breachscope.location import Location

MAX_PARTS = 64
"""Most kinds of event given a part each; the events of further kinds share ``other``."""
TEXT_FIELDS = frozenset({"description", "details", "physicalPlanDescription"})
"""The last steps of the fields read as text (``Properties.spark.job.description`` too)."""
_ACCUMULABLE = re.compile(r"(?:^|\.)Accumulables\.\d+\.(?:Update|Value)$")
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?")
_SCAN = re.compile(r"\b(LocalTableScan|LocalRelation)\s+(?:<empty>,\s*)?\[([^\[\]]*)\]")
"""A local scan's node in a plan's tree: its name and its output attributes."""
_FORMATTED = re.compile(r"\(\d+\) (LocalTableScan|LocalRelation)\s*$")
"""A local scan's heading in a formatted explain (``(1) LocalTableScan``)."""
_ARGUMENTS = re.compile(r"Arguments: \[([^\[\]]*)\]")
_ROW_LINE = re.compile(r"[ \t:|]*\[(.*)\][ \t]*")
"""A line of a scan's rows under its node: the tree's drawing and a row in brackets."""
_INLINE = re.compile(r",\s*\[\[(.*)\]\]\s*$")
"""A node's rows as its second argument: ``, [[...], [...]]``."""
_EXPRESSION_ID = re.compile(r"#\d+L?$")
"""An attribute's expression id (``L`` where it is a long)."""
_ROW_COMMA = re.compile(r",(?! )")
"""The comma between a row's values (``InternalRow`` prints none with a space after it)."""


@dataclass
class Scan:
    """A local scan's rows read from a plan: its node's name, its columns, its rows and the
    spans of the plan's text they were printed in."""

    node: str
    columns: list[str]
    rows: list[list[str | None]] = field(default_factory=list)
    spans: list[tuple[int, int]] = field(default_factory=list)


def _columns(attributes: str) -> list[str]:
    """The output attributes' names without their expression ids (``bsn#12L`` -> ``bsn``)."""
    names = [_EXPRESSION_ID.sub("", a.strip()) for a in attributes.split(",")]
    return [n.strip("`") for n in names if n]


def _row(inner: str, width: int) -> list[str | None]:
    """A printed row's values: apart by a comma with no space after it, where that gives
    ``width`` values; else by every comma; ``null`` as no value."""
    pieces = _ROW_COMMA.split(inner)
    if len(pieces) != width and len(every := inner.split(",")) == width:
        pieces = every
    return [None if p == "null" else p for p in pieces]


def _inline(scan: Scan, text: str, start: int) -> None:
    """The rows printed as a node's second argument (``[[a,b], [c,d]]``), from ``text``
    at ``start`` in the plan."""
    found = _INLINE.search(text)
    if found is None:
        return
    for item in found[1].split("], ["):
        scan.rows.append(_row(item, len(scan.columns)))
    scan.spans.append((start + found.start(), start + found.end()))


def plan_scans(plan: str) -> list[Scan]:
    """The local scans of a plan's text with the rows it prints of them."""
    scans: list[Scan] = []
    lines = plan.split("\n")
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    i = 0
    while i < len(lines):
        line = lines[i]
        node = _SCAN.search(line)
        if node is not None:
            scan = Scan(node[1], _columns(node[2]))
            _inline(scan, line[node.end() :], starts[i] + node.end())
            i += 1
            while i < len(lines) and (row := _ROW_LINE.fullmatch(lines[i])) is not None:
                scan.rows.append(_row(row[1], len(scan.columns)))
                scan.spans.append((starts[i] + row.start(1) - 1, starts[i] + row.end(1) + 1))
                i += 1
        elif (heading := _FORMATTED.search(line)) is not None:
            scan = Scan(heading[1], [])
            i += 1
            while i < len(lines) and lines[i].strip():
                if (arguments := _ARGUMENTS.match(lines[i])) is not None:
                    scan.columns = _columns(arguments[1])
                    rest = lines[i][arguments.end() :]
                    _inline(scan, rest, starts[i] + arguments.end())
                i += 1
        else:
            i += 1
            continue
        if scan.rows and scan.columns:
            scans.append(scan)
    return scans


def _blanked(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with the characters in ``spans`` made spaces (its offsets kept)."""
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def _is_text(path: str, value: str) -> bool:
    """Whether a field is read as text (:data:`TEXT_FIELDS`, an accumulator's text)."""
    if path.rsplit(".", 1)[-1] in TEXT_FIELDS:
        return True
    return _ACCUMULABLE.search(path) is not None and _NUMBER.fullmatch(value) is None


class SparkEventLogExtractor(Extractor):
    """A Spark event log: its events as rows, its SQL and plans as text, a plan's local
    scans as tables."""

    id: ClassVar[str] = "spark-eventlog"
    types: ClassVar[frozenset[str]] = frozenset({"spark-eventlog"})
    structured: ClassVar[bool] = True

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        path = source.path
        decoder = json.JSONDecoder(parse_float=str, parse_int=str)
        chunkers: dict[str, PeopleChunker] = {}
        events = bad = first_bad = 0
        with source.open() as fh:
            lines = BoundedLines(
                text_stream(fh, detect_stream(fh), newline="\n"), config.max_text_unit_chars
            )
            while True:
                for line in lines:
                    stripped = line.strip()
                    if not stripped:
                        continue
                    try:
                        event = decoder.decode(stripped)
                    except (ValueError, RecursionError):
                        event = None
                    if not isinstance(event, dict):
                        bad += 1
                        first_bad = first_bad or lines.count
                        continue
                    events += 1
                    yield from self._event(path, lines.count, event, chunkers, config)
                yield from lines.skipped_notes(path)
                if not lines.interrupted:
                    break
        for chunker in chunkers.values():
            yield from chunker.flush()
        if not events:
            raise ExtractError(f"no Spark event ({bad} lines not JSON objects)")
        if bad:
            where = Location(path, row=first_bad)
            yield Note(where, f"{bad} lines that are no JSON object passed over")

    def _event(
        self,
        path: str,
        row: int,
        event: dict[str, Any],
        chunkers: dict[str, PeopleChunker],
        config: Config,
    ) -> Iterator[Extracted]:
        """One event: its row, its text fields as text, its plan's local scans."""
        kind = str(event.get("Event") or "event").rsplit(".", 1)[-1]
        if kind not in chunkers and len(chunkers) >= MAX_PARTS:
            kind = "other"
        record, deep = flatten(event)
        if deep:
            yield Note(Location(path, kind, row=row), "nested too deeply: kept as text")
        texts = {key: value for key, value in record.items() if value and _is_text(key, value)}
        chunker = chunkers.get(kind)
        if chunker is None:
            chunker = chunkers[kind] = PeopleChunker(
                Location(path, kind), config.max_table_rows_per_unit
            )
        yield from chunker.add(row, {k: v for k, v in record.items() if k not in texts})
        for key, text in texts.items():
            part = f"event-{row}/{key}"
            if key.rsplit(".", 1)[-1] == "physicalPlanDescription":
                scans = plan_scans(text)
                for n, scan in enumerate(scans, 1):
                    yield from self._scan(path, f"event-{row}/{scan.node}-{n}", scan, config)
                text = _blanked(text, [span for scan in scans for span in scan.spans])
            yield from cut_text(Location(path, part), text, config.max_text_unit_chars)

    @staticmethod
    def _scan(path: str, part: str, scan: Scan, config: Config) -> Iterator[Extracted]:
        """A local scan's rows as a table of its attributes' names."""
        names = column_names(scan.columns, len(scan.columns))
        chunker = RowChunker(Location(path, part), names, config.max_table_rows_per_unit)
        for number, values in enumerate(scan.rows, 1):
            yield from chunker.add(number, values)
        yield from chunker.flush()
