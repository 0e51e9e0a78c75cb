"""Speed of the pure-Python decoders of compressed files (``python -m benchmarks.decoders``):
Unix ``compress`` (LZW, :mod:`breachscope.ingest.unixcompress`) and lzop's LZO1X
(:mod:`breachscope.ingest.lzopfile`), beside the stdlib's gzip and lzip's LZMA (C) on
the same synthetic CSV. The files are written by the test writers
(``tests/ingest/lzwwriter.py``, ``lzowriter.py``): no ``compress`` or ``lzop`` tool is
needed. Prints MB/s of decoded output (best of ``--repeat`` passes, CPU time of this
process, so a busy machine's other work does not count)."""

from __future__ import annotations

import argparse
import gzip
import importlib
import io
import random
import sys
import time
from collections.abc import Callable, Generator
from pathlib import Path
from typing import BinaryIO


def _csv(size: int, seed: int = 1) -> bytes:
    """A ``;`` CSV of made-up patients, about ``size`` bytes."""
    rng = random.Random(seed)
    first = ["Petra", "Kees", "Anouk", "Sander", "Fatima", "Jeroen", "Ingrid", "Daan"]
    last = ["Jansen", "de Vries", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder"]
    rows = [b"id;voornaam;achternaam;bsn;postcode;telefoon\n"]
    total = 0
    while total < size:
        row = (
            f"{len(rows)};{rng.choice(first)};{rng.choice(last)};{rng.randrange(10**8, 10**9)};"
            f"{rng.randrange(1000, 9999)} {rng.choice('ABCDEFGH')}{rng.choice('JKLMNPRS')};"
            f"06{rng.randrange(10**7, 10**8)}\n"
        ).encode()
        rows.append(row)
        total += len(row)
    return b"".join(rows)


Decoder = Callable[[BinaryIO], Generator[bytes, None, None]]


def _line(name: str, packed: int, size: int, seconds: float) -> None:
    print(f"{name:26} {packed / 1e6:6.2f} MB packed  {size / seconds / 1e6:6.1f} MB/s decoded")


def _best(decode: Callable[[], int], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        decode()
        best = min(best, time.process_time() - start)
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mb", type=float, default=8.0, help="decoded size in MB")
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
    lzw = importlib.import_module("ingest.lzwwriter")
    lzo = importlib.import_module("ingest.lzowriter")
    from breachscope.ingest.lzipfile import lzip_chunks
    from breachscope.ingest.lzopfile import lzop_chunks
    from breachscope.ingest.unixcompress import lzw_chunks

    data = _csv(int(args.mb * 1e6))
    files: dict[str, tuple[bytes, Decoder]] = {
        "compress (.Z, -b16)": (lzw.compress_z(data, 16, clear_when_full=True), lzw_chunks),
        "lzop (.lzo, LZO1X)": (lzo.lzop_file(data), lzop_chunks),
        "lzip (.lz, stdlib lzma)": (lzo.lzip_member(data, 23), lzip_chunks),
    }
    print(f"{len(data) / 1e6:.1f} MB of CSV, best of {args.repeat} (CPU seconds)")
    for name, (packed, chunks) in files.items():

        def decode(packed: bytes = packed, chunks: Decoder = chunks) -> int:
            return sum(len(c) for c in chunks(io.BytesIO(packed)))

        assert decode() == len(data), name
        seconds = _best(decode, args.repeat)
        _line(name, len(packed), len(data), seconds)
    packed = gzip.compress(data)
    seconds = _best(lambda: len(gzip.decompress(packed)), args.repeat)
    _line("gzip (stdlib, C)", len(packed), len(data), seconds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
