"""Encoding detection and unit cutting (shared by the text-like extractors)."""

from __future__ import annotations

import codecs

import pytest

from breachscope.extract.chunking import MAX_COLUMNS, RecordChunker, RowChunker, cut_point
from breachscope.extract.encoding import SAMPLE_BYTES, Encoding, detect
from breachscope.location import Location


@pytest.mark.parametrize(
    ("sample", "expected"),
    [
        (codecs.BOM_UTF8 + b"abc", Encoding("utf-8", 3)),
        (codecs.BOM_UTF16_LE + "abc".encode("utf-16-le"), Encoding("utf-16-le", 2)),
        (codecs.BOM_UTF16_BE + "abc".encode("utf-16-be"), Encoding("utf-16-be", 2)),
        (codecs.BOM_UTF32_LE + "abc".encode("utf-32-le"), Encoding("utf-32-le", 4)),
        ("BSN;naam\n123".encode("utf-16-le"), Encoding("utf-16-le")),
        ("BSN;naam\n123".encode("utf-16-be"), Encoding("utf-16-be")),
        ("Ünal".encode(), Encoding("utf-8")),
        ("Ünal".encode("cp1252"), Encoding("cp1252")),
        (b"a\x00b\x00", Encoding("utf-8")),  # too few NULs to call it UTF-16
        (b"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00", Encoding("utf-8")),  # NULs everywhere
        (b"a" * (SAMPLE_BYTES - 1) + b"\xc3", Encoding("utf-8")),  # cut by the sample end
        (b"a\xc3", Encoding("cp1252")),  # ... but not at the end of a whole file
        (b"", Encoding("utf-8")),
    ],
)
def test_detect(sample: bytes, expected: Encoding) -> None:
    assert detect(sample) == expected


@pytest.mark.parametrize(
    ("text", "limit", "cut"),
    [("abc", 5, 3), ("aaaa\nbbbb\ncc", 11, 10), ("a\nbbbbbbbbbb", 8, 8), ("abcdef", 3, 3)],
)
def test_cut_point(text: str, limit: int, cut: int) -> None:
    assert cut_point(text, limit) == cut


def test_record_chunker_unions_columns_and_splits_wide_records() -> None:
    chunker = RecordChunker(Location("f"), max_rows=10)
    assert not list(chunker.add(1, {"a": "1"}))
    assert not list(chunker.add(2, {"b": "2", "a": None}))
    (unit,) = list(chunker.flush())
    assert unit.columns == ("a", "b")
    assert unit.data.to_pylist() == [
        {"c0": "1", "c1": None, "__row__": 1},
        {"c0": None, "c1": "2", "__row__": 2},
    ]
    wide = {f"k{i}": str(i) for i in range(MAX_COLUMNS + 3)}
    units = list(chunker.add(3, wide))
    assert [len(u.columns) for u in units] == [MAX_COLUMNS, 3]
    assert all(u.data.column("__row__").to_pylist() == [3] for u in units)


def test_row_chunker_pads_and_names_extra_cells() -> None:
    chunker = RowChunker(Location("f"), ["A", "B"], max_rows=2)
    assert not list(chunker.add(2, ["1"]))
    (unit,) = list(chunker.add(3, ["1", "2", "3"]))
    assert unit.columns == ("A", "B", "column3")
    assert unit.data.column("c2").to_pylist() == [None, "3"]
