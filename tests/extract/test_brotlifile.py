"""Brotli files: sniffed by their ``.br`` name and bytes that decompress, the decompressed
bytes a child file named without the suffix (files the ``brotli`` package writes, at
several qualities and window sizes); output bounded by ``batch_bytes``; a damaged or cut
stream keeps what came before it with a note."""

from __future__ import annotations

import contextlib
import io
import json
import random

import brotli
import pytest

from breachscope.config import Config
from breachscope.extract.base import ChildFile, Extracted, ExtractError, Note, SkipFile, Source
from breachscope.extract.brotlifile import BrotliExtractor, child_name
from breachscope.ingest.filetype import FileType, sniff_bytes

from .tracedpeak import traced_peak

pytestmark = pytest.mark.timeout(60)

PATH = "var/www/huisartsportaal/cache/api/v2/praktijk/01086627/openstaand.json.br"
ANSWER = json.dumps(
    [{"bsn": "111222333", "naam": "Bakker-Öztürk", "postcode": "3581 AB"},
     {"bsn": "123456782", "naam": "de Graaf", "geboortedatum": "1961-02-03"}] * 20,
    ensure_ascii=False,
).encode()  # fmt: skip


def extract(data: bytes, path: str = PATH, config: Config | None = None) -> list[Extracted]:
    source = Source(path, "brotli", len(data), lambda: io.BytesIO(data))
    return list(BrotliExtractor().extract(source, config or Config()))


@pytest.mark.parametrize(("quality", "lgwin"), [(11, 22), (0, 10), (5, 16), (11, 24)])
def test_a_cached_answer_is_a_json_child_named_without_br(quality: int, lgwin: int) -> None:
    file = brotli.compress(ANSWER, quality=quality, lgwin=lgwin)
    assert sniff_bytes(file, "openstaand.json.br") is FileType.BROTLI
    assert extract(file) == [ChildFile("openstaand.json", ANSWER)]
    assert sniff_bytes(ANSWER, "openstaand.json") is FileType.JSON


def test_text_mode_and_a_large_file_across_chunks() -> None:
    """A stream longer than a chunk of input, read in pieces, whole."""
    rng = random.Random(4)
    data = bytes(rng.randrange(32, 127) for _ in range(300_000))
    file = brotli.compress(data, mode=brotli.MODE_TEXT)
    assert len(file) > 64 * 1024
    assert sniff_bytes(file, "export.csv.BR") is FileType.BROTLI
    assert extract(file, "a/export.csv.BR") == [ChildFile("export.csv", data)]


def test_sniffing_needs_the_name_and_the_bytes() -> None:
    file = brotli.compress(ANSWER)
    assert sniff_bytes(file, "openstaand.json") is not FileType.BROTLI
    assert sniff_bytes(b'{"a": 1}', "x.json.br") is FileType.JSON
    assert sniff_bytes(random.Random(2).randbytes(4096), "x.br") is FileType.BINARY
    assert sniff_bytes(brotli.compress(b""), "x.br") is not FileType.BROTLI
    assert sniff_bytes(file[:-3], "x.br") is not FileType.BROTLI  # (cut: no end in a whole file)


@pytest.mark.parametrize(
    ("path", "name"),
    [("a/openstaand.json.br", "openstaand.json"), ("x.zip!/b\\app.js.br", "app.js"),
     ("a/.br", ".br.out"), ("a/blob", "blob.out")],
)  # fmt: skip
def test_the_childs_name(path: str, name: str) -> None:
    assert child_name(path) == name


def test_output_past_batch_bytes_is_cut_with_a_note_in_bounded_memory() -> None:
    """A bomb: 50 MB of one letter in a few hundred bytes, read up to batch_bytes."""
    file = brotli.compress(b"a" * 50_000_000)
    assert len(file) < 1000
    with traced_peak() as peak:
        items = extract(file, config=Config(batch_bytes=2 * 1024 * 1024))
    assert items[0] == ChildFile("openstaand.json", b"a" * 2 * 1024 * 1024)
    assert isinstance(items[1], Note) and "larger than" in items[1].reason
    assert peak.bytes < 12 * 1024 * 1024


def test_a_cut_stream_keeps_what_came_before_with_a_note() -> None:
    rng = random.Random(6)
    data = bytes(rng.randrange(32, 127) for _ in range(200_000))
    file = brotli.compress(data)
    items = extract(file[: len(file) // 2])
    assert isinstance(items[0], ChildFile) and data.startswith(items[0].data) and items[0].data
    assert isinstance(items[1], Note) and "cut short" in items[1].reason


def test_damage_past_the_first_chunk_keeps_what_came_before() -> None:
    """A break in the second chunk of input: the stream is read again up to it, and the
    chunk a byte at a time, so the output before the break is kept (Brotli has no
    checksum: what the damaged bytes decoded to before the decoder saw the break is
    kept too)."""
    rng = random.Random(8)
    data = bytes(rng.randrange(32, 127) for _ in range(300_000))
    file = bytearray(brotli.compress(data))
    file[100_000:100_040] = b"\xff" * 40
    items = extract(bytes(file))
    assert isinstance(items[0], ChildFile) and len(items[0].data) > 100_000
    assert items[0].data[:100_000] == data[:100_000]
    assert isinstance(items[1], Note) and "damaged" in items[1].reason


def test_bytes_after_the_stream_are_noted() -> None:
    file = brotli.compress(ANSWER) + b"\x00" * 70_000
    items = extract(file)
    assert items[0] == ChildFile("openstaand.json", ANSWER)
    assert isinstance(items[1], Note) and "after the end" in items[1].reason


@pytest.mark.parametrize("data", [b"\xff" * 64, b"\x00" * 4096, random.Random(1).randbytes(4096)])
def test_bytes_that_are_no_stream_are_an_error(data: bytes) -> None:
    with pytest.raises((ExtractError, SkipFile)):
        extract(data)


def test_damaged_streams_end_in_a_signal_or_a_note() -> None:
    file = brotli.compress(ANSWER)
    rng = random.Random(5)
    for _ in range(300):
        damaged = bytearray(file)
        for _ in range(rng.randrange(1, 4)):
            damaged[rng.randrange(len(damaged))] = rng.randrange(256)
        with contextlib.suppress(ExtractError, SkipFile):
            items = extract(bytes(damaged))
            assert all(isinstance(i, ChildFile | Note) for i in items)


def test_empty_files_are_skipped() -> None:
    with pytest.raises(SkipFile):
        extract(b"")
    with pytest.raises(SkipFile):
        extract(brotli.compress(b"  \n"))
