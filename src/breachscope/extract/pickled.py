"""Python pickles (``.pkl``, ``.pickle``: a pandas DataFrame a notebook cached with
``to_pickle``, a script's list of records), loaded without running anything in them
(:mod:`breachscope.extract.inertpickle`: no module a pickle names is imported, no function
it names is called) and read from what they hold.

A pandas DataFrame anywhere in the pickle is a table (a Series one of a column): ``row``
= its 1-based row, a column per column by its label, a row index that is not the default
``0..n-1`` (``set_index("bsn")``) as the first columns, by their names. pandas' layouts
from 1.x to 3.x are read: blocks of numpy arrays, categoricals (their labels), dates and
times (a zone's local time where the data frame has one), nullable numbers and booleans,
Arrow-backed strings. A column of a kind not read (a sparse array) is left out with a
note. A frame inside a dict or list is in a part named by its path there (``cohort``,
``0.patienten``); ``DataFrame.attrs`` (what a user attached: the query it came from) is
read with the other values.

Every other value is read as a JSON document is (part ``values``; a list's items a record
each, as a JSON array's): a dict's
keys, a list's items, an object's attributes (its pickled state), a date as its ISO date,
numpy's scalars and arrays as their values, a ``Decimal`` and a ``UUID`` as their text.
Several pickles written one after another to a file are read as a list of them; one that
does not load ends the reading with a note. The file is read whole up to
``Config.batch_bytes``; values nested deeper than :data:`MAX_DEPTH` are left out with a
note.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, ClassVar

from breachscope.config import Config
from breachscope.extract.base import Extracted, ExtractError, Extractor, Note, Source
from breachscope.extract.chunking import RowChunker, column_names
from breachscope.extract.inertpickle import (
    Inert,
    PickleBreak,
    as_bytes,
    class_name,
    load_all,
    qualname,
)
from breachscope.extract.json import document_units, plain, record_rows
from breachscope.extract.otherpeople import PeopleChunker
from breachscope.extract.picklearrays import (
    ArrayError,
    arrow_values,
    is_ndarray,
    ndarray,
    scalar,
)
from breachscope.location import Location

MAX_DEPTH = 64
_WHOLE = 1e15
_ZONE = re.compile(r"[A-Za-z][A-Za-z0-9_+\-]{0,30}(?:/[A-Za-z0-9_+\-]{1,30}){0,2}")
_RESOLUTIONS = {7: "s", 8: "ms", 9: "us", 10: "ns"}
"""pandas' time resolutions by numpy's unit codes (a ``Timestamp``'s pickle)."""
_PER_SECOND = {"s": 1, "ms": 1_000, "us": 1_000_000, "ns": 1_000_000_000}


class _TooLarge(Exception):
    """Values referring to each other more often than the file is long."""


@dataclass
class Frame:
    """A data frame read: its column labels and columns (Python values), its ``attrs``."""

    names: list[str]
    columns: list[list[Any]]
    attrs: Any = None
    unread: list[str] = field(default_factory=list)
    """What each column that was left out is (``pandas.arrays.SparseArray``)."""

    @property
    def rows(self) -> int:
        return max(map(len, self.columns), default=0)


@dataclass
class _Labels:
    """An index's labels (a tuple each for a MultiIndex's) and its level names."""

    values: list[Any] | range
    names: list[Any]


class _Reader:
    """An inert pickle's values read as Python's (data frames as :class:`Frame`)."""

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self.notes: list[str] = []
        self.frames = 0
        """Data frames read (where none was, the values need no search for them)."""
        self._open: set[int] = set()

    def value(self, obj: Any, depth: int = 0) -> Any:
        self.budget -= 1
        if self.budget < 0:
            raise _TooLarge
        if obj is None or isinstance(obj, bool | int | float | str | dt.date | dt.time):
            return obj  # (a date: numpy's, read from an array's bytes)
        if isinstance(obj, bytes | bytearray):
            return bytes(obj)
        if depth >= MAX_DEPTH:
            self._note(f"values nested deeper than {MAX_DEPTH} levels left out")
            return None
        if id(obj) in self._open:
            return None  # (a value holding itself)
        self._open.add(id(obj))
        try:
            return self._value(obj, depth + 1)
        finally:
            self._open.discard(id(obj))

    def _note(self, note: str) -> None:
        if note not in self.notes:
            self.notes.append(note)

    def _value(self, obj: Any, depth: int) -> Any:
        if isinstance(obj, dict):
            return {_key(k): self.value(v, depth) for k, v in obj.items()}
        if isinstance(obj, list | tuple | set | frozenset):
            return [self.value(v, depth) for v in obj]
        if not isinstance(obj, Inert):
            return None  # (a class named, not made)
        kind = qualname(obj)
        if kind in ("copyreg._reconstructor", "copyreg.__newobj__") and obj.args:
            return self._object(class_name(obj.args[0]), obj, depth)
        return self._object(kind, obj, depth)

    def _object(self, kind: str, obj: Inert, depth: int) -> Any:
        last = kind.rsplit(".", 1)[-1]
        try:
            if kind.startswith("pandas.") and last in ("DataFrame", "Series"):
                return self._frame(obj, depth, series=last == "Series")
            known = self._known(kind, obj, depth)
        except ArrayError as exc:
            self._note(f"a value left out: {exc}")
            return None
        if known is not _UNKNOWN:
            return known
        return self._fields(obj, depth)

    def _known(self, kind: str, obj: Inert, depth: int) -> Any:
        """The value of an object of a kind read here (:data:`_UNKNOWN` for others)."""
        args = obj.args
        if kind.startswith("datetime."):
            return _datetime(kind, args)
        if kind in ("builtins.set", "builtins.frozenset", "collections.deque") and args:
            return self.value(args[0], depth)
        if kind in ("builtins.bytearray", "builtins.bytes", "_codecs.encode"):
            packed = as_bytes(obj)
            return packed if isinstance(packed, bytes) else None
        if kind in ("decimal.Decimal", "builtins.complex", "fractions.Fraction") and args:
            return str(args[0]) if len(args) == 1 else str(args)
        if kind == "uuid.UUID":
            return _uuid(obj.state)
        if kind.startswith("pathlib.") and all(isinstance(a, str) for a in args):
            return ("\\" if "Windows" in kind else "/").join(args)
        if kind in ("collections.OrderedDict", "collections.defaultdict", "collections.Counter"):
            merged = dict(args[0]) if args and isinstance(args[0], dict) else {}
            merged.update((_key(k), v) for k, v in obj.entries)  # (any key, as text)
            return self.value(merged, depth)
        if kind == "numpy._core.multiarray.scalar":
            return scalar(obj)
        if is_ndarray(obj) or kind.startswith(_ARRAYS):
            values, _ = self._array(obj, depth)
            return values
        if kind == "pandas.core.indexes.base._new_Index":
            return list(self._labels(obj, depth).values)
        if kind.endswith(("_unpickle_timestamp", "tslibs.timestamps.Timestamp")):
            return _timestamp(args)
        if kind.endswith(("__nat_unpickle", "missing.NAType", "missing.C_NAType")):
            return None
        return _UNKNOWN

    def _fields(self, obj: Inert, depth: int) -> Any:
        """An object of a class not read here: its attributes (its pickled state), else
        what it was filled with, else what it was made from."""
        state = obj.state
        if isinstance(state, tuple) and len(state) == 2 and isinstance(state[1], dict):
            state = {**(state[0] if isinstance(state[0], dict) else {}), **state[1]}
        out: dict[str, Any] = {}
        if isinstance(state, dict):
            out.update((_key(k), self.value(v, depth)) for k, v in state.items())
        elif state is not None:
            out["state"] = self.value(state, depth)
        out.update((_key(k), self.value(v, depth)) for k, v in obj.entries)
        if obj.items:
            items = [self.value(v, depth) for v in obj.items]
            if not out:
                return items
            out["items"] = items
        if out:
            return out
        if obj.args or obj.kwargs:
            made = [self.value(v, depth) for v in obj.args]
            made.extend(self.value(v, depth) for v in obj.kwargs.values())
            return made[0] if len(made) == 1 else made
        return None

    # -- pandas ------------------------------------------------------------------------

    def _frame(self, obj: Inert, depth: int, series: bool) -> Frame | None:
        state = obj.state if isinstance(obj.state, dict) else {}
        manager = state.get("_mgr", state.get("_data"))
        if not isinstance(manager, Inert):
            self._note("a pandas data frame without its data left out")
            return None
        axes, blocks = _manager(manager)
        attrs = self.value(state.get("attrs"), depth) or None
        if series:
            rows = self._labels(axes[0], depth)
            name = state.get("_name", state.get("name"))  # (pandas 1's "name")
            labels = _Labels(["" if name is None else _label(self.value(name, depth))], [])
        else:
            if len(axes) < 2:
                raise ArrayError("a pandas data frame without its rows' labels")
            labels, rows = self._labels(axes[0], depth), self._labels(axes[1], depth)
        names = [_label(v) for v in labels.values]
        columns: list[list[Any] | None] = [None] * len(names)
        unread: list[str] = []
        for values, placement in blocks:
            try:
                array, dims = self._array(values, depth)
            except ArrayError as exc:
                unread.append(str(exc))
                continue
            block = array if dims == 2 else [array]
            for at, column in zip(_placement(placement, len(block), series), block, strict=False):
                if 0 <= at < len(columns):
                    columns[at] = column
        index = _index_columns(rows)
        frame = Frame(
            [*index[0], *(n for n, c in zip(names, columns, strict=True) if c is not None)],
            [*index[1], *(c for c in columns if c is not None)],
            attrs,
            unread,
        )
        self.frames += 1
        return frame

    def _labels(self, obj: Any, depth: int) -> _Labels:
        """An index's labels: ``_new_Index(cls, {'data': ..., 'name': ...})``, a
        ``RangeIndex`` by its start, stop and step, a ``MultiIndex`` by its levels and
        codes."""
        if qualname(obj) != "pandas.core.indexes.base._new_Index" or len(obj.args) != 2:
            raise ArrayError(f"a pandas index not read ({qualname(obj) or type(obj).__name__})")
        cls, spec = class_name(obj.args[0]).rsplit(".", 1)[-1], obj.args[1]
        if not isinstance(spec, dict):
            raise ArrayError("a pandas index without its data")
        if cls == "RangeIndex":
            ends = [spec.get(k, d) for k, d in (("start", 0), ("stop", 0), ("step", 1))]
            if not all(isinstance(n, int) for n in ends) or ends[2] == 0:
                raise ArrayError("a pandas range index of an unreadable range")
            return _Labels(range(*ends), [spec.get("name")])
        if cls == "MultiIndex":
            levels = [list(self._labels(v, depth).values) for v in spec.get("levels") or []]
            codes = [self._array(v, depth)[0] for v in spec.get("codes") or []]
            tuples = [
                tuple(
                    level[c] if isinstance(c, int) and 0 <= c < len(level) else None
                    for level, c in zip(levels, row, strict=False)
                )
                for row in zip(*codes, strict=False)
            ]
            names = spec.get("names")
            return _Labels(tuples, list(names) if isinstance(names, list | tuple) else [])
        values, _ = self._array(spec.get("data"), depth)
        return _Labels(values, [spec.get("name")])

    def _array(self, obj: Any, depth: int) -> tuple[list[Any], int]:
        """A pandas or numpy array's values, and its dimensions (1, or 2 for a block)."""
        kind = qualname(obj)
        if is_ndarray(obj):
            values, dims = ndarray(obj)
            two = bool(values) and dims == 2
            return self._items(values, depth, two), 2 if two else 1
        if kind.startswith("pyarrow.lib."):
            return arrow_values(obj), 1
        state = obj.state if isinstance(obj, Inert) else None
        if isinstance(state, dict) and isinstance(
            state.get("_pa_array", state.get("_data")), Inert
        ):
            inner = state.get("_pa_array", state.get("_data"))
            if qualname(inner).startswith("pyarrow.lib."):
                return arrow_values(inner), 1
        if isinstance(state, dict) and "_data" in state and "_mask" in state:
            data, dims = self._array(state["_data"], depth)
            mask, _ = self._array(state["_mask"], depth)
            return _masked(data, mask, dims), dims
        if kind == "pandas._libs.arrays.__pyx_unpickle_NDArrayBacked" and obj.args:
            return self._backed(class_name(obj.args[0]), obj.state, depth)
        raise ArrayError(f"an array not read ({kind or type(obj).__name__})")

    def _items(self, values: list[Any], depth: int, two: bool) -> list[Any]:
        """An object array's items read as values (numbers and texts as they are)."""
        if two:
            return [self._items(row, depth, False) for row in values]
        if all(v is None or isinstance(v, int | float | str) for v in values):
            return values
        return [self.value(v, depth) for v in values]

    def _backed(self, cls: str, state: Any, depth: int) -> tuple[list[Any], int]:
        """A pandas array kept as a numpy array (``NDArrayBacked``: its state is its
        dtype, the numpy array and its attributes): a categorical's codes read as their
        labels, a date and time in a zone as the zone's local time."""
        if not isinstance(state, tuple) or len(state) < 2:
            raise ArrayError(f"a pandas array without its data ({cls})")
        dtype, data = state[0], state[1]
        values, dims = self._array(data, depth)
        if cls.endswith(".Categorical"):
            spec = dtype.state if isinstance(dtype, Inert) else None
            if not isinstance(spec, dict):
                raise ArrayError("a pandas categorical without its categories")
            labels = list(self._labels(spec.get("categories"), depth).values)
            return [
                labels[c] if isinstance(c, int) and 0 <= c < len(labels) else None for c in values
            ], 1
        zone = (
            _zone(dtype.state.get("tz"))
            if isinstance(dtype, Inert) and isinstance(dtype.state, dict)
            else None
        )
        if zone is not None:
            return _localised(values, zone, dims), dims
        return values, dims


_UNKNOWN = object()
_ARRAYS = ("pyarrow.lib.", "pandas._libs.arrays.", "pandas.arrays.", "pandas.core.arrays.")
"""Where the arrays read here are made (numpy's are told by their functions)."""


def _manager(manager: Inert) -> tuple[list[Any], list[tuple[Any, Any]]]:
    """A pandas block manager's axes and its blocks' ``(values, placement)``: pandas
    1.5 on reduce it to ``(blocks, axes)``; before (and a Series' manager still) its
    state holds them under ``'0.14.1'``."""
    args = manager.args
    if len(args) == 2 and isinstance(args[0], tuple) and isinstance(args[1], list):
        blocks = [
            (b.args[0], b.args[1])
            for b in args[0]
            if isinstance(b, Inert) and qualname(b).endswith("_unpickle_block") and len(b.args) >= 2
        ]
        return args[1], blocks
    state = manager.state
    if isinstance(state, tuple) and len(state) >= 4 and isinstance(state[3], dict):
        extra = state[3].get("0.14.1")
        if isinstance(extra, dict) and isinstance(extra.get("axes"), list):
            blocks = [
                (b.get("values"), b.get("mgr_locs"))
                for b in extra.get("blocks") or []
                if isinstance(b, dict)
            ]
            return extra["axes"], blocks
    raise ArrayError("a pandas data frame in a layout not read")


def _placement(obj: Any, count: int, series: bool) -> list[int]:
    """The columns a block's arrays go to: a ``slice`` or an array of positions."""
    if series:
        return [0]
    if qualname(obj) == "builtins.slice" and obj.args:
        ends = list(obj.args) + [None] * (3 - len(obj.args))
        if all(v is None or isinstance(v, int) for v in ends):
            start, stop, step = (
                ends[0] or 0,
                ends[1] if ends[1] is not None else count,
                ends[2] or 1,
            )
            return list(range(start, stop, step)[:count])
        return []
    if is_ndarray(obj):
        return [v for v in ndarray(obj)[0] if isinstance(v, int)][:count]
    return []


def _index_columns(rows: _Labels) -> tuple[list[str], list[list[Any]]]:
    """A row index's levels as columns (none for the default ``0..n-1``)."""
    values = rows.values
    if isinstance(values, range) and values.start == 0 and values.step == 1:
        return [], []
    items = list(values)
    if items and all(isinstance(v, tuple) for v in items):
        width = max(map(len, items))
        names = [
            _label(rows.names[i])
            if i < len(rows.names) and rows.names[i] is not None
            else f"index{i}"
            for i in range(width)
        ]
        return names, [[v[i] if i < len(v) else None for v in items] for i in range(width)]
    name = rows.names[0] if rows.names else None
    return [_label(name) if name is not None else "index"], [items]


def _masked(data: list[Any], mask: list[Any], dims: int) -> list[Any]:
    if dims == 2:
        return [_masked(d, m, 1) for d, m in zip(data, mask, strict=False)]
    return [None if m else v for v, m in zip(data, mask, strict=False)]


def _zone(obj: Any) -> dt.tzinfo | None:
    """The time zone a pickle names (zoneinfo's or pytz's, by its key), else None."""
    key = None
    kind = qualname(obj)
    if kind in ("zoneinfo.ZoneInfo._unpickle", "pytz._p") and isinstance(obj, Inert) and obj.args:
        key = obj.args[0]
    if kind == "datetime.timezone" and isinstance(obj, Inert):
        return dt.UTC
    if not isinstance(key, str) or not _ZONE.fullmatch(key):
        return None
    import zoneinfo

    try:
        return zoneinfo.ZoneInfo(key)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        return None


def _localised(values: list[Any], zone: dt.tzinfo, dims: int) -> list[Any]:
    """UTC instants as a zone's local times."""
    if dims == 2:
        return [_localised(row, zone, 1) for row in values]
    return [
        v.replace(tzinfo=dt.UTC).astimezone(zone).replace(tzinfo=None)
        if isinstance(v, dt.datetime)
        else v
        for v in values
    ]


def _key(key: Any) -> str:
    """A mapping's key as text: a number as its digits, a tuple of texts and numbers
    joined with dots (``("2024", 3)`` -> ``2024.3``), anything else by its kind."""
    if isinstance(key, str):
        return key
    if isinstance(key, int | float | bool):
        return str(key)
    if isinstance(key, tuple) and all(isinstance(k, str | int) for k in key):
        return ".".join(map(str, key))
    return type(key).__name__


def _label(value: Any) -> str:
    if isinstance(value, tuple):
        return ".".join(_label(v) for v in value if v is not None)
    text = cell(value)
    return "" if text is None else text


def _datetime(kind: str, args: tuple[Any, ...]) -> Any:
    """A ``datetime`` value's pickle: its packed bytes (``date``: year, month, day;
    ``datetime``: and hour, minute, second, microseconds), or a ``timedelta``'s days,
    seconds and microseconds."""
    if kind == "datetime.timedelta":
        if all(isinstance(a, int) for a in args):
            try:
                return str(dt.timedelta(*args[:3]))
            except OverflowError:
                return None
        return None
    packed = as_bytes(args[0]) if args else None
    if isinstance(packed, str):
        packed = packed.encode("latin1", "replace")  # (Python 2's)
    if not isinstance(packed, bytes):
        return None
    try:
        if kind == "datetime.date" and len(packed) == 4:
            return dt.date(packed[0] * 256 + packed[1], packed[2], packed[3])
        if kind == "datetime.datetime" and len(packed) == 10:
            micro = int.from_bytes(packed[7:10], "big")
            year, month, day = packed[0] * 256 + packed[1], packed[2] & 0x7F, packed[3]
            return dt.datetime(year, month, day, packed[4], packed[5], packed[6], micro)
        if kind == "datetime.time" and len(packed) == 6:
            return dt.time(
                packed[0] & 0x7F, packed[1], packed[2], int.from_bytes(packed[3:6], "big")
            )
    except ValueError:
        return None
    return None


def _timestamp(args: tuple[Any, ...]) -> dt.datetime | None:
    """A pandas ``Timestamp``'s pickle: its value in its resolution's units since 1970
    (nanoseconds before pandas 2), its time zone."""
    if not args or not isinstance(args[0], int):
        return None
    resolution = args[3] if len(args) > 3 else 10
    unit = _RESOLUTIONS.get(resolution, "ns") if isinstance(resolution, int) else "ns"
    seconds, rest = divmod(args[0], _PER_SECOND[unit])
    try:
        instant = dt.datetime(1970, 1, 1) + dt.timedelta(
            seconds=seconds, microseconds=rest * 1_000_000 // _PER_SECOND[unit]
        )
    except OverflowError:
        return None
    zone = _zone(args[2]) if len(args) > 2 else None
    if zone is not None:
        instant = instant.replace(tzinfo=dt.UTC).astimezone(zone).replace(tzinfo=None)
    return instant


def _uuid(state: Any) -> str | None:
    if isinstance(state, tuple) and len(state) == 2:
        state = state[1]
    number = state.get("int") if isinstance(state, dict) else None
    if isinstance(number, int) and 0 <= number < 2**128:
        return str(uuid.UUID(int=number))
    return None


def cell(value: Any) -> str | None:
    """A value's text in a table's cell: a whole number stored as a float without its
    ``.0`` (a BSN in a column with gaps), NaN as nothing, a date and time as
    ``YYYY-MM-DDTHH:MM:SS``, a list or dict as its JSON."""
    if value is None:
        return None
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        try:
            return str(value)
        except ValueError:  # (beyond Python's digits limit)
            return None
    if isinstance(value, float):
        if not math.isfinite(value):
            return None
        return str(int(value)) if value.is_integer() and abs(value) < _WHOLE else repr(value)
    if isinstance(value, str):
        return value
    if isinstance(value, bytes):
        try:
            return value.decode("utf-8")
        except UnicodeDecodeError:
            return None
    if isinstance(value, dt.datetime):
        stamp: dt.datetime = value.replace(tzinfo=None)
        return stamp.isoformat(timespec="microseconds" if stamp.microsecond else "seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Frame):
        return None
    return str(json.dumps(plain(value), ensure_ascii=False, default=str))


def frames(value: Any, path: str = "", depth: int = 0) -> Iterator[tuple[str, Frame]]:
    """The data frames in a value read, with their paths (a dict's keys, a list's
    places)."""
    if isinstance(value, Frame):
        yield path, value
    elif depth < MAX_DEPTH and isinstance(value, dict):
        for k, v in value.items():
            yield from frames(v, f"{path}.{k}".lstrip("."), depth + 1)
    elif depth < MAX_DEPTH and isinstance(value, list):
        for i, v in enumerate(value):
            yield from frames(v, f"{path}.{i}".lstrip("."), depth + 1)


def without_frames(value: Any, depth: int = 0) -> Any:
    """A value read with each data frame replaced by its ``attrs`` (None where it has
    none)."""
    if isinstance(value, Frame):
        return value.attrs
    if depth >= MAX_DEPTH:
        return None
    if isinstance(value, dict):
        return {k: without_frames(v, depth + 1) for k, v in value.items()}
    if isinstance(value, list):
        return [without_frames(v, depth + 1) for v in value]
    return value


def _holds_values(value: Any, depth: int = 0) -> bool:
    if isinstance(value, dict):
        return depth < MAX_DEPTH and any(_holds_values(v, depth + 1) for v in value.values())
    if isinstance(value, list):
        return depth < MAX_DEPTH and any(_holds_values(v, depth + 1) for v in value)
    return value is not None


class PickleExtractor(Extractor):
    """A Python pickle: its data frames as tables, its other values as a record."""

    id: ClassVar[str] = "pickle"
    types: ClassVar[frozenset[str]] = frozenset({"pickle"})
    structured: ClassVar[bool] = True

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        data = source.read_document(config.batch_bytes, "pickle")
        try:
            loaded = load_all(data)
        except PickleBreak as exc:
            raise ExtractError(f"unreadable pickle ({exc})") from None
        broke = loaded.pop() if loaded and isinstance(loaded[-1], PickleBreak) else None
        reader = _Reader(2 * len(data) + 10_000)
        try:
            value = reader.value(loaded[0] if len(loaded) == 1 else loaded)
        except _TooLarge:
            raise ExtractError(
                "a pickle whose values refer to each other more often than it is long"
            ) from None
        rest = value
        if reader.frames:
            for path, frame in frames(value):
                location = Location(source.path, part=path or None)
                yield from _table(frame, location, config)
            rest = without_frames(value)
        if _holds_values(rest):
            location = Location(source.path, part="values")
            chunker = PeopleChunker(location, config.max_table_rows_per_unit)
            if isinstance(rest, list):  # (a list of records, as a JSON array's)
                for row, item in enumerate(plain(rest), 1):
                    yield from record_rows(chunker, source.path, row, item)
            else:
                yield from document_units(source.path, plain(rest), config, chunker)
            yield from chunker.flush()
        for note in reader.notes:
            yield Note(Location(source.path), note)
        if broke is not None:
            yield Note(Location(source.path), f"pickle reading stopped ({broke})")


def _table(frame: Frame, location: Location, config: Config) -> Iterator[Extracted]:
    for what in frame.unread:
        yield Note(location, f"a column left out: {what}")
    chunker = RowChunker(
        location, column_names(frame.names, len(frame.columns)), config.max_table_rows_per_unit
    )
    columns = frame.columns
    for r in range(frame.rows):
        yield from chunker.add(r + 1, [cell(c[r]) if r < len(c) else None for c in columns])
    yield from chunker.flush()
