"""Jupyter notebooks (``.ipynb``, a JSON document): each cell's source and each of its
outputs' text as free text, a part of its own (``part=cell-3``, ``part=cell-3-out-1``:
cells and outputs counted from 1 in file order).

An analyst's notebook prints the data it loads: a pandas table's rows under their header
(``text/plain``), the same table as HTML (``text/html``, read as the HTML reader reads a
page), a log line in a stream's text. Read as a JSON document, each of those lines would
be a cell of its own and a printed table's rows would lose their header. A notebook's
code is read, never run."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from breachscope.extract.chunking import cut_text
from breachscope.extract.htmltext import html_to_text
from breachscope.extract.units import TextUnit
from breachscope.location import Location


def is_notebook(value: Any) -> bool:
    """Whether a parsed JSON document is a Jupyter notebook (``nbformat`` and its cells)."""
    return isinstance(value, dict) and "nbformat" in value and isinstance(value.get("cells"), list)


def _text(value: Any) -> str:
    """A notebook's multi-line string: one string, or a list of its lines."""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return "".join(v for v in value if isinstance(v, str))
    return ""


def _output_text(output: Any) -> str:
    """What an output shows: a stream's text, an error's message, a result's plain text,
    else its HTML as text."""
    if not isinstance(output, dict):
        return ""
    if "text" in output:
        return _text(output["text"])
    if output.get("output_type") == "error":
        return f"{output.get('ename', '')}: {output.get('evalue', '')}"
    data = output.get("data")
    if not isinstance(data, dict):
        return ""
    plain = _text(data.get("text/plain"))
    html = _text(data.get("text/html"))
    return plain if plain.strip() or not html else html_to_text(html)


def notebook_units(path: str, value: dict[str, Any], limit: int) -> Iterator[TextUnit]:
    """The text units of a notebook's cells and outputs (see the module's docstring)."""
    for i, cell in enumerate(value["cells"], 1):
        if not isinstance(cell, dict):
            continue
        source = _text(cell.get("source"))
        if source.strip():
            yield from cut_text(Location(path, part=f"cell-{i}"), source, limit)
        outputs = cell.get("outputs")
        for j, output in enumerate(outputs if isinstance(outputs, list) else [], 1):
            text = _output_text(output)
            if text.strip():
                yield from cut_text(Location(path, part=f"cell-{i}-out-{j}"), text, limit)
