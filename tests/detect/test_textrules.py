"""Unit-level rules over free text: providers need a patient, company documents, and
signatures."""

from __future__ import annotations

import json
from pathlib import Path

from breachscope.config import Config
from breachscope.detect.detectorset import DetectorSet
from breachscope.detect.engine import detect_units
from breachscope.detect.textrules import apply_text_rules, closing_blocks, text_rule_verdicts
from breachscope.extract.units import TextUnit
from breachscope.location import Location


def _classes(text: str) -> list[str]:
    table = detect_units([TextUnit(Location("m.eml", "body"), text)], Config(workers=1))
    return table.column("data_class").to_pylist()


def test_provider_without_patient_is_dropped() -> None:
    assert _classes("To: Huisartsenpraktijk Willems <info@example.nl>") == []
    assert "provider" in _classes("Uitslag hrHPV negatief. Huisarts: Dr. P. Willems")


def test_department_signature_is_the_organisations() -> None:
    text = (
        "Uitslag hrHPV negatief.\n\nMet vriendelijke groet,\n\nAfdeling Uitslagen\n"
        "Diagnostisch Laboratorium Haaglanden-West\nT 070 - 307 44 00\n"
    )
    assert "phone" not in _classes(text)


def test_personal_signature_keeps_contact_details() -> None:
    text = (
        "Met vriendelijke groet,\n\nMariska van der Haar\nAnalist cytologie\n"
        "Diagnostisch Laboratorium Haaglanden-West\nT 0031 6 2279 5583\n"
        "E m.vanderhaar@hotmail.com\n"
    )
    assert sorted(_classes(text)) == ["email", "name", "phone"]
    # a signer's name with letters beyond latin-1 still names a person
    polish = text.replace("Mariska van der Haar", "mevr. A.M.J. Wiśniewska")
    assert sorted(_classes(polish)) == ["email", "name", "phone"]


def test_closing_blocks_stop_at_quoted_reply() -> None:
    text = "Groet,\r\nJan\r\n> Op 1 mei schreef X:\r\n> tel 06-12345678"
    [(start, end)] = closing_blocks("Met vriendelijke groet,\r\n" + text[7:])
    assert "06-12345678" not in ("Met vriendelijke groet,\r\n" + text[7:])[start:end]


def _golden_texts() -> list[str]:
    golden = Path(__file__).parent / "golden"
    return sorted(
        {c["text"] for p in golden.glob("*.json") for c in json.loads(p.read_text())["cases"]}
    )


def test_held_back_and_kept_split_every_hit() -> None:
    """What the rules keep is what they always kept; with what they hold back, it is every
    hit, each once."""
    dset = DetectorSet.build(Config(workers=1))
    texts = [*_golden_texts(), "Paspoortnummer NXC3J8K11. Aanvrager: Dr. P. Willems"]
    for text in texts:
        hits = dset.text_hits(text)
        kept, held = text_rule_verdicts(text, hits)
        assert kept == apply_text_rules(text, hits)
        assert sorted(map(id, kept + [h for h, _ in held])) == sorted(map(id, hits))
