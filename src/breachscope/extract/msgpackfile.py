"""MessagePack files (an app's cache on a tablet, ``recent_patients.msgpack``; a queue's
spool): a stream of MessagePack values, read as CBOR's are
(:mod:`breachscope.extract.cborfile`): one value as a JSON document is, a stream of them
a record each, ``row`` = its 1-based place, each value at its path (``adres.postcode``).

Decoded by :func:`breachscope.ingest.msgpackwire.unpack` (every length checked; an
integer as its digits, a BSN an app kept as one among them; a timestamp extension as its
ISO instant; bytes as their UTF-8 text where they are some, as JSON's values are read,
:func:`breachscope.extract.json.plain`). The file is read whole up to
``Config.batch_bytes``; a value that does not decode ends the reading with a note, the
values before it kept.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from typing import Any, ClassVar

from breachscope.config import Config
from breachscope.extract.base import Extracted, ExtractError, Extractor, Source
from breachscope.extract.json import stream_units
from breachscope.ingest.msgpackwire import MsgpackError, unpack


def values(data: bytes) -> tuple[list[Any], str | None]:
    """The file's values, and why the reading stopped early (None: it did not)."""
    found: list[Any] = []
    pos = 0
    while pos < len(data):
        try:
            value, pos = unpack(data, pos, 0)
        except (MsgpackError, struct.error, UnicodeDecodeError, RecursionError) as exc:
            what = str(exc) if isinstance(exc, MsgpackError) else type(exc).__name__
            return found, f"value {len(found) + 1} at byte {pos}: {what}"
        found.append(value)
    return found, None


class MsgpackExtractor(Extractor):
    """A MessagePack value (a document) or a stream of them (records)."""

    id: ClassVar[str] = "msgpack"
    types: ClassVar[frozenset[str]] = frozenset({"msgpack"})
    structured: ClassVar[bool] = True

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        data = source.read_document(config.batch_bytes, "MessagePack file")
        found, broke = values(data)
        if not found:
            raise ExtractError(f"unreadable MessagePack ({broke})")
        stopped = None if broke is None else f"MessagePack reading stopped ({broke})"
        yield from stream_units(source.path, found, config, stopped)
