"""Dictionaries a ``.pyc``'s bytecode builds from its constants, as records.

A module that holds its test patients as a list of dictionaries (``PATIENTEN = [{"naam":
"Anna de Vries", "bsn": "111222333", ...}, ...]``) keeps no dictionary among its constants:
its values stand in the code object's constants one by one (each once, however often it
is used) and the keys as one tuple, and the bytecode builds each dictionary from them:
``LOAD_CONST`` of every value, ``LOAD_CONST`` of the keys' tuple, ``BUILD_CONST_KEY_MAP``
of their number (CPython 3.6 to 3.13; from 3.11 on, inline ``CACHE`` entries stand
between instructions). Only this sequence is replayed here: a run of ``LOAD_CONST``
instructions that a ``BUILD_CONST_KEY_MAP`` of as many keys ends is a record of those keys;
a dictionary built so inside another one's run stands as its value (its keys read as a
path, ``adres.straat``); any other instruction ends the run. Nothing is run: the bytes
are read as numbers (two a word, an ``EXTENDED_ARG`` widening the argument after it).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

MAX_RECORDS = 100_000
"""Records read from one file at most."""


@dataclass(frozen=True, slots=True)
class Opcodes:
    """The numbers of the instructions replayed, in one Python version."""

    load_const: int
    const_key_map: int
    extended_arg: int
    cache: int | None
    """The inline cache entry's number (from 3.11 on), passed over."""


def opcodes(version: tuple[int, int]) -> Opcodes:
    """The replayed instructions' numbers in ``version`` (3.13 renumbered them)."""
    if version >= (3, 13):
        return Opcodes(83, 46, 71, 0)
    return Opcodes(100, 156, 144, 0 if version >= (3, 11) else None)


class _Record(dict[str, Any]):
    """A dictionary the bytecode built (its values may be records too)."""


def const_records(code: bytes, consts: tuple[Any, ...], ops: Opcodes) -> list[dict[str, Any]]:
    """The dictionaries ``code`` builds from ``consts`` alone (outermost ones only, in the
    order built); a value is as the constant holds it."""
    out: list[dict[str, Any]] = []
    run: list[Any] = []
    inner: set[int] = set()
    arg = 0
    for i in range(0, len(code) - 1, 2):
        op, low = code[i], code[i + 1]
        if op == ops.cache:
            continue
        if op == ops.extended_arg:
            arg = (arg | low) << 8
            continue
        value, arg = arg | low, 0
        if op == ops.load_const and value < len(consts):
            run.append(consts[value])
            continue
        if op == ops.const_key_map and 0 < value < len(run):
            keys = run[-1]
            if (
                isinstance(keys, tuple)
                and len(keys) == value
                and all(isinstance(k, str) for k in keys)
            ):
                values = run[-1 - value : -1]
                record = _Record(zip(keys, values, strict=True))
                inner.update(id(v) for v in values if isinstance(v, _Record))
                del run[-1 - value :]
                run.append(record)
                out.append(record)
                if len(out) >= MAX_RECORDS:
                    break
                continue
        run = []
    return [r for r in out if id(r) not in inner]


def flat(record: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """``record`` with its inner records' keys as paths (``adres.straat``)."""
    out: dict[str, Any] = {}
    for key, value in record.items():
        if isinstance(value, dict):
            out.update(flat(value, f"{prefix}{key}."))
        else:
            out[f"{prefix}{key}"] = value
    return out
