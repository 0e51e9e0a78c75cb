"""CBOR files (RFC 8949: an app's cache on a tablet or phone, an IoT device's log), read
with cbor2: one item is read as a JSON document is (an array of records it wraps, one
record per element in a part of its own), a sequence of items (RFC 8742) a record each,
``row`` = its 1-based place. Values as JSON's (:func:`breachscope.extract.json.plain`):
a date and time as its ISO instant, a date (tags 100 and 1004) as its ISO date, bytes as
their UTF-8 text where they are some, a tag cbor2 does not know as its value. Nothing in
an item is run: cbor2 builds no object a tag names. The file is read whole up to
``Config.batch_bytes``; an item that does not decode ends the reading with a note, the
items before it kept.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any, ClassVar

from breachscope.config import Config
from breachscope.extract.base import Extracted, ExtractError, Extractor, Source
from breachscope.extract.json import stream_units
from breachscope.ingest.filetype import cbor_untagged


def _items(data: bytes) -> tuple[list[Any], str | None]:
    """The file's items, and why the reading stopped early (None: it did not)."""
    import cbor2

    stream = io.BytesIO(data)
    decoder = cbor2.CBORDecoder(stream, tag_hook=cbor_untagged, str_errors="replace")
    items: list[Any] = []
    while stream.tell() < len(data):
        at = stream.tell()
        try:
            items.append(_simple(decoder.decode()))
        except Exception as exc:  # (CBORDecodeError and others for bad bytes)
            what = type(exc).__name__  # (its message may quote the bytes)
            return items, f"item {len(items) + 1} at byte {at}: {what}"
    return items, None


def _simple(value: Any) -> Any:
    """cbor2's ``undefined`` and simple values as None, inside containers too."""
    import cbor2

    if isinstance(value, dict):
        return {k: _simple(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_simple(v) for v in value]
    if value is cbor2.undefined or isinstance(value, cbor2.CBORSimpleValue):
        return None
    return value


class CborExtractor(Extractor):
    """A CBOR item (a document) or a sequence of them (records)."""

    id: ClassVar[str] = "cbor"
    types: ClassVar[frozenset[str]] = frozenset({"cbor"})
    structured: ClassVar[bool] = True

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        data = source.read_document(config.batch_bytes, "CBOR file")
        try:
            items, broke = _items(data)
        except RecursionError:
            raise ExtractError("CBOR nested too deeply to read") from None
        if not items:
            raise ExtractError(f"unreadable CBOR ({broke})")
        stopped = None if broke is None else f"CBOR reading stopped ({broke})"
        yield from stream_units(source.path, items, config, stopped)
