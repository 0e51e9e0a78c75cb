"""Golden regression sets per data class (``golden/<class>.json``).

Each case is a text and the substrings that must be found for the class, in order. The
set of failing cases must equal the listed ``known_failures``: a regression fails, and so
does a silent fix (then move the case out of ``known_failures``). A case may give a
``register``: surnames from structured sources, as ``breachscope scan`` builds it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from breachscope.config import Config
from breachscope.detect.engine import detect_units
from breachscope.extract.units import TextUnit
from breachscope.location import Location

GOLDEN = Path(__file__).parent / "golden"
SETS = sorted(GOLDEN.glob("*.json"))


def found(text: str, data_class: str, register: list[str] | None = None) -> list[str]:
    unit = TextUnit(Location("golden.txt"), text)
    table = detect_units([unit], Config(workers=1), register=set(register or ()) or None)
    spans = []
    for dc, loc in zip(
        table.column("data_class").to_pylist(), table.column("location").to_pylist(), strict=True
    ):
        if dc == data_class:
            parsed = Location.parse(loc)
            assert parsed.start is not None and parsed.end is not None
            spans.append((parsed.start, parsed.end))
    return [text[s:e] for s, e in sorted(spans)]


@pytest.mark.parametrize("path", SETS, ids=[p.stem for p in SETS])
def test_golden(path: Path) -> None:
    doc = json.loads(path.read_text(encoding="utf-8"))
    failures = sorted(
        case["id"]
        for case in doc["cases"]
        if found(case["text"], doc["data_class"], case.get("register")) != case["expected"]
    )
    assert failures == sorted(doc["known_failures"])


def test_every_class_has_a_golden_set() -> None:
    from breachscope.vocabulary import DATA_CLASSES

    assert {p.stem for p in SETS} == set(DATA_CLASSES)
