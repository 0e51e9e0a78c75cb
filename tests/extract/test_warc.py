"""Web archives: each response's body a child file (chunks joined, gzip undone), a posted
form's body too, the requests' URLs as text; a record cut short ends the reading."""

from __future__ import annotations

import io

import pytest

from breachscope.config import Config
from breachscope.extract.base import ChildFile, Extracted, ExtractError, Note, Source
from breachscope.extract.units import TextUnit
from breachscope.extract.warc import WarcExtractor
from breachscope.ingest.filetype import FileType, sniff_bytes

from .samples import BSN, WARC_JSON, WARC_PAGE, warc_record, warc_sample

pytestmark = pytest.mark.timeout(60)


def extract(data: bytes) -> list[Extracted]:
    source = Source("crawl.warc", "warc", len(data), lambda: io.BytesIO(data))
    return list(WarcExtractor().extract(source, Config()))


def test_a_crawl_gives_its_pages_as_files_and_its_urls_as_text() -> None:
    data = warc_sample().data
    assert sniff_bytes(data, "crawl.warc") is FileType.WARC
    items = extract(data)
    assert [(c.name, c.data) for c in items if isinstance(c, ChildFile)] == [
        ("record3-patienten.html", WARC_PAGE),
        (f"record4-{BSN[2]}.json", WARC_JSON),
    ]
    assert [u.text for u in items if isinstance(u, TextUnit)] == [
        "GET https://acc.portaal.nl/patienten?pagina=1"
    ]


def test_a_posted_form_is_a_file_and_a_cut_record_ends_the_reading() -> None:
    form = b"POST /zoek HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded\r\n\r\n"
    form += f"bsn={BSN[0]}&naam=Jansen".encode()
    first = warc_record("request", "https://acc.portaal.nl/zoek", form)
    data = first + b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 500\r\n\r\nHTTP/1.1 200"
    items = extract(data)
    assert [(c.name, c.data) for c in items if isinstance(c, ChildFile)] == [
        ("record1-zoek-request.txt", f"bsn={BSN[0]}&naam=Jansen".encode())
    ]
    assert [i.reason for i in items if isinstance(i, Note)] == [
        f"WARC reading stopped at byte {len(first)}"
    ]


@pytest.mark.parametrize(
    "data",
    [b"WARC/1.0\r\nContent-Length: x\r\n\r\n", b"WARC/1.0\r\nWARC-Type: response\r\n", b"GET /"],
)
def test_no_record_is_an_error(data: bytes) -> None:
    with pytest.raises(ExtractError, match="unreadable WARC"):
        extract(data)
