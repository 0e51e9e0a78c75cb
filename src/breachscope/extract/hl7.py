"""HL7 v2 messages: one table row per message, columns named by the standard.

Segments end at ``\\r``, ``\\n`` or ``\\r\\n`` (MLLP framing bytes are ignored). A
message starts at each ``MSH`` segment; ``row`` is its 1-based number in the file. Column
ids: ``PID-5`` (whole field), ``PID-5.1`` (component, only for fields with components;
a repeated field's plain first repetition is its ``.1``), ``PID-3(2)`` / ``PID-3(2).1``
(second repetition), ``OBX[2]-5`` (second OBX segment of
the message). ``MSH-1`` is the field separator and ``MSH-2`` the encoding characters, as
in the standard. Escape sequences (``\\F\\ \\S\\ \\T\\ \\R\\ \\E\\``, ``\\.br\\``, ``\\Xhh\\``)
are decoded in every value; empty fields make no column.

A message that reports on several patients (an ``ORU^R01`` whose ``PATIENT_RESULT``
groups each open with a ``PID``) gives each patient after the first a row of her own, in
the part ``PID[2]``, ``PID[3]``... (``row`` = the number of the message), her ``PID``
with the segments after it up to the next one, and the message's ``MSH``, under the
columns a message of her alone would have (``PID-5``, ``OBX-5``, ``OBX[2]-5``).

A segment about another person than the patient (:data:`PERSON_SEGMENTS`: ``NK1``, the
next of kin or contact person, with a name, address and phone number of their own) is not
part of the message's row: a row is one person's mentions, and the partner's phone number
would be read as the patient's. Such a segment is a row of its own in the part named by
its tag (``part=NK1``; ``part=NK1[2]`` for a message's second one), ``row`` = the number
of its message, columns ``NK1-2``, ``NK1-2.1``...
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import ClassVar

from breachscope.config import Config
from breachscope.extract.base import Extracted, ExtractError, Extractor, Note, SkipFile, Source
from breachscope.extract.chunking import RecordChunker
from breachscope.extract.encoding import detect_stream, text_stream
from breachscope.extract.lines import BoundedLines
from breachscope.extract.otherpeople import HL7_PEOPLE, MAX_OTHER_PEOPLE, person_part
from breachscope.extract.units import TableUnit
from breachscope.location import Location

_SEGMENT = re.compile(r"^[A-Z][A-Z0-9]{2}$")
_FRAMING = "\x0b\x1c"
PERSON_SEGMENTS = HL7_PEOPLE
"""Segments that describe another person than the message's patient."""
MAX_SEGMENTS = 10_000
"""Most segments kept of one message (a hostile file may never start a new one)."""


@dataclass(frozen=True, slots=True)
class Separators:
    field: str = "|"
    component: str = "^"
    repetition: str = "~"
    escape: str = "\\"
    subcomponent: str = "&"

    @classmethod
    def of(cls, segments: list[str]) -> Separators:
        """The separators of a message: its ``MSH``'s, or the standard ones where it has
        none (segments a log wrote without their header)."""
        return cls.from_msh(segments[0]) if segments[0].startswith("MSH") else cls()

    @classmethod
    def from_msh(cls, segment: str) -> Separators:
        field = segment[3:4] or "|"
        enc = segment[4:].split(field, 1)[0]
        defaults = cls()
        return cls(
            field,
            enc[0:1] or defaults.component,
            enc[1:2] or defaults.repetition,
            enc[2:3] or defaults.escape,
            enc[3:4] or defaults.subcomponent,
        )

    def unescape(self, text: str) -> str:
        """Decode HL7 escape sequences; unknown ones are dropped (formatting codes)."""
        esc = self.escape
        if not esc or esc not in text:
            return text
        out: list[str] = []
        pos = 0
        while True:
            start = text.find(esc, pos)
            end = text.find(esc, start + 1) if start >= 0 else -1
            if start < 0 or end < 0:
                out.append(text[pos:])
                return "".join(out)
            out.append(text[pos:start])
            out.append(self._sequence(text[start + 1 : end]))
            pos = end + 1

    def _sequence(self, code: str) -> str:
        simple = {
            "F": self.field,
            "S": self.component,
            "T": self.subcomponent,
            "R": self.repetition,
            "E": self.escape,
            ".br": "\n",
        }
        if code in simple:
            return simple[code]
        if code[:1] == "X" and len(code) % 2 == 1:
            try:
                return bytes.fromhex(code[1:]).decode("latin-1")
            except ValueError:
                return ""
        return ""


def message_record(segments: list[str]) -> dict[str, str | None]:
    """``{field id: value}`` of one message (its segments in order, MSH first where it has
    one), without the segments of :data:`PERSON_SEGMENTS` (see :func:`person_records`;
    beyond :data:`~breachscope.extract.otherpeople.MAX_OTHER_PEOPLE` of them they stay,
    as ``NK1[21]-2``...)."""
    seps = Separators.of(segments)
    record: dict[str, str | None] = {}
    seen: dict[str, int] = {}
    for segment in segments:
        fields = segment.split(seps.field)
        tag = fields[0]
        seen[tag] = seen.get(tag, 0) + 1
        if tag in PERSON_SEGMENTS and seen[tag] <= MAX_OTHER_PEOPLE:
            continue
        name = tag if seen[tag] == 1 else f"{tag}[{seen[tag]}]"
        _segment_fields(record, seps, name, fields)
    return record


def patient_groups(segments: list[str]) -> list[list[str]]:
    """A message's segments by patient: the first group up to its second ``PID``, then one
    group from each further ``PID`` (a lab's ``ORU^R01`` that reports on several women,
    each ``PATIENT_RESULT`` a ``PID`` with her visit, orders and results), at most
    :data:`MAX_PATIENTS` (any further ones stay in the last group)."""
    groups: list[list[str]] = [[]]
    seen = False
    for segment in segments:
        if segment[:3] == "PID" and segment[3:4] and not segment[3:4].isalnum():
            if seen and len(groups) < MAX_PATIENTS:
                groups.append([])
            seen = True
        groups[-1].append(segment)
    return groups


MAX_PATIENTS = 1000
"""Most patients of one message read as rows of their own."""


def person_records(segments: list[str]) -> list[tuple[str, dict[str, str | None]]]:
    """``(part, {field id: value})`` of each segment of :data:`PERSON_SEGMENTS` in one
    message, up to :data:`~breachscope.extract.otherpeople.MAX_OTHER_PEOPLE`: part ``NK1``
    for the first, ``NK1[2]`` for the second...; field ids as in a message of that segment
    alone (``NK1-2``)."""
    seps = Separators.of(segments)
    out: list[tuple[str, dict[str, str | None]]] = []
    seen: dict[str, int] = {}
    for segment in segments:
        if segment[:3] not in PERSON_SEGMENTS:  # (a tag is three characters: no split)
            continue
        fields = segment.split(seps.field)
        tag = fields[0]
        seen[tag] = seen.get(tag, 0) + 1
        if seen[tag] > MAX_OTHER_PEOPLE:
            break  # any further ones stay in the message's row
        record: dict[str, str | None] = {}
        _segment_fields(record, seps, tag, fields)
        if record:
            out.append((person_part(None, tag, seen[tag]), record))
    return out


def _segment_fields(
    record: dict[str, str | None], seps: Separators, name: str, fields: list[str]
) -> None:
    """Add one segment's fields to ``record``, under ``{name}-{number}``."""
    if fields[0] == "MSH":
        record[f"{name}-1"] = seps.field
        if len(fields) > 1:
            record[f"{name}-2"] = fields[1]
        numbered = enumerate(fields[2:], start=3)
    else:
        numbered = enumerate(fields[1:], start=1)
    for number, raw in numbered:
        if raw:
            _field(record, seps, f"{name}-{number}", raw)


def _field(record: dict[str, str | None], seps: Separators, key: str, raw: str) -> None:
    if seps.component not in raw and seps.repetition not in raw and seps.escape not in raw:
        record[key] = raw  # the common case: a plain value
        return
    record[key] = seps.unescape(raw)
    repetitions = raw.split(seps.repetition) if seps.repetition else [raw]
    for rep_no, rep in enumerate(repetitions, start=1):
        rep_key = key if rep_no == 1 else f"{key}({rep_no})"
        if rep_no > 1 and rep:
            record[rep_key] = seps.unescape(rep)
        if seps.component in rep:
            for comp_no, comp in enumerate(rep.split(seps.component), start=1):
                if comp:
                    record[f"{rep_key}.{comp_no}"] = seps.unescape(comp)
        elif rep_no == 1 and rep and len(repetitions) > 1:
            # a plain first repetition is its first component: ``0612345678`` of
            # ``0612345678~^NET^Internet^p@x.nl``, which the whole field's column, read as
            # the e-mail address's, would hide
            record[f"{key}.1"] = seps.unescape(rep)


class MessageRows:
    """The rows of a file's messages (see the module's text): each message's first
    patient a row of the file's table, its other patients and people rows of their own
    parts."""

    def __init__(self, path: str, config: Config) -> None:
        self.path = path
        self.max_rows = config.max_table_rows_per_unit
        self.chunker = RecordChunker(Location(path), self.max_rows)
        self.parts: dict[str, RecordChunker] = {}
        """A chunker per part of rows of other patients and people."""

    def _rows_of(self, part: str) -> RecordChunker:
        rows = self.parts.get(part)
        if rows is None:
            rows = self.parts[part] = RecordChunker(Location(self.path, part), self.max_rows)
        return rows

    def add(self, number: int, segments: list[str]) -> Iterator[TableUnit]:
        """Message ``number``'s rows (its segments in order, MSH first where it has one)."""
        groups = patient_groups(segments)
        yield from self.chunker.add(number, message_record(groups[0]))
        for part, record in person_records(groups[0]):
            yield from self._rows_of(part).add(number, record)
        header = segments[:1] if segments[0].startswith("MSH") else []
        for index, group in enumerate(groups[1:], start=2):
            own = f"PID[{index}]"
            yield from self._rows_of(own).add(number, message_record(header + group))
            for part, record in person_records(header + group):
                yield from self._rows_of(f"{own}/{part}").add(number, record)

    def flush(self) -> Iterator[TableUnit]:
        yield from self.chunker.flush()
        for rows in self.parts.values():
            yield from rows.flush()


class Hl7Extractor(Extractor):
    """HL7 v2 files (single messages, batches, MLLP captures)."""

    id: ClassVar[str] = "hl7"
    types: ClassVar[frozenset[str]] = frozenset({"hl7"})
    structured: ClassVar[bool] = True

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        rows = MessageRows(source.path, config)
        messages = 0
        with source.open() as fh:
            enc = detect_stream(fh)
            lines = BoundedLines(text_stream(fh, enc), config.max_text_unit_chars)
            current: list[str] = []
            while True:
                for line in lines:
                    segment = line.strip("\r\n").strip(_FRAMING)
                    tag = segment[:3]
                    if not _SEGMENT.match(tag) or segment[3:4].isalnum():
                        continue
                    if tag == "MSH":
                        if current:
                            messages += 1
                            yield from rows.add(messages, current)
                        current = [segment]
                    elif current and len(current) < MAX_SEGMENTS:
                        current.append(segment)
                if not lines.interrupted:
                    break
                yield Note(
                    Location(source.path, row=messages + 1 if current else messages or None),
                    f"segment longer than {config.max_text_unit_chars} characters skipped",
                )
            if current:
                messages += 1
                yield from rows.add(messages, current)
        if not messages:
            if source.size == 0:
                raise SkipFile("empty file")
            raise ExtractError("no HL7 message (MSH segment) found")
        yield from rows.flush()
