"""GEDCOM (a family tree: a clinical genetics referral's pedigree, a genealogy program's
export): one row per person (``INDI`` record), ``row`` = the line of its ``0 @I1@ INDI``.

A person's facts become columns named as a Dutch export would name them, so that their
values are classified as any table's are: ``naam`` (``NAME`` without the surname's
slashes: ``Marloes Johanna /Vermeulen-Oudejans/`` as ``Marloes Johanna
Vermeulen-Oudejans``), ``voornaam`` (``GIVN``), ``achternaam`` (``SURN``),
``tussenvoegsel`` (``SPFX``), ``geslacht`` (``SEX``), ``geboortedatum`` and
``geboorteplaats`` (``BIRT``'s ``DATE`` and ``PLAC``), ``overlijdensdatum`` and
``doodsoorzaak`` (``DEAT``'s ``DATE`` and ``CAUS``), ``adres``, ``postcode``,
``woonplaats`` (``ADDR`` with its ``ADR1``, ``POST``, ``CITY``), ``telefoon``
(``PHON``), ``e-mail`` (``EMAIL``), ``beroep`` (``OCCU``), ``notitie`` (``NOTE``),
and an identifier (``IDNO``, ``SSN``) under its ``TYPE`` (``BSN``) or as ``idno``. A
date of one day (``14 FEB 1970``) is written ``1970-02-14``; an approximate one (``ABT
1968``, ``BET 1940 AND 1945``) as written. Continued values (``CONT``, ``CONC``) are
joined. Families, sources and the submitter (the clinic that sent it) are no person's
row; a fact a person holds more than once gives as many columns (``telefoon (2)``). The
header's note (who sent the tree, for whom: ``aangeleverd door dr. I.M. Hellinga``) is
a text of its own (``part=note``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import ClassVar

from breachscope.config import Config
from breachscope.extract.base import Extracted, ExtractError, Extractor, Source
from breachscope.extract.chunking import cut_text
from breachscope.extract.contentlines import known_first, property_rows
from breachscope.extract.encoding import decode_bytes
from breachscope.location import Location

_LINE = re.compile(
    r"[ \t]*(?P<level>\d{1,2})[ \t]+(?:@[^@]+@[ \t]+)?(?P<tag>_?[A-Za-z0-9]+)"
    r"(?:[ \t](?P<value>.*))?"
)
"""``LEVEL [@XREF@] TAG [VALUE]``."""
_MONTHS = {m: i for i, m in enumerate(
    ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"), 1
)}  # fmt: skip
_DAY = re.compile(r"(\d{1,2})[ ]+([A-Za-z]{3})[ ]+(\d{4})")
_FACTS: dict[tuple[str, ...], str] = {
    ("NAME",): "naam",
    ("NAME", "GIVN"): "voornaam",
    ("NAME", "SURN"): "achternaam",
    ("NAME", "SPFX"): "tussenvoegsel",
    ("SEX",): "geslacht",
    ("BIRT", "DATE"): "geboortedatum",
    ("BIRT", "PLAC"): "geboorteplaats",
    ("DEAT", "DATE"): "overlijdensdatum",
    ("DEAT", "CAUS"): "doodsoorzaak",
    ("OCCU",): "beroep",
    ("NOTE",): "notitie",
}
_ADDRESS = {"ADDR": "adres", "ADR1": "adres", "ADR2": "adres", "POST": "postcode",
            "CITY": "woonplaats", "PHON": "telefoon", "EMAIL": "e-mail"}  # fmt: skip
_ORDER = ("naam", "voornaam", "tussenvoegsel", "achternaam", "geslacht", "geboortedatum",
          "geboorteplaats", "overlijdensdatum", "doodsoorzaak", "adres", "postcode",
          "woonplaats", "telefoon", "e-mail", "beroep", "notitie")  # fmt: skip


def _date(value: str) -> str:
    """A GEDCOM date of one day as ``YYYY-MM-DD``; any other as written."""
    m = _DAY.fullmatch(value.strip())
    month = _MONTHS.get(m[2].upper()) if m else None
    if m is None or month is None:
        return value.strip()
    return f"{m[3]}-{month:02d}-{int(m[1]):02d}"


def _column(path: tuple[str, ...]) -> str | None:
    """The column of the fact at ``path`` (the tags below the person's record)."""
    if path in _FACTS:
        return _FACTS[path]
    if path[-1] in _ADDRESS and path[0] in ("RESI", "ADDR", "PHON", "EMAIL"):
        return _ADDRESS[path[-1]]
    return None


def people(text: str) -> Iterator[tuple[int, dict[str, list[str]], list[str]]]:
    """``(line of the INDI record, {column: values}, columns in the order first seen)``
    of every person in ``text``."""
    start = 0
    person: dict[str, list[str]] | None = None
    order: list[str] = []
    tags: list[str] = []  # the tags above the current line, by level (the record's first)
    last: tuple[str, int] | None = None  # (column, index) of the value a CONT goes on
    pending_id: tuple[str, str] | None = None  # (tag, value) of an IDNO until its TYPE
    for number, line in enumerate(text.splitlines(), 1):
        m = _LINE.match(line)
        if m is None:
            continue
        level, tag, value = int(m["level"]), m["tag"].upper(), (m["value"] or "")
        if level == 0:
            if person is not None:
                _add(person, order, pending_id)
                yield start, person, order
            person, pending_id, last = None, None, None
            if tag == "INDI":
                start, person, order = number, {}, []
            tags = [tag]
            continue
        if person is None or level > len(tags):
            continue
        del tags[level:]
        if tag in ("CONT", "CONC"):
            if last is not None:
                column, index = last
                joiner = "\n" if tag == "CONT" else ""
                person[column][index] += joiner + value
            continue
        path = (*tags[1:], tag)
        tags.append(tag)
        if pending_id and level <= 1:
            _add(person, order, pending_id)
            pending_id = None
        if path[0] in ("IDNO", "SSN") and len(path) == 1:
            pending_id = (tag, value.strip()) if value.strip() else None
            continue
        if pending_id and path[-1] == "TYPE" and len(path) == 2:
            _add(person, order, (value.strip() or "idno", pending_id[1]))
            pending_id = None
            continue
        found = _column(path)
        if found is None or not value.strip():
            last = None
            continue
        column = found
        if column == "naam":
            value = " ".join(value.replace("/", " ").split())
        elif column in ("geboortedatum", "overlijdensdatum"):
            value = _date(value)
        person.setdefault(column, []).append(value.strip())
        _seen(order, column)
        last = (column, len(person[column]) - 1)
    if person is not None:
        _add(person, order, pending_id)
        yield start, person, order


def header_note(text: str) -> str:
    """The note of the file's header record (``0 HEAD`` / ``1 NOTE``, continued)."""
    lines: list[str] = []
    in_head = in_note = False
    for line in text.splitlines():
        m = _LINE.match(line)
        if m is None:
            continue
        level, tag, value = int(m["level"]), m["tag"].upper(), m["value"] or ""
        if level == 0:
            if in_head:
                break
            in_head = tag == "HEAD"
        elif in_head and level == 1:
            in_note = tag == "NOTE"
            if in_note:
                lines.append(value)
        elif in_note and level == 2 and tag in ("CONT", "CONC") and lines:
            lines[-1] += value if tag == "CONC" else ""
            if tag == "CONT":
                lines.append(value)
    return "\n".join(lines).strip()


def _add(person: dict[str, list[str]], order: list[str], fact: tuple[str, str] | None) -> None:
    """An identifier ``(type, value)`` as a value of the column its type names."""
    if fact is not None:
        column = fact[0].lower()
        person.setdefault(column, []).append(fact[1])
        _seen(order, column)


def _seen(order: list[str], column: str) -> None:
    if column not in order:
        order.append(column)


class GedcomExtractor(Extractor):
    """GEDCOM files: one table row per person."""

    id: ClassVar[str] = "gedcom"
    types: ClassVar[frozenset[str]] = frozenset({"gedcom"})
    structured: ClassVar[bool] = True

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        text = decode_bytes(source.read_document(config.batch_bytes, "GEDCOM file"))
        if note := header_note(text):
            yield from cut_text(
                Location(source.path, part="note"), note, config.max_text_unit_chars
            )
        found: list[tuple[int, dict[str, list[str]]]] = []
        columns: list[str] = []
        for number, person, order in people(text):
            for column in order:
                _seen(columns, column)
            if person:
                found.append((number, person))
        if not found:
            if re.search(r"^[ \t]*0[ \t]+HEAD\b", text, re.MULTILINE):
                return  # (a tree of no person)
            raise ExtractError("no GEDCOM record (0 HEAD) in the file")
        order = known_first(_ORDER, columns)
        yield from property_rows(
            Location(source.path), order, found, config.max_table_rows_per_unit
        )
