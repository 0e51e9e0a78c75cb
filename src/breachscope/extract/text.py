"""Plain text and logs: decoded (see :mod:`.encoding`) and cut into bounded units; the
files embedded in it as base64 are files of their own (:mod:`.embedded`).

Offsets are characters of the decoded file (the BOM excluded); line breaks are kept as
they are, so ``text[start:end]`` of a unit is exactly that range of the decoded file.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from breachscope.config import Config
from breachscope.extract.base import Extracted, Extractor, SkipFile, Source
from breachscope.extract.chunking import cut_point
from breachscope.extract.embedded import embedded_files
from breachscope.extract.encoding import decode_blocks, detect_stream
from breachscope.extract.hexdumps import HexDumps
from breachscope.extract.units import TextUnit
from breachscope.location import Location


class TextExtractor(Extractor):
    """Free text, one unit per ``Config.max_text_unit_chars`` characters (cut at a newline)."""

    id: ClassVar[str] = "text"
    types: ClassVar[frozenset[str]] = frozenset({"text"})

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        location = Location(source.path)
        limit = max(1, config.max_text_unit_chars)
        with source.open() as fh:
            enc = detect_stream(fh)
            pieces: list[str] = []
            held = 0
            base = 0
            line = 1
            used: set[str] = set()  # (the names of the files embedded in it)
            dumps = HexDumps(used)
            for block in decode_blocks(fh, enc, block=min(1 << 20, 4 * limit)):
                pieces.append(block)
                held += len(block)
                if held <= limit:
                    continue
                buf = "".join(pieces)
                while len(buf) > limit:
                    cut = cut_point(buf, limit)
                    text, files = embedded_files(buf[:cut], line, used)
                    yield TextUnit(location, text, base_offset=base, first_line=line)
                    yield from files
                    yield from dumps.feed(buf[:cut])
                    line += buf.count("\n", 0, cut)
                    base += cut
                    buf = buf[cut:]
                pieces, held = [buf], len(buf)
            rest = "".join(pieces)
            if rest:
                text, files = embedded_files(rest, line, used)
                yield TextUnit(location, text, base_offset=base, first_line=line)
                yield from files
                yield from dumps.feed(rest)
            elif base == 0:
                raise SkipFile("empty file")
            yield from dumps.close()
