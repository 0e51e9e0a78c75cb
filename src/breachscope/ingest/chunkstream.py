"""A stream of the bytes a decoder hands out piece by piece (:class:`ChunkStream`): the
decoders written here (:mod:`.unixcompress`, :mod:`.lzipfile`, :mod:`.lzopfile`) are
generators of decoded chunks, read through it as the stdlib's decompressed files are."""

from __future__ import annotations

import io
from collections.abc import Generator
from typing import Protocol


class _Closable(Protocol):
    def close(self) -> None: ...


class ChunkStream(io.RawIOBase):
    """The bytes of ``chunks``, read as asked; ``source`` (the compressed file) is closed
    with it. A decoder's error comes out of the ``read`` that reaches the damage, after
    every byte decoded before it."""

    def __init__(
        self, chunks: Generator[bytes, None, None], source: _Closable | None = None
    ) -> None:
        self.chunks = chunks
        self.source = source
        self.pending = memoryview(b"")

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        while not self.pending:
            chunk = next(self.chunks, None)
            if chunk is None:
                return 0
            self.pending = memoryview(chunk)
        n = min(len(buffer), len(self.pending))
        buffer[:n] = self.pending[:n]
        self.pending = self.pending[n:]
        return n

    def close(self) -> None:
        self.chunks.close()
        if self.source is not None:
            self.source.close()
        super().close()
