"""Detection scored against a truth: (record locator, data class) pairs."""

from __future__ import annotations

from pathlib import Path

import pytest

from breachscope.detect.finding import Finding, findings_to_arrow
from breachscope.evaluate.detection import evaluate_detection
from breachscope.location import Location


def _finding(
    dc: str, loc: Location, record: str | None, kind: str | None = None, value: str = "x"
) -> Finding:
    return Finding(dc, kind or dc, dc, value, loc, 0.9, "test", record)


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
    assert result.to_dict()["version"] == 2
    assert result.values == ()  # no persons table: no value checks


def test_empty(tmp_path: Path) -> None:
    result = evaluate_detection(findings_to_arrow([]), _truth(tmp_path, []))
    assert all(c.precision == 1.0 and c.recall == 1.0 for c in result.classes)


def test_values_are_those_of_the_records_people(tmp_path: Path) -> None:
    """A pair can be right while a value in it is wrong: a log's timestamp read as a date
    of birth in a record that holds a true one, a letterhead's postcode."""
    mentions = _truth(
        tmp_path,
        [("l.log", "l.log", "date_of_birth;bsn"), ("b.docx", "b.docx#part=body", "address")],
    )
    persons = tmp_path / "persons.csv"
    persons.write_text(
        "person_id,date_of_birth,bsn,email,phone,postcode,all_postcodes\n"
        "P1,1978-03-03,12345672,,,3581AB,1017GC;3581AB\n",
        encoding="utf-8",
    )
    log, docx = Location("l.log", start=1, end=2), Location("b.docx", "body", start=1, end=2)
    findings = findings_to_arrow(
        [
            _finding("date_of_birth", log, None, value="1978-03-03"),
            _finding("date_of_birth", log, None, value="2024-03-12"),  # a timestamp
            _finding("bsn", log, None, value="012345672"),  # a dropped zero in the truth
            _finding("address", docx, None, "postcode", "1017GC"),  # her earlier address
            _finding("address", docx, None, "postcode", "2288EZ"),  # the letterhead's
            _finding("address", docx, None, "city", "Rijswijk"),  # no value known
            _finding("phone", Location("x.txt", start=1, end=2), None, value="+31612345678"),
        ]
    )
    result = evaluate_detection(findings, mentions, persons)
    by_kind = {v.kind: (v.checked, v.wrong) for v in result.values}
    assert by_kind == {
        "date_of_birth": (2, 1),
        "bsn": (1, 0),
        "email": (0, 0),
        "phone": (0, 0),  # not in a true record: a false positive pair, not checked here
        "postcode": (2, 1),
    }
    assert result.score("date_of_birth").false_positives == 0  # the pair is right
    assert result.wrong_value_examples == {
        "date_of_birth": ("l.log",),
        "postcode": ("b.docx#part=body",),
    }


def test_a_row_of_a_table_in_a_text_part_counts_as_the_part(tmp_path: Path) -> None:
    """The truth names free-text mentions by part; a table inside the text (a Word results
    table) gives row records below it, which count as the part's."""
    truth = _truth(
        tmp_path, [("b.docx", "b.docx#part=body", "bsn"), ("a.csv", "a.csv#row=2", "bsn")]
    )
    findings = findings_to_arrow(
        [
            _finding("bsn", Location("b.docx", "body", 7, "BSN"), "b.docx#part=body&row=7"),
            _finding("bsn", Location("a.csv", row=3, column="BSN"), "a.csv#row=3"),  # not a.csv
        ]
    )
    bsn = evaluate_detection(findings, truth).score("bsn")
    assert (bsn.true_positives, bsn.false_positives, bsn.false_negatives) == (1, 1, 1)
