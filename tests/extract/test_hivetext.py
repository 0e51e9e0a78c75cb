"""Hive's plain text table files: a row per line, the fields (``\\x01`` apart) as
positional columns, NULLs and nested separators; what is sniffed as one and what not;
the detectors reading a birth date and a postcode without a header; long lines, damage."""

from __future__ import annotations

import io
import random

import pytest

from breachscope.config import Config
from breachscope.extract.base import Extracted, ExtractError, Note, Source
from breachscope.extract.hivetext import HiveTextExtractor, hive_fields
from breachscope.extract.units import TableUnit
from breachscope.ingest.filetype import FileType, sniff_bytes

from .rows import rows_by_number
from .samples import BSN, DOB, hive_text_sample

pytestmark = pytest.mark.timeout(60)


def extract(data: bytes, config: Config | None = None) -> list[Extracted]:
    source = Source("000000_0", "hive-text", len(data), lambda: io.BytesIO(data))
    return list(HiveTextExtractor().extract(source, config or Config()))


def test_a_row_per_line_its_fields_by_position() -> None:
    sample = hive_text_sample()
    assert sniff_bytes(sample.data, "000000_0") is FileType.HIVE_TEXT
    items = extract(sample.data)
    rows = rows_by_number(items)
    assert sorted(rows) == [1, 2, 4]  # (line 3 is blank)
    assert rows[1] == {
        "column1": BSN[0], "column2": "Jansen-de Vries", "column3": DOB[0],
        "column4": "Dorpsstraat 12A", "column5": "1234 AB", "column6": "HPV, cytologie",
    }  # fmt: skip
    assert "column4" not in rows[2] and rows[2]["column6"] == "uitslag: negatief"
    assert rows[4]["column2"] == "Ömer Yılmaz" and "column6" not in rows[4]
    units = [u for u in items if isinstance(u, TableUnit)]
    assert units[0].columns == tuple(f"column{i}" for i in range(1, 7))
    assert not [i for i in items if isinstance(i, Note)]


def test_fields_nulls_and_nested_separators() -> None:
    assert hive_fields("a\x01\\N\x01\x01x\x02y\x01k\x03v\x02l\x03w\x01s\x04t") == [
        "a", None, "", "x, y", "k: v, l: w", "s t",
    ]  # fmt: skip


def test_crlf_and_cr_line_ends() -> None:
    data = f"{BSN[0]}\x01Jansen\r\n{BSN[1]}\x01Bakker\r{BSN[2]}\x01Kok".encode()
    rows = rows_by_number(extract(data))
    assert rows == {
        1: {"column1": BSN[0], "column2": "Jansen"},
        2: {"column1": BSN[1], "column2": "Bakker"},
        3: {"column1": BSN[2], "column2": "Kok"},
    }


def test_the_detectors_read_the_columns_by_their_values() -> None:
    from breachscope.detect.headerless import guessed_headers
    from breachscope.detect.tables import sample_of

    lines = [
        f"{BSN[0]}\x01Jansen-de Vries\x011962-08-17\x01Dorpsstraat 12A\x011234 AB\x01Utrecht",
        f"{BSN[1]}\x01van der Berg, J.P.\x011989-02-09\x01Kerkstraat 1\x013581 AB\x01Utrecht",
        f"{BSN[2]}\x01Ömer Yılmaz\x011994-06-21\x01Laan 7\x017533 BW\x01Enschede",
        "100000009\x01Bos, R.A.\x011979-01-03\x01Hengelosestraat 77\x017538 EP\x01Enschede",
    ]
    unit = next(u for u in extract("\n".join(lines).encode()) if isinstance(u, TableUnit))
    samples = [
        sample_of(unit.data.column(f"c{i}").combine_chunks()) for i in range(len(unit.columns))
    ]
    guessed = guessed_headers(unit.columns, samples)
    assert guessed.get(2) == "geboortedatum" and guessed.get(4) == "postcode"


def test_an_overlong_line_is_passed_over_with_a_note() -> None:
    data = f"{BSN[0]}\x01a\n{'x' * 200}\x01b\n{BSN[1]}\x01c\n".encode()
    items = extract(data, Config(max_text_unit_chars=64))
    rows = rows_by_number(items)
    assert sorted(rows) == [1, 3] and rows[3]["column1"] == BSN[1]
    notes = [n for n in items if isinstance(n, Note)]
    assert len(notes) == 1 and notes[0].location.row == 2 and "longer than 64" in notes[0].reason


def test_a_cut_file_keeps_its_lines() -> None:
    data = hive_text_sample().data
    rows = rows_by_number(extract(data[: len(data) - 10]))
    assert sorted(rows) == [1, 2, 4] and rows[1]["column1"] == BSN[0]


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"2024-05-01 INFO started\n2024-05-01 INFO \x01 stray\n2024-05-01 INFO ok\n", "log"),
        (b"naam;bsn\nJansen;123456782\n", "csv"),
        (random.Random(3).randbytes(4096), "random"),
        (b"\x01" + b"\0" * 500, "nul"),
        (b"a\x01b\x1e\x1e\x1e\x1e\x1e\x1e\x1e\x1e\n", "controls"),
    ],
)
def test_what_is_no_hive_text(data: bytes, name: str) -> None:
    assert sniff_bytes(data, "000000_0") is not FileType.HIVE_TEXT
    with pytest.raises(ExtractError):
        extract(data)


def test_latin1_bytes_few_among_ascii() -> None:
    data = f"{BSN[0]}\x01Müller\n{BSN[1]}\x01Bakker\n".encode("cp1252")
    assert sniff_bytes(data, "part-m-00000") is FileType.HIVE_TEXT
    assert rows_by_number(extract(data))[1]["column2"] == "Müller"
