"""The synthetic population: GPs and people, drawn deterministically per seed.

People are drawn in chunks of a fixed size; chunk ``k`` has its own ``random.Random``
derived from the seed, so a chunk can be drawn, written and released without the others
(memory stays flat as the population grows) and the result does not depend on how many
chunks exist. Roles: ``patient`` (screening women aged 30-65, ~87 %), ``other_patient``
(men and women with urine, skin, wound or STI tests, ~11.5 %) and ``staff`` (~1.5 %,
paid through the payroll, so they have an IBAN).
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from breachscope.synth.health import SampleMaker
from breachscope.synth.identifiers import IdSpace, landline, nl_iban
from breachscope.synth.model import GP, Address, Person, Sample
from breachscope.synth.names import draw_given_names, draw_surname
from breachscope.synth.places import CITIES, city_named, draw_address, draw_city

REFERENCE_DATE = date(2025, 7, 1)
"""'Today' in the synthetic world (the week of the breach)."""
PEOPLE_PER_GP = 120
STAFF_EVERY = 64
"""One person in 64 is a staff member (so every chunk has some)."""
MIN_GPS = 5

_EMAIL_DOMAINS = (
    ("gmail.com", 30),
    ("hotmail.com", 20),
    ("outlook.com", 10),
    ("ziggo.nl", 10),
    ("kpnmail.nl", 8),
    ("live.nl", 6),
    ("planet.nl", 4),
    ("home.nl", 4),
    ("xs4all.nl", 3),
    ("icloud.com", 5),
)
_PRACTICE_WORDS = ("Huisartsenpraktijk", "Huisartsen", "Gezondheidscentrum", "Medisch Centrum")


@dataclass(frozen=True, slots=True)
class World:
    """What every chunk needs: the seed, the identifier permutations and the GPs."""

    seed: int
    ids: IdSpace
    gps: tuple[GP, ...]
    gps_by_city: dict[str, tuple[GP, ...]]


def gp_count(people: int) -> int:
    return max(MIN_GPS, people // PEOPLE_PER_GP)


def _draw_gp(rng: random.Random, ids: IdSpace, index: int) -> GP:
    city = draw_city(rng)
    prefix, surname = draw_surname(rng)
    given = draw_given_names(rng, "F" if rng.random() < 0.55 else "M")
    if rng.random() < 0.5:
        practice = f"{rng.choice(_PRACTICE_WORDS)} {surname}"
    else:
        practice = f"{rng.choice(_PRACTICE_WORDS)} {rng.choice(('De', 'Het', ''))} ".replace(
            "  ", " "
        ) + rng.choice(("Linde", "Brug", "Vaart", "Poort", "Molen", "Singel", "Haven", "Hof"))
    return GP(
        agb=ids.agb(index),
        initials="".join(f"{g[0]}." for g in given),
        prefix=prefix,
        surname=surname,
        practice=practice,
        address=draw_address(rng, city),
        phone=landline(rng, city.area_code),
    )


def make_world(seed: int, people: int) -> World:
    """Draw the GPs (about one per 120 people, at least 5) and the identifier spaces."""
    ids = IdSpace.from_seed(seed)
    rng = random.Random(f"breachscope-gps-{seed}")
    gps = tuple(_draw_gp(rng, ids, i) for i in range(gp_count(people)))
    by_city: dict[str, list[GP]] = {}
    for gp in gps:
        by_city.setdefault(gp.address.city, []).append(gp)
    return World(seed, ids, gps, {c: tuple(g) for c, g in by_city.items()})


def _email(rng: random.Random, given: str, prefix: str, surname: str, born: date) -> str:
    core = (prefix + surname).replace(" ", "").replace("'", "").lower()
    first = given.lower()
    form = rng.randrange(5)
    if form == 0:
        local = f"{first}.{core}"
    elif form == 1:
        local = f"{first[0]}.{core}"
    elif form == 2:
        local = f"{first}{core}{born.year % 100:02d}"
    elif form == 3:
        local = f"{first}_{rng.randint(1, 999)}"
    else:
        local = f"{core}.{first[0]}{rng.randint(1, 99)}"
    local = unicodedata.normalize("NFKD", local).encode("ascii", "ignore").decode("ascii")
    domain = rng.choices(_EMAIL_DOMAINS, weights=[w for _, w in _EMAIL_DOMAINS])[0][0]
    return f"{local}@{domain}"


def _birth_date(rng: random.Random, min_age: int, max_age: int) -> date:
    oldest = REFERENCE_DATE.replace(year=REFERENCE_DATE.year - max_age - 1) + timedelta(days=1)
    youngest = REFERENCE_DATE.replace(year=REFERENCE_DATE.year - min_age)
    return oldest + timedelta(days=rng.randrange((youngest - oldest).days + 1))


def _addresses(rng: random.Random) -> tuple[Address, ...]:
    city = draw_city(rng)
    current = draw_address(rng, city)
    if rng.random() >= 0.20:
        return (current,)
    old_city = city if rng.random() < 0.5 else rng.choice(CITIES)
    old = draw_address(rng, old_city)
    while old.postcode == current.postcode:
        old = draw_address(rng, old_city)
    return (old, current)


def _pick_gp(rng: random.Random, world: World, city: str) -> GP:
    local = world.gps_by_city.get(city)
    if local and rng.random() < 0.85:
        return rng.choice(local)
    return rng.choice(world.gps)


def draw_person(rng: random.Random, world: World, index: int) -> Person:
    """Person ``index`` (0-based, global); ``rng`` is the chunk's generator."""
    if index % STAFF_EVERY == 5:
        role = "staff"
    else:
        role = "patient" if rng.random() < 0.885 else "other_patient"
    if role == "patient":
        sex, born = "F", _birth_date(rng, 30, 65)
    elif role == "other_patient":
        sex, born = ("F" if rng.random() < 0.5 else "M"), _birth_date(rng, 18, 90)
    else:
        sex, born = ("F" if rng.random() < 0.7 else "M"), _birth_date(rng, 22, 64)
    given = draw_given_names(rng, sex)
    birth_prefix, birth_surname = draw_surname(rng)
    partner_prefix = partner_surname = None
    if sex == "F" and rng.random() < 0.45:
        partner_prefix, partner_surname = draw_surname(rng)
        while partner_surname == birth_surname:
            partner_prefix, partner_surname = draw_surname(rng)
    addresses = _addresses(rng)
    bsn = world.ids.bsn(index) if rng.random() >= 0.08 else None
    phone_rate, email_rate = {"patient": (0.35, 0.2), "other_patient": (0.4, 0.25)}.get(
        role, (0.9, 0.95)
    )
    phone = None
    if rng.random() < phone_rate:
        phone = (
            world.ids.mobile(index)
            if rng.random() < 0.8
            else landline(rng, city_named(addresses[-1].city).area_code)
        )
    email = None
    if rng.random() < email_rate:
        email = _email(
            rng, given[0], partner_prefix or birth_prefix, partner_surname or birth_surname, born
        )
    gp = None if role == "staff" else _pick_gp(rng, world, addresses[-1].city)
    samples: tuple[Sample, ...] = ()
    if gp is not None:
        maker = SampleMaker(world.ids, rng)
        samples = maker.screening(index, gp) if role == "patient" else maker.other(index, gp)
    return Person(
        person_id=f"P{index + 1:07d}",
        role=role,
        sex=sex,
        given_names=given,
        birth_prefix=birth_prefix,
        birth_surname=birth_surname,
        partner_prefix=partner_prefix,
        partner_surname=partner_surname,
        date_of_birth=born,
        bsn=bsn,
        addresses=addresses,
        phone=phone,
        email=email,
        iban=nl_iban(rng) if role == "staff" else None,
        gp=gp,
        samples=samples,
    )


def draw_chunk(world: World, chunk: int, start: int, count: int) -> list[Person]:
    """People ``start .. start+count-1``, drawn with chunk ``chunk``'s own generator."""
    rng = random.Random(f"breachscope-people-{world.seed}-{chunk}")
    return [draw_person(rng, world, start + i) for i in range(count)]


def chunks(people: int, size: int) -> Iterator[tuple[int, int, int]]:
    """``(chunk, start, count)`` for a population of ``people`` in chunks of ``size``."""
    for chunk, start in enumerate(range(0, people, size)):
        yield chunk, start, min(size, people - start)
