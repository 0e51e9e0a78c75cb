"""People listed in an array inside one record: a webhook's ``payload.patients.0.naam``,
``payload.patients.1.naam``... (JSON held in a cell, :mod:`breachscope.detect.jsoncells`),
a JSON record's ``deelnemers`` beside its other values, an export's ``contactpersonen``.

A table row is one person's mentions, so such a row read whole gives one person and
the others' names and BSNs only as that person's other values: they are lost as people.
Here each element of such an array is a row of its own, in a part named after the
array (``payload.patients``, ``payload.patients[2]`` for its second element, below the
table's part: :func:`~breachscope.extract.otherpeople.person_part`), numbered as the row
it stands in; its columns keep their full paths, which are their locations.

An array is one of people where two or more of its elements each hold a person: a name
with a BSN, a birth date, an address, a phone number, an e-mail address or an IBAN,
or a BSN with a birth date, as the detectors classify their columns. A FHIR patient's
``name.0`` and ``name.1`` (her name in use and her birth name), a record's
``telecom.0`` and ``telecom.1``, or a result's list of tests hold no such element and
stay in the row.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from breachscope.detect.othercolumns import select_columns
from breachscope.extract.otherpeople import person_part
from breachscope.extract.units import TableUnit
from breachscope.location import Location

Classes = Callable[[TableUnit, list[int]], list[str | None]]
"""The data class of each of a unit's given columns, as the detectors classify them."""

_ELEMENT = re.compile(r"^(?P<array>.+?)\.(?P<index>\d+)\.")
"""A path inside an array's element: the array's path and the element's index (the
first index step: an element's own arrays belong to it)."""
_OTHER_CLASSES = frozenset({"bsn", "date_of_birth", "address", "phone", "email", "iban"})


def person_arrays(unit: TableUnit, classes: Classes) -> list[TableUnit]:
    """``unit`` without the columns of its arrays of people, and a unit per element of
    them (same rows); ``[unit]`` where it has none."""
    arrays: dict[str, dict[int, list[int]]] = {}
    for i, header in enumerate(unit.columns):
        m = _ELEMENT.match(header)
        if m is not None:
            arrays.setdefault(m["array"], {}).setdefault(int(m["index"]), []).append(i)
    candidates = {a: e for a, e in arrays.items() if len(e) >= 2}
    if not candidates:
        return [unit]
    asked = sorted(i for e in candidates.values() for cols in e.values() for i in cols)
    of = dict(zip(asked, classes(unit, asked), strict=True))
    people: list[tuple[str, int, list[int]]] = []
    for array, elements in candidates.items():
        persons = [
            (index, cols)
            for index, cols in sorted(elements.items())
            if _a_person({c for i in cols if (c := of[i]) is not None})
        ]
        if len(persons) >= 2:
            people.extend((array, index, cols) for index, cols in persons)
    if not people:
        return [unit]
    taken = {i for _, _, cols in people for i in cols}
    own = [i for i in range(len(unit.columns)) if i not in taken]
    out = [select_columns(unit, own, unit.location)] if own else []
    where = unit.location
    for array, index, cols in people:
        part = person_part(where.part, array, index + 1)
        out.append(select_columns(unit, cols, Location(where.path, part)))
    return out


def _a_person(classes: set[str]) -> bool:
    """Whether an element whose columns hold ``classes`` is a person's record."""
    if "name" in classes:
        return bool(classes & _OTHER_CLASSES)
    return {"bsn", "date_of_birth"} <= classes
