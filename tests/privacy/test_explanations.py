"""Finding explanations name the pattern, checksum, context word or column evidence:
never the matched value or the people of the synthetic leak."""

from __future__ import annotations

import csv

import pytest

from breachscope import synth
from breachscope.config import Config
from breachscope.detect.engine import detect_units
from breachscope.detect.files import units_of_file
from breachscope.detect.finding import Finding, findings_from_arrow
from breachscope.extract.base import ExtractError, SkipFile
from breachscope.extract.units import Unit

MIN_LEN = 4  # shorter values ("M.", "2") occur in any text by chance


@pytest.fixture(scope="module")
def leak(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Finding], list[dict[str, str]]]:
    root = tmp_path_factory.mktemp("synth")
    synth.generate(root, 30, 3)
    config = Config(workers=1)
    units: list[Unit] = []
    for path in sorted((root / "dump").rglob("*")):
        if path.is_file():
            try:
                units.extend(units_of_file(path, config))
            except (ExtractError, SkipFile):
                continue
    findings = findings_from_arrow(detect_units(units, config))
    people = list(csv.DictReader((root / "truth" / "persons.csv").open(encoding="utf-8")))
    return findings, people


def test_explanations_hold_no_finding_value(
    leak: tuple[list[Finding], list[dict[str, str]]],
) -> None:
    findings, _ = leak
    assert len({f.data_class for f in findings}) >= 6  # the sample exercises most detectors
    values = {f.value for f in findings if len(f.value) >= MIN_LEN}
    for f in findings:
        assert f.explanation
        leaked = [v for v in values if v in f.explanation]
        assert not leaked, (f.detector, f.explanation)


def test_explanations_hold_no_truth_value(
    leak: tuple[list[Finding], list[dict[str, str]]],
) -> None:
    findings, people = leak
    columns = ("bsn", "surname", "date_of_birth", "phone", "email", "street", "postcode")
    secrets = {p[c] for p in people for c in columns if len(p[c]) >= MIN_LEN}
    assert any(p["bsn"] for p in people)
    explanations = {f.explanation for f in findings}
    for text in explanations:
        assert not [s for s in secrets if s in text], text
