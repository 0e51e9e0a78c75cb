"""Other people inside one record: an HL7 message's next of kin (``NK1``), a FHIR
``Patient``'s contact persons (``Patient.contact``: a partner, a parent, with a name, an
address and a phone number of their own), and a table's columns about another person
(``Naam contactpersoon``, ``Telefoon noodcontact``, ``BSN moeder``: split off by
:mod:`breachscope.detect.othercolumns`, which reads headers).

A table row is one person's mentions, so such a person is a row of their own: in the
part named after them (:func:`person_part`: ``NK1``, ``contact``; ``contact[2]`` for a
record's second; ``entry/contact`` inside the records of part ``entry``), numbered as
the record they stand in. Resolution never makes them one person with that record
(:func:`breachscope.resolve.rules.apart_keys`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from breachscope.extract.chunking import RecordChunker
from breachscope.extract.units import TableUnit
from breachscope.location import Location

HL7_PEOPLE = frozenset({"NK1"})
"""HL7 segments about another person than the message's patient."""
PERSON_PARTS: tuple[str, ...] = (*sorted(HL7_PEOPLE), "contact")
"""Names of the parts that hold other people (the HL7 segment; ``contact`` for FHIR
contact persons and for a table's columns about another person)."""
MAX_OTHER_PEOPLE = 20
"""Most other people taken out of one record (a part and a unit each); any further ones
stay in the record, as before (a hostile file may hold thousands)."""
FHIR_PEOPLE: Mapping[str, tuple[str, ...]] = {"Patient": ("contact",)}
"""FHIR resource type -> its arrays of other people."""
_FHIR_PREFIXES = ("", "resource.")
"""Where a record's resource type stands: the record itself, or a bundle entry's
``resource``."""


def person_part(base: str | None, name: str, index: int) -> str:
    """The part of the ``index``-th (1-based) other person ``name`` of a record in part
    ``base``."""
    own = name if index == 1 else f"{name}[{index}]"
    return f"{base}/{own}" if base else own


def split_fhir_people(
    record: dict[str, str | None],
) -> tuple[dict[str, str | None], list[tuple[str, int, dict[str, str | None]]]]:
    """A flattened FHIR resource without the fields of its other people, and those as
    ``(array name, 1-based index, fields)``, their paths kept (``contact.0.name.family``).
    A record of any other kind comes back whole."""
    for prefix in _FHIR_PREFIXES:
        arrays = FHIR_PEOPLE.get(record.get(f"{prefix}resourceType") or "")
        if arrays:
            break
    else:
        return record, []
    own: dict[str, str | None] = {}
    people: dict[tuple[str, int], dict[str, str | None]] = {}
    starts = tuple(f"{prefix}{name}." for name in arrays)
    for key, value in record.items():
        if not key.startswith(starts):
            own[key] = value
            continue
        name, _, rest = key[len(prefix) :].partition(".")
        index, _, _ = rest.partition(".")
        if not index.isdigit() or int(index) >= MAX_OTHER_PEOPLE:
            own[key] = value  # a single object, not an array element: left as it was
            continue
        people.setdefault((name, int(index) + 1), {})[key] = value
    return own, [(name, i, fields) for (name, i), fields in people.items()]


class PeopleChunker:
    """A :class:`RecordChunker` for the records of one part that puts the FHIR other
    people of each record (:func:`split_fhir_people`) in parts of their own."""

    def __init__(self, location: Location, max_rows: int) -> None:
        self.location = location
        self.max_rows = max_rows
        self._records = RecordChunker(location, max_rows)
        self._people: dict[str, RecordChunker] = {}

    def add(self, row_number: int, record: dict[str, str | None]) -> Iterator[TableUnit]:
        own, people = split_fhir_people(record)
        yield from self._records.add(row_number, own)
        for name, index, fields in people:
            part = person_part(self.location.part, name, index)
            rows = self._people.get(part)
            if rows is None:
                rows = self._people[part] = RecordChunker(
                    Location(self.location.path, part), self.max_rows
                )
            yield from rows.add(row_number, fields)

    def flush(self) -> Iterator[TableUnit]:
        yield from self._records.flush()
        for rows in self._people.values():
            yield from rows.flush()
