"""Detection scored against a truth: (record locator, data class) pairs."""

from __future__ import annotations

from pathlib import Path

import pytest

from breachscope.detect.finding import Finding, findings_to_arrow
from breachscope.evaluate.detection import evaluate_detection
from breachscope.location import Location


def _finding(dc: str, loc: Location, record: str | None) -> Finding:
    return Finding(dc, dc, dc, "x", loc, 0.9, "test", record)


def _truth(tmp_path: Path, rows: list[tuple[str, str, str]]) -> Path:
    path = tmp_path / "mentions.csv"
    lines = ["person_id,file,locator,data_classes"]
    lines += [f"P1,{file},{loc},{classes}" for file, loc, classes in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_scores(tmp_path: Path) -> None:
    truth = _truth(
        tmp_path,
        [
            ("a.csv", "a.csv#row=2", "name;bsn"),
            ("r.pdf", "r.pdf#part=page-1", "name;health"),
            ("l.log", "l.log", "bsn"),
        ],
    )
    findings = findings_to_arrow(
        [
            _finding("name", Location("a.csv", row=2, column="Naam"), "a.csv#row=2"),
            _finding("name", Location("r.pdf", "page-1", start=3, end=9), None),
            _finding("health", Location("r.pdf", "page-1", start=20, end=29), None),
            _finding("health", Location("r.pdf", "page-1", start=40, end=49), None),  # same pair
            _finding("bsn", Location("l.log", start=5, end=14), None),
            _finding("phone", Location("a.csv", row=3, column="Tel"), "a.csv#row=3"),  # FP
            # a provider-directory row: no record, not a person mention, not scored
            _finding("provider", Location("gp.csv", row=2, column="AGB"), None),
        ]
    )
    result = evaluate_detection(findings, truth)
    name, bsn, phone = result.score("name"), result.score("bsn"), result.score("phone")
    assert (name.true_positives, name.false_positives, name.false_negatives) == (2, 0, 0)
    assert (bsn.true_positives, bsn.false_negatives) == (1, 1)
    assert bsn.recall == pytest.approx(0.5)
    assert (phone.false_positives, phone.precision) == (1, 0.0)
    assert result.score("provider").false_positives == 0
    assert result.false_negative_examples["bsn"] == ("a.csv#row=2",)
    assert result.total.true_positives == 4
    assert result.to_dict()["version"] == 1


def test_empty(tmp_path: Path) -> None:
    result = evaluate_detection(findings_to_arrow([]), _truth(tmp_path, []))
    assert all(c.precision == 1.0 and c.recall == 1.0 for c in result.classes)
