"""Apache Avro object container files (a Kafka topic's S3 sink, a data platform's export),
read with fastavro: one record per datum, ``row`` = its 1-based place in the file, its
fields flattened to dotted paths as a JSON document's are
(:func:`breachscope.extract.json.flatten`: ``patient.naam.achternaam``).

A value is read as its text (:func:`breachscope.extract.json.plain`): a ``date`` as its
ISO date, a ``timestamp-millis`` as its ISO instant, a ``decimal`` and a ``uuid`` as
their text, ``bytes`` as their UTF-8 text where they are some, an enum as its symbol. The
file's schema says what the writer called each field; its ``doc`` strings name no one
and are left. Records stream block by block (a block at most ``Config.batch_bytes``
once decompressed); a block that does not decode ends the reading with a note, the
records before it kept.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar

from breachscope.config import Config
from breachscope.extract.base import Extracted, ExtractError, Extractor, SkipFile, Source
from breachscope.extract.json import record_stream

MAGIC = b"Obj\x01"


class AvroExtractor(Extractor):
    """An Avro object container file as a table of flattened records."""

    id: ClassVar[str] = "avro"
    types: ClassVar[frozenset[str]] = frozenset({"avro"})
    structured: ClassVar[bool] = True

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        import fastavro  # (loaded for files that need it)

        if source.size == 0:
            raise SkipFile("empty file")
        with source.open() as fh:
            if fh.read(4) != MAGIC:
                raise ExtractError("not an Avro container file (no 'Obj\\x01' header)")
            fh.seek(0)
            try:
                records: Iterator[Any] = iter(fastavro.reader(fh))
            except Exception as exc:  # fastavro raises many kinds for a bad header
                raise ExtractError(f"unreadable Avro ({type(exc).__name__})") from None
            yield from record_stream(source.path, records, config, "Avro")
