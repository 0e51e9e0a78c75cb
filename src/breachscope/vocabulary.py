"""The data-class vocabulary used everywhere in breachscope.

Every finding, mention, person record, truth file and report speaks these nine names.
They are part of the output contract: never rename one.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum


class DataClass(StrEnum):
    """What kind of personal data a value is."""

    NAME = "name"
    DATE_OF_BIRTH = "date_of_birth"
    BSN = "bsn"
    ADDRESS = "address"
    PHONE = "phone"
    EMAIL = "email"
    IBAN = "iban"
    HEALTH = "health"
    PROVIDER = "provider"


DATA_CLASSES: tuple[str, ...] = tuple(dc.value for dc in DataClass)
"""The vocabulary in its canonical order (used for sorting and ';'-joined columns)."""


def join_classes(classes: Iterable[str]) -> str:
    """Return data classes as the canonical ';'-joined string, in vocabulary order."""
    wanted = {str(c) for c in classes}
    unknown = wanted.difference(DATA_CLASSES)
    if unknown:
        raise ValueError(f"unknown data classes: {sorted(unknown)}")
    return ";".join(dc for dc in DATA_CLASSES if dc in wanted)


def split_classes(joined: str) -> tuple[str, ...]:
    """Inverse of :func:`join_classes`; validates every name."""
    parts = tuple(p for p in joined.split(";") if p)
    unknown = set(parts).difference(DATA_CLASSES)
    if unknown:
        raise ValueError(f"unknown data classes: {sorted(unknown)}")
    return parts
