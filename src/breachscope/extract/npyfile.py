"""NumPy arrays saved with ``numpy.save`` (``.npy``: a research group's cached features;
the members of an ``.npz``, which is a zip of ``.npy`` files that the archive reader
hands on one by one), read by the format (NumPy's ``format.py`` and its NEP 1): the
header parsed here, the data viewed with NumPy from the bytes, nothing unpickled.

A file opens with ``\\x93NUMPY``, a major and a minor version, and the header's length:
two bytes, little-endian, in version 1.0; four in 2.0 and 3.0 (3.0's header is UTF-8,
the others' Latin-1). The header is a Python dict literal, ``{'descr': '<U10',
'fortran_order': False, 'shape': (3,), }``, read with :func:`ast.literal_eval` (which
evaluates literals and nothing else) from at most :data:`MAX_HEADER` bytes; ``descr`` is
a dtype's string (``<i8``, ``|S12``, ``<M8[D]``, ``>f4``) or a structured dtype's list
of fields (``[('naam', '<U48'), ('bsn', '<i8')]``, a field's shape third, a nested
field's list in place of its type), turned into a dtype by NumPy's
``format.descr_to_dtype``. The data follow the header, in C order or, where
``fortran_order`` is true, in Fortran's.

What is read, where the file's part is none:

* a 1-D structured array (a table of records) is a table: a row per element, a column
  per field (a nested field as ``adres.postcode``, a field of several values a column per
  place, ``uitslag.0``);
* a 1-D array of strings (``<U``: UTF-32, fixed width; ``S``: bytes) is text, an element
  a line (a line break in one as a space), an empty element an empty line;
* a 2-D array (and one of more dimensions, its later axes taken as one) is a table of
  positional columns (``column1``...), a row per row; a 1-D array of numbers a table of
  one column, ``value``; a scalar (0-D) array a text of its value.

Values: ``<U`` as its text (trailing NULs cut), bytes as UTF-8, else Latin-1; integers
as their digits (a BSN kept as an integer has lost a leading zero); floats as digits, a
whole one without ``.0``, NaN as nothing; booleans as ``true``/``false``;
``datetime64`` as its ISO date (a whole day) or date and time, NaT as nothing;
``timedelta64`` as a count of its unit; both byte orders as NumPy reads them.

An array of Python objects (``|O``) is a pickle: it is never unpickled, a note says so.
Bounds: the header's length and the data's are checked against the bytes left; the data
are read :data:`SLICE_BYTES` at a time, at most ``Config.batch_bytes`` bytes of them and
:data:`MAX_CELLS` values (a note says where the reading stopped); a Fortran-ordered
array is read whole, so only where it fits that bound. Data cut short are read to the
last whole row, with a note.
"""

from __future__ import annotations

import ast
import datetime as dt
import math
import struct
from collections.abc import Callable, Iterator
from typing import Any, BinaryIO, ClassVar

import numpy as np
from numpy.lib import format as npformat

from breachscope.config import Config
from breachscope.extract.base import Extracted, ExtractError, Extractor, Note, SkipFile, Source
from breachscope.extract.chunking import RowChunker, cut_text
from breachscope.extract.hdf5 import bytes_text, number_text
from breachscope.location import Location

MAGIC = b"\x93NUMPY"
MAX_HEADER = 1024 * 1024
"""Longest header read (NumPy writes a few hundred bytes; a wide table's more)."""
SLICE_BYTES = 4 * 1024 * 1024
"""Bytes of data viewed at a time."""
MAX_CELLS = 10_000_000
"""Most values read from one array."""
MAX_FIELDS = 4096
"""Most columns a structured array's fields make."""

Converter = Callable[[Any], str | None]


def header_of(head: bytes) -> tuple[dict[str, Any], int]:
    """The header dict and where the data start, from the file's first bytes
    (:class:`ExtractError` where they are not a NumPy file's)."""
    if not head.startswith(MAGIC) or len(head) < 10:
        raise ExtractError("not a NumPy array file (no '\\x93NUMPY' and version)")
    major, minor = head[6], head[7]
    if major == 1:
        (length,) = struct.unpack_from("<H", head, 8)
        start = 10
    elif major in (2, 3) and len(head) >= 12:
        (length,) = struct.unpack_from("<I", head, 8)
        start = 12
    else:
        raise ExtractError(f"NumPy array file of an unknown version {major}.{minor}")
    if length > MAX_HEADER:
        raise ExtractError(f"NumPy array header of {length} bytes (at most {MAX_HEADER} read)")
    raw = head[start : start + length]
    if len(raw) < length:
        raise ExtractError("NumPy array file cut short in its header")
    text = raw.decode("utf-8" if major == 3 else "latin-1", "replace")
    try:
        value = ast.literal_eval(text.strip())
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        raise ExtractError("NumPy array header is no dict literal") from None
    if not isinstance(value, dict) or not {"descr", "fortran_order", "shape"} <= set(value):
        raise ExtractError("NumPy array header lacks descr, fortran_order or shape")
    return value, start + length


def array_type(header: dict[str, Any]) -> tuple[np.dtype[Any], tuple[int, ...], bool]:
    """The header's dtype, shape and order (:class:`ExtractError` where they are none)."""
    shape, fortran = header["shape"], header["fortran_order"]
    if not isinstance(shape, tuple) or not all(
        isinstance(n, int) and not isinstance(n, bool) and n >= 0 for n in shape
    ):
        raise ExtractError("NumPy array header's shape is no tuple of counts")
    if len(shape) > 32 or not isinstance(fortran, bool):
        raise ExtractError("NumPy array header's shape or order is not NumPy's")
    try:
        dtype = npformat.descr_to_dtype(header["descr"])
    except (TypeError, ValueError, KeyError, IndexError, RecursionError, MemoryError):
        raise ExtractError("NumPy array header's descr is no dtype") from None
    return dtype, shape, fortran


def _datetimes(dtype: np.dtype[Any]) -> Converter:
    """``datetime64`` values as ISO dates (a whole day) or dates and times; NaT as nothing."""

    def text(value: Any) -> str | None:
        if np.isnat(value):
            return None
        try:
            stamp = value.astype("datetime64[us]").item()
        except (OverflowError, ValueError):
            return str(value)
        if not isinstance(stamp, dt.datetime):
            return str(value)
        if stamp.time() == dt.time(0):
            return stamp.date().isoformat()
        return stamp.isoformat(timespec="seconds")

    return text


def converter(dtype: np.dtype[Any]) -> Converter:
    """How to write one value of the plain (not structured) ``dtype`` as text."""
    if dtype.kind == "U":
        return lambda v: str(v).rstrip("\x00") or None
    if dtype.kind == "S":
        return lambda v: bytes_text(bytes(v))
    if dtype.kind == "V":
        return lambda v: bytes(v).hex() or None
    if dtype.kind == "M":
        return _datetimes(dtype)
    if dtype.kind == "m":
        return lambda v: None if np.isnat(v) else str(int(v.astype(np.int64)))
    return number_text


def columns_of(
    dtype: np.dtype[Any], prefix: str = ""
) -> list[tuple[str, tuple[str | int, ...], Converter]]:
    """A structured dtype's columns: the name, the way to the value in a record (field
    names and places), and its converter (see the module's text)."""
    out: list[tuple[str, tuple[str | int, ...], Converter]] = []
    for field in dtype.names or ():
        fdt = dtype.fields[field][0] if dtype.fields else dtype
        label = f"{prefix}{field}"
        if fdt.subdtype is not None:
            base, shape = fdt.subdtype
            count = math.prod(shape)
            if len(out) + count > MAX_FIELDS:
                raise ExtractError(f"NumPy structured array of more than {MAX_FIELDS} columns")
            if base.names:
                raise ExtractError("NumPy structured array with an array of records in a field")
            conv = converter(base)
            out.extend((f"{label}.{i}", (field, i), conv) for i in range(count))
        elif fdt.names:
            out.extend((n, (field, *w), c) for n, w, c in columns_of(fdt, label + "."))
        else:
            out.append((label, (field,), converter(fdt)))
        if len(out) > MAX_FIELDS:
            raise ExtractError(f"NumPy structured array of more than {MAX_FIELDS} columns")
    return out


def _record_cell(record: Any, way: tuple[str | int, ...]) -> Any:
    value = record
    for step in way:
        value = value.flat[step] if isinstance(step, int) else value[step]
    return value


class _Reader:
    """Reads an array's data a slice of rows at a time."""

    def __init__(self, fh: BinaryIO, start: int, size: int, config: Config) -> None:
        self.fh = fh
        self.start = start
        self.size = size
        self.config = config
        self.stopped: str | None = None

    def rows(self, dtype: np.dtype[Any], shape: tuple[int, ...], fortran: bool) -> Iterator[Any]:
        """The array's rows (its first axis), slices of them at a time; each a NumPy array
        of the row's values (flattened) or a record."""
        count = shape[0] if shape else 1
        per_row = math.prod(shape[1:]) if shape else 1
        row_bytes = per_row * dtype.itemsize
        left = self.size - self.start
        whole = count if row_bytes == 0 else min(count, left // row_bytes)
        if whole < count:
            self.stopped = f"the data end after row {whole} of {count}"
        limit = self.config.batch_bytes
        if row_bytes and row_bytes > limit:
            self.stopped = f"a row of {row_bytes} bytes is more than {limit} read"
            return
        cap = whole if row_bytes == 0 else min(whole, limit // row_bytes)
        if per_row:
            cap = min(cap, max(1, MAX_CELLS // per_row))
        if cap < whole:
            self.stopped = f"after row {cap} of {count}: the bound on bytes read"
        if fortran and len(shape) > 1:
            if whole < count:
                self.stopped = f"Fortran-ordered data cut short ({whole} of {count} rows)"
                return
            if cap < count:
                self.stopped = "Fortran-ordered data larger than the bound on bytes read"
                return
            self.fh.seek(self.start)
            flat = np.frombuffer(self.fh.read(count * row_bytes), dtype=dtype)
            yield from flat.reshape(shape[::-1]).T.reshape(count, per_row)
            return
        at_once = max(1, SLICE_BYTES // max(1, row_bytes))
        self.fh.seek(self.start)
        done = 0
        while done < cap:
            n = min(at_once, cap - done)
            data = self.fh.read(n * row_bytes)
            block = np.frombuffer(data, dtype=dtype, count=n * per_row)
            if shape:
                yield from block.reshape(n, per_row)
            else:
                yield block
            done += n


class NpyExtractor(Extractor):
    """A NumPy array file: a table of its records or rows, or its strings as text."""

    id: ClassVar[str] = "npy"
    types: ClassVar[frozenset[str]] = frozenset({"npy"})
    structured: ClassVar[bool] = True

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        where = Location(source.path)
        with source.open_sized() as (fh, size):
            header, start = header_of(fh.read(12 + MAX_HEADER))
            dtype, shape, fortran = array_type(header)
            if dtype.hasobject:
                yield Note(where, "NumPy array of Python objects (a pickle): never unpickled")
                return
            reader = _Reader(fh, start, size, config)
            if len(shape) == 1 and dtype.kind in "US" and dtype.names is None:
                yield from self._lines(source, reader, dtype, shape, config)
            elif not shape:
                yield from self._scalar(source, reader, dtype, config)
            else:
                yield from self._table(source, reader, dtype, shape, fortran, config)
            if reader.stopped is not None:
                yield Note(where, f"NumPy array reading stopped ({reader.stopped})")

    def _lines(
        self, source: Source, reader: _Reader, dtype: np.dtype[Any], shape: tuple[int, ...],
        config: Config,
    ) -> Iterator[Extracted]:  # fmt: skip
        """A 1-D array of strings as text, an element a line."""
        conv = converter(dtype)
        lines: list[str] = []
        chars = 0
        for row in reader.rows(dtype, shape, False):
            line = " ".join((conv(row[0]) or "").splitlines())
            chars += len(line) + 1
            if chars > config.batch_bytes:
                reader.stopped = f"the text reached {config.batch_bytes} characters"
                break
            lines.append(line)
        text = "".join(f"{line}\n" for line in lines)
        if not text.strip() and reader.stopped is None:
            raise SkipFile("NumPy array of empty strings")
        yield from cut_text(Location(source.path), text, config.max_text_unit_chars)

    def _scalar(
        self, source: Source, reader: _Reader, dtype: np.dtype[Any], config: Config
    ) -> Iterator[Extracted]:
        """A 0-D array's value as text (a structured one's fields a line each)."""
        lines: list[str] = []
        for block in reader.rows(dtype, (), False):
            value = block[0]
            if dtype.names:
                for name, way, conv in columns_of(dtype):
                    lines.append(f"{name}: {conv(_record_cell(value, way)) or ''}")
            else:
                lines.append(converter(dtype)(value) or "")
        text = "".join(f"{line}\n" for line in lines)
        if not text.strip():
            if reader.stopped is not None:
                return
            raise SkipFile("NumPy scalar array holds no value")
        yield from cut_text(Location(source.path), text, config.max_text_unit_chars)

    def _table(
        self, source: Source, reader: _Reader, dtype: np.dtype[Any], shape: tuple[int, ...],
        fortran: bool, config: Config,
    ) -> Iterator[Extracted]:  # fmt: skip
        """A table: records under their fields, or rows under positional columns."""
        width = math.prod(shape[1:])
        fields = columns_of(dtype) if dtype.names else []
        if width * max(1, len(fields)) > MAX_FIELDS:
            raise ExtractError(f"NumPy array of more than {MAX_FIELDS} columns a row")
        if dtype.names:
            header = [name for name, _, _ in fields]
            if len(shape) > 1:
                header = [f"column{j + 1}.{n}" for j in range(width) for n in header]
        elif len(shape) == 1:
            header = ["value"]
        else:
            header = [f"column{j + 1}" for j in range(width)]
        conv = converter(dtype) if not dtype.names else None
        chunker = RowChunker(Location(source.path), header, config.max_table_rows_per_unit)
        number = 0
        for row in reader.rows(dtype, shape, fortran):
            number += 1
            if conv is not None:
                cells = [conv(v) for v in row]
            else:
                cells = [c(_record_cell(rec, w)) for rec in row for _, w, c in fields]
            yield from chunker.add(number, cells)
        yield from chunker.flush()
        if not number and reader.stopped is None:
            raise SkipFile("NumPy array holds no values")
