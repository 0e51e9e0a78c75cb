"""A scan reads the structured files first and searches the surnames of their name
columns in every other file's free text (the name register)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from breachscope.case import Case
from breachscope.cli.app import build_app
from breachscope.config import Config
from breachscope.scan import REGISTER_FILE, SPOOL, scan

from .test_scan import Recorder

EXPORT = """achternaam;voorletters;geboortedatum;bsn;postcode;huisnummer;woonplaats
Pauw;S.R.;12-03-1971;111222333;2611 AB;3;Delft
Tilburg;A.;01-02-1980;123456782;3511 CD;14;Utrecht
Jansen;M.;05-06-1990;;5038 EF;7;Tilburg
"""
NOTES = """Uitslag SR Pauw
Doorgestuurd naar de vestiging Tilburg.
"""


def _dump(root: Path) -> Path:
    dump = root / "dump"
    (dump / "exports").mkdir(parents=True)
    (dump / "exports" / "patienten.csv").write_text(EXPORT, encoding="utf-8")
    (dump / "mail").mkdir()
    (dump / "mail" / "notities.txt").write_text(NOTES, encoding="utf-8")
    return dump


def _names(case: Path, path: str) -> list[tuple[str, str]]:
    with Case.open(case, read_only=True) as c:
        rows = c.con.execute(
            "SELECT value, explanation FROM findings WHERE path = ? AND data_class = 'name' "
            "ORDER BY location",
            [path],
        ).fetchall()
    return [(str(v), str(e)) for v, e in rows]


@pytest.mark.parametrize("workers", [1, 2])
def test_register_surnames_found_in_free_text(tmp_path: Path, workers: int) -> None:
    progress = Recorder()
    case = tmp_path / "case"
    summary = scan(_dump(tmp_path), case, Config(workers=workers), progress)
    assert summary.files == 2 and summary.failed == 0
    # Pauw is a patient of the export; Tilburg is a surname there but also a place
    assert _names(case, "mail/notities.txt") == [("S.R. Pauw", "name shape register")]
    assert ("name_register", {"words": 2}) in progress.notes  # Pauw, Jansen
    assert progress.phases[:4] == ["inventory", "hashing", "sniffing", "scanning"]
    assert progress.done == ["exports/patienten.csv", "mail/notities.txt"]  # tables first
    assert not (case / SPOOL / REGISTER_FILE).exists() and not (case / SPOOL).exists()


def test_without_register(tmp_path: Path) -> None:
    progress = Recorder()
    case = tmp_path / "case"
    scan(_dump(tmp_path), case, Config(workers=1, name_register=False), progress)
    assert _names(case, "mail/notities.txt") == []
    assert "sniffing" not in progress.phases
    assert not [n for n in progress.notes if n[0] == "name_register"]


def test_detect_with_the_register_of_a_case(tmp_path: Path) -> None:
    """``breachscope detect --case`` searches the register the scan of that case used."""
    case = tmp_path / "case"
    scan(_dump(tmp_path), case, Config(workers=1))
    runner, app = CliRunner(), build_app()
    args = ["detect", "Uitslag SR Pauw", "--reveal", "--json"]
    plain = json.loads(runner.invoke(app, args).output)["findings"]
    assert [f for f in plain if f["data_class"] == "name"] == []
    found = json.loads(runner.invoke(app, [*args, "--case", str(case)]).output)["findings"]
    names = [(f["value"], f["explanation"]) for f in found if f["data_class"] == "name"]
    assert names == [("S.R. Pauw", "name shape register")]
    bad = runner.invoke(app, [*args, "--case", str(tmp_path / "nothing")])
    assert bad.exit_code == 2 and "error" in bad.output
