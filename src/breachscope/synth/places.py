"""Dutch streets, cities and postcodes (PC4 ranges per city) for synthetic addresses."""

from __future__ import annotations

import csv
import io
import random
from dataclasses import dataclass

from breachscope.synth.data import read_list, read_text
from breachscope.synth.model import Address

POSTCODE_LETTERS = "ABCDEGHJKLMNPRSTVWXZ"
"""Letters used in generated postcodes (F, I, O, Q, U, Y left out, as before 2005)."""
_NEVER_ISSUED = frozenset({"SA", "SD", "SS"})
_SUFFIXES = ("A", "B", "C", "bis", "-1", "-2", " II", "-hs", "-bv")


@dataclass(frozen=True, slots=True)
class City:
    name: str
    pc4_low: int
    pc4_high: int
    area_code: str
    """Landline area code with its leading zero (``020``, ``0570``)."""
    weight: int


def _read_cities() -> tuple[City, ...]:
    rows = csv.DictReader(io.StringIO(read_text("cities.csv")))
    return tuple(
        City(r["city"], int(r["pc4_low"]), int(r["pc4_high"]), r["area_code"], int(r["weight"]))
        for r in rows
    )


STREETS: tuple[str, ...] = read_list("streets.txt")
CITIES: tuple[City, ...] = _read_cities()
_CITY_WEIGHTS: tuple[int, ...] = tuple(c.weight for c in CITIES)


def draw_city(rng: random.Random) -> City:
    return rng.choices(CITIES, weights=_CITY_WEIGHTS)[0]


def draw_postcode(rng: random.Random, city: City) -> str:
    """A canonical ``1234AB`` postcode inside the city's PC4 range."""
    pc4 = rng.randint(city.pc4_low, city.pc4_high)
    while True:
        letters = rng.choice(POSTCODE_LETTERS) + rng.choice(POSTCODE_LETTERS)
        if letters not in _NEVER_ISSUED:
            return f"{pc4}{letters}"


def draw_address(rng: random.Random, city: City | None = None) -> Address:
    """A street address; a city is drawn (weighted by size) unless given."""
    city = city or draw_city(rng)
    number = int(rng.paretovariate(1.2) * 3) if rng.random() < 0.9 else rng.randint(1, 400)
    suffix = rng.choice(_SUFFIXES) if rng.random() < 0.12 else ""
    return Address(
        street=rng.choice(STREETS),
        house_number=max(1, min(number, 999)),
        suffix=suffix,
        postcode=draw_postcode(rng, city),
        city=city.name,
    )


def city_named(name: str) -> City:
    for city in CITIES:
        if city.name == name:
            return city
    raise KeyError(name)
