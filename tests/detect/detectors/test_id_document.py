"""Passport / ID-card numbers: context only until the vocabulary has a class for them."""

from __future__ import annotations

import pytest

from breachscope.config import Config
from breachscope.detect.detectorset import DetectorSet
from breachscope.detect.engine import detect_units
from breachscope.extract.units import TextUnit
from breachscope.location import Location

from ..helpers import found

POSITIVE = [("paspoortnummer XR1001R58", "XR1001R58"), ("ID-kaart: EM0000000", "EM0000000")]
NEGATIVE = ["XR1001R58", "paspoort XO1001R58", "paspoort XR1001R5X"]


@pytest.mark.parametrize(("text", "value"), POSITIVE)
def test_positive(dset: DetectorSet, text: str, value: str) -> None:
    assert found(dset, text, "id_document") == [value]


@pytest.mark.parametrize("text", NEGATIVE)
def test_negative(dset: DetectorSet, text: str) -> None:
    assert found(dset, text, "id_document") == []


def test_not_emitted() -> None:
    unit = TextUnit(Location("x.txt"), "paspoortnummer XR1001R58")
    assert detect_units([unit], Config(workers=1)).num_rows == 0
