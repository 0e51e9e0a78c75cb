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
        self._noted = 0
        """How many of ``overlong`` :meth:`skipped_notes` gave notes for."""
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

    def skipped_notes(self, path: str, offset: int = 0) -> list[Note]:
        """A note for each line skipped as too long since the last call (its row: its
        number plus ``offset``)."""
        since, self._noted = self._noted, len(self.overlong)
        return [
            Note(
                Location(path, row=offset + number),
                f"line longer than {self.limit} characters skipped",
            )
            for number in self.overlong[since:]
        ]
