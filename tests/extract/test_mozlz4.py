"""Mozilla's LZ4 files: the block decoded (literals, matches, overlapping matches) into
the size the header claims, a child file named without the ``lz4`` suffix; a claim past
``batch_bytes`` refused before anything is allocated; a damaged block keeps what came
before it."""

from __future__ import annotations

import contextlib
import io
import json
import random

import pytest

from breachscope.config import Config
from breachscope.extract.base import ChildFile, Extracted, ExtractError, Note, SkipFile, Source
from breachscope.extract.mozlz4 import Lz4Error, MozLz4Extractor, child_name, lz4_block
from breachscope.ingest.filetype import FileType, sniff_bytes

from .browserfiles import lz4_literals, lz4_sequence, mozlz4
from .tracedpeak import traced_peak

pytestmark = pytest.mark.timeout(60)

PATH = "Firefox/Profiles/x1.default-release/sessionstore-backups/recovery.jsonlz4"


def extract(data: bytes, path: str = PATH, config: Config | None = None) -> list[Extracted]:
    source = Source(path, "mozlz4", len(data), lambda: io.BytesIO(data))
    return list(MozLz4Extractor().extract(source, config or Config()))


def test_a_session_is_a_json_child_named_without_its_suffix() -> None:
    """A session's tab with the form typed into: the JSON whole, as ``recovery.json``."""
    session = {
        "windows": [{"tabs": [{"entries": [{"url": "https://lims.example/patient?bsn=111222333"}],
                               "formdata": {"id": {"achternaam": "Bakker-Öztürk"}}}]}]
    }  # fmt: skip
    data = json.dumps(session, ensure_ascii=False).encode()
    file = mozlz4(data)
    assert sniff_bytes(file, "recovery.jsonlz4") is FileType.MOZLZ4
    assert extract(file) == [ChildFile("recovery.json", data)]
    assert sniff_bytes(data, "recovery.json") is FileType.JSON


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("a/recovery.jsonlz4", "recovery.json"),
        ("a/previous.jsonlz4", "previous.json"),
        ("profile/search.json.mozlz4", "search.json"),
        (
            "bookmarkbackups/bookmarks-2024-05-13_12_abc=.jsonlz4",
            "bookmarks-2024-05-13_12_abc=.json",
        ),
        ("backup.zip!/x\\y\\recovery.baklz4", "recovery.bak"),
        ("a/upgrade.jsonlz4-20240513093000", "upgrade.json-20240513093000"),
        ("dump/blob", "blob.json"),
        ("dump/lz4", "lz4.json"),
    ],
)
def test_the_childs_name(path: str, name: str) -> None:
    assert child_name(path) == name


def test_a_match_copies_what_came_before_overlapping_too() -> None:
    """A hand-made block: literals, a match 8 bytes back, a match of one byte repeated
    (offset 1: it overlaps what it writes), a long match whose length takes extra bytes,
    and the last literals."""
    block = (
        lz4_sequence(b"Jansen, ", 8, 8)  # (Jansen, Jansen, )
        + lz4_sequence(b"A", 1, 5)  # (AAAAAA)
        + lz4_sequence(b"-", 23, 40)  # (the 23 bytes before, again and on)
        + lz4_literals(b"1234 AB")
    )
    first = b"Jansen, Jansen, AAAAAA-"
    expected = first + (first * 2)[:40] + b"1234 AB"
    assert lz4_block(block, len(expected)) == expected
    assert extract(mozlz4(expected, block)) == [ChildFile("recovery.json", expected)]


def test_long_literals_take_extra_length_bytes() -> None:
    data = bytes(random.Random(3).randrange(32, 127) for _ in range(1000))
    assert lz4_block(lz4_literals(data), 1000) == data


def test_a_size_claim_past_batch_bytes_is_refused_without_allocating() -> None:
    file = mozlz4(b"{}", size=0xFFFFFFFF)
    with traced_peak() as peak, pytest.raises(ExtractError, match="larger than"):
        extract(file, config=Config(batch_bytes=1024 * 1024))
    assert peak.bytes < 1024 * 1024


def test_a_block_that_grows_past_its_claim_stops() -> None:
    """A match whose length (extra bytes of 255) would pass the claimed size."""
    block = lz4_sequence(b"ab", 2, 4 + 15 + 255 * 50) + lz4_literals(b"x")
    with pytest.raises(Lz4Error, match="past its size"):
        lz4_block(block, 100)


def test_a_cut_block_keeps_what_came_before_with_a_note() -> None:
    data = json.dumps({"naam": "de Graaf", "bsn": "123456782"}).encode() * 3
    file = mozlz4(data)
    items = extract(file[: len(file) - 20])
    assert isinstance(items[0], ChildFile) and data.startswith(items[0].data)
    assert isinstance(items[1], Note) and "read in part" in items[1].reason


def test_a_match_before_the_start_is_an_error() -> None:
    block = lz4_sequence(b"ab", 9, 4) + lz4_literals(b"x")
    with pytest.raises(Lz4Error, match="back of 2"):
        lz4_block(block, 7)
    with pytest.raises(ExtractError, match="unreadable"):
        extract(mozlz4(b"1234567", lz4_sequence(b"", 9, 4)))


@pytest.mark.parametrize(
    "data",
    [b"mozLz40", b"mozLz40\x00\x05\x00", b"\x00" * 64, random.Random(1).randbytes(4096)],
)
def test_no_header_or_a_broken_one_is_an_error(data: bytes) -> None:
    with pytest.raises(ExtractError):
        extract(data)


def test_random_blocks_end_in_a_signal() -> None:
    rng = random.Random(5)
    for _ in range(200):
        block = rng.randbytes(rng.randrange(1, 200))
        with contextlib.suppress(ExtractError, SkipFile):
            extract(mozlz4(b"x" * 300, block))


def test_an_empty_file_is_skipped() -> None:
    with pytest.raises(SkipFile):
        extract(b"")
