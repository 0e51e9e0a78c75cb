"""Brotli files (RFC 7932: ``.br``, as nginx's ``brotli_static`` serves them next to the
file they compress: a portal's cached API answer ``openstaand.json.br``, a bundle's
``app.js.br``). A Brotli stream has no magic; the sniffer knows one by its name ending
``.br`` and by its first bytes decompressing cleanly (see
:func:`breachscope.ingest.filetype.is_brotli`).

The decompressed bytes are one child file named like the file without its ``.br``
(``openstaand.json.br!/openstaand.json``), which the scan reads as its own type. The
stream is decompressed by the ``brotli`` package a chunk at a time, each call's output
bounded, into at most ``Config.batch_bytes``: a file that grows past them is cut there,
with a note. A stream that is damaged or cut short keeps what it decoded before the break,
with a note (Brotli has no checksum: damaged bytes may decode to wrong ones before the
decoder sees the break); one that decodes to nothing is skipped.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, BinaryIO, ClassVar

import brotli

from breachscope.config import Config
from breachscope.extract.base import (
    ChildFile,
    Extracted,
    ExtractError,
    Extractor,
    Note,
    SkipFile,
    Source,
)
from breachscope.extract.wrappedfile import Cut, Output, strip_suffix
from breachscope.location import Location

CHUNK = 64 * 1024
"""Compressed bytes handed to the decoder at a time."""
OUTPUT = 1024 * 1024
"""Decompressed bytes asked of one call to the decoder (it may give a little more)."""


def child_name(path: str) -> str:
    """The decompressed file's name: ``openstaand.json.br`` gives ``openstaand.json``."""
    return strip_suffix(path, ".br", ".out")


def _feed(decoder: Any, data: bytes, out: Output | None) -> None:
    """Hand ``data`` to ``decoder``, its output kept in ``out`` (``None``: dropped)."""
    if decoder.is_finished():
        raise brotli.error("bytes after the end of the stream")
    piece = decoder.process(data, output_buffer_limit=OUTPUT)
    while True:
        if out is not None:
            out.add(piece)
        if decoder.can_accept_more_data():
            return
        piece = decoder.process(b"", output_buffer_limit=OUTPUT)


def _decompress(source: Source, out: Output) -> bool:
    """Decompress ``source`` into ``out``: whether the stream ended (its last block
    read); a :class:`brotli.error` where it breaks, a :class:`Cut` where it grows past
    the limit. The output of a chunk that breaks is lost with it, so the stream is read
    again to that chunk, and the chunk a byte at a time, to keep what comes before the
    break (bytes after the stream's end too)."""
    decoder = brotli.Decompressor()
    with source.open() as fh:
        done = 0
        while chunk := fh.read(CHUNK):
            kept = len(out.data)
            try:
                _feed(decoder, chunk, out)
            except brotli.error:
                del out.data[kept:]
                _read_again(fh, done, chunk, out)
                raise
            done += len(chunk)
    while not decoder.is_finished():
        piece = decoder.process(b"", output_buffer_limit=OUTPUT)
        if not piece:
            return False
        out.add(piece)
    return True


def _read_again(fh: BinaryIO, done: int, chunk: bytes, out: Output) -> None:
    """Decode the first ``done`` bytes of ``fh`` (already kept) again, a chunk at a
    time, then ``chunk`` a byte at a time into ``out`` until it breaks (a
    :class:`brotli.error`, left to the caller)."""
    decoder = brotli.Decompressor()
    fh.seek(0)
    while done > 0:
        part = fh.read(min(CHUNK, done))
        if not part:
            break
        done -= len(part)
        _feed(decoder, part, None)
    for index in range(len(chunk)):
        _feed(decoder, chunk[index : index + 1], out)


class BrotliExtractor(Extractor):
    """A Brotli file: its decompressed bytes a child file."""

    id: ClassVar[str] = "brotli"
    types: ClassVar[frozenset[str]] = frozenset({"brotli"})

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        if source.size == 0:
            raise SkipFile("empty file")
        out = Output(config.batch_bytes)
        note = None
        try:
            if not _decompress(source, out):
                note = "Brotli stream cut short: read up to its end"
        except Cut:
            note = f"Brotli stream larger than {config.batch_bytes} bytes: read up to them"
        except brotli.error as exc:
            if not out.data:
                raise ExtractError(f"unreadable Brotli stream ({exc})") from None
            note = f"Brotli stream damaged: read up to the break ({exc})"
        if not out.data.strip():
            if note is not None:
                raise ExtractError(note)
            raise SkipFile("empty file")
        yield ChildFile(child_name(source.path), bytes(out.data))
        if note is not None:
            yield Note(Location(source.path), note)
