"""BSON document streams (``mongodump``'s ``collection.bson``: a MongoDB backup), read with
pymongo's ``bson``: one record per document, ``row`` = its 1-based place in the file, its
values flattened to dotted paths as a JSON document's are
(:func:`breachscope.extract.json.flatten`: ``naam.achternaam``, ``telefoons.0``).

A value is read as its text (:func:`breachscope.extract.json.plain`): an ``ObjectId`` as
its hex, a date as its ISO instant (a birth date a Node.js app stored as local midnight,
``1966-12-05T23:00:00.000Z``, is read as its day in the Netherlands), a whole number
stored as a double without its ``.0``, binary data as its UTF-8 text where it is some.
Documents are decoded one at a time from the file as it streams (each at most
``Config.batch_bytes``); a document that does not decode ends the reading with a note of
where, the documents before it kept. Nothing in a document is run: a stored JavaScript
function is its text.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, BinaryIO, ClassVar

from breachscope.config import Config
from breachscope.extract.base import Extracted, Extractor, SkipFile, Source
from breachscope.extract.json import StreamBreak, record_stream


def _documents(fh: BinaryIO, limit: int) -> Iterator[tuple[int, bytes]]:
    """``(offset, bytes)`` of each document of the stream (a :class:`StreamBreak` where a
    length is impossible or the file ends inside a document)."""
    offset = 0
    while head := fh.read(4):
        if len(head) < 4:
            raise StreamBreak(f"{len(head)} stray bytes at the end (byte {offset})")
        length = int.from_bytes(head, "little")
        if not 5 <= length <= limit:
            raise StreamBreak(f"a document of {length} bytes at byte {offset}")
        body = fh.read(length - 4)
        if len(body) < length - 4:
            raise StreamBreak(f"the file ends inside the document at byte {offset}")
        yield offset, head + body
        offset += length


def _decoded(fh: BinaryIO, limit: int) -> Iterator[Any]:
    """The stream's documents decoded (a :class:`StreamBreak` naming the one that is not)."""
    import bson  # (pymongo's; loaded for files that need it)

    options: bson.CodecOptions[dict[str, Any]] = bson.CodecOptions(tz_aware=True)
    for number, (offset, data) in enumerate(_documents(fh, limit), 1):
        try:
            yield bson.decode(data, codec_options=options)
        except Exception as exc:  # (InvalidBSON, and others for bad bytes)
            what = type(exc).__name__  # (its message may quote the bytes)
            raise StreamBreak(f"document {number} at byte {offset}: {what}") from None


class BsonExtractor(Extractor):
    """A stream of BSON documents as a table of flattened records."""

    id: ClassVar[str] = "bson"
    types: ClassVar[frozenset[str]] = frozenset({"bson"})
    structured: ClassVar[bool] = True

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        if source.size == 0:
            raise SkipFile("empty file")
        with source.open() as fh:
            yield from record_stream(source.path, _decoded(fh, config.batch_bytes), config, "BSON")
