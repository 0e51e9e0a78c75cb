"""Hex dumps in a text (a support ticket's pasted ``xxd`` of a file that would not import,
an engineer's ``hexdump -C`` or ``od -A x -t x1z`` in a mail or a log), turned back into
the bytes they show.

A dumped file's values are split at every 16 bytes, and what is not ASCII shows as a dot
in the character column (a cp1252 ``ë``): read as prose, a name in it is never whole. Here
each run of dump lines, one format's lines whose offsets follow on (each the one before
plus its bytes), becomes a file of its own (:class:`~.base.ChildFile`), read as any file
of the dump (a CSV whole, in its code page). The lines stay in the text as they are.

The formats, as their tools print them:

* ``xxd``: ``00000010: 6564 6174 756d 3b50  edatum;P`` - the offset, a colon, the bytes in
  groups of hex digits (``-g``: 2 bytes by default, any size) apart by one space, then two
  spaces and the characters;
* ``hexdump -C`` (``hd``): ``00000010  65 64 61 74 75 6d 3b 50  6f 73 74 63 6f 64 65 3b
  |edatum;Postcode;|``, a line ``*`` where lines repeat, and the end's offset alone;
* ``od -A x -t x1z``: ``000010 65 64 61 74 ... >edatum;Postcode;<``, ``*`` and the end's
  offset as ``hexdump``.

A run is at least :data:`MIN_LINES` lines. Its name is the file the command before it
names (``xxd terugkoppeling_0510.csv``), else ``hexdump-lineN`` (the line where the run
starts); names are unique within the file.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from breachscope.extract.base import ChildFile
from breachscope.extract.email import safe_name

MIN_LINES = 2
"""Fewest dump lines that make a file."""
MAX_RUN_BYTES = 64 * 1024**2
"""Most bytes one run is turned back into (then it is handed on and a new one starts)."""
MAX_REPEAT = 16 * 1024**2
"""Most bytes a ``*`` line repeats (a longer gap ends the run)."""

_XXD = re.compile(r"([0-9a-fA-F]{6,16}): ((?:[0-9a-fA-F]{2})+(?: (?:[0-9a-fA-F]{2})+)*)(?:  .*)?")
_HEXDUMP = re.compile(r"([0-9a-fA-F]{6,16})  ((?:[0-9a-fA-F]{2} {1,2}){1,32}) *\|.*\|")
_OD = re.compile(r"([0-9a-fA-F]{6,16})((?: [0-9a-fA-F]{2}){1,32}) *>.*<")
_END = re.compile(r"[0-9a-fA-F]{6,16}")
_COMMAND = re.compile(
    r"\b(?:xxd|hexdump|hd|od)\b[^\r\n]{0,80}?([\w.\-]+\.[A-Za-z0-9]{1,8})\)?[ \t]*:?[ \t]*\r?\n"
    r"(?:[ \t]*\r?\n)*\Z"
)
"""The command before a dump, and the file it names (``xxd terugkoppeling_0510.csv):``)."""
_ANY = re.compile(r"(?m)^[0-9a-fA-F]{6,16}(?:: [0-9a-fA-F]{2}|  [0-9a-fA-F]{2} | [0-9a-fA-F]{2} )")
"""Where a dump line may stand (a piece without one is passed over at once)."""
MAX_LINE = 4096
"""Longest line read as a dump line (``xxd -c 256`` prints some 900 characters)."""
_FORMATS = (("xxd", _XXD), ("hexdump", _HEXDUMP), ("od", _OD))


def dump_line(line: str) -> tuple[str, int, bytes] | None:
    """A dump line's format, offset and bytes, or None where it is none."""
    for name, pattern in _FORMATS:
        found = pattern.fullmatch(line)
        if found is not None:
            try:
                data = bytes.fromhex(found[2].replace(" ", ""))
            except ValueError:
                return None
            return name, int(found[1], 16), data
    return None


class HexDumps:
    """Finds the runs of dump lines in a text handed over piece by piece (cut at line
    ends), and yields each as a file once it ends."""

    def __init__(self, used: set[str]) -> None:
        self.used = used
        self.partial = ""
        self.overlong = False
        self.line = 1
        self.before = ""
        """The last lines before the current run (where its command may stand)."""
        self._reset()

    def _reset(self) -> None:
        self.kind: str | None = None
        self.data = bytearray()
        self.last = b""
        self.next = 0
        self.lines = 0
        self.start = 0
        self.name: str | None = None
        self.starred = False
        """Whether a ``*`` line stands for repeated lines since the last dump line."""

    def feed(self, text: str) -> Iterator[ChildFile]:
        """Read ``text``'s complete lines (a last partial line waits for the next piece;
        one longer than :data:`MAX_LINE` is no dump line, and is not kept)."""
        if self.kind is None and not self.partial and not _ANY.search(text):
            self.line += text.count("\n")  # (no dump line in it: the fast way)
            self.before = text[-400:]
            tail = text.rfind("\n")
            yield from self._hold(text[tail + 1 :])
            return
        start = 0
        while (end := text.find("\n", start)) >= 0:
            if self.overlong:
                self.overlong = False
                yield from self._flush()
            else:
                yield from self._line((self.partial + text[start:end]).rstrip("\r"))
            self.partial = ""
            self.line += 1
            start = end + 1
        yield from self._hold(text[start:])

    def _hold(self, rest: str) -> Iterator[ChildFile]:
        """Keep a line's first part until its end comes (not one too long for a dump)."""
        if self.overlong or len(self.partial) + len(rest) > MAX_LINE:
            self.overlong, self.partial = True, ""
            yield from self._flush()
        else:
            self.partial += rest

    def close(self) -> Iterator[ChildFile]:
        """The run the text ends in."""
        if self.partial:
            yield from self._line(self.partial.rstrip("\r"))
            self.partial = ""
        yield from self._flush()

    def _line(self, line: str) -> Iterator[ChildFile]:
        if self.kind in ("hexdump", "od") and line.strip() == "*":
            self.starred = True
            return
        parsed = dump_line(line) if "  " in line or ">" in line or ": " in line else None
        if parsed is None and self.kind in ("hexdump", "od") and _END.fullmatch(line.strip()):
            yield from self._repeat(int(line.strip(), 16))
            yield from self._flush()
            return
        if parsed is not None:
            kind, offset, data = parsed
            if self.kind == kind and self.starred:
                yield from self._repeat(offset)
            if self.kind == kind and offset == self.next and len(self.data) < MAX_RUN_BYTES:
                self._add(data)
                return
            yield from self._flush()
            if offset == 0 or offset % 16 == 0:
                self.kind, self.start, self.name = kind, self.line, self._named()
                self.next = offset
                self._add(data)
                return
        yield from self._flush()
        self.before = (self.before + line + "\n")[-400:]

    def _add(self, data: bytes) -> None:
        self.starred = False
        self.data += data
        self.last = data
        self.next += len(data)
        self.lines += 1

    def _repeat(self, offset: int) -> Iterator[ChildFile]:
        """The bytes a ``*`` stands for: the last line again up to ``offset``."""
        gap = offset - self.next
        if not self.last or gap <= 0 or gap > MAX_REPEAT or gap % len(self.last):
            if gap:
                yield from self._flush()
            return
        self.data += self.last * (gap // len(self.last))
        self.next = offset
        self.starred = False

    def _named(self) -> str | None:
        found = _COMMAND.search(self.before)
        return found[1] if found else None

    def _flush(self) -> Iterator[ChildFile]:
        if self.kind is not None and self.lines >= MIN_LINES and self.data:
            name = self.name or f"hexdump-line{self.start}"
            yield ChildFile(safe_name(name, self.start, self.used), bytes(self.data))
            self.before = ""
        self._reset()
