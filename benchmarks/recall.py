"""Recall per data class on the free-text sample, against the synth truth.

The truth names each person mention in free text by its record (``PATH#part=page-N``,
``PATH#part=body``; see ``docs/locations.md``) and lists the data classes it exposes.
Reference tools give spans with their own tags, so the score is per record and class:
a record with *t* mentions exposing class *c* is credited with ``min(t, f)`` where *f* is
the number of distinct values the tool tagged as *c* in that record. Every tool (ours
included) is scored the same way on the same sample.

Tag mapping (only where the tools overlap with our vocabulary):

* DEDUCE ``persoon``/``patient`` -> name, ``datum`` -> date_of_birth, ``bsn`` -> bsn,
  ``telefoonnummer`` -> phone, ``emailadres`` -> email, ``locatie`` -> address.
* Presidio ``PERSON`` -> name, ``DATE_TIME`` -> date_of_birth, ``PHONE_NUMBER`` -> phone,
  ``EMAIL_ADDRESS`` -> email, ``IBAN_CODE`` -> iban, ``LOCATION`` -> address.

Neither tool tells a date of birth from a sample or report date, so any date counts for
them as a date of birth (this flatters their recall); ours must say ``date_of_birth``.
DEDUCE's ``locatie`` also covers bare town names, likewise counted as address. Neither has
a health or provider class: those are reported for breachscope alone.
"""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from benchmarks.freetext import unit_key

CLASSES = (
    "name",
    "date_of_birth",
    "bsn",
    "address",
    "phone",
    "email",
    "iban",
    "health",
    "provider",
)

TAG_MAPS: dict[str, dict[str, str]] = {
    "deduce": {
        "persoon": "name",
        "patient": "name",
        "datum": "date_of_birth",
        "bsn": "bsn",
        "telefoonnummer": "phone",
        "emailadres": "email",
        "locatie": "address",
    },
    "presidio": {
        "PERSON": "name",
        "DATE_TIME": "date_of_birth",
        "PHONE_NUMBER": "phone",
        "EMAIL_ADDRESS": "email",
        "IBAN_CODE": "iban",
        "LOCATION": "address",
    },
}
COVERED: dict[str, frozenset[str]] = {
    "deduce": frozenset({"name", "date_of_birth", "bsn", "phone", "email", "address"}),
    "presidio": frozenset({"name", "date_of_birth", "phone", "email", "iban", "address"}),
}
"""Classes each reference tool has a tag for (recall on the others is not applicable)."""

Found = Mapping[str, Mapping[str, int]]
"""unit key -> class -> number of distinct values found there."""


def map_tags(found: Mapping[str, Mapping[str, int]], tool: str) -> dict[str, dict[str, int]]:
    """Turn a reference tool's per-unit tag counts into per-unit class counts."""
    mapping = TAG_MAPS[tool]
    out: dict[str, dict[str, int]] = {}
    for unit, tags in found.items():
        classes: Counter[str] = Counter()
        for tag, n in tags.items():
            cls = mapping.get(tag)
            if cls is not None:
                classes[cls] += int(n)
        out[unit] = dict(classes)
    return out


def truth_for_units(truth_dir: Path, units: Iterable[str]) -> dict[str, Counter[str]]:
    """Per unit key: how many truth mentions expose each class (only the given units)."""
    from breachscope.location import Location

    wanted = set(units)
    table: dict[str, Counter[str]] = defaultdict(Counter)
    with (truth_dir / "mentions.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            loc = Location.parse(row["locator"])
            key = unit_key(loc.path, loc.part)
            if key not in wanted:
                continue
            for cls in (c for c in row["data_classes"].split(";") if c):
                table[key][cls] += 1
    return dict(table)


def score(
    found: Found, truth: Mapping[str, Counter[str]], covered: frozenset[str] | None = None
) -> dict[str, dict[str, Any]]:
    """Per class: truth count, credited hits and recall (None where not covered)."""
    out: dict[str, dict[str, Any]] = {}
    for cls in CLASSES:
        total = sum(c[cls] for c in truth.values())
        hits = sum(min(c[cls], int(found.get(u, {}).get(cls, 0))) for u, c in truth.items())
        applicable = covered is None or cls in covered
        out[cls] = {
            "truth": total,
            "hits": hits if applicable else None,
            "recall": (hits / total if total else None) if applicable else None,
        }
    return out
