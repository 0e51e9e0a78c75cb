"""Command histories that libedit writes (``~/.mysql_history`` of a MySQL client built
with libedit, ``~/.sqlite_history`` on macOS, ``.editrc`` tools): what an administrator
typed at a database's prompt, and so the values she looked up and changed.

Such a file opens with the line ``_HiStOrY_V2_``; then each line is one line typed,
encoded by ``strvis(3)`` (``VIS_WHITE | VIS_OCTAL``-style, as libedit's ``history_save``
writes it): a space ``\\040``, a tab ``\\011``, a backslash ``\\\\``, other characters
outside the printable ones as octal escapes of their bytes, or C escapes (``\\n``,
``\\t``). ``select\\040*\\040from\\040patient\\040where\\040bsn='308085772';``.

The lines are decoded (each escape its byte, the bytes UTF-8, else cp1252) and read as
one script: a statement ends at a ``;`` outside a string (a statement typed over several
lines is one). Each statement's conditions and assignments (``where bsn='...'``, ``set
telefoon='...'``) are a record in the part of its first table, as in a slow query log
(:func:`breachscope.extract.slowlog.statement_units`: ``row`` is the line the statement
starts on, the header line being line 1); the decoded text, those literals blanked, is
read as text (an ``INSERT``'s values are read there as rows). Offsets are those of the
decoded text. Nothing is run. The file is read whole up to ``Config.batch_bytes``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import ClassVar

from breachscope.config import Config
from breachscope.extract.base import Extracted, ExtractError, Extractor, Source
from breachscope.extract.encoding import decode_bytes
from breachscope.extract.slowlog import split_statements, statement_units

MAGIC = b"_HiStOrY_V2_"
_ESCAPE = re.compile(rb"\\(?:([0-3][0-7]{2})|([\\abfnrtv0s]))")
_C_ESCAPES = {
    b"\\": b"\\",
    b"a": b"\x07",
    b"b": b"\b",
    b"f": b"\f",
    b"n": b"\n",
    b"r": b"\r",
    b"t": b"\t",
    b"v": b"\v",
    b"0": b"\0",
    b"s": b" ",
}


def unvis(line: bytes) -> bytes:
    """A history line's bytes with ``strvis`` escapes undone (``\\040`` a space)."""

    def one(m: re.Match[bytes]) -> bytes:
        octal, c = m.group(1), m.group(2)
        return bytes([int(octal, 8)]) if octal else _C_ESCAPES[c]

    return _ESCAPE.sub(one, line)


class EditHistoryExtractor(Extractor):
    """A libedit history (``.mysql_history``): its statements' values as records, its
    lines as text."""

    id: ClassVar[str] = "edit-history"
    types: ClassVar[frozenset[str]] = frozenset({"edit-history"})
    structured: ClassVar[bool] = True

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        data = source.read_document(config.batch_bytes, "command history")
        if not data.startswith(MAGIC):
            raise ExtractError("not a libedit history (no _HiStOrY_V2_ line)")
        lines = data.split(b"\n")
        decoded = b"\n".join([lines[0], *(unvis(line.rstrip(b"\r")) for line in lines[1:])])
        text = decode_bytes(decoded)
        script = " " * len(MAGIC) + text[len(MAGIC) :]  # (the header is no statement)
        found = list(split_statements(script))
        yield from statement_units(source.path, text, found, config)
