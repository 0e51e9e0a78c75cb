"""Fiddler session archives (``.saz``), written here as Fiddler lays them out: a zip of
``raw/N_c.txt`` requests, ``raw/N_s.txt`` responses and ``raw/N_m.xml`` metadata."""

from __future__ import annotations

import gzip
import io
import zipfile
import zlib

import brotli
import pytest

from breachscope.config import Config
from breachscope.extract.base import ChildFile, Extracted, ExtractError, Note, SkipFile, Source
from breachscope.extract.fiddlersaz import FiddlerSazExtractor
from breachscope.extract.units import TextUnit
from breachscope.ingest.filetype import FileType, sniff_bytes

from .wrapwriter import chunked, saz

ANSWER = (
    b'{"resultaten": [{"naam": "Bakker, P.", "bsn": "192285142", "geboortedatum": "1975-02-03"}, '
    b'{"naam": "Visser, A.", "bsn": "691682483", "geboortedatum": "1988-09-12"}]}'
)
GET = (
    b"GET https://portaal.example.nl/api/patienten/zoek?achternaam=Bakker HTTP/1.1\r\n"
    b"Host: portaal.example.nl\r\nAccept-Encoding: gzip, deflate, br\r\n\r\n"
)


def _response(body: bytes, *headers: str) -> bytes:
    lines = ["HTTP/1.1 200 OK", "Content-Type: application/json; charset=utf-8", *headers]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


def _read(data: bytes) -> list[Extracted]:
    source = Source("debug/sessie.saz", "saz", len(data), lambda: io.BytesIO(data))
    return list(FiddlerSazExtractor().extract(source, Config()))


def _children(items: list[Extracted]) -> dict[str, bytes]:
    return {c.name: c.data for c in items if isinstance(c, ChildFile)}


def _deflated(data: bytes, wbits: int) -> bytes:
    packer = zlib.compressobj(6, zlib.DEFLATED, wbits)
    return packer.compress(data) + packer.flush()


@pytest.mark.parametrize(
    "response",
    [
        pytest.param(_response(ANSWER), id="plain"),
        pytest.param(
            _response(chunked(gzip.compress(ANSWER)), "Transfer-Encoding: chunked",
                      "Content-Encoding: gzip"),
            id="chunked-gzip",
        ),
        pytest.param(_response(chunked(ANSWER, 7), "Transfer-Encoding: chunked"), id="chunked"),
        pytest.param(_response(_deflated(ANSWER, 15), "Content-Encoding: deflate"), id="deflate"),
        pytest.param(_response(_deflated(ANSWER, -15), "Content-Encoding: deflate"),
                     id="raw-deflate"),
        pytest.param(_response(brotli.compress(ANSWER), "Content-Encoding: br"), id="brotli"),
    ],
)  # fmt: skip
def test_response_body_is_a_file_as_sent(response: bytes) -> None:
    data = saz([(GET, response, b"")])
    assert sniff_bytes(data, "sessie.saz") is FileType.SAZ
    items = _read(data)
    assert _children(items) == {"1-response-zoek.json": ANSWER}
    assert not [n for n in items if isinstance(n, Note)]


def test_headers_and_flags_are_each_sessions_text() -> None:
    meta = (
        b'<?xml version="1.0" encoding="utf-8"?><Session SID="1"><SessionFlags>'
        b'<SessionFlag N="x-clientip" V="10.0.0.5" />'
        b'<SessionFlag N="ui-comments" V="traag bij zoeken op Bakker &amp; Visser" />'
        b"</SessionFlags></Session>"
    )
    post = (
        b"POST /api/login HTTP/1.1\r\nHost: portaal.example.nl\r\n"
        b"Content-Type: application/x-www-form-urlencoded\r\n\r\ngebruiker=p.bakker&wachtwoord=x"
    )
    data = saz([(GET, _response(ANSWER), meta), (post, b"HTTP/1.1 302 Found\r\n\r\n", b"")], 2)
    items = _read(data)
    texts = {u.location.part: u.text for u in items if isinstance(u, TextUnit)}
    assert texts["session-1"] == (
        "GET https://portaal.example.nl/api/patienten/zoek?achternaam=Bakker HTTP/1.1\n"
        "Host: portaal.example.nl\nAccept-Encoding: gzip, deflate, br\n\n"
        "HTTP/1.1 200 OK\nContent-Type: application/json; charset=utf-8\n\n"
        "x-clientip: 10.0.0.5\nui-comments: traag bij zoeken op Bakker & Visser"
    )
    assert texts["session-2"].startswith("POST /api/login HTTP/1.1\n")
    assert _children(items) == {
        "1-response-zoek.json": ANSWER,
        "2-request-login": b"gebruiker=p.bakker&wachtwoord=x",
    }


def test_sessions_in_their_numbers_order() -> None:
    sessions = [(GET, _response(b'{"n": %d}' % n), b"") for n in range(1, 12)]
    items = _read(saz(sessions, 2))
    parts = [u.location.part for u in items if isinstance(u, TextUnit)]
    assert parts == [f"session-{n}" for n in range(1, 12)]
    names = [c.name for c in items if isinstance(c, ChildFile)]
    assert names[:2] == ["1-response-zoek.json", "2-response-zoek.json"]
    assert names[-1] == "11-response-zoek.json"


def test_a_body_that_does_not_decode_is_kept_with_a_note() -> None:
    response = _response(b"not gzip", "Content-Encoding: gzip")
    items = _read(saz([(GET, response, b"")]))
    assert _children(items) == {"1-response-zoek.json": b"not gzip"}
    [note] = [n.reason for n in items if isinstance(n, Note)]
    assert note.startswith("session 1's response body is kept as sent")


def test_a_zip_of_no_sessions_is_no_saz() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("raw/notities.txt", b"geen sessies")
    data = buffer.getvalue()
    assert sniff_bytes(data) is FileType.ZIP
    with pytest.raises(ExtractError, match="no sessions"):
        _read(data)


def test_a_cut_archive_is_still_a_saz_by_its_first_member() -> None:
    data = saz([(GET, _response(ANSWER), b"")])
    cut = data[: data.index(b"raw/1_s.txt") + 200]
    assert sniff_bytes(cut) is FileType.SAZ
    with pytest.raises(ExtractError):
        _read(cut)


def test_an_archive_saved_with_a_password_is_skipped_as_encrypted() -> None:
    data = bytearray(saz([(GET, _response(ANSWER), b"")]))
    for magic, flags in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):  # (local, central headers)
        at = data.find(magic)
        while at >= 0:
            data[at + flags] |= 1
            at = data.find(magic, at + 4)
    with pytest.raises(SkipFile, match=r"^encrypted$"):
        _read(bytes(data))
