"""W3C extended logs (IIS): each entry a row under the fields of its ``#Fields:``."""

from __future__ import annotations

import io

import pytest

from breachscope.config import Config
from breachscope.extract.base import ExtractError, Source
from breachscope.extract.units import TableUnit
from breachscope.extract.w3clog import W3cLogExtractor, entry_cells
from breachscope.ingest.filetype import FileType, sniff

HEAD = (
    "#Software: Microsoft Internet Information Services 10.0\r\n"
    "#Version: 1.0\r\n"
    "#Date: 2024-10-12 07:00:01\r\n"
    "#Fields: date time cs-method cs-uri-stem cs-uri-query cs(User-Agent) sc-status\r\n"
)
ENTRY = (
    "2024-10-12 07:10:00 GET /portaal/zoek.aspx achternaam=de+Boer&bsn=322524726 "
    "Mozilla/5.0+(Windows+NT+10.0) 200\r\n"
)


def _tables(text: str) -> list[TableUnit]:
    data = text.encode("utf-8")
    source = Source("W3SVC1/u_ex241012.log", "w3c-log", len(data), lambda: io.BytesIO(data))
    return [u for u in W3cLogExtractor().extract(source, Config()) if isinstance(u, TableUnit)]


def test_entries_are_rows_under_their_fields() -> None:
    (table,) = _tables(HEAD + ENTRY + "2024-10-12 07:11:00 GET /portaal/ - - 304\r\n")
    assert table.columns == (
        "date",
        "time",
        "cs-method",
        "cs-uri-stem",
        "cs-uri-query",
        "cs(User-Agent)",
        "sc-status",
    )
    assert table.location.part is None
    assert table.data.column("c4").to_pylist() == ["achternaam=de+Boer&bsn=322524726", None]
    assert table.data.column("__row__").to_pylist() == [5, 6]


def test_a_changed_field_list_starts_a_table_of_its_own() -> None:
    again = HEAD.replace(" sc-status", " sc-status time-taken")
    tables = _tables(HEAD + ENTRY + again + ENTRY.replace(" 200", " 200 15") + HEAD + ENTRY)
    assert [(t.location.part, t.data.num_rows) for t in tables] == [
        (None, 1),
        ("fields-2", 1),
        (None, 1),
    ]


def test_an_unencoded_space_joins_the_last_field() -> None:
    assert entry_cells("a b c d", 3) == ["a", "b", "c d"]
    assert entry_cells("a - c", 3) == ["a", None, "c"]


def test_it_is_sniffed_by_its_directives() -> None:
    assert sniff(io.BytesIO((HEAD + ENTRY).encode()), "u_ex241012.log") is FileType.W3C_LOG
    assert sniff(io.BytesIO(("#Fields: a b\n" + ENTRY).encode()), "x.log") is not FileType.W3C_LOG
    assert sniff(io.BytesIO(b"# Version: 1.0\n# notes\n"), "x.txt") is not FileType.W3C_LOG


def test_a_file_without_fields_is_refused() -> None:
    with pytest.raises(ExtractError):
        _tables("#Version: 1.0\n" + ENTRY)
