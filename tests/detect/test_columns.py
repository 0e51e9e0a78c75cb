"""Column headers: normalisation and keyword matching."""

from __future__ import annotations

import pytest

from breachscope.detect.columns import header_hit, normalise_header


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("PatiëntGeboorteDatum", "patient geboorte datum"),
        ("patient_dob", "patient dob"),
        ("OBX[2]-5", "obx-5"),
        ("PID-3(2).1", "pid-3.1"),
        ("NAD+PAT", "nad+pat"),
        ("  E-mail adres ", "e mail adres"),
    ],
)
def test_normalise(header: str, expected: str) -> None:
    assert normalise_header(header) == expected


@pytest.mark.parametrize(
    ("header", "keywords", "hit"),
    [
        ("Geboortedatum", ("datum",), "datum"),  # inside a compound
        ("PID-5.1", ("pid-5",), "pid-5"),
        ("PID-51", ("pid-5",), None),
        ("PID-3", ("=pid-3",), "pid-3"),
        ("PID-3.1", ("=pid-3",), None),
        ("PAT_NM", ("nm",), "nm"),
        ("Omschrijving", ("nm",), None),  # short keywords are whole words only
        ("Export uit LIMS; uitsluitend voor intern gebruik.", ("uitsl",), None),  # a note
    ],
)
def test_hit(header: str, keywords: tuple[str, ...], hit: str | None) -> None:
    assert header_hit(header, keywords) == hit
