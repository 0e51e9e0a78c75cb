"""A scan of a synthetic dump has a manifest row for every file and member of the truth."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from breachscope.case import Case
from breachscope.config import Config
from breachscope.engine.registry import Registry
from breachscope.evaluate.detection import evaluate_case_detection
from breachscope.scan import ScanSummary, scan

synth = pytest.importorskip("breachscope.synth")


@pytest.fixture(scope="module")
def scanned(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, ScanSummary]:
    """A synthetic dump of 200 people, scanned: its folder (``synth/``, ``case/``)."""
    tmp_path = tmp_path_factory.mktemp("synth_dump")
    synth.generate(tmp_path / "synth", 200, 3)
    return tmp_path, scan(tmp_path / "synth" / "dump", tmp_path / "case", Config(workers=2))


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_every_truth_file_has_a_manifest_row(scanned: tuple[Path, ScanSummary]) -> None:
    tmp_path, summary = scanned
    with (tmp_path / "synth" / "truth" / "files.csv").open(encoding="utf-8") as fh:
        truth = list(csv.DictReader(fh))
    with Case.open(tmp_path / "case", read_only=True) as case:
        rows = {
            r[0]: r[1:]
            for r in case.con.execute(
                "SELECT path, detected_type, extractor, status, units FROM files"
            ).fetchall()
        }
    registry = Registry.discover()
    assert summary.files == len(rows)
    for entry in truth:
        path = entry["path"]
        parent = path.rsplit("!/", 1)[0] if "!/" in path else None
        if parent is not None and parent in rows and rows[parent][1] is None:
            continue  # a container nobody can open yet (no extractor): its children cannot exist
        assert path in rows, path
        detected, extractor, status, units = rows[path]
        if registry.extractor_for(detected) is not None:
            assert (status, extractor) == ("extracted", registry.extractor_for(detected).id), path
            if int(entry.get("n_mentions") or 0) > 0:
                assert units > 0, path
        elif detected in {"zip", "gzip", "tar", "7z"}:
            assert (status, extractor) == ("extracted", "archive"), path


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_detection_against_the_truth(scanned: tuple[Path, ScanSummary]) -> None:
    """Every data class at precision and recall 0.98 or better, and every date of birth,
    BSN, e-mail address, phone number and postcode found the value of a person of its
    record, without exception (a log line's timestamp read as a date of birth, a
    letterhead's address given to the letter's first patient, were right as pairs and
    wrong as values)."""
    tmp_path, _ = scanned
    result = evaluate_case_detection(tmp_path / "case", tmp_path / "synth" / "truth")
    low = [
        (c.data_class, c.precision, c.recall)
        for c in result.classes
        if min(c.precision, c.recall) < 0.98
    ]
    assert not low
    assert {v.kind for v in result.values} == {"date_of_birth", "bsn", "email", "phone", "postcode"}
    wrong = [(v.kind, v.checked, v.wrong) for v in result.values if v.wrong]
    assert not wrong, result.wrong_value_examples  # each value is exact: none may be wrong
