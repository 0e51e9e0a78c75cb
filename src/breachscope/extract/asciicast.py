"""asciinema recordings (``.cast``: a consultant's recorded SSH session on a database
server, the queries typed and the result tables printed).

A recording is, in asciicast v2 and v3, a header line (a JSON object: ``version``, the
terminal's size or ``term``, a timestamp, the environment) and then one event per line,
a JSON array ``[time, code, data]``: ``o`` what the terminal printed, ``i`` what was
typed, ``m`` a marker, ``r`` a resize (v3 also ``x``, an exit); in v1 one JSON object whose
``stdout`` lists ``[delay, data]``. What was printed arrives in pieces, often a character
an event as it is echoed, with colour escapes, carriage returns and backspaces between:
a name or a BSN exists only once the events are joined and played.

Here the output events are played on a plain terminal of lines: a printable character is
written at the cursor (over what stood there), ``\\r`` returns to the line's start,
``\\n`` ends the line, a backspace steps back, a tab moves to the next multiple of 8, and
of the escapes (ANSI's CSI and OSC, and the two-character ones) only those that move the
cursor within a line or erase it (``C``, ``D``, ``G``, ``K``) act; the others (colours,
the cursor's row, the screen's erasure) are dropped. The terminal's lines are the text of
part ``output``; the input events, played the same way (DEL a backspace, ``\\r`` a line's
end), that of part ``input``. An event that does not parse ends the reading with a note,
what was played before kept.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any, ClassVar

from breachscope.config import Config
from breachscope.extract.base import Extracted, ExtractError, Extractor, Note, Source
from breachscope.extract.chunking import cut_text
from breachscope.extract.encoding import decode_bytes
from breachscope.ingest.filetype import is_asciicast_header
from breachscope.location import Location

MAX_LINE = 65536
"""Widest line the terminal holds (a cursor moved further is stopped there)."""
MAX_MOVE = 4096
"""Most columns one escape moves the cursor."""
_ESCAPE = re.compile(
    r"\x1b(?:\[([0-?]*)[ -/]*([@-~])|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[PX^_][^\x1b]*(?:\x1b\\)?"
    r"|[ -/]*[0-~])|\x9b([0-?]*)[ -/]*([@-~])"
)
"""An escape: CSI (its parameters and final byte), OSC, DCS and the like, or two
characters (``ESC 7``, ``ESC ( B``)."""
_PLAIN = re.compile(r"[^\x00-\x1f\x7f\x9b]+")


class Terminal:
    """A terminal of lines that output is played on (see the module's text)."""

    def __init__(self, backspaces: str = "\b") -> None:
        self.lines: list[str] = []
        self.line: list[str] = []
        self.col = 0
        self.backspaces = backspaces

    def write(self, data: str) -> None:
        """Play ``data``."""
        pos = 0
        while pos < len(data):
            plain = _PLAIN.match(data, pos)
            if plain is not None:
                self._put(plain[0])
                pos = plain.end()
                continue
            escape = _ESCAPE.match(data, pos)
            if escape is not None:
                final = escape[2] or escape[4]
                if final:
                    self._csi(escape[1] if escape[2] else escape[3], final)
                pos = escape.end()
                continue
            self._control(data[pos])
            pos += 1

    def _put(self, text: str) -> None:
        end = min(self.col + len(text), MAX_LINE)
        text = text[: end - self.col]
        if self.col > len(self.line):
            self.line.extend(" " * (self.col - len(self.line)))
        self.line[self.col : end] = text
        self.col = end

    def _control(self, ch: str) -> None:
        if ch == "\n":
            self.lines.append("".join(self.line).rstrip())
            self.line, self.col = [], 0
        elif ch == "\r":
            self.col = 0
        elif ch in self.backspaces:
            self.col = max(0, self.col - 1)
        elif ch == "\t":
            self.col = min(MAX_LINE, (self.col // 8 + 1) * 8)

    def _csi(self, params: str, final: str) -> None:
        """The escapes that move the cursor within the line or erase it."""
        numbers = [int(p) if p.isdigit() else 0 for p in params.split(";")] if params else [0]
        n = min(numbers[0], MAX_MOVE)
        if final == "C":
            self.col = min(MAX_LINE, self.col + max(n, 1))
        elif final == "D":
            self.col = max(0, self.col - max(n, 1))
        elif final == "G":
            self.col = max(0, min(MAX_LINE, n - 1))
        elif final == "K":
            if n == 0:
                del self.line[self.col :]
            elif n == 1:
                self.line[: self.col] = " " * min(self.col, len(self.line))
            else:
                self.line = []
        elif final == "J" and n in (2, 3):
            self._control("\n")  # (the screen cleared: what stood on it stays, a line apart)

    def text(self) -> str:
        """The terminal's lines, the last one too where it holds anything."""
        last = "".join(self.line).rstrip()
        return "\n".join([*self.lines, last] if last else self.lines)


def _events(text: str) -> tuple[list[tuple[str, str]], str | None]:
    """The recording's events as ``(code, data)``, and why the reading stopped (None: it
    did not)."""
    lines = text.splitlines()
    first = next((i for i, ln in enumerate(lines) if ln.strip()), None)
    if first is None:
        raise ExtractError("no asciicast header")
    if is_asciicast_header(lines[first]):
        events: list[tuple[str, str]] = []
        for number, line in enumerate(lines[first + 1 :], first + 2):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            try:
                event = json.loads(line)
            except (ValueError, RecursionError):
                return events, f"line {number} is no event"
            if not _event(event):
                return events, f"line {number} is no event"
            events.append((event[1], event[2]))
        return events, None
    try:
        whole: Any = json.loads(text)
    except (ValueError, RecursionError):
        raise ExtractError("no asciicast header (neither v2's line nor v1's object)") from None
    if not isinstance(whole, dict) or whole.get("version") != 1:
        raise ExtractError("no asciicast recording (no version 1, 2 or 3)")
    stdout = whole.get("stdout")
    if not isinstance(stdout, list):
        raise ExtractError("an asciicast v1 recording without its stdout")
    out: list[tuple[str, str]] = []
    for number, frame in enumerate(stdout, 1):
        if not (isinstance(frame, list) and len(frame) == 2 and isinstance(frame[1], str)):
            return out, f"frame {number} is no [delay, data]"
        out.append(("o", frame[1]))
    return out, None


def _event(event: object) -> bool:
    return (
        isinstance(event, list)
        and len(event) >= 3
        and isinstance(event[0], int | float)
        and isinstance(event[1], str)
        and isinstance(event[2], str)
    )


class AsciicastExtractor(Extractor):
    """An asciinema recording played: the terminal's text, and what was typed."""

    id: ClassVar[str] = "asciicast"
    types: ClassVar[frozenset[str]] = frozenset({"asciicast"})

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        text = decode_bytes(source.read_document(config.batch_bytes, "asciicast recording"))
        events, broke = _events(text)
        output, typed = Terminal(), Terminal("\b\x7f")
        for code, data in events:
            if code == "o":
                output.write(data)
            elif code == "i":
                typed.write(data.replace("\r\n", "\n").replace("\r", "\n"))
        limit = config.max_text_unit_chars
        played = output.text()
        if not played and not typed.text():
            if broke is not None:
                raise ExtractError(f"no event read ({broke})")
            raise ExtractError("a recording without output")
        yield from cut_text(Location(source.path, part="output"), played, limit)
        yield from cut_text(Location(source.path, part="input"), typed.text(), limit)
        if broke is not None:
            yield Note(Location(source.path), f"asciicast reading stopped ({broke})")
