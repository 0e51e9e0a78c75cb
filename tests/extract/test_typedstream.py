"""NSArchiver typedstreams: the texts of an attributed string, written by the format."""

from __future__ import annotations

import io
import sqlite3
from pathlib import Path

import pytest

from breachscope.config import Config
from breachscope.extract.base import ChildFile, ExtractError, Note, Source
from breachscope.extract.sqlite import SqliteExtractor
from breachscope.extract.typedstream import TypedstreamExtractor, is_typedstream, message_text
from breachscope.extract.units import TableUnit, TextUnit
from breachscope.ingest.filetype import FileType, sniff_bytes

from .samples import TYPEDSTREAM_KEY, TYPEDSTREAM_TEXT, ts_text, typedstream_bytes


def _read(data: bytes, config: Config | None = None) -> tuple[str, list[Note]]:
    source = Source("chat.db!/blob", "typedstream", len(data), lambda: io.BytesIO(data))
    items = list(TypedstreamExtractor().extract(source, config or Config()))
    text = "".join(u.text for u in items if isinstance(u, TextUnit))
    return text, [n for n in items if isinstance(n, Note)]


def test_the_message_text_and_the_attribute_key_are_read() -> None:
    text, notes = _read(typedstream_bytes(TYPEDSTREAM_TEXT))
    assert text == f"{TYPEDSTREAM_TEXT}\n{TYPEDSTREAM_KEY}"
    assert not notes


def test_it_sniffs_by_its_header() -> None:
    data = typedstream_bytes("Jansen, BSN 111222333")
    assert sniff_bytes(data) is FileType.TYPEDSTREAM
    assert is_typedstream(data)
    assert not is_typedstream(b"\x04\x0bstreamtype")
    assert sniff_bytes(b"streamtyped " * 10) is not FileType.TYPEDSTREAM


def test_a_long_text_has_a_two_byte_length() -> None:
    long = "Jansen-de Vries, BSN 111222333. " * 20
    assert len(long.encode()) > 127
    text, notes = _read(typedstream_bytes(long))
    assert text.startswith(long) and not notes


def test_big_endian_typedstream_is_read() -> None:
    data = b"\x04\x0btypedstream\x81\x03\xe8\x84\x01+" + ts_text("Ömer Yılmaz 123456782")
    text, notes = _read(data)
    assert text == "Ömer Yılmaz 123456782" and not notes


def test_a_cut_stream_keeps_the_texts_before_with_a_note() -> None:
    data = typedstream_bytes(TYPEDSTREAM_TEXT)
    cut = data[: data.index(TYPEDSTREAM_KEY.encode()) + 4]
    text, notes = _read(cut)
    assert text == TYPEDSTREAM_TEXT
    assert notes and "stopped" in notes[0].reason


def test_a_hostile_length_and_garbage_fail() -> None:
    hostile = b"\x04\x0bstreamtyped\x81\xe8\x03\x84\x01+\x82\xff\xff\xff\x7f" + b"x" * 40
    with pytest.raises(ExtractError):
        _read(hostile)
    with pytest.raises(ExtractError):
        _read(b"\x04\x0bstreamtyped\x81\xe8\x03" + bytes(range(256)))
    with pytest.raises(ExtractError):
        _read(b"not a typedstream at all, just some text")


def test_a_self_reference_and_deep_nesting_end_in_a_note_or_error() -> None:
    deep = b"\x04\x0bstreamtyped\x81\xe8\x03\x84\x01@" + b"\x84\x84\x84\x01A\x00\x85\x92" * 500
    with pytest.raises(ExtractError):
        _read(deep)
    ref = b"\x04\x0bstreamtyped\x81\xe8\x03\x84\x01@\x84\x9f"
    with pytest.raises(ExtractError):
        _read(ref)


def test_a_messages_blob_is_read_as_its_cells_text(tmp_path: Path) -> None:
    """``message.attributedBody`` holds the message as its row's text (so a reply is read
    under the message above it in the same column), not as a file of its own."""
    db = tmp_path / "chat.db"
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE message (ROWID INTEGER PRIMARY KEY, text TEXT, attributedBody BLOB)")
    con.execute("INSERT INTO message VALUES (5, NULL, ?)", (typedstream_bytes(TYPEDSTREAM_TEXT),))
    con.execute("INSERT INTO message VALUES (6, NULL, ?)", (typedstream_bytes("2 juni 1975"),))
    con.commit()
    con.close()
    data = db.read_bytes()
    source = Source("chat.db", "sqlite", len(data), lambda: io.BytesIO(data))
    items = list(SqliteExtractor().extract(source, Config()))
    assert not [c for c in items if isinstance(c, ChildFile)]
    (table,) = [u for u in items if isinstance(u, TableUnit) and u.location.part == "message"]
    assert tuple(table.columns) == ("ROWID", "text", "attributedBody")
    assert table.data.column("c2").to_pylist() == [TYPEDSTREAM_TEXT, "2 juni 1975"]


@pytest.mark.parametrize(
    ("data", "text"),
    [
        (typedstream_bytes(TYPEDSTREAM_TEXT), TYPEDSTREAM_TEXT),
        (typedstream_bytes(TYPEDSTREAM_TEXT)[:40], None),  # cut before its text
        (b"\x04\x0bstreamtyped\x81\xe8\x03" + bytes(range(256)), None),
        (b"not a typedstream, some other blob", None),
    ],
)
def test_message_text(data: bytes, text: str | None) -> None:
    assert message_text(data) == text


def test_arrays_structures_floats_and_c_strings_are_passed_over() -> None:
    data = (
        b"\x04\x0bstreamtyped\x81\xe8\x03"
        b"\x84\x0c[4c]{pt=id}f"  # four bytes, a structure of an int and a double, a float
        + b"abcd" + b"\x05\x83" + bytes(8) + b"\x83" + bytes(4)
        + b"\x84\x02*+\x84\x84\x03abc" + ts_text("Dorpsstraat 12A")
        + b"\x84\x03^i:\x81\x00\x02\x85"
    )  # fmt: skip
    text, notes = _read(data)
    assert text == "Dorpsstraat 12A" and not notes
