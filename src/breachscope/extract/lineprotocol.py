"""InfluxDB line protocol (``.lp``: ``influx_inspect export``'s dump of a metrics
database, a Telegraf buffer): a table per measurement, ``row`` = the point's line.

A point is ``measurement,tag=value,... field=value,... timestamp``: the measurement, its
tags and its fields apart by unescaped commas, the three parts by unescaped spaces.
Backslashes escape commas, spaces and ``=`` in names and tag values (``patient=Jansen\\,\\
A.`` is ``Jansen, A.``; a backslash before any other character is itself); a string
field is in double quotes, ``\\"`` and ``\\\\`` its escapes, and may run over lines; an
integer's ``i`` and an unsigned one's ``u`` are dropped, floats and booleans kept as
written. The columns are the tags' and fields' keys (a field named as a tag ``key (2)``)
and ``time``, the timestamp as written. ``#`` lines are comments; an export's DDL section
(``# DDL`` up to ``# DML``: ``CREATE DATABASE ...``) is passed over. A line that does not
parse is passed over and counted in a note. The file is read whole up to
``Config.batch_bytes``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import ClassVar

from breachscope.config import Config
from breachscope.extract.base import Extracted, ExtractError, Extractor, Note, Source
from breachscope.extract.chunking import RecordChunker
from breachscope.extract.encoding import decode_bytes
from breachscope.location import Location


class LineError(ValueError):
    """A point that does not parse."""


@dataclass
class Point:
    """One point: its measurement, tags and fields in order, and its timestamp."""

    measurement: str
    tags: list[tuple[str, str]]
    fields: list[tuple[str, str]]
    time: str | None


def _unescaped(text: str, pos: int, stops: str) -> tuple[str, int]:
    """The name or tag value at ``pos`` up to an unescaped character of ``stops`` (or a
    line's end): its text with escapes resolved, and where it stopped."""
    out: list[str] = []
    while pos < len(text):
        ch = text[pos]
        if ch == "\\" and pos + 1 < len(text) and text[pos + 1] in ", =\\":
            out.append(text[pos + 1])
            pos += 2
            continue
        if ch in stops or ch == "\n":
            break
        out.append(ch)
        pos += 1
    return "".join(out), pos


def _string(text: str, pos: int) -> tuple[str, int]:
    """A quoted string field's value (``pos`` at its opening quote) and where it ends."""
    out: list[str] = []
    pos += 1
    while pos < len(text):
        ch = text[pos]
        if ch == "\\" and pos + 1 < len(text) and text[pos + 1] in '"\\':
            out.append(text[pos + 1])
            pos += 2
        elif ch == '"':
            return "".join(out), pos + 1
        else:
            out.append(ch)
            pos += 1
    raise LineError("string not closed")


def _number(raw: str) -> str:
    """A field's unquoted value: an integer without its ``i``/``u``, else as written;
    a :class:`LineError` where it is no number or boolean."""
    if raw in ("t", "T", "true", "True", "TRUE", "f", "F", "false", "False", "FALSE"):
        return raw
    body = raw[:-1] if raw[-1:] in ("i", "u") and raw[:-1].lstrip("-").isdigit() else raw
    try:
        float(body)
    except ValueError:
        raise LineError("a field's value is no number") from None
    return body


def point(text: str, pos: int) -> tuple[Point, int]:
    """The point that starts at ``pos`` and where its line ends (after its newline)."""
    measurement, pos = _unescaped(text, pos, ", ")
    if not measurement:
        raise LineError("no measurement")
    tags: list[tuple[str, str]] = []
    while pos < len(text) and text[pos] == ",":
        key, pos = _unescaped(text, pos + 1, "=, ")
        if pos >= len(text) or text[pos] != "=" or not key:
            raise LineError("a tag without its value")
        value, pos = _unescaped(text, pos + 1, ", ")
        tags.append((key, value))
    if pos >= len(text) or text[pos] != " ":
        raise LineError("no fields")
    fields: list[tuple[str, str]] = []
    while True:
        key, pos = _unescaped(text, pos + 1, "=, ")
        if pos >= len(text) or text[pos] != "=" or not key:
            raise LineError("a field without its value")
        pos += 1
        if text[pos : pos + 1] == '"':
            value, pos = _string(text, pos)
        else:
            end = pos
            while end < len(text) and text[end] not in ", \n":
                end += 1
            value, pos = _number(text[pos:end].rstrip("\r")), end
        fields.append((key, value))
        if pos >= len(text) or text[pos] != ",":
            break
    time: str | None = None
    end = text.find("\n", pos)
    end = len(text) if end < 0 else end
    rest = text[pos:end].strip()
    if rest:
        if not rest.lstrip("-").isdigit():
            raise LineError("a timestamp that is no number")
        time = rest
    return Point(measurement, tags, fields, time), end + 1


def _record(found: Point) -> dict[str, str | None]:
    record: dict[str, str | None] = {}
    for key, value in [*found.tags, *found.fields]:
        name, number = key, 1
        while name in record:
            number += 1
            name = f"{key} ({number})"
        record[name] = value
    if found.time is not None and "time" not in record:
        record["time"] = found.time
    return record


def points(text: str) -> Iterator[tuple[int, Point | None]]:
    """Each point with its line (None for a line that does not parse)."""
    pos, line = 0, 1
    in_ddl = False
    while pos < len(text):
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        head = text[pos:end].strip()
        if not head or head.startswith("#"):
            if head.startswith("# DDL"):
                in_ddl = True
            elif head.startswith("# DML"):
                in_ddl = False
            pos, line = end + 1, line + 1
            continue
        if in_ddl:
            pos, line = end + 1, line + 1
            continue
        try:
            found, after = point(text, pos)
        except LineError:
            yield line, None
            pos, line = end + 1, line + 1
            continue
        yield line, found
        line += text.count("\n", pos, after)
        pos = after


class LineProtocolExtractor(Extractor):
    """InfluxDB line protocol: a table per measurement."""

    id: ClassVar[str] = "line-protocol"
    types: ClassVar[frozenset[str]] = frozenset({"line-protocol"})
    structured: ClassVar[bool] = True

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        data = source.read_document(config.batch_bytes, "line protocol file")
        chunkers: dict[str, RecordChunker] = {}
        bad = read = 0
        for line, found in points(decode_bytes(data)):
            if found is None:
                bad += 1
                continue
            read += 1
            chunker = chunkers.get(found.measurement)
            if chunker is None:
                where = Location(source.path, found.measurement)
                chunker = chunkers[found.measurement] = RecordChunker(
                    where, config.max_table_rows_per_unit
                )
            yield from chunker.add(line, _record(found))
        if not read:
            raise ExtractError(f"no line protocol points ({bad} lines that do not parse)")
        for chunker in chunkers.values():
            yield from chunker.flush()
        if bad:
            yield Note(Location(source.path), f"{bad} lines that do not parse passed over")
