"""numpy's and pyarrow's arrays as an inert pickle holds them (:mod:`.inertpickle`), read
back as lists of Python values without numpy's or pyarrow's unpickling code.

An array is rebuilt only from its dtype's name and its bytes: a numpy dtype from a kind
and size checked against those numpy has (no structured or object-defined type), its
bytes checked to fill the shape exactly before numpy reads them; a pyarrow array from its
type (one of its primitive aliases, a timestamp or a decimal) and buffers, validated in
full before a value is read. An array of Python objects is its items, read as the rest of
the pickle is.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

import numpy as np

from breachscope.extract.inertpickle import Inert, as_bytes, qualname

_DTYPE = re.compile(r"([biufcOMmUS])(\d{1,2})")
"""A numpy dtype's pickled code: its kind and its size (``i8``, ``O8``, ``M8``, ``U40``)."""
_UNITS = frozenset({"Y", "M", "W", "D", "h", "m", "s", "ms", "us", "ns"})
_ARROW_ALIAS = re.compile(r"[a-z0-9_]{1,24}(?:\[[a-z]{1,8}\])?")
_ARROW_UNITS = frozenset({"s", "ms", "us", "ns"})
MAX_DIMENSIONS = 2
"""Most dimensions of an array read (a block of a data frame has two)."""


class ArrayError(ValueError):
    """An array whose type or bytes cannot be read (the message names no value)."""


def dtype_of(obj: Any) -> np.dtype[Any]:
    """The numpy dtype a pickled ``numpy.dtype`` names (a :class:`ArrayError` for one of a
    kind not read: structured, or made by a library)."""
    if qualname(obj) != "numpy.dtype" or not obj.args or not isinstance(obj.args[0], str):
        raise ArrayError(f"no numpy dtype ({qualname(obj) or type(obj).__name__})")
    code = _DTYPE.fullmatch(obj.args[0])
    state = obj.state if isinstance(obj.state, tuple) else ()
    if code is None or (len(state) > 3 and (state[3] is not None or state[4] is not None)):
        raise ArrayError("a numpy dtype of a kind not read (structured or void)")
    try:
        return _dtype(code.group(1), code.group(2), state)
    except (TypeError, ValueError, OverflowError):  # (a size numpy has not: ``i7``)
        raise ArrayError("a numpy dtype of a size not read") from None


def _dtype(kind: str, size: str, state: tuple[Any, ...]) -> np.dtype[Any]:
    order = state[1] if len(state) > 1 and state[1] in ("<", ">", "|", "=") else "|"
    if kind in "US":
        elsize = state[5] if len(state) > 5 and isinstance(state[5], int) else -1
        count = elsize // 4 if kind == "U" else elsize
        if count <= 0:
            raise ArrayError("a numpy string dtype without its size")
        return np.dtype(f"{order}{kind}{count}")
    if kind in "Mm":
        unit = _time_unit(state)
        return np.dtype(f"{order}{kind}8[{unit}]")
    if kind == "O":
        return np.dtype(object)
    return np.dtype(f"{order}{kind}{size}")


def _time_unit(state: tuple[Any, ...]) -> str:
    meta = state[8] if len(state) > 8 else None
    info = meta[1] if isinstance(meta, tuple) and len(meta) > 1 else None
    unit = info[0] if isinstance(info, tuple) and info else None
    unit = as_bytes(unit)
    if isinstance(unit, bytes):
        unit = unit.decode("ascii", "replace")
    if unit not in _UNITS:
        raise ArrayError("a numpy date or time dtype of an unknown unit")
    count = info[1] if isinstance(info, tuple) and len(info) > 1 else 1
    return str(unit) if count == 1 else f"{int(count)}{unit}"


def _shape(value: Any) -> tuple[int, ...]:
    if (
        not isinstance(value, tuple)
        or len(value) > MAX_DIMENSIONS
        or not all(isinstance(n, int) and n >= 0 for n in value)
    ):
        raise ArrayError("an array of an unreadable shape")
    return value


def _filled(raw: Any, dtype: np.dtype[Any], shape: tuple[int, ...], fortran: bool) -> list[Any]:
    """The array of ``shape`` that ``raw`` (bytes, or the items of an object array) holds,
    as nested lists (one per row of a 2-D array)."""
    count = math.prod(shape)
    if dtype.kind == "O":
        if not isinstance(raw, list) or len(raw) != count:
            raise ArrayError("an object array whose items do not fill its shape")
        items = raw
    else:
        raw = as_bytes(raw)
        if isinstance(raw, str):
            raw = raw.encode("latin1")  # (Python 2's bytes)
        if not isinstance(raw, bytes | bytearray) or len(raw) != count * dtype.itemsize:
            raise ArrayError("an array whose bytes do not fill its shape")
        items = _python_values(np.frombuffer(bytes(raw), dtype=dtype))
    if len(shape) < 2:
        return items
    rows, width = shape
    if fortran:
        return [items[r::rows] for r in range(rows)]
    return [items[r * width : (r + 1) * width] for r in range(rows)]


def _python_values(array: np.ndarray[Any, Any]) -> list[Any]:
    """A 1-D numpy array's values as Python's: a date and time as ``datetime`` (a date
    as ``date`` where its unit is a day or longer), a span of time as its text, ``NaT``
    and a value beyond Python's dates as None."""
    if array.dtype.kind == "M":
        unit = np.datetime_data(array.dtype)[0]
        days = unit in ("Y", "M", "W", "D")
        values = array.astype("datetime64[D]" if days else "datetime64[us]").tolist()
        return [v if isinstance(v, dt.date) else None for v in values]
    if array.dtype.kind == "m":
        spans = array.astype("timedelta64[us]").tolist()
        return [str(v) if isinstance(v, dt.timedelta) else None for v in spans]
    if array.dtype.kind == "c":
        return [str(v) for v in array.tolist()]
    return list(array.tolist())


def ndarray(obj: Inert) -> tuple[list[Any], int]:
    """The values of a pickled numpy array and its dimensions (a 2-D one's as a list per
    row): ``_reconstruct`` given its state ``(version, shape, dtype, fortran, bytes or
    items)``, or ``_frombuffer(bytes, dtype, shape, order)`` (protocol 5)."""
    kind = qualname(obj)
    if kind == "numpy._core.multiarray._reconstruct":
        state = obj.state
        if not isinstance(state, tuple) or len(state) != 5:
            raise ArrayError("a numpy array without its state")
        _, shape, dtype, fortran, raw = state
        fortran_order = bool(fortran)
    elif kind == "numpy._core.numeric._frombuffer" and len(obj.args) == 4:
        raw, dtype, shape, order = obj.args
        fortran_order = order == "F"
    else:
        raise ArrayError(f"no numpy array ({kind or type(obj).__name__})")
    dims = _shape(shape)
    return _filled(raw, dtype_of(dtype), dims, fortran_order), len(dims)


def scalar(obj: Inert) -> Any:
    """A pickled numpy scalar (``numpy._core.multiarray.scalar(dtype, bytes)``)."""
    if len(obj.args) != 2:
        raise ArrayError("a numpy scalar without its dtype and bytes")
    dtype = dtype_of(obj.args[0])
    if dtype.kind == "O":
        raise ArrayError("a numpy object scalar")
    values = _filled(as_bytes(obj.args[1]), dtype, (1,), False)
    return values[0]


def is_ndarray(obj: Any) -> bool:
    return qualname(obj) in (
        "numpy._core.multiarray._reconstruct",
        "numpy._core.numeric._frombuffer",
    )


def arrow_values(obj: Any) -> list[Any]:
    """The values of a pickled pyarrow array (``_restore_array``) or chunked array
    (``chunked_array``)."""
    kind = qualname(obj)
    if kind == "pyarrow.lib.chunked_array" and obj.args and isinstance(obj.args[0], list):
        return [v for chunk in obj.args[0] for v in arrow_values(chunk)]
    if kind != "pyarrow.lib._restore_array" or len(obj.args) != 1:
        raise ArrayError(f"no pyarrow array ({kind or type(obj).__name__})")
    import pyarrow as pa

    data = obj.args[0]
    if not isinstance(data, tuple) or len(data) != 7:
        raise ArrayError("a pyarrow array without its type, length and buffers")
    kind_, length, nulls, offset, buffers, children, dictionary = data
    if children or dictionary is not None:
        raise ArrayError("a nested or dictionary-encoded pyarrow array")
    if not isinstance(buffers, list) or not all(
        isinstance(n, int) for n in (length, nulls, offset)
    ):
        raise ArrayError("a pyarrow array of an unreadable layout")
    try:
        array = pa.Array.from_buffers(
            arrow_type(kind_), length, [_buffer(b) for b in buffers], nulls, offset
        )
        array.validate(full=True)
    except (pa.ArrowException, ValueError, TypeError, OverflowError) as exc:
        raise ArrayError(f"a pyarrow array that does not read ({type(exc).__name__})") from None
    return list(array.to_pylist())


def arrow_type(obj: Any) -> Any:
    """The pyarrow type a pickle names: one of pyarrow's aliases (``large_string``,
    ``int64``, ``date32[day]``), a timestamp or a decimal."""
    import pyarrow as pa

    kind = qualname(obj)
    args = obj.args if isinstance(obj, Inert) else ()
    alias = args[0] if kind == "pyarrow.lib.type_for_alias" and len(args) == 1 else None
    if isinstance(alias, str) and _ARROW_ALIAS.fullmatch(alias):
        return pa.type_for_alias(alias)
    if kind == "pyarrow.lib.timestamp" and args and args[0] in _ARROW_UNITS:
        zone = args[1] if len(args) > 1 and isinstance(args[1], str) else None
        return pa.timestamp(args[0], zone)
    decimal = kind in ("pyarrow.lib.decimal128", "pyarrow.lib.decimal256") and len(args) == 2
    if decimal and all(isinstance(n, int) and 0 <= n <= 76 for n in args):
        return (pa.decimal128 if kind.endswith("128") else pa.decimal256)(*args)
    raise ArrayError(f"a pyarrow type not read ({kind or type(obj).__name__})")


def _buffer(obj: Any) -> Any:
    import pyarrow as pa

    if obj is None:
        return None
    if qualname(obj) == "pyarrow.lib.py_buffer" and len(obj.args) == 1:
        raw = obj.args[0]
        if isinstance(raw, bytes | bytearray):
            return pa.py_buffer(bytes(raw))
    raise ArrayError("a pyarrow buffer that is no bytes")
