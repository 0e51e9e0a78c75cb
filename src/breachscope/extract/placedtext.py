"""Text a print job places on its page piece by piece (PostScript's ``x y moveto (..)
show``, PCL's cursor moves between runs of characters), laid out again as lines: a
piece that moves down (or up) the page starts a line; one placed further along its line
than the text before it ends is set apart by a tab (a form's ``Naam:`` and the value
printed beside it); pieces shown one after the other without a move join (``(Denise )
show (Dijkstra) show``). The job's own order is kept: drivers print a page top to
bottom, and a table's row is one line however its cells were placed.
"""

from __future__ import annotations

from collections.abc import Iterator

from breachscope.config import Config
from breachscope.extract.chunking import cut_text
from breachscope.extract.units import TextUnit
from breachscope.location import Location

LINE_TOLERANCE = 2.0
"""How far (in the job's own units) a move may shift the baseline and stay on its line."""


class PlacedText:
    """The pages of a job's text, each laid out as lines."""

    def __init__(self) -> None:
        self.pages: list[str] = []
        self._lines: list[str] = []
        self._line: list[str] = []
        self._y: float | None = None
        self._moved = False
        self.chars = 0

    def move(self, y: float | None) -> None:
        """The current point moves, to the baseline ``y`` (None: along its line)."""
        if y is not None:
            if self._y is not None and abs(y - self._y) > LINE_TOLERANCE:
                self._end_line()
            self._y = y
        self._moved = True

    def add(self, text: str) -> None:
        """``text`` shown at the current point."""
        if not text:
            return
        if self._moved and self._line and not self._line[-1].endswith(("\t", " ")):
            self._line.append("\t")
        self._moved = False
        self._line.append(text)
        self.chars += len(text)

    def newline(self) -> None:
        """A line's end the job writes itself (PCL's line feed)."""
        self._end_line()
        self._moved = False

    def page(self) -> None:
        """The page ends (``showpage``, a form feed)."""
        self._end_line()
        text = "\n".join(self._lines).strip("\n")
        if text.strip():
            self.pages.append(text)
        self._lines = []
        self._y = None
        self._moved = False

    def _end_line(self) -> None:
        if self._line:
            self._lines.append("".join(self._line).rstrip())
            self._line = []


def job_units(
    path: str, config: Config, pages: list[str], own: tuple[str, str]
) -> Iterator[TextUnit]:
    """A print job's own text (``own``: its part and text, a PostScript job's title, a
    PCL job's PJL lines) and its pages, each a part ``page-N``."""
    part, text = own
    if text:
        yield from cut_text(Location(path, part), text, config.max_text_unit_chars)
    for number, page in enumerate(pages, 1):
        yield from cut_text(Location(path, f"page-{number}"), page, config.max_text_unit_chars)
