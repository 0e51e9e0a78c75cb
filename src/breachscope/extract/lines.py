"""Physical lines of a text stream with a bound on line length."""

from __future__ import annotations

import io
from collections.abc import Iterator

from breachscope.extract.base import Note
from breachscope.location import Location


class BoundedLines:
    """Iterates lines of at most ``limit`` characters. A longer line is read through in
    pieces and dropped; its number goes to ``overlong`` and iteration stops there (set
    ``interrupted``) so a reader can resynchronise, then iterate again to go on."""

    def __init__(self, text: io.TextIOBase, limit: int) -> None:
        self._text = text
        self.limit = limit
        """The line length asked for (its notes name it)."""
        self._limit = max(16, limit)
        self.count = 0
        """Lines read so far (the number of the last line returned)."""
        self.overlong: list[int] = []
        self.interrupted = False

    def __iter__(self) -> Iterator[str]:
        self.interrupted = False
        while True:
            line = self._text.readline(self._limit)
            if not line:
                return
            self.count += 1
            if len(line) >= self._limit and not line.endswith(("\n", "\r")):
                while line and not line.endswith(("\n", "\r")):
                    line = self._text.readline(self._limit)
                self.overlong.append(self.count)
                self.interrupted = True
                return
            yield line

    def skipped_notes(self, path: str, since: int, offset: int = 0) -> Iterator[Note]:
        """A note for each line skipped as too long after the first ``since`` of
        ``overlong`` (its row: its number plus ``offset``)."""
        for number in self.overlong[since:]:
            yield Note(
                Location(path, row=offset + number),
                f"line longer than {self.limit} characters skipped",
            )
