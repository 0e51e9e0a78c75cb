from __future__ import annotations

from pathlib import Path

import pytest

from breachscope.case import SCHEMA_VERSION, Case, CaseError
from breachscope.case.folder import DB_NAME, connect
from breachscope.case.migrations import FINDING_ROWS, MIGRATIONS
from breachscope.config import Config
from breachscope.detect.engine import detect_units
from breachscope.detect.finding import FINDINGS_SCHEMA, written_out
from breachscope.engine.store import insert_findings
from breachscope.extract.units import TableUnit, TextUnit
from breachscope.location import Location

FINDINGS_COLUMNS = [
    "data_class", "kind", "detector", "value", "path", "location", "confidence", "explanation",
    "record",
]  # fmt: skip
"""The columns of the case's ``findings`` as every schema version shows them."""


def test_init_creates_versioned_database(tmp_path: Path) -> None:
    with Case.init(tmp_path / "case", Config(workers=1)) as case:
        assert case.schema_version == SCHEMA_VERSION
        assert case.info()["format"] == "breachscope-case"
        tables = {r[0] for r in case.con.execute("SHOW TABLES").fetchall()}
        assert {"case_info", "files"} <= tables
    with Case.open(tmp_path / "case") as again:
        assert again.config.workers == 1


def test_init_refuses_a_foreign_non_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "x.txt").write_text("not a case")
    with pytest.raises(CaseError, match="not a breachscope case"):
        Case.init(tmp_path)


def test_open_refuses_missing_case(tmp_path: Path) -> None:
    with pytest.raises(CaseError, match="run 'case init'"):
        Case.open(tmp_path)


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    Case.init(tmp_path / "c").close()
    con = connect(tmp_path / "c" / DB_NAME)
    con.execute("UPDATE case_info SET value = '999' WHERE key = 'schema_version'")
    con.close()
    with pytest.raises(CaseError, match="newer than this breachscope"):
        Case.open(tmp_path / "c")


def test_old_case_is_migrated_on_open(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    folder.mkdir()
    con = connect(folder / DB_NAME)  # a case as the first schema version left it
    version, _title, sql = MIGRATIONS[0]
    con.execute(sql)
    con.execute("INSERT INTO case_info VALUES ('schema_version', ?)", [str(version)])
    con.close()
    with Case.open(folder) as case:
        assert case.schema_version == SCHEMA_VERSION
        assert [v for v, _t, _s in MIGRATIONS] == list(range(1, SCHEMA_VERSION + 1))
        tables = {r[0] for r in case.con.execute("SHOW TABLES").fetchall()}
        assert {"files", "findings"} <= tables


def test_close_removes_empty_spill_folders_only(tmp_path: Path) -> None:
    """DuckDB's spill folders inside the case go when empty; a file in them is kept."""
    from breachscope.case.folder import SPILL_DIR

    case = Case.init(tmp_path / "c", Config())
    (case.root / SPILL_DIR / "resolve").mkdir(parents=True)
    case.close()
    assert not (case.root / SPILL_DIR).exists()

    case = Case.open(tmp_path / "c")
    (case.root / SPILL_DIR / "resolve").mkdir(parents=True)
    (case.root / SPILL_DIR / "keep.tmp").write_bytes(b"x")
    case.close()
    assert (case.root / SPILL_DIR / "keep.tmp").is_file()
    assert not (case.root / SPILL_DIR / "resolve").exists()


def test_findings_read_with_every_location_written_out(tmp_path: Path) -> None:
    """Findings are stored as the detect stage writes them (a table cell by its record and
    its cell); the ``findings`` view shows each with its whole location, as before."""
    units = [
        TableUnit.build(Location("t.csv"), ["naam", "bsn"], [["J. de Vries", "111222333"]], [2]),
        TextUnit(Location("a.txt"), "BSN 111222333 van J. de Vries"),
    ]
    found = detect_units(units, Config(workers=1))
    assert found.column("location").null_count  # some are stored compactly
    with Case.init(tmp_path / "c") as case:
        insert_findings(case.con, found)
        cur = case.con.execute("SELECT * FROM findings ORDER BY location")
        assert [d[0] for d in cur.description] == FINDINGS_COLUMNS
        rows = cur.fetchall()
        stored = case.con.execute(f"SELECT count(*), count(cell) FROM {FINDING_ROWS}").fetchone()
    want = written_out(found).select(FINDINGS_COLUMNS).to_pylist()
    assert sorted(r[5] for r in rows) == sorted(str(w["location"]) for w in want)
    assert "t.csv#row=2&col=bsn" in {r[5] for r in rows}
    assert stored == (found.num_rows, found.num_rows - found.column("cell").null_count)


def test_stored_findings_are_the_detect_stage_s_columns(tmp_path: Path) -> None:
    """Findings are inserted by position (``INSERT ... SELECT *`` from the Arrow table):
    the stored table's columns must be the findings schema's, in its order."""
    with Case.init(tmp_path / "c") as case:
        cur = case.con.execute(f"SELECT * FROM {FINDING_ROWS} LIMIT 0")
        assert [d[0] for d in cur.description] == FINDINGS_SCHEMA.names


def test_findings_of_a_version_3_case_are_kept(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    folder.mkdir()
    con = connect(folder / DB_NAME)  # findings as schema version 3 stored them
    for _version, _title, sql in MIGRATIONS[:3]:
        con.execute(sql)
    con.execute("INSERT INTO case_info VALUES ('schema_version', '3')")
    row = (
        "bsn",
        "bsn",
        "bsn",
        "111222333",
        "t.csv",
        "t.csv#row=2&col=BSN",
        0.98,
        "x",
        "t.csv#row=2",
    )
    con.execute("INSERT INTO findings VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", list(row))
    con.close()
    with Case.open(folder) as case:
        assert case.schema_version == SCHEMA_VERSION
        got = case.con.execute("SELECT * FROM findings").fetchall()
        assert [tuple(r[:6]) for r in got] == [row[:6]] and got[0][8] == row[8]
        case.con.execute(f"DELETE FROM {FINDING_ROWS} WHERE path = 't.csv'")
        assert case.con.execute("SELECT count(*) FROM findings").fetchone() == (0,)
