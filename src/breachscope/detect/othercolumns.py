"""A table's columns about another person than the row's (``Naam contactpersoon``,
``Telefoon noodcontact``, ``BSN moeder``): a unit of their own in part ``contact``
(:func:`~breachscope.extract.otherpeople.person_part`), so that the row's mention is its
person's alone and the other person is one too (see :mod:`breachscope.extract.otherpeople`).
"""

from __future__ import annotations

import pyarrow as pa

from breachscope.detect.columns import header_hit
from breachscope.extract.otherpeople import person_part
from breachscope.extract.units import TableUnit
from breachscope.location import Location

OTHER_PERSON_WORDS: tuple[str, ...] = (
    "contactpersoon", "contact persoon", "noodcontact", "contactperson", "contact person",
    "emergency contact", "next of kin", "vertegenwoordiger", "voogd", "verzorger", "ouder",
    "moeder", "vader", "mother", "father", "parent", "guardian",
)  # fmt: skip
"""Header words that say a column is about another person than the row's: a contact
person, a legal representative, a parent (a newborn's ``BSN moeder``). Not ``partner`` or
``echtgenoot``: ``Naam partner`` is the name a married patient goes by."""


def split_table_people(unit: TableUnit) -> list[TableUnit]:
    """``unit`` without its columns about other people (:data:`OTHER_PERSON_WORDS`), and
    a unit per other person (per header word: ``moeder`` and ``vader`` are two) in part
    ``contact``, ``contact[2]``... (:func:`person_part`), with the same rows; ``[unit]``
    when it has none."""
    groups: dict[str, list[int]] = {}
    for i, header in enumerate(unit.columns):
        word = header_hit(header, OTHER_PERSON_WORDS)
        if word is not None:
            groups.setdefault(word, []).append(i)
    if not groups:
        return [unit]
    others = {i for idx in groups.values() for i in idx}
    own = [i for i in range(len(unit.columns)) if i not in others]
    out = [select_columns(unit, own, unit.location)] if own else []
    for k, idx in enumerate(groups.values(), 1):
        part = person_part(unit.location.part, "contact", k)
        out.append(select_columns(unit, idx, Location(unit.location.path, part)))
    return out


def select_columns(unit: TableUnit, columns: list[int], location: Location) -> TableUnit:
    """The table of ``unit``'s ``columns`` (same rows), at ``location``."""
    data = unit.data
    cols = {f"c{j}": data.column(f"c{i}") for j, i in enumerate(columns)}
    cols["__row__"] = data.column("__row__")
    return TableUnit(location, tuple(unit.columns[i] for i in columns), pa.table(cols))
