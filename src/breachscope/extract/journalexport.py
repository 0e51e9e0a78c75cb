"""systemd journal exports (``journalctl -o export``: a server's log collected for an
investigation): one row per entry, ``row`` = its 1-based place in the file, a column per
field by its name (``MESSAGE``, an application's own ``PATIENT_BSN``, ``_CMDLINE``).

An entry is its fields, one a line (``NAME=value``), up to a blank line; a field whose
value holds a line break or other bytes is written as its name on a line, its length as
eight bytes (little-endian) and its bytes. Each value is read as UTF-8 on its own (a
file of such values mixes text and bytes: read whole as text, its every name beyond
ASCII was lost to the wrong encoding). The journal's own addressing fields (``__CURSOR``,
``__REALTIME_TIMESTAMP``, ``__MONOTONIC_TIMESTAMP``) name no one and are left out. The
file is read whole up to ``Config.batch_bytes``; an entry cut short keeps the fields
before the cut, with a note.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from breachscope.config import Config
from breachscope.extract.base import Extracted, ExtractError, Extractor, Note, Source
from breachscope.extract.contentlines import property_rows
from breachscope.location import Location

MAGIC = b"__CURSOR="
_ADDRESSING = frozenset({"__CURSOR", "__REALTIME_TIMESTAMP", "__MONOTONIC_TIMESTAMP"})

Entry = dict[str, list[str]]


def entries(data: bytes) -> tuple[list[tuple[int, Entry]], str | None]:
    """The entries of an export, numbered from 1, and why the reading stopped early
    (None: it did not)."""
    out: list[tuple[int, Entry]] = []
    entry: Entry = {}
    pos = 0
    while pos < len(data):
        end = data.find(b"\n", pos)
        end = len(data) if end < 0 else end
        line = data[pos:end]
        pos = end + 1
        if not line:  # (the blank line after an entry)
            if entry:
                out.append((len(out) + 1, entry))
                entry = {}
            continue
        name, eq, value = line.partition(b"=")
        if not eq:  # (a binary field: its length, its bytes, a line break)
            if pos + 8 > len(data):
                return _closed(out, entry), f"the file ends inside field {_text(name)!r}"
            size = int.from_bytes(data[pos : pos + 8], "little")
            if pos + 8 + size > len(data):
                return _closed(out, entry), f"the file ends inside field {_text(name)!r}"
            value = data[pos + 8 : pos + 8 + size]
            pos += 8 + size + 1
        key = _text(name)
        if key not in _ADDRESSING:
            entry.setdefault(key, []).append(_text(value))
    return _closed(out, entry), None


def _closed(out: list[tuple[int, Entry]], entry: Entry) -> list[tuple[int, Entry]]:
    return [*out, (len(out) + 1, entry)] if entry else out


def _text(raw: bytes) -> str:
    return raw.decode("utf-8", errors="replace")


class JournalExportExtractor(Extractor):
    """A systemd journal export: a row per entry."""

    id: ClassVar[str] = "journal-export"
    types: ClassVar[frozenset[str]] = frozenset({"journal-export"})
    structured: ClassVar[bool] = True

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        data = source.read_document(config.batch_bytes, "journal export")
        if not data.startswith(MAGIC):
            raise ExtractError("no journal export entry ('__CURSOR=') at the start")
        found, stopped = entries(data)
        if not found:
            raise ExtractError("no field in the journal export")
        location = Location(source.path)
        yield from property_rows(location, None, found, config.max_table_rows_per_unit)
        if stopped:
            yield Note(location, f"journal export read up to a break: {stopped}")
