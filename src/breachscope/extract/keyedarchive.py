"""NSKeyedArchiver archives (an iPad app's ``recent.archive``: the patients it last
opened; an iPhone app's saved state): property lists, binary or XML, of a graph of
objects, read as the objects the app archived.

An archive (Apple's ``NSKeyedArchiver``; its format as Foundation writes it, and as
swift-corelibs-foundation and Python's keyed-archive readers read it) is a dictionary:
``$archiver`` (``NSKeyedArchiver``), ``$version`` (100000), ``$top`` (the root objects by
their keys, ``root``) and ``$objects``, a flat array of every object, ``$null`` first.
An object refers to another by a UID, its index in ``$objects`` (``CF$UID`` in an XML
list). An object of a class is a dictionary whose ``$class`` refers to the class's
description (``$classname``, ``$classes``: the class and its superclasses), its other keys
the keys it was coded under (``naam``, ``bsn``, ``geboortedatum``). Foundation's classes
are coded by their own keys, decoded here as their values: ``NSArray``, ``NSSet`` and
``NSOrderedSet`` (``NS.objects``), ``NSDictionary`` (``NS.keys``, ``NS.objects``),
``NSString`` (a plain string, or ``NS.string`` / ``NS.bytes``), ``NSAttributedString``
(its ``NSString``), ``NSDate`` (``NS.time``: seconds since 2001-01-01 UTC), ``NSData``
(``NS.data``), ``NSUUID`` (``NS.uuidbytes``), ``NSURL`` (``NS.base``, ``NS.relative``),
``NSNull``; numbers are plain.

Every object of any other class (the app's own: ``PTSRecentPatient``) is a record in a
table of its class, ``part`` = the class name, ``row`` = its 1-based place among that
class's objects; its fields are its keys, their references replaced by their values and
flattened as a JSON document's (``verwijzer.naam``, ``allergieen.0``). An object of such a
class held by a key is read into the record (an address the patient has), one held in a
collection is not (it is a record of its own: a list of patients is a table of
patients). The root's other values are record 1 without a part. References are followed
:data:`MAX_DEPTH` deep and never round a cycle; at most :data:`MAX_VALUES` values are
decoded in one archive, the rest noted. Nothing in an archive is instantiated: classes
are names.
"""

from __future__ import annotations

import datetime as dt
import plistlib
import uuid
from collections.abc import Iterator
from typing import Any

from breachscope.config import Config
from breachscope.extract.base import Extracted, Note
from breachscope.extract.json import plain, record_rows
from breachscope.extract.otherpeople import PeopleChunker
from breachscope.location import Location

MAX_DEPTH = 8
"""Deepest chain of references followed from a record (deeper ones are left out)."""
MAX_VALUES = 2_000_000
"""Most values decoded in one archive (a hostile graph can share one list a million
times)."""
EPOCH = dt.datetime(2001, 1, 1, tzinfo=dt.UTC)
"""Where ``NS.time`` counts from (Core Foundation's absolute time)."""
ARRAYS = frozenset(
    {"NSArray", "NSMutableArray", "NSSet", "NSMutableSet", "NSOrderedSet", "NSMutableOrderedSet"}
)
DICTIONARIES = frozenset({"NSDictionary", "NSMutableDictionary"})
STRINGS = frozenset({"NSString", "NSMutableString"})
ATTRIBUTED = frozenset({"NSAttributedString", "NSMutableAttributedString"})
DATA = frozenset({"NSData", "NSMutableData"})
FOUNDATION = (
    ARRAYS
    | DICTIONARIES
    | STRINGS
    | ATTRIBUTED
    | DATA
    | {"NSDate", "NSUUID", "NSURL", "NSNull", "NSNumber", "NSDecimalNumber"}
)
"""The classes decoded as values, never records."""
_LEFT = object()
"""A value left out (a record held in a collection, a cycle, past the depth)."""


class TooLarge(Exception):
    """More than :data:`MAX_VALUES` values decoded."""


def is_keyed_archive(value: Any) -> bool:
    """Whether a parsed property list is a keyed archive: ``$archiver`` a keyed archiver
    (``NSKeyedArchiver``, or a framework's own of that format), ``$objects`` an array and
    ``$top`` a dictionary."""
    return (
        isinstance(value, dict)
        and isinstance(value.get("$archiver"), str)
        and value["$archiver"].endswith("KeyedArchiver")
        and isinstance(value.get("$objects"), list)
        and isinstance(value.get("$top"), dict)
    )


def uid(value: Any) -> int | None:
    """A reference's index: a binary list's UID, an XML list's ``{'CF$UID': n}``."""
    if isinstance(value, plistlib.UID):
        return int(value.data)
    if isinstance(value, dict) and len(value) == 1 and isinstance(value.get("CF$UID"), int):
        return int(value["CF$UID"])
    return None


class _Archive:
    """The objects of one archive, decoded on demand."""

    def __init__(self, objects: list[Any]) -> None:
        self.objects = objects
        self.values = 0

    def classname(self, obj: Any) -> str | None:
        """The class an object was archived as (None: a plain value, or no class)."""
        if not isinstance(obj, dict) or "$class" not in obj:
            return None
        index = uid(obj["$class"])
        if index is None or not 0 <= index < len(self.objects):
            return None
        desc = self.objects[index]
        name = desc.get("$classname") if isinstance(desc, dict) else None
        return name if isinstance(name, str) else None

    def ref(self, value: Any, depth: int, seen: frozenset[int], embed: bool) -> Any:
        """A value with its references followed (``embed``: an object of the app's own
        class is read in, else it is left out, a record of its own)."""
        self.values += 1
        if self.values > MAX_VALUES:
            raise TooLarge
        index = uid(value)
        if index is None:
            return self.plain(value, depth, seen)
        if not 0 <= index < len(self.objects) or index in seen or depth > MAX_DEPTH:
            return _LEFT
        obj = self.objects[index]
        if obj == "$null":
            return None
        name = self.classname(obj)
        if name is None:
            return self.plain(obj, depth, seen | {index})
        if name not in FOUNDATION and not embed:
            return _LEFT
        return self.object(obj, name, depth, seen | {index})

    def plain(self, value: Any, depth: int, seen: frozenset[int]) -> Any:
        """A value that is no object: a string, a number, data, or a list or dictionary
        that holds references."""
        if isinstance(value, list):
            return self.items(value, depth, seen, embed=False)
        if isinstance(value, dict):
            return self.fields(value, depth, seen)
        return value

    def items(self, values: Any, depth: int, seen: frozenset[int], embed: bool) -> list[Any]:
        if not isinstance(values, list):
            return []
        out = (self.ref(v, depth + 1, seen, embed) for v in values)
        return [v for v in out if v is not _LEFT]

    def fields(self, obj: dict[Any, Any], depth: int, seen: frozenset[int]) -> dict[str, Any]:
        """An object's keys and their values (objects of the app's own class read in)."""
        out: dict[str, Any] = {}
        for key, value in obj.items():
            if key == "$class":
                continue
            decoded = self.ref(value, depth + 1, seen, embed=True)
            if decoded is not _LEFT:
                out[str(key)] = decoded
        return out

    def object(self, obj: dict[Any, Any], name: str, depth: int, seen: frozenset[int]) -> Any:
        """An object of class ``name``: a Foundation class's value, else its fields."""
        if name in ARRAYS:
            return self.items(obj.get("NS.objects"), depth, seen, embed=False)
        if name in DICTIONARIES:
            keys = self.items(obj.get("NS.keys"), depth, seen, embed=False)
            values = obj.get("NS.objects")
            vals = values if isinstance(values, list) else []
            out: dict[str, Any] = {}
            for key, value in zip(keys, vals, strict=False):
                decoded = self.ref(value, depth + 1, seen, embed=False)
                if decoded is not _LEFT:
                    out[str(key)] = decoded
            return out
        if name in STRINGS:
            text = obj.get("NS.string", obj.get("NS.bytes"))
            return _text(text)
        if name in ATTRIBUTED:
            return self.ref(obj.get("NSString"), depth + 1, seen, embed=False)
        if name == "NSDate":
            return _date(obj.get("NS.time"))
        if name in DATA:
            return obj.get("NS.data")
        if name == "NSUUID":
            raw = obj.get("NS.uuidbytes")
            return str(uuid.UUID(bytes=raw)) if isinstance(raw, bytes) and len(raw) == 16 else None
        if name == "NSURL":
            parts = (
                self.ref(obj.get(k), depth + 1, seen, False) for k in ("NS.base", "NS.relative")
            )
            return "".join(p for p in parts if isinstance(p, str)) or None
        if name in ("NSNumber", "NSDecimalNumber", "NSNull"):
            return None
        return self.fields(obj, depth, seen)


def _text(value: Any) -> str | None:
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return value if isinstance(value, str) else None


def _date(value: Any) -> Any:
    """``NS.time`` as its instant (a number out of range as its text)."""
    if not isinstance(value, int | float) or isinstance(value, bool):
        return None
    try:
        return EPOCH + dt.timedelta(seconds=value)
    except (OverflowError, ValueError):
        return str(value)


def archive_units(path: str, archive: dict[str, Any], config: Config) -> Iterator[Extracted]:
    """The records of a keyed archive (:func:`is_keyed_archive`): each object of the
    app's own classes in its class's part, the root's other values record 1."""
    objects: list[Any] = archive["$objects"]
    reader = _Archive(objects)
    chunkers: dict[str, PeopleChunker] = {}
    rows: dict[str, int] = {}
    try:
        yield from _root(path, reader, archive["$top"], config)
        for index, obj in enumerate(objects):
            name = reader.classname(obj)
            if name is None or name in FOUNDATION or not isinstance(obj, dict):
                continue
            record = reader.fields(obj, 0, frozenset({index}))
            rows[name] = row = rows.get(name, 0) + 1
            if name not in chunkers:
                location = Location(path, name)
                chunkers[name] = PeopleChunker(location, config.max_table_rows_per_unit)
            yield from record_rows(chunkers[name], path, row, plain(record, naive_utc=True))
    except TooLarge:
        yield Note(Location(path), f"archive read up to {MAX_VALUES} values")
    except RecursionError:
        yield Note(Location(path), "archive nested too deeply to read on")
    for each in chunkers.values():
        yield from each.flush()


def _root(path: str, reader: _Archive, top: dict[Any, Any], config: Config) -> Iterator[Extracted]:
    """The root's values that are no record of their own, record 1 without a part."""
    values: dict[str, Any] = {}
    for key, value in top.items():
        decoded = reader.ref(value, 0, frozenset(), embed=False)
        if decoded is not _LEFT:
            values[str(key)] = decoded
    if _holds(values):
        chunker = PeopleChunker(Location(path), config.max_table_rows_per_unit)
        yield from record_rows(chunker, path, 1, plain(values, naive_utc=True))
        yield from chunker.flush()


def _holds(value: Any) -> bool:
    """Whether a decoded value holds any value (not only empty lists and dictionaries)."""
    if isinstance(value, dict):
        return any(_holds(v) for v in value.values())
    if isinstance(value, list):
        return any(_holds(v) for v in value)
    return value is not None
