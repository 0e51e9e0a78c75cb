"""A dump's results tables reach their patients in the case, however far apart the
tables lie in the file: the scan's workers write the rows' keys, the case links them once
every file is read (``breachscope.detect.links``)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from breachscope.case import Case
from breachscope.config import Config
from breachscope.engine import batch
from breachscope.engine.batch import Rows, ScanItem, iter_scan_batch, scan_batch
from breachscope.engine.registry import Registry
from breachscope.scan import scan

DUMP = b"""
CREATE TABLE `monster` (`id` int, `patient_id` int, `afname` date, `hpv` varchar(20),
  `huisarts_agb` char(8));
INSERT INTO `monster` VALUES (10,1,'2024-05-02','positief','01012345'),
  (11,2,'2024-05-03','negatief','01054321');
CREATE TABLE `uitslag` (`id` int, `monster_id` int, `cytologie` varchar(20));
INSERT INTO `uitslag` VALUES (100,10,'Pap 3a1'),(101,11,'Pap 1');
CREATE TABLE `patient` (`id` int, `bsn` char(9), `achternaam` varchar(80),
  `voorletters` varchar(20), `geboortedatum` date);
INSERT INTO `patient` VALUES (1,'123456782','Jansen','P.','1978-03-12'),
  (2,'111222333','Vries','M.','1965-11-02');
"""  # (results first, as mysqldump orders tables by name)
HEALTH = {
    ("positief", "db.sql#part=patient&row=1", "db.sql#part=monster&row=1&col=hpv"),
    ("negatief", "db.sql#part=patient&row=2", "db.sql#part=monster&row=2&col=hpv"),
    ("Pap 3a1", "db.sql#part=patient&row=1", "db.sql#part=uitslag&row=1&col=cytologie"),
    ("Pap 1", "db.sql#part=patient&row=2", "db.sql#part=uitslag&row=2&col=cytologie"),
}


def test_a_scan_links_the_results_to_their_patients(tmp_path: Path) -> None:
    dump = tmp_path / "dump"
    dump.mkdir()
    (dump / "db.sql").write_bytes(DUMP)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("backup/lims.sql", DUMP.replace(b"'Jansen'", b"'Janssen'"))
    (dump / "oud.zip").write_bytes(buf.getvalue())
    case_dir = tmp_path / "case"
    scan(dump, case_dir, Config(workers=2))
    for _ in range(2):  # a second scan (nothing left to read) changes nothing
        with Case.open(case_dir) as case:
            con = case.con
            found = con.sql(
                "SELECT value, record, location FROM findings WHERE data_class = 'health' "
                "AND path = 'db.sql'"
            ).fetchall()
            assert set(found) == HEALTH
            member = con.sql(
                "SELECT value, record, location FROM findings WHERE data_class = 'health' "
                "AND path = 'oud.zip!/backup/lims.sql'"
            ).fetchall()
            inside = "oud.zip!/backup/lims.sql"
            assert set(member) == {
                (v, inside + r.removeprefix("db.sql"), inside + loc.removeprefix("db.sql"))
                for v, r, loc in HEALTH
            }
            agb = con.sql(
                "SELECT record FROM findings WHERE kind = 'provider_agb' AND value = '01012345' "
                "AND path = 'db.sql'"
            ).fetchall()
            assert agb == [("db.sql#part=patient&row=1",)]  # through whom: her GP
            assert con.sql("SELECT count(*) FROM record_keys").fetchall() == [(0,)]
            assert con.sql(
                "SELECT count(*), min(hops), max(hops) FROM record_links"
            ).fetchall() == [(8, 1, 2)]
        scan(dump, case_dir, Config(workers=2))


def test_tables_in_separate_detection_calls_are_linked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every table in a detection call of its own: the results' calls come before their
    patients', and each call's findings leave the worker before the next is read."""
    monkeypatch.setattr(batch, "DETECT_WEIGHT", 1)
    monkeypatch.setattr(batch, "FLUSH_BYTES", 1)
    (tmp_path / "db.sql").write_bytes(DUMP)
    items = [ScanItem("db.sql", str(tmp_path / "db.sql"), len(DUMP))]
    events = list(iter_scan_batch(items, Config(), tmp_path / "spool", Registry.discover()))
    sent = [e for e in events if isinstance(e, Rows) and e.findings.num_rows]
    assert len(sent) == 3  # one per table
    assert (
        sum(e.keys.num_rows for e in events if isinstance(e, Rows)) == 10
    )  # ids, and the references
    _, findings = scan_batch(items, Config(), tmp_path / "spool")
    rows = [r for r in findings.to_pylist() if r["data_class"] == "health"]
    assert {(r["value"], r["record"], r["location"]) for r in rows} == HEALTH


def test_a_scan_links_tables_across_the_files_of_a_folder(tmp_path: Path) -> None:
    """A database exported as one CSV per table, in a folder of the dump and inside an
    archive: the results reach their patients wherever the workers read the files."""
    export = {
        "export/uitslag.csv": b"id;patientnummer;pap\r\n7;P2;Pap 1\r\n8;P1;Pap 3a1\r\n",
        "export/Patienten.csv": b"patientnummer;naam;bsn\r\nP1;Petra Jansen;123456782\r\n"
        b"P2;Marja de Vries;111222333\r\n",
    }  # (the results by patient number, before their patients)
    dump = tmp_path / "dump"
    (dump / "export").mkdir(parents=True)
    for path, data in export.items():
        (dump / path).write_bytes(data)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for path, data in export.items():
            zf.writestr(f"lims/{path}", data.replace(b"Pap 1", b"Pap 2").replace(b"Jan", b"Jans"))
    (dump / "oud.zip").write_bytes(buf.getvalue())
    case_dir = tmp_path / "case"
    scan(dump, case_dir, Config(workers=2))
    with Case.open(case_dir) as case:
        found = case.con.sql(
            "SELECT value, record FROM findings WHERE data_class = 'health'"
        ).fetchall()
        assert set(found) == {
            (pap, f"{top}/Patienten.csv#row={row}")
            for top, low in (("export", "Pap 1"), ("oud.zip!/lims/export", "Pap 2"))
            for pap, row in ((low, 3), ("Pap 3a1", 2))
        }  # (not copies: a copy's findings are its first's)
        assert case.con.sql("SELECT count(*), max(hops) FROM record_links").fetchall() == [(4, 1)]
