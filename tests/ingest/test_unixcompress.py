"""Unix ``compress`` (``.Z``): the LZW decoder against files written as ncompress writes
them (code widths 9 to 16, block mode or not, CLEAR codes, the padded groups), the real
tool's quirks, and damaged data."""

from __future__ import annotations

import io
import random
import shutil
import subprocess

import pytest

from breachscope.ingest.unixcompress import LzwError, lzw_chunks

from .lzwwriter import compress_z, zeros_z


def _decode(data: bytes) -> bytes:
    return b"".join(lzw_chunks(io.BytesIO(data)))


def _text(words: int, seed: int = 7) -> bytes:
    rng = random.Random(seed)
    parts = [b"Jansen", b"de Vries", b"Bakker", b";", b"\n", b"111222333", b"2019-04-01"]
    return b"".join(rng.choice(parts) for _ in range(words))


RANDOM = random.Random(3).randbytes(70_000)
SAMPLES = {
    "empty": b"",
    "one byte": b"J",
    "csv": b"naam;bsn\nPetra Jansen;111222333\n" * 40,
    "text filling 16-bit table": _text(60_000),
    "random bytes": RANDOM,
    "runs (KwKwK)": b"a" * 5000 + b"ab" * 3000,
}


@pytest.mark.parametrize("maxbits", [9, 10, 12, 16])
@pytest.mark.parametrize("block", [True, False])
@pytest.mark.parametrize("clear", [False, True])
@pytest.mark.parametrize("sample", list(SAMPLES))
def test_round_trip(sample: str, maxbits: int, block: bool, clear: bool) -> None:
    data = SAMPLES[sample]
    assert _decode(compress_z(data, maxbits, block=block, clear_when_full=clear)) == data


def test_zero_bomb_codes_grow_to_sixteen_bits() -> None:
    assert _decode(zeros_z(3000)) == bytes(3000 * 3001 // 2)


@pytest.mark.skipif(shutil.which("gzip") is None, reason="no gzip to compare with")
@pytest.mark.parametrize(("maxbits", "clear"), [(9, True), (12, False), (16, True)])
def test_gzip_reads_the_writer_s_files(maxbits: int, clear: bool) -> None:
    """``gzip -d`` reads ``.Z`` files: the test writer's files are real ones."""
    data = _text(40_000) + RANDOM
    packed = compress_z(data, maxbits, clear_when_full=clear)
    done = subprocess.run(["gzip", "-dc"], input=packed, capture_output=True, check=True)
    assert done.stdout == data == _decode(packed)


@pytest.mark.parametrize(
    ("data", "error", "match"),
    [
        (b"\x1f\x9d", EOFError, "inside the compress header"),
        (b"\x1f\x9d\x91" + b"\0" * 8, LzwError, "17 bits"),
        (b"\x1f\x9d\x88" + b"\0" * 8, LzwError, "8 bits"),
        (b"\x1f\x8b\x90", LzwError, "not a compress file"),
        (b"\x1f\x9d\x90\x41\xfe\x03", LzwError, "past the table"),  # 'A', then code 511
        (b"\x1f\x9d\x90\x00\x03", LzwError, "first code 256"),
    ],
)
def test_damaged(data: bytes, error: type[Exception], match: str) -> None:
    with pytest.raises(error, match=match):
        _decode(data)


def test_bytes_before_the_damage_come_first() -> None:
    data = _text(200_000)
    packed = compress_z(data)
    chunks = lzw_chunks(io.BytesIO(packed[: len(packed) // 2] + b"\xff" * 64))
    first = next(chunks)
    assert data.startswith(first) and len(first) > 100_000
    with pytest.raises(LzwError, match="past the table"):
        list(chunks)
