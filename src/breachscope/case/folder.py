"""Opening, creating and upgrading a case folder.

A case folder holds ``case.duckdb`` (the database users may query with SQL) and
``config.json`` (the :class:`~breachscope.config.Config` the case was scanned with).
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType

import duckdb

from breachscope.case.migrations import MIGRATIONS, SCHEMA_VERSION
from breachscope.config import Config

DB_NAME = "case.duckdb"
SPILL_DIR = "duckdb-tmp"
"""Where DuckDB spills big sorts and joins (inside the case folder: case data never
leaves it); DuckDB deletes its files when a connection closes, and :meth:`Case.close`
removes the folders it leaves empty."""
CONFIG_NAME = "config.json"
CASE_FORMAT = "breachscope-case"


class CaseError(Exception):
    """A case folder is missing, foreign, or newer than this breachscope."""


def connect(db_path: Path, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open the case database with the settings every stage relies on."""
    con = duckdb.connect(str(db_path), read_only=read_only)
    # duckdb >= 1.5 / 2.x: Splink's SQL uses single-arrow lambdas; older duckdb lacks it.
    with contextlib.suppress(duckdb.Error):
        con.execute("SET lambda_syntax='ENABLE_SINGLE_ARROW'")
    return con


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    """Schema version stored in the database; 0 for an empty database."""
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'case_info'"
    ).fetchall()
    if exists[0][0] == 0:
        return 0
    rows = con.execute("SELECT value FROM case_info WHERE key = 'schema_version'").fetchall()
    return int(rows[0][0]) if rows else 0


def migrate(con: duckdb.DuckDBPyConnection) -> int:
    """Apply every pending migration; return the resulting version."""
    current = schema_version(con)
    if current > SCHEMA_VERSION:
        raise CaseError(
            f"case schema version {current} is newer than this breachscope "
            f"(knows up to {SCHEMA_VERSION}); upgrade breachscope"
        )
    for version, _title, sql in MIGRATIONS:
        if version <= current:
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(sql)
            con.execute(
                "INSERT OR REPLACE INTO case_info VALUES ('schema_version', ?)", [str(version)]
            )
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        current = version
    return current


@dataclass
class Case:
    """An open case folder. Use as a context manager, or call :meth:`close`."""

    root: Path
    config: Config
    con: duckdb.DuckDBPyConnection

    @classmethod
    def init(cls, root: Path, config: Config | None = None) -> Case:
        """Create a case folder (or open an existing one, keeping its configuration)."""
        root = Path(root)
        if (root / DB_NAME).exists():
            return cls.open(root)
        if root.exists() and any(root.iterdir()):
            raise CaseError(f"{root} exists, is not empty and is not a breachscope case")
        root.mkdir(parents=True, exist_ok=True)
        cfg = config or Config()
        (root / CONFIG_NAME).write_text(cfg.to_json() + "\n", encoding="utf-8")
        con = connect(root / DB_NAME)
        migrate(con)
        con.execute("INSERT OR REPLACE INTO case_info VALUES ('format', ?)", [CASE_FORMAT])
        con.execute(
            "INSERT OR REPLACE INTO case_info VALUES ('created', ?)",
            [datetime.now(UTC).isoformat(timespec="seconds")],
        )
        return cls(root, cfg, con)

    @classmethod
    def open(cls, root: Path, *, read_only: bool = False) -> Case:
        """Open an existing case folder, upgrading its schema unless ``read_only``."""
        root = Path(root)
        db = root / DB_NAME
        if not db.is_file():
            raise CaseError(f"{root} is not a breachscope case (no {DB_NAME}); run 'case init'")
        cfg_path = root / CONFIG_NAME
        cfg = Config.load(cfg_path) if cfg_path.is_file() else Config()
        con = connect(db, read_only=read_only)
        if read_only:
            if schema_version(con) != SCHEMA_VERSION:
                con.close()
                raise CaseError("case schema is out of date; open it once without read_only")
        else:
            migrate(con)
        return cls(root, cfg, con)

    @property
    def schema_version(self) -> int:
        return schema_version(self.con)

    def info(self) -> dict[str, str]:
        rows = self.con.execute("SELECT key, value FROM case_info ORDER BY key").fetchall()
        return {str(k): str(v) for k, v in rows}

    def summary_json(self) -> str:
        return json.dumps(self.info(), indent=2, sort_keys=True)

    def close(self) -> None:
        self.con.close()
        spill = self.root / SPILL_DIR
        if spill.is_dir():
            for folder in sorted((p for p in spill.rglob("*") if p.is_dir()), reverse=True):
                with contextlib.suppress(OSError):
                    folder.rmdir()  # only when empty
            with contextlib.suppress(OSError):
                spill.rmdir()

    def __enter__(self) -> Case:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
