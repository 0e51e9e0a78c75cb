"""A small streaming tokenizer for SQL dumps. It only splits text; nothing is executed."""

from __future__ import annotations

import io
import re

from breachscope.extract.base import ExtractError

CHUNK = 1 << 20

_STR_BACKSLASH = r"[EeNnBbXx]?'[^'\\]*(?:(?:\\.|'')[^'\\]*)*'"
_STR_STANDARD = r"[EeNnBbXx]?'[^']*(?:''[^']*)*'"
_TOKEN = r"""
 (?P<ws>\s+)
|(?P<comment>--[^\n]*\n|\#[^\n]*\n|/\*.*?\*/)
|(?P<str>{string})
|(?P<qid>"[^"]*(?:""[^"]*)*"|`[^`]*(?:``[^`]*)*`|\[[^\]\n]*\])
|(?P<word>[A-Za-z_0-9$.+\-@][A-Za-z_0-9$.+\-@:]*)
|(?P<punct>[(),;])
|(?P<open>/\*|--|\#|[EeNnBbXx]?'|"|`|\[)
|(?P<other>.)
"""
_VALUE_BACKSLASH = (
    r"'[^'\\]*(?:(?:\\.|'')[^'\\]*)*'|NULL|null|[-+]?[0-9][0-9.eE+\-]*|TRUE|FALSE|true|false"
)
_VALUE_STANDARD = r"'[^']*(?:''[^']*)*'|NULL|null|[-+]?[0-9][0-9.eE+\-]*|TRUE|FALSE|true|false"
_BODY_BACKSLASH = r"[^'\\]*(?:(?:\\.|'')[^'\\]*)*"
_BODY_STANDARD = r"[^']*(?:''[^']*)*"
_ESCAPES = {"0": "\0", "b": "\b", "n": "\n", "r": "\r", "t": "\t", "Z": "\x1a"}
_BACKSLASH = re.compile(r"\\(.)", re.S)


_UNICODE_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})")


class Dialect:
    """String syntax: MySQL-style backslash escapes, or standard SQL (PostgreSQL dumps);
    ``hsqldb``: an HSQLDB script's (LibreOffice Base's ``database/script``), standard
    strings whose other characters are written ``\\uXXXX`` and a statement a line, no
    ``;`` after it (a line's end ends a statement)."""

    def __init__(self, backslash: bool, hsqldb: bool = False) -> None:
        self.backslash = backslash and not hsqldb
        self.hsqldb = hsqldb
        backslash = self.backslash
        string = _STR_BACKSLASH if backslash else _STR_STANDARD
        self.token = re.compile(_TOKEN.format(string=string), re.S | re.X)
        value = _VALUE_BACKSLASH if backslash else _VALUE_STANDARD
        self.row = re.compile(rf"\(\s*(?:{value})(?:\s*,\s*(?:{value}))*\s*\)")
        body = _BODY_BACKSLASH if backslash else _BODY_STANDARD
        self.parts = re.compile(rf"'({body})'|(NULL|null)(?![\w'])|([^\s,()']+)")

    def string(self, literal: str) -> str:
        """The value of a string literal (prefix and quotes removed, escapes resolved)."""
        start = literal.index("'")
        return self._body(literal[start + 1 : -1], literal[:start] in {"E", "e"})

    def _body(self, body: str, escapes: bool = False) -> str:
        if "''" in body:
            body = body.replace("''", "'")
        if (self.backslash or escapes) and "\\" in body:
            body = _BACKSLASH.sub(lambda m: _ESCAPES.get(m.group(1), m.group(1)), body)
        elif self.hsqldb and "\\u" in body:
            body = _UNICODE_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), body)
        return body

    def values(self, row: str) -> list[str | None]:
        """The values of a tuple matched by ``row``."""
        out: list[str | None] = []
        for body, null, other in self.parts.findall(row):
            if null:
                out.append(None)
            elif other:
                out.append(other)
            elif "'" in body or "\\" in body:
                out.append(self._body(body))
            else:
                out.append(body)
        return out


def unquote(identifier: str) -> str:
    """An identifier without its quotes (``"a""b"`` -> ``a"b``, `` `t` `` -> ``t``)."""
    if len(identifier) >= 2 and identifier[0] in '"`[':
        close = {"[": "]"}.get(identifier[0], identifier[0])
        body = identifier[1:-1]
        return body if close == "]" else body.replace(close * 2, close)
    return identifier


class Lexer:
    """Tokens of a text stream, read in chunks; a token may not exceed ``limit`` chars."""

    def __init__(self, text: io.TextIOBase, dialect: Dialect, limit: int) -> None:
        self.text = text
        self.dialect = dialect
        self.limit = max(CHUNK, limit)
        self.buf = ""
        self.pos = 0
        self.eof = False
        self.consumed = 0
        """Characters dropped from the front of the buffer so far (about the position)."""
        self.asides: list[tuple[int, int, str]] = []
        """The comments and recorded statements read so far, as ``(offset, line, text)``:
        the character offset in the input and the 1-based line where each starts (the
        parser takes them, see :meth:`record`)."""
        self._lines = 1  # (the line at ``_line_pos`` in the buffer)
        self._line_pos = 0
        self._recording: list[str] | None = None  # (slices of the statement recorded)
        self._recorded = 0  # (characters in those slices)
        self._rec_from = 0  # (where the recording goes on in the buffer)
        self._record_at = (0, 1)
        self._last_pos = 0  # (where the last token returned starts in the buffer)

    def fill(self) -> bool:
        """Read another chunk; False at the end of the input."""
        if self.eof:
            return False
        data = self.text.read(CHUNK)
        if not data:
            self.eof = True
            return False
        self._line_at(self.pos)
        self._line_pos = 0
        if self._recording is not None:  # (what the buffer drops, kept)
            self._recording.append(self.buf[self._rec_from : self.pos])
            self._recorded += self.pos - self._rec_from
            self._rec_from = 0
        self.consumed += self.pos
        self.buf = self.buf[self.pos :] + data
        self.pos = 0
        if len(self.buf) > self.limit + CHUNK:
            raise ExtractError(f"SQL token or row longer than {self.limit} characters")
        return True

    def next(self) -> tuple[str, str] | None:
        """The next significant token as ``(kind, text)``, or None at the end."""
        while True:
            if self.pos >= len(self.buf) and not self.fill():
                return None
            m = self.dialect.token.match(self.buf, self.pos)
            assert m is not None  # the pattern ends in a catch-all
            kind = m.lastgroup or "other"
            if (m.end() == len(self.buf) or kind == "open") and self.fill():
                continue
            if kind == "open":
                if m.group() in {"--", "#"}:  # a comment running to the end of the input
                    self._aside(self.pos, self.buf[self.pos :])
                    self.pos = len(self.buf)
                    continue
                raise ExtractError("unterminated string, identifier or comment")
            start, self.pos = self.pos, m.end()
            if self._recording is None and kind == "comment":
                self._aside(start, m.group())
            if kind == "ws" and self.dialect.hsqldb and "\n" in m.group():
                self._last_pos = start
                return "punct", ";"  # (a line's end ends an HSQLDB script's statement)
            if kind in {"ws", "comment"}:
                continue
            self._last_pos = start
            return kind, m.group()

    def record(self) -> None:
        """Record the statement whose first token was the last one returned:
        its text, up to :meth:`recorded`, becomes an aside (an ``UPDATE ... SET``, a
        ``SELECT``: what a script says of its rows)."""
        self._recording = []
        self._recorded = 0
        self._rec_from = self._last_pos
        self._record_at = (self.consumed + self._last_pos, self._line_at(self._last_pos))

    def recorded(self, *, more: bool = False) -> None:
        """End the recording that :meth:`record` began; ``more``: go on recording the
        same statement as a new aside from here (a statement longer than a text unit)."""
        if self._recording is not None:
            offset, line = self._record_at
            text = "".join(self._recording) + self.buf[self._rec_from : self.pos]
            self.asides.append((offset, line, text))
            self._recording = [] if more else None
            self._recorded = 0
            self._rec_from = self.pos
            self._record_at = (self.consumed + self.pos, self._line_at(self.pos))

    @property
    def recording(self) -> int:
        """Characters recorded since :meth:`record` (or the last cut)."""
        return self._recorded + self.pos - self._rec_from

    def _aside(self, start: int, text: str) -> None:
        self.asides.append((self.consumed + start, self._line_at(start), text))

    def _line_at(self, pos: int) -> int:
        """The 1-based line of buffer position ``pos`` (counted on from the position last
        asked, forward or back)."""
        if pos >= self._line_pos:
            self._lines += self.buf.count("\n", self._line_pos, pos)
        else:
            self._lines -= self.buf.count("\n", pos, self._line_pos)
        self._line_pos = pos
        return self._lines

    def push_back(self, token: tuple[str, str]) -> None:
        """Put a token back in front of the cursor (it is still in the buffer)."""
        self.pos -= len(token[1])

    def row(self) -> list[str | None] | None:
        """A whole simple ``( v, v, ... )`` tuple at the cursor, or None (use tokens)."""
        self.skip_space()
        while True:
            m = self.dialect.row.match(self.buf, self.pos)
            if m is not None:
                self.pos = m.end()
                return self.dialect.values(m.group())
            if len(self.buf) - self.pos > CHUNK or not self.fill():
                return None

    def skip_space(self) -> None:
        while True:
            while self.pos < len(self.buf) and self.buf[self.pos].isspace():
                self.pos += 1
            if self.pos < len(self.buf) or not self.fill():
                return

    def line(self) -> str | None:
        """The rest of the current line (for COPY data), without its newline."""
        while True:
            end = self.buf.find("\n", self.pos)
            if end >= 0:
                line = self.buf[self.pos : end]
                self.pos = end + 1
                return line.removesuffix("\r")
            if not self.fill():
                if self.pos >= len(self.buf):
                    return None
                line = self.buf[self.pos :]
                self.pos = len(self.buf)
                return line
