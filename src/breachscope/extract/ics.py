"""iCalendar (``.ics``: a practice's agenda exported, an appointment invitation attached to
an e-mail): one row per event, to-do or journal entry, ``row`` = the line of its
``BEGIN:VEVENT``.

An appointment is about one person (``Uitstrijkje mevr. P. Jansen``, ``BSN 123456782,
HPV-positief``). Its properties become columns named as a Dutch export would name them, so
that its values are classified as any table's are: ``onderwerp`` (``SUMMARY``),
``omschrijving`` (``DESCRIPTION``), ``locatie`` (``LOCATION``), ``opmerking``
(``COMMENT``), ``datum`` (``DTSTART``, as ``2024-03-12T09:00:00``), ``deelnemer`` and
``e-mail deelnemer`` (an ``ATTENDEE``'s common name and address; a property held more than
once gives as many columns: ``deelnemer (2)``). Folded lines are unfolded and escapes
(``\\,``, ``\\;``, ``\\n``) decoded (read as text, ``\\n`` would glue words together). Left
out: the ``ORGANIZER`` (the agenda's owner, who is not the person the appointment is
about, so not a value of its row), alarms inside an event (``VALARM``: a reminder's text)
and time zones.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import ClassVar

from breachscope.config import Config
from breachscope.extract.base import Extracted, ExtractError, Extractor, Source
from breachscope.extract.contentlines import (
    CONTENT_LINE,
    decoded_value,
    logical_lines,
    property_rows,
    unescape,
)
from breachscope.extract.encoding import decode_bytes
from breachscope.location import Location

COMPONENTS = frozenset({"VEVENT", "VTODO", "VJOURNAL"})
"""The components that are rows."""
_COLUMNS: dict[str, str] = {
    "SUMMARY": "onderwerp",
    "DESCRIPTION": "omschrijving",
    "LOCATION": "locatie",
    "COMMENT": "opmerking",
    "DTSTART": "datum",
}
_ORDER = ("onderwerp", "omschrijving", "locatie", "opmerking", "datum", "deelnemer",
          "e-mail deelnemer")  # fmt: skip
_STAMP = re.compile(r"(\d{4})(\d\d)(\d\d)(?:T(\d\d)(\d\d)(\d\d)Z?)?")
_COMMON_NAME = re.compile(r';CN=(?:"([^"]*)"|([^;:]*))', re.IGNORECASE)
_MAILTO = re.compile(r"mailto:", re.IGNORECASE)


def _when(value: str) -> str:
    """``20240312T090000`` as ``2024-03-12T09:00:00``, ``20240312`` as ``2024-03-12``;
    anything else as written."""
    m = _STAMP.fullmatch(value.strip())
    if m is None:
        return value.strip()
    y, mo, d, h, mi, s = m.groups()
    return f"{y}-{mo}-{d}" + (f"T{h}:{mi}:{s}" if h else "")


def entries(text: str) -> Iterator[tuple[int, dict[str, list[str]]]]:
    """``(line of BEGIN, {column: values})`` of every event, to-do and journal entry."""
    start = 0
    entry: dict[str, list[str]] | None = None
    nested = 0  # components open inside the entry (an alarm)
    for number, line in logical_lines(text):
        m = CONTENT_LINE.match(line)
        if m is None:
            continue
        name = m["name"].upper()
        if name in ("BEGIN", "END"):
            component = m["value"].strip().upper()
            if entry is None:
                if name == "BEGIN" and component in COMPONENTS:
                    start, entry, nested = number, {}, 0
            elif name == "BEGIN":
                nested += 1
            elif nested:
                nested -= 1
            else:
                yield start, entry
                entry = None
            continue
        if entry is None or nested:
            continue
        value = decoded_value(m["value"], m["params"])
        if name == "ATTENDEE":
            cn = _COMMON_NAME.search(m["params"] or "")
            person = unescape((cn[1] if cn[1] is not None else cn[2]) if cn else "").strip()
            if person:
                entry.setdefault("deelnemer", []).append(person)
            address = _MAILTO.sub("", value).strip()
            if "@" in address:
                entry.setdefault("e-mail deelnemer", []).append(address)
        elif name in _COLUMNS:
            text_value = _when(value) if name == "DTSTART" else unescape(value).strip()
            if text_value:
                entry.setdefault(_COLUMNS[name], []).append(text_value)
    if entry is not None:
        yield start, entry  # (an entry cut short)


class IcsExtractor(Extractor):
    """iCalendar files: one table row per event, to-do or journal entry."""

    id: ClassVar[str] = "ics"
    types: ClassVar[frozenset[str]] = frozenset({"ics"})
    structured: ClassVar[bool] = True

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        text = decode_bytes(source.read_document(config.batch_bytes, "iCalendar file"))
        found = [(n, e) for n, e in entries(text) if e]
        if not found:
            if "BEGIN:VCALENDAR" in text[:4096].upper():
                return  # an empty calendar: nothing in it
            raise ExtractError("no iCalendar data in the file")
        yield from property_rows(
            Location(source.path), _ORDER, found, config.max_table_rows_per_unit
        )
