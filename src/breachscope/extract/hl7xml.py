"""HL7 v2 messages in their XML encoding (v2.xml, namespace ``urn:hl7-org:v2xml``: a LIS's
archive of ``ORU^R01`` results, ``<PID><PID.5><XPN.1><FN.1>Jansen</FN.1>...``): read as
the same messages in their pipe encoding are (:mod:`.hl7`), with the same rows, parts and
columns (``PID-5.1``, ``OBX[2]-5``), so that a patient's name, BSN and result are named by
the standard's fields and not by an XML path.

Each segment element (a three-character tag: ``MSH``, ``PID``, ``OBX``; the group elements
around them, ``ORU_R01.PATIENT_RESULT``, only group them) is written back as its segment:
its fields (``PID.5``, repeated for repetitions) by their numbers, their components
(``XPN.1``) and subcomponents (``FN.1``) by theirs, a separator inside a value escaped
as the encoding escapes it, an ``<escape V=".br"/>`` as ``\\.br\\``. A message starts at
each ``MSH``. Parsed with expat, bounded by ``Config.batch_bytes``; a document type
declaration is refused.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import ClassVar

from breachscope.config import Config
from breachscope.extract.base import Extracted, ExtractError, Extractor, Note, Source
from breachscope.extract.hl7 import MAX_SEGMENTS, MessageRows
from breachscope.extract.safexml import feed_document
from breachscope.location import Location

NS = "urn:hl7-org:v2xml"
_SEGMENT = re.compile(r"[A-Z][A-Z0-9]{2}")
_PART = re.compile(r"[A-Z][A-Z0-9]{1,3}\.(\d{1,3})")
"""A field (``PID.5``), a component (``XPN.1``) or a subcomponent (``FN.1``): its number."""
_ESCAPES = str.maketrans({"|": "\\F\\", "^": "\\S\\", "&": "\\T\\", "~": "\\R\\"})

Value = str | dict[int, "Value"]
"""A field's repetition, a component or a subcomponent: its text, or its parts by number."""


def _write(value: Value, separators: str) -> str:
    """``value`` in the pipe encoding: its parts joined by the first of ``separators``
    (each part's own by the next), missing ones empty."""
    if isinstance(value, str):
        return value.translate(_ESCAPES)
    if not value:
        return ""
    parts = [value.get(n, "") for n in range(1, max(value) + 1)]
    return separators[0].join(_write(p, separators[1:] or "&") for p in parts)


@dataclass
class _Segment:
    tag: str
    fields: dict[int, list[Value]] = field(default_factory=dict)

    def encoded(self) -> str:
        """The segment in the pipe encoding (``MSH`` with its separators as its fields 1
        and 2, as the standard counts them)."""
        last = max(self.fields, default=0)
        first = 3 if self.tag == "MSH" else 1
        out = ["MSH|^~\\&" if self.tag == "MSH" else self.tag]
        for number in range(first, last + 1):
            repetitions = self.fields.get(number, [])
            out.append("~".join(_write(r, "^&") for r in repetitions))
        return "|".join(out)


@dataclass
class _Messages:
    """Expat handlers that write each segment back and group them into messages."""

    messages: list[list[str]] = field(default_factory=list)
    _segment: _Segment | None = None
    _stack: list[tuple[str, int, dict[int, Value] | None]] = field(default_factory=list)
    """The open elements below the segment: (kind, number, parts so far)."""
    _text: list[str] = field(default_factory=list)

    def start(self, name: str, attrs: dict[str, str]) -> None:
        local = name.rpartition(" ")[2]
        if self._segment is None:
            if _SEGMENT.fullmatch(local):
                self._segment = _Segment(local)
            return
        if local == "escape" and "V" in attrs:
            self._text.append(f"\\{attrs['V']}\\")
            self._stack.append(("escape", 0, None))
            return
        m = _PART.fullmatch(local)
        depth = len(self._stack)
        if m is None or depth >= 3 or (depth == 0 and not local.startswith(self._segment.tag)):
            self._stack.append(("other", 0, None))
            return
        if self._stack and self._stack[-1][2] is None:
            self._stack[-1] = (self._stack[-1][0], self._stack[-1][1], {})
        self._text = []
        self._stack.append(("part", int(m[1]), None))

    def end(self, name: str) -> None:
        if self._segment is None:
            return
        if not self._stack:  # (the segment's own end)
            self._close()
            return
        kind, number, parts = self._stack.pop()
        if kind != "part":
            return
        value: Value = parts if parts is not None else "".join(self._text).strip()
        self._text = []
        if not self._stack:  # a field: a repetition of it
            self._segment.fields.setdefault(number, []).append(value)
        else:
            holder = self._stack[-1][2]
            if holder is not None:
                holder[number] = value

    def text(self, data: str) -> None:
        if self._segment is not None and self._stack:
            self._text.append(data)

    def _close(self) -> None:
        assert self._segment is not None
        encoded = self._segment.encoded()
        if self._segment.tag == "MSH" or not self.messages:
            self.messages.append([])
        if len(self.messages[-1]) < MAX_SEGMENTS:
            self.messages[-1].append(encoded)
        self._segment = None


class Hl7XmlExtractor(Extractor):
    """HL7 v2.xml files: the messages, read as HL7 v2's pipe encoding is."""

    id: ClassVar[str] = "hl7xml"
    types: ClassVar[frozenset[str]] = frozenset({"hl7-xml"})
    structured: ClassVar[bool] = True

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        into = _Messages()
        with source.open() as fh:
            cut = feed_document(fh, into, config.batch_bytes, what="HL7 v2.xml document")
        if not into.messages:
            reason = f"malformed ({cut.reason})" if cut else "no HL7 segment in it"
            raise ExtractError(f"HL7 v2.xml document: {reason}")
        rows = MessageRows(source.path, config)
        for number, segments in enumerate(into.messages, start=1):
            yield from rows.add(number, segments)
        yield from rows.flush()
        if cut is not None:
            yield Note(Location(source.path), f"HL7 v2.xml read up to byte {cut.at} ({cut.reason})")
