"""Files in a database's BLOB cells (SQLite, its WAL, DuckDB): child files named by table,
column and row, bounded; Apple Notes' gzipped protobuf bodies read as their notes' text."""

from __future__ import annotations

import gzip
import io
import json
import os
import plistlib
import sqlite3
import tempfile
import zlib
from pathlib import Path

import pytest

from breachscope.config import Config
from breachscope.extract.base import ChildFile, Extracted, Note, Source
from breachscope.extract.blobfiles import BlobFiles, is_zlib, note_text
from breachscope.extract.duckdbfile import DuckdbExtractor
from breachscope.extract.sqlite import SqliteExtractor
from breachscope.extract.sqlitewal import SqliteWalExtractor
from breachscope.extract.units import TableUnit, TextUnit
from breachscope.ingest.filetype import sniff_bytes

from .protowriter import blob, uint
from .samples import BSN, DOB
from .walwriter import sqlite_wal

pytestmark = pytest.mark.timeout(60)
S = "\u2215"
CSV = f"naam;bsn;geboortedatum\nJansen-de Vries;{BSN[0]};{DOB[0]}\n".encode()
NOTE = (
    "Terugbellen uitstrijkjes\n\nMarieke Jansen-de Vries geb 12-03-1971\n"
    f"tel 06 12 34 56 78 - hrHPV negatief\nbsn {BSN[0]}"
)


def _png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (4, 4)).save(out, format="PNG")
    return out.getvalue()


def note_body(text: str) -> bytes:
    """A note's body as Notes writes it: ``NoteStoreProto`` (its document, field 2, its
    note, field 3, the text, field 2, an attribute run, field 5) gzipped."""
    note = blob(2, text) + blob(5, uint(1, len(text)))
    document = uint(2, 0) + blob(3, note)
    return gzip.compress(uint(1, 0) + blob(2, document))


def _database(statements: list[tuple[str, tuple[object, ...]]]) -> bytes:
    con = sqlite3.connect(":memory:")
    for sql, args in statements:
        con.execute(sql, args)
    con.commit()
    data = con.serialize()
    con.close()
    return data


def _sqlite(data: bytes, config: Config | None = None) -> list[Extracted]:
    source = Source("iphone/NoteStore.sqlite", "sqlite", len(data), lambda: io.BytesIO(data))
    return list(SqliteExtractor().extract(source, config or Config()))


def _children(items: list[Extracted]) -> dict[str, bytes]:
    return {c.name: c.data for c in items if isinstance(c, ChildFile)}


def _cells(items: list[Extracted], part: str, column: str) -> list[str | None]:
    out: list[str | None] = []
    for unit in items:
        if isinstance(unit, TableUnit) and unit.location.part == part:
            out += unit.data.column(f"c{unit.columns.index(column)}").to_pylist()
    return out


BINARY = plistlib.FMT_BINARY
FILES = [
    ("CREATE TABLE bijlage (id INTEGER PRIMARY KEY, naam TEXT, data BLOB)", ()),
    ("INSERT INTO bijlage VALUES (7, 'lijst.csv.gz', ?)", (gzip.compress(CSV, mtime=0),)),
    ("INSERT INTO bijlage VALUES (8, 'prefs', ?)", (plistlib.dumps({"bsn": BSN[1]}, fmt=BINARY),)),
    ("INSERT INTO bijlage VALUES (9, 'foto', ?)", (_png(),)),
    ("INSERT INTO bijlage VALUES (10, 'tekst', ?)", (zlib.compress(CSV),)),
    ("INSERT INTO bijlage VALUES (11, 'adres', CAST(? AS BLOB))", ("Dorpsstraat 12A",)),
    ("INSERT INTO bijlage VALUES (12, 'ruis', ?)", (bytes(range(200, 256)) * 2,)),
    ("INSERT INTO bijlage VALUES (13, 'kort', ?)", (b"\x1f\x8b\x08",)),
]  # fmt: skip


def test_blobs_that_hold_files_are_child_files_named_by_table_column_and_rowid() -> None:
    items = _sqlite(_database(FILES))
    children = _children(items)
    assert set(children) == {
        f"bijlage{S}data{S}rowid-7.gz",
        f"bijlage{S}data{S}rowid-8.plist",
        f"bijlage{S}data{S}rowid-9.png",
        f"bijlage{S}data{S}rowid-10.csv",  # zlib: the bytes it inflates to
    }
    assert gzip.decompress(children[f"bijlage{S}data{S}rowid-7.gz"]) == CSV
    assert children[f"bijlage{S}data{S}rowid-10.csv"] == CSV
    assert sniff_bytes(children[f"bijlage{S}data{S}rowid-8.plist"]) == "plist"
    # the cells keep their values: text where it is UTF-8, else none
    cells = _cells(items, "bijlage", "data")
    assert cells == [None, None, None, None, "Dorpsstraat 12A", None, None]
    assert not [n for n in items if isinstance(n, Note)]


def test_a_table_without_rowid_names_its_rows_by_place_and_names_are_one_step() -> None:
    data = _database(
        [
            ('CREATE TABLE "a/b:c" (k TEXT PRIMARY KEY, "d\\e" BLOB) WITHOUT ROWID', ()),
            ('INSERT INTO "a/b:c" VALUES (?, ?)', ("x", gzip.compress(CSV, mtime=0))),
        ]
    )
    assert set(_children(_sqlite(data))) == {f"a_b_c{S}d_e{S}row-1.gz"}


def test_the_bound_on_files_and_bytes_cuts_with_a_note() -> None:
    items = _sqlite(_database(FILES), Config(max_blob_files=2))
    assert len(_children(items)) == 2
    notes = [n for n in items if isinstance(n, Note)]
    assert len(notes) == 1 and "files in BLOBs read up to 2" in notes[0].reason
    assert notes[0].location.part == "bijlage"
    items = _sqlite(_database(FILES), Config(max_blob_bytes=100))
    assert sum(len(c.data) for c in items if isinstance(c, ChildFile)) <= 100
    assert [n for n in items if isinstance(n, Note)]


def _notestore(bodies: list[bytes]) -> bytes:
    statements: list[tuple[str, tuple[object, ...]]] = [
        ("CREATE TABLE ZICNOTEDATA (Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, ZNOTE INTEGER, "
         "ZDATA BLOB)", ()),
    ]  # fmt: skip
    for i, body in enumerate(bodies):
        statements.append(("INSERT INTO ZICNOTEDATA VALUES (?, 9, ?, ?)", (20 + i, 10 + i, body)))
    return _database(statements)


def test_an_apple_notes_body_is_its_notes_text_named_by_table_and_row() -> None:
    items = _sqlite(_notestore([note_body(NOTE), note_body("Elif Çelik geb 28-1-1984")]))
    texts = {u.location.part: u.text for u in items if isinstance(u, TextUnit)}
    assert texts == {
        "ZICNOTEDATA/ZDATA/rowid-20": NOTE,
        "ZICNOTEDATA/ZDATA/rowid-21": "Elif Çelik geb 28-1-1984",
    }
    assert not _children(items)
    assert _cells(items, "ZICNOTEDATA", "ZNOTE") == ["10", "11"]


def test_a_long_note_is_cut_into_units_with_offsets() -> None:
    text = (NOTE + "\n") * 40
    items = _sqlite(_notestore([note_body(text)]), Config(max_text_unit_chars=100))
    units = [u for u in items if isinstance(u, TextUnit)]
    assert len(units) > 1 and "".join(u.text for u in units) == text
    assert [u.base_offset for u in units][1] == len(units[0].text)


@pytest.mark.parametrize(
    "body",
    [
        gzip.compress(b"\xff\xff\xff\xff" * 8, mtime=0),  # no message
        gzip.compress(blob(2, blob(3, blob(2, b"\xff\xfe geen UTF-8"))), mtime=0),  # text no UTF-8
        gzip.compress(blob(2, blob(4, b"geen notitie")), mtime=0),  # no note field
        note_body(NOTE)[:-12],  # gzip cut short
    ],
)
def test_a_body_that_is_no_note_is_a_child_file_or_nothing(body: bytes) -> None:
    items = _sqlite(_notestore([body]))
    assert not [u for u in items if isinstance(u, TextUnit)]
    assert set(_children(items)) <= {f"ZICNOTEDATA{S}ZDATA{S}rowid-20.gz"}


def test_note_text_and_zlib_by_the_formats() -> None:
    assert note_text(note_body(NOTE), 10_000) == NOTE
    assert note_text(note_body(NOTE), 10) is None  # inflates past the bound
    assert note_text(b"not gzip at all, no", 10_000) is None
    assert is_zlib(zlib.compress(b"x")) and is_zlib(zlib.compress(b"x", 9))
    assert not is_zlib(b"\x78\x00") and not is_zlib(b"x")


def test_hostile_gzip_and_zlib_bombs_stay_within_the_bound() -> None:
    bomb = zlib.compress(b"a" * 5_000_000)
    gz = gzip.compress(b"\x00" * 5_000_000)
    files = BlobFiles("x.db", Config(max_blob_bytes=1000))
    out = list(files.cell("t", "c", "rowid-1", bomb)) + list(files.cell("t", "c", "rowid-2", gz))
    assert not [c for c in out if isinstance(c, ChildFile) and len(c.data) > 1000]
    files = BlobFiles("x.db", Config(max_blob_bytes=1000))
    out = list(files.cell("ZICNOTEDATA", "ZDATA", "rowid-1", gzip.compress(b"\x12" * 10**6)))
    assert not [u for u in out if isinstance(u, TextUnit)]


def test_a_wal_names_a_blobs_file_by_its_frame_and_rowid() -> None:
    def write(con: sqlite3.Connection) -> None:
        con.execute(
            "CREATE TABLE ZICNOTEDATA (Z_PK INTEGER PRIMARY KEY, ZNOTE INTEGER, ZDATA BLOB)"
        )
        con.execute("CREATE TABLE bijlage (id INTEGER PRIMARY KEY, data BLOB)")
        con.execute("INSERT INTO ZICNOTEDATA VALUES (20, 10, ?)", (note_body(NOTE),))
        con.execute("INSERT INTO bijlage VALUES (3, ?)", (gzip.compress(CSV, mtime=0),))

    data = sqlite_wal(write, ())
    source = Source("n.sqlite-wal", "sqlite-wal", len(data), lambda: io.BytesIO(data))
    items = list(SqliteWalExtractor().extract(source, Config()))
    texts = {u.location.part: u.text for u in items if isinstance(u, TextUnit)}
    (part,) = texts
    assert part.startswith("ZICNOTEDATA/ZDATA/frame-") and part.endswith("-rowid-20")
    assert texts[part] == NOTE
    (child,) = _children(items)
    assert child.startswith(f"bijlage{S}data{S}frame-") and child.endswith("-rowid-3.gz")


def test_duckdb_names_a_blobs_file_by_its_schema_table_column_and_place() -> None:
    import duckdb

    with tempfile.TemporaryDirectory() as folder:
        name = os.path.join(folder, "x.duckdb")
        con = duckdb.connect(name)
        con.execute("CREATE TABLE scans (id INTEGER, doc BLOB)")
        con.execute("INSERT INTO scans VALUES (1, NULL), (2, ?)", [gzip.compress(CSV, mtime=0)])
        con.close()
        data = Path(name).read_bytes()
    source = Source("x.duckdb", "duckdb", len(data), lambda: io.BytesIO(data))
    items = list(DuckdbExtractor().extract(source, Config()))
    assert _children(items) == {f"main.scans{S}doc{S}row-2.gz": gzip.compress(CSV, mtime=0)}


def test_json_in_a_blob_that_is_utf8_stays_its_cells() -> None:
    data = _database(
        [
            ("CREATE TABLE t (v BLOB)", ()),
            ("INSERT INTO t VALUES (?)", (json.dumps({"bsn": BSN[0], "x": "y" * 20}).encode(),)),
        ]
    )
    items = _sqlite(data)
    assert not _children(items)
    assert _cells(items, "t", "v") == [json.dumps({"bsn": BSN[0], "x": "y" * 20})]
