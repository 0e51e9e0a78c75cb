"""Exact locations of values inside a dump.

A location names the file by its path inside the dump (archive members joined with ``!/``)
and, inside the file, the part (sheet, page, message, e-mail part, SQL table), the source
row, the column (header text, HL7 field id such as ``PID-5``, JSON path) and a character
span. Its string form is stable and parseable, and holds no value beyond what the path
itself holds: a folder or file name may name a patient (``scans/Jansen, Petra/a.pdf``),
which the scan finds (part ``(path)``, :mod:`breachscope.detect.paths`) and masks wherever
it prints a path.

    data/export.zip!/lims/2024.csv#row=17&col=BSN
    reports/r1.pdf#part=page-2&start=120&end=129
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, unquote

ARCHIVE_SEP = "!/"
PATH_PART = "(path)"
"""The part of a value in the path itself (a patient's name in a folder or file name): no
extractor names a part so (see ``docs/locations.md``)."""
_SAFE = "/!-_.~ ()[]+,:@$'"


@dataclass(frozen=True, slots=True)
class Location:
    """Where a value sits. Immutable; ``str(loc)`` round-trips through :meth:`parse`."""

    path: str
    part: str | None = None
    row: int | None = None
    column: str | None = None
    start: int | None = None
    end: int | None = None

    def __post_init__(self) -> None:
        if not self.path:
            raise ValueError("a location needs a path")
        if self.row is not None and self.row < 0:
            raise ValueError("row must be >= 0")
        if (self.start is None) != (self.end is None):
            raise ValueError("start and end come together")
        if self.start is not None and self.end is not None and not 0 <= self.start <= self.end:
            raise ValueError("need 0 <= start <= end")

    @property
    def members(self) -> tuple[str, ...]:
        """The path split into the outer file and the archive members inside it."""
        return tuple(self.path.split(ARCHIVE_SEP))

    def with_span(self, start: int, end: int) -> Location:
        """The same place narrowed to a character span."""
        return Location(self.path, self.part, self.row, self.column, start, end)

    def __str__(self) -> str:
        fields: list[str] = []
        if self.part is not None:
            fields.append("part=" + quote(self.part, safe=_SAFE))
        if self.row is not None:
            fields.append(f"row={self.row}")
        if self.column is not None:
            fields.append("col=" + quote(self.column, safe=_SAFE))
        if self.start is not None:
            fields.append(f"start={self.start}&end={self.end}")
        head = quote(self.path, safe=_SAFE)
        return head + ("#" + "&".join(fields) if fields else "")

    @classmethod
    def parse(cls, text: str) -> Location:
        """Parse the string form written by ``str(location)``."""
        head, _, frag = text.partition("#")
        values: dict[str, str] = {}
        for item in frag.split("&") if frag else ():
            key, sep, value = item.partition("=")
            if not sep or key not in {"part", "row", "col", "start", "end"}:
                raise ValueError(f"bad location field {item!r}")
            values[key] = unquote(value)
        return cls(
            path=unquote(head),
            part=values.get("part"),
            row=int(values["row"]) if "row" in values else None,
            column=values.get("col"),
            start=int(values["start"]) if "start" in values else None,
            end=int(values["end"]) if "end" in values else None,
        )
