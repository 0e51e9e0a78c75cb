"""PostgreSQL archives (``pg_dump -Fc``): each table's rows a child SQL file read by the
SQL reader, large objects child files, the contents' statements text; archives written
by pg_dump 15 (``fixtures/pgdump``, ``make_pgdump.sh`` says how) and by pgdumplib as
PostgreSQL 17, and the later versions and compressions by the samples' writer."""

from __future__ import annotations

import io
import zlib
from pathlib import Path

import pytest

from breachscope.config import Config
from breachscope.extract.base import ChildFile, Extracted, ExtractError, Note, Source
from breachscope.extract.pgdump import PgDumpExtractor
from breachscope.extract.sql import SqlExtractor
from breachscope.extract.units import TextUnit
from breachscope.ingest.filetype import FileType, sniff_bytes

from .rows import rows_by_part
from .samples import BSN, DOB, PG_COPY, PG_CREATE, PG_ENTRIES, pg_archive, pg_chunks

pytestmark = pytest.mark.timeout(60)
FIXTURES = Path(__file__).parent / "fixtures" / "pgdump"


def extract(data: bytes, config: Config | None = None) -> list[Extracted]:
    source = Source("bvo.dump", "pg-dump", len(data), lambda: io.BytesIO(data))
    return list(PgDumpExtractor().extract(source, config or Config()))


def children(items: list[Extracted]) -> dict[str, bytes]:
    return {c.name: c.data for c in items if isinstance(c, ChildFile)}


def tables(child: bytes) -> dict[str | None, dict[int, dict[str, str]]]:
    """What the SQL reader reads in a child, as the scan would (it is sniffed as SQL)."""
    assert sniff_bytes(child, "t.sql") is FileType.SQL
    source = Source("t.sql", "sql", len(child), lambda: io.BytesIO(child))
    return rows_by_part(list(SqlExtractor().extract(source, Config())))


def texts(items: list[Extracted]) -> dict[str | None, str]:
    return {u.location.part: u.text for u in items if isinstance(u, TextUnit)}


PATIENTS = {
    1: {"id": "1", "achternaam": "Jansen-de Vries", "voorletters": "M.", "bsn": "111222333",
        "geboortedatum": "1971-03-14", "opmerking": "belt terug"},
    2: {"id": "2", "achternaam": "van der Berg", "bsn": "123456782",
        "geboortedatum": "1985-11-02", "opmerking": "regel 1\nregel 2\tmet tab"},
    3: {"id": "3", "achternaam": "Yılmaz", "voorletters": "Ö.", "opmerking": "back\\slash"},
}  # fmt: skip


def test_pg_dump_15s_archive_gives_each_table_its_large_object_and_its_statements() -> None:
    data = (FIXTURES / "bvo.dump").read_bytes()
    assert sniff_bytes(data, "bvo_portal_2024-05-12.dump") is FileType.PG_DUMP
    items = extract(data)
    files = children(items)
    assert list(files) == ["lab.uitslag.sql", "public.patient.sql", "blob-16401"]
    assert tables(files["public.patient.sql"]) == {"public.patient": PATIENTS}
    assert tables(files["lab.uitslag.sql"])["lab.uitslag"][1] == {
        "monster": "T24-000123", "patient_id": "1", "uitslag": "hrHPV positief, Pap 2",
        "afname": "2024-05-10 09:12:00",
    }  # fmt: skip
    assert files["blob-16401"] == b"naam;bsn\nJansen;111222333\n"
    parts = texts(items)
    assert "compression gzip" in parts["info"] and "database: bvo" in parts["info"]
    assert "COMMENT ON TABLE public.patient IS 'Patiënten van het" in parts["definitions"]
    assert not [i for i in items if isinstance(i, Note)]


@pytest.mark.parametrize("name", ["inserts.dump", "dataonly.dump"])
def test_rows_as_inserts_and_a_data_only_archive_are_read_as_well(name: str) -> None:
    files = children(extract((FIXTURES / name).read_bytes()))
    assert tables(files["public.patient.sql"]) == {"public.patient": PATIENTS}


def test_rows_are_turned_into_utf8_from_the_archives_encoding() -> None:
    files = children(extract((FIXTURES / "latin1.dump").read_bytes()))
    assert tables(files["public.klant.sql"]) == {
        "public.klant": {1: {"naam": "Müller-Ça", "bsn": "111222333"}}
    }


def test_postgresql_17s_archive_as_pgdumplib_writes_it() -> None:
    items = extract((FIXTURES / "pg17.dump").read_bytes())
    assert "version 1.16.0, compression none" in texts(items)["info"]
    assert tables(children(items)["portal.account.sql"])["portal.account"] == {
        1: {"email": "a.jansen@example.nl", "naam": "Anna Jansen", "bsn": "111222333",
            "geboren": "1980-02-29"},
        2: {"email": "p.devries@example.nl", "naam": "Pieter de Vries", "geboren": "1975-12-01"},
    }  # fmt: skip


def test_a_directory_archives_contents_name_its_data_files() -> None:
    items = extract((FIXTURES / "toc.dat").read_bytes())
    assert not children(items)
    assert "data of public.patient: 3349.dat" in texts(items)["info"]
    assert "CREATE TABLE public.patient (" in texts(items)["definitions"]


ROWS = f"Jansen-de Vries\t{BSN[0]}\t{DOB[0]}\n\\.\n\n\n".encode()


@pytest.mark.parametrize(
    ("version", "compression"),
    [((1, 12, 0), 1), ((1, 14, 0), 0), ((1, 15, 0), 3), ((1, 15, 0), 1), ((1, 16, 0), 3)],
)
def test_each_version_and_compression(version: tuple[int, int, int], compression: int) -> None:
    data = pg_archive(PG_ENTRIES, [(4, pg_chunks(ROWS, compression))], version, compression)
    files = children(extract(data))
    assert files == {"public.patient.sql": f"{PG_CREATE}\n{PG_COPY}\n".encode() + ROWS}


def test_lz4_data_are_not_read_and_say_so() -> None:
    data = pg_archive(PG_ENTRIES, [(4, pg_chunks(b"\x04\x22\x4d\x18", 0))], (1, 15, 0), 2)
    items = extract(data)
    assert not children(items)
    assert [n.reason for n in items if isinstance(n, Note)] == [
        "data compressed with lz4: not read"
    ]
    assert "definitions" in texts(items)


def test_a_large_table_is_cut_at_rows_into_children_that_each_read() -> None:
    rows = b"".join(b"Naam%04d\t%s\t1980-01-01\n" % (i, BSN[0].encode()) for i in range(400))
    data = pg_archive(PG_ENTRIES, [(4, pg_chunks(rows + b"\\.\n", 1, 4096))])
    files = children(extract(data, Config(batch_bytes=2048)))
    assert len(files) > 5 and all(len(f) < 2048 + 200 for f in files.values())
    assert list(files)[:2] == ["public.patient.sql", "public.patient.2.sql"]
    names = [
        row["naam"] for child in files.values() for row in tables(child)["public.patient"].values()
    ]
    assert names == [f"Naam{i:04d}" for i in range(400)]


def test_a_block_that_inflates_beyond_the_limit_stays_in_pieces() -> None:
    rows = b"x\t1\t2\n" * 400_000  # (2.4 MB, compressing to a few kB)
    data = pg_archive(PG_ENTRIES, [(4, pg_chunks(rows, 1, 1024))])
    files = children(extract(data, Config(batch_bytes=64 * 1024)))
    assert sum(f.count(b"x\t1\t2\n") for f in files.values()) == 400_000
    assert max(len(f) for f in files.values()) < 64 * 1024 + 200


def test_a_cut_archive_keeps_the_tables_before_the_cut() -> None:
    data = (FIXTURES / "bvo.dump").read_bytes()
    whole = extract(data)
    items = extract(data[: len(data) - 20])
    notes = [n.reason for n in items if isinstance(n, Note)]
    assert len(notes) == 1 and notes[0].startswith("pg_dump data reading stopped at byte")
    assert set(children(items)) < set(children(whole))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"PGDMP\x01\x0e\x00\x04\x08\x01", "the end"),
        (b"PGDMP\x02\x00\x00\x04\x08\x01" + bytes(64), "archive version 2.0"),
        (b"PGDMP\x01\x0e\x00\x04\x08\x02" + bytes(64), "format other than"),
        (pg_archive(PG_ENTRIES, [], count=2**31 - 1), "2147483647 entries"),
        (pg_archive(PG_ENTRIES, [])[:200], "a length of"),
    ],
)
def test_a_broken_header_or_contents_is_an_error(data: bytes, message: str) -> None:
    with pytest.raises(ExtractError, match=f"unreadable pg_dump archive .*{message}"):
        extract(data)


def test_a_chunk_longer_than_the_file_ends_the_reading_with_a_note() -> None:
    block = b"\x00\xff\xff\xff\x7f" + zlib.compress(ROWS)
    items = extract(pg_archive(PG_ENTRIES, [(4, block)]))
    assert not children(items)
    at = len(pg_archive(PG_ENTRIES, []))  # (the block's kind, its entry, its chunk's length)
    assert [n.reason for n in items if isinstance(n, Note)] == [
        f"pg_dump data reading stopped at byte {at} (a chunk of 2147483647 bytes at byte {at + 11})"
    ]


@pytest.mark.parametrize("compression", [1, 3])
def test_compressed_data_cut_or_damaged_end_the_reading_with_a_note(compression: int) -> None:
    block = pg_chunks(ROWS * 50, compression, 16)
    cut = pg_archive(PG_ENTRIES, [(4, block[:-30])], (1, 15, 0), compression)
    damaged = pg_archive(
        PG_ENTRIES, [(4, block[:40] + bytes(20) + block[60:])], (1, 15, 0), compression
    )
    for data in (cut, damaged):
        items = extract(data)
        notes = [n.reason for n in items if isinstance(n, Note)]
        assert len(notes) == 1 and notes[0].startswith("pg_dump data reading stopped at byte")
    if compression == 1:  # (zstd gives a block's data only once its block is whole)
        kept = tables(children(extract(cut))["public.patient.sql"])["public.patient"]
        assert kept[1] == {"naam": "Jansen-de Vries", "bsn": BSN[0], "geboren": DOB[0]}


def test_a_text_claiming_more_than_is_left_is_an_error() -> None:
    data = pg_archive(PG_ENTRIES, [])
    at = data.index(b"bvo_portal") - 5
    broken = data[:at] + b"\x00\xff\xff\xff\x00" + data[at + 5 :]
    with pytest.raises(ExtractError, match="a length of 16777215"):
        extract(broken)
