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
            path VARCHAR PRIMARY KEY,        -- inside the dump; archive members joined with '!/'
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
    (
        2,
        "findings and scan progress (resume)",
        """
        CREATE TABLE findings (             -- breachscope.detect.finding.FINDINGS_SCHEMA
            data_class VARCHAR NOT NULL,
            kind VARCHAR NOT NULL,
            detector VARCHAR NOT NULL,
            value VARCHAR NOT NULL,
            path VARCHAR NOT NULL,          -- files.path of the file the value is in
            location VARCHAR NOT NULL,
            confidence FLOAT NOT NULL,
            explanation VARCHAR NOT NULL,
            record VARCHAR
        );
        CREATE TABLE scan_inventory (       -- top-level entries of the dump, for resuming
            path VARCHAR PRIMARY KEY,       -- as in files.path
            fs_path BLOB NOT NULL,          -- where it lies on the scanning machine
            kind VARCHAR NOT NULL,          -- 'file' or the kind of a non-regular entry
            size BIGINT NOT NULL,
            sha256 VARCHAR                  -- hashed up front when its size is not unique
        );
        CREATE TABLE scan_runs (            -- one row per start of 'breachscope scan'
            run INTEGER PRIMARY KEY,
            dump VARCHAR NOT NULL,
            started VARCHAR NOT NULL,
            finished VARCHAR,               -- NULL while running or when killed
            workers INTEGER NOT NULL,
            files_read BIGINT NOT NULL DEFAULT 0,
            bytes_read BIGINT NOT NULL DEFAULT 0,
            seconds DOUBLE NOT NULL DEFAULT 0
        );
        """,
    ),
    (
        3,
        "mentions and persons (assemble, resolve)",
        """
        CREATE TABLE IF NOT EXISTS mentions (  -- breachscope.assemble.schema.MENTIONS_SCHEMA
            mention_id VARCHAR NOT NULL,    -- 'M' + hash of record (+ anchor): no values
            record VARCHAR NOT NULL,        -- locator of the table row or text part
            path VARCHAR NOT NULL,
            source VARCHAR NOT NULL,        -- 'table' or 'text'
            anchor VARCHAR,                 -- text: location of the name that anchors it
            given_names VARCHAR, initials VARCHAR, surname VARCHAR,
            birth_surname VARCHAR, partner_surname VARCHAR,
            date_of_birth VARCHAR, bsn VARCHAR,
            street VARCHAR, house_number VARCHAR, postcode VARCHAR, city VARCHAR,
            phone VARCHAR, email VARCHAR, iban VARCHAR,
            provider_agb VARCHAR, provider_name VARCHAR,
            bsn_valid BOOLEAN NOT NULL,
            data_classes VARCHAR[] NOT NULL,
            other_values STRUCT(kind VARCHAR, value VARCHAR)[] NOT NULL,
            evidence STRUCT(data_class VARCHAR, kind VARCHAR, detector VARCHAR,
                            location VARCHAR)[] NOT NULL,
            person_id VARCHAR               -- set by resolve
        );
        CREATE TABLE IF NOT EXISTS unattributed_evidence (  -- findings of no person
            path VARCHAR NOT NULL, record VARCHAR NOT NULL, data_class VARCHAR NOT NULL,
            kind VARCHAR NOT NULL, detector VARCHAR NOT NULL, location VARCHAR NOT NULL,
            reason VARCHAR NOT NULL
        );
        CREATE TABLE IF NOT EXISTS persons (  -- one row per affected person
            person_id VARCHAR NOT NULL,     -- 'P' + hash of the sorted mention ids
            tier VARCHAR NOT NULL,          -- 'confirmed', 'probable' or 'possible'
            surname VARCHAR, given_names VARCHAR, initials VARCHAR, date_of_birth VARCHAR,
            bsn VARCHAR, street VARCHAR, house_number VARCHAR, postcode VARCHAR, city VARCHAR,
            phone VARCHAR, email VARCHAR, provider_agb VARCHAR, provider_name VARCHAR,
            data_classes VARCHAR[] NOT NULL,
            n_mentions INTEGER NOT NULL,
            sources VARCHAR[] NOT NULL,
            all_values STRUCT(kind VARCHAR, value VARCHAR, n INTEGER)[] NOT NULL,
            providers STRUCT(agb VARCHAR, name VARCHAR)[] NOT NULL,
            weakest_link DOUBLE             -- lowest link probability inside; NULL if none
        );
        CREATE TABLE IF NOT EXISTS person_evidence (  -- per person and class: where
            person_id VARCHAR NOT NULL, mention_id VARCHAR NOT NULL, path VARCHAR NOT NULL,
            data_class VARCHAR NOT NULL, kind VARCHAR NOT NULL, detector VARCHAR NOT NULL,
            location VARCHAR NOT NULL
        );
        CREATE TABLE IF NOT EXISTS person_counts (  -- the affected-people count range
            threshold DOUBLE NOT NULL,      -- link probability threshold
            tier VARCHAR NOT NULL,
            persons BIGINT NOT NULL
        );
        """,
    ),
    (
        4,
        "findings stored compactly: a table cell's location is its record plus its cell",
        """
        ALTER TABLE findings RENAME TO finding_rows;
        ALTER TABLE finding_rows ALTER COLUMN location DROP NOT NULL;
        ALTER TABLE finding_rows ADD COLUMN cell VARCHAR;  -- '&col=...', where location is NULL
        CREATE VIEW findings AS     -- every finding with its whole location, as before
        SELECT data_class, kind, detector, value, path,
               coalesce(location, record || cell) AS location,
               confidence, explanation, record
        FROM finding_rows;
        """,
    ),
    (
        5,
        "a row of a file's table that refers to another's by key takes its person's record",
        """
        CREATE TABLE record_keys (          -- breachscope.detect.links.KEYS_SCHEMA, while
            path VARCHAR NOT NULL,          -- the scan reads (emptied when it links them)
            prefix VARCHAR NOT NULL,        -- the row's table: its record is prefix&row=N
            tid UBIGINT NOT NULL,           -- md5_number_lower(prefix)
            row BIGINT NOT NULL,
            position INTEGER NOT NULL,      -- a key column's or a referring column's place
            hid UBIGINT NOT NULL,           -- md5_number_lower of its header, lower case
            wid UBIGINT NOT NULL,           -- hash of the path and the table, as one word
            target UBIGINT,                 -- the same of the table it refers to; NULL: a key
            value_hash UBIGINT NOT NULL     -- md5_number_lower of the value: no values
        );
        CREATE TABLE record_links (         -- rows whose findings took another row's record
            record VARCHAR NOT NULL,        -- the row (a result's, a sample's)
            linked VARCHAR NOT NULL,        -- the row it refers to that names the person
            hops INTEGER NOT NULL           -- references followed (a result's sample's: 2)
        );
        """,
    ),
    (
        6,
        "a reference may name a table of another file in its folder (one CSV per table)",
        """
        ALTER TABLE record_keys ADD COLUMN fwid UBIGINT;     -- hash of the folder and the table
        ALTER TABLE record_keys ADD COLUMN ftarget UBIGINT;  -- the same of the table it refers to
        """,
    ),
)

SCHEMA_VERSION: Final[int] = MIGRATIONS[-1][0]

RECORD_KEYS: Final[str] = "record_keys"
"""Keys and references of table rows, until the scan links them
(:func:`breachscope.detect.links.link_records`)."""
FINDING_ROWS: Final[str] = "finding_rows"
"""The table findings are inserted into, as the detect stage writes them (compact: a
table cell's location is its record plus its cell); the view ``findings`` reads them
with every location written out."""
