"""Encoding detection and unit cutting (shared by the text-like extractors)."""

from __future__ import annotations

import codecs

import pytest
from hypothesis import given
from hypothesis import strategies as st

from breachscope.extract.chunking import MAX_COLUMNS, RecordChunker, RowChunker, cut_point
from breachscope.extract.encoding import MIXED, SAMPLE_BYTES, Encoding, decode_bytes, detect
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
        # a letter in UTF-8 among bytes that are not (a MessagePack stream, a binary log)
        (b'\xa5Value\xc5\x01\x0b{"naam": "T. W\xc3\xb3jcik"}\xa9', Encoding(MIXED)),
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


def test_mixed_text_reads_utf8_letters_and_cp1252_bytes() -> None:
    """Rule 3's mixed text: a UTF-8 letter is one character, every other byte its cp1252
    character (an undefined one U+FFFD), so a cp1252 word reads as cp1252 reads it."""
    data = b"\x81\xa5naam: T. W\xc3\xb3jcik, Ren\xe9e\x00"
    assert decode_bytes(data) == "\ufffd\u00a5naam: T. W\u00f3jcik, Ren\u00e9e\x00"


@given(st.binary(max_size=300), st.integers(min_value=1, max_value=16))
def test_mixed_decoding_in_blocks_is_the_whole_decoding(data: bytes, block: int) -> None:
    """Offsets are characters of the decoded file: a block's end never changes them (a
    UTF-8 sequence cut by it waits for the next block), and every byte that is no part of
    a UTF-8 sequence is one character."""
    whole = data.decode(MIXED, errors="replace")
    decoder = codecs.getincrementaldecoder(MIXED)("replace")
    pieces = [decoder.decode(data[i : i + block]) for i in range(0, len(data), block)]
    assert "".join(pieces) + decoder.decode(b"", final=True) == whole
    assert len(whole) <= len(data)
    try:
        assert whole == data.decode("utf-8")
    except UnicodeDecodeError:
        assert len(whole) > len(data.decode("utf-8", errors="ignore"))
