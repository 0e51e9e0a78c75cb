"""EDIFACT interchanges (MEDLAB-style lab results): one table row per UNH..UNT message.

The ``UNA`` service string advice sets the separators (default ``:+.? '``). A segment's
column is its tag plus its qualifier, the first component of its first data element
(``NAD+PAT``, ``DTM+329``, ``RFF+SRI``; service segments such as ``UNH`` have none); the
cell holds the segment after its tag, as written but with release characters removed
(free text of ``FTX``, ``RES``, ``RSL`` is kept whole). Each element also gets a column
``NAD+PAT-3`` (element number counted from 1 = the qualifier) and, when it has
components, ``NAD+PAT-3.1``; the qualifier itself (``PNA+PAT-1``, ``DTM+329-1.1``) gets no
column, since the column name already holds it and a constant such as ``PAT`` would read
as a value (a surname).
A second segment with the same column is ``NAD+PAT[2]``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import ClassVar

from breachscope.config import Config
from breachscope.extract.base import Extracted, ExtractError, Extractor, SkipFile, Source
from breachscope.extract.chunking import RecordChunker
from breachscope.extract.encoding import detect_stream, text_stream
from breachscope.location import Location

_CHUNK = 1 << 20
_TAG = re.compile(r"^[A-Z][A-Z0-9]{2}$")
_QUALIFIER = re.compile(r"^[A-Z0-9]{1,6}$")
_SERVICE = frozenset({"UNA", "UNB", "UNG", "UNH", "UNS", "UNT", "UNE", "UNZ"})
MAX_SEGMENTS = 10_000
"""Most segments kept of one message."""


@dataclass(frozen=True, slots=True)
class Syntax:
    component: str = ":"
    element: str = "+"
    release: str = "?"
    terminator: str = "'"

    @classmethod
    def from_una(cls, text: str) -> tuple[Syntax, int]:
        """The syntax from a leading ``UNA`` segment and the characters it takes."""
        if not text.startswith("UNA") or len(text) < 9:
            return cls(), 0
        advice = text[3:9]
        release = advice[3] if advice[3] != " " else ""
        return cls(advice[0], advice[1], release, advice[5]), 9

    def split(self, text: str, sep: str) -> list[str]:
        """Split at ``sep`` where it is not released."""
        if not self.release or self.release not in text:
            return text.split(sep)
        parts: list[str] = []
        current: list[str] = []
        chars = iter(text)
        for ch in chars:
            if ch == self.release:
                current.append(ch)
                current.append(next(chars, ""))
            elif ch == sep:
                parts.append("".join(current))
                current = []
            else:
                current.append(ch)
        parts.append("".join(current))
        return parts

    def unrelease(self, text: str) -> str:
        if not self.release or self.release not in text:
            return text
        return re.sub(re.escape(self.release) + "(.)", r"\1", text, flags=re.S)


def segments(chunks: Iterator[str], syntax: Syntax, limit: int) -> Iterator[str]:
    """Segments of the interchange text, terminators and surrounding line breaks removed."""
    term, rel = syntax.terminator, syntax.release
    plain = f"[^{re.escape(term + rel)}]*"
    pattern = re.compile(  # the loop is unrolled: no backtracking stack per character
        f"{plain}(?:{re.escape(rel)}.{plain})*{re.escape(term)}"
        if rel
        else f"[^{re.escape(term)}]*{re.escape(term)}",
        re.S,
    )
    buf = ""
    for chunk in chunks:
        buf += chunk
        pos = 0
        while (m := pattern.match(buf, pos)) is not None:
            pos = m.end()
            yield m.group()[: -len(term)].strip("\r\n\t ")
        buf = buf[pos:]
        if len(buf) > limit:
            raise ExtractError(f"EDIFACT segment longer than {limit} characters")
    if buf.strip("\r\n\t \x00"):
        yield buf.strip("\r\n\t ")


def message_record(segs: list[str], syntax: Syntax) -> dict[str, str | None]:
    """``{column: value}`` of one message (its segments from UNH to UNT)."""
    record: dict[str, str | None] = {}
    seen: dict[str, int] = {}
    for seg in segs:
        elements = syntax.split(seg, syntax.element)
        tag = elements[0]
        first = syntax.split(elements[1], syntax.component)[0] if len(elements) > 1 else ""
        qualifier = syntax.unrelease(first)
        qualified = tag not in _SERVICE and _QUALIFIER.match(qualifier)
        base = f"{tag}+{qualifier}" if qualified else tag
        seen[base] = seen.get(base, 0) + 1
        name = base if seen[base] == 1 else f"{base}[{seen[base]}]"
        rest = seg[len(tag) + 1 :]
        record[name] = syntax.unrelease(rest) if rest else None
        for number, element in enumerate(elements[1:], start=1):
            if not element:
                continue
            components = syntax.split(element, syntax.component)
            head = number == 1 and bool(qualified)
            if not (head and len(components) == 1):
                record[f"{name}-{number}"] = syntax.unrelease(element)
            if len(components) > 1:
                for comp_no, comp in enumerate(components, start=1):
                    if comp and not (head and comp_no == 1):
                        record[f"{name}-{number}.{comp_no}"] = syntax.unrelease(comp)
    return record


class EdifactExtractor(Extractor):
    """EDIFACT files (e.g. MEDLAB lab results)."""

    id: ClassVar[str] = "edifact"
    types: ClassVar[frozenset[str]] = frozenset({"edifact"})
    structured: ClassVar[bool] = True

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        chunker = RecordChunker(Location(source.path), config.max_table_rows_per_unit)
        messages = 0
        with source.open() as fh:
            enc = detect_stream(fh)
            text = text_stream(fh, enc)
            head = text.read(_CHUNK)
            if not head.strip():
                raise SkipFile("empty file")
            stripped = head.lstrip("\ufeff\r\n\t ")
            syntax, skip = Syntax.from_una(stripped)
            start = stripped[skip:]

            def chunks() -> Iterator[str]:
                yield start
                while block := text.read(_CHUNK):
                    yield block

            current: list[str] | None = None
            for seg in segments(chunks(), syntax, max(_CHUNK, config.max_text_unit_chars)):
                tag = seg[:3]
                if not _TAG.match(tag):
                    continue
                if tag == "UNH":
                    current = [seg]
                elif current is not None:
                    if len(current) < MAX_SEGMENTS:
                        current.append(seg)
                    if tag == "UNT":
                        messages += 1
                        yield from chunker.add(messages, message_record(current, syntax))
                        current = None
            if current:
                messages += 1
                yield from chunker.add(messages, message_record(current, syntax))
        if not messages:
            raise ExtractError("no EDIFACT message (UNH segment) found")
        yield from chunker.flush()
