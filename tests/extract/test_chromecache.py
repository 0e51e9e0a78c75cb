"""Chrome Simple Cache entries, written by the layout of ``simple_entry_format.h``."""

from __future__ import annotations

import io
import random
import struct

import brotli
import pytest

from breachscope.config import Config
from breachscope.extract.base import ChildFile, Extracted, ExtractError, Note, Source
from breachscope.extract.chromecache import ChromeCacheExtractor
from breachscope.extract.units import TextUnit
from breachscope.ingest.filetype import FileType, sniff_bytes

from .samples import CACHE_BODY, CACHE_URL, simple_cache_entry


def _read(data: bytes) -> list[Extracted]:
    source = Source("Cache_Data/84c3_0", "chrome-cache", len(data), lambda: io.BytesIO(data))
    return list(ChromeCacheExtractor().extract(source, Config()))


def _children(items: list[Extracted]) -> dict[str, bytes]:
    return {c.name: c.data for c in items if isinstance(c, ChildFile)}


def test_the_gzipped_body_is_a_child_named_by_the_url_and_headers_are_text() -> None:
    data = simple_cache_entry()
    assert sniff_bytes(data) is FileType.CHROME_CACHE
    items = _read(data)
    assert _children(items) == {"uitslagen.json": CACHE_BODY}
    text = "".join(u.text for u in items if isinstance(u, TextUnit))
    assert text.splitlines()[0] == CACHE_URL
    assert "content-encoding:gzip" in text and "HTTP/1.1 200" in text
    assert all(u.location.part == "headers" for u in items if isinstance(u, TextUnit))
    assert not [n for n in items if isinstance(n, Note)]


@pytest.mark.parametrize("coding", ["deflate", None])
def test_deflate_and_plain_bodies(coding: str | None) -> None:
    items = _read(simple_cache_entry(coding=coding, sha=False))
    assert _children(items) == {"uitslagen.json": CACHE_BODY}


def test_brotli_and_an_extension_kept() -> None:
    entry = simple_cache_entry(
        url="https://lab.example/export/lijst.csv",
        body=b"bsn;naam\n111222333;Jansen\n",
        headers=("content-type:text/csv", "content-encoding:br"),
        coding=None,
    )
    sent = brotli.compress(b"bsn;naam\n111222333;Jansen\n")
    key_end = 24 + struct.unpack_from("<I", entry, 12)[0]
    plain = b"bsn;naam\n111222333;Jansen\n"
    entry = entry[:key_end] + sent + entry[key_end + len(plain) :]
    items = _read(entry)
    assert _children(items) == {"lijst.csv": plain}


def test_a_damaged_body_is_kept_as_sent_with_notes() -> None:
    entry = bytearray(simple_cache_entry())
    key_end = 24 + struct.unpack_from("<I", entry, 12)[0]
    entry[key_end + 12 : key_end + 20] = b"\xff" * 8
    items = _read(bytes(entry))
    reasons = " ".join(n.reason for n in items if isinstance(n, Note))
    assert "CRC-32" in reasons and "kept as received" in reasons
    assert len(_children(items)) == 1


def test_truncated_hostile_and_random_entries_fail() -> None:
    entry = simple_cache_entry()
    with pytest.raises(ExtractError):
        _read(entry[: len(entry) // 2])
    hostile = bytearray(entry)
    hostile[12:16] = struct.pack("<I", 0xFFFFFFF0)
    with pytest.raises(ExtractError):
        _read(bytes(hostile))
    with pytest.raises(ExtractError):
        _read(random.Random(3).randbytes(2048))
    big = bytearray(entry)
    big[-8:-4] = struct.pack("<I", 0x7FFFFFFF)  # stream 0 larger than the file
    items = _read(bytes(big))  # (read as one stream, the headers unknown)
    assert len(_children(items)) == 1
