"""Sentry envelopes (``.envelope``: what an SDK sends to Sentry, as Relay spools it on
disk while the server is away; an SDK's offline cache): the events they report, their
attachments as files.

An envelope is its header, a JSON object on the first line (``event_id``, ``dsn``,
``sent_at``), then items: each an item header, a JSON object on a line of its own
(``type``, ``length``, ``content_type``, ``filename``), and a payload of ``length`` bytes
(without a length: up to the next line break), a line break after it. Read here:

* the header a record of part ``envelope``, ``row`` 1;
* an item whose payload is a JSON object (an ``event``, a ``transaction``, ``feedback``,
  a ``session``...) but an attachment a record in the part named by its type, ``row`` =
  the item's 1-based place in the envelope, flattened as JSON is (``request.data.bsn``,
  ``breadcrumbs.values.2.message``, ``extra.laatste_patient.naam``);
* an attachment (and any other payload) a child file named by its ``filename`` (else
  ``item-<n>``): its bytes as they are, read by their own type; a form's body
  (``application/x-www-form-urlencoded``, a ``form_data`` item, or a payload of nothing
  but ``key=value&...``) decoded (``+`` a space, ``%C3%AB`` an ``ë``) into a JSON object
  of its fields, the child ``<filename>.json``.

Lengths are checked against the bytes left: a payload the file cuts short, or an item
header that does not parse, ends the reading with a note, what came before kept (a cut
payload still a child file). The file is read whole up to ``Config.batch_bytes``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any, ClassVar
from urllib.parse import parse_qsl

from breachscope.config import Config
from breachscope.extract.base import ChildFile, Extracted, ExtractError, Extractor, Note, Source
from breachscope.extract.email import safe_name
from breachscope.extract.json import record_rows
from breachscope.extract.otherpeople import PeopleChunker
from breachscope.location import Location

ATTACHMENTS = frozenset({"attachment", "form_data", "replay_recording", "replay_video"})
"""Item types whose payload is a file, not an event's JSON."""
_FORM = re.compile(rb"[\w.\-\[\]%+]+=[^&\s]*(?:&[\w.\-\[\]%+]+=[^&\s]*)+\s*")
_FORM_TYPE = "application/x-www-form-urlencoded"


def _json_object(data: bytes) -> dict[str, Any] | None:
    try:
        value = json.loads(data.decode("utf-8"), parse_int=str, parse_float=str)
    except (ValueError, RecursionError):
        return None
    return value if isinstance(value, dict) else None


def form_fields(data: bytes) -> dict[str, Any]:
    """A form's body as its fields (a field given twice a list of its values)."""
    fields: dict[str, Any] = {}
    text = data.decode("utf-8", errors="replace").strip()
    for key, value in parse_qsl(text, keep_blank_values=True, errors="replace"):
        if key in fields:
            held = fields[key]
            fields[key] = [*held, value] if isinstance(held, list) else [held, value]
        else:
            fields[key] = value
    return fields


def _is_form(kind: str, header: dict[str, Any], payload: bytes) -> bool:
    content_type = str(header.get("content_type", "")).lower()
    return (
        kind == "form_data"
        or content_type.startswith(_FORM_TYPE)
        or (kind == "attachment" and _FORM.fullmatch(payload) is not None)
    )


def _child(
    number: int, kind: str, header: dict[str, Any], payload: bytes, used: set[str]
) -> ChildFile:
    """An attachment as a child file (a form's body decoded into JSON), its name unique
    among the envelope's (``used``)."""
    filename = header.get("filename")
    name = filename if isinstance(filename, str) and filename else f"item-{number}"
    if _is_form(kind, header, payload):
        body = json.dumps(form_fields(payload), ensure_ascii=False, indent=1)
        return ChildFile(safe_name(f"{name}.json", number, used), body.encode())
    return ChildFile(safe_name(name, number, used), payload)


def _line(data: bytes, pos: int) -> tuple[bytes, int]:
    """The line at ``pos`` (without its break) and where the next starts."""
    end = data.find(b"\n", pos)
    if end < 0:
        return data[pos:], len(data)
    return data[pos:end], end + 1


class SentryEnvelopeExtractor(Extractor):
    """Sentry envelopes: events as records, attachments as files."""

    id: ClassVar[str] = "sentry-envelope"
    types: ClassVar[frozenset[str]] = frozenset({"sentry-envelope"})
    structured: ClassVar[bool] = True

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        data = source.read_document(config.batch_bytes, "Sentry envelope")
        head, pos = _line(data, 0)
        header = _json_object(head.removeprefix(b"\xef\xbb\xbf"))
        if header is None:
            raise ExtractError("not a Sentry envelope (its header is no JSON object)")
        rows = config.max_table_rows_per_unit
        envelope = PeopleChunker(Location(source.path, "envelope"), rows)
        yield from record_rows(envelope, source.path, 1, header)
        yield from envelope.flush()
        chunkers: dict[str, PeopleChunker] = {}
        number = 0
        used: set[str] = set()
        while pos < len(data):
            line, after = _line(data, pos)
            if not line.strip():
                pos = after
                continue
            number += 1
            item = _json_object(line)
            if item is None:
                yield Note(Location(source.path), f"item {number}: header is no JSON object")
                return
            kind = str(item.get("type", ""))
            length = item.get("length")
            if length is None:
                payload, pos = _line(data, after)
                cut = False
            else:
                try:
                    size = int(length)
                except (TypeError, ValueError):
                    yield Note(Location(source.path), f"item {number}: length is no number")
                    return
                if size < 0:
                    yield Note(Location(source.path), f"item {number}: negative length")
                    return
                cut = after + size > len(data)
                payload = data[after : after + size]
                pos = after + size
            event = None if kind in ATTACHMENTS else _json_object(payload)
            if event is not None:
                chunker = chunkers.get(kind)
                if chunker is None:
                    chunker = chunkers[kind] = PeopleChunker(
                        Location(source.path, kind or "item"), rows
                    )
                yield from record_rows(chunker, source.path, number, event)
            elif payload:
                yield _child(number, kind, item, payload, used)
            if cut:
                yield Note(Location(source.path), f"item {number}: payload cut short")
                break
        for chunker in chunkers.values():
            yield from chunker.flush()
