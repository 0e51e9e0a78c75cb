"""Whether a tool found *this person's* value: spans matched against the synth truth.

Standard library only: it runs inside the reference venv too. Each tool reports, per
free-text record, its spans as (class, text); each truth mention of that record lists its
classes and the person's values. A mention's class counts as found when some span the
tool gave that class matches the person's value:

* ``bsn``: the digits equal the BSN (a dropped leading zero allowed);
* ``phone``: the last nine digits are the same;
* ``email``: equal, case-insensitive;
* ``date_of_birth``: the span reads as that date (``dd-mm-yyyy``, ``d-m-yyyy``,
  ``dd/mm/yyyy``, ``dd.mm.yyyy``, ``yyyy-mm-dd``, ``yyyymmdd``, ``3 maart 1978``);
* ``name``: the span holds the last word of the birth or the partner surname, or (for
  a word of four letters or more) that word with one typo: a letter added, dropped,
  changed or two swapped (the synth writes ``Hendrikss``, ``van den Weeud``, ``te Ven``
  where the truth holds the person's own name; every tool is scored so);
* ``address``: the span holds one of the person's postcodes or the street name;
* ``provider``: the span holds the GP's AGB code or the last word of the GP's surname;
* ``iban``, ``health`` (no value in the truth): the number of distinct spans of the class
  in the record, up to the number of mentions that expose it.

Only counts leave this module; no value is written anywhere.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

TAG_MAPS: dict[str, dict[str, str]] = {
    "deduce": {
        "persoon": "name", "patient": "name", "datum": "date_of_birth", "bsn": "bsn",
        "telefoonnummer": "phone", "emailadres": "email", "locatie": "address",
    },
    "presidio": {
        "PERSON": "name", "DATE_TIME": "date_of_birth", "PHONE_NUMBER": "phone",
        "EMAIL_ADDRESS": "email", "IBAN_CODE": "iban", "LOCATION": "address",
    },
}  # fmt: skip
"""Reference tools' tags mapped to our classes (only where they overlap)."""

COUNTED = frozenset({"iban", "health"})
"""Classes the truth holds no value for: credited by count."""

MONTHS = {
    "januari": 1, "jan": 1, "februari": 2, "feb": 2, "maart": 3, "mrt": 3, "april": 4,
    "apr": 4, "mei": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "augustus": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "oktober": 10, "okt": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip
_NUMERIC_DMY = re.compile(r"\b(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})\b")
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_COMPACT = re.compile(r"\b(\d{4})(\d{2})(\d{2})\b")
_WORDY = re.compile(r"\b(\d{1,2})\s+([a-z]+)\.?\s+(\d{4})\b")
_WORD = re.compile(r"[a-z0-9]+")


def _digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit())


def dates_in(text: str) -> set[str]:
    """ISO dates (``YYYY-MM-DD``) written in ``text`` in any of the synth's forms."""
    low = text.lower()
    found: set[tuple[int, int, int]] = set()
    for d, m, y in _NUMERIC_DMY.findall(low):
        found.add((int(y), int(m), int(d)))
    for y, m, d in _ISO.findall(low) + _COMPACT.findall(low):
        found.add((int(y), int(m), int(d)))
    for d, word, y in _WORDY.findall(low):
        if word in MONTHS:
            found.add((int(y), MONTHS[word], int(d)))
    return {f"{y:04d}-{m:02d}-{d:02d}" for y, m, d in found if 1 <= m <= 12 and 1 <= d <= 31}


def last_word(name: str) -> str:
    words = _WORD.findall(name.lower())
    return words[-1] if words else ""


def _has_word(text: str, word: str) -> bool:
    return bool(word) and word in _WORD.findall(text.lower())


TYPO_MIN = 4
"""The shortest surname word a span may hold with one typo (``Bos`` and ``Vos`` are two
people)."""


def _has_name_word(text: str, word: str) -> bool:
    """``text`` holds ``word``, or one typo away when ``word`` has :data:`TYPO_MIN`
    letters or more."""
    if not word:
        return False
    words = _WORD.findall(text.lower())
    return word in words or (len(word) >= TYPO_MIN and any(one_typo(w, word) for w in words))


def one_typo(a: str, b: str) -> bool:
    """``a`` is ``b`` with one letter added, dropped or changed, or two neighbours
    swapped (not equal)."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (
            len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]]
            and a[diff[1]] == b[diff[0]]
        )  # fmt: skip
    short, long = (a, b) if len(a) < len(b) else (b, a)
    i = 0
    while i < len(short) and short[i] == long[i]:
        i += 1
    return short[i:] == long[i + 1 :]


def matches(cls: str, span: str, v: Mapping[str, Any]) -> bool:
    """True when ``span`` (tagged ``cls``) is the person's value ``v`` for that class."""
    if cls == "bsn":
        digits = _digits(span)
        return bool(v.get("bsn")) and digits in {v["bsn"], v["bsn"].lstrip("0")}
    if cls == "phone":
        digits = _digits(span)
        want = _digits(v.get("phone") or "")
        return len(digits) >= 9 and len(want) >= 9 and digits[-9:] == want[-9:]
    if cls == "email":
        return bool(v.get("email")) and span.strip().lower() == v["email"].lower()
    if cls == "date_of_birth":
        return bool(v.get("dob")) and v["dob"] in dates_in(span)
    if cls == "name":
        return any(_has_name_word(span, w) for w in v.get("surnames", ()))
    if cls == "address":
        squeezed = re.sub(r"\s+", "", span.upper())
        street = (v.get("street") or "").lower()
        return any(p and p in squeezed for p in v.get("postcodes", ())) or bool(
            street and street in span.lower()
        )
    if cls == "provider":
        agb = v.get("agb") or ""
        return bool(agb and agb in _digits(span)) or _has_word(span, v.get("gp") or "")
    return False


def credit(spans: Iterable[tuple[str, str]],
           mentions: Sequence[Mapping[str, Any]]) -> dict[str, int]:  # fmt: skip
    """Per class, how many of ``mentions`` (one record's) the ``spans`` found."""
    by_class: dict[str, list[str]] = defaultdict(list)
    for cls, text in spans:
        by_class[cls].append(text)
    hits: Counter[str] = Counter()
    wanted: Counter[str] = Counter()
    for m in mentions:
        for cls in m["classes"]:
            if cls in COUNTED:
                wanted[cls] += 1
            elif any(matches(cls, s, m["v"]) for s in by_class.get(cls, ())):
                hits[cls] += 1
    for cls, n in wanted.items():
        distinct = {s.strip().lower() for s in by_class.get(cls, ())}
        hits[cls] += min(n, len(distinct))
    return dict(hits)


def score_units(
    spans_by_unit: Mapping[str, Iterable[tuple[str, str]]],
    expect: Mapping[str, Sequence[Mapping[str, Any]]],
) -> dict[str, dict[str, int]]:
    """Per unit key, per class: mentions found (units without truth are skipped)."""  # fmt: skip
    return {u: credit(spans_by_unit.get(u, ()), ms) for u, ms in expect.items()}
