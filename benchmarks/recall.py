"""Recall per data class on the free-text sample, against the synth truth.

The truth names each person mention in free text by its record (``PATH#part=page-N``,
``PATH#part=body``; see ``docs/locations.md``), the data classes it exposes and, through
``persons.csv``, the person's values. :mod:`benchmarks.matching` decides whether a tool
found *that person's* value for each class; every tool (ours included) is scored the same
way on the same sample, from its spans.

Neither reference tool tells a date of birth from a sample or report date: a date of
birth counts as found for them when they tagged that date as any date (this flatters
them; ours has to call it ``date_of_birth``). DEDUCE's ``locatie`` and Presidio's
``LOCATION`` count as address. Neither has a health or provider class: those are
reported for breachscope alone. Precision is not scored here (``breachscope evaluate``
does that with exact spans).
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from benchmarks.freetext import unit_key
from benchmarks.matching import last_word

CLASSES = ("name", "date_of_birth", "bsn", "address", "phone", "email", "iban", "health",
           "provider")  # fmt: skip

COVERED: dict[str, frozenset[str]] = {
    "deduce": frozenset({"name", "date_of_birth", "bsn", "phone", "email", "address"}),
    "presidio": frozenset({"name", "date_of_birth", "phone", "email", "iban", "address"}),
}
"""Classes each reference tool has a tag for (recall on the others is not applicable)."""

Expect = dict[str, list[dict[str, Any]]]
"""unit key -> the truth mentions there: ``{"classes": [...], "v": {values}}``."""


def _values(row: Mapping[str, str]) -> dict[str, Any]:
    surnames = {last_word(row.get(k) or "") for k in ("birth_surname", "surname",
                                                      "partner_surname")}  # fmt: skip
    postcodes = {p for p in (row.get("all_postcodes") or "").split(";") if p}
    postcodes.add(row.get("postcode") or "")
    return {
        "bsn": row.get("bsn") or "", "phone": row.get("phone") or "",
        "email": row.get("email") or "", "dob": row.get("date_of_birth") or "",
        "surnames": sorted(w for w in surnames if w), "street": row.get("street") or "",
        "postcodes": sorted(p for p in postcodes if p), "agb": row.get("provider_agb") or "",
        "gp": last_word(row.get("provider_name") or ""),
    }  # fmt: skip


def expectations(truth_dir: Path, units: Iterable[str]) -> Expect:
    """The truth mentions of the given free-text units, with their people's values."""
    from breachscope.location import Location

    wanted = set(units)
    rows: list[tuple[str, str, list[str]]] = []
    with (truth_dir / "mentions.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            loc = Location.parse(row["locator"])
            key = unit_key(loc.path, loc.part)
            if key in wanted:
                classes = [c for c in row["data_classes"].split(";") if c]
                rows.append((key, row["person_id"], classes))
    people = {pid for _, pid, _ in rows}
    values: dict[str, dict[str, Any]] = {}
    with (truth_dir / "persons.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["person_id"] in people:
                values[row["person_id"]] = _values(row)
    expect: Expect = {}
    for key, pid, classes in rows:
        expect.setdefault(key, []).append({"classes": classes, "v": values.get(pid, {})})
    return expect


def write_expectations(expect: Expect, path: Path) -> None:
    path.write_text(json.dumps(expect), encoding="utf-8")


def score(hits: Mapping[str, Mapping[str, int]], expect: Expect,
          covered: frozenset[str] | None = None) -> dict[str, dict[str, Any]]:  # fmt: skip
    """Per class: truth mentions, mentions found and recall (None where not covered)."""
    truth: Counter[str] = Counter()
    for mentions in expect.values():
        for m in mentions:
            truth.update(m["classes"])
    found: Counter[str] = Counter()
    for unit, by_class in hits.items():
        if unit in expect:
            found.update({c: int(n) for c, n in by_class.items()})
    out: dict[str, dict[str, Any]] = {}
    for cls in CLASSES:
        applicable = covered is None or cls in covered
        total = truth[cls]
        out[cls] = {
            "truth": total,
            "hits": found[cls] if applicable else None,
            "recall": (found[cls] / total if total else None) if applicable else None,
        }
    return out
