"""Data typed into a statistics script, read as table rows: SPSS's ``DATA LIST`` with its
``BEGIN DATA`` ... ``END DATA``, Stata's ``input`` ... ``end``, and a SAS data step's
``input`` with its ``datalines;`` (``cards;``) ... ``;`` or ``datalines4;`` ... ``;;;;``
(``<part>/datalines``: the ``infile`` statement's ``dlm=`` and ``dsd`` say how values
are apart; a date read with ``ddmmyy``, ``mmddyy`` or ``date9`` written as its ISO date;
column and pointer input, its columns by position, stays text).

A researcher whose export failed types the cohort into the syntax file (``DATA LIST LIST
(',') /volgnr (F3) naam (A40) bsn (A9) gebdat (ADATE10) ...`` over ``1,'Lieke
Wouters',332828013,03/09/1958,...``). Read as prose its values stand far from the
variable names that say what they are: no label stands beside a BSN. Here each block
becomes rows of a :class:`~breachscope.extract.units.TableUnit` of the text's part
(``<part>/data-list``, ``<part>/input``), its columns named after the variables, so they
are classified as any table's are; a row is the 1-based line of the part that holds it. A
line whose values do not match the variables in number stays text (a ``FIXED`` data list,
its columns by position, too). SPSS's ``VALUE LABELS`` are applied where the script gives
them (``hpv 3 'HPV 16 positief'``: its reader sees the label, not the code; the code book
is then blanked too, no one's values), and a date variable's format says its order
(``ADATE`` is month first: ``03/09/1958`` is 9 March, written as ``1958-03-09``). The
blocks are then blanked (spaces; offsets and lines stay) and the rest read as free text.
An R data frame written as a literal (``dput``'s ``structure(list(naam = c(...), bsn =
c(...)), ...)``, a script's ``data.frame(...)``), its columns of one length, is a table
too (``<part>/data.frame``; its row is the frame's 1-based row, a column-wise literal has
no line per row): a factor's codes are read as its levels, a ``Date``'s days since 1970 as
ISO dates, R's string escapes (``\\u0131``) decoded.

Nothing in the script is run: the literals are read by a small reader of R's constants
(strings, numbers, ``NA``, ``TRUE``/``FALSE``, ``c()`` and ``structure()`` over them).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from breachscope.detect.textmessages import breaks
from breachscope.detect.textsql import table_location
from breachscope.detect.texttables import blanked
from breachscope.extract.chunking import RecordChunker
from breachscope.extract.units import TableUnit, TextUnit

MAX_ROWS = 4096
"""Rows per table unit."""
_SPSS = re.compile(
    r"^[ \t]*(?i:data[ \t]+list)(?P<how>[^/\n]*)/"
    r"(?P<vars>[^\n.]*(?:\n[ \t]+[^\n.]*)*)\.?[ \t]*\r?\n"
    r"(?:[^\n]*\n){0,20}?[ \t]*(?i:begin[ \t]+data)\.?[ \t]*\r?\n",
    re.MULTILINE,
)
"""An SPSS ``DATA LIST`` (free or list form, its variables after the slash) and the
``BEGIN DATA`` after it."""
_SPSS_END = re.compile(r"^[ \t]*(?i:end[ \t]+data)\.?[ \t]*\r?$", re.MULTILINE)
_SPSS_VAR = re.compile(r"(?P<name>[A-Za-z@#$][\w.@#$]*)(?:[ \t]*\((?P<fmt>[A-Za-z]+)[\d.]*\))?")
_DELIMITER = re.compile(r"\(\s*['\"](?P<d>[^'\"]{1,2})['\"]\s*\)")
_STATA = re.compile(r"^[ \t]*input[ \t]+(?P<vars>[^\n]+)\r?\n", re.MULTILINE)
_STATA_VAR = re.compile(
    r"(?:(?:str\d{1,4}|strL|byte|int|long|float|double)[ \t]+)?(?P<name>[A-Za-z_]\w*)"
)
_STATA_END = re.compile(r"^[ \t]*end[ \t]*\r?$", re.MULTILINE)
_VALUE_LABELS = re.compile(
    r"^[ \t]*(?i:value[ \t]+labels?)[ \t]+(?P<body>(?:'[^'\n]*'|\"[^\"\n]*\"|[^.'\"])*)\.",
    re.MULTILINE,
)
_PART = re.compile(r"(?:'[^'\n]*'|\"[^\"\n]*\"|[^/'\"])+")
"""A variable's part of a ``VALUE LABELS`` command (apart by slashes outside quotes)."""
_LABEL_PAIR = re.compile(
    r"(?P<code>-?\d+(?:\.\d+)?|'[^']*'|\"[^\"]*\")\s+(?P<label>'[^']*'|\"[^\"]*\")"
)
_MONTH_FIRST = frozenset({"adate"})
_DATE = re.compile(r"(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4})")


def script_data(unit: TextUnit) -> tuple[TextUnit, list[TableUnit]]:
    """``unit`` with its typed-in data blanked, and its rows as tables."""
    text = unit.text
    spss = "BEGIN DATA" in text or "begin data" in text
    stata = "input " in text
    frames = "= c(" in text or "=c(" in text
    sas = any(w in text for w in ("datalines", "DATALINES", "cards", "CARDS", "Datalines"))
    if not spss and not stata and not frames and not sas:
        return unit, []  # (C-speed: nearly every text holds none)
    tables: list[TableUnit] = []
    spans: list[tuple[int, int]] = []
    labels = _value_labels(text) if spss else {}
    blocks = [
        *(_spss_blocks(text) if spss else ()),
        *(_stata_blocks(text) if stata else ()),
        *(_sas_blocks(text) if sas else ()),
    ]
    for table, columns, formats, lines in blocks:
        chunker = RecordChunker(table_location(unit, table), MAX_ROWS)
        for start, end, values in lines:
            if len(values) != len(columns):
                continue
            row = {
                c: _shown(v, labels.get(c.lower(), {}), formats.get(c, ""))
                for c, v in zip(columns, values, strict=True)
            }
            line = unit.first_line + breaks(text, 0, start)
            tables.extend(chunker.add(line, row))
            spans.append((start, end))
        tables.extend(chunker.flush())
    for n, (start, end, frame) in enumerate(_r_frames(text) if frames else (), start=1):
        chunker = RecordChunker(
            table_location(unit, "data.frame" + (f"-{n}" if n > 1 else "")), MAX_ROWS
        )
        width = len(next(iter(frame.values())))
        for i in range(width):
            tables.extend(chunker.add(i + 1, {c: v[i] for c, v in frame.items()}))
        tables.extend(chunker.flush())
        spans.append((start, end))
    if not spans:
        return unit, []
    if labels:  # (the code book, applied to the rows: no one's values)
        spans.extend(m.span() for m in _VALUE_LABELS.finditer(text))
    return blanked(unit, sorted(spans)), tables


Block = tuple[str, list[str], dict[str, str], list[tuple[int, int, list[str]]]]


def _spss_blocks(text: str) -> Iterator[Block]:
    for m in _SPSS.finditer(text):
        how = m["how"].lower()
        if "fixed" in how or ("list" not in how and "free" not in how):
            continue  # (columns by position: left to text)
        delim = _DELIMITER.search(m["how"])
        variables = [(v["name"], (v["fmt"] or "").lower()) for v in _SPSS_VAR.finditer(m["vars"])]
        end = _SPSS_END.search(text, m.end())
        if not variables or end is None:
            continue
        columns = [name for name, _ in variables]
        formats = dict(variables)
        sep = delim["d"] if delim is not None else None
        yield "data-list", columns, formats, list(_rows(text, m.end(), end.start(), sep))


def _stata_blocks(text: str) -> Iterator[Block]:
    for m in _STATA.finditer(text):
        if ";" in m["vars"]:
            continue  # (a SAS data step's input statement: :func:`_sas_blocks`)
        columns = [v["name"] for v in _STATA_VAR.finditer(m["vars"])]
        end = _STATA_END.search(text, m.end())
        if not columns or end is None:
            continue
        yield "input", columns, {}, list(_rows(text, m.end(), end.start(), None))


_SAS_LINES = re.compile(
    r"^[ \t]*(?i:datalines|cards|lines)(?P<four>4)?[ \t]*;[ \t]*\r?\n", re.MULTILINE
)
"""Where a SAS data step's in-stream data starts."""
_SAS_STEP = re.compile(r"(?i)^[ \t]*data[ \t]+[\w.]+", re.MULTILINE)
_SAS_INPUT = re.compile(r"(?i)\binput[ \t]+(?P<vars>[^;]*);")
_SAS_INFILE = re.compile(r"(?i)\binfile[ \t]+(?P<options>[^;]*);")
_SAS_DLM = re.compile(
    r"(?i)\b(?:dlm|delimiter)[ \t]*=[ \t]*(?:'(?P<q>[^']{1,4})'|\"(?P<d>[^\"]{1,4})\")"
)
_SAS_DSD = re.compile(r"(?i)\bdsd\b")
_SAS_NAME = re.compile(r"[A-Za-z_]\w{0,31}")
_SAS_INFORMAT = re.compile(r":?\$?(?P<f>[A-Za-z]*)\d*\.\d*")
_SAS_STEP_REACH = 4000
"""How far before its data lines a data step's statements are looked for."""
_SAS_MONTHS = {
    m: i
    for i, m in enumerate(
        ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"), 1
    )
}
_SAS_DATE9 = re.compile(r"(?P<d>\d{1,2})(?P<m>[A-Za-z]{3})(?P<y>\d{4})")
_SAS_DMY = re.compile(r"(?P<a>\d{1,2})[-/.](?P<b>\d{1,2})[-/.](?P<y>\d{4})")


def _sas_blocks(text: str) -> Iterator[Block]:
    """A SAS data step's variables (its ``input`` statement, list input) and the lines of
    its in-stream data, apart as its ``infile`` statement says."""
    for m in _SAS_LINES.finditer(text):
        lo = max(0, m.start() - _SAS_STEP_REACH)
        steps = [d.start() for d in _SAS_STEP.finditer(text, lo, m.start())]
        head = text[steps[-1] if steps else lo : m.start()]  # (its own data step's)
        inputs = list(_SAS_INPUT.finditer(head))
        if not inputs:
            continue
        variables = _sas_variables(inputs[-1]["vars"])
        if not variables:
            continue
        if m["four"]:
            end = re.compile(r"^[ \t]*;;;;", re.MULTILINE).search(text, m.end())
        else:
            end = re.compile(r"^[^\n;]*;", re.MULTILINE).search(text, m.end())
        if end is None:
            continue
        infile = _SAS_INFILE.search(head)
        sep = None
        if infile is not None:
            dlm = _SAS_DLM.search(infile["options"])
            if dlm is not None:
                sep = dlm["q"] or dlm["d"]
            elif _SAS_DSD.search(infile["options"]):
                sep = ","
        columns = [name for name, _ in variables]
        formats = {name: f"sas:{fmt}" for name, fmt in variables if fmt}
        yield "datalines", columns, formats, list(_rows(text, m.end(), end.start(), sep))


def _sas_variables(body: str) -> list[tuple[str, str]]:
    """``(name, informat)`` of a list input statement's variables; none where it reads
    columns by position (``naam $ 1-20``, ``@10``)."""
    out: list[tuple[str, str]] = []
    for token in body.split():
        if token == "$":
            continue
        if token[:1] in "@+#/" or token[:1].isdigit() or "-" in token:
            return []  # (column or pointer input: its columns by position)
        if token.endswith(".") or token.startswith((":", "$")):
            informat = _SAS_INFORMAT.fullmatch(token)
            if informat is not None and out:
                out[-1] = (out[-1][0], informat["f"].lower())
            continue
        if _SAS_NAME.fullmatch(token):
            out.append((token, ""))
        else:
            return []
    return out


def _sas_date(value: str, informat: str) -> str | None:
    """A date as a SAS informat reads it, as its ISO date (None: not one)."""
    if informat.startswith("date"):
        d = _SAS_DATE9.fullmatch(value.strip())
        if d is None or (month := _SAS_MONTHS.get(d["m"].upper())) is None:
            return None
        return f"{d['y']}-{month:02d}-{int(d['d']):02d}"
    if informat.startswith(("ddmmyy", "mmddyy")):
        d = _SAS_DMY.fullmatch(value.strip())
        if d is None:
            return None
        day, mon = (d["a"], d["b"]) if informat.startswith("dd") else (d["b"], d["a"])
        return f"{d['y']}-{int(mon):02d}-{int(day):02d}"
    return None


def _rows(text: str, lo: int, hi: int, sep: str | None) -> Iterator[tuple[int, int, list[str]]]:
    """``(start, end, values)`` of each line between ``lo`` and ``hi``."""
    pos = lo
    while pos < hi:
        stop = text.find("\n", pos, hi)
        stop = hi if stop < 0 else stop
        line = text[pos:stop].rstrip("\r")
        if line.strip():
            yield pos, pos + len(line), _values(line, sep)
        pos = stop + 1


_TOKEN = re.compile(r"""'((?:[^']|'')*)'|"((?:[^"]|"")*)"|([^\s,'"]+)""")


def _values(line: str, sep: str | None) -> list[str]:
    """A line's values: quoted (``'Arslan, Nurcan'``, ``''`` a quote) or bare, apart by
    ``sep`` (and blanks) or, with none, by blanks and commas."""
    if sep is None:
        return [_token(t) for t in _TOKEN.finditer(line)]
    out: list[str] = []
    token = re.compile(rf"""\s*(?:'((?:[^']|'')*)'|"((?:[^"]|"")*)"|([^{re.escape(sep)}]*))\s*""")
    pos = 0
    while pos <= len(line):
        m = token.match(line, pos)
        if m is None:
            break
        out.append(_token(m).strip())
        pos = m.end()
        if pos < len(line) and line.startswith(sep, pos):
            pos += len(sep)
        else:
            break
    return out


def _token(m: re.Match[str]) -> str:
    if m[1] is not None:
        return m[1].replace("''", "'")
    if m[2] is not None:
        return m[2].replace('""', '"')
    return m[3] or ""


def _value_labels(text: str) -> dict[str, dict[str, str]]:
    """SPSS's ``VALUE LABELS``: per variable (lower-cased), its codes' labels."""
    out: dict[str, dict[str, str]] = {}
    for m in _VALUE_LABELS.finditer(text):
        for part in _PART.findall(m["body"]):
            name = part.strip().split(None, 1)
            if len(name) != 2:
                continue
            pairs = {
                p["code"].strip("'\""): p["label"][1:-1] for p in _LABEL_PAIR.finditer(name[1])
            }
            for variable in name[0].split():
                out.setdefault(variable.lower(), {}).update(pairs)
    return out


def _shown(value: str, labels: dict[str, str], fmt: str) -> str:
    """A value as the script's reader sees it: its code's label, a month-first date in
    ISO order."""
    if value in labels:
        return labels[value]
    if fmt.startswith("sas:"):
        return _sas_date(value, fmt[4:]) or value
    if fmt in _MONTH_FIRST and (d := _DATE.fullmatch(value)) is not None:
        return f"{d['y']}-{int(d['a']):02d}-{int(d['b']):02d}"
    return value


_R_FRAME = re.compile(r"\b(?:data\.frame|tibble|data\.table|structure[ \t]*\([ \t]*list)[ \t]*\(")
"""Where an R data frame's literal starts (``dput``'s ``structure(list(``, a script's
``data.frame(``)."""
_R_NAME = re.compile(r"\s*(?P<name>[A-Za-z.][\w.]*|`[^`\n]{1,80}`)\s*=\s*")
_R_ATOM = re.compile(
    r"\s*(?:\"(?P<s>(?:[^\"\\]|\\.)*)\"|'(?P<q>(?:[^'\\]|\\.)*)'"
    r"|(?P<n>-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)L?|(?P<na>NA(?:_\w+_)?)|(?P<b>TRUE|FALSE))"
)
_R_CALL = re.compile(r"\s*(?P<f>c|structure|factor|as\.Date)[ \t]*\(")
_R_ESCAPE = re.compile(r"\\(u\{?[0-9A-Fa-f]{4}\}?|U\{?[0-9A-Fa-f]{1,8}\}?|x[0-9A-Fa-f]{2}|.)")
_R_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "0": "\0"}
_COMMA = re.compile(r"\s*,")
_CLOSE = re.compile(r"\s*\)")
_NEXT_ATOM = re.compile(r"\s*(?P<c>[,)])")
_R_EPOCH_DAY = 719163  # (date(1970, 1, 1).toordinal())
MAX_R_VALUES = 100_000
"""Most values one R vector literal is read with."""

RVector = list[str | None]


def _r_frames(text: str) -> Iterator[tuple[int, int, dict[str, RVector]]]:
    """``(start, end, {column: values})`` of each R data frame written as a literal whose
    columns (two at least) are of one length."""
    pos = 0
    while (m := _R_FRAME.search(text, pos)) is not None:
        pos = m.end()
        columns: dict[str, RVector] = {}
        at = m.end()
        while (name := _R_NAME.match(text, at)) is not None:
            parsed = _r_value(text, name.end(), 0)
            if parsed is None:
                break
            values, at = parsed
            columns[name["name"].strip("`")] = values
            comma = _COMMA.match(text, at)
            if comma is None:
                break
            at = comma.end()
        lengths = {len(v) for v in columns.values()}
        if len(columns) >= 2 and len(lengths) == 1 and 0 not in lengths:
            yield m.start(), at, columns
            pos = at


def _r_value(text: str, pos: int, depth: int) -> tuple[RVector, int] | None:
    """An R vector at ``pos`` (an atom, ``c(...)``, a factor or a date as ``structure(...)``
    writes it), as text, and where it ends; None where it is something else."""
    if depth > 4:
        return None
    call = _R_CALL.match(text, pos)
    if call is None:
        atom = _R_ATOM.match(text, pos)
        return None if atom is None else ([_r_atom(atom)], atom.end())
    if call["f"] == "c":
        return _r_atoms(text, call.end())
    inner = _r_value(text, call.end(), depth + 1)
    if inner is None:
        return None
    values, at = inner
    args: dict[str, RVector] = {}
    while (comma := _COMMA.match(text, at)) is not None:
        name = _R_NAME.match(text, comma.end())
        if name is None:
            return None
        arg = _r_value(text, name.end(), depth + 1)
        if arg is None:
            return None
        args[name["name"]], at = arg
    close = _CLOSE.match(text, at)
    if close is None:
        return None
    return _r_typed(values, args, call["f"]), close.end()


def _r_atoms(text: str, pos: int) -> tuple[RVector, int] | None:
    """The atoms of ``c(...)`` from after its bracket, and where it ends."""
    out: RVector = []
    if (close := _CLOSE.match(text, pos)) is not None:
        return out, close.end()
    while len(out) < MAX_R_VALUES and (atom := _R_ATOM.match(text, pos)) is not None:
        out.append(_r_atom(atom))
        sep = _NEXT_ATOM.match(text, atom.end())
        if sep is None:
            return None
        pos = sep.end()
        if sep["c"] == ")":
            return out, pos
    return None


def _r_atom(m: re.Match[str]) -> str | None:
    if m["na"] is not None:
        return None
    raw = m["s"] if m["s"] is not None else m["q"]
    if raw is None:
        return m["n"] if m["n"] is not None else m["b"]
    return _R_ESCAPE.sub(_r_unescape, raw)


def _r_unescape(m: re.Match[str]) -> str:
    code = m[1]
    if code[0] in "uU" and len(code) > 1:
        return chr(int(code[1:].strip("{}"), 16))
    if code[0] == "x" and len(code) == 3:
        return chr(int(code[1:], 16))
    return _R_ESCAPES.get(code, code)


def _r_typed(values: RVector, args: dict[str, RVector], call: str) -> RVector:
    """A ``structure``'s values as R shows them: a factor's codes as its levels, a
    ``Date``'s days since 1970 as ISO dates."""
    kind = set(args.get("class") or ())
    levels = args.get("levels")
    if (kind & {"factor", "ordered"} or call == "factor") and levels:
        return [_level(v, levels) for v in values]
    if "Date" in kind or call == "as.Date":
        return [_r_date(v) for v in values]
    return values


def _level(code: str | None, levels: RVector) -> str | None:
    try:
        i = int(float(code)) if code is not None else 0
    except ValueError:
        return code
    return levels[i - 1] if 1 <= i <= len(levels) else None


def _r_date(days: str | None) -> str | None:
    if days is None:
        return None
    try:
        return dt.date.fromordinal(_R_EPOCH_DAY + int(float(days))).isoformat()
    except (ValueError, OverflowError):
        return days
