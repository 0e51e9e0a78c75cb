"""Paths printed in a text, read as paths.

A backup's listing (``restic ls``, ``tar tvf``), a file server's audit log or a script's
output prints the paths of a results share, and a results share names its folders after
the patient (``/data/uitslagen/2024/03/Mulder_Daphne_19600222/uitslag_Mulder_809051618.pdf``).
Read as free text, such a path is one word: its name, birth date and BSN are lost. The
dump's own paths are read as paths (:mod:`breachscope.detect.paths`); a path printed in a
text is read the same way here.

:func:`printed_paths` cuts each printed path out of a text unit (its characters blanked
there) and gives it as a :class:`PrintedPath`: a text unit of the path as detection reads
a path (:func:`~breachscope.detect.pathnames.path_text`: each folder a line, ``_`` a
space), at the path's place in the part, so that its findings keep their character
spans in the text. Its findings are then read as a path's
(:func:`~breachscope.detect.pathnames.read_as_path`: a family name and its initials or
given name, a BSN and a birth date beside a person's name).

A printed path is a run of characters with no white space (quotes, brackets and a
sentence's last stop around it left out) that holds two separators (``/`` or ``\\``) or
more, no two in a row, a letter, and none of ``<>|"*?`` (a tag, a pipe, a wildcard); that
starts at the root (``/``, ``~/``, ``./``, ``../``, a drive ``C:\\``, a share
``\\\\server``) or, relative and with ``/`` only, ends in a file's extension
(``data/uitslagen/a.pdf``). A web address (``://``, ``//host``) is none, nor is a date
(``2024/03/08``) or a string's escapes (``\\u00d6zt\\u00fcrk``). A Windows path is read
from its root inside a longer run (:func:`_inner_paths`: a registry value's
``...]*C:\\Users\\...``) and across its spaces (:func:`_widened`:
``\\\\fs01\\patienten\\Ramsaran, D. (1992-03-23)``).

A table's cell that holds one printed path (an S3 object's key in a cloud audit log, a
file server's audit export's path) is read so too, at its cell (:func:`cell_paths`).

A file's name printed alone is read so too where words in it are joined by ``_`` (no
prose joins words so) and it ends in a document's or a picture's extension
(:func:`_named_files`): a chat export's attachment (``uitslag_Fenna_Bakker.pdf (bestand
bijgevoegd)``), an e-mail's ``Bijlage: verwijzing_Jansen_M.pdf``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

import pyarrow as pa
import pyarrow.compute as pc

from breachscope.detect.pathnames import path_text
from breachscope.detect.vectors import holds_bytes
from breachscope.extract.units import TableUnit, TextUnit
from breachscope.location import Location

MAX_PATH_CHARS = 1024
"""Longest printed path read as a path."""

_SEPARATOR = re.compile(r"[/\\]")
_SPACE = re.compile(r"\s")
_ROOTED = re.compile(r"(?:~|\.{1,2})?/|[A-Za-z]:[/\\]|\\\\(?=[^\\])")
_EXTENSION = re.compile(r"\.[A-Za-z][A-Za-z0-9]{0,4}$")
_NOT_IN_PATH = re.compile(r'[<>|"*?]|://|[/\\]{2}')
_FILE_EXTENSION = re.compile(
    r"\.(?i:pdf|docx?|xlsx?|odt|ods|rtf|txt|csv|jpe?g|png|heic|tiff?|gif|eml|msg|zip|mp3|opus)"
    r"(?![^\s\"').,;:\]}`!])"
)
"""A document's, a picture's or a voice message's extension ending a file's name."""
MAX_FILE_NAME = 200
"""Longest file's name printed alone read as a path."""
_NAME_OPENS = frozenset(" \t\r\n\"'([{`:")
"""What may stand right before a file's name printed alone (a path's separator, a tag's or
a wildcard's sign may not: that name is part of something else)."""
_NOT_IN_NAME = frozenset("/\\<>|*?") | _NAME_OPENS
_LETTER_JOINED = re.compile(r"[^\W\d_]_")
"""A letter and ``_``: words joined as a file's name joins them."""
_LEADING = "\"'([{`"
_TRAILING = "\"'.,;:)]}`!"


@dataclass(frozen=True, slots=True)
class PrintedPath(TextUnit):
    """A path printed in a text, as detection reads a path, at its place in the part."""


def printed_paths(unit: TextUnit) -> tuple[TextUnit, list[PrintedPath]]:
    """``unit`` with its printed paths blanked, and those paths as units of their own
    (see the module docstring); ``unit`` itself where it prints none."""
    text = unit.text
    spans = list(_path_spans(text))
    if not spans:
        return unit, []
    paths: list[PrintedPath] = []
    pieces: list[str] = []
    pos = 0
    for start, end in spans:
        paths.append(
            PrintedPath(
                unit.location,
                path_text(text[start:end]),
                unit.base_offset + start,
                unit.first_line + text.count("\n", 0, start),
            )
        )
        pieces += [text[pos:start], " " * (end - start)]
        pos = end
    pieces.append(text[pos:])
    return replace(unit, text="".join(pieces)), paths


_PATH_CELL = (
    r"^(?:(?:~|\.{1,2})?/|[A-Za-z]:[/\\]|\\\\[^\\\s])\S*[/\\]\S*$"
    r"|^[^\s\\]*/[^\s\\]*/[^\s\\]*\.[A-Za-z][A-Za-z0-9]{0,4}$"
)
"""A cell of one token as :func:`_is_path` takes it: rooted (``/``, ``~/``, ``./``, a
drive, a share) with another separator, or relative with two slashes and ending in an
extension (the vectorised look before each such cell is read: a column of dates written
``12/03/1980`` passes no cell on)."""


_NAMES_SOMETHING = r"[A-Z]|\d{6}"
"""What a path must hold to name anyone: a capital (a family name, initials) or a run of
six digits (a birth date, a BSN, a phone number); an API's route (``/api/v2/auth/token``,
thousands of a log's rows) holds neither and is left to the cell's text."""


def cell_paths(unit: TableUnit) -> tuple[TableUnit, list[PrintedPath]]:
    """``unit`` with each cell that holds one printed path (see the module docstring: an
    S3 object's key in a cloud audit log, ``uitslagen/2024/05/Wojcik_P_21031974.pdf``; a
    file server's audit export's ``Pad``) emptied, and those paths as units of their own at
    their cells (their findings located in the cell), read as paths are; ``unit`` itself
    where no cell holds one. A column is looked at only where its bytes hold a separator."""
    data = unit.data
    rows: list[int] | None = None
    emptied: dict[int, list[str | None]] = {}
    paths: list[PrintedPath] = []
    for i, header in enumerate(unit.columns):
        column = data.column(f"c{i}")
        if column.type != pa.string() or column.null_count == len(column):
            continue
        if not holds_bytes(column, (b"/", b"\\")):
            continue
        mask = pc.and_(
            pc.match_substring_regex(column, _PATH_CELL),
            pc.match_substring_regex(column, _NAMES_SOMETHING),
        )
        if not pc.any(mask).as_py():
            continue
        values = column.to_pylist()
        kept = list(values)
        for k in pc.indices_nonzero(mask.combine_chunks()).to_pylist():
            value = values[k]
            if value is None or not _is_path(value):
                continue
            if rows is None:
                rows = data.column("__row__").to_pylist()
            where = Location(unit.location.path, unit.location.part, row=rows[k], column=header)
            paths.append(PrintedPath(where, path_text(value)))
            kept[k] = None
        if paths and kept != values:
            emptied[i] = kept
    if not emptied:
        return unit, []
    table = {
        f"c{i}": pa.array(emptied[i], pa.string()) if i in emptied else data.column(f"c{i}")
        for i in range(len(unit.columns))
    }
    table["__row__"] = data.column("__row__")
    return TableUnit(unit.location, unit.columns, pa.table(table), unit.header_row), paths


def _path_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each printed path in ``text``, in order."""
    spans: list[tuple[int, int]] = []
    pos = 0
    while (sep := _SEPARATOR.search(text, pos)) is not None:
        at = sep.start()
        space = _SPACE.search(text, at)
        end = len(text) if space is None else space.start()
        start = at
        while start > pos and not text[start - 1].isspace():
            start -= 1
        pos = raw_end = end
        while start < end and text[start] in _LEADING:
            start += 1
        while end > start and text[end - 1] in _TRAILING:
            end -= 1
        found = [(start, end)] if _is_path(text[start:end]) else _inner_paths(text, start, end)
        for a, b in found:
            if b == end and _WINDOWS_ROOT.match(text, a):
                b = _widened(text, a, b, raw_end)
                pos = max(pos, b)
            spans.append((a, b))
    if "_" in text:
        named = [s for s in _named_files(text) if not any(a <= s[0] < b for a, b in spans)]
        if named:
            spans = sorted(spans + named)
    return spans


_INNER_ROOT = re.compile(r"(?<![A-Za-z0-9])(?:[A-Za-z]:\\|\\\\(?=[^\\\s]))")
"""A Windows path's root inside a longer run of characters (a recent file's registry
value ``[F00000000][T01DA...]*C:\\Users\\...``, an XML element's ``<id>C:\\...</id>``)."""
_PATH_STOP = re.compile(r'[<>|"*?]')
_WINDOWS_ROOT = re.compile(r"[A-Za-z]:\\|\\\\")
_SPACED_FOLDER = re.compile(r'(?: [^\s\\<>|"*?]+){1,8}\\[^\s<>|"*?]*')
"""More of a Windows path after a space: words up to its next folder's ``\\``."""
_SPACED_FILE = re.compile(r'(?: [^\s\\<>|"*?]+){1,3}?\.[A-Za-z][A-Za-z0-9]{1,4}(?=[\s"\',;:)]|$)')
"""The rest of a Windows path's file name after a space, up to its extension."""
_LINE_FILE = re.compile(r'(?: [^\s\\<>|"*?]+)+?\.[A-Za-z][A-Za-z0-9]{1,4}(?=[ \t\r]*(?:\n|$))')
"""The rest of a Windows path's file name after a space where it fills its line to an
extension (``original path: C:\\...\\Brouwer JA 08-06-2005 HbA1c 61 verwijsbrief.docx``)."""
_LAST_WORDS = re.compile(r'(?: [^\s\\<>|"*?]+){1,3}(?=[ \t\r]*(?:\n|$))')
"""The rest of a Windows path's last folder after a space, up to the end of its line."""
MAX_WIDENED = 260
"""Longest Windows path read across its spaces (Windows' own limit)."""


def _inner_paths(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The Windows paths inside ``text[start:end]``, a run of characters that as a whole is
    none: each from a root (:data:`_INNER_ROOT`) to the first character no path holds."""
    out: list[tuple[int, int]] = []
    at = start
    while (root := _INNER_ROOT.search(text, at, end)) is not None:
        stop = _PATH_STOP.search(text, root.start(), end)
        b = end if stop is None else stop.start()
        while b > root.start() and text[b - 1] in _TRAILING:
            b -= 1
        if _is_path(text[root.start() : b]):
            out.append((root.start(), b))
        at = max(b, root.end())
    return out


def _widened(text: str, start: int, end: int, raw_end: int) -> int:
    """The end of the Windows path at ``start`` read across its spaces (its run of
    characters ends at ``raw_end``, a space, its trailing marks cut at ``end``): in quotes,
    up to the closing quote on its line; else over words up to a later folder's ``\\``
    (``C:\\Users\\lieke\\Uitslagen BVO\\...``), then to a file's extension that ends its
    line, in any number of words, or in at most three words (``\\Uitslag Jansen.pdf door
    ...``) or, the path's last folder, to the end
    of its line in at most three (``\\patienten\\Ramsaran, D. (1992-03-23)``). A path
    whose name ends in an extension is whole."""
    if _EXTENSION.search(text, start, end):
        return end
    newline = text.find("\n", end)
    line_end = len(text) if newline < 0 else newline
    limit = min(line_end, start + MAX_WIDENED)
    quote = text[start - 1] if start else ""
    if quote in ("'", '"'):
        close = text.find(quote, end, limit)
        inside = text[end:close]
        return (
            close if close > end and "\t" not in inside and not _PATH_STOP.search(inside) else end
        )
    at = raw_end
    while (folder := _SPACED_FOLDER.match(text, at, limit)) is not None:
        at = folder.end()
    if named := _LINE_FILE.match(text, at, limit) or _SPACED_FILE.match(text, at, limit):
        return named.end()
    if (last := _LAST_WORDS.match(text, at, limit)) is not None:
        at = last.end()
    if at == raw_end:
        return end
    while text[at - 1] in ".,;:'\"" or (text[at - 1] == ")" and _unbalanced(text, start, at)):
        at -= 1
    return at


def _unbalanced(text: str, start: int, end: int) -> bool:
    return text.count(")", start, end) > text.count("(", start, end)


def _named_files(text: str) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of each file's name printed alone (see the module docstring): from
    each extension back to the name's start, at most :data:`MAX_FILE_NAME` characters
    (linear: each extension's name is read once)."""
    for m in _FILE_EXTENSION.finditer(text):
        end = m.end()
        start, lo = m.start(), max(0, m.start() - MAX_FILE_NAME)
        while start > lo and text[start - 1] not in _NOT_IN_NAME:
            start -= 1
        if start > 0 and text[start - 1] not in _NAME_OPENS:
            continue  # (too long, or part of a path, a tag or a pattern)
        if _LETTER_JOINED.search(text, start, m.start()):
            yield start, end


def _is_path(token: str) -> bool:
    """Whether ``token`` (no white space in it) is a printed path."""
    if len(token) > MAX_PATH_CHARS or len(_SEPARATOR.findall(token)) < 2:
        return False
    rooted = _ROOTED.match(token)
    body = token[2:] if token.startswith("\\\\") else token  # (a share: ``\\server``)
    if _NOT_IN_PATH.search(body) or not any(c.isalpha() for c in body):
        return False
    if rooted is None and "\\" in token:
        return False  # (an escape, ``\\u00d6``: a Windows path starts at a drive or share)
    return rooted is not None or bool(_EXTENSION.search(token))
