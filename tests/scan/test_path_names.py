"""A patient's name or BSN in a folder or file name: found by the scan, and never printed
again, in the progress log, the manifest export or the persons export, unless revealed."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from breachscope.cli.app import build_app
from breachscope.detect.paths import PATH_LOCATION_LIKE

SECRETS = ("Jansen, Petra", "Petra", "111222333", "12-03-1978", "Bakker", "1234 AB")


@pytest.fixture
def dump(tmp_path: Path) -> Path:
    root = tmp_path / "dump"
    (root / "scans" / "Jansen, Petra 12-03-1978").mkdir(parents=True)
    # unreadable: what its name says is all that leaks of it
    (root / "scans" / "Jansen, Petra 12-03-1978" / "aanvraag.pdf").write_bytes(b"%PDF-1.4 \x00")
    (root / "scans" / "Jansen, Petra 12-03-1978" / "uitslag.txt").write_text("hrHPV negatief\n")
    (root / "export").mkdir()
    (root / "export" / "BSN_111222333.txt").write_text("geen inhoud\n")
    (root / "lijst.csv").write_text("naam;postcode\nK. de Wit;1234 AB\n")
    member = io.BytesIO()
    with zipfile.ZipFile(member, "w") as zf:
        zf.writestr("Mevr. P. Bakker/uitslag.txt", "Uitslag: Pap 1\n")
    (root / "archief.zip").write_bytes(member.getvalue())
    return root


def _path_findings(case: Path) -> list[tuple[str, str, str]]:
    con = duckdb.connect(str(case / "case.duckdb"), read_only=True)
    try:
        rows = con.execute(
            "SELECT data_class, value, path FROM findings WHERE location LIKE ? ORDER BY 3, 1",
            [PATH_LOCATION_LIKE],
        ).fetchall()
    finally:
        con.close()
    return [(str(a), str(b), str(c)) for a, b, c in rows]


def test_scan_finds_people_in_paths_and_prints_none(dump: Path, tmp_path: Path) -> None:
    case = tmp_path / "case"
    runner = CliRunner()
    app = build_app()
    scanned = runner.invoke(
        app, ["scan", str(dump), "--case", str(case), "--workers", "1", "--log-json"]
    )
    assert scanned.exit_code == 0, scanned.output
    expected = [
        ("name", "P. Bakker", "archief.zip!/Mevr. P. Bakker/uitslag.txt"),
        ("bsn", "111222333", "export/BSN_111222333.txt"),
        ("date_of_birth", "1978-03-12", "scans/Jansen, Petra 12-03-1978/aanvraag.pdf"),
        ("name", "Petra Jansen", "scans/Jansen, Petra 12-03-1978/aanvraag.pdf"),
    ]
    assert _path_findings(case) == expected
    assert '"path": "scans/[name] [date]/uitslag.txt"' in scanned.output  # the log
    assert '"path": "export/BSN_[bsn].txt"' in scanned.output
    for secret in SECRETS:
        assert secret not in scanned.output

    # the files below her folder, and the archive's, name no one: their results are hers
    con = duckdb.connect(str(case / "case.duckdb"), read_only=True)
    try:
        joined = con.execute(
            "SELECT surname, list_sort(data_classes) FROM mentions "
            "WHERE record LIKE '%#part=(path)' AND list_contains(data_classes, 'health') "
            "ORDER BY 1"
        ).fetchall()
        lost = con.execute("SELECT path, data_class FROM unattributed_evidence").fetchall()
    finally:
        con.close()
    assert joined == [
        ("Bakker", ["health", "name"]),
        ("Jansen", ["date_of_birth", "health", "name"]),
    ]
    assert lost == []

    again = runner.invoke(app, ["scan", str(dump), "--case", str(case), "--quiet"])
    assert again.exit_code == 0, again.output
    assert _path_findings(case) == expected  # read again in place, not twice

    files, revealed = tmp_path / "files.csv", tmp_path / "files-revealed.csv"
    for out, extra in ((files, []), (revealed, ["--reveal"])):
        args = ["export", "files", "--case", str(case), "--out", str(out), *extra]
        done = runner.invoke(app, args)
        assert done.exit_code == 0, done.output
    text = files.read_text(encoding="utf-8")
    assert "scans/[name] [date]/aanvraag.pdf" in text
    assert "archief.zip!/Mevr. [name]/uitslag.txt" in text
    for secret in SECRETS:
        assert secret not in text
    assert "scans/Jansen, Petra 12-03-1978/aanvraag.pdf" in revealed.read_text(encoding="utf-8")

    persons = tmp_path / "persons.csv"
    done = runner.invoke(app, ["export", "persons", "--case", str(case), "--out", str(persons)])
    assert done.exit_code == 0, done.output
    text = persons.read_text(encoding="utf-8")
    assert "export/BSN_[bsn].txt" in text and "scans/[name] [date]/aanvraag.pdf" in text
    for secret in SECRETS:
        assert secret not in text


def test_the_progress_log_masks_names_known_only_from_the_register(tmp_path: Path) -> None:
    # "Tjoelker" is on no name list: only the register of the structured files knows it,
    # and the letter's path is logged after that register is made
    root = tmp_path / "dump"
    (root / "brieven").mkdir(parents=True)
    (root / "patienten.csv").write_text(
        "achternaam;voorletters;geboortedatum;bsn\n"
        "Tjoelker;P.;12-03-1978;111222333\n"
        "Wnukowska;A.;01-02-1980;123456782\n"
    )
    (root / "brieven" / "Tjoelker P.txt").write_text("Uitslag: hrHPV negatief\n")
    (root / "brieven" / "uitslag_Wnukowska_A.txt").write_text("Uitslag: Pap 1\n")
    case = tmp_path / "case"
    scanned = CliRunner().invoke(
        build_app(), ["scan", str(root), "--case", str(case), "--workers", "1", "--log-json"]
    )
    assert scanned.exit_code == 0, scanned.output
    assert '"path": "brieven/[name].txt"' in scanned.output
    assert "Tjoelker" not in scanned.output and "Wnukowska" not in scanned.output
    found = [f for f in _path_findings(case) if f[0] == "name"]
    assert [(v, p) for _, v, p in found] == [
        ("P. Tjoelker", "brieven/Tjoelker P.txt"),
        ("A. Wnukowska", "brieven/uitslag_Wnukowska_A.txt"),
    ]
