"""A form's labels and values that a PDF's text layer gives as two blocks of lines are
read as pairs: the i-th label names the i-th value."""

from __future__ import annotations

import pytest

from breachscope.config import Config
from breachscope.detect.engine import claimed_columns, detect_units, detector_set
from breachscope.detect.finding import findings_from_arrow
from breachscope.detect.labelblocks import IN_BLOCKS, LABELS_LAST, label_blocks
from breachscope.extract.units import TextUnit
from breachscope.location import Location

CONFIG = Config(workers=1)


def _found(text: str) -> list[tuple[str, str, str]]:
    unit = TextUnit(Location("uitslag.pdf", "page1"), text)
    return [
        (f.data_class, f.value, str(f.location).split("#")[1])
        for f in findings_from_arrow(detect_units([unit], CONFIG))
    ]


def test_labels_then_values() -> None:
    text = (
        "Laboratorium Zuid\nUitslag cervixonderzoek\n\n"
        "Naam:\nGeboortedatum:\nBSN:\nAdres:\nPostcode/Plaats:\n"
        "Mevr. H.J. Brouwer\n17-06-1975\n220269634\nEikenlaan 3\n7412 AB Deventer\n"
        "Uitslag hrHPV: negatief\n"
    )
    found = _found(text)
    assert {
        ("name", "H.J. Brouwer", "part=page1&row=9&col=Naam"),
        ("date_of_birth", "1975-06-17", "part=page1&row=10&col=Geboortedatum"),
        ("bsn", "220269634", "part=page1&row=11&col=BSN"),
        ("address", "7412AB", "part=page1&row=13&col=Postcode/Plaats"),
    } <= set(found)
    assert [v for c, v, _ in found if c == "bsn"] == ["220269634"]  # (read once)


def test_values_then_labels() -> None:
    """A PDF that drew its values before its labels."""
    found = _found("M. Koster\n05-05-1959\n792902816\nNaam\nGeboortedatum\nBSN\nUitslag: Pap 1\n")
    assert {
        ("name", "M. Koster", "part=page1&row=1&col=Naam"),
        ("date_of_birth", "1959-05-05", "part=page1&row=2&col=Geboortedatum"),
        ("bsn", "792902816", "part=page1&row=3&col=BSN"),
        ("health", "Pap 1", "part=page1&start=63&end=68"),  # (the text around stays)
    } <= set(found)


def test_values_left_of_their_labels() -> None:
    """A PDF that drew each value before its label on one line: the longest label that
    reads as one (``Datum van afname``; ``Naam`` of ``P. Jansen Naam``), the value before
    it; a field no detector claims (the sample date) stays text."""
    text = (
        "Uitslag cervixonderzoek\n"
        "P. Jansen Naam:\n03-03-1978 Geboortedatum:\n\n506332433 BSN:\n"
        "12-03-2024 Datum van afname:\nhrHPV positief Uitslag:\n"
    )
    unit = TextUnit(Location("u.pdf", "page1"), text)
    found = findings_from_arrow(detect_units([unit], CONFIG))
    assert {(f.data_class, f.value, str(f.location).split("#")[1]) for f in found} == {
        ("name", "P. Jansen", "part=page1&row=2&col=Naam"),
        ("date_of_birth", "1978-03-03", "part=page1&row=3&col=Geboortedatum"),
        ("bsn", "506332433", "part=page1&row=5&col=BSN"),
        ("health", "hrHPV positief", "part=page1&row=7&col=Uitslag"),
    }
    assert {str(f.record) for f in found} == {"u.pdf#part=page1"}
    assert all(f.explanation.endswith(LABELS_LAST) for f in found)


def test_the_form_is_one_record_explained() -> None:
    unit = TextUnit(Location("u.pdf", "page1"), "Naam:\nGeboortedatum:\nBSN:\nP. Jansen\n"
                    "03-03-1978\n506332433\n")  # fmt: skip
    found = findings_from_arrow(detect_units([unit], CONFIG))
    assert {str(f.record) for f in found} == {"u.pdf#part=page1"}
    assert all(f.explanation.endswith(IN_BLOCKS) for f in found)


@pytest.mark.parametrize(
    "text",
    [
        "Naam:\nGeboortedatum:\nBSN:\nP. Jansen\n03-03-1978\n506332433",  # no final break
        "Naam:\r\nGeboortedatum:\r\nBSN:\r\nP. Jansen\r\n03-03-1978\r\n506332433\r\n",
        "P. Jansen\n03-03-1978\n506332433\n\nNaam\nGeboortedatum\nBSN",  # values first
    ],
)
def test_the_ends_of_a_text_and_its_line_breaks(text: str) -> None:
    found = _found(text)
    assert {(c, v) for c, v, _ in found} == {
        ("name", "P. Jansen"),
        ("date_of_birth", "1978-03-03"),
        ("bsn", "506332433"),
    }
    assert all("&row=" in loc for _, _, loc in found)


@pytest.mark.parametrize(
    "text",
    [
        # a list of required fields, then prose
        "Verplichte velden:\nNaam\nGeboortedatum\nBSN\nDeze velden moeten altijd worden\n"
        "ingevuld voor verzending.\nZie de handleiding.\n",
        # too few values after the labels, a blank line inside them
        "Naam:\nGeboortedatum:\nBSN:\nP. Jansen\n\n03-03-1978\n506332433\n",
        # a label twice
        "Naam:\nBSN:\nNaam:\nP. Jansen\n506332433\nM. de Vries\n",
        # two labels only
        "Naam:\nBSN:\nP. Jansen\n506332433\n",
        # lines that end in a colon after prose, and two values left of labels only
        "Wij vragen u het volgende:\nStuur de uitslag naar:\nBel bij vragen met ons via:\n",
        "P. Jansen Naam:\n506332433 BSN:\nmet vriendelijke groet\n",
    ],
)
def test_what_is_no_block_of_labels_and_values(text: str) -> None:
    dset = detector_set(CONFIG)
    unit = TextUnit(Location("u.pdf", "page1"), text)
    assert label_blocks(unit, lambda t: claimed_columns(dset, t), dset.names_field) == (unit, [])


def test_a_blanked_form_keeps_offsets_and_the_rest_of_the_text() -> None:
    dset = detector_set(CONFIG)
    text = "Naam:\nGeboortedatum:\nBSN:\nP. Jansen\n03-03-1978\n506332433\nmet groet\n"
    rest, (table,) = label_blocks(
        TextUnit(Location("u.pdf"), text), lambda t: claimed_columns(dset, t), dset.names_field
    )
    assert len(rest.text) == len(text)
    assert rest.text.count("\n") == text.count("\n")
    assert "506332433" not in rest.text and "met groet" in rest.text
    assert table.columns == ("Naam", "Geboortedatum", "BSN")
