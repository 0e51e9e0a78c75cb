"""CBOR files: one item read as a JSON document, a sequence a record per item; dates by
their tags; nothing a tag names is built."""

from __future__ import annotations

import datetime as dt
import io

import cbor2
import pytest

from breachscope.config import Config
from breachscope.extract.base import Extracted, ExtractError, Note, Source
from breachscope.extract.cborfile import CborExtractor
from breachscope.ingest.filetype import FileType, sniff_bytes

from .rows import rows_by_number, rows_by_part

pytestmark = pytest.mark.timeout(60)


def extract(data: bytes) -> list[Extracted]:
    source = Source("cache/pending.cbor", "cbor", len(data), lambda: io.BytesIO(data))
    return list(CborExtractor().extract(source, Config()))


def test_an_apps_cache_is_a_document_its_records_a_part() -> None:
    """A tablet app's pending scans: a name in chunks (an indefinite-length text), a
    birth date by tag 1004, a scan's instant, a thumbnail's bytes (no text), an unknown
    tag's value, ``undefined``."""
    name = b"\x7f" + cbor2.dumps("Agnieszka") + cbor2.dumps(" Wójcik") + b"\xff"  # (chunks)
    client = (
        b"\xa3" + cbor2.dumps("naam") + name + cbor2.dumps("bsn") + cbor2.dumps("610924849")
        + cbor2.dumps("geboortedatum") + b"\xd9\x03\xec" + cbor2.dumps("1978-08-09")
    )  # fmt: skip
    scan = (
        b"\xa4" + cbor2.dumps("client") + client + cbor2.dumps("thumb")
        + cbor2.dumps(b"\xed\xd4\x00\xff") + cbor2.dumps("kit") + b"\xda\x00\x01\x00\x00"
        + cbor2.dumps("ZA4499031475") + cbor2.dumps("opmerking") + b"\xf7"
    )  # fmt: skip
    doc = (
        b"\xa2" + cbor2.dumps("operator") + cbor2.dumps("Ilse Boomkamp")
        + cbor2.dumps("pending") + b"\x82" + scan + cbor2.dumps({"kit": "ZA6746865367"})
    )  # fmt: skip
    assert sniff_bytes(doc, "pending_scans.cbor") is FileType.CBOR
    assert rows_by_part(extract(doc)) == {
        None: {1: {"operator": "Ilse Boomkamp"}},
        "pending": {
            1: {"client.naam": "Agnieszka Wójcik", "client.bsn": "610924849",
                "client.geboortedatum": "1978-08-09", "kit": "ZA4499031475"},
            2: {"kit": "ZA6746865367"},
        },
    }  # fmt: skip


def test_a_sequence_is_a_record_per_item_up_to_one_that_breaks() -> None:
    seq = cbor2.dumps({"naam": "Jansen", "gezien": dt.datetime(2024, 5, 13, 9, 30, tzinfo=dt.UTC)})
    seq += cbor2.dumps({"naam": "Bakker"})
    items = extract(seq + b"\xa1\x64na")
    assert rows_by_number(items) == {
        1: {"naam": "Jansen", "gezien": "2024-05-13T09:30:00.000Z"},
        2: {"naam": "Bakker"},
    }
    notes = [i.reason for i in items if isinstance(i, Note)]
    assert notes == [f"CBOR reading stopped (item 3 at byte {len(seq)}: CBORDecodeEOF)"]


@pytest.mark.parametrize("data", [b"\xa1\x64na", b"\xff\xff\xff"])
def test_no_item_is_an_error(data: bytes) -> None:
    with pytest.raises(ExtractError, match="unreadable CBOR"):
        extract(data)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"\xd9\xd9\xf7" + cbor2.dumps([1, 2]), FileType.CBOR),
        (cbor2.dumps({"a": 1}) + cbor2.dumps({"b": 2}), FileType.CBOR),
        (cbor2.dumps([{"a": 1}]), None),  # (an array: no sign of records)
        ("«Geachte heer»,\n".encode("cp1252"), None),
        (cbor2.dumps({1: "a"}), None),  # (keys no texts)
    ],
)
def test_sniff(data: bytes, expected: FileType | None) -> None:
    got = sniff_bytes(data, "a")
    assert got is expected if expected is not None else got is not FileType.CBOR
