"""UZI numbers: 9 digits under an UZI label."""

from __future__ import annotations

import pytest

from breachscope.detect.detectorset import DetectorSet

from ..helpers import found

POSITIVE = [("UZI-nummer 123456789", "123456789"), ("uzi: 23456789", "023456789")]
NEGATIVE = ["123456789", "BIG 123456789", "UZI 1234567"]


@pytest.mark.parametrize(("text", "value"), POSITIVE)
def test_positive(dset: DetectorSet, text: str, value: str) -> None:
    assert found(dset, text, "uzi") == [value]


@pytest.mark.parametrize("text", NEGATIVE)
def test_negative(dset: DetectorSet, text: str) -> None:
    assert found(dset, text, "uzi") == []
