"""Binary record formats read as JSON documents are: a MongoDB dump's BSON, an Avro
container file, a binary property list. Their dates come out as days, their people are
found, a broken stream keeps what was read before the break."""

from __future__ import annotations

import datetime as dt
import io
import json
import plistlib

import pytest

from breachscope.config import Config
from breachscope.detect.engine import detect_units
from breachscope.detect.finding import findings_from_arrow
from breachscope.extract.avrofile import AvroExtractor
from breachscope.extract.base import Extracted, ExtractError, Extractor, Note, Source
from breachscope.extract.binaryplist import BinaryPlistExtractor
from breachscope.extract.json import plain
from breachscope.extract.mongodump import BsonExtractor
from breachscope.extract.units import TableUnit
from breachscope.ingest.filetype import FileType, is_bson, sniff_bytes

from .rows import rows_by_number

pytestmark = pytest.mark.timeout(60)

AMSTERDAM = dt.timezone(dt.timedelta(hours=1))


def extract(extractor: Extractor, data: bytes, kind: str) -> list[Extracted]:
    source = Source("dump/file", kind, len(data), lambda: io.BytesIO(data))
    return list(extractor.extract(source, Config(max_table_rows_per_unit=2)))


def found(items: list[Extracted]) -> set[tuple[int | None, str, str]]:
    units = [u for u in items if isinstance(u, TableUnit)]
    return {
        (f.location.row, f.data_class, f.value)
        for f in findings_from_arrow(detect_units(units, Config(workers=1)))
    }


def _patients() -> bytes:
    import bson

    docs = [
        {
            "_id": bson.ObjectId("65f1a2b3c4d5e6f708192a3b"),
            "bsn": "347712782",
            "naam": {"voornamen": "Naima", "achternaam": "Bakkali"},
            "geboortedatum": dt.datetime(1978, 3, 4, tzinfo=AMSTERDAM),  # (local midnight)
            "telefoon": "06-12345678",
        },
        {
            "_id": bson.ObjectId("65f1a2b3c4d5e6f708192a3c"),
            "bsn": bson.Int64(86477158),  # (a number: its leading zero lost)
            "naam": {"voornamen": "Lieke", "achternaam": "Wolbers"},
            "geboortedatum": dt.datetime(1991, 1, 7, tzinfo=AMSTERDAM),
            "aantal_oproepen": 2.0,
        },
    ]
    return b"".join(bson.encode(d) for d in docs)


def test_a_mongodump_collection_is_a_record_per_document() -> None:
    data = _patients()
    assert sniff_bytes(data, "patienten.bson") is FileType.BSON
    items = extract(BsonExtractor(), data, "bson")
    rows = rows_by_number(items)
    assert rows[1]["_id"] == "65f1a2b3c4d5e6f708192a3b"
    assert rows[1]["geboortedatum"] == "1978-03-03T23:00:00.000Z"
    assert rows[2]["bsn"] == "86477158"
    assert rows[2]["aantal_oproepen"] == "2"  # (a whole number stored as a double)
    assert found(items) >= {
        (1, "bsn", "347712782"),
        (1, "date_of_birth", "1978-03-04"),  # (its day in the Netherlands)
        (2, "bsn", "086477158"),
        (2, "date_of_birth", "1991-01-07"),
        (2, "name", "Wolbers"),
    }


def test_a_broken_bson_stream_keeps_the_documents_before_the_break() -> None:
    data = _patients()
    first = int.from_bytes(data[:4], "little")
    items = extract(BsonExtractor(), data[: first + 10], "bson")
    assert set(rows_by_number(items)) == {1}
    notes = [i for i in items if isinstance(i, Note)]
    assert len(notes) == 1 and "BSON reading stopped" in notes[0].reason
    with pytest.raises(ExtractError):
        extract(BsonExtractor(), b"\xff\xff\xff\x7f" + data[4:], "bson")


@pytest.mark.parametrize(
    ("head", "is_one"),
    [
        (b"\x12\x00\x00\x00\x02_id\x00\x04\x00\x00\x00abc\x00\x00", True),
        (b"Naam;BSN;Geboortedatum\n", False),  # text: no length that fits
        (b"\x12\x00\x00\x00\x02\x01\x02\x00\x04\x00\x00\x00abc\x00\x00", False),  # key
        (b"\x12\x00\x00\x00\x02_id\x00\x04\x00\x00\x00abc\x00\x01", False),  # no closing NUL
    ],
)
def test_what_opens_a_bson_stream(head: bytes, is_one: bool) -> None:
    assert is_bson(head, len(head)) is is_one


def test_an_avro_file_is_a_record_per_datum() -> None:
    import fastavro

    schema = fastavro.parse_schema(
        {
            "type": "record",
            "name": "Uitslag",
            "fields": [
                {"name": "bsn", "type": "string"},
                {"name": "achternaam", "type": "string"},
                {"name": "geboortedatum", "type": {"type": "int", "logicalType": "date"}},
                {"name": "uitslag", "type": ["null", "string"]},
            ],
        }
    )
    records = [
        {"bsn": "347712782", "achternaam": "Bakkali", "geboortedatum": dt.date(1978, 3, 4),
         "uitslag": "hrHPV positief"},
        {"bsn": "514830670", "achternaam": "Wolbers", "geboortedatum": dt.date(1991, 1, 7),
         "uitslag": None},
    ]  # fmt: skip
    buf = io.BytesIO()
    fastavro.writer(buf, schema, records, codec="deflate")
    data = buf.getvalue()
    assert sniff_bytes(data, "x.avro") is FileType.AVRO
    items = extract(AvroExtractor(), data, "avro")
    assert rows_by_number(items)[2] == {
        "bsn": "514830670",
        "achternaam": "Wolbers",
        "geboortedatum": "1991-01-07",
    }
    assert found(items) >= {
        (1, "bsn", "347712782"),
        (1, "date_of_birth", "1978-03-04"),
        (1, "health", "hrHPV positief"),
        (2, "date_of_birth", "1991-01-07"),
    }
    with pytest.raises(ExtractError):
        extract(AvroExtractor(), data[:40], "avro")


def test_a_binary_plist_with_a_json_document_stored_as_data() -> None:
    value = {
        "koerier": {"naam": "Gijs Heuvelink"},
        "laatsteSync": dt.datetime(2024, 5, 13, 7, 31, 2),
        "offlineCache": json.dumps(
            {"patient": {"naam": "Priya Bhagwandin", "geboortedatum": "1991-01-07"}}
        ).encode(),
    }
    data = plistlib.dumps(value, fmt=plistlib.FMT_BINARY)
    assert sniff_bytes(data, "nl.koerier.plist") is FileType.PLIST
    items = extract(BinaryPlistExtractor(), data, "plist")
    assert rows_by_number(items)[1] == {
        "koerier.naam": "Gijs Heuvelink",
        "laatsteSync": "2024-05-13T07:31:02.000Z",
        "offlineCache.patient.naam": "Priya Bhagwandin",
        "offlineCache.patient.geboortedatum": "1991-01-07",
    }
    assert (1, "date_of_birth", "1991-01-07") in found(items)
    with pytest.raises(ExtractError):
        extract(BinaryPlistExtractor(), data[:30], "plist")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (dt.datetime(1966, 12, 5, 23, 0, tzinfo=dt.UTC), "1966-12-05T23:00:00.000Z"),
        (dt.date(1966, 12, 6), "1966-12-06"),
        (b"Dorpsstraat 12A", "Dorpsstraat 12A"),
        (b"\xff\xfe", None),
        (b'{"bsn": "347712782"}', {"bsn": "347712782"}),
        (123456782.0, 123456782),
        (2.5, 2.5),
        ({1: (True, None)}, {"1": [True, None]}),
    ],
)
def test_plain_values(value: object, expected: object) -> None:
    assert plain(value) == expected
