"""Statistics packages' data files (a research dataset: SPSS ``.sav``/``.zsav``, Stata
``.dta``, a SAS transport file ``.xpt``: its text UTF-8, else cp1252), read with pyreadstat
from memory: one table, ``row`` = the case's 1-based
number, a column per variable.

A column is named by its variable and, where the file gives one, its label
(``gebdat: Geboortedatum``), as a data view shows a variable and a codebook explains it: the
label tells what a short name holds (``voorl: Voorletters``). Values are read as their
text: a value that a value label names as that label (``hpv`` = 1 is ``hrHPV
positief``: a result stored as a code is still her result), a date as its ISO date (a
Stata ``%td`` day or SPSS's seconds since 1582), a date and time as ISO date and time, a
whole number without its decimals (a BSN stored as a number loses its leading zero, as a
spreadsheet's does), text as it is; a missing value holds nothing. The file's own label
and notes are the text part ``info``. Rows are read a batch at a time
(``Config.max_table_rows_per_unit``); the file is read whole up to ``Config.batch_bytes``.
"""

from __future__ import annotations

import datetime as dt
import io
import math
from collections.abc import Callable, Iterator, Mapping
from typing import Any, ClassVar

from breachscope.config import Config
from breachscope.extract.base import Extracted, ExtractError, Extractor, Source
from breachscope.extract.chunking import RowChunker
from breachscope.extract.units import TextUnit
from breachscope.location import Location

_Reader = Callable[..., tuple[Any, Any]]


def _readers() -> tuple[dict[str, _Reader], tuple[type[Exception], ...]]:
    """pyreadstat's readers by detected type, and the errors they raise on a file they
    cannot read (imported on first use: its C library loads only for files that need it)."""
    import pyreadstat

    readers: dict[str, _Reader] = {
        "spss": pyreadstat.read_sav,
        "stata": pyreadstat.read_dta,
        "sas-xport": pyreadstat.read_xport,
    }
    return readers, (pyreadstat.ReadstatError, pyreadstat.PyreadstatError, ValueError)


def _number(value: float) -> str:
    """A number's text: a whole number without decimals (``50473955.0`` is ``50473955``)."""
    if value.is_integer():
        return str(int(value))
    return repr(value)


def cell_text(value: Any, labels: Mapping[Any, str] | None) -> str | None:
    """A value's text (see the module's text)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if labels and value in labels:
        return str(labels[value])
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, float):
        return _number(value)
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace") or None
    text = str(value)
    return text if text.strip() else None


def header(name: str, label: str | None) -> str:
    """A variable's column: its name, and its label after a colon where it has one that
    says more than the name."""
    label = (label or "").strip()
    if not label or label.lower() == name.lower():
        return name
    return f"{name}: {label}"


def _decoding(read: _Reader) -> _Reader:
    """``read`` that reads a file's text as cp1252 once it is no UTF-8 (a SAS transport
    file names no encoding: SAS on Windows writes its own code page)."""
    encoding: dict[str, str] = {}

    def reading(*args: Any, **kwargs: Any) -> tuple[Any, Any]:
        if encoding:
            return read(*args, **kwargs, **encoding)
        try:
            return read(*args, **kwargs)
        except UnicodeDecodeError:
            encoding["encoding"] = "cp1252"
            return read(*args, **kwargs, **encoding)

    return reading


class StatDataExtractor(Extractor):
    """SPSS, Stata and SAS transport data files as one table."""

    id: ClassVar[str] = "statdata"
    types: ClassVar[frozenset[str]] = frozenset({"spss", "stata", "sas-xport"})
    structured: ClassVar[bool] = True

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        data = source.read_document(config.batch_bytes, "statistics data file")
        readers, errors = _readers()
        read = _decoding(readers[source.detected_type])
        try:
            _, meta = read(io.BytesIO(data), metadataonly=True, output_format="dict")
        except errors as exc:
            raise ExtractError(f"unreadable {source.detected_type} data file: {exc}") from None
        info = "\n".join(t for t in [meta.file_label or "", *(meta.notes or [])] if t.strip())
        if info:
            yield TextUnit(Location(source.path, part="info"), info)
        names: list[str] = list(meta.column_names)
        labels: Mapping[str, str | None] = meta.column_names_to_labels or {}
        value_labels: Mapping[str, Mapping[Any, str]] = meta.variable_value_labels or {}
        chunker = RowChunker(
            Location(source.path),
            [header(n, labels.get(n)) for n in names],
            config.max_table_rows_per_unit,
        )
        size = max(1, config.max_table_rows_per_unit)
        offset = 0
        while names:  # (a batch at a time, until one comes back short)
            try:
                columns, _ = read(
                    io.BytesIO(data), row_offset=offset, row_limit=size, output_format="dict"
                )
            except errors as exc:
                raise ExtractError(
                    f"unreadable {source.detected_type} data file at case {offset + 1}: {exc}"
                ) from None
            values = [list(columns[n]) for n in names]
            count = len(values[0])
            for i in range(count):
                row = [
                    cell_text(v[i], value_labels.get(n)) for n, v in zip(names, values, strict=True)
                ]
                yield from chunker.add(offset + i + 1, row)
            offset += count
            if count < size:
                break
        yield from chunker.flush()
