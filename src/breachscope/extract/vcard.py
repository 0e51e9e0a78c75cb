"""vCard (``.vcf``: contact cards, attached to e-mails or exported from an address book):
one row per card, ``row`` = the line of its ``BEGIN:VCARD``.

A card's properties become columns named as a Dutch export would name them, so that its
values are classified as any table's are: ``naam`` (``FN``), ``achternaam``,
``voornaam``, ``tussenvoegsel`` (the family, given and additional names of ``N``),
``adres`` (``ADR`` as ``Kerkstraat 12, 3581 AB Utrecht``), ``telefoon``, ``e-mail``,
``geboortedatum`` (``BDAY``), ``organisatie``, ``functie`` and ``notitie``. A property a
card holds more than once (two phone numbers) gives as many columns (``telefoon``,
``telefoon (2)``). Folded lines are unfolded, escapes (``\\,``, ``\\;``, ``\\n``) and
vCard 2.1's quoted-printable values decoded; other properties (photos, keys) are left out.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from breachscope.config import Config
from breachscope.extract.base import Extracted, ExtractError, Extractor, Source
from breachscope.extract.contentlines import (
    CONTENT_LINE,
    decoded_value,
    logical_lines,
    property_rows,
    split_escaped,
    unescape,
)
from breachscope.extract.encoding import decode_bytes
from breachscope.location import Location

_COLUMNS: dict[str, str] = {
    "FN": "naam",
    "BDAY": "geboortedatum",
    "TEL": "telefoon",
    "EMAIL": "e-mail",
    "ORG": "organisatie",
    "TITLE": "functie",
    "NOTE": "notitie",
}
_N_PARTS = ("achternaam", "voornaam", "tussenvoegsel")
"""The family, given and additional names of ``N`` (honorific prefixes and suffixes are
left out)."""
_ORDER = ("naam", *_N_PARTS, "adres", "telefoon", "e-mail", "geboortedatum",
          "organisatie", "functie", "notitie")  # fmt: skip


def _address(value: str) -> str | None:
    """``ADR`` (post box; extended; street; locality; region; postcode; country) as a
    Dutch address line: ``Kerkstraat 12, 3581 AB Utrecht``."""
    parts = [*split_escaped(value, ";"), "", "", "", "", "", "", ""][:7]
    _box, extended, street, city, _region, postcode, _country = (p.strip() for p in parts)
    line = " ".join(p for p in (street, extended) if p)
    place = " ".join(p for p in (postcode, city) if p)
    return ", ".join(p for p in (line, place) if p) or None


def cards(text: str) -> Iterator[tuple[int, dict[str, list[str]]]]:
    """``(line of BEGIN:VCARD, {column: values})`` of every card in ``text``."""
    start = 0
    card: dict[str, list[str]] | None = None
    for number, line in logical_lines(text):
        m = CONTENT_LINE.match(line)
        if m is None:
            continue
        name = m["name"].upper()
        if name == "BEGIN" and m["value"].strip().upper() == "VCARD":
            start, card = number, {}
            continue
        if card is None:
            continue
        if name == "END":
            yield start, card
            card = None
            continue
        value = decoded_value(m["value"], m["params"])
        if name == "N":
            for column, part in zip(_N_PARTS, split_escaped(value, ";"), strict=False):
                if part.strip():
                    card.setdefault(column, []).append(part.strip())
        elif name == "ADR":
            address = _address(value)
            if address:
                card.setdefault("adres", []).append(address)
        elif name in _COLUMNS and (text_value := unescape(value).strip()):
            card.setdefault(_COLUMNS[name], []).append(text_value)
    if card is not None:
        yield start, card  # (a card cut short)


class VcardExtractor(Extractor):
    """vCard files: one table row per card."""

    id: ClassVar[str] = "vcard"
    types: ClassVar[frozenset[str]] = frozenset({"vcard"})
    structured: ClassVar[bool] = True

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        text = decode_bytes(source.read_document(config.batch_bytes, "vCard file"))
        found = list(cards(text))
        if not found:
            raise ExtractError("no vCard in the file")
        yield from property_rows(
            Location(source.path), _ORDER, found, config.max_table_rows_per_unit
        )
