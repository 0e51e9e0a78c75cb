"""LDIF (RFC 2849: a directory's export, ``ldapsearch`` or Active Directory's ``ldifde``:
staff accounts, a patient portal's accounts): one row per entry, ``row`` = the line of
its ``dn:``.

An entry's attributes become columns, the common ones named as a Dutch export would
name them so that their values are classified as any table's are: ``naam`` (``cn``,
``displayName``), ``achternaam`` (``sn``), ``voornaam`` (``givenName``),
``voorletters`` (``initials``), ``e-mail`` (``mail``), ``telefoon``
(``telephoneNumber``, ``homePhone``), ``mobiel`` (``mobile``), ``adres``
(``postalAddress``, ``homePostalAddress``, ``street``; the ``$`` between its lines read
as a comma), ``postcode`` (``postalCode``), ``woonplaats`` (``l``), ``functie``
(``title``), ``afdeling`` (``ou``, ``department``), ``organisatie`` (``o``,
``company``), ``omschrijving`` (``description``), ``geboortedatum`` (``birthDate``);
another attribute keeps its own name (``nlBSN``). An attribute an entry holds more than
once gives as many columns (``telefoon (2)``).

Folded lines are unfolded and comments dropped; a value in base64 (``cn::``) is decoded
where it is UTF-8 text, and left out where it is binary (a photo, a certificate, a SID);
a value by reference (``jpegPhoto:< file:///...``) is never fetched, and left out. Left
out too: ``objectClass``, passwords (``userPassword``, ``unicodePwd``) and a change
record's operations (``changetype``, ``add:``, ``replace:``, ``delete:``).
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterator
from typing import ClassVar

from breachscope.config import Config
from breachscope.extract.base import Extracted, ExtractError, Extractor, Source
from breachscope.extract.contentlines import known_first, logical_lines, property_rows
from breachscope.extract.encoding import decode_bytes
from breachscope.location import Location

_COLUMNS: dict[str, str] = {
    "cn": "naam",
    "commonname": "naam",
    "displayname": "naam",
    "sn": "achternaam",
    "surname": "achternaam",
    "givenname": "voornaam",
    "gn": "voornaam",
    "initials": "voorletters",
    "mail": "e-mail",
    "rfc822mailbox": "e-mail",
    "telephonenumber": "telefoon",
    "homephone": "telefoon",
    "mobile": "mobiel",
    "postaladdress": "adres",
    "homepostaladdress": "adres",
    "street": "adres",
    "streetaddress": "adres",
    "postalcode": "postcode",
    "l": "woonplaats",
    "title": "functie",
    "ou": "afdeling",
    "department": "afdeling",
    "o": "organisatie",
    "company": "organisatie",
    "description": "omschrijving",
    "birthdate": "geboortedatum",
    "dateofbirth": "geboortedatum",
}
_ORDER = ("naam", "achternaam", "voornaam", "voorletters", "adres", "postcode", "woonplaats",
          "telefoon", "mobiel", "e-mail", "geboortedatum", "functie", "afdeling",
          "organisatie", "omschrijving")  # fmt: skip
_LEFT_OUT = frozenset(
    {"objectclass", "userpassword", "unicodepwd", "changetype", "add", "replace", "delete",
     "increment", "control", "version", "dn"}
)  # fmt: skip
_LINE = re.compile(r"(?P<name>[A-Za-z][\w.-]*)(?:;[^:]*)?(?P<kind>::|:<|:)[ ]*(?P<value>.*)")


def _value(kind: str, value: str) -> str | None:
    """The text of an attribute's value: base64 decoded (None where it is binary), a
    reference to elsewhere left out."""
    if kind == ":<":
        return None
    if kind == "::":
        try:
            raw = base64.b64decode(value.strip(), validate=True)
            text = raw.decode("utf-8")
        except (ValueError, UnicodeDecodeError):  # (binascii.Error, non-ASCII input)
            return None
        if any(c < " " and c not in "\t\r\n" for c in text):
            return None
        value = text
    return value.replace("$", ", ").strip() or None


def entries(text: str) -> Iterator[tuple[int, dict[str, list[str]], dict[str, None]]]:
    """``(line of dn:, {column: values}, columns in the order first seen)`` of every
    entry in ``text``."""
    start = 0
    entry: dict[str, list[str]] | None = None
    seen: dict[str, None] = {}
    for number, line in logical_lines(text):
        if line.startswith("#"):
            continue
        if not line.strip():
            if entry is not None:
                yield start, entry, seen
            entry = None
            continue
        m = _LINE.match(line)
        if m is None:
            continue
        name = m["name"].lower()
        if name == "dn":
            if entry is not None:
                yield start, entry, seen
            start, entry = number, {}
            continue
        if entry is None or name in _LEFT_OUT:
            continue
        value = _value(m["kind"], m["value"])
        if value is None:
            continue
        column = _COLUMNS.get(name, m["name"])
        seen.setdefault(column, None)
        entry.setdefault(column, []).append(value)
    if entry is not None:
        yield start, entry, seen


class LdifExtractor(Extractor):
    """LDIF files: one table row per directory entry."""

    id: ClassVar[str] = "ldif"
    types: ClassVar[frozenset[str]] = frozenset({"ldif"})
    structured: ClassVar[bool] = True

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        text = decode_bytes(source.read_document(config.batch_bytes, "LDIF file"))
        found: list[tuple[int, dict[str, list[str]]]] = []
        columns: dict[str, None] = {}
        for number, entry, seen in entries(text):
            columns.update(seen)
            if entry:
                found.append((number, entry))
        if not found:
            if re.search(r"^dn::?", text, re.MULTILINE | re.IGNORECASE):
                return  # (entries with no attribute of a person: nothing in them)
            raise ExtractError("no LDIF entry (dn:) in the file")
        order = known_first(_ORDER, columns)
        yield from property_rows(
            Location(source.path), order, found, config.max_table_rows_per_unit
        )
