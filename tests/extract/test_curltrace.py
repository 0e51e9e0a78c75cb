"""curl's --trace and --trace-ascii output: traces written by curl 7.88.1
(``fixtures/curltrace/make_traces.sh``) and by the layout of its ``tool_cb_dbg.c``."""

from __future__ import annotations

import gzip
import io
import random
from pathlib import Path

import pytest

from breachscope.config import Config
from breachscope.extract.base import ChildFile, Extracted, ExtractError, Source
from breachscope.extract.curltrace import CurlTraceExtractor, unchunk
from breachscope.extract.units import TextUnit
from breachscope.ingest.filetype import FileType, sniff_bytes

from .samples import TRACE_ANSWER, curl_dump

FIXTURES = Path(__file__).parent / "fixtures" / "curltrace"


def _read(data: bytes) -> list[Extracted]:
    source = Source("debug/trace.txt", "curl-trace", len(data), lambda: io.BytesIO(data))
    return list(CurlTraceExtractor().extract(source, Config()))


def _children(items: list[Extracted]) -> dict[str, bytes]:
    return {c.name: c.data for c in items if isinstance(c, ChildFile)}


def _text(items: list[Extracted]) -> str:
    return "".join(u.text for u in items if isinstance(u, TextUnit))


def test_curls_own_trace_ascii() -> None:
    data = (FIXTURES / "post_ascii.txt").read_bytes()
    assert sniff_bytes(data) is FileType.CURL_TRACE
    items = _read(data)
    children = _children(items)
    request = b'{"bsn": "111222333", "achternaam": "Jansen-de Vries"}'
    assert children["1-request-uitslagen.json"] == request
    assert children["1-response-uitslagen.json"].startswith(b"<!DOCTYPE HTML>.<html")
    text = _text(items)
    assert "POST /uitslagen.json HTTP/1.1\nHost: 127.0.0.1:18765\n" in text
    assert "HTTP/1.0 501 Unsupported method ('POST')" in text and "0000:" not in text


def test_curls_own_trace_in_hex() -> None:
    data = (FIXTURES / "get_hex.txt").read_bytes()
    assert sniff_bytes(data) is FileType.CURL_TRACE
    children = _children(_read(data))
    assert children == {"1-response-uitslagen.json": (FIXTURES / "uitslagen.json").read_bytes()}


def test_the_layout_written_here_is_curls() -> None:
    lines = (FIXTURES / "post_ascii.txt").read_text().splitlines()
    start = lines.index("=> Send header, 146 bytes (0x92)")
    header = (
        b"".join(ln.split(": ", 1)[1].encode() + b"\r\n" for ln in lines[start + 1 : start + 7])
        + b"\r\n"
    )
    assert curl_dump("=> Send header", header).splitlines() == lines[start : start + 8]


def test_a_gzipped_chunked_answer_in_hex_is_decoded() -> None:
    packed = gzip.compress(TRACE_ANSWER)
    chunked = b"%x\r\n%s\r\n0\r\n\r\n" % (len(packed), packed)
    text = (
        "13:02:11.000001 == Info: Connected\n"
        + curl_dump("13:02:11.000002 => Send header", b"GET /api/uitslag/42 HTTP/1.1\r\n\r\n", True)
        + curl_dump(
            "13:02:11.000003 <= Recv header",
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
            b"Content-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n",
            True,
        )
        + curl_dump("13:02:11.000004 <= Recv data", chunked[:40], True)
        + curl_dump("13:02:11.000005 <= Recv data", chunked[40:], True)
    )
    assert sniff_bytes(text.encode()) is FileType.CURL_TRACE
    assert _children(_read(text.encode())) == {"1-response-42.json": TRACE_ANSWER}


def test_two_exchanges_are_numbered() -> None:
    text = ""
    for n in (1, 2):
        text += curl_dump("=> Send header", b"GET /api/p/%d HTTP/1.1\r\n\r\n" % n)
        text += curl_dump("<= Recv header", b"HTTP/1.1 200 OK\r\n\r\n")
        text += curl_dump("<= Recv data", b'{"bsn": "111222333"}')
    assert sorted(_children(_read(text.encode()))) == ["1-response-1", "2-response-2"]


def test_unchunk_refuses_what_is_not_chunked() -> None:
    assert unchunk(b"5\r\nabcde\r\n0\r\n\r\n") == b"abcde"
    assert unchunk(b"zz\r\nabc") is None
    assert unchunk(b"ffffff\r\nabc") is None


def test_not_a_trace_random_and_plain_text() -> None:
    with pytest.raises(ExtractError):
        _read(random.Random(5).randbytes(4096))
    with pytest.raises(ExtractError):
        _read(b"== Info: only an info line\nand some text\n")
    assert sniff_bytes(b"== Info: only an info line\nand some text\n") is FileType.TEXT


def test_a_cut_trace_keeps_what_it_holds() -> None:
    data = (FIXTURES / "get_hex.txt").read_bytes()
    items = _read(data[: len(data) * 3 // 4])
    assert "GET /uitslagen.json HTTP/1.1" in _text(items)
    assert len(_children(items)) == 1  # (the body as far as it goes)
