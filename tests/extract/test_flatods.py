"""Flat XML OpenDocument spreadsheets: sniffed by their root, each sheet read as a
workbook's is; values as the sheet holds them, repeats counted, comments read."""

from __future__ import annotations

import io

import pytest

from breachscope.config import Config
from breachscope.extract.base import Extracted, ExtractError, Source
from breachscope.extract.flatods import FlatOdsExtractor
from breachscope.extract.units import TableUnit, TextUnit
from breachscope.ingest.filetype import FileType, sniff_bytes

from .samples import fods_sample


def extract(data: bytes) -> list[Extracted]:
    source = Source("r.fods", "fods", len(data), lambda: io.BytesIO(data))
    return list(FlatOdsExtractor().extract(source, Config()))


def test_sniffed_by_its_root_and_type() -> None:
    assert sniff_bytes(fods_sample().data, "r.fods") is FileType.FODS
    text = fods_sample().data.replace(b"opendocument.spreadsheet", b"opendocument.text")
    assert sniff_bytes(text, "r.fodt") is not FileType.FODS


def test_sheets_titles_and_text() -> None:
    items = extract(fods_sample().data)
    tables = {u.location.part: u for u in items if isinstance(u, TableUnit)}
    texts = {u.location.part: u.text for u in items if isinstance(u, TextUnit)}
    assert set(tables) == {"Register", "Notities"}
    assert "Terugkoppeling 2024" in texts["Register"]  # (a title above the header)
    notes = tables["Notities"]  # (one row: no header, its cell read)
    assert notes.data.column("c0").to_pylist() == ["Gebeld met mw. Jansen, tel 0612345678"]


def test_a_damaged_document_is_an_error_with_a_reason() -> None:
    with pytest.raises(ExtractError, match="malformed flat OpenDocument"):
        extract(fods_sample().data[:600])
    with pytest.raises(ExtractError, match="DTD"):
        extract(b'<!DOCTYPE x [<!ENTITY a "b">]><office:document/>')
