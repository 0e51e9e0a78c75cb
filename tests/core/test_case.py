from __future__ import annotations

from pathlib import Path

import pytest

from breachscope.case import SCHEMA_VERSION, Case, CaseError
from breachscope.case.folder import DB_NAME, connect
from breachscope.case.migrations import MIGRATIONS
from breachscope.config import Config


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
