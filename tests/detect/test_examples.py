"""Example and test values in manuals and forms are held back, with their reason."""

from __future__ import annotations

import pytest

from breachscope.config import Config
from breachscope.detect import examples
from breachscope.detect.heldback import held_back
from breachscope.extract.units import TextUnit
from breachscope.location import Location

from .helpers import read_findings

MANUAL = (
    "Handleiding ScreenIT - deelnemer zoeken\n\n"
    "Stap 1. Voer het BSN in, bijvoorbeeld 123456782, en druk op Enter.\n"
    "Stap 3. Bij een testdeelnemer (Test Testpatiënt, BSN 999999990) verschijnt een balk.\n"
    "Voorbeeld van een adresregel: Teststraat 1, 1234 AB Teststad.\n"
    "Voorbeeld IBAN: NL91 ABNA 0417 1643 00.\n"
    'Voorbeeld uitslagregel: "hrHPV positief, Pap 2" betekent verwijzing.\n'
)


def test_a_manuals_examples_are_no_findings() -> None:
    assert read_findings(MANUAL) == []


def test_each_example_is_held_back_with_its_reason() -> None:
    unit = TextUnit(Location("handleiding.txt"), MANUAL)
    held = {(h.data_class, h.value) for h in held_back([unit], Config())}
    assert {
        ("bsn", "123456782"),
        ("bsn", "999999990"),
        ("name", "Testpatiënt"),
        ("address", "Teststraat"),
        ("address", "1234AB"),
        ("iban", "NL91ABNA0417164300"),
        ("health", "Pap 2"),
    } <= held
    reasons = {h.reason for h in held_back([unit], Config()) if h.data_class == "bsn"}
    assert reasons == {examples.REASON}


@pytest.mark.parametrize(
    ("text", "value"),
    [
        # the marker in another sentence: her own data
        ("Dit is een voorbeeld. Mw. J. Bakker, BSN 123456782, kreeg de brief.", "123456782"),
        # the marker after the value
        ("BSN 123456782 (geen voorbeeld)", "123456782"),
        # a test's name is no marker (``HPV-test``), nor is a company's ``B.V.``
        ("HPV-test bij mw. Bakker, BSN 123456782.", "123456782"),
        ("Cytolab B.V. - mw. Bakker, BSN 123456782.", "123456782"),
        # initials are no "e.g."
        ("Betreft dhr. E.G. van de Pol, geboren 22 juni 2002, BSN 067417371: de", "067417371"),
        # a marker on the line above
        ("Bijvoorbeeld:\nMw. J. Bakker, BSN 123456782", "123456782"),
    ],
)
def test_values_that_are_no_examples_stay(text: str, value: str) -> None:
    assert value in [v for c, v, _, _ in read_findings(text) if c == "bsn"]


@pytest.mark.parametrize(
    ("lower", "at", "expected"),
    [
        ("voer het bsn in, bijvoorbeeld 123456782", 30, True),
        ("bijv. 123456782", 6, True),
        ("dhr. e.g. van de pol, bsn 067417371", 26, False),  # initials, no "e.g."
        ("voorbeeld iban: nl91", 16, True),
        ("een voorbeeld. bsn 123456782", 19, False),
        ("hpv-test 123456782", 9, False),
        ("mail info@example.nl, 06-12345678", 22, False),
    ],
)
def test_is_example(lower: str, at: int, expected: bool) -> None:
    assert examples.is_example(lower, at) is expected


@pytest.mark.parametrize(
    ("text", "value"),
    [
        # a test system's made-up person: the marker inside the value itself
        ('naam: "Jan Proefpersoon"          # standaard testpatient', "Jan Proefpersoon"),
        ("Naam: Piet Testpersoon, geboren 01-01-1970", "Piet Testpersoon"),
    ],
)
def test_a_value_holding_a_marker_is_held_back(text: str, value: str) -> None:
    unit = TextUnit(Location("fixtures.yaml"), text)
    assert ("name", value) in {(h.data_class, h.value) for h in held_back([unit], Config())}
    assert value not in [v for c, v, _, _ in read_findings(text) if c == "name"]


def test_a_marker_inside_the_value_counts_only_with_its_end() -> None:
    lower = 'naam: "jan proefpersoon"'
    assert not examples.is_example(lower, 7)
    assert examples.is_example(lower, 7, end=23)
