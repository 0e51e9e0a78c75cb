"""MATLAB's level 5 MAT-file format (MATLAB 5 to 7.2, ``save -v7``), read in Python.

scipy's reader (:func:`scipy.io.loadmat`) trusts the sizes and type codes a file gives:
fuzzed copies of a small file (a type code changed in one byte) crash the process in its
compiled part. This reader checks every size against the bytes that are there, and
builds only plain values (:mod:`breachscope.extract.matvalues`); a compressed variable is
inflated at most ``limit`` bytes.

The format (MathWorks, "MAT-File Format", level 5): a 128-byte header (text, a version
and ``IM``/``MI`` for the byte order), then data elements: a tag (its type and its
length in bytes, or a small element's both in four bytes and its data in the next four),
its data, padding to eight bytes. A variable is a ``miMATRIX`` element (or one inflated
from ``miCOMPRESSED``): its array flags (class, complex, logical), dimensions and name,
then by class: numbers (real and imaginary parts, stored in any numeric type), chars (in
UTF-8, UTF-16 or as 16-bit codes), a cell's ``miMATRIX`` per element, a struct's field
names and a ``miMATRIX`` per field per element (an object's class name before them), a
sparse matrix's row indices, column starts and values. Function handles and MATLAB's
newer objects (opaque classes) are not read.
"""

from __future__ import annotations

import math
import struct
import zlib
from typing import Any

import numpy as np

from breachscope.extract.matvalues import Cells, Chars, Numbers, Opaque, Struct, Value

MAX_DEPTH = 32
_MI_DTYPES = {
    1: "i1",
    2: "u1",
    3: "i2",
    4: "u2",
    5: "i4",
    6: "u4",
    7: "f4",
    9: "f8",
    12: "i8",
    13: "u8",
}
"""The numeric data types by their code (``miINT8``, ... ``miUINT64``)."""
_MATRIX, _COMPRESSED, _UTF8, _UTF16, _UTF32 = 14, 15, 16, 17, 18
_CELL, _STRUCT, _OBJECT, _CHAR, _SPARSE = 1, 2, 3, 4, 5
_NUMERIC_CLASSES = {
    6: "f8",
    7: "f4",
    8: "i1",
    9: "u1",
    10: "i2",
    11: "u2",
    12: "i4",
    13: "u4",
    14: "i8",
    15: "u8",
}
_OPAQUE_CLASSES = {16: "function handle", 17: "object (opaque class)"}


class Mat5Error(ValueError):
    """Bytes that are no level 5 MAT-file (the message quotes no value)."""


class _Budget:
    """Values read, against a bound."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.count = 0

    def spend(self, n: int) -> None:
        self.count += max(1, n)
        if self.count > self.limit:
            raise Mat5Error(f"more than {self.limit} values")


class _Elements:
    """Data elements read from ``data[pos:end]`` in byte order ``order``."""

    def __init__(self, data: bytes, order: str, pos: int, end: int) -> None:
        self.data = data
        self.order = order
        self.pos = pos
        self.end = end

    def more(self) -> bool:
        return self.pos < self.end and any(self.data[self.pos : min(self.end, self.pos + 8)])

    def next(self) -> tuple[int, int, int]:
        """The next element's type, and where its data starts and ends."""
        if self.pos + 8 > self.end:
            raise Mat5Error("an element's tag past the end")
        first, second = struct.unpack_from(f"{self.order}2I", self.data, self.pos)
        if first >> 16:  # (a small element: its length, its type and four bytes of data)
            kind, length = first & 0xFFFF, first >> 16
            if length > 4:
                raise Mat5Error("a small element longer than four bytes")
            start = self.pos + 4
            self.pos += 8
            return kind, start, start + length
        kind, length = first, second
        start = self.pos + 8
        if length > self.end - start:
            raise Mat5Error("an element longer than the bytes left")
        self.pos = start + length + (-length % 8)
        if kind == _COMPRESSED:
            self.pos = start + length  # (no padding after compressed data)
        return kind, start, start + length

    def numbers(self, kind: int, start: int, end: int) -> np.ndarray[Any, Any]:
        """A numeric element's values."""
        code = _MI_DTYPES.get(kind)
        if code is None:
            raise Mat5Error(f"numbers of an unknown type ({kind})")
        dtype = np.dtype(self.order + code)
        if (end - start) % dtype.itemsize:
            raise Mat5Error("numbers that do not fill their element")
        return np.frombuffer(
            self.data, dtype=dtype, count=(end - start) // dtype.itemsize, offset=start
        )

    def text(self, kind: int, start: int, end: int) -> str:
        """An element of chars (a name, a class name)."""
        return self.data[start:end].rstrip(b"\x00").decode("latin-1")


class Mat5Reader:
    """The variables of a level 5 file (see the module's text)."""

    def __init__(self, data: bytes, limit: int, max_values: int) -> None:
        if len(data) < 128 or data[126:128] not in (b"IM", b"MI"):
            raise Mat5Error("no level 5 header")
        self.order = "<" if data[126:128] == b"IM" else ">"
        self.data = data
        self.limit = limit
        self.budget = _Budget(max_values)

    def variables(self) -> list[tuple[str, Value | Mat5Error]]:
        """Every variable by its name; a variable that does not read is its error (the
        ones after it are not read: where the next starts is not known)."""
        out: list[tuple[str, Value | Mat5Error]] = []
        top = _Elements(self.data, self.order, 128, len(self.data))
        while top.more():
            try:
                kind, start, end = top.next()
                if kind == _COMPRESSED:
                    inner = self.inflate(start, end)
                    reader = _Elements(inner, self.order, 0, len(inner))
                    kind, start, end = reader.next()
                else:
                    reader = top
                if kind != _MATRIX:
                    continue  # (an element of another type at the top: not a variable)
                name, value = self.matrix(reader, start, end, 0)
            except Mat5Error as exc:
                out.append((f"variable {len(out) + 1}", exc))
                break
            out.append((name, value))
        return out

    def inflate(self, start: int, end: int) -> bytes:
        """A compressed element's bytes, at most ``limit`` of them."""
        try:
            inflater = zlib.decompressobj()
            inner = inflater.decompress(self.data[start:end], self.limit + 1)
        except zlib.error:
            raise Mat5Error("compressed data that does not inflate") from None
        if len(inner) > self.limit:
            raise Mat5Error(f"a variable larger than {self.limit} bytes inflated")
        return inner

    def matrix(self, outer: _Elements, start: int, end: int, depth: int) -> tuple[str, Value]:
        """A ``miMATRIX`` element: its name and its value."""
        if depth > MAX_DEPTH:
            raise Mat5Error(f"nested deeper than {MAX_DEPTH}")
        if start == end:
            return "", Numbers(np.zeros((0, 0)))  # (an empty cell or field)
        sub = _Elements(outer.data, self.order, start, end)
        kind, s, e = sub.next()
        flags = sub.numbers(kind, s, e)
        if flags.size < 1:
            raise Mat5Error("array flags missing")
        word = int(flags[0])
        klass, complex_, logical = word & 0xFF, bool(word & 0x800), bool(word & 0x200)
        if klass in _OPAQUE_CLASSES:
            return self.opaque_name(sub), Opaque(_OPAQUE_CLASSES[klass])
        kind, s, e = sub.next()
        dims = tuple(int(d) for d in sub.numbers(kind, s, e))
        if not dims or any(d < 0 for d in dims):
            raise Mat5Error("dimensions missing or negative")
        count = math.prod(dims)
        kind, s, e = sub.next()
        name = sub.text(kind, s, e)
        self.budget.spend(count)
        if klass in _NUMERIC_CLASSES:
            return name, self.numeric(sub, dims, count, complex_, logical)
        if klass == _CHAR:
            return name, self.chars(sub, dims, count)
        if klass == _CELL:
            return name, self.cells(sub, dims, count, depth)
        if klass in (_STRUCT, _OBJECT):
            return name, self.struct(sub, count, klass == _OBJECT, depth)
        if klass == _SPARSE:
            return name, self.sparse(sub, dims, complex_)
        return name, Opaque(f"array of class {klass}")

    def opaque_name(self, sub: _Elements) -> str:
        """An opaque array's name (its dimensions first, for a function handle)."""
        try:
            kind, s, e = sub.next()
            if kind in (5, 6):  # (dimensions: the name follows)
                kind, s, e = sub.next()
            return sub.text(kind, s, e)
        except Mat5Error:
            return ""

    def numeric(
        self, sub: _Elements, dims: tuple[int, ...], count: int, complex_: bool, logical: bool
    ) -> Value:
        kind, s, e = sub.next()
        real = sub.numbers(kind, s, e)
        if real.size != count:
            raise Mat5Error("numbers that do not fill their dimensions")
        values: np.ndarray[Any, Any] = real
        if complex_:
            kind, s, e = sub.next()
            imag = sub.numbers(kind, s, e)
            if imag.size != count:
                raise Mat5Error("imaginary parts that do not fill their dimensions")
            values = real.astype("f8") + 1j * imag.astype("f8")
        if logical:
            values = values != 0
        return Numbers(values.reshape(dims, order="F"))

    def chars(self, sub: _Elements, dims: tuple[int, ...], count: int) -> Value:
        kind, s, e = sub.next()
        raw = sub.data[s:e]
        if kind == _UTF8:
            text = raw.decode("utf-8", errors="replace")
        elif kind in (_UTF16, 4):
            text = raw.decode("utf-16-le" if self.order == "<" else "utf-16-be", errors="replace")
        elif kind == _UTF32:
            text = raw.decode("utf-32-le" if self.order == "<" else "utf-32-be", errors="replace")
        elif kind in _MI_DTYPES:
            text = "".join(chr(int(c) % 0x110000) for c in sub.numbers(kind, s, e))
        else:
            raise Mat5Error(f"chars of an unknown type ({kind})")
        if len(text) != count:
            raise Mat5Error("chars that do not fill their dimensions")
        rows = dims[0] if dims else 0
        if rows == 0 or count == 0:
            return Chars([])
        width = count // rows
        grid = [text[r::rows][:width] for r in range(rows)]  # (columns first)
        return Chars([row.rstrip() for row in grid])

    def cells(self, sub: _Elements, dims: tuple[int, ...], count: int, depth: int) -> Value:
        items: list[Value] = []
        for _ in range(count):
            kind, s, e = sub.next()
            if kind != _MATRIX:
                raise Mat5Error("a cell that is no matrix")
            items.append(self.matrix(sub, s, e, depth + 1)[1])
        return Cells(_grid(items, dims))

    def struct(self, sub: _Elements, count: int, is_object: bool, depth: int) -> Value:
        if is_object:
            kind, s, e = sub.next()
            class_name = sub.text(kind, s, e)
        kind, s, e = sub.next()
        sizes = sub.numbers(kind, s, e)
        if sizes.size != 1 or int(sizes[0]) <= 0:
            raise Mat5Error("a struct's field name length missing")
        size = int(sizes[0])
        kind, s, e = sub.next()
        raw = sub.data[s:e]
        if len(raw) % size:
            raise Mat5Error("a struct's field names that do not fill their element")
        fields = [
            raw[i : i + size].split(b"\x00", 1)[0].decode("latin-1")
            for i in range(0, len(raw), size)
        ]
        self.budget.spend(count * len(fields))
        elements: list[dict[str, Any]] = []
        for _ in range(count):
            element: dict[str, Any] = {}
            for field in fields:
                kind, s, e = sub.next()
                if kind != _MATRIX:
                    raise Mat5Error("a field that is no matrix")
                element[field] = self.matrix(sub, s, e, depth + 1)[1]
            elements.append(element)
        value = Struct(fields, elements)
        if is_object and not fields:
            return Opaque(f"object of class {class_name}")
        return value

    def sparse(self, sub: _Elements, dims: tuple[int, ...], complex_: bool) -> Value:
        """A sparse matrix as its full matrix (where that is not too large)."""
        if len(dims) != 2:
            raise Mat5Error("a sparse matrix of other than two dimensions")
        rows_, cols = dims
        self.budget.spend(rows_ * cols)
        parts = []
        for _ in range(4 if complex_ else 3):
            kind, s, e = sub.next()
            parts.append(sub.numbers(kind, s, e))
        ir, jc, pr = parts[0], parts[1], parts[2]
        full = np.zeros((rows_, cols), dtype="c16" if complex_ else "f8")
        if jc.size != cols + 1:
            raise Mat5Error("a sparse matrix's column starts do not fit")
        for c in range(cols):
            lo, hi = int(jc[c]), int(jc[c + 1])
            if not 0 <= lo <= hi <= min(ir.size, pr.size):
                raise Mat5Error("a sparse matrix's column starts out of range")
            for k in range(lo, hi):
                r = int(ir[k])
                if not 0 <= r < rows_:
                    raise Mat5Error("a sparse matrix's row out of range")
                full[r, c] = pr[k] + (1j * parts[3][k] if complex_ and k < parts[3].size else 0)
        return Numbers(full)


def _grid(items: list[Value], dims: tuple[int, ...]) -> list[list[Value]]:
    """A cell array's items (columns first) as a list per row."""
    rows = dims[0] if dims else 0
    if rows == 0 or not items:
        return []
    width = len(items) // rows
    return [[items[r + c * rows] for c in range(width)] for r in range(rows)]
