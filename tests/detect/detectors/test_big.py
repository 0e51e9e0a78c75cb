"""BIG numbers: 11 digits under a BIG label."""

from __future__ import annotations

import pytest

from breachscope.detect.detectorset import DetectorSet

from ..helpers import found

POSITIVE = [("BIG-nummer 19012345601", "19012345601"), ("BIG: 912345601", "00912345601")]
NEGATIVE = ["19012345601", "UZI 19012345601", "BIG 1234567"]


@pytest.mark.parametrize(("text", "value"), POSITIVE)
def test_positive(dset: DetectorSet, text: str, value: str) -> None:
    assert found(dset, text, "big") == [value]


@pytest.mark.parametrize("text", NEGATIVE)
def test_negative(dset: DetectorSet, text: str) -> None:
    assert found(dset, text, "big") == []
