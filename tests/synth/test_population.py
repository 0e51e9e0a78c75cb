"""The population: deterministic per seed, with the documented shares."""

from __future__ import annotations

from collections import Counter

import pytest

from breachscope.synth.names import FEMALE_NAMES, LISTED_SURNAMES, MALE_NAMES, split_surname
from breachscope.synth.places import CITIES
from breachscope.synth.population import (
    REFERENCE_DATE,
    chunks,
    draw_chunk,
    gp_count,
    make_world,
)


@pytest.fixture(scope="module")
def people() -> list:  # type: ignore[type-arg]
    world = make_world(7, 6000)
    return [p for c, s, n in chunks(6000, 2500) for p in draw_chunk(world, c, s, n)]


def test_lists_are_big_enough() -> None:
    assert len(FEMALE_NAMES) >= 150 and len(MALE_NAMES) >= 100
    assert len(LISTED_SURNAMES) >= 200 and len(CITIES) >= 50
    assert any(prefix == "in 't" for prefix, _ in LISTED_SURNAMES)


@pytest.mark.parametrize(
    ("full", "parts"),
    [
        ("van der Berg", ("van der", "Berg")),
        ("de Vries", ("de", "Vries")),
        ("in 't Veld", ("in 't", "Veld")),
        ("Jansen", ("", "Jansen")),
        ("Vandenberg", ("", "Vandenberg")),
        ("ter Horst", ("ter", "Horst")),
    ],
)
def test_split_surname(full: str, parts: tuple[str, str]) -> None:
    assert split_surname(full) == parts


def test_chunks_are_deterministic_and_independent() -> None:
    world = make_world(7, 6000)
    again = make_world(7, 6000)
    assert world == again
    assert draw_chunk(world, 1, 2500, 50) == draw_chunk(again, 1, 2500, 50)
    assert draw_chunk(world, 1, 2500, 50) != draw_chunk(make_world(8, 6000), 1, 2500, 50)


def test_shares(people: list) -> None:  # type: ignore[type-arg]
    n = len(people)
    roles = Counter(p.role for p in people)
    assert 0.83 < roles["patient"] / n < 0.91
    assert 0.08 < roles["other_patient"] / n < 0.14
    assert 0.01 < roles["staff"] / n < 0.02
    women = [p for p in people if p.sex == "F"]
    married = sum(p.partner_surname is not None for p in women) / len(women)
    assert 0.40 < married < 0.50
    assert 0.16 < sum(len(p.addresses) == 2 for p in people) / n < 0.24
    assert 0.06 < sum(p.bsn is None for p in people) / n < 0.10
    assert len({p.bsn for p in people if p.bsn}) == sum(1 for p in people if p.bsn)
    assert len({p.person_id for p in people}) == n


def test_patients_and_samples(people: list) -> None:  # type: ignore[type-arg]
    for p in people:
        if p.role == "patient":
            age = (REFERENCE_DATE - p.date_of_birth).days / 365.25
            assert p.sex == "F" and 30 <= age <= 66
            assert 1 <= len(p.samples) <= 3
            for s in p.samples:
                assert s.test_type in ("uitstrijkje", "zelfafnameset")
                assert s.hpv in ("positief", "negatief")
                assert (s.genotype is not None) == (s.hpv == "positief")
                assert (s.pap is None) == (s.kopac is None)
                if s.pap:
                    assert s.test_type == "uitstrijkje" and s.hpv == "positief"
                assert s.lab_number[:2] == f"{s.sample_date.year % 100:02d}"
        elif p.role == "staff":
            assert p.iban and not p.samples and p.gp is None
        else:
            assert all(s.hpv is None for s in p.samples)
    lab_numbers = [s.lab_number for p in people for s in p.samples]
    assert len(set(lab_numbers)) == len(lab_numbers)
    pap = Counter(s.pap for p in people for s in p.samples if s.pap)
    assert {"Pap 1", "Pap 2"} <= set(pap)


def test_gp_count() -> None:
    assert gp_count(10) == 5
    assert gp_count(12_000) == 100
    world = make_world(1, 1200)
    assert all(g.agb.startswith("01") for g in world.gps)
