"""MATLAB's data files (``.mat``: a research group's clustering input, a lab instrument's
export): level 5 (MATLAB 5 to 7.2, the default ``save`` format until 7.3) read by a
reader of our own (:mod:`breachscope.extract.mat5`: scipy's crashes the process on some
damaged files), level 4 (the oldest, matrices only) with :func:`scipy.io.loadmat`, and
level 7.3 (HDF5 behind a 512-byte header: :mod:`breachscope.extract.hdf5`'s library)
read by MATLAB's own conventions there (a variable's class in its ``MATLAB_class``
attribute, a char array stored as UTF-16 code units, a cell array as object references
into ``#refs#``, a struct's fields as the members of a group, a struct array's as
references per element, every array transposed: MATLAB keeps its columns first).

Each variable is a part of its own, named by the variable (a nested struct's fields at
dotted paths, ``studie.deelnemers``; a cell of a cell array that holds no plain value at
its place, ``uitslagen{2}``):

* a struct array is a table, an element a row and a field a column (a nested struct's
  fields as ``adres.postcode``, an array as MATLAB would print it: ``[1 2; 3 4]``); a
  struct whose fields are columns of one length (a table kept as a struct) likewise,
  a row per place; another struct one row of its plain fields, its other fields at their
  own paths;
* a cell array of plain values (texts, single numbers) is a table: a row per row, its
  first row the header where it is all words over rows that hold digits; a vector of
  them one column named by the variable;
* a char array is text, a line per row;
* numbers are a table (a vector one column named by the variable, a matrix a column per
  column), a single number a line ``name: value`` of the text part ``info``.

Numbers are written as digits (a whole number without ``.0``), a logical as 0 or 1; a
text in a cell of its own (``{'HPV 16'}``) as the text; in a column whose name says it
holds dates (``gebdatum``, ``afnamedatum``, ``dob``) and whose every number is one of
MATLAB's date numbers (``datenum``: days from the year 0, between the years 1642 and
2190) as ISO dates.
Nothing in a file is run: no MATLAB object is built (a function handle, MATLAB's newer
``string``, ``table`` and ``datetime`` objects are opaque to every reader but MATLAB):
such a variable is a note, as is a level 5 variable that does not read (it ends the
reading: the variables after it cannot be found; those before it are kept). The file
is read whole up to ``Config.batch_bytes``.
"""

from __future__ import annotations

import io
import math
import warnings
from collections.abc import Iterator
from typing import Any, ClassVar

import numpy as np

from breachscope.config import Config
from breachscope.extract.base import Extracted, ExtractError, Extractor, Note, Source
from breachscope.extract.hdf5 import HDF5_ERRORS, HdfReader, bytes_text, label, open_hdf5
from breachscope.extract.mat5 import Mat5Error, Mat5Reader
from breachscope.extract.matvalues import (
    MAX_CELLS,
    MAX_DEPTH,
    Cells,
    Chars,
    Emitter,
    Numbers,
    Opaque,
    Struct,
    Value,
    two_d,
)
from breachscope.ingest.filetype import is_mat4, mat_level
from breachscope.location import Location

_NUMERIC = frozenset(
    {
        "double",
        "single",
        "int8",
        "uint8",
        "int16",
        "uint16",
        "int32",
        "uint32",
        "int64",
        "uint64",
        "logical",
    }
)


# --- level 4: scipy ------------------------------------------------------------


class _Counter:
    """Values read so far, against :data:`MAX_CELLS`."""

    def __init__(self) -> None:
        self.count = 0

    def add(self, n: int) -> None:
        self.count += n
        if self.count > MAX_CELLS:
            raise ExtractError(f"MATLAB file of more than {MAX_CELLS} values")


def _scipy_value(value: Any, counter: _Counter, depth: int = 0) -> Value:
    """A value :func:`scipy.io.loadmat` read as one of ours."""
    from scipy.io import matlab

    if depth > MAX_DEPTH:
        return Opaque("value nested too deeply")
    if isinstance(value, matlab.MatlabFunction):
        return Opaque("function handle")
    if isinstance(value, matlab.MatlabOpaque):
        return Opaque("object")
    if hasattr(value, "toarray") and hasattr(value, "shape"):  # (a sparse matrix)
        if math.prod(value.shape) > MAX_CELLS:
            return Opaque("sparse matrix too large")
        value = value.toarray()
    if isinstance(value, str):
        return Chars([value.rstrip()])
    if not isinstance(value, np.ndarray):
        return Opaque(type(value).__name__)
    counter.add(max(1, value.size))
    if value.dtype.kind == "U":
        return Chars([str(r).rstrip() for r in value.reshape(-1)])
    if value.dtype.names:
        flat = value.reshape(-1, order="F")
        names = list(value.dtype.names)
        elements = [{n: _scipy_value(e[n], counter, depth + 1) for n in names} for e in flat]
        return Struct(names, elements)
    if value.dtype.kind == "O":
        grid = two_d(value)
        return Cells([[_scipy_value(v, counter, depth + 1) for v in r] for r in grid])
    if value.dtype.kind in "biufc":
        return Numbers(value)
    return Opaque(f"array of {value.dtype}")


def _scipy_variables(data: bytes) -> list[tuple[str, Any]]:
    """The variables of a level 4 file, as scipy reads them (its level 4 reader is
    Python over numpy: only its level 5 reader is compiled)."""
    from scipy.io import loadmat

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # (scipy warns of what it reads as opaque)
        try:
            found = loadmat(
                io.BytesIO(data),
                squeeze_me=False,
                struct_as_record=True,
                chars_as_strings=True,
                mat_dtype=False,
            )
        except (
            ValueError,
            TypeError,
            OSError,
            EOFError,
            KeyError,
            IndexError,
            OverflowError,
            MemoryError,
            NotImplementedError,
            UnicodeDecodeError,
            AttributeError,
            AssertionError,
        ) as exc:
            raise ExtractError(f"unreadable MATLAB file ({type(exc).__name__})") from None
        except Exception as exc:  # (scipy's MatReadError and zlib's error for bad bytes)
            raise ExtractError(f"unreadable MATLAB file ({type(exc).__name__})") from None
    return [(k, v) for k, v in found.items() if not k.startswith("__")]


# --- level 7.3: HDF5 ------------------------------------------------------------------


def _class(obj: Any) -> str | None:
    if "MATLAB_class" not in obj.attrs:
        return None
    raw = obj.attrs["MATLAB_class"]
    return bytes_text(bytes(raw)) if isinstance(raw, bytes | np.bytes_) else str(raw)


class _Hdf5Values:
    """A level 7.3 file's variables read by MATLAB's conventions."""

    def __init__(self, handle: Any, reader: HdfReader) -> None:
        self.file = handle
        self.reader = reader
        self.counter = _Counter()

    def value(self, obj: Any, depth: int = 0) -> Value:
        import h5py

        if depth > MAX_DEPTH:
            return Opaque("value nested too deeply")
        kind = _class(obj)
        if isinstance(obj, h5py.Group):
            if kind not in (None, "struct"):
                return Opaque(f"object of class {kind}")
            return self.struct(obj, depth)
        if not isinstance(obj, h5py.Dataset):
            return Opaque("HDF5 datatype")
        if "MATLAB_empty" in obj.attrs and int(
            np.asarray(obj.attrs["MATLAB_empty"]).reshape(-1)[0]
        ):
            return Chars([]) if kind == "char" else Numbers(np.zeros((0, 0)))
        if "MATLAB_object_decode" in obj.attrs or (
            kind is not None and kind not in _NUMERIC | {"char", "cell"}
        ):
            return Opaque(f"object of class {kind}")
        why = self.reader.refuses(obj)
        if why is not None:
            return Opaque(why)
        array = obj[()]
        self.counter.add(max(1, int(np.size(array))))
        if isinstance(array, np.ndarray):
            array = array.T  # (MATLAB's columns first)
        if kind == "char":
            return Chars(_utf16_rows(two_d(np.asarray(array))))
        if kind == "cell" or h5py.check_ref_dtype(obj.dtype) is not None:
            grid = two_d(np.asarray(array))
            return Cells([[self.deref(r, depth) for r in row] for row in grid])
        array = np.asarray(array)
        if array.dtype.names and {"real", "imag"} <= set(array.dtype.names):
            array = array["real"] + 1j * array["imag"]
        if array.dtype.kind not in "biufc":
            return Opaque(f"array of {array.dtype}")
        return Numbers(array)

    def deref(self, ref: Any, depth: int) -> Value:
        if not ref:
            return Numbers(np.zeros((0, 0)))
        try:
            return self.value(self.file[ref], depth + 1)
        except HDF5_ERRORS:
            return Opaque("broken reference")

    def struct(self, group: Any, depth: int) -> Value:
        import h5py

        names = [label(n) for n in group if not label(n).startswith("#")]
        if "MATLAB_fields" in group.attrs:
            listed = [
                bytes_text(np.asarray(f).tobytes()) or "" for f in group.attrs["MATLAB_fields"]
            ]
            names = [n for n in listed if n in group] + [n for n in names if n not in listed]
        members = {n: group[n] for n in names}
        refs = {
            n: m
            for n, m in members.items()
            if isinstance(m, h5py.Dataset)
            and h5py.check_ref_dtype(m.dtype) is not None
            and _class(m) is None
        }
        if refs and len(refs) == len(members):  # (a struct array: a reference per element)
            flat = {n: np.asarray(m[()]).T.reshape(-1) for n, m in refs.items()}
            count = min(len(v) for v in flat.values())
            self.counter.add(count * len(flat))
            elements = [{n: self.deref(flat[n][i], depth) for n in names} for i in range(count)]
            return Struct(names, elements)
        return Struct(names, [{n: self.value(m, depth + 1) for n, m in members.items()}])


def _utf16_rows(codes: np.ndarray[Any, Any]) -> list[str]:
    """A char array's rows from its UTF-16 code units."""
    rows = []
    for row in codes:
        raw = np.asarray(row, dtype="<u2").tobytes()
        rows.append(raw.decode("utf-16-le", errors="replace").rstrip())
    return rows


def _hdf5_variables(data: bytes, path: str, config: Config) -> Iterator[tuple[str, Value]]:
    import h5py

    handle = open_hdf5(data)
    with handle:
        reader = HdfReader(handle, path, config)
        values = _Hdf5Values(handle, reader)
        try:
            names = list(handle.keys())
        except HDF5_ERRORS as exc:
            raise ExtractError(f"unreadable MATLAB 7.3 file ({type(exc).__name__})") from None
        for name in names:
            text = label(name)
            if text.startswith("#"):
                continue  # (#refs#, #subsystem#: reached through the variables)
            try:
                link = handle.get(name, getlink=True)
                if not isinstance(link, h5py.HardLink):
                    yield text, Opaque("link")
                    continue
                yield text, values.value(handle[name])
            except HDF5_ERRORS as exc:
                yield text, Opaque(f"unreadable variable ({type(exc).__name__})")


def _level5_variables(data: bytes, config: Config) -> Iterator[tuple[str, Value | Mat5Error]]:
    """A level 5 file's variables (an :class:`ExtractError` where not one reads)."""
    try:
        found = Mat5Reader(data, config.batch_bytes, MAX_CELLS).variables()
    except Mat5Error as exc:
        raise ExtractError(f"unreadable MATLAB file ({exc})") from None
    if found and isinstance(found[0][1], Mat5Error):
        raise ExtractError(f"unreadable MATLAB file ({found[0][1]})")
    yield from found


class MatFileExtractor(Extractor):
    """A MATLAB ``.mat`` file's variables (see the module's text)."""

    id: ClassVar[str] = "matlab"
    types: ClassVar[frozenset[str]] = frozenset({"matlab"})
    structured: ClassVar[bool] = True

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        data = source.read_document(config.batch_bytes, "MATLAB file")
        emitter = Emitter(source.path, config)
        try:
            level = mat_level(data)
            if level == 73:
                variables: Iterator[tuple[str, Value | Mat5Error]] = _hdf5_variables(
                    data, source.path, config
                )
            elif level == 5:
                variables = _level5_variables(data, config)
            elif is_mat4(data, len(data)):
                counter = _Counter()
                variables = ((k, _scipy_value(v, counter)) for k, v in _scipy_variables(data))
            else:
                raise ExtractError("no MATLAB file (no level 4, 5 or 7.3 header)")
            count = 0
            for name, value in variables:
                if isinstance(value, Mat5Error):
                    yield Note(
                        Location(source.path, part=name), f"MATLAB reading stopped ({value})"
                    )
                    continue
                count += 1
                yield from emitter.value(name, value)
        except RecursionError:
            raise ExtractError("MATLAB file nested too deeply to read") from None
        if not count:
            yield Note(Location(source.path), "MATLAB file holds no variables")
        yield from emitter.finish()
