"""Chrome's Blockfile cache: block files written by the layout of ``disk_format.h``."""

from __future__ import annotations

import io
import random
import struct

import pytest

from breachscope.config import Config
from breachscope.extract.base import ChildFile, Extracted, ExtractError, Note, Source
from breachscope.extract.chromeblockfile import ChromeBlockfileExtractor
from breachscope.extract.units import TextUnit
from breachscope.ingest.filetype import FileType, sniff_bytes

from .samples import BLOCKFILE_URL, CACHE_BODY, blockfile_data_1


def _read(data: bytes) -> list[Extracted]:
    source = Source("Cache/data_1", "chrome-blockfile", len(data), lambda: io.BytesIO(data))
    return list(ChromeBlockfileExtractor().extract(source, Config()))


def test_an_entry_with_its_streams_in_data_1() -> None:
    data = blockfile_data_1()
    assert sniff_bytes(data) is FileType.CHROME_BLOCKFILE
    items = _read(data)
    assert {c.name: c.data for c in items if isinstance(c, ChildFile)} == {"42.json": CACHE_BODY}
    text = "".join(u.text for u in items if isinstance(u, TextUnit))
    assert text.startswith(f"{BLOCKFILE_URL}\nHTTP/1.1 200 OK\ncontent-type:application/json")
    assert not [n for n in items if isinstance(n, Note)]


def test_a_body_in_another_block_file_is_noted() -> None:
    items = _read(blockfile_data_1(far=True))
    assert not [c for c in items if isinstance(c, ChildFile)]
    assert any(isinstance(n, Note) and "1 streams" in n.reason for n in items)


def test_data_2_headers_at_block_starts() -> None:
    data_1 = blockfile_data_1()
    stream0 = data_1[8192 + 256 : 8192 + 512]
    header = struct.pack("<IIhhiii", 0xC104CAC3, 0x30000, 2, 0, 1024, 1, 1024)
    data = header + bytes(8192 - len(header)) + bytes(1024) + stream0 + bytes(1024 - 256)
    items = _read(data)
    text = "".join(u.text for u in items if isinstance(u, TextUnit))
    assert "HTTP/1.1 200 OK\ncontent-type:application/json" in text


def test_damaged_and_hostile_block_files_fail_or_are_bounded() -> None:
    with pytest.raises(ExtractError):
        _read(random.Random(4).randbytes(9000))
    data = bytearray(blockfile_data_1())
    data[8192 + 40 : 8192 + 48] = struct.pack("<2i", 0x7FFFFFFF, 0x7FFFFFFF)  # sizes past all
    items = _read(bytes(data))
    assert not [c for c in items if isinstance(c, ChildFile)]
    with pytest.raises(ExtractError):
        _read(blockfile_data_1()[:8000])
