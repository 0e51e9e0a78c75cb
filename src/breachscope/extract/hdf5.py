"""HDF5 files (``.h5``, ``.hdf5``: a research group's cohort kept with h5py, a pandas
``to_hdf`` store), read with h5py from the bytes in memory (the file is read whole up to
``Config.batch_bytes``; a user block before the signature is skipped by the library).

What is read, by its HDF5 path (``part``):

* a 1-D compound dataset (a table of records) is a table: a row per element, a column
  per field (a nested field as ``adres.postcode``, an array field a column per place,
  ``uitslag.0``); pandas' table format (``format='table'``) is one: its ``table``
  dataset's ``values_block_N`` fields are named by the column names pandas keeps in the
  dataset's ``values_block_N_kind`` attribute (a protocol 0 pickle, loaded inert:
  :mod:`breachscope.extract.inertpickle`), dates by its ``values_block_N_dtype``;
* 1-D datasets of equal length side by side in a group (columns stored apart) are one
  table at the group's path, a column per dataset by its name; a 1-D dataset alone (or
  of a length no other shares) is a table of its own of one column;
* pandas' fixed format (a group whose ``pandas_type`` is ``frame``: ``axis0`` the column
  names, ``axis1`` the index, ``blockN_items`` and ``blockN_values`` the columns a block
  holds) is one table at the group's path, the index as the column ``index`` where it is
  no row count; a block of text is a pickled object array there (PyTables pickles it),
  loaded inert;
* a 2-D dataset is a table, a row per row, its columns named by an attribute that lists
  as many names (``columns``, ``names``, ``kolommen``...; its rows then by one that
  lists as many row names, ``rows``, ``rijen``..., in a first column by that name), by
  its first row where that row is all words and the rows below hold digits, else by
  their places (``column1``);
* a scalar dataset, a 1-D one of one element, and the attributes of the groups and
  datasets are lines of the text part ``info``: ``path: value`` (an attribute's path is
  its object's, ``@`` and its name: ``/cohort@bron``); the attributes PyTables and
  pandas keep for themselves are left out.

Values: bytes as UTF-8 text, else Latin-1; numbers as digits (a whole number without
``.0``, NaN as nothing); an enum by its names; a boolean as ``true``/``false``; an
integer column pandas marks as ``datetime64`` as its ISO date or date and time; an
object reference as the path it refers to; a variable-length sequence as JSON.

Bounds: groups are followed :data:`MAX_DEPTH` deep and :data:`MAX_OBJECTS` objects at
most; only hard links are followed (a soft link's target is read at its own path, an
external link, a virtual dataset or one whose data lies in another file is never opened:
a note says so); a dataset larger than ``Config.batch_bytes`` once read is skipped with a
note, and the others are read :data:`SLICE_BYTES` at a time. A damaged file that the
library cannot open is an :class:`ExtractError`; a dataset in it that cannot be read is
a note.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import math
import re
from collections.abc import Callable, Iterator
from typing import Any, ClassVar

import numpy as np

from breachscope.config import Config
from breachscope.extract.base import Extracted, ExtractError, Extractor, Note, Source
from breachscope.extract.chunking import RowChunker
from breachscope.extract.inertpickle import PickleBreak, load_all
from breachscope.extract.units import TextUnit
from breachscope.location import Location

MAX_DEPTH = 32
MAX_OBJECTS = 100_000
SLICE_BYTES = 16 * 1024**2
"""Bytes of a dataset read at once."""
MAX_INFO_VALUE = 4096
"""Longest value written on a line of ``info`` (longer ones are cut, with ``...``)."""
HDF5_ERRORS: tuple[type[Exception], ...] = (
    OSError,
    KeyError,
    ValueError,
    RuntimeError,
    TypeError,
    IndexError,
    OverflowError,
)
"""What h5py raises on damaged structures (the library's errors come as ``OSError``,
``KeyError``, ``RuntimeError`` and ``ValueError``)."""
_PANDAS_ERRORS: tuple[type[Exception], ...] = (*HDF5_ERRORS, PickleBreak)
"""What a pandas frame that does not read raises (its pickled text included)."""

_HOUSEKEEPING = re.compile(
    r"[A-Z][A-Z0-9_]*|pandas_.*|.*_(?:kind|dtype|meta|variety|kind_attr)|"
    r"(?:encoding|errors|ndim|nblocks|transposed|value_type|kind|name|freq|tz|"
    r"index_cols|values_cols|non_index_axes|data_columns|nan_rep|levels|table_type|"
    r"metadata|info|version|FLAVOR)"
)
"""Attributes PyTables (``CLASS``, ``TITLE``, ``FIELD_0_NAME``) and pandas
(``pandas_type``, ``axis0_variety``, ``values_block_0_kind``) keep for themselves."""
_NAMES_ATTRS = (
    *("columns", "column_names", "colnames", "col_names", "names", "header", "headers"),
    *("fields", "variables", "labels", "kolommen", "kolomnamen", "variabelen"),
)
"""Attributes that may name a 2-D dataset's columns."""
_ROW_ATTRS = ("rows", "row_names", "rownames", "index", "ids", "rijen", "rijnamen")
"""Attributes that may name its rows (a first column by the attribute's name)."""
_PICKLE_TEXT = re.compile(rb"\A(?:\(l|\(d|\(t|\(V|\(I|V|I|\x80[\x02-\x05])")


class _Budget:
    """Objects visited so far, against :data:`MAX_OBJECTS`."""

    def __init__(self) -> None:
        self.objects = 0

    def spend(self) -> bool:
        self.objects += 1
        return self.objects <= MAX_OBJECTS


def bytes_text(value: bytes) -> str | None:
    """Bytes as their UTF-8 text, else Latin-1; trailing NULs (fixed-length padding) cut;
    nothing for empty bytes."""
    value = value.rstrip(b"\x00")
    if not value:
        return None
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError:
        return value.decode("latin-1")


def number_text(value: Any) -> str | None:
    """A number's digits: a whole float without ``.0``, NaN and infinity as nothing."""
    if isinstance(value, bool | np.bool_):
        return "true" if value else "false"
    if isinstance(value, int | np.integer):
        return str(int(value))
    if isinstance(value, float | np.floating):
        number = float(value)
        if math.isnan(number) or math.isinf(number):
            return None
        return str(int(number)) if number.is_integer() and abs(number) < 2**63 else repr(number)
    if isinstance(value, complex | np.complexfloating):
        return str(complex(value))
    return str(value)


def plain_value(value: Any) -> Any:
    """A value h5py read as JSON's (for a variable-length sequence and an attribute)."""
    if isinstance(value, bytes | np.bytes_):
        return bytes_text(bytes(value))
    if isinstance(value, np.ndarray):
        return [plain_value(v) for v in value.tolist()] if value.ndim else plain_value(value[()])
    if isinstance(value, list | tuple):
        return [plain_value(v) for v in value]
    if isinstance(value, float | np.floating | int | np.integer | bool | np.bool_):
        text = number_text(value)
        return (
            None
            if text is None
            else json.loads(text)
            if text not in ("true", "false")
            else bool(value)
        )
    if isinstance(value, np.generic):
        return plain_value(value.item())
    return value if isinstance(value, str) or value is None else str(value)


def _datetimes(unit: str) -> Callable[[Any], str | None]:
    """Integers pandas stores for ``datetime64[unit]`` as ISO dates (midnight) or dates
    and times; NaT (the smallest integer) as nothing."""

    def text(value: Any) -> str | None:
        number = int(value)
        if number == -(2**63):
            return None
        stamp = np.array([number], dtype=f"datetime64[{unit}]").astype("datetime64[us]")[0].item()
        if not isinstance(stamp, dt.datetime):
            return None
        if stamp.time() == dt.time(0):
            return stamp.date().isoformat()
        return stamp.isoformat(timespec="seconds")

    return text


def _time_unit(hint: str | None) -> str | None:
    """The unit of a pandas dtype ``datetime64[ns]`` (``ns``), or None for others."""
    if not hint or not hint.startswith("datetime64"):
        return None
    found = re.search(r"\[(\w+)", hint)
    return found.group(1) if found else "ns"


def converter(dtype: np.dtype[Any], hint: str | None = None) -> Callable[[Any], str | None]:
    """How to write one element of ``dtype`` (not a compound) as text (see the module's
    text); ``hint`` is the dtype pandas recorded for it (``datetime64[ns]``)."""
    import h5py

    enum = h5py.check_enum_dtype(dtype)
    if enum is not None:
        names = {int(v): k for k, v in enum.items()}
        if set(names.values()) == {"FALSE", "TRUE"}:
            return lambda v: "true" if v else "false"
        return lambda v: names.get(int(v), str(int(v)))
    if h5py.check_ref_dtype(dtype) is not None:
        return lambda v: None  # (written by the walk, that knows the file)
    vlen = h5py.check_vlen_dtype(dtype)
    if vlen is not None and h5py.check_string_dtype(dtype) is None:
        inner = converter(vlen)
        return lambda v: json.dumps([inner(x) for x in v], ensure_ascii=False)
    if h5py.check_string_dtype(dtype) is not None or dtype.kind == "S":
        return lambda v: bytes_text(v if isinstance(v, bytes) else str(v).encode())
    if dtype.kind == "U":
        return lambda v: str(v).rstrip("\x00") or None
    unit = _time_unit(hint)
    if unit and dtype.kind in "iu":
        return _datetimes(unit)
    if dtype.kind == "V":
        return lambda v: bytes_text(bytes(v))
    if dtype.kind == "O":
        return lambda v: None if v is None else str(v)
    return number_text


def _columns(
    dtype: np.dtype[Any], prefix: str, names: dict[str, list[str]], hints: dict[str, str]
) -> list[tuple[str, tuple[str | int, ...], Callable[[Any], str | None]]]:
    """A compound dtype's columns: the name, the way to the value in a record (field names
    and places), and its converter. An array field is a column per place, named by
    ``names`` where pandas named them (``values_block_0``)."""
    out: list[tuple[str, tuple[str | int, ...], Callable[[Any], str | None]]] = []
    for field in dtype.names or ():
        fdt = dtype.fields[field][0] if dtype.fields else dtype
        label = f"{prefix}{field}"
        if fdt.names:
            for name, way, conv in _columns(fdt, label + ".", {}, {}):
                out.append((name, (field, *way), conv))
        elif fdt.subdtype is not None:
            base, shape = fdt.subdtype
            count = math.prod(shape)
            conv = converter(base, hints.get(field))
            given = names.get(field, [])
            for i in range(count):
                name = given[i] if len(given) == count else f"{label}.{i}"
                out.append((name, (field, i), conv))
        else:
            out.append((label, (field,), converter(fdt, hints.get(field))))
    return out


def _pickled(value: Any) -> Any:
    """An attribute PyTables pickled (a list, a dict: protocol 0), loaded inert; the value
    itself where it is none."""
    raw = bytes(value) if isinstance(value, bytes | np.bytes_) else None
    if raw is None or not _PICKLE_TEXT.match(raw) or not raw.rstrip(b"\x00").endswith(b"."):
        return value
    try:
        loaded = load_all(raw.rstrip(b"\x00"))
    except (PickleBreak, RecursionError):
        return value
    if len(loaded) == 1 and isinstance(loaded[0], list | dict | str | int | float | tuple):
        return loaded[0]
    return value


def _text_list(value: Any) -> list[str] | None:
    """An attribute's value as a list of names (or None where it is none)."""
    value = _pickled(value)
    if isinstance(value, np.ndarray) and value.ndim == 1:
        value = value.tolist()
    if not isinstance(value, list | tuple):
        return None
    names = [plain_value(v) for v in value]
    return [str(n) if n is not None else "" for n in names]


def _attr_text(value: Any) -> str | None:
    """An attribute's value as text for ``info``."""
    value = plain_value(_pickled(value))
    if value is None:
        return None
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    if len(text) > MAX_INFO_VALUE:
        text = text[:MAX_INFO_VALUE] + "..."
    return text


def is_header(first: list[str | None], rest: list[list[str | None]]) -> bool:
    """Whether a 2-D text array's first row names its columns: words without digits,
    distinct, over rows that hold digits."""
    if not first or any(not c or any(ch.isdigit() for ch in c) for c in first):
        return False
    if len(set(first)) != len(first):
        return False
    return any(c and any(ch.isdigit() for ch in c) for row in rest for c in row)


class HdfReader:
    """A walk over an open HDF5 file that yields its tables, text and notes."""

    def __init__(self, handle: Any, path: str, config: Config) -> None:
        self.file = handle
        self.path = path
        self.config = config
        self.info: list[str] = []
        self.budget = _Budget()
        self.max_rows = max(1, config.max_table_rows_per_unit)

    def note(self, where: str, reason: str) -> Note:
        return Note(Location(self.path, part=where), reason)

    def read(self) -> Iterator[Extracted]:
        """Every table, then the text part ``info``."""
        yield from self.group(self.file, 0)
        info = "\n".join(self.info)
        if info:
            yield TextUnit(
                Location(self.path, part="info"), info[: self.config.max_text_unit_chars]
            )

    def attributes(self, obj: Any) -> None:
        """``obj``'s own attributes as lines of ``info``."""
        try:
            names = list(obj.attrs.keys())
        except HDF5_ERRORS:
            return
        for name in names:
            if _HOUSEKEEPING.fullmatch(label(name)):
                continue
            try:
                text = _attr_text(obj.attrs[name])
            except HDF5_ERRORS:
                text = None  # (an attribute of a type h5py does not read)
            if text is not None:
                where = "" if obj.name == "/" else obj.name
                self.info.append(f"{where}@{label(name)}: {text}")

    def group(self, group: Any, depth: int) -> Iterator[Extracted]:
        """A group: its attributes, its datasets (1-D ones of a length side by side as
        one table) and its groups."""
        import h5py

        self.attributes(group)
        if depth >= MAX_DEPTH:
            yield self.note(group.name, f"groups nested deeper than {MAX_DEPTH} not read")
            return
        if _pandas_type(group) == "frame":
            try:
                yield from self.pandas_fixed(group)
                return
            except _PANDAS_ERRORS as exc:
                yield self.note(group.name, f"pandas frame not read ({type(exc).__name__})")
        columns: dict[int, list[tuple[str, Any]]] = {}
        try:
            members = list(group.keys())
        except HDF5_ERRORS as exc:
            yield self.note(group.name, f"group's members unreadable ({type(exc).__name__})")
            return
        for name in members:
            if not self.budget.spend():
                yield self.note(group.name, f"more than {MAX_OBJECTS} objects: the rest not read")
                return
            where = f"{group.name.rstrip('/')}/{label(name)}"
            try:
                link = group.get(name, getlink=True)
                if isinstance(link, h5py.ExternalLink):
                    yield self.note(where, "external link not followed")
                    continue
                if not isinstance(link, h5py.HardLink):
                    continue  # (a soft link: its target is read at its own path)
                obj = group[name]
            except HDF5_ERRORS as exc:
                yield self.note(where, f"unreadable object ({type(exc).__name__})")
                continue
            if isinstance(obj, h5py.Group):
                yield from self.group(obj, depth + 1)
            elif isinstance(obj, h5py.Dataset):
                try:
                    self.attributes(obj)
                    if _one_d(obj):
                        columns.setdefault(obj.shape[0], []).append((name, obj))
                    else:
                        yield from self.dataset(obj)
                except HDF5_ERRORS as exc:
                    yield self.note(where, f"unreadable dataset ({type(exc).__name__})")
        yield from self.column_sets(group, columns)

    def column_sets(
        self, group: Any, columns: dict[int, list[tuple[str, Any]]]
    ) -> Iterator[Extracted]:
        """The 1-D datasets of a group: those of the length most share (two or more) one
        table at the group's path, each other one on its own."""
        shared = max(columns, key=lambda n: (len(columns[n]), n), default=None)
        for length, members in columns.items():
            if length == shared and len(members) > 1:
                try:
                    yield from self.side_by_side(group.name, members, length)
                except HDF5_ERRORS as exc:
                    yield self.note(group.name, f"unreadable columns ({type(exc).__name__})")
                continue
            for _, obj in members:
                try:
                    yield from self.dataset(obj)
                except HDF5_ERRORS as exc:
                    yield self.note(obj.name, f"unreadable dataset ({type(exc).__name__})")

    def too_large(self, obj: Any) -> bool:
        """Whether a dataset would take more than ``Config.batch_bytes`` once read."""
        return bool(int(obj.size or 0) * max(1, obj.dtype.itemsize) > self.config.batch_bytes)

    def refuses(self, obj: Any) -> str | None:
        """Why a dataset is not read (None: it is)."""
        if obj.is_virtual:
            return "virtual dataset (its data lies in other files) not read"
        if obj.external:
            return "dataset stored in external files not read"
        if obj.shape is None:
            return None
        if self.too_large(obj):
            return (
                f"dataset of shape {obj.shape} larger than {self.config.batch_bytes} bytes not read"
            )
        return None

    def rows_at_once(self, row_bytes: int) -> int:
        """Rows of a dataset read in one slice."""
        return max(1, min(self.max_rows, SLICE_BYTES // max(1, row_bytes)))

    def dataset(self, obj: Any) -> Iterator[Extracted]:
        """One dataset on its own (see the module's text)."""
        why = self.refuses(obj)
        if why is not None:
            yield self.note(obj.name, why)
            return
        if obj.shape is None or obj.size == 0:
            return
        if obj.ndim == 0 or (obj.ndim == 1 and obj.shape[0] == 1 and not obj.dtype.names):
            value = self.element_text(obj.dtype, obj[()] if obj.ndim == 0 else obj[0])
            if value is not None:
                self.info.append(f"{obj.name}: {value[:MAX_INFO_VALUE]}")
            return
        if obj.dtype.names and obj.ndim == 1:
            yield from self.records(obj)
        elif obj.ndim == 1:
            yield from self.side_by_side(
                obj.name, [(obj.name.rsplit("/", 1)[-1], obj)], obj.shape[0]
            )
        elif obj.ndim == 2 and not obj.dtype.names:
            yield from self.matrix(obj)
        else:
            yield self.note(obj.name, f"dataset of {obj.ndim} dimensions {obj.shape} not read")

    def element_text(self, dtype: np.dtype[Any], value: Any) -> str | None:
        """One element as text (a record as JSON of its fields)."""
        import h5py

        if dtype.names:
            cols = _columns(dtype, "", {}, {})
            record = {name: self.cell(value, way, conv, dtype) for name, way, conv in cols}
            return json.dumps(record, ensure_ascii=False)
        if h5py.check_ref_dtype(dtype) is not None:
            return self.ref_text(value)
        return converter(dtype)(value)

    def ref_text(self, ref: Any) -> str | None:
        """The path an object reference refers to."""
        try:
            return str(self.file[ref].name) if ref else None
        except HDF5_ERRORS:
            return None

    def cell(
        self,
        record: Any,
        way: tuple[str | int, ...],
        conv: Callable[[Any], str | None],
        dtype: np.dtype[Any],
    ) -> str | None:
        value = record
        for step in way:
            value = value[step]
        if conv is _REF_MARK:
            return self.ref_text(value)
        return conv(value)

    def records(self, obj: Any) -> Iterator[Extracted]:
        """A 1-D compound dataset as a table (pandas' table format's names and dates)."""
        names: dict[str, list[str]] = {}
        hints: dict[str, str] = {}
        for field in obj.dtype.names:
            kind = obj.attrs.get(f"{field}_kind") if f"{field}_kind" in obj.attrs else None
            listed = _text_list(kind) if kind is not None else None
            if listed:
                names[field] = listed
            if f"{field}_dtype" in obj.attrs:
                hints[field] = str(plain_value(obj.attrs[f"{field}_dtype"]))
        cols = _columns(obj.dtype, "", names, hints)
        cols = [(n, w, _ref_aware(obj.dtype, w, c)) for n, w, c in cols]
        chunker = RowChunker(
            Location(self.path, part=obj.name), [c[0] for c in cols], self.max_rows
        )
        step = self.rows_at_once(obj.dtype.itemsize)
        for lo in range(0, obj.shape[0], step):
            block = obj[lo : lo + step]
            for i, record in enumerate(block):
                row = [self.cell(record, way, conv, obj.dtype) for _, way, conv in cols]
                yield from chunker.add(lo + i + 1, row)
        yield from chunker.flush()

    def side_by_side(
        self, where: str, members: list[tuple[str, Any]], length: int
    ) -> Iterator[Extracted]:
        """1-D datasets of one length as the columns of one table at ``where``."""
        import h5py

        readable: list[tuple[str, Any]] = []
        for name, obj in members:
            why = self.refuses(obj)
            if why is not None:
                yield self.note(obj.name, why)
            elif obj.dtype.names:
                yield from self.records(obj)
            else:
                readable.append((name, obj))
        if not readable:
            return
        convs = []
        for _, obj in readable:
            hint = obj.attrs.get("value_type") if "value_type" in obj.attrs else None
            is_ref = h5py.check_ref_dtype(obj.dtype) is not None
            convs.append(
                _REF_MARK
                if is_ref
                else converter(obj.dtype, plain_value(hint) if hint is not None else None)
            )
        chunker = RowChunker(
            Location(self.path, part=where), [n for n, _ in readable], self.max_rows
        )
        step = self.rows_at_once(sum(obj.dtype.itemsize for _, obj in readable))
        for lo in range(0, length, step):
            blocks = [obj[lo : lo + step] for _, obj in readable]
            for i in range(len(blocks[0])):
                row = [
                    self.ref_text(b[i]) if c is _REF_MARK else c(b[i])
                    for b, c in zip(blocks, convs, strict=True)
                ]
                yield from chunker.add(lo + i + 1, row)
        yield from chunker.flush()

    def matrix(self, obj: Any) -> Iterator[Extracted]:
        """A 2-D dataset as a table (see the module's text for its column names)."""
        rows, width = obj.shape
        conv = converter(obj.dtype)
        given: list[str] | None = None
        for attr in _NAMES_ATTRS:
            if attr in obj.attrs:
                listed = _text_list(obj.attrs[attr])
                if listed and len(listed) == width:
                    given = listed
                    break
        labels: tuple[str, list[str]] | None = None
        for attr in _ROW_ATTRS:
            if attr in obj.attrs:
                listed = _text_list(obj.attrs[attr])
                if listed and len(listed) == rows:
                    labels = (attr, listed)
                    break
        step = self.rows_at_once(width * obj.dtype.itemsize)
        chunker: RowChunker | None = None
        if given is not None:
            names = [labels[0], *given] if labels else given
            chunker = RowChunker(Location(self.path, part=obj.name), names, self.max_rows)
        for lo in range(0, rows, step):
            block = [[conv(v) for v in row] for row in obj[lo : lo + step]]
            if labels and given is not None:
                block = [[labels[1][lo + i], *row] for i, row in enumerate(block)]
            start = lo
            if chunker is None:
                header = lo == 0 and is_header(block[0], block[1:])
                chunker = RowChunker(
                    Location(self.path, part=obj.name),
                    [c or "" for c in block[0]] if header else [],
                    self.max_rows,
                    header_row=1 if header else None,
                )
                if header:
                    block, start = block[1:], 1
            for i, row in enumerate(block):
                yield from chunker.add(start + i + 1, row)
        if chunker is not None:
            yield from chunker.flush()

    def pandas_fixed(self, group: Any) -> Iterator[Extracted]:
        """A pandas frame in the fixed format as one table (see the module's text)."""
        import h5py

        nblocks = int(group.attrs["nblocks"])
        index = group["axis1"]
        if not isinstance(index, h5py.Dataset):
            raise ValueError("a pandas frame's index that is no dataset")
        length = int(index.shape[0])
        header: list[str] = []
        columns: list[Callable[[int, int], list[str | None]]] = []
        index_conv = converter(
            index.dtype,
            plain_value(index.attrs.get("value_type"))
            if "value_type" in index.attrs
            else _kind_hint(index),
        )
        index_values = (
            [index_conv(v) for v in index[()]] if length and not self.too_large(index) else []
        )
        if index_values and index_values != [str(i) for i in range(length)]:
            header.append(
                str(plain_value(index.attrs["name"]))
                if "name" in index.attrs and plain_value(index.attrs["name"]) not in (None, "N.")
                else "index"
            )
            columns.append(lambda lo, hi: index_values[lo:hi])
        for b in range(min(nblocks, MAX_OBJECTS)):
            items = [bytes_text(bytes(v)) or "" for v in group[f"block{b}_items"][()]]
            values = group[f"block{b}_values"]
            if not isinstance(values, h5py.Dataset):
                raise ValueError("a pandas block that is no dataset")
            block = _block(values, len(items), length, self)
            for k, item in enumerate(items):
                header.append(item)
                columns.append(_column_of(block, k))
        order = [bytes_text(bytes(v)) or "" for v in group["axis0"][()]]
        ranked = sorted(
            range(len(header)),
            key=lambda i: order.index(header[i]) if header[i] in order else -1,
        )
        header = [header[i] for i in ranked]
        columns = [columns[i] for i in ranked]
        chunker = RowChunker(Location(self.path, part=group.name), header, self.max_rows)
        for lo in range(0, length, self.max_rows):
            hi = min(length, lo + self.max_rows)
            cols = [c(lo, hi) for c in columns]
            for i in range(hi - lo):
                yield from chunker.add(lo + i + 1, [c[i] if i < len(c) else None for c in cols])
        yield from chunker.flush()


_REF_MARK: Callable[[Any], str | None] = lambda v: None  # noqa: E731
"""The converter of an object reference (written by the walk, that knows the file)."""


def _ref_aware(
    dtype: np.dtype[Any], way: tuple[str | int, ...], conv: Callable[[Any], str | None]
) -> Callable[[Any], str | None]:
    """``conv``, or :data:`_REF_MARK` where the field at ``way`` holds references."""
    import h5py

    field = dtype
    for step in way:
        if isinstance(step, str) and field.fields:
            field = field.fields[step][0]
        elif field.subdtype is not None:
            field = field.subdtype[0]
    return _REF_MARK if h5py.check_ref_dtype(field) is not None else conv


def _kind_hint(index: Any) -> str | None:
    """A pandas index's dtype where its ``kind`` says it holds dates."""
    kind = plain_value(index.attrs["kind"]) if "kind" in index.attrs else None
    return "datetime64[ns]" if isinstance(kind, str) and kind.startswith("datetime") else None


def _block(values: Any, width: int, length: int, reader: HdfReader) -> list[list[str | None]]:
    """A pandas block's values as a list per column (``width`` columns of ``length`` rows):
    numbers from a 2-D dataset (rows by columns where pandas transposed it), text from
    the object array PyTables pickled into its one element."""
    if reader.too_large(values):
        raise ValueError("block larger than the bound")
    if values.dtype.kind == "O":
        raw = values[0]
        data = bytes(np.asarray(raw, dtype=np.uint8).tobytes())
        loaded = load_all(data)
        cells = _object_array(loaded[0], width, length)
        return [[None if v is None else str(v) for v in col] for col in cells]
    hint = plain_value(values.attrs["value_type"]) if "value_type" in values.attrs else None
    conv = converter(values.dtype, hint)
    array = values[()]
    if array.ndim == 1:
        array = array.reshape(-1, 1)
    if array.shape == (width, length) and array.shape != (length, width):
        array = array.T
    return [[conv(v) for v in array[:, k]] for k in range(min(width, array.shape[1]))]


def _object_array(obj: Any, width: int, length: int) -> list[list[Any]]:
    """The columns of a pickled 2-D object array (numpy writes an object array's items in
    C order whatever its ``fortran`` flag says)."""
    from breachscope.extract.inertpickle import qualname

    if qualname(obj) != "numpy._core.multiarray._reconstruct":
        raise ValueError("no pickled numpy array")
    state = obj.state
    if not isinstance(state, tuple) or len(state) != 5 or not isinstance(state[4], list):
        raise ValueError("a numpy array without its items")
    shape = tuple(int(n) for n in state[1])
    items = state[4]
    if len(shape) == 1:
        shape = (shape[0], 1)
    rows, cols = shape
    if len(items) != rows * cols:
        raise ValueError("an object array whose items do not fill its shape")
    grid = [items[r * cols : (r + 1) * cols] for r in range(rows)]
    if (rows, cols) == (width, length) and (rows, cols) != (length, width):
        return grid  # (a row per column)
    return [[grid[r][k] for r in range(rows)] for k in range(cols)]


def _column_of(block: list[list[str | None]], k: int) -> Callable[[int, int], list[str | None]]:
    return lambda lo, hi: block[k][lo:hi] if k < len(block) else []


def _pandas_type(group: Any) -> str | None:
    try:
        value = group.attrs.get("pandas_type") if "pandas_type" in group.attrs else None
    except HDF5_ERRORS:
        return None
    text = plain_value(value) if value is not None else None
    return text if isinstance(text, str) else None


def label(name: Any) -> str:
    """A member's or attribute's name as text (h5py gives bytes where it is no UTF-8)."""
    return name if isinstance(name, str) else bytes(name).decode("latin-1")


def _one_d(obj: Any) -> bool:
    """Whether a dataset is a plain 1-D column (no records) of more than one element."""
    return (
        obj.shape is not None and len(obj.shape) == 1 and obj.shape[0] > 1 and not obj.dtype.names
    )


def open_hdf5(data: bytes) -> Any:
    """An h5py file over ``data`` (an :class:`ExtractError` where the library cannot open
    it)."""
    import h5py

    try:
        return h5py.File(io.BytesIO(data), "r", locking=False)
    except HDF5_ERRORS as exc:
        raise ExtractError(f"unreadable HDF5 file ({type(exc).__name__})") from None


class Hdf5Extractor(Extractor):
    """An HDF5 file's datasets as tables and its attributes and scalars as text."""

    id: ClassVar[str] = "hdf5"
    types: ClassVar[frozenset[str]] = frozenset({"hdf5"})
    structured: ClassVar[bool] = True

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        data = source.read_document(config.batch_bytes, "HDF5 file")
        handle = open_hdf5(data)
        with handle:
            try:
                yield from HdfReader(handle, source.path, config).read()
            except RecursionError:
                raise ExtractError("HDF5 file nested too deeply to read") from None
