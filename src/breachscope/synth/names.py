"""Dutch given names and surnames (with tussenvoegsels) for the synthetic population.

The lists ship as package data (``synth/data/*.txt``); surnames are further composed from
prefixes, place-like roots and Frisian endings so that a large population stays varied.
"""

from __future__ import annotations

import random

from breachscope.synth.data import read_list

PREFIXES: tuple[str, ...] = (
    "van der",
    "van den",
    "van de",
    "van 't",
    "in 't",
    "op den",
    "op de",
    "van",
    "de",
    "ter",
    "ten",
    "te",
    "da",
    "dos",
)
"""Tussenvoegsels, longest first so that splitting picks the longest match."""

_COMPOSE_PREFIXES = ("van", "van de", "van der", "van den", "de", "ter", "te", "ten", "in 't")
_ROOTS = (
    "Berg",
    "Veen",
    "Heuvel",
    "Brink",
    "Wal",
    "Dijk",
    "Beek",
    "Kamp",
    "Laan",
    "Horst",
    "Vliet",
    "Meer",
    "Bosch",
    "Akker",
    "Hoek",
    "Velde",
    "Broek",
    "Haar",
    "Water",
    "Linden",
    "Molen",
    "Hout",
    "Bult",
    "Esch",
    "Weerd",
    "Sande",
    "Hul",
    "Pol",
    "Riet",
    "Wetering",
    "Graaf",
    "Haven",
    "Burgt",
    "Leij",
    "Zande",
    "Hoeve",
    "Schuur",
    "Poel",
    "Donk",
    "Bunt",
)
_FRISIAN_STEMS = (
    "Hoek",
    "Dijk",
    "Zijl",
    "Wier",
    "Terp",
    "Bouw",
    "Post",
    "Hof",
    "Heer",
    "Sijb",
    "Wijn",
    "Boer",
    "Feen",
    "Hylk",
    "Atsm",
    "Jell",
    "Tjall",
    "Fok",
    "Rein",
    "Douw",
)
_FRISIAN_ENDINGS = ("stra", "sma", "inga", "ema", "enga")
_SUFFIX_STEMS = ("Jan", "Pieter", "Gerrit", "Hendrik", "Klaas", "Willem", "Dirk", "Teun", "Aart")
_SUFFIXES = ("sen", "se", "s", "szen")


def split_surname(full: str) -> tuple[str, str]:
    """Split ``'van der Berg'`` into ``('van der', 'Berg')``; no prefix gives ``''``."""
    lower = full.lower()
    for prefix in PREFIXES:
        if lower.startswith(prefix + " ") and len(full) > len(prefix) + 1:
            return full[: len(prefix)], full[len(prefix) + 1 :]
    return "", full


FEMALE_NAMES: tuple[str, ...] = read_list("female.txt")
MALE_NAMES: tuple[str, ...] = read_list("male.txt")
LISTED_SURNAMES: tuple[tuple[str, str], ...] = tuple(
    split_surname(s) for s in read_list("surnames.txt")
)


def draw_surname(rng: random.Random) -> tuple[str, str]:
    """A ``(prefix, surname)`` pair: mostly common listed names, some composed."""
    r = rng.random()
    if r < 0.72:
        return rng.choice(LISTED_SURNAMES)
    if r < 0.88:
        return rng.choice(_COMPOSE_PREFIXES), rng.choice(_ROOTS)
    if r < 0.95:
        return "", rng.choice(_FRISIAN_STEMS) + rng.choice(_FRISIAN_ENDINGS)
    return "", rng.choice(_SUFFIX_STEMS) + rng.choice(_SUFFIXES)


def draw_given_names(rng: random.Random, sex: str) -> tuple[str, ...]:
    """One to three given names (the first is the call name)."""
    pool = FEMALE_NAMES if sex == "F" else MALE_NAMES
    k = 1 if rng.random() < 0.45 else (2 if rng.random() < 0.75 else 3)
    names: list[str] = []
    while len(names) < k:
        name = rng.choice(pool)
        if name not in names:
            names.append(name)
    return tuple(names)


def all_surnames() -> tuple[tuple[str, str], ...]:
    """Every ``(prefix, surname)`` :func:`draw_surname` can return (listed and composed)."""
    composed = [(p, r) for p in _COMPOSE_PREFIXES for r in _ROOTS]
    composed += [("", s + e) for s in _FRISIAN_STEMS for e in _FRISIAN_ENDINGS]
    composed += [("", s + e) for s in _SUFFIX_STEMS for e in _SUFFIXES]
    return tuple(dict.fromkeys([*LISTED_SURNAMES, *composed]))
