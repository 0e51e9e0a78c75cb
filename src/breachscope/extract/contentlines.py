"""Content lines, as vCard (RFC 6350) and iCalendar (RFC 5545) write them: ``NAME;PARAM=x:
value``, folded over several physical lines, with ``\\,``, ``\\;`` and ``\\n`` escaped."""

from __future__ import annotations

import quopri
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence

from breachscope.extract.chunking import RowChunker, column_names
from breachscope.extract.units import TableUnit
from breachscope.location import Location

CONTENT_LINE = re.compile(
    r"(?P<group>[\w-]+\.)?(?P<name>[A-Za-z][\w-]*)(?P<params>;[^:]*)?:(?P<value>.*)"
)
"""``[group.]NAME[;params]:value``."""
_ESCAPE = re.compile(r"\\([\\,;nN])")


def unescape(value: str) -> str:
    """A value's text: ``\\n`` a line break, ``\\,`` ``\\;`` ``\\\\`` the character."""
    return _ESCAPE.sub(lambda m: "\n" if m[1] in "nN" else m[1], value)


def split_escaped(value: str, sep: str) -> list[str]:
    """``value`` cut at ``sep`` where it is not escaped, each part unescaped."""
    parts, current, i = [], [], 0
    while i < len(value):
        c = value[i]
        if c == "\\" and i + 1 < len(value):
            current.append(value[i : i + 2])
            i += 2
            continue
        if c == sep:
            parts.append(unescape("".join(current)))
            current = []
        else:
            current.append(c)
        i += 1
    parts.append(unescape("".join(current)))
    return parts


def decoded_value(value: str, params: str | None) -> str:
    """A value as its parameters say it is written: vCard 2.1's and vCalendar 1.0's
    ``ENCODING=QUOTED-PRINTABLE`` decoded in its ``CHARSET`` (UTF-8 where none is named
    or the name is unknown); any other value as it is."""
    upper = (params or "").upper()
    if "QUOTED-PRINTABLE" not in upper:
        return value
    charset = re.search(r"CHARSET=([\w-]+)", upper)
    raw = quopri.decodestring(value.encode("latin-1", "replace"))
    try:
        return raw.decode(charset[1] if charset else "utf-8", errors="replace")
    except LookupError:
        return raw.decode("utf-8", errors="replace")


def logical_lines(text: str) -> list[tuple[int, str]]:
    """``(first physical line, logical line)``: folded lines (a leading space or tab)
    joined, and vCard 2.1's and vCalendar 1.0's quoted-printable soft line breaks (``=``
    at the end). Lines end at ``\n`` (a ``\r`` before it dropped; a stray ``\r`` inside
    a quoted-printable value, as an old phone suite writes one before its ``=0D=0A``,
    stays in the value), or at ``\r`` in a file with no ``\n``."""
    physical = (
        [line.removesuffix("\r") for line in text.split("\n")]
        if "\n" in text
        else text.splitlines()
    )
    logical: list[tuple[int, str]] = []
    for number, line in enumerate(physical, 1):
        if logical:
            n, previous = logical[-1]
            if line[:1] in (" ", "\t"):
                logical[-1] = (n, previous + line[1:])
                continue
            if previous.endswith("=") and "QUOTED-PRINTABLE" in previous.split(":", 1)[0].upper():
                logical[-1] = (n, previous[:-1] + line)
                continue
        logical.append((number, line))
    return logical


def known_first(known: Sequence[str], seen: Iterable[str]) -> list[str]:
    """The columns ``seen`` in a record format's order: its ``known`` ones first, in that
    order, then the others as first seen (an LDIF file's own attributes, ``nlBSN``)."""
    seen = list(seen)
    return [c for c in known if c in seen] + [c for c in seen if c not in known]


def property_rows(
    location: Location,
    order: Sequence[str] | None,
    records: Sequence[tuple[int, Mapping[str, Sequence[str]]]],
    max_rows: int,
) -> Iterator[TableUnit]:
    """``(line, {column: values})`` records (a card, an appointment) as table rows, the
    columns in ``order`` (None: as first seen; records of no column give no table): one a
    record holds more than once gives as many columns (``telefoon``, ``telefoon (2)``)."""
    if order is None:
        order = list(dict.fromkeys(c for _, record in records for c in record))
        if not order:
            return
    width = {c: max(len(record.get(c, ())) for _, record in records) for c in order}
    header = [c for c in order for _ in range(width[c])]
    chunker = RowChunker(location, column_names(header, len(header)), max_rows)
    for number, record in records:
        row = [
            values[i] if i < len(values := record.get(c, ())) else None
            for c in order
            for i in range(width[c])
        ]
        yield from chunker.add(number, row)
    yield from chunker.flush()
