"""The name register: family names from the name columns of a dump's structured files,
searched in the free text of every other file (``detect_units(..., register=...)``).

A scan reads the structured files first (tables, HL7, EDIFACT, JSON, SQL: extractors
with ``structured = True``), then builds the register from the names found there under a
name header, and reads every other file with it: a letter or an e-mail subject that
names a patient by surname alone (``Uitslag SR Pauw``) is found because ``Pauw`` is a
patient in a results export. Words that also name a place or a street of the same dump
(``Tilburg``, ``Laan``) stay out: in free text they are more often the place.
"""

from __future__ import annotations

from collections.abc import Iterable

REGISTER_KINDS = ("surname", "full_name")
"""Name kinds whose last word is a family name (``van den Bult``, ``Romy van Doorn``)."""
MIN_WORD = 3
REGISTER_PREFIXES = (
    "van der", "van den", "van de", "van 't", "van het", "in 't", "van", "de", "der", "den",
    "ter", "ten", "vd", "v.d.",
)  # fmt: skip
"""Tussenvoegsels a register word takes from before it, in free text and in the register
(not ``te``, ``al``, ``la``...: more often a word of the sentence)."""
_PREFIXES = frozenset(REGISTER_PREFIXES)


def family_word(name: str) -> str | None:
    """The last word of a normalised name (``van den Bult`` -> ``Bult``), if it can be a
    family name: letters (``-`` and ``'`` inside), at least ``MIN_WORD`` of them, and
    starting with a capital."""
    words = name.split()
    if not words:
        return None
    word = words[-1].strip(".,;:")
    letters = word.replace("-", "").replace("'", "")
    if len(letters) < MIN_WORD or not letters.isalpha() or not word[:1].isupper():
        return None
    return word


def family_name(name: str) -> str | None:
    """The family word of a normalised name with the tussenvoegsel before it, where it has
    one (``Marieke de Boer`` -> ``de Boer``), else None."""
    word = family_word(name)
    if word is None:
        return None
    words = name.split()[:-1]
    for n in (2, 1):
        if len(words) >= n and " ".join(words[-n:]).lower() in _PREFIXES:
            return " ".join([*words[-n:], word])
    return None


def register_words(names: Iterable[str], places: Iterable[str]) -> frozenset[str]:
    """The register: the family word of each of ``names`` (values of name columns),
    less every word that occurs, in any case, in ``places`` (city and street values);
    and the family names with their tussenvoegsel (entries with a space: ``de Boer``), by
    which free text's ``uitslag van de Boer`` reads as ``de Boer``."""
    place_words = {w.lower() for p in places for w in p.replace("-", " ").split()}
    names = list(names)
    found = (family_word(n) for n in names)
    words = {w for w in found if w is not None and w.lower() not in place_words}
    full = (family_name(n) for n in names)
    return frozenset(words | {f for f in full if f is not None and f.split()[-1] in words})
