"""AGB codes: 8 digits, only under an AGB label; class provider."""

from __future__ import annotations

import pytest

from breachscope.detect.detectorset import DetectorSet

from ..helpers import found

POSITIVE = [
    ("AGB-code  01234567", "01234567"),
    ("huisarts Van Noort (AGB 01124747)", "01124747"),
    ("AGB: 01-234567", "01234567"),
]
NEGATIVE = ["01234567", "KvK 01234567", "AGB 0123456789"]


@pytest.mark.parametrize(("text", "value"), POSITIVE)
def test_positive(dset: DetectorSet, text: str, value: str) -> None:
    assert found(dset, text, "agb") == [value]


@pytest.mark.parametrize("text", NEGATIVE)
def test_negative(dset: DetectorSet, text: str) -> None:
    assert found(dset, text, "agb") == []
