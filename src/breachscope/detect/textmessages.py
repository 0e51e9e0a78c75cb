"""HL7 v2 messages inside free text, read as HL7.

An interface engine's log, or an e-mail to the lab's IT desk about a message that failed,
holds whole HL7 messages among its lines (``2024-03-01 10:00 Received: MSH|^~\\&|...``,
then ``PID|1||123456782^^^NLMINBIZA^NNNLD||Jansen^Petra...``). Read as prose they give
almost nothing: no label stands beside the BSN in ``PID-3`` or the date of birth in
``PID-7``. Here each message (from ``MSH|`` over the segments that follow it, up to the
first line that is no segment; or from a ``PID|`` segment that no header stands above, as
a log may write the segments it processed without theirs, read by HL7's standard
separators) becomes a row of a
:class:`~breachscope.extract.units.TableUnit` of the text's part with the columns the HL7
extractor gives a message file (:func:`breachscope.extract.hl7.message_record`:
``PID-3``, ``PID-5.1``...), its ``NK1`` segments (another person) rows of their own in a
part below (``body/NK1``), so that the columns are read as HL7 columns are. The row is
the 1-based line of the part on which the message's ``MSH`` starts (lines end at
``\\r\\n``, ``\\r`` or ``\\n``: HL7 ends its segments with ``\\r``; a log that writes a
message on one line writes the two characters ``\\r`` between its segments, and they end
a segment too); a header alone, or one
without its encoding characters, is no message, nor is a ``PID`` segment of fewer than
:data:`MIN_PID_FIELDS` fields or without a component separator. The messages are then
blanked in the text (spaces; offsets and lines stay), which is read as free text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from breachscope.detect.texttables import blanked
from breachscope.extract.chunking import RecordChunker
from breachscope.extract.hl7 import MAX_SEGMENTS, message_record, person_records
from breachscope.extract.units import TableUnit, TextUnit
from breachscope.location import Location

MAX_ROWS = 4096
"""Messages per table unit."""
MIN_PID_FIELDS = 6
"""Fields (``PID`` and its separators counted as HL7 counts them: up to ``PID-5``, the
name) a ``PID`` segment with no header above it holds at least to be read as one."""
_SEGMENT = re.compile(r"[A-Z][A-Z0-9]{2}\|")
_START = re.compile(r"(?<![A-Za-z0-9])(?:MSH|PID)\|")
"""Where a message starts: its header, or a person's segment that no header stands above
(not inside a word: ``XMSH|``)."""
_MSH = re.compile(r"MSH\|[^|\r\n]{1,5}\|")
"""A message header with its encoding characters (``MSH|^~\\&|``)."""
_BREAK = re.compile(r"\r\n|\r|\n")
_SEGMENT_END = re.compile(r"\r\n|\r|\n|(?:\\r\\n|\\r|\\n)(?=[A-Z][A-Z0-9]{2}\|)")
"""Where a segment ends: a line break, or the two characters ``\\r`` (or ``\\n``) before
the next segment's id, as a log writes a message on one line
(``…|2.5\\rPID|1||…``)."""


def _prefix_shape(prefix: str) -> str:
    """A log line's prefix with its digits as ``0``: the same on every line of a log
    (``2024-03-11 10:02:11 INFO Received: ``) as its time changes."""
    return prefix.translate(_DIGITS_AS_ZERO)


_DIGITS_AS_ZERO = str.maketrans("123456789", "000000000")


def breaks(text: str, lo: int, hi: int) -> int:
    """Line breaks in ``text[lo:hi]`` (``\\r\\n``, ``\\r`` and ``\\n`` count once each): what
    a row's line in a part advances by between two positions."""
    return sum(1 for _ in _BREAK.finditer(text, lo, hi))


_FRAMING = "\x0b\x1c"
"""MLLP's start and end bytes, around a message that a log copied from the wire."""


def hl7_messages(unit: TextUnit) -> tuple[TextUnit, list[TableUnit]]:
    """``unit`` with its HL7 messages blanked, and their rows as tables."""
    text = unit.text
    if not has_segments(text):  # C-speed: most text holds none
        return unit, []
    tables = _Tables(unit.location)
    spans: list[tuple[int, int]] = []
    line, counted = unit.first_line, 0
    for start, end, record, others in messages(text):
        line += breaks(text, counted, start)
        counted = start
        tables.add(line, record, others)
        spans.append((start, end))
    if not spans:
        return unit, []
    return blanked(unit, spans), tables.flush()


def hl7_cells(
    location: Location, header: str, rows: Sequence[int], cells: Sequence[str | None]
) -> tuple[list[str | None], list[TableUnit]]:
    """A table column's cells with the HL7 message each holds blanked (an interface
    engine's message table exported, a log record's payload field), and those messages
    as tables of part ``<part>/<header>`` (``<part>/<header>/NK1`` for a next of kin),
    each message's row the row of its cell (``log.ndjson#part=payload&row=7&col=PID-3``).
    A cell's first message only: a row is one person's, and the rest stays the cell's
    text."""
    part = f"{location.part}/{header}" if location.part else header
    tables = _Tables(Location(location.path, part))
    out = list(cells)
    for k, (row, cell) in enumerate(zip(rows, cells, strict=True)):
        if not cell or not has_segments(cell):
            continue
        for start, end, record, others in messages(cell):
            tables.add(row, record, others)
            out[k] = (cell[:start] + " " * (end - start) + cell[end:]).strip() or None
            break
    return out, tables.flush()


def has_segments(text: str) -> bool:
    """Whether ``text`` may hold a message (substring tests, C-speed)."""
    return "MSH|" in text or "PID|" in text


def messages(
    text: str,
) -> Iterator[tuple[int, int, dict[str, str | None], list[tuple[str, dict[str, str | None]]]]]:
    """``(start, end, record, other people's records)`` of each HL7 message in ``text``
    (:func:`~breachscope.extract.hl7.message_record`,
    :func:`~breachscope.extract.hl7.person_records`)."""
    m = _START.search(text)
    while m is not None:
        pos = m.start()
        segments, end = _segments(text, pos)
        try:
            if _is_message(segments):
                yield pos, end, message_record(segments), person_records(segments)
                m = _START.search(text, end)
                continue
        except (IndexError, ValueError):  # an MSH cut short: no separators to read by
            pass
        m = _START.search(text, pos + 4)


def _is_message(segments: list[str]) -> bool:
    """Whether segments from a header (or a ``PID`` with none above it) are a message
    with a person in it (see the module)."""
    if segments[0].startswith("MSH"):
        return len(segments) >= 2 and _MSH.match(segments[0]) is not None
    head = segments[0]
    return head.count("|") >= MIN_PID_FIELDS - 1 and "^" in head


class _Tables:
    """The rows of messages found at one location: a table of messages, and one per
    other person's part below it (``NK1``)."""

    def __init__(self, location: Location) -> None:
        self.location = location
        self.rows = RecordChunker(location, MAX_ROWS)
        self.people: dict[str, RecordChunker] = {}
        self.done: list[TableUnit] = []

    def add(
        self,
        row: int,
        record: dict[str, str | None],
        others: list[tuple[str, dict[str, str | None]]],
    ) -> None:
        self.done.extend(self.rows.add(row, record))
        loc = self.location
        for part, fields in others:
            chunker = self.people.get(part)
            if chunker is None:
                full = f"{loc.part}/{part}" if loc.part else part
                chunker = self.people[part] = RecordChunker(Location(loc.path, full), MAX_ROWS)
            self.done.extend(chunker.add(row, fields))

    def flush(self) -> list[TableUnit]:
        self.done.extend(self.rows.flush())
        for chunker in self.people.values():
            self.done.extend(chunker.flush())
        return self.done


def _segments(text: str, pos: int) -> tuple[list[str], int]:
    """The segments of the message whose ``MSH`` starts at ``pos``, and where its last
    segment ends. A log that writes each segment on a line of its own behind its
    prefix (``2024-03-11 10:02:11 INFO Received: PID|1||…``) has each segment after a
    prefix of the ``MSH`` line's shape (:func:`_prefix_shape`)."""
    line = max(text.rfind("\n", 0, pos), text.rfind("\r", 0, pos)) + 1
    prefix = _prefix_shape(text[line:pos]) if line < pos else ""
    segments: list[str] = []
    start = end = pos
    while len(segments) < MAX_SEGMENTS and start < len(text):
        if segments and prefix and _prefix_shape(text[start : start + len(prefix)]) == prefix:
            start += len(prefix)
        m = _SEGMENT_END.search(text, start)
        stop = len(text) if m is None else m.start()
        segment = text[start:stop].strip(_FRAMING)
        if segments and (not _SEGMENT.match(segment) or segment.startswith("MSH")):
            break
        segments.append(segment)
        end = stop
        if m is None:
            break
        start = m.end()
    return segments, end
