"""Findings read from DuckDB in bounded batches, one group (table record, text part) at a time.

Assemble never holds all findings at once: DuckDB sorts them (spilling to disk when they
do not fit its memory limit) so that the findings of one table record or text part arrive
together and in key order, and Python keeps only the group at hand. Columns may be plain
or dictionary-encoded strings: DuckDB reads both as ``VARCHAR``.
"""

from __future__ import annotations

import contextlib
import heapq
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import duckdb
import pyarrow as pa

from breachscope.assemble.build import Piece
from breachscope.assemble.providers import ProviderNames, known_providers
from breachscope.location import Location

BATCH_ROWS = 5_000
"""Findings per Arrow batch read from DuckDB."""
CASE_ORDER = "path, location, kind, detector, value, confidence, record"
"""Source order of the findings of a case (ties in a group go to the first)."""
_COLUMNS = "data_class, kind, detector, value, path, location, confidence, record"


@dataclass(frozen=True, slots=True)
class Group:
    """The findings of one table record, or of one free-text part (``key``)."""

    key: str
    path: str
    source: str
    """``table`` or ``text``."""
    pieces: list[Piece]


def _class(data_class: str, kind: str) -> str:
    """A provider's details (``provider_phone``, ``provider_surname``...) are the person's
    ``provider`` class, whatever their own class: the GP's phone is not the patient's."""
    return "provider" if kind.startswith("provider") else data_class


def _batches(
    con: duckdb.DuckDBPyConnection, sql: str, *, part_keys: bool = False
) -> Iterator[dict[str, list[Any]]]:
    """The rows of ``sql`` as column lists, :data:`BATCH_ROWS` at a time (``part_keys``:
    ``sql`` calls :func:`part_key` as ``__breachscope_part_key``)."""
    cur = con.cursor()
    try:
        if part_keys:
            with contextlib.suppress(duckdb.Error):  # left by an earlier cursor
                cur.remove_function(_PART_KEY)
            cur.create_function(_PART_KEY, _part_keys, ["varchar"], "varchar",
                                type="arrow")  # type: ignore[call-overload]  # fmt: skip
        rel = cur.sql(sql)
        reader_of = getattr(rel, "to_arrow_reader", None) or rel.fetch_record_batch
        for batch in reader_of(BATCH_ROWS):
            yield {name: batch.column(i).to_pylist() for i, name in enumerate(batch.schema.names)}
    finally:
        if part_keys:
            with contextlib.suppress(duckdb.Error):
                cur.remove_function(_PART_KEY)
        cur.close()


@dataclass(frozen=True, slots=True)
class FindingSource:
    """Findings in table or view ``relation`` of ``con``, in source order ``order`` (SQL)."""

    con: duckdb.DuckDBPyConnection
    relation: str
    order: str = CASE_ORDER

    def providers(self) -> ProviderNames:
        """The provider names known anywhere in the findings."""
        sql = (
            f"SELECT kind, value, location FROM {self.relation} WHERE data_class = 'provider' "
            f"OR starts_with(kind, 'provider') ORDER BY {self.order}"
        )
        return known_providers(
            row
            for cols in _batches(self.con, sql)
            for row in zip(cols["kind"], cols["value"], cols["location"], strict=True)
        )

    def records(self) -> Iterator[Group]:
        """Table findings (``record`` set), one group per record, in record order."""
        sql = (
            f"SELECT {_COLUMNS} FROM {self.relation} WHERE record <> '' "
            f"ORDER BY record, {self.order}"
        )
        key: str | None = None
        path = ""
        pieces: list[Piece] = []
        index = 0
        for cols in _batches(self.con, sql):
            for dc, kind, det, value, p, loc, conf, record in zip(
                cols["data_class"], cols["kind"], cols["detector"], cols["value"],
                cols["path"], cols["location"], cols["confidence"], cols["record"], strict=True,
            ):  # fmt: skip
                if record != key:
                    if key is not None:
                        yield Group(key, path, "table", pieces)
                    key, path, pieces = record, p, []
                pieces.append(Piece(_class(dc, kind), kind, det, value, loc, float(conf),
                                    index, index))  # fmt: skip
                index += 1
        if key is not None:
            yield Group(key, path, "table", pieces)

    def text_parts(self) -> Iterator[Group]:
        """Free-text findings (``record`` empty), one group per text part, in key order."""
        sql = (
            f"SELECT {_COLUMNS}, {_PART_KEY}(location) AS part_key FROM {self.relation} "
            f"WHERE coalesce(record, '') = '' ORDER BY part_key, {self.order}"
        )
        key: str | None = None
        path = ""
        pieces: list[Piece] = []
        for cols in _batches(self.con, sql, part_keys=True):
            for dc, kind, det, value, p, loc, conf, part in zip(
                cols["data_class"], cols["kind"], cols["detector"], cols["value"],
                cols["path"], cols["location"], cols["confidence"], cols["part_key"],
                strict=True,
            ):  # fmt: skip
                if part != key:
                    if key is not None:
                        yield Group(key, path, "text", pieces)
                    key, path, pieces = part, p, []
                where = Location.parse(loc)
                start = where.start or 0
                end = where.end if where.end is not None else start
                pieces.append(Piece(_class(dc, kind), kind, det, value, loc, float(conf), start,
                                    end))  # fmt: skip
        if key is not None:
            yield Group(key, path, "text", pieces)

    def groups(self) -> Iterator[Group]:
        """Table records and text parts together, in key order (records first on a tie)."""
        return heapq.merge(self.records(), self.text_parts(), key=lambda g: g.key)


_PART_KEY = "__breachscope_part_key"


def part_key(location: str) -> str:
    """The text part a free-text finding's location lies in (``PATH#part=...``)."""
    where = Location.parse(location)
    return str(Location(where.path, where.part))


def _part_keys(locations: pa.Array) -> pa.Array:
    return pa.array([part_key(loc) for loc in locations.to_pylist()], pa.string())
