"""JSON and NDJSON: records flattened to dotted paths (``patient.name.family``).

* NDJSON (and JSON text holding several values): one record per line, ``row`` = line.
* A JSON array is streamed element by element, ``row`` = 1-based index; any other JSON
  document is one record, ``row`` = 1 (read whole, up to ``Config.batch_bytes``; a larger
  object is read piece by piece, see :func:`_large_document`), unless
  it wraps its records: an object whose array of objects holds most of its values (a FHIR
  ``Bundle``'s ``entry``, an API response's ``data``) gives one record per element, in
  the part named by the array's key (``part=entry``, ``row`` = 1-based index), and the
  object's other values as record ``row`` = 1 (a record is one person's mentions: a
  bundle read as one record would merge its patients). The array is also found below
  wrapper objects that hold most of the values (``{"result": {"patients": [...]}}``:
  ``part=result.patients``), the values beside them kept at their paths in record 1.
* A FHIR ``Patient``'s contact persons (``contact``) are other people: rows of their own
  in part ``contact`` (``entry/contact`` in a bundle; :mod:`breachscope.extract.otherpeople`).

Array items get their index as a path step (``telecom.0.value``); a scalar record is
column ``$``. A date written as a list of its year, month and day (``[1996,3,11]``, Java's
``LocalDate`` as Jackson writes it) is one value, ``1996-03-11``, at the list's path. A
string that holds a JSON object or array whole (an API call's body saved as text) is read
as that document, its values at their paths below the string's (:func:`embedded`).
Numbers keep their source text. Subtrees deeper than :data:`MAX_DEPTH` are kept as compact
JSON text under their path, with a :class:`Note`.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, ClassVar, TextIO

from breachscope.config import Config
from breachscope.extract.base import (
    ChildFile,
    Extracted,
    ExtractError,
    Extractor,
    Note,
    SkipFile,
    Source,
)
from breachscope.extract.email import safe_name
from breachscope.extract.embedded import file_in_value
from breachscope.extract.encoding import detect_stream, text_stream
from breachscope.extract.htmltext import html_to_text
from breachscope.extract.lines import BoundedLines
from breachscope.extract.notebook import is_notebook, notebook_units
from breachscope.extract.otherpeople import PeopleChunker
from breachscope.location import Location

MAX_DEPTH = 32
WRAPPED_SHARE = 0.8
"""Share of a document's values an array of objects must hold to be read as its records
(a patient's own short lists, ``telecom``, stay part of the patient's record)."""
_CHUNK = 1 << 20
_WS = " \t\r\n"
_OPENS = frozenset("{[" + _WS)


def flatten(
    value: Any, max_depth: int = MAX_DEPTH, titles: Mapping[str, str] | None = None
) -> tuple[dict[str, str | None], bool]:
    """``{dotted path: text}`` of a parsed value, and whether the depth limit was hit; a
    list of ``{id, value}`` fields whose ids ``titles`` names (:func:`field_titles`) gives
    each value under its field's title (``custom_fields.BSN cliënt``)."""
    out: dict[str, str | None] = {}
    deep = False

    def walk(node: Any, path: str, depth: int) -> None:
        nonlocal deep
        if isinstance(node, dict) and len(node) == 1 and (scalar := _extended(node)) is not None:
            out[path or "$"] = scalar
        elif titles and isinstance(node, list) and _titled_fields(node, titles):
            for field in node:
                title = titles[str(field["id"])]
                walk(field["value"], f"{path}.{title}" if path else title, depth + 1)
        elif (day := _as_date(node)) is not None:
            out[path or "$"] = day
        elif isinstance(node, list) and _lines_of_one_text(node):
            out[path or "$"] = "".join(node)
        elif isinstance(node, list) and _runs_of_one_text(node):
            out[path or "$"] = "".join(r if isinstance(r, str) else r["text"] for r in node)
        elif isinstance(node, dict | list):
            if depth >= max_depth:
                out[path or "$"] = json.dumps(node, ensure_ascii=False, separators=(",", ":"))
                deep = True
                return
            items: Iterable[tuple[Any, Any]] = (
                node.items() if isinstance(node, dict) else enumerate(node)
            )
            if isinstance(node, dict) and _entities_repeat_text(node):
                items = [(k, v) for k, v in node.items() if k != "text_entities"]
            section = _section_title(node) if isinstance(node, dict) else None
            for key, child in items:
                if section is not None and key == "text":
                    key = section
                walk(child, f"{path}.{key}" if path else str(key), depth + 1)
        elif node is None:
            out[path or "$"] = None
        elif isinstance(node, bool):
            out[path or "$"] = "true" if node else "false"
        elif isinstance(node, str) and (inner := embedded(node)) is not None:
            walk(inner, path, depth + 1)
        else:
            out[path or "$"] = str(node)

    walk(value, "", 0)
    return out, deep


MAX_EMBEDDED = 1 << 20
"""Largest text read as the JSON document it holds (:func:`embedded`)."""


def embedded(text: str) -> dict[str, Any] | list[Any] | None:
    """The JSON object or array that a string value holds whole, else None: an API
    call's body saved as text (a Postman collection's ``request.body.raw``, a log record's
    payload), read as the values it holds, each under its path below the string's
    (``request.body.raw.patient.bsn``), not as free text where its keys label nothing. An
    empty one, or text that only looks like one, stays text."""
    if not text or text[0] not in _OPENS or len(text) > MAX_EMBEDDED:
        return None  # (most strings: one look at their first character)
    head = text.lstrip(_WS)[:1]
    if head not in ("{", "["):
        return None
    if text.rstrip(_WS)[-1:] != ("}" if head == "{" else "]"):
        return None
    try:
        inner = _decoder().decode(text)
    except (ValueError, RecursionError):
        return None
    return inner if isinstance(inner, dict | list) and inner else None


_SECTION_TITLE_CHARS = 60
_PATH_CHARS = frozenset(".[]\r\n")


def _section_title(node: dict[str, Any]) -> str | None:
    """The title that names a document section's text (an HL7 v3 CDA's or a FHIR
    Composition's ``section``: ``{"code": ..., "title": "Vraagstelling", "text": "verwijzing
    gynaecoloog; ..."}``): its text read under it, ``section.Vraagstelling``, as a form
    labels its field, not under the word ``text``. None where the section has no short,
    one-line title of words other than its keys' (``text`` or ``title``)."""
    title, text = node.get("title"), node.get("text")
    if not isinstance(title, str) or text is None or isinstance(text, bool):
        return None
    title = title.strip()
    if not title or len(title) > _SECTION_TITLE_CHARS or title in node:
        return None
    return None if any(c in _PATH_CHARS for c in title) else title


def _date_triple(node: list[Any]) -> str | None:
    """``YYYY-MM-DD`` of a date written as its year, month and day in a list (Java's
    ``LocalDate`` as Jackson writes it by default: ``"geboortedatum": [1996,3,11]``), else
    None: three whole numbers, a year of 1900 to 2099 first, that make a date."""
    if len(node) != 3 or not all(isinstance(x, str | int) and str(x).isdigit() for x in node):
        return None  # (numbers keep their source text: parse_int=str)
    year, month, day = (int(x) for x in node)
    if not 1900 <= year <= 2099:
        return None
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _as_date(node: Any) -> str | None:
    """A date written as a list or an object of its parts (:func:`_date_triple`,
    :func:`_date_parts`), else None."""
    if isinstance(node, list):
        return _date_triple(node)
    return _date_parts(node) if isinstance(node, dict) else None


_DATE_KEYS = ({"year", "month", "day"}, {"jaar", "maand", "dag"})


def _date_parts(node: dict[str, Any]) -> str | None:
    """``YYYY-MM-DD`` of a date written as an object of its year, month and day and nothing
    else (a protobuf's ``google.type.Date`` in JSON: ``{"year": 1989, "month": 5, "day":
    29}``; ``jaar``, ``maand``, ``dag``), else None (as :func:`_date_triple`)."""
    keys = set(node)
    for names in _DATE_KEYS:
        if keys == names:
            return _date_triple([node[k] for k in sorted(names, key=_DATE_ORDER.index)])
    return None


_DATE_ORDER = ("year", "jaar", "month", "maand", "day", "dag")


def _lines_of_one_text(node: list[Any]) -> bool:
    """Whether ``node`` is one text written as a list of its lines, each but the last
    ending in a line break (a Jupyter notebook's ``source`` and its outputs' ``text/plain``:
    a printed table's header and rows, read together)."""
    return (
        len(node) >= 2
        and all(isinstance(line, str) for line in node)
        and all(line.endswith("\n") for line in node[:-1])
    )


_EXTENDED_SCALARS = frozenset(
    {"$oid", "$numberLong", "$numberInt", "$numberDouble", "$numberDecimal", "$symbol"}
)


def _extended(node: dict[str, Any]) -> str | None:
    """The value a MongoDB extended JSON wrapper holds (``mongoexport``'s ``{"$numberLong":
    "517877235"}``, ``{"$oid": ...}``; a ``$date`` as its ISO instant, also where it is
    written in milliseconds since 1970: ``{"$date": {"$numberLong": "-96768000000"}}``, a
    birth date of 1966), else None."""
    ((key, value),) = node.items()
    if key in _EXTENDED_SCALARS and isinstance(value, str | int | float):
        return str(value)
    if key != "$date":
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and len(value) == 1:
        value = _extended(value)
    try:
        millis = int(value) if isinstance(value, str | int) else None
    except ValueError:
        return None
    if millis is None:
        return None
    try:
        instant = _EPOCH + dt.timedelta(milliseconds=millis)
    except OverflowError:
        return None
    return instant.strftime("%Y-%m-%dT%H:%M:%S.") + f"{instant.microsecond // 1000:03d}Z"


_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


_TITLE_KEYS = ("title", "label")


def field_titles(value: Any) -> dict[str, str]:
    """The titles of a document's custom fields by their ids: a top-level list of field
    definitions, each with an ``id`` and a ``title`` or ``label`` (a help desk export's
    ``ticket_fields``: ``{"id": 360011204871, "title": "BSN cliënt"}``)."""
    out: dict[str, str] = {}
    if not isinstance(value, dict):
        return out
    for child in value.values():
        if not isinstance(child, list) or not child:
            continue
        titled: dict[str, str] = {}
        for item in child:
            if not isinstance(item, dict) or "id" not in item:
                break
            title = next((item[k] for k in _TITLE_KEYS if isinstance(item.get(k), str)), None)
            if title is None:
                break
            titled[str(item["id"])] = title
        else:
            out.update(titled)  # (every item a field's definition)
    return out


def _titled_fields(node: list[Any], titles: Mapping[str, str]) -> bool:
    """Whether ``node`` is a list of ``{id, value}`` fields whose ids ``titles`` all name
    (a ticket's ``custom_fields``)."""
    return bool(node) and all(
        isinstance(f, dict) and set(f) == {"id", "value"} and str(f["id"]) in titles for f in node
    )


def _entities_repeat_text(node: dict[str, Any]) -> bool:
    """Whether a message's ``text_entities`` repeat its ``text`` run by run (Telegram's
    export writes each message's text twice: read once, the person in it is once)."""
    entities, text = node.get("text_entities"), node.get("text")
    if not isinstance(entities, list) or not isinstance(text, str | list):
        return False
    if not all(isinstance(e, dict) and isinstance(e.get("text"), str) for e in entities):
        return False
    joined = (
        text
        if isinstance(text, str)
        else "".join(
            r if isinstance(r, str) else str(r.get("text", "")) if isinstance(r, dict) else ""
            for r in text
        )
    )
    return "".join(e["text"] for e in entities) == joined


def _runs_of_one_text(node: list[Any]) -> bool:
    """Whether ``node`` is one text written as its runs: plain strings and formatted runs
    (``{"type": "bold", "text": "Lieke Kok"}``, a link's or a mention's with their
    ``href`` or ``user_id``), as a chat app exports a message (Telegram's ``text`` and
    ``text_entities``): a name in bold and the BSN after it read as one message, not as
    values of paths ``text.1.text`` and ``text.4``."""
    if len(node) < 2:
        return False
    runs = 0
    for item in node:
        if isinstance(item, dict):
            if not isinstance(item.get("text"), str) or not isinstance(item.get("type"), str):
                return False
            if any(isinstance(v, dict | list) for v in item.values()):
                return False
            runs += 1
        elif not isinstance(item, str):
            return False
    return runs > 0


def _decoder() -> json.JSONDecoder:
    return json.JSONDecoder(parse_float=str, parse_int=str)


class JsonExtractor(Extractor):
    """JSON documents and JSON lines as tables of flattened records."""

    id: ClassVar[str] = "json"
    types: ClassVar[frozenset[str]] = frozenset({"json", "ndjson"})
    structured: ClassVar[bool] = True

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        with source.open() as fh:
            enc = detect_stream(fh)
            text = text_stream(fh, enc, newline="\n")
            head = text.read(_CHUNK)
            first = head.lstrip(_WS + "\ufeff")[:1]
        if not first:
            raise SkipFile("empty file")
        chunker = PeopleChunker(Location(source.path), config.max_table_rows_per_unit)
        if source.detected_type == "ndjson":
            reader: Iterator[Extracted] = _lines(source, config, chunker)
        elif first == "[":
            reader = _array(source, config, chunker)
        else:
            reader = _document(source, config, chunker)
        yield from reader
        yield from chunker.flush()


def record_rows(
    chunker: PeopleChunker,
    path: str,
    row: int,
    value: Any,
    titles: Mapping[str, str] | None = None,
) -> Iterator[Extracted]:
    """Record ``row`` of a parsed value, flattened, to ``chunker`` (a :class:`Note` where
    it is nested too deeply); ``titles`` as :func:`flatten` takes them."""
    record, deep = flatten(value, titles=titles)
    if deep:
        where = Location(path, chunker.location.part, row=row)
        yield Note(where, f"nested deeper than {MAX_DEPTH} levels: kept as text")
    yield from attached_files(record, row)
    yield from chunker.add(row, record)


class StreamBreak(ValueError):
    """A record stream's own account of where it broke (no value quoted in it)."""


def record_stream(
    path: str, records: Iterator[Any], config: Config, what: str
) -> Iterator[Extracted]:
    """Records a binary format decodes one at a time (BSON documents, Avro data), each
    made JSON's values (:func:`plain`) and flattened, ``row`` = its 1-based place. A
    decoding error stops the reading: an :class:`ExtractError` before the first record,
    else a :class:`Note` at the last, the records before it kept. Only the decoding is
    guarded (a library raises many kinds for bad bytes; its message may quote them, so
    only a :class:`StreamBreak`'s is kept); the flattening is not."""
    chunker = PeopleChunker(Location(path), config.max_table_rows_per_unit)
    row = 0
    while True:
        try:
            record = next(records)
        except StopIteration:
            break
        except Exception as exc:
            why = str(exc) if isinstance(exc, StreamBreak) else type(exc).__name__
            if not row:
                raise ExtractError(f"unreadable {what} ({why})") from None
            yield Note(Location(path, row=row), f"{what} reading stopped ({why})")
            break
        row += 1
        yield from record_rows(chunker, path, row, plain(record))
    yield from chunker.flush()


MIN_FILE_VALUE = 64
"""Shortest value looked at for a file in base64 (:func:`attached_files`)."""
_FILE_NAME = re.compile(r"[^\\/:*?\"<>|\r\n]{1,120}\.[A-Za-z0-9]{1,5}")


_HTML_TABLE = re.compile(r"(?i)<table\b[^>]*>\s*(?:<(?:tbody|thead)\b[^>]*>\s*)?<tr\b")
"""An HTML table's start in a value that is markup (a draw.io shape's label, a CMS page's
body in a JSON export)."""
_HTML_MARKUP = re.compile(
    r"(?i)<(?:!doctype[ ]html|html|head|body|p|div|span|b|strong|i|em|u|br|font|table|ul|ol"
    r"|h[1-6])\b"
)
"""A value that is HTML markup (an Outlook for Mac archive's ``OPFMessageCopyHTMLBody``, a
CMS page's body): read as its text, its tags dropped (a name in ``<b>`` stands after its
``Patiënt`` cue)."""
_TEXT_TABLE_ROW = re.compile(r"\n[ \t]*(?:\||!|\{\|)")
"""A line that opens as a row of a table typed as text: Markdown's and AsciiDoc's ``|``, a
MediaWiki table's ``{|``, ``|-``, ``| cell || cell`` and ``! header``."""
MIN_TABLE_LINES = 3
"""Fewest such lines in a value that make it a document of its own (a wiki page's text)."""


def attached_files(record: dict[str, str | None], row: int) -> Iterator[ChildFile]:
    """The files a record's values hold: an HTML fragment with a table in it (a draw.io
    shape's label ``<table><tr><th>Naam</th><th>Geb.</th>...``: read as HTML, its table
    under its header), named ``row2-@value.html``; a text with a table typed in it (a
    MediaWiki export's revision, a Markdown or AsciiDoc page in a CMS's JSON: its rows,
    :data:`_TEXT_TABLE_ROW`, read as a table under their header only in a text of their
    own), named ``row2-text.txt``; and the files they hold as base64 and
    nothing else
    (:func:`~breachscope.extract.embedded.file_in_value`: a UBL invoice's attached CSV, an
    HL7 CDA's PDF report, a FHIR ``Binary``), each a child file scanned as any other, its
    value then emptied in ``record`` (read as the file, not again as text). A child is
    named by a file's name beside it (``...Attachment.EmbeddedDocumentBinaryObject.@filename``),
    else by its path, after its record's row (``row3-specificatie.csv``)."""
    used: set[str] = set()
    for key, text in record.items():
        if text is not None and text[:1] == "<" and _HTML_TABLE.search(text):
            record[key] = None
            yield ChildFile(safe_name(f"row{row}-{key}.html", row, used), text.encode("utf-8"))
            continue
        if text is not None and text[:1] == "<" and _HTML_MARKUP.match(text) and "</" in text:
            record[key] = html_to_text(text)  # (a mail's HTML body: read as its reader sees it)
            continue
        if text is not None and len(_TEXT_TABLE_ROW.findall(text, 0, 1 << 16)) >= MIN_TABLE_LINES:
            record[key] = None
            name = key.removesuffix(".#text")  # (an XML element's text: named by the element)
            yield ChildFile(safe_name(f"row{row}-{name}.txt", row, used), text.encode("utf-8"))
            continue
        if text is None or len(text) < MIN_FILE_VALUE or " " in text[:MIN_FILE_VALUE]:
            continue
        data = file_in_value(text)
        if data is None:
            continue
        parent = key.rpartition(".")[0]
        name = next(
            (v for k, v in record.items() if v and k != key and k.rpartition(".")[0] == parent
             and _FILE_NAME.fullmatch(v)),
            key,
        )  # fmt: skip
        record[key] = None
        yield ChildFile(safe_name(f"row{row}-{name}", row, used), data)


def value_count(node: Any, depth: int) -> int:
    """How many values :func:`flatten` gives for ``node`` at ``depth``, counted without
    building their paths."""
    if isinstance(node, dict | list):
        if depth >= MAX_DEPTH:
            return 1
        return sum(
            value_count(c, depth + 1) for c in (node.values() if isinstance(node, dict) else node)
        )
    return 1


def wrapped_records(value: Any) -> str | None:
    """The key of the array of (two or more) objects that holds at least
    :data:`WRAPPED_SHARE` of the values of the object ``value``, or None (each value
    counted once)."""
    if not isinstance(value, dict):
        return None
    counts = {key: value_count(child, 1) for key, child in value.items()}
    total = sum(counts.values())
    best: tuple[int, str] | None = None
    for key, child in value.items():
        if isinstance(child, list) and len(child) >= 2 and all(isinstance(c, dict) for c in child):
            held = counts[key]
            if held >= WRAPPED_SHARE * total and (best is None or held > best[0]):
                best = (held, str(key))
    return None if best is None else best[1]


def records_of(value: Any) -> tuple[str, list[Any], dict[str, Any]] | None:
    """Where the document's records are: ``(path of the array, its elements, the other
    values as an object)``, or None for a document that is one record. The array is
    found as in a JSON document (:func:`wrapped_records`), in the document element
    or in the object that holds :data:`WRAPPED_SHARE` of its values, and so on
    down (wrapper elements)."""
    path: list[str] = []
    rest: dict[str, Any] = {}
    at = rest  # where this level's other values go in ``rest``
    node = value
    while isinstance(node, dict):
        key = wrapped_records(node)
        inner = key if key is not None else _holder(node)
        if inner is None:
            return None
        at.update((k, v) for k, v in node.items() if k != inner)
        path.append(inner)
        if key is not None:
            return ".".join(path), node[key], pruned(rest)
        at = at.setdefault(inner, {})
        node = node[inner]
    return None


def several_records(value: Any) -> tuple[list[tuple[str, list[Any]]], dict[str, Any]] | None:
    """The arrays of (two or more) objects of the object ``value`` that together, two or
    more of them, hold :data:`WRAPPED_SHARE` of its values where none does alone (a help
    desk's export: ``tickets`` and the ``users`` who asked them), each ``(key, its
    elements)``, and the other values; None otherwise. Each array is a part of records."""
    if not isinstance(value, dict):
        return None
    counts = {key: value_count(child, 1) for key, child in value.items()}
    arrays = [
        key
        for key, child in value.items()
        if isinstance(child, list) and len(child) >= 2 and all(isinstance(c, dict) for c in child)
    ]
    if len(arrays) < 2 or sum(counts[k] for k in arrays) < WRAPPED_SHARE * sum(counts.values()):
        return None
    rest = {k: v for k, v in value.items() if k not in arrays}
    return [(str(k), value[k]) for k in arrays], rest


def _holder(node: dict[str, Any]) -> str | None:
    """The key of the object that holds :data:`WRAPPED_SHARE` of ``node``'s values."""
    counts = {k: value_count(v, 1) for k, v in node.items()}
    total = sum(counts.values())
    for k, v in node.items():
        if isinstance(v, dict) and counts[k] >= WRAPPED_SHARE * total:
            return str(k)
    return None


def pruned(tree: dict[str, Any]) -> dict[str, Any]:
    """``tree`` without its empty objects (the wrappers the records were found in, that
    hold nothing else: an element's own value is never an empty object)."""
    out: dict[str, Any] = {}
    for k, v in tree.items():
        if isinstance(v, dict):
            v = pruned(v)
            if not v:
                continue
        out[k] = v
    return out


def _lines(source: Source, config: Config, chunker: PeopleChunker) -> Iterator[Extracted]:
    decoder = _decoder()
    good = bad = 0
    with source.open() as fh:
        enc = detect_stream(fh)
        lines = BoundedLines(text_stream(fh, enc, newline="\n"), config.max_text_unit_chars)
        while True:
            for line in lines:
                stripped = line.strip(_WS)
                if not stripped:
                    continue
                try:
                    value = decoder.decode(stripped)
                except (ValueError, RecursionError):
                    bad += 1
                    yield Note(Location(source.path, row=lines.count), "invalid JSON line")
                    continue
                good += 1
                yield from record_rows(chunker, source.path, lines.count, value)
            if not lines.interrupted:
                break
            yield Note(
                Location(source.path, row=lines.count),
                f"line longer than {config.max_text_unit_chars} characters skipped",
            )
    if not good:
        raise ExtractError(f"no valid JSON line ({bad} invalid)" if bad else "no JSON value")


def _document(source: Source, config: Config, chunker: PeopleChunker) -> Iterator[Extracted]:
    if source.size > config.batch_bytes:
        yield from _large_document(source, config, chunker)
        return
    with source.open() as fh:
        enc = detect_stream(fh)
        text = text_stream(fh, enc, newline="\n").read()
    try:
        value = _decoder().decode(text.strip(_WS))
    except RecursionError:
        raise ExtractError("JSON nested too deeply to parse") from None
    except ValueError as exc:
        if getattr(exc, "msg", "") == "Extra data":
            yield from _lines(source, config, chunker)
            return
        raise ExtractError(f"invalid JSON ({_where(exc)})") from None
    if is_notebook(value):
        yield from notebook_units(source.path, value, config.max_text_unit_chars)
        return
    yield from document_units(source.path, value, config, chunker)


def stream_units(
    path: str, values: list[Any], config: Config, stopped: str | None
) -> Iterator[Extracted]:
    """A binary format's values (CBOR's items, MessagePack's), made JSON's: one alone read
    as a document (:func:`document_units`), several a record each, ``row`` = its 1-based
    place; then the note ``stopped`` where the reading stopped early."""
    chunker = PeopleChunker(Location(path), config.max_table_rows_per_unit)
    if len(values) == 1:
        yield from document_units(path, plain(values[0]), config, chunker)
    else:
        for row, value in enumerate(values, 1):
            yield from record_rows(chunker, path, row, plain(value))
    yield from chunker.flush()
    if stopped is not None:
        yield Note(Location(path), stopped)


def document_units(
    path: str, value: Any, config: Config, chunker: PeopleChunker, prefix: str | None = None
) -> Iterator[Extracted]:
    """The records of one parsed document (a JSON document's, or a binary format's whose
    values :func:`plain` made JSON's): an array of records it wraps one per element in a
    part of their own (below ``prefix``: ``object-2/patienten``), its other values record
    1 (:func:`records_of`), else the document one record; flattened to ``chunker``."""
    found = records_of(value)
    if found is not None:
        part, items, rest = found
        arrays = [(part, items)]
    elif (several := several_records(value)) is not None:
        arrays, rest = several
    else:
        yield from record_rows(chunker, path, 1, value)
        return
    titles = field_titles(value)
    if rest:
        yield from record_rows(chunker, path, 1, rest, titles)
    for part, items in arrays:
        part = f"{prefix}/{part}" if prefix else part
        inner = PeopleChunker(Location(path, part), config.max_table_rows_per_unit)
        for row, item in enumerate(items, 1):
            yield from record_rows(inner, path, row, item, titles)
        yield from inner.flush()


_WHOLE = 1e15
"""Whole numbers a double holds exactly, read without their ``.0``."""


def plain(value: Any, depth: int = 0, naive_utc: bool = False) -> Any:
    """A value a binary format decoded (BSON, Avro, a property list) as JSON's values: a
    mapping's keys as text, a date and time as its ISO instant (``Z`` where it is UTC: a
    birth date stored as local midnight is then read as its day in the Netherlands), a
    date as its ISO date, bytes as their UTF-8 text (None where they are none; the JSON
    document they hold, parsed, where they hold one whole), any other
    value (an id, a decimal) as its text; nested no deeper than :data:`MAX_DEPTH` (deeper
    values as their text). With ``naive_utc``, a date and time without its zone is UTC's
    (a property list's)."""
    if isinstance(value, float) and value.is_integer() and abs(value) < _WHOLE:
        return int(value)  # (a number a script stored as a double: a BSN, a count)
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if depth >= MAX_DEPTH:
        return str(value)
    if isinstance(value, Mapping):
        return {str(k): plain(v, depth + 1, naive_utc) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v, depth + 1, naive_utc) for v in value]
    if isinstance(value, dt.datetime):
        if naive_utc and value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        if value.tzinfo is not None and value.utcoffset() == dt.timedelta(0):
            return value.replace(tzinfo=None).isoformat(timespec="milliseconds") + "Z"
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bytes | bytearray | memoryview):
        try:
            text = bytes(value).decode("utf-8")
        except UnicodeDecodeError:
            return None
        inner = embedded(text)  # (a JSON document stored as data: its records are seen)
        return text if inner is None else plain(inner, depth + 1, naive_utc)
    return str(value)


class _Reader:
    """A JSON text read piece by piece: values are decoded one at a time from a buffer
    of :data:`_CHUNK` characters refilled as needed, so a document is never held whole
    (a single value may hold up to ``limit`` characters)."""

    def __init__(self, text: TextIO, limit: int) -> None:
        self._text = text
        self._limit = limit
        self._decoder = _decoder()
        self.buf: str = text.read(_CHUNK).lstrip(_WS + "\ufeff")
        self.pos = 0
        self.eof = False

    def peek(self) -> str:
        """The next character that is not white space (``""`` at the end)."""
        while True:
            while self.pos < len(self.buf) and self.buf[self.pos] in _WS:
                self.pos += 1
            if self.pos < len(self.buf) or self.eof:
                return self.buf[self.pos : self.pos + 1]
            self.buf, self.pos = self._text.read(_CHUNK), 0
            self.eof = not self.buf

    def take(self, expected: str, what: str) -> None:
        """Step over ``expected`` (the next character that is not white space) in ``what``
        (value-free words for the messages: ``array``, ``object``)."""
        c = self.peek()
        if not c:
            raise ExtractError(f"truncated JSON {what}")
        if c != expected:
            raise ExtractError(f"invalid JSON {what} ({expected!r} expected)")
        self.pos += 1

    def value(self, what: str) -> Any:
        """The next JSON value, decoded."""
        if not self.peek():
            raise ExtractError(f"truncated JSON ({what} missing)")
        while True:
            try:
                value, end = self._decoder.raw_decode(self.buf, self.pos)
                complete = end < len(self.buf) or self.eof
            except RecursionError:
                raise ExtractError("JSON nested too deeply to parse") from None
            except ValueError as exc:
                if self.eof:
                    raise ExtractError(f"invalid JSON in {what} ({_where(exc)})") from None
                complete = False
            if complete:
                self.pos = end
                return value
            if len(self.buf) - self.pos > self._limit:
                raise ExtractError(f"JSON {what} longer than {self._limit} characters")
            more = self._text.read(_CHUNK)
            self.eof = not more
            self.buf, self.pos = self.buf[self.pos :] + more, 0

    def elements(self, what: str) -> Iterator[Any]:
        """The elements of the array that starts here, one at a time."""
        self.take("[", what)
        row = 0
        while True:
            c = self.peek()
            if c == "]":
                self.pos += 1
                return
            if row:
                self.take(",", what)
            row += 1
            yield self.value(f"array element {row}")


def _array(source: Source, config: Config, chunker: PeopleChunker) -> Iterator[Extracted]:
    with source.open() as fh:
        enc = detect_stream(fh)
        reader = _Reader(
            text_stream(fh, enc, newline="\n"), max(_CHUNK, config.max_text_unit_chars)
        )
        for row, value in enumerate(reader.elements("array"), 1):
            yield from record_rows(chunker, source.path, row, value)


def _large_document(source: Source, config: Config, chunker: PeopleChunker) -> Iterator[Extracted]:
    """A JSON object too large to read whole, read piece by piece: every array of
    objects in it, at any depth of objects, gives one record per element in the part
    named by its path (``part=data``, ``part=result.patients``), and the document's other
    values are record ``row`` = 1 (after them). Unlike a document read whole, a short
    array of objects beside the records is records too."""
    rest: dict[str, Any] = {}
    with source.open() as fh:
        enc = detect_stream(fh)
        reader = _Reader(
            text_stream(fh, enc, newline="\n"), max(_CHUNK, config.max_text_unit_chars)
        )
        yield from _object(reader, source.path, [], rest, config)
        if reader.peek():
            raise ExtractError("invalid JSON document (data after its object)")
    rest = pruned(rest)
    if rest:
        yield from record_rows(chunker, source.path, 1, rest)


def _object(
    reader: _Reader, path: str, at: list[str], rest: dict[str, Any], config: Config
) -> Iterator[Extracted]:
    """The object that starts here (at key path ``at``): its objects read in turn, its
    arrays of objects as records (:func:`_large_document`), its other values into
    ``rest``."""
    reader.take("{", "object")
    first = True
    while True:
        if reader.peek() == "}":
            reader.pos += 1
            return
        if not first:
            reader.take(",", "object")
        first = False
        key = reader.value("object key")
        if not isinstance(key, str):
            raise ExtractError("invalid JSON object (a key that is no string)")
        reader.take(":", "object")
        here = [*at, key]
        c = reader.peek()
        if c == "{" and len(here) < MAX_DEPTH:
            yield from _object(reader, path, here, rest.setdefault(key, {}), config)
        elif c == "[":
            inner = PeopleChunker(Location(path, ".".join(here)), config.max_table_rows_per_unit)
            kept: list[Any] = []
            for row, item in enumerate(reader.elements("array"), 1):
                if isinstance(item, dict):
                    yield from record_rows(inner, path, row, item)
                else:
                    kept.append(item)
            yield from inner.flush()
            if kept:
                rest[key] = kept
        else:
            rest[key] = reader.value("object value")


def _where(exc: ValueError) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return f"line {exc.lineno} column {exc.colno}: {exc.msg}"
    return type(exc).__name__
