"""LZO1X blocks: every instruction the format has (through the test encoder and by hand),
and hostile blocks, each a clear :class:`LzoError`, never a crash or an endless loop."""

from __future__ import annotations

import contextlib
import random

import pytest

from breachscope.ingest.lzo1x import LzoError, decompress

from .lzowriter import lzo1x_compress

RNG = random.Random(11)
RANDOM = bytes(RNG.randrange(256) for _ in range(45_000))
WORDS = [b"Jansen", b"de Vries", b"Bakker", b"Delft", b";", b"\n", b"111222333", b"ab", b"x"]
SAMPLES = {
    "one byte": b"J",
    "three bytes": b"abc",
    "four bytes": b"abcd",
    "first literals over 238": RANDOM[:300],
    "zeros (overlapping match, long length)": bytes(70_000),
    "csv": b"naam;bsn\nPetra Jansen;111222333\n" * 50,
    "words (short matches after 1-3 literals)": b"".join(RNG.choice(WORDS) for _ in range(8000)),
    "far (16-31 matches, over 16 KiB back)": RANDOM + b"Bakker" + RANDOM[:30_000],
    "2049-3072 back after a literal run": RANDOM[:2100] + RANDOM[5:8] + b"Q" + RANDOM[5:8],
    "period repeat": b"ab" * 5 + b"xyz" * 30,
}


@pytest.mark.parametrize("sample", list(SAMPLES))
def test_round_trip(sample: str) -> None:
    data = SAMPLES[sample]
    assert decompress(lzo1x_compress(data), len(data)) == data


@pytest.mark.parametrize(
    ("block", "data"),
    [
        (b"\x15abcd\x11\x00\x00", b"abcd"),  # first literal run of 4, end
        (b"\x12a\x22\x00\x00\x11\x00\x00", b"a" * 5),  # 'a', then a 32-63 match of 4, 1 back
        (b"\x00\x01" + bytes(range(19)) + b"\x11\x00\x00", bytes(range(19))),  # long literal run
        (b"\x13ab\x04\x00\x11\x00\x00", b"abab"),  # 2 literals (state 2), 2-byte match 2 back
        (b"\x12a\xe0\x00\x11\x00\x00", b"a" * 9),  # a 64-255 match of 8, 1 back
    ],
)
def test_hand_written_blocks(block: bytes, data: bytes) -> None:
    assert decompress(block, len(data)) == data


@pytest.mark.parametrize(
    ("block", "size", "match"),
    [
        (b"", 1, "empty"),
        (b"\x15abc", 4, "first literal run of 4 past the input"),
        (b"\x15abcd\x11\x00\x00", 3, "first literal run of 4 past the block"),
        (b"\x15abcd", 4, "without the end marker"),
        (b"\x12a\x40\x10\x11\x00\x00", 9, "before the start"),  # 3 back from 1
        (b"\x15abcd\x11\x04\x00\x11\x00\x00", 8, "before the start"),  # 16 KiB back
        (b"\x15abcd\x11\x00\x00", 5, "decoded to 4 bytes, not 5"),
        (b"\x15abcd\x11\x00\x00zz", 4, "after its end marker"),
        (b"\x12a\x00" + bytes(100), 500, "inside a length"),
        (b"\x00\x05xy", 500, "literal run of 23 past the input"),
        (b"\x00\x05" + bytes(23) + b"\x11\x00\x00", 20, "literal run of 23 past the block"),
        (b"\x12a\xe0\x01\x11\x00\x00", 1000, "before the start"),
        (b"\x12a\x20\x04", 9, "inside a match"),
        (b"\x12a\x12\x00\x00", 9, "end marker of length 4"),
        (b"\x12a\x13\x00\x00", 9, "end marker of length 5"),
        (b"\x12a\x21\x00\x00", 3, "match past the block"),
        (b"\x12a\x21\x01\x00", 9, "literals past the input"),
    ],
)
def test_hostile_blocks(block: bytes, size: int, match: str) -> None:
    with pytest.raises(LzoError, match=match):
        decompress(block, size)


def test_random_bytes_never_crash() -> None:
    rng = random.Random(5)
    for _ in range(300):
        block = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 64)))
        with contextlib.suppress(LzoError):
            decompress(block, rng.randrange(1, 4096))
