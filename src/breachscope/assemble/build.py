"""Turn the findings of one person mention into one mentions-table row.

Findings arrive with a data class and a detector-specific ``kind``; :func:`role_of` maps the
kinds we know to the mention column they fill. A single-valued column takes the most
confident value (ties: the first in the source); every other value is kept under
``values`` ('all values seen').
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from breachscope.assemble import values as norm
from breachscope.assemble.names import ParsedName, combine
from breachscope.vocabulary import DATA_CLASSES

NAME_ROLES: dict[str, str] = {
    "full_name": "full_name", "name": "full_name", "person_name": "full_name",
    "surname": "surname", "family_name": "surname", "last_name": "surname",
    "achternaam": "surname", "prefix": "prefix", "tussenvoegsel": "prefix",
    "surname_prefix": "prefix", "given_names": "given_names", "given_name": "given_names",
    "first_name": "given_names", "first_names": "given_names", "voornaam": "given_names",
    "voornamen": "given_names", "initials": "initials", "voorletters": "initials",
    "birth_surname": "birth_surname", "geboortenaam": "birth_surname",
    "partner_surname": "partner_surname", "partnernaam": "partner_surname",
}  # fmt: skip
ADDRESS_ROLES: dict[str, str] = {
    "street": "street", "straat": "street", "street_name": "street", "straatnaam": "street",
    "house_number": "house_number", "huisnummer": "house_number", "house": "house_number",
    "house_suffix": "house_suffix", "toevoeging": "house_suffix", "postcode": "postcode",
    "zip": "postcode", "postal_code": "postcode", "city": "city", "woonplaats": "city",
    "place": "city", "town": "city", "plaats": "city", "address": "address_line",
    "address_line": "address_line", "adres": "address_line",
}  # fmt: skip
PROVIDER_ROLES: dict[str, str] = {
    "provider_agb": "provider_agb", "agb": "provider_agb", "agb_code": "provider_agb",
    "provider_name": "provider_name", "provider": "provider_name", "gp": "provider_name",
    "gp_name": "provider_name", "huisarts": "provider_name", "practice": "provider_name",
    "provider_surname": "provider_surname", "provider_initials": "provider_initials",
    "provider_prefix": "provider_prefix",
}  # fmt: skip

SINGLE_CLASSES: dict[str, str] = {
    "date_of_birth": "date_of_birth", "bsn": "bsn", "phone": "phone", "email": "email",
    "iban": "iban",
}  # fmt: skip

IDENTIFYING_ROLES: frozenset[str] = frozenset(
    {"full_name", "surname", "given_names", "birth_surname", "partner_surname", "email"}
)  # fmt: skip
"""A mention needs a name, an e-mail address or a valid BSN to stand for a person. A phone
number, IBAN, date of birth or address alone does not: in a dump such values are as often
a company's, a lab number read as a phone number, or a household's."""

_ADDRESS_LINE = re.compile(
    r"^(?P<street>\D+?)\s+(?P<num>\d+\s?[A-Za-z]?(?:[-/]\w+)?)\s*,?\s*"
    r"(?:(?P<pc>[1-9]\d{3}\s?[A-Za-z]{2})\s*,?\s*)?(?P<city>\D*)$"
)


@dataclass(frozen=True, slots=True)
class Piece:
    """One finding on its way into a mention."""

    data_class: str
    kind: str
    detector: str
    value: str
    location: str
    confidence: float
    start: int = 0
    end: int = 0
    role: str = field(init=False, compare=False)
    """The mention column it fills (:func:`role_of`)."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "role", role_of(self.data_class, self.kind))


@lru_cache(maxsize=1 << 10)
def role_of(data_class: str, kind: str) -> str:
    """The mention column a finding fills, or its data class when it fills none."""
    k = kind.lower()
    if data_class == "name":
        return NAME_ROLES.get(k, "full_name")
    if data_class == "address":
        return ADDRESS_ROLES.get(k, "address_line")
    if data_class == "provider" or k.startswith("provider"):
        return PROVIDER_ROLES.get(k, "provider_other")
    return SINGLE_CLASSES.get(data_class, data_class)


def mention_id(record: str, anchor: str | None) -> str:
    """Stable id of a mention: a hash of its record locator and anchor (no values)."""
    key = record if anchor is None else f"{record}\x1f{anchor}"
    return "M" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def is_identifying(pieces: Iterable[Piece]) -> bool:
    return any(
        p.role in IDENTIFYING_ROLES or (p.role == "bsn" and norm.bsn(p.value)[1]) for p in pieces
    )


def _best(pieces: list[Piece], names: tuple[int, int] | None = None) -> list[Piece]:
    """Most confident first; in free text, ties go to the value nearest after the name
    (``names`` = first start and last end of the name findings), else source order."""
    if names is None:
        return sorted(pieces, key=lambda p: -p.confidence)
    first, last = names

    def distance(p: Piece) -> int:
        return p.start - last if p.start >= last else 2 * (first - p.end) + 1

    return sorted(pieces, key=lambda p: (-p.confidence, abs(distance(p))))


def _first(values: list[tuple[str | None, str]]) -> str | None:
    for v, _ in values:
        if v:
            return v
    return None


def build_mention(
    record: str, path: str, source: str, anchor: str | None, pieces: list[Piece]
) -> dict[str, Any]:
    """Build one mentions-table row (see :data:`~breachscope.assemble.schema.MENTIONS_SCHEMA`)."""
    by_role: dict[str, list[Piece]] = {}
    for p in pieces:
        by_role.setdefault(p.role, []).append(p)
    row: dict[str, Any] = {
        "mention_id": mention_id(record, anchor),
        "record": record,
        "path": path,
        "source": source,
        "anchor": anchor,
        "person_id": None,
    }
    seen: list[dict[str, str]] = []

    name_pieces = [p for r in _NAME_ROLES for p in by_role.get(r, ())]
    names = (
        (min(p.start for p in name_pieces), max(p.end for p in name_pieces))
        if source == "text" and name_pieces
        else None
    )

    def pick(role: str, fn: Any) -> str | None:
        got = by_role.get(role)
        if not got:
            return None
        if len(got) == 1:
            return fn(got[0].value)  # type: ignore[no-any-return]
        cands = [(fn(p.value), p.value) for p in _best(got, names)]
        chosen = _first(cands)
        for v, _raw in cands:
            if v and v != chosen:
                seen.append({"kind": role, "value": v})
        return chosen

    name = _name(by_role, seen) if by_role.keys() & _NAME_ROLES else ParsedName()
    row.update(
        given_names=name.given_names,
        initials=name.initials,
        surname=name.surname,
        birth_surname=name.birth_surname,
        partner_surname=name.partner_surname,
    )
    row["date_of_birth"] = pick("date_of_birth", norm.birth_date)
    bsn_cands = (
        [norm.bsn(p.value) for p in _best(by_role.get("bsn", []), names)]
        if "bsn" in by_role
        else []
    )
    valid = [b for b, ok in bsn_cands if b and ok]
    bsn = valid[0] if valid else next((b for b, _ in bsn_cands if b), None)
    seen.extend({"kind": "bsn", "value": b} for b, _ in bsn_cands if b and b != bsn)
    row["bsn"], row["bsn_valid"] = bsn, bool(valid)
    row.update(_address(by_role, pick, seen))
    row["phone"] = pick("phone", norm.phone)
    row["email"] = pick("email", norm.email)
    row["iban"] = pick("iban", _iban)
    row["provider_agb"] = pick("provider_agb", _agb)
    row["provider_name"] = pick("provider_name", norm.text) or _provider_from_parts(by_role)
    classes = {p.data_class for p in pieces}
    row["data_classes"] = [c for c in DATA_CLASSES if c in classes]
    unique_seen = {(s["kind"], s["value"]) for s in seen}
    row["other_values"] = [{"kind": k, "value": v} for k, v in sorted(unique_seen)]
    row["evidence"] = [
        {"data_class": p.data_class, "kind": p.kind, "detector": p.detector,
         "location": p.location}
        for p in sorted(pieces, key=lambda p: (p.start, p.location))
    ]  # fmt: skip
    return row


_NAME_ROLES = frozenset(NAME_ROLES.values())


def _provider_from_parts(by_role: dict[str, list[Piece]]) -> str | None:
    """``G.M.`` + ``de`` + ``Rooij`` in separate columns -> ``G.M. de Rooij``."""
    got = {r: _best(by_role[r])[0].value for r in ("provider_initials", "provider_prefix",
           "provider_surname") if r in by_role}  # fmt: skip
    if "provider_surname" not in got:
        return None
    p = combine(surname=got["provider_surname"], prefix=got.get("provider_prefix"),
                initials=got.get("provider_initials"))  # fmt: skip
    return norm.text(f"{p.initials or ''} {p.surname or ''}")


def _iban(value: str) -> str | None:
    return norm.text(value.replace(" ", "").upper())


def _agb(value: str) -> str | None:
    digits = re.sub(r"\D", "", value)
    return digits.zfill(8) if digits else None


def _name(by_role: dict[str, list[Piece]], seen: list[dict[str, str]]) -> ParsedName:
    def one(role: str) -> str | None:
        got = by_role.get(role)
        if not got:
            return None
        if len(got) == 1:
            return got[0].value
        got = _best(got)
        for extra in got[1:]:
            if extra.value != got[0].value:
                seen.append({"kind": role, "value": extra.value})
        return got[0].value if got else None

    return combine(
        full_name=one("full_name"),
        surname=one("surname"),
        prefix=one("prefix"),
        given_names=one("given_names"),
        initials=one("initials"),
        birth_surname=one("birth_surname"),
        partner_surname=one("partner_surname"),
    )


def _address(
    by_role: dict[str, list[Piece]], pick: Any, seen: list[dict[str, str]]
) -> dict[str, str | None]:
    out = {
        "street": pick("street", norm.text),
        "house_number": pick("house_number", norm.house_number),
        "postcode": pick("postcode", norm.postcode),
        "city": pick("city", norm.text),
    }
    suffix = pick("house_suffix", norm.text)
    if suffix and out["house_number"] and not out["house_number"].endswith(suffix):
        out["house_number"] = norm.house_number(f"{out['house_number']}{suffix}")
    for p in _best(by_role.get("address_line", [])):
        m = _ADDRESS_LINE.match(p.value.strip())
        if not m:
            seen.append({"kind": "address_line", "value": p.value})
            continue
        parsed = {
            "street": norm.text(m["street"].strip(" ,")),
            "house_number": norm.house_number(m["num"]),
            "postcode": norm.postcode(m["pc"]) if m["pc"] else None,
            "city": norm.text(m["city"].strip(" ,")) if m["city"] else None,
        }
        for key, value in parsed.items():
            if value and not out[key]:
                out[key] = value
            elif value and value != out[key]:
                seen.append({"kind": key, "value": value})
    return out
