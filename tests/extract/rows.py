"""The table units' cells of an extractor's output, by row: what tests compare."""

from __future__ import annotations

from collections.abc import Iterable

from breachscope.extract.base import Extracted, Note
from breachscope.extract.units import TableUnit, TextUnit


def rows_by_number(items: list[Extracted]) -> dict[int, dict[str, str]]:
    """``{row: {column: value}}`` of the non-empty cells of the table units in ``items``."""
    out: dict[int, dict[str, str]] = {}
    for unit in items:
        if isinstance(unit, TableUnit):
            numbers = unit.data.column("__row__").to_pylist()
            for i, name in enumerate(unit.columns):
                for row, value in zip(numbers, unit.data.column(f"c{i}").to_pylist(), strict=True):
                    if value is not None:
                        out.setdefault(row, {})[name] = value
    return out


def table_records(items: Iterable[object], part: str | None) -> list[dict[str, str | None]]:
    """``{column: value}`` of each row of the table units of ``part`` in ``items``, in
    order, empty cells ``None``."""
    out: list[dict[str, str | None]] = []
    for unit in items:
        if isinstance(unit, TableUnit) and unit.location.part == part:
            for record in unit.data.to_pylist():
                out.append({name: record[f"c{i}"] for i, name in enumerate(unit.columns)})
    return out


def rows_by_part(items: list[Extracted]) -> dict[str | None, dict[int, dict[str, str]]]:
    """:func:`rows_by_number` of each part's table units."""
    parts: dict[str | None, list[Extracted]] = {}
    for unit in items:
        if isinstance(unit, TableUnit):
            parts.setdefault(unit.location.part, []).append(unit)
    return {part: rows_by_number(units) for part, units in parts.items()}


def text_parts(items: list[Extracted]) -> dict[str | None, str]:
    """``{part: text}`` of the text units in ``items`` (a part's units joined in order)."""
    out: dict[str | None, str] = {}
    for unit in items:
        if isinstance(unit, TextUnit):
            out[unit.location.part] = out.get(unit.location.part, "") + unit.text
    return out


def note_reasons(items: list[Extracted]) -> list[str]:
    """The reasons of the notes in ``items``, in order."""
    return [n.reason for n in items if isinstance(n, Note)]
