"""ASTM E1394 (LIS2-A2) records inside a text, read as records: an instrument's messages to
the lab's information system, as a middleware's trace logs them (``<STX>2P|1||C24-10325|
872179941|Jansen^Petra||19600419|F||Lindenlaan 210^Oldenzaal^^7577BX...<CR><ETX>92``).

Read as prose, a patient record gives almost nothing: no label stands beside its BSN or
its birth date. Here, in a text that holds a header record (``H|\\^&``: its delimiters),
each patient record (``P``) and the records after it up to the next patient, header or
terminator (her orders ``O``, results ``R`` and comments ``C``) become a row of a
:class:`~breachscope.extract.units.TableUnit` of the text's part, ``row`` = the line of
the part on which her ``P`` record stands. Its columns are named by the record's type and
field number, and by what the standard says the field holds, in the words a Dutch export
would use so that the columns are read as any table's (``P-6 naam``, ``P-8
geboortedatum``, ``P-11 adres``, ``P-14 huisarts``, ``R-4 uitslag``; a component
``P-6.1 achternaam``; a second result ``R[2]-4 uitslag``); other fields by their number
alone. A record is found on a line after any prefix (a log's time and port), after a
frame's ``<STX>`` (or the byte) and its frame number, and ends at the frame's ``<CR>``,
``<ETX>``, ``<ETB>`` (or those bytes) or the line's end. The records are then blanked in
the text (spaces; offsets and lines stay), which is read as free text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from breachscope.detect.textmessages import breaks
from breachscope.detect.texttables import blanked
from breachscope.extract.chunking import RecordChunker
from breachscope.extract.units import TableUnit, TextUnit

MAX_ROWS = 4096
"""Patients per table unit."""
_HEADER = re.compile(r"(?<![A-Za-z|])H\|\\\^&")
"""A header record with the standard delimiters (field ``|``, repeat ``\\``, component
``^``, escape ``&``)."""
_RECORD = re.compile(
    r"(?:<STX>|\x02)?[0-7]?(?<![A-Za-z|])(?P<rec>[HPOCRL]\|[^\r\n\x02\x03\x17]*?)"
    r"(?=<CR>|<ETX>|<ETB>|[\r\n\x03\x17]|\Z)"
)
"""A record on a line (see the module's text)."""
_NAMES: dict[str, str] = {
    "P-3": "patiëntnummer praktijk", "P-4": "patiëntnummer lab",
    "P-5": "id 3 (bsn)",  # (the standard's example: a social security number)
    "P-6": "naam", "P-6.1": "achternaam", "P-6.2": "voornaam", "P-6.3": "voorletters",
    "P-7": "meisjesnaam", "P-8": "geboortedatum", "P-9": "geslacht", "P-11": "adres",
    "P-11.1": "straat", "P-11.2": "woonplaats", "P-11.4": "postcode", "P-13": "telefoon",
    "P-14": "huisarts", "P-14.1": "huisarts agb", "P-14.2": "huisarts", "P-19": "diagnose",
    "P-20": "medicatie", "O-3": "monsternummer", "O-4": "monsternummer instrument",
    "O-4.1": "monsternummer instrument", "O-5": "test", "R-3": "test",
    "R-4": "uitslag", "C-4": "opmerking",
}  # fmt: skip
"""What a field holds, as a Dutch export would name its column."""
_PATIENT_TYPES = frozenset("OCR")
"""Records that belong to the patient above them."""


def has_records(text: str) -> bool:
    """Whether ``text`` may hold ASTM records (substring tests, C-speed)."""
    return "H|\\^&" in text and "P|" in text


def _column(key: str) -> str:
    """A field's column: its key, and what it holds where the standard says
    (``P-8 geboortedatum``; ``R[2]-4 uitslag``)."""
    plain = re.sub(r"\[\d+\]", "", key)
    name = _NAMES.get(plain)
    return f"{key} {name}" if name else key


_NAME_FIELDS = frozenset({"P-6", "P-7"})
"""A person's name, ``Achternaam^Voornaam^Tussen^Achtervoegsel^Titel``."""


def _whole(raw: str, name: bool) -> str:
    """A field's value whole: its components apart by spaces, a name's family name first
    and a comma after it (``van Leeuwen-de Graaf, Noëlle``)."""
    parts = [p.strip() for p in raw.split("^")]
    if name and len(parts) > 1 and parts[0]:
        rest = " ".join(p for p in parts[1:] if p)
        return f"{parts[0]}, {rest}" if rest else parts[0]
    return " ".join(p for p in parts if p)


def _fields(record: str, name: str, out: dict[str, str | None]) -> None:
    """A record's fields under ``{name}-{number}`` (the record's type its field 1, as the
    standard counts them) and their components under
    ``{name}-{number}.{component}``, a repeated field's first repetition."""
    for number, raw in enumerate(record.split("|")[1:], start=2):
        first = raw.split("\\", 1)[0] if raw and "\\" in raw and name != "H" else raw
        if not first.strip("^ "):
            continue
        key = f"{name}-{number}"
        out[_column(key)] = _whole(first, key in _NAME_FIELDS)
        if "^" in first:
            for comp_no, comp in enumerate(first.split("^"), start=1):
                if comp.strip():
                    out[_column(f"{name}-{number}.{comp_no}")] = comp.strip()


def _patients(text: str, start: int) -> Iterator[tuple[int, dict[str, str | None]]]:
    """``(where its P record starts, record)`` of each patient's group of records from
    ``start`` (a header record's) on."""
    current: dict[str, str | None] | None = None
    seen: dict[str, int] = {}
    first = 0
    for m in _RECORD.finditer(text, start):
        record = m["rec"]
        kind = record[0]
        if kind == "P":
            if current:
                yield first, current
            current, seen, first = {}, {}, m.start("rec")
            _fields(record, "P", current)
        elif kind in _PATIENT_TYPES and current is not None:
            seen[kind] = seen.get(kind, 0) + 1
            name = kind if seen[kind] == 1 else f"{kind}[{seen[kind]}]"
            _fields(record, name, current)
        elif kind in "HL" and current is not None:
            if current:
                yield first, current
            current = None
    if current:
        yield first, current


def astm_records(unit: TextUnit) -> tuple[TextUnit, list[TableUnit]]:
    """``unit`` with its ASTM records blanked, and their patients as rows of a table."""
    text = unit.text
    if not has_records(text):  # C-speed: most text holds none
        return unit, []
    header = _HEADER.search(text)
    if header is None:
        return unit, []
    rows = RecordChunker(unit.location, MAX_ROWS)
    tables: list[TableUnit] = []
    line, counted = unit.first_line, 0
    for start, record in _patients(text, header.start()):
        line += breaks(text, counted, start)
        counted = start
        tables.extend(rows.add(line, record))
    tables.extend(rows.flush())
    if not tables:
        return unit, []
    spans = [m.span("rec") for m in _RECORD.finditer(text, header.start())]
    return blanked(unit, spans), tables
