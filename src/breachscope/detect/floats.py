"""Whole numbers a spreadsheet or pandas wrote as floats.

A number column with one empty cell becomes a float column in pandas, and its export
writes ``506332433.0``, ``19780303.0``, ``12.0``; a spreadsheet row pasted into a text
keeps them. Read as written, the BSN, the date or the house number is lost. The
detectors read such a value as the whole number it is, in a cell and after a label.
"""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

_FLOAT_CELL = r"^\s*([0-9]+)\.0+\s*$"


def whole_number(raw: str) -> str:
    """``raw`` without the zero decimals a float wrote after a whole number
    (``506332433.0`` -> ``506332433``, ``12.00`` -> ``12``); any other value as it is."""
    head, dot, zeros = raw.strip().partition(".")
    if dot and zeros and head.isdigit() and head.isascii() and not zeros.strip("0"):
        return head
    return raw


def whole_numbers(values: pa.Array) -> pa.Array:
    """:func:`whole_number` of each string of ``values`` (Arrow compute)."""
    return pc.replace_substring_regex(values, _FLOAT_CELL, r"\1")
