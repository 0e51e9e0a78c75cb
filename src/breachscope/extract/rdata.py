"""R's data files (``saveRDS``'s ``.rds``, ``save``'s ``.RData``/``.rda``: a research
dataset on a project share), read with a parser of R's serialisation format (XDR, the
format's versions 2 and 3; a compressed file is opened as an archive first, its inner
file read here). Nothing in it is run: a function, an environment or byte code is no
value and is left out.

A data frame is a table: ``row`` = its 1-based row, a column per variable by its name; a
factor's codes read as their levels (a result stored as a factor is still her result), a
``Date`` as its ISO date, a ``POSIXct`` time as ISO date and time, a whole number without
decimals (a BSN stored as a number loses its leading zero, as a spreadsheet's does),
``NA`` as nothing. ``.RData``'s objects, and the data frames inside a list, are tables in
parts of their own (``part`` = the object's name, or its path in the list: ``cohort``,
``studie.deelnemers``); other values (a list of settings, a vector) are one record read
as a JSON document is (part ``values``). The file is read whole up to
``Config.batch_bytes``; its objects are nested at most :data:`MAX_DEPTH` deep.
"""

from __future__ import annotations

import datetime as dt
import math
import struct
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, ClassVar

from breachscope.config import Config
from breachscope.extract.base import Extracted, ExtractError, Extractor, Source
from breachscope.extract.chunking import RowChunker, column_names
from breachscope.extract.json import document_units, plain
from breachscope.extract.otherpeople import PeopleChunker
from breachscope.location import Location

MAX_DEPTH = 64
NA_INTEGER = -(2**31)
_EPOCH = dt.date(1970, 1, 1)
_EPOCH_TIME = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_NIL, _SYM, _LIST, _CLO, _ENV, _PROM, _LANG = 254, 1, 2, 3, 4, 5, 6
_CHAR, _LGL, _INT, _REAL, _CPLX, _STR, _DOT = 9, 10, 13, 14, 15, 16, 17
_VEC, _EXPR, _BCODE, _EXTPTR, _WEAKREF, _RAW, _S4 = 19, 20, 21, 22, 23, 24, 25
_REF, _ALTREP, _ATTRLANG, _ATTRLIST = 255, 238, 240, 239
_SPECIALS = frozenset({242, 241, 253, 252, 251, 250, 249, 248, 247, 246})
"""Empty, base and global environments, the unbound and missing markers, namespaces."""
_PAIRS = frozenset({_LIST, _LANG, _CLO, _PROM, _DOT, _ATTRLANG, _ATTRLIST})


class RDataError(ValueError):
    """Bytes that are not R's serialisation."""


@dataclass
class RObject:
    """A value read: its data (a list of values, a string, a mapping of a pairlist's tags)
    and its attributes."""

    kind: int
    data: Any
    attrs: dict[str, Any] = field(default_factory=dict)

    def classes(self) -> list[str]:
        value = self.attrs.get("class")
        return list(value.data) if isinstance(value, RObject) and value.kind == _STR else []


class _Reader:
    """R's XDR serialisation read from bytes (see R's ``serialize.c``)."""

    def __init__(self, data: bytes, pos: int) -> None:
        self.data = data
        self.pos = pos
        self.refs: list[Any] = []

    def read_int(self) -> int:
        if self.pos + 4 > len(self.data):
            raise RDataError("the file ends inside a value")
        (value,) = struct.unpack_from(">i", self.data, self.pos)
        self.pos += 4
        return int(value)

    def length(self) -> int:
        n = self.read_int()
        if n == -1:
            n = (self.read_int() << 32) + self.read_int()
        if n < 0 or n > len(self.data) - self.pos:
            raise RDataError(f"a length of {n} past the file's end")
        return n

    def read_bytes(self, n: int) -> bytes:
        out = self.data[self.pos : self.pos + n]
        if len(out) < n:
            raise RDataError("the file ends inside a string")
        self.pos += n
        return out

    def item(self, depth: int = 0) -> Any:
        if depth > MAX_DEPTH:
            raise RDataError(f"nested deeper than {MAX_DEPTH} levels")
        flags = self.read_int()
        kind, levels = flags & 0xFF, flags >> 12
        has_attr, has_tag = bool(flags & (1 << 9)), bool(flags & (1 << 10))
        if kind == _NIL or kind in _SPECIALS:
            return None
        if kind == _REF:
            index = flags >> 8 or self.read_int()
            if not 0 < index <= len(self.refs):
                raise RDataError(f"a reference to an unknown value ({index})")
            return self.refs[index - 1]
        if kind == _SYM:
            name = self.item(depth + 1)
            self.refs.append(name)
            return name
        if kind == _ENV:
            self.refs.append(None)
            self.read_int()  # (locked)
            for _ in range(4):  # (enclosure, frame, hash table, attributes)
                self.item(depth + 1)
            return None
        if kind in (_EXTPTR, _WEAKREF):
            self.refs.append(None)
            if kind == _EXTPTR:
                self.item(depth + 1)
                self.item(depth + 1)
            if has_attr:
                self.item(depth + 1)
            return None
        if kind in _PAIRS:
            return self._pairs(kind, has_attr, has_tag, depth)
        if kind == _CHAR:
            n = self.read_int()
            if n == -1:
                return None
            raw = self.read_bytes(n)
            codec = "latin-1" if levels & (1 << 2) else "utf-8"
            return raw.decode(codec, errors="replace")
        if kind == _ALTREP:
            return self._altrep(depth)
        if kind == _BCODE:
            raise RDataError("byte code (a function's) is not read")
        obj = RObject(kind, self._vector(kind, depth))
        if has_attr:
            obj.attrs = _attributes(self.item(depth + 1))
        return obj

    def _vector(self, kind: int, depth: int) -> Any:
        if kind == _S4:
            return []
        n = self.length()
        if kind in (_LGL, _INT):
            values = struct.unpack_from(f">{n}i", self.read_bytes(4 * n))
            return [None if v == NA_INTEGER else v for v in values]
        if kind == _REAL:
            return list(struct.unpack_from(f">{n}d", self.read_bytes(8 * n)))
        if kind == _CPLX:
            pairs = struct.unpack_from(f">{2 * n}d", self.read_bytes(16 * n))
            return [f"{pairs[i]}+{pairs[i + 1]}i" for i in range(0, 2 * n, 2)]
        if kind == _RAW:
            return self.read_bytes(n)
        if kind in (_STR, _VEC, _EXPR):
            return [self.item(depth + 1) for _ in range(n)]
        raise RDataError(f"an unknown type of value ({kind})")

    def _pairs(self, kind: int, has_attr: bool, has_tag: bool, depth: int) -> RObject:
        """A pairlist (a list of tagged values: attributes, ``.RData``'s objects), read in
        a loop along its tail."""
        out = RObject(kind, [])
        while True:
            if has_attr:
                self.item(depth + 1)
            tag = self.item(depth + 1) if has_tag else None
            out.data.append((tag if isinstance(tag, str) else None, self.item(depth + 1)))
            flags = self.read_int()
            kind = flags & 0xFF
            if kind not in _PAIRS:
                self.pos -= 4
                self.item(depth + 1)  # (the tail: nothing, or a value no pairlist)
                return out
            has_attr, has_tag = bool(flags & (1 << 9)), bool(flags & (1 << 10))

    def _altrep(self, depth: int) -> Any:
        """A value R stored compactly: an integer or a real sequence (a data frame's row
        names), a wrapped vector, a deferred string (numbers as text)."""
        info = self.item(depth + 1)
        state = self.item(depth + 1)
        attrs = _attributes(self.item(depth + 1))
        name = info.data[0][1] if isinstance(info, RObject) and info.data else None
        if name in ("compact_intseq", "compact_realseq") and isinstance(state, RObject):
            n, start, step = (int(x) for x in state.data[:3])
            values: list[Any] = [start + step * i for i in range(min(n, len(self.data)))]
            obj = RObject(_INT if name == "compact_intseq" else _REAL, values)
        elif isinstance(name, str) and name.startswith("wrap_") and isinstance(state, RObject):
            inner = state.data[0] if state.data else None
            obj = inner if isinstance(inner, RObject) else RObject(_VEC, [])
        elif name == "deferred_string" and isinstance(state, RObject) and state.data:
            source = state.data[0][1]
            texts = [None if v is None else _number(v) for v in getattr(source, "data", [])]
            obj = RObject(_STR, texts)
        else:
            raise RDataError(f"a compact value of an unknown kind ({name})")
        obj.attrs = {**obj.attrs, **attrs}
        return obj


def _attributes(pairs: Any) -> dict[str, Any]:
    if isinstance(pairs, RObject) and pairs.kind in _PAIRS:
        return {tag: value for tag, value in pairs.data if tag}
    return {}


def _number(value: Any) -> str:
    """A number's text: a whole number without decimals (``28058410.0`` is
    ``28058410``)."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def column(obj: Any, rows: int) -> list[str | None]:
    """A data frame's column as the texts of its cells (see the module's text)."""
    if not isinstance(obj, RObject):
        return [None] * rows
    classes = obj.classes()
    values = list(obj.data) if isinstance(obj.data, list) else []
    if "factor" in classes:
        levels = obj.attrs.get("levels")
        names = levels.data if isinstance(levels, RObject) else []
        return [
            names[v - 1] if isinstance(v, int) and 0 < v <= len(names) else None for v in values
        ]
    out: list[str | None] = []
    for v in values:
        if v is None or (isinstance(v, float) and math.isnan(v)):
            out.append(None)
        elif "Date" in classes and isinstance(v, float | int):
            out.append(_day(v))
        elif "POSIXct" in classes and isinstance(v, float | int):
            out.append(_time(v))
        elif obj.kind == _LGL:
            out.append("TRUE" if v else "FALSE")
        elif isinstance(v, RObject | list):
            out.append(None)
        else:
            out.append(_number(v))
    return out


def _day(days: float) -> str | None:
    try:
        return (_EPOCH + dt.timedelta(days=days)).isoformat()
    except OverflowError:
        return None


def _time(seconds: float) -> str | None:
    try:
        return (_EPOCH_TIME + dt.timedelta(seconds=seconds)).strftime("%Y-%m-%dT%H:%M:%S")
    except OverflowError:
        return None


def _names(obj: RObject) -> list[str]:
    names = obj.attrs.get("names")
    return [n or "" for n in names.data] if isinstance(names, RObject) else []


def _as_value(obj: Any, depth: int = 0) -> Any:
    """A value that is no data frame as JSON's values (a named list a mapping, a vector
    of one its value, a longer one a list)."""
    if depth > MAX_DEPTH or not isinstance(obj, RObject):
        return obj if isinstance(obj, str) or obj is None else None
    if obj.kind in _PAIRS:
        return {tag or str(i): _as_value(v, depth + 1) for i, (tag, v) in enumerate(obj.data)}
    if obj.kind in (_VEC, _EXPR):
        items = [_as_value(v, depth + 1) for v in obj.data]
        names = _names(obj)
        if len(names) == len(items) and any(names):
            return {n or str(i): v for i, (n, v) in enumerate(zip(names, items, strict=True))}
        return items
    if not isinstance(obj.data, list):
        return None
    cells = column(obj, len(obj.data))
    return cells[0] if len(cells) == 1 else cells


def frames(obj: Any, path: str, depth: int = 0) -> Iterator[tuple[str, RObject]]:
    """The data frames in ``obj`` with their paths (a list's, ``.RData``'s names)."""
    if depth > MAX_DEPTH or not isinstance(obj, RObject):
        return
    if "data.frame" in obj.classes():
        yield path, obj
        return
    if obj.kind in _PAIRS:
        for i, (tag, value) in enumerate(obj.data):
            yield from frames(value, f"{path}.{tag or i}".lstrip("."), depth + 1)
    elif obj.kind == _VEC:
        names = _names(obj)
        for i, value in enumerate(obj.data):
            step = names[i] if i < len(names) and names[i] else str(i)
            yield from frames(value, f"{path}.{step}".lstrip("."), depth + 1)


def read(data: bytes) -> Any:
    """The object an ``.rds`` holds, or the pairlist of an ``.RData``'s named objects."""
    pos = 0
    if data.startswith((b"RDX2\n", b"RDX3\n")):
        pos = 5
    if data[pos : pos + 2] != b"X\n":
        raise RDataError("no XDR serialisation ('X\\n') at the start")
    reader = _Reader(data, pos + 2)
    version = reader.read_int()
    if version not in (2, 3):
        raise RDataError(f"a serialisation of version {version}")
    reader.read_int()  # (the writer's R version)
    reader.read_int()  # (the oldest R that reads it)
    if version == 3:
        reader.read_bytes(reader.length())  # (the native encoding)
    return reader.item()


class RDataExtractor(Extractor):
    """An R data file: its data frames as tables, its other values as a record."""

    id: ClassVar[str] = "rdata"
    types: ClassVar[frozenset[str]] = frozenset({"rdata"})
    structured: ClassVar[bool] = True

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        data = source.read_document(config.batch_bytes, "R data file")
        try:
            obj = read(data)
        except RecursionError:
            raise ExtractError("R data nested too deeply to read") from None
        except (RDataError, struct.error) as exc:
            raise ExtractError(f"unreadable R data file: {exc}") from None
        except (ValueError, TypeError, IndexError, AttributeError, OverflowError) as exc:
            what = type(exc).__name__  # (a value of an unexpected shape: no message quoted)
            raise ExtractError(f"unreadable R data file ({what})") from None
        found = list(frames(obj, ""))
        for part, frame in found:
            names = _names(frame)
            rows = max((len(c.data) for c in frame.data if isinstance(c, RObject)), default=0)
            columns = [column(c, rows) for c in frame.data]
            chunker = RowChunker(
                Location(source.path, part=part or None),
                column_names(names, len(columns)),
                config.max_table_rows_per_unit,
            )
            for r in range(rows):
                yield from chunker.add(r + 1, [c[r] if r < len(c) else None for c in columns])
            yield from chunker.flush()
        if not found:
            location = Location(source.path, part="values")
            chunker_ = PeopleChunker(location, config.max_table_rows_per_unit)
            yield from document_units(source.path, plain(_as_value(obj)), config, chunker_)
            yield from chunker_.flush()
