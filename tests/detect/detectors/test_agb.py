"""AGB codes: 8 digits, only under an AGB label; class provider."""

from __future__ import annotations

import pytest

from breachscope.detect.detectorset import DetectorSet

from ..helpers import found

POSITIVE = [
    ("AGB-code  01234567", "01234567"),
    ("huisarts Van Noort (AGB 01124747)", "01124747"),
    ("AGB: 01-234567", "01234567"),
    # grouped as people write them
    ("Huisarts AGB 01.01.23.45", "01012345"),
    ("AGB: 01-07-7812", "01077812"),
    ("AGB 0101 2345", "01012345"),
]
NEGATIVE = ["01234567", "KvK 01234567", "AGB 0123456789", "AGB 01-01-23.45", "01.01.23.45"]


@pytest.mark.parametrize(("text", "value"), POSITIVE)
def test_positive(dset: DetectorSet, text: str, value: str) -> None:
    assert found(dset, text, "agb") == [value]


@pytest.mark.parametrize("text", NEGATIVE)
def test_negative(dset: DetectorSet, text: str) -> None:
    assert found(dset, text, "agb") == []


@pytest.mark.parametrize(
    "header",
    [
        "AGB-code",
        "zorgverlener_code",
        "ORC-12.1",
        "OBR-16.1",
        "PV1-8.1",
        "PD1-4.1",
        "PV1-7.1",
        "OBR-28.1",
    ],
)
def test_columns(dset: DetectorSet, header: str) -> None:
    """The ID component of an HL7 provider field (the patient's GP in PD1-4, the
    attending doctor in PV1-7, a copy's addressee in OBR-28) holds an AGB code."""
    claim = dset.classify(header, ["01012345", "01124747", "01315326"])
    assert claim is not None
    assert claim[0].id == "agb"
