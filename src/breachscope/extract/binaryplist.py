"""Binary property lists (``bplist00``: an iPhone app's or a Mac's preferences, an app's
cache in a phone backup), read with the standard library's ``plistlib``: the list is one
document read as a JSON document is (:func:`breachscope.extract.json.document_units`: an
array of records it wraps one per element, in a part named by its key; its other values
record 1, flattened to dotted paths).

A value is read as its text (:func:`breachscope.extract.json.plain`): a date as its ISO
instant, data as its UTF-8 text where it is some (an app that stores a JSON document as
data: its values then read at their paths below the key), a keyed archive's object
references as their numbers. The list is read whole, up to ``Config.batch_bytes``.
A keyed archive (``NSKeyedArchiver``: an app's archived objects) is read as its objects,
a table per class (:mod:`.keyedarchive`); an XML property list that is one is sniffed as
a property list and read here too (plistlib's XML parser: no entities), other XML
property lists are XML and read as XML.
"""

from __future__ import annotations

import plistlib
from collections.abc import Iterator
from typing import ClassVar

from breachscope.config import Config
from breachscope.extract.base import Extracted, ExtractError, Extractor, Source
from breachscope.extract.json import document_units, plain
from breachscope.extract.keyedarchive import archive_units, is_keyed_archive
from breachscope.extract.otherpeople import PeopleChunker
from breachscope.location import Location


class BinaryPlistExtractor(Extractor):
    """A binary property list as a JSON document."""

    id: ClassVar[str] = "plist"
    types: ClassVar[frozenset[str]] = frozenset({"plist"})
    structured: ClassVar[bool] = True

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        data = source.read_document(config.batch_bytes, "property list")
        binary = data.startswith(b"bplist")
        try:
            value = plistlib.loads(data, fmt=plistlib.FMT_BINARY if binary else plistlib.FMT_XML)
        except RecursionError:
            raise ExtractError("property list nested too deeply to read") from None
        except Exception as exc:  # plistlib raises many kinds for bad input
            what = type(exc).__name__  # (its message may quote a value)
            kind = "binary property list" if binary else "property list"
            raise ExtractError(f"unreadable {kind} ({what})") from None
        if is_keyed_archive(value):
            yield from archive_units(source.path, value, config)
            return
        chunker = PeopleChunker(Location(source.path), config.max_table_rows_per_unit)
        yield from document_units(source.path, plain(value, naive_utc=True), config, chunker)
        yield from chunker.flush()
