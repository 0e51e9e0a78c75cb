"""Exact duplicates across the whole dump, settled once every file has been read.

Top-level copies are found before reading (they are never read) and copies inside one
top-level file while it is read. Copies in *different* top-level files (the same CSV in
two zips, an attachment equal to a loose file) can only be seen at the end: the copy
with the lowest (depth, path) stays, the others become ``skipped`` rows with
``duplicate_of`` and lose their findings. The result depends only on the set of rows,
not on the order in which workers finished, so an interrupted and resumed scan ends
exactly like an uninterrupted one. Members of a top-level copy of an archive get rows
pointing at the original's members, so every occurrence is recorded.
"""

from __future__ import annotations

import duckdb

from breachscope.case.migrations import FINDING_ROWS, RECORD_KEYS

_DEMOTE = """
CREATE OR REPLACE TEMP TABLE _demote AS
SELECT path, canonical FROM (
    SELECT path,
           first_value(path) OVER w AS canonical,
           row_number() OVER w AS rn
    FROM files
    WHERE sha256 IS NOT NULL AND sha256 <> '' AND size > 0 AND duplicate_of IS NULL
    WINDOW w AS (PARTITION BY sha256 ORDER BY depth, path)
) WHERE rn > 1
"""
_APPLY = (
    """
    UPDATE files SET status = 'skipped', reason = 'duplicate of ' || d.canonical,
        duplicate_of = d.canonical, extractor = NULL, units = 0
    FROM _demote d WHERE files.path = d.path
    """,
    f"DELETE FROM {FINDING_ROWS} WHERE path IN (SELECT path FROM _demote)",
    f"DELETE FROM {RECORD_KEYS} WHERE path IN (SELECT path FROM _demote)",
    """
    UPDATE files SET duplicate_of = d.canonical, reason = 'duplicate of ' || d.canonical
    FROM _demote d WHERE files.duplicate_of = d.path
    """,
)
_MEMBERS_OF_COPIES = """
INSERT INTO files
SELECT t.path || substr(r.path, length(c.path) + 1),
       t.path || substr(r.parent, length(c.path) + 1),
       r.depth, r.size, r.sha256, r.detected_type, NULL, 'skipped',
       'duplicate of ' || coalesce(r.duplicate_of, r.path),
       coalesce(r.duplicate_of, r.path), 0, 0
FROM files t
JOIN files c ON c.path = t.duplicate_of
JOIN files r ON starts_with(r.path, c.path || '!/')
WHERE t.depth = 0
  AND NOT EXISTS (
      SELECT 1 FROM files x WHERE x.path = t.path || substr(r.path, length(c.path) + 1))
"""
_TYPES_OF_COPIES = """
UPDATE files SET detected_type = c.detected_type, size = coalesce(files.size, c.size)
FROM files c
WHERE files.duplicate_of = c.path AND files.detected_type = 'unknown'
  AND files.sha256 IS NOT NULL
"""


def settle_duplicates(con: duckdb.DuckDBPyConnection) -> int:
    """Mark cross-file copies, in one transaction; return how many rows were demoted."""
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(_DEMOTE)
        row = con.execute("SELECT count(*) FROM _demote").fetchone()
        demoted = int(row[0]) if row else 0
        if demoted:
            for sql in _APPLY:
                con.execute(sql)
        con.execute(_TYPES_OF_COPIES)
        con.execute(_MEMBERS_OF_COPIES)
        con.execute("DROP TABLE _demote")
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return demoted
