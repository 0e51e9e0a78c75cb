"""Building truth mentions from what a writer actually wrote.

``exposed(record, written, health=...)`` maps the :class:`Rendered` fields a writer put in
a location to the data classes of ``breachscope.vocabulary`` (empty values never count):

* ``name``: ``name``, ``surname`` or ``given``;
* ``address``: ``street`` together with ``house``, or ``postcode``;
* ``provider``: ``gp_name`` or ``gp_agb``;
* ``date_of_birth``, ``bsn``, ``phone``, ``email``, ``iban``: the field of that name;
* ``health``: passed by the writer (it wrote a test type with a result).

``under_member(name, written)`` re-emits a container member's mentions with ``member``
prefixed by ``name`` (nested members joined with ``!/``).
"""

from __future__ import annotations

from collections.abc import Iterable

from breachscope.location import ARCHIVE_SEP
from breachscope.synth.model import Rendered
from breachscope.synth.writer import TruthMention, WrittenFile
from breachscope.vocabulary import DataClass

FIELDS = frozenset(
    {
        "name",
        "surname",
        "prefix",
        "given",
        "date_of_birth",
        "bsn",
        "street",
        "house",
        "postcode",
        "city",
        "phone",
        "email",
        "gp_name",
        "gp_agb",
        "iban",
    }
)
"""The string fields of :class:`Rendered` a writer can report as written."""

_DIRECT = {
    "date_of_birth": DataClass.DATE_OF_BIRTH,
    "bsn": DataClass.BSN,
    "phone": DataClass.PHONE,
    "email": DataClass.EMAIL,
    "iban": DataClass.IBAN,
}


def exposed(record: Rendered, written: Iterable[str], *, health: bool = False) -> frozenset[str]:
    """Data classes exposed by writing the fields ``written`` of ``record``."""
    names = set(written)
    unknown = names - FIELDS
    if unknown:
        raise ValueError(f"unknown Rendered fields: {sorted(unknown)}")
    present = {n for n in names if getattr(record, n)}
    classes: set[str] = {str(dc) for field, dc in _DIRECT.items() if field in present}
    if present & {"name", "surname", "given"}:
        classes.add(DataClass.NAME)
    if {"street", "house"} <= present or "postcode" in present:
        classes.add(DataClass.ADDRESS)
    if present & {"gp_name", "gp_agb"}:
        classes.add(DataClass.PROVIDER)
    if health:
        classes.add(DataClass.HEALTH)
    return frozenset(str(c) for c in classes)


def display_name(record: Rendered) -> str:
    """The name as one string: ``record.name``, else given + prefix + surname."""
    if record.name:
        return record.name
    return " ".join(p for p in (record.given, record.prefix, record.surname) if p)


def family_name(record: Rendered) -> str:
    """Prefix and surname as one family name (``de Vries``); falls back to ``name``."""
    family = " ".join(p for p in (record.prefix, record.surname) if p)
    return family or (record.name if not record.given else "")


def under_member(name: str, written: WrittenFile) -> tuple[TruthMention, ...]:
    """``written``'s mentions as seen from a container holding it as member ``name``."""
    if not name or ARCHIVE_SEP in name:
        raise ValueError("member names must be non-empty and must not contain '!/'")
    return tuple(
        TruthMention(
            person_id=m.person_id,
            classes=m.classes,
            part=m.part,
            row=m.row,
            member=name if m.member is None else f"{name}{ARCHIVE_SEP}{m.member}",
        )
        for m in written.mentions
    )


_TITLES = frozenset({"dr.", "dr", "drs.", "huisarts", "mw.", "mevr.", "dhr."})


def provider_parts(gp_name: str) -> tuple[str, str, str]:
    """Split a GP name as written into (title, initials, family name).

    ``Dr. A.B. van der Berg`` -> ``('Dr.', 'A.B.', 'van der Berg')``;
    ``Berg, A.B. van der`` -> ``('', 'A.B. van der', 'Berg')``. Nothing is dropped:
    the three parts hold every token of ``gp_name``.
    """
    if "," in gp_name:
        family, _, rest = gp_name.partition(",")
        return "", rest.strip(), family.strip()
    tokens = gp_name.split()
    titles = []
    while len(tokens) > 1 and tokens[0].lower() in _TITLES:
        titles.append(tokens.pop(0))
    initials = []
    while len(tokens) > 1 and _is_initials(tokens[0]):
        initials.append(tokens.pop(0))
    return " ".join(titles), " ".join(initials), " ".join(tokens)


def _is_initials(token: str) -> bool:
    pieces = token.split(".")
    return (
        len(pieces) > 1
        and pieces[-1] == ""
        and all(1 <= len(p) <= 2 and p.isalpha() for p in pieces[:-1])
    )
