"""Findings in a case -> assemble -> resolve -> export persons -> evaluate people."""

from __future__ import annotations

import csv
import json
import stat
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from breachscope.assemble import assemble_case
from breachscope.case import Case
from breachscope.cli.app import build_app
from breachscope.detect.finding import Finding, findings_to_arrow
from breachscope.engine.store import insert_findings
from breachscope.evaluate.people import evaluate_case_people
from breachscope.location import Location
from breachscope.resolve import resolve_case
from breachscope.resolve.export import EXPORT_COLUMNS, KEY_FILE, export_persons

pytestmark = pytest.mark.slow  # trains a Splink model

# three synthetic people: A (two table rows, one text mention), B (one row), C (text only)
PEOPLE = {
    "A": ("Jansen-de Vries", "M.J.", "1975-03-12", "111222333", "1234AB"),
    "B": ("Bakker", "K.", "1980-07-01", "123456782", "2345BC"),
    "C": ("de Boer", "L.", "1969-11-30", None, "3456CD"),
}


def _row_findings(path: str, row: int, who: str) -> list[Finding]:
    surname, initials, dob, bsn, pc = PEOPLE[who]
    rec = str(Location(path, None, row))
    out = [
        Finding("name", "surname", "t", surname, Location(path, None, row, "naam"), 0.9, "x", rec),
        Finding("name", "initials", "t", initials, Location(path, None, row, "vl"), 0.9, "x", rec),
        Finding("date_of_birth", "date_of_birth", "t", dob, Location(path, None, row, "geb"), 0.9,
                "x", rec),
        Finding("address", "postcode", "t", pc, Location(path, None, row, "pc"), 0.9, "x", rec),
        Finding("health", "hpv", "t", "positief", Location(path, None, row, "hpv"), 0.9, "x",
                rec),
    ]  # fmt: skip
    if bsn:
        out.append(Finding("bsn", "bsn", "t", bsn, Location(path, None, row, "bsn"), 0.9, "x", rec))
    return out


def _text_findings(path: str, who: str, start: int) -> list[Finding]:
    surname, initials, dob, _bsn, _pc = PEOPLE[who]
    name = f"{initials} {surname}"
    loc = Location(path, "body", None, None, start, start + len(name))
    d = Location(path, "body", None, None, start + 40, start + 50)
    return [
        Finding("name", "full_name", "t", name, loc, 0.9, "x"),
        Finding("date_of_birth", "date_of_birth", "t", dob, d, 0.9, "x"),
    ]


@pytest.fixture()
def resolved_case(tmp_path: Path) -> Path:
    findings = [
        *_row_findings("lims/a.csv", 2, "A"),
        *_row_findings("lims/a.csv", 3, "B"),
        *_row_findings("lims/b.csv", 7, "A"),
        *_text_findings("mail/1.eml", "A", 10),
        *_text_findings("mail/1.eml", "C", 300),
    ]
    root = tmp_path / "case"
    with Case.init(root) as case:
        insert_findings(case.con, findings_to_arrow(findings))
        assembled = assemble_case(case)
        assert assembled.mentions == 5
        summary = resolve_case(case)
    assert summary.persons == 3
    assert summary.tiers == {"confirmed": 2, "probable": 1, "possible": 0}
    return root


def _truth(tmp_path: Path, agbs: dict[str, tuple[str, bool]] | None = None) -> Path:
    """The truth of :data:`PEOPLE`; ``agbs``: person -> (GP's AGB code, whether a file
    names the GP)."""
    truth = tmp_path / "truth"
    truth.mkdir()
    cols = ["person_id", "surname", "initials", "date_of_birth", "bsn", "postcode",
            "data_classes", "provider_agb"]  # fmt: skip
    with open(truth / "persons.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(cols)
        for pid, (surname, initials, dob, bsn, pc) in PEOPLE.items():
            classes = "name;date_of_birth" + (";bsn;address;health" if pid != "C" else "")
            agb, named = (agbs or {}).get(pid, ("", False))
            classes += ";provider" if named else ""
            w.writerow([pid, surname, initials, dob, bsn or "", pc, classes, agb])
    with open(truth / "mentions.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["person_id", "file", "locator", "data_classes"])
        w.writerow(["A", "lims/a.csv", "lims/a.csv#row=2", "name"])
        w.writerow(["B", "lims/a.csv", "lims/a.csv#row=3", "name"])
        w.writerow(["A", "lims/b.csv", "lims/b.csv#row=7", "name"])
        w.writerow(["A", "mail/1.eml", "mail/1.eml#part=body", "name"])
        w.writerow(["C", "mail/1.eml", "mail/1.eml#part=body", "name"])
    return truth


def test_tables_are_written(resolved_case: Path) -> None:
    with Case.open(resolved_case, read_only=True) as case:
        counts = {
            t: case.con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0]
            for t in ("mentions", "persons", "person_evidence", "person_counts")
        }
        linked = case.con.execute("SELECT count(*) FROM mentions WHERE person_id IS NULL")
        assert linked.fetchall()[0][0] == 0
        info = case.info()
    assert counts["mentions"] == 5 and counts["persons"] == 3
    assert counts["person_evidence"] > 0 and counts["person_counts"] > 0
    assert json.loads(info["resolve_summary"])["persons"] == 3


def test_export_is_pseudonymised_by_default(resolved_case: Path, tmp_path: Path) -> None:
    out = tmp_path / "persons.csv"
    assert export_persons(resolved_case, out) == 3
    with open(out, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert tuple(rows[0]) == EXPORT_COLUMNS
    for r in rows:
        assert r["surname"].startswith("h:") and r["date_of_birth"].startswith("h:")
        assert r["postcode"] in ("", "3456**") or r["postcode"].endswith("**")
        assert "111222333" not in r.values() and "Jansen-de Vries" not in r.values()
    meta = json.loads(Path(f"{out}.meta.json").read_text(encoding="utf-8"))
    assert meta["version"] == 1 and meta["revealed"] is False
    key = resolved_case / KEY_FILE
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    # same case, same key: pseudonyms are stable
    again = tmp_path / "again.csv"
    export_persons(resolved_case, again)
    assert again.read_text(encoding="utf-8") == out.read_text(encoding="utf-8")


def test_export_reveal_parquet(resolved_case: Path, tmp_path: Path) -> None:
    out = tmp_path / "persons.parquet"
    export_persons(resolved_case, out, reveal=True, fmt="parquet")
    table = pq.read_table(out)
    assert tuple(table.column_names) == EXPORT_COLUMNS
    assert table.schema.metadata[b"breachscope.version"] == b"1"
    rows = {r["bsn"]: r for r in table.to_pylist()}
    a = rows["111222333"]
    assert (a["surname"], a["date_of_birth"], a["n_mentions"]) == ("Jansen-de Vries",
                                                                    "1975-03-12", 3)  # fmt: skip
    assert a["data_classes"] == "name;date_of_birth;bsn;address;health"
    assert a["sources"] == "lims/a.csv;lims/b.csv;mail/1.eml"


def test_evaluate_people_against_a_truth(resolved_case: Path, tmp_path: Path) -> None:
    result = evaluate_case_people(resolved_case, _truth(tmp_path))
    assert (result.precision, result.recall, result.count_error) == (1.0, 1.0, 0.0)
    assert result.mapped_mentions == 5 and result.pairwise.f1 == 1.0
    assert result.class_recall["name"] == 1.0


def test_provider_accuracy_counts_the_people_whose_provider_leaked(
    resolved_case: Path, tmp_path: Path
) -> None:
    """A has a GP whom a file names (and the case found no provider for her: wrong); B
    has a GP whom no file names: nothing to find, not counted."""
    truth = _truth(tmp_path, {"A": ("01234567", True), "B": ("07654321", False)})
    result = evaluate_case_people(resolved_case, truth)
    assert (result.provider_accuracy, result.provider_support) == (0.0, 1)


def test_cli_resolve_and_export(resolved_case: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    app = build_app()
    res = runner.invoke(app, ["resolve", "--case", str(resolved_case), "--skip-assemble"])
    assert res.exit_code == 0, res.output
    assert "3 people" in res.output
    out = tmp_path / "p.csv"
    res = runner.invoke(app, ["export", "persons", "--case", str(resolved_case), "--out",
                              str(out), "--reveal"])  # fmt: skip
    assert res.exit_code == 0, res.output
    assert "Jansen-de Vries" in out.read_text(encoding="utf-8")


def test_people_evaluation_prints_and_saves(resolved_case: Path, tmp_path: Path) -> None:
    from rich.console import Console

    from breachscope.cli.evaluate_people import PEOPLE_JSON, run_people_evaluation

    console = Console(record=True, width=100)
    report = run_people_evaluation(resolved_case, _truth(tmp_path), console)
    assert report is not None and report["count_error"] == 0.0
    assert "person recall" in console.export_text()
    saved = json.loads((resolved_case / PEOPLE_JSON).read_text(encoding="utf-8"))
    assert saved["version"] == 1 and saved["recall"] == 1.0


@pytest.mark.parametrize("rows", [0, 1, 2])
def test_a_case_of_one_mention_has_one_person(tmp_path: Path, rows: int) -> None:
    """A lone mention has rowid 0, which once read as 'no rows' and was never copied."""
    findings = [f for i, who in enumerate("AB"[:rows]) for f in _row_findings("a.csv", i + 2, who)]
    with Case.init(tmp_path / "case") as case:
        if findings:
            insert_findings(case.con, findings_to_arrow(findings))
        assert assemble_case(case).mentions == rows
        assert resolve_case(case).persons == rows
        stored = case.con.sql("SELECT count(*) FROM mentions WHERE person_id IS NOT NULL")
        assert stored.fetchall()[0][0] == rows


_WRITTEN = ("mentions", "persons", "person_evidence", "unattributed_evidence")


def _contents(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple[int, int]]]:
    """Row count and sum of row hashes of each table assemble and resolve write."""
    return {t: con.sql(f"SELECT count(*), sum(hash(t)) FROM {t} AS t").fetchall() for t in _WRITTEN}


def _definitions(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    rows = con.sql("SELECT table_name, sql FROM duckdb_tables() ORDER BY table_name").fetchall()
    return {str(name): str(sql) for name, sql in rows}


def test_a_failed_write_leaves_the_case_as_it_was(
    resolved_case: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Resolve sets the mentions' person ids in place and assemble renames its staged tables
    in: both in one transaction each, so a failure on the way keeps every table (and its
    definition, NOT NULL included) as it was, and leaves no staging table behind."""
    from breachscope.resolve import run

    with Case.open(resolved_case) as case:
        before = _contents(case.con)
        tables = _definitions(case.con)
        monkeypatch.setattr(run, "evidence_sql", lambda _: "SELECT no_such_column")
        with pytest.raises(duckdb.Error):
            resolve_case(case)
        monkeypatch.undo()
        assert _contents(case.con) == before
        assert _definitions(case.con) == tables
        # assemble and resolve again: the same tables, the same rows
        case.con.execute("UPDATE mentions SET person_id = NULL")
        assemble_case(case)
        resolve_case(case)
        assert _contents(case.con) == before
        assert _definitions(case.con) == tables
        with pytest.raises(duckdb.ConstraintException):
            case.con.execute("UPDATE mentions SET record = NULL")
