"""KvK numbers: context only (no data class for companies), but they mark company
documents."""

from __future__ import annotations

import pytest

from breachscope.config import Config
from breachscope.detect.detectorset import DetectorSet
from breachscope.detect.engine import detect_units
from breachscope.extract.units import TextUnit
from breachscope.location import Location

from ..helpers import found

POSITIVE = [("KvK 27184355", "27184355"), ("KvK-nummer: 2718 4355", "27184355")]
NEGATIVE = ["27184355", "BSN 27184355"]


@pytest.mark.parametrize(("text", "value"), POSITIVE)
def test_positive(dset: DetectorSet, text: str, value: str) -> None:
    assert found(dset, text, "kvk") == [value]


@pytest.mark.parametrize("text", NEGATIVE)
def test_negative(dset: DetectorSet, text: str) -> None:
    assert found(dset, text, "kvk") == []


def test_never_a_finding_and_marks_invoices() -> None:
    invoice = (
        "Koelcel Techniek Zuid\nKvK 26299855\nIBAN NL33RABO2021545809\n"
        "t.a.v. Afdeling Inkoop\nLaboratoriumweg 14\n2288 EZ Rijswijk\nFACTUUR 2024-1"
    )
    table = detect_units([TextUnit(Location("f.pdf", "page-1"), invoice)], Config(workers=1))
    assert table.num_rows == 0
