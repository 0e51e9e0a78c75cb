"""SQL dumps: CREATE TABLE column names, INSERT rows and PostgreSQL COPY data.

The dump is tokenized (:mod:`.sqllex`), never executed. ``part`` is the table name as
written (quotes removed, schema kept: ``public.patients``); ``row`` counts a table's
inserted rows from 1 across all its INSERT/COPY statements. The comments and the other
statements (a fix script's ``UPDATE``, ``DELETE``, ``SELECT``) are free text of part
:data:`SCRIPT_PART`, at their offsets and lines in the file; a statement switched off in
a comment is not (:data:`_COMMENTED_OUT`). An HSQLDB script (LibreOffice Base's
``database/script`` inside an ``.odb``) is read in its own dialect: a statement a line,
``CREATE MEMORY TABLE``, characters beyond ASCII written ``\\uXXXX``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import ClassVar

from breachscope.config import Config
from breachscope.extract.base import Extracted, ExtractError, Extractor, Note, SkipFile, Source
from breachscope.extract.chunking import RowChunker, column_names
from breachscope.extract.encoding import detect_stream, text_stream
from breachscope.extract.sqllex import Dialect, Lexer, unquote
from breachscope.extract.text import TextExtractor
from breachscope.extract.units import TextUnit
from breachscope.location import Location

_NOT_COLUMNS = frozenset(
    {"PRIMARY", "KEY", "UNIQUE", "CONSTRAINT", "INDEX", "FOREIGN", "CHECK"}
    | {"FULLTEXT", "SPATIAL", "EXCLUDE", "PERIOD", "LIKE"}
)
SCHEMA_WITHIN = 1024**2
"""A dump must show a table statement within this many characters (else it is not one)."""
_POSTGRES = re.compile(rb"PostgreSQL database dump|standard_conforming_strings\s*=\s*on", re.I)
_HSQLDB = re.compile(
    rb"(?:\xef\xbb\xbf)?(?:SET DATABASE |CREATE SCHEMA PUBLIC AUTHORIZATION DBA\b)"
)
"""The first statement of an HSQLDB script (LibreOffice Base's ``database/script``)."""
_COPY_ESCAPE = re.compile(r"\\(?:([0-7]{1,3})|x([0-9A-Fa-f]{1,2})|(.))", re.S)
_COPY_CHARS = {"b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v"}


SCRIPT_PART = "script"
"""The part of a dump's comments and of its statements other than a table's or its rows
(``-- dubbel: Annemiek de Vries ..., laatste uitslag: hrHPV positief``, ``UPDATE patient
SET telefoon = '0612345678' WHERE bsn = '123456782';``): free text, at its offsets and
lines in the file."""
SCRIPT_WORDS = frozenset(
    {"UPDATE", "DELETE", "SELECT", "SET", "BEGIN", "COMMIT", "ROLLBACK", "START", "ALTER"}
    | {"DROP", "GRANT", "REVOKE", "USE", "LOCK", "UNLOCK", "TRUNCATE", "MERGE", "WITH"}
    | {"DECLARE", "EXEC", "EXECUTE", "CALL", "VACUUM", "ANALYZE", "COMMENT", "UPSERT"}
)
"""The words a statement of a script opens with: a file of such statements and no table
is a dump (a fix script of ``UPDATE`` s), random bytes are none."""
_COMMENTED_OUT = re.compile(
    r"(?:--|\#|/\*)[ \t]*(?i:insert|update|delete|select|create|alter|drop|replace|copy"
    r"|truncate|merge)(?![\w])"
)
"""A comment that is a statement switched off (``-- INSERT INTO patient_uitslag ...
VALUES ('204794687', 'Testpersoon');``: a test row, an example): code, not what a
script says of its rows; it is left out of the script's text."""
_DUMP_TOC = re.compile(
    r"--[ \t]*(?:Data for )?Name: [^\n]*; Type: [^\n]*; Schema: [^\n]*; Owner: [^\n]*"
    r"|/\*!\d{5}[ ]"
)
"""A dump tool's own comment: pg_dump's entry of its table of contents (``-- Name:
deelnemer; Type: TABLE; Schema: public; Owner: bvo``) and mysqldump's versioned statement
(``/*!40000 ALTER TABLE `client` DISABLE KEYS */``): the schema's names, no one's; left
out of the script's text (read as a table of four fields, ``Type: TABLE DATA`` had been
a person's name)."""
_LETTER_OR_DIGIT = re.compile(r"[^\W_]")
"""What a piece of script text must hold to be read (not only marks, not NULs)."""
SCRIPT_GAP = 4096
"""Most characters between two pieces of script text that share a text unit."""


_TYPED_LITERALS = frozenset({"DATE", "TIME", "TIMESTAMP"})
"""The types of standard SQL's typed literals (``DATE '1985-09-04'``, as a PostgreSQL or
an Oracle script writes a date): the value is the string after the type."""


def copy_value(field: str) -> str | None:
    """A value of PostgreSQL COPY text format (``\\N`` is NULL)."""
    if field == "\\N":
        return None
    if "\\" not in field:
        return field

    def one(m: re.Match[str]) -> str:
        if m.group(1):
            return chr(int(m.group(1), 8))
        if m.group(2):
            return chr(int(m.group(2), 16))
        return _COPY_CHARS.get(m.group(3), m.group(3))

    return _COPY_ESCAPE.sub(one, field)


class SqlExtractor(Extractor):
    """Rows inserted into each table, one unit per block of rows, ``part`` = table."""

    id: ClassVar[str] = "sql"
    types: ClassVar[frozenset[str]] = frozenset({"sql"})
    structured: ClassVar[bool] = True

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        with source.open() as fh:
            enc = detect_stream(fh)
            head = fh.read(64 * 1024)
            if not head.strip():
                raise SkipFile("empty file")
            fh.seek(enc.bom_len)
            dialect = Dialect(
                backslash=not _POSTGRES.search(head), hsqldb=bool(_HSQLDB.match(head))
            )
            lexer = Lexer(text_stream(fh, enc), dialect, config.max_text_unit_chars)
            parser = _Parser(lexer, source.path, config)
            held: list[Extracted] = []  # (until a statement is read: else read as text)
            try:
                for unit in parser.units():
                    if not parser.found:
                        held.append(unit)
                        continue
                    yield from held
                    held.clear()
                    yield unit
            except NoStatements as exc:
                if b"\x00" in head:
                    raise  # (no text either: binary bytes handed over as SQL)
                why = str(exc)
            else:
                yield from held
                return
        yield Note(Location(source.path), f"{why}: read as text")
        yield from TextExtractor().extract(source, config)


class NoStatements(ExtractError):
    """SQL's words but none of a dump's statements (a SAS program's ``proc sql``, a
    report's query): the file is read as text."""


class _Parser:
    def __init__(self, lexer: Lexer, path: str, config: Config) -> None:
        self.lex = lexer
        self.path = path
        self.config = config
        self.columns: dict[str, list[str]] = {}
        self.counts: dict[str, int] = {}
        self.chunker: RowChunker | None = None
        self.script: list[str] = []  # (the text unit of asides being joined)
        self.script_size = 0
        self.script_at = (0, 1)
        self.script_end = 0
        self.script_line = 1
        self.scripted = False  # (a statement of SQL's words: a script of UPDATEs is a dump)
        self.key: tuple[str, tuple[str, ...]] | None = None
        self.statements = 0

    @property
    def found(self) -> bool:
        """Whether a dump's statement was read (a table's definition, rows, a script)."""
        return bool(self.counts or self.columns or self.scripted)

    def units(self) -> Iterator[Extracted]:
        while (tok := self.lex.next()) is not None:
            if not (self.counts or self.columns or self.scripted) and (
                self.lex.consumed > SCHEMA_WITHIN
            ):
                raise NoStatements(
                    f"no CREATE TABLE, INSERT or COPY statement in the first {SCHEMA_WITHIN} "
                    "characters"
                )
            word = tok[1].upper()
            if tok[0] == "word" and word in {"INSERT", "REPLACE"}:
                yield from self._insert()
            elif tok[0] == "word" and word == "CREATE":
                self._create()
            elif tok[0] == "word" and word == "COPY":
                yield from self._copy()
            elif tok[0] == "word" and word in SCRIPT_WORDS:
                yield from self._script_statement()
            elif tok[1] != ";":
                self._skip_statement()
            if self.lex.asides:
                yield from self._script()
        if self.chunker is not None:
            yield from self.chunker.flush()
        yield from self._script(final=True)
        if not (self.counts or self.columns or self.scripted):
            raise NoStatements("no CREATE TABLE, INSERT or COPY statement found")

    def _script(self, final: bool = False) -> Iterator[Extracted]:
        """The lexer's asides (comments, statements other than a table's or its rows)
        joined to text units of part :data:`SCRIPT_PART`, each at its offset and line in
        the file: pieces closer than :data:`SCRIPT_GAP` characters share a unit, the
        characters between them (rows, white space) kept as blanks and line breaks."""
        for offset, line, text in self.lex.asides:
            if _COMMENTED_OUT.match(text) or _DUMP_TOC.match(text):
                continue
            gap = offset - self.script_end
            breaks = line - self.script_line
            joins = (
                bool(self.script)
                and 0 <= breaks <= gap <= SCRIPT_GAP
                and self.script_size + gap + len(text) <= self.config.max_text_unit_chars
            )
            if not joins:
                yield from self._script_unit()
                self.script_at = (offset, line)
            else:
                self.script.append("\n" * breaks + " " * (gap - breaks))
            self.script.append(text)
            self.script_size += (gap if joins else 0) + len(text)
            self.script_end = offset + len(text)
            self.script_line = line + text.count("\n")
        self.lex.asides.clear()
        if final:
            yield from self._script_unit()

    def _script_statement(self) -> Iterator[Extracted]:
        """A statement that opens with SQL's words (:data:`SCRIPT_WORDS`), its first
        token just read, read to its end and recorded as script text (in pieces of a
        text unit's size); a script of such statements is a dump without tables. Other
        statements (a client's command, garbage) are skipped unread."""
        self.scripted = True
        self.lex.record()
        tok: tuple[str, str] | None = ("", "")
        while tok is not None and tok[1] != ";":
            tok = self.lex.next()
            if self.lex.recording > self.config.max_text_unit_chars:
                self.lex.recorded(more=True)
                yield from self._script()
        self.lex.recorded()

    def _script_unit(self) -> Iterator[Extracted]:
        text = "".join(self.script)
        self.script, self.script_size = [], 0
        if _LETTER_OR_DIGIT.search(text):
            offset, line = self.script_at
            yield TextUnit(Location(self.path, part=SCRIPT_PART), text, offset, line)

    # -- statements ---------------------------------------------------------------------

    def _create(self) -> None:
        tok = self.lex.next()
        while (
            tok is not None
            and tok[0] == "word"
            and tok[1].upper()
            in {"TEMPORARY", "TEMP", "UNLOGGED", "GLOBAL", "LOCAL", "OR", "REPLACE"}
            | {"MEMORY", "CACHED", "TEXT"}  # (HSQLDB's kinds of table)
        ):
            tok = self.lex.next()
        if tok is None or tok[1].upper() != "TABLE":
            self._skip_statement()
            return
        table = self._name()
        tok = self.lex.next()
        if tok is None or tok[1] != "(":
            self._skip_statement()
            return
        names: list[str] = []
        first = True
        depth = 1
        while depth and (tok := self.lex.next()) is not None:
            if tok[1] == "(":
                depth += 1
            elif tok[1] == ")":
                depth -= 1
            elif tok[1] == "," and depth == 1:
                first = True
                continue
            elif (
                first
                and depth == 1
                and tok[0] in {"word", "qid"}
                and tok[1].upper() not in _NOT_COLUMNS
            ):
                names.append(unquote(tok[1]))
            first = False
        self.columns[table] = names
        self._skip_statement()

    def _insert(self) -> Iterator[Extracted]:
        tok = self.lex.next()
        while (
            tok is not None
            and tok[0] == "word"
            and tok[1].upper()
            in {"INTO", "IGNORE", "LOW_PRIORITY", "DELAYED", "HIGH_PRIORITY", "OR", "REPLACE"}
        ):
            tok = self.lex.next()
        if tok is None or tok[0] not in {"word", "qid"}:
            self._skip_statement()
            return
        self.lex.push_back(tok)
        table = self._name()
        columns = list(self.columns.get(table, []))
        tok = self.lex.next()
        if tok is not None and tok[1] == "(":
            columns = self._identifiers()
            tok = self.lex.next()
        if tok is None or tok[1].upper() not in {"VALUES", "VALUE"}:
            self._skip_statement(tok)
            return
        yield from self._use(table, columns)
        while True:
            row = self.lex.row()
            if row is None:
                tok = self.lex.next()
                if tok is None or tok[1] != "(":
                    self._skip_statement(tok)
                    return
                row = self._tuple()
            yield from self._add(table, row)
            tok = self.lex.next()
            if tok is None or tok[1] == ";":
                return
            if tok[1] != ",":
                self._skip_statement(tok)
                return

    def _copy(self) -> Iterator[Extracted]:
        table = self._name()
        tok = self.lex.next()
        columns = list(self.columns.get(table, []))
        if tok is not None and tok[1] == "(":
            columns = self._identifiers()
            tok = self.lex.next()
        words: list[str] = []
        while tok is not None and tok[1] != ";":
            words.append(tok[1].upper())
            tok = self.lex.next()
        if words[:2] != ["FROM", "STDIN"]:
            return
        yield from self._use(table, columns)
        self.lex.line()  # the rest of the COPY line
        while (line := self.lex.line()) is not None:
            if line == "\\.":
                return
            if line or columns:
                yield from self._add(table, [copy_value(f) for f in line.split("\t")])

    # -- pieces -------------------------------------------------------------------------

    def _name(self) -> str:
        """A possibly qualified table name; ``IF NOT EXISTS`` / ``ONLY`` are skipped."""
        parts: list[str] = []
        while (tok := self.lex.next()) is not None:
            if tok[0] == "word" and tok[1].upper() in {"IF", "NOT", "EXISTS", "ONLY"} and not parts:
                continue
            if tok[0] not in {"word", "qid"}:
                self.lex.push_back(tok)
                break
            text = tok[1]
            if parts and not (text.startswith(".") or parts[-1].endswith(".")):
                self.lex.push_back(tok)
                break
            parts.append(text if tok[0] == "word" else unquote(text))
        name = "".join(parts).strip(".")
        return name or "unnamed"

    def _identifiers(self) -> list[str]:
        names: list[str] = []
        while (tok := self.lex.next()) is not None and tok[1] != ")":
            if tok[0] in {"word", "qid"}:
                names.append(unquote(tok[1]))
        return names

    def _tuple(self) -> list[str | None]:
        """Values of a tuple read token by token (after its opening parenthesis)."""
        values: list[str | None] = []
        pieces: list[str] = []
        nulls = 0
        depth = 1
        while (tok := self.lex.next()) is not None:
            kind, text = tok
            if text == "(":
                depth += 1
            elif text == ")":
                depth -= 1
                if depth == 0:
                    break
            if depth == 1 and text == ",":
                values.append(None if nulls == len(pieces) == 1 else " ".join(pieces))
                pieces, nulls = [], 0
                continue
            if kind == "str":
                if pieces and pieces[-1].upper() in _TYPED_LITERALS:
                    pieces.pop()  # (``DATE '1985-09-04'``: the literal's type is no value)
                pieces.append(self.lex.dialect.string(text))
            else:
                pieces.append(text)
                nulls += text.upper() == "NULL"
        if pieces or values:
            values.append(None if nulls == len(pieces) == 1 else " ".join(pieces))
        return values

    def _skip_statement(self, tok: tuple[str, str] | None = ("", "")) -> None:
        """Read up to the end of the statement; ``tok`` is the last token read (None: end)."""
        while tok is not None and tok[1] != ";":
            tok = self.lex.next()

    def _use(self, table: str, columns: list[str]) -> Iterator[Extracted]:
        """Switch to the chunker of ``table`` with ``columns``, flushing the previous one."""
        key = (table, tuple(columns))
        if key == self.key:
            return
        if self.chunker is not None:
            yield from self.chunker.flush()
        self.key = key
        self.chunker = RowChunker(
            Location(self.path, part=table),
            column_names(columns, len(columns)),
            self.config.max_table_rows_per_unit,
        )

    def _add(self, table: str, row: list[str | None]) -> Iterator[Extracted]:
        self.counts[table] = self.counts.get(table, 0) + 1
        assert self.chunker is not None
        yield from self.chunker.add(self.counts[table], row)
