"""Versioned schema of the case database.

Each entry of :data:`MIGRATIONS` moves the schema one version up and is applied exactly
once, in order, inside a transaction. Never edit a released step: append a new one.
"""

from __future__ import annotations

from typing import Final

MIGRATIONS: Final[tuple[tuple[int, str, str], ...]] = (
    (
        1,
        "case metadata and file manifest",
        """
        CREATE TABLE IF NOT EXISTS case_info (
            key VARCHAR PRIMARY KEY,
            value VARCHAR NOT NULL
        );
        CREATE TABLE files (
            path VARCHAR PRIMARY KEY,        -- path inside the dump; archive members joined with '!/'
            parent VARCHAR,                  -- containing archive (or e-mail), NULL at top level
            depth INTEGER NOT NULL,          -- archive nesting depth, 0 at top level
            size BIGINT,                     -- bytes (expanded size for members)
            sha256 VARCHAR,                  -- NULL when the bytes could not be read
            detected_type VARCHAR NOT NULL,  -- from content (magic bytes), not only the extension
            extractor VARCHAR,               -- extractor id that read it, NULL when none
            status VARCHAR NOT NULL CHECK (status IN ('extracted', 'skipped', 'failed')),
            reason VARCHAR,                  -- why skipped/failed; 'duplicate of PATH' for copies
            duplicate_of VARCHAR,            -- canonical path with the same sha256, else NULL
            units INTEGER NOT NULL DEFAULT 0,
            seconds DOUBLE NOT NULL DEFAULT 0
        );
        """,
    ),
)

SCHEMA_VERSION: Final[int] = MIGRATIONS[-1][0]
