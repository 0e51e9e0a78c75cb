"""libedit command histories (``.mysql_history``): the lines decoded, the statements'
values as records, the text as text."""

from __future__ import annotations

import io

import pytest

from breachscope.config import Config
from breachscope.detect.engine import detect_units
from breachscope.detect.finding import findings_from_arrow
from breachscope.extract.base import Extracted, ExtractError, Source
from breachscope.extract.edithistory import EditHistoryExtractor, unvis
from breachscope.extract.slowlog import split_statements
from breachscope.extract.units import TableUnit, TextUnit, Unit
from breachscope.ingest.filetype import FileType, sniff

from .samples import BSN, edit_history_sample


def _run(data: bytes) -> list[Extracted]:
    source = Source(".mysql_history", "edit-history", len(data), lambda: io.BytesIO(data))
    return list(EditHistoryExtractor().extract(source, Config()))


@pytest.mark.parametrize(
    ("line", "text"),
    [
        (b"select\\040*\\040from\\040t;", b"select * from t;"),
        (b"a\\\\040b", b"a\\040b"),  # an escaped backslash before digits
        (b"Y\\304\\261lmaz", "Yılmaz".encode()),
        (b"tab\\011and\\tmore\\n", b"tab\tand\tmore\n"),
        (b"no escapes", b"no escapes"),
    ],
)
def test_unvis(line: bytes, text: bytes) -> None:
    assert unvis(line) == text


def test_statements_end_at_semicolons_outside_strings() -> None:
    text = "select 1;\nupdate p set a='x;y',\n b=2 where c=3;\nselect 'last'"
    found = [(s.line, s.text) for s in split_statements(text)]
    assert found == [
        (1, "select 1;"),
        (2, "update p set a='x;y',\n b=2 where c=3;"),
        (4, "select 'last'"),
    ]


def test_the_records_and_the_decoded_text() -> None:
    items = _run(edit_history_sample().data)
    (table,) = [u for u in items if isinstance(u, TableUnit)]
    assert table.location.part == "patient"
    (text,) = [u for u in items if isinstance(u, TextUnit)]
    assert text.text.startswith("_HiStOrY_V2_\nuse lims;\nselect * from patient where bsn=")
    units: list[Unit] = [u for u in items if isinstance(u, TableUnit | TextUnit)]
    found = findings_from_arrow(detect_units(units, Config(workers=1)))
    assert {f.value for f in found if f.data_class == "bsn"} == {BSN[0], BSN[2]}


def test_it_is_sniffed_by_its_first_line() -> None:
    data = edit_history_sample().data
    assert sniff(io.BytesIO(data), ".mysql_history") is FileType.EDIT_HISTORY
    assert sniff(io.BytesIO(b"select 1;\n"), ".mysql_history") is not FileType.EDIT_HISTORY


def test_another_file_is_refused() -> None:
    with pytest.raises(ExtractError):
        _run(b"select 1;\n")
