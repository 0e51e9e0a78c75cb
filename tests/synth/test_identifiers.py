"""Identifiers: valid, unique, and lab numbers never collide with BSNs."""

from __future__ import annotations

import random

import numpy as np
import phonenumbers
import pytest
from stdnum import iban
from stdnum.nl import bsn as std_bsn

from breachscope.synth.bulk import bsn_array
from breachscope.synth.identifiers import (
    IdSpace,
    elfproef_number,
    kvk_number,
    landline,
    nl_iban,
    passes_elfproef,
)

IDS = IdSpace.from_seed(42)


@pytest.mark.parametrize(
    ("number", "valid"),
    [
        ("111222333", True),
        ("123456782", True),
        ("111222334", False),
        ("123456789", False),
        ("12345678", False),
        ("12345678a", False),
    ],
)
def test_elfproef_table(number: str, valid: bool) -> None:
    assert passes_elfproef(number) is valid
    assert std_bsn.is_valid(number) is valid


def test_bsns_are_valid_unique_and_never_start_with_2() -> None:
    bsns = [IDS.bsn(i) for i in range(50_000)]
    assert None not in bsns
    assert len(set(bsns)) == len(bsns)
    assert all(std_bsn.is_valid(b) for b in bsns if b)
    assert not any(b.startswith("2") for b in bsns if b)
    zero = sum(b.startswith("0") for b in bsns if b) / len(bsns)
    assert 0.03 < zero < 0.09


def test_seeds_give_different_bsns() -> None:
    assert [IDS.bsn(i) for i in range(10)] != [IdSpace.from_seed(43).bsn(i) for i in range(10)]


def test_vectorised_bsns_match_the_scalar_ones() -> None:
    index = np.arange(0, 200_000, 37, dtype=np.int64)
    vector = bsn_array(IDS, index)
    assert [f"{v:09d}" for v in vector] == [IDS.bsn(int(i)) for i in index]


def test_lab_numbers_pass_elfproef_like_random_numbers_but_are_no_bsns() -> None:
    labs = [IDS.lab_number(i, 2022 + i % 4) for i in range(50_000)]
    assert len(set(labs)) == len(labs)
    assert all(len(x) == 9 and x[:2] in {"22", "23", "24", "25"} for x in labs)
    share = sum(passes_elfproef(x) for x in labs) / len(labs)
    assert 0.07 < share < 0.11
    assert not set(labs) & {IDS.bsn(i) for i in range(50_000)}


def test_other_identifiers() -> None:
    rng = random.Random(1)
    for _ in range(200):
        assert iban.is_valid(nl_iban(rng))
        assert len(kvk_number(rng)) == 8
        assert passes_elfproef(elfproef_number(rng)) and elfproef_number(rng).startswith("2")
        phone = landline(rng, rng.choice(("020", "010", "0570", "0182")))
        assert phonenumbers.is_valid_number(phonenumbers.parse(phone))
    mobiles = [IDS.mobile(i) for i in range(5000)]
    assert len(set(mobiles)) == 5000
    assert all(phonenumbers.is_valid_number(phonenumbers.parse(m)) for m in mobiles)
    agbs = [IDS.agb(i) for i in range(1000)]
    assert len(set(agbs)) == 1000 and all(a.startswith("01") and len(a) == 8 for a in agbs)
    assert IDS.barcode(7).startswith("BVO") and len(IDS.barcode(7)) == 13
