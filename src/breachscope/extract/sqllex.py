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


class Dialect:
    """String syntax: MySQL-style backslash escapes, or standard SQL (PostgreSQL dumps)."""

    def __init__(self, backslash: bool) -> None:
        self.backslash = backslash
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

    def fill(self) -> bool:
        """Read another chunk; False at the end of the input."""
        if self.eof:
            return False
        data = self.text.read(CHUNK)
        if not data:
            self.eof = True
            return False
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
                if m.group() in {"--", "#"}:
                    self.pos = len(self.buf)  # a comment running to the end of the input
                    continue
                raise ExtractError("unterminated string, identifier or comment")
            self.pos = m.end()
            if kind in {"ws", "comment"}:
                continue
            return kind, m.group()

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
