"""Rows of a file's tables that refer to another table's row by key: a results table's
``patient_id`` beside a ``patient`` table's ``id`` (a database dump's tables, a
workbook's sheets, an SQLite file's tables).

A LIMS database keeps its patients in one table and their samples and results in others,
each row pointing at its patient by key. Such a row names no one itself: read alone, its
results belong to nobody, and an Art. 34 letter would not say that they leaked. Here each
row of a referring table that holds no name, e-mail address or BSN of its own takes the
record of the nearest row it leads to that does (through a chain of keys: a result's
sample, the sample's patient; not the sample's GP, whose row names no patient), so that
assembly makes its findings part of that person's mention. Its findings keep their own
locations (``dump.sql#part=uitslag&row=7&col=hpv``).

A column refers to a table when its header names the table and a key
(``patient_id``, ``patientId``, ``id_patient``, ``patient_nr``; the table ``patient``,
``patients``, ``tbl_patient``, ``lims.patienten`` or ``clienten``: :data:`_SAME`) and at
least :data:`MIN_FOUND` of its values are keys of that table: of the table's key column
(``id``, ``key``, ``nr``, or one named for the table, ``patientnummer``; its values
distinct) that holds the most of them, on a tie the one of the same header (a sheet's
row count ``Nr`` beside its ``Patiëntnummer``), else the first.

Through whom: a person's row, or a row linked to one, that refers to a provider's row
(a sample's ``huisarts_id`` to the GP directory's row, whose findings the provider-list
rule keeps out of every record) gives that person the provider's findings too: copies,
once per person and provider row, their locations the provider's row.

A FHIR Bundle's entries are linked the same way: an entry is keyed by its ``fullUrl``
and its ``Patient/p1``, and a ``subject.reference`` refers to the entry it names.

Tables in other files of the same folder are linked too, where the file's own tables
hold no row a reference names: a database exported as one CSV per table
(``export/patient.csv``, ``export/uitslag.csv`` with ``patient_id``; a file's table is
named by its file name, a series' digits and a generic sheet name ``Blad1`` left out),
one SQL file per table, or a FHIR bulk export's ``Patient.ndjson`` beside its
``Observation.ndjson``. A reference looks in its own file first, so two backups of one
database side by side each keep to their own rows.

A dump of any size is linked whole, in two steps. Its tables are read in many detection
calls (a file's units go to detection in groups of ``engine.batch.DETECT_WEIGHT`` cells),
and a results table may come long before its patients (mysqldump orders tables by name).
So the scan's workers only write each table row's keys and references as they read it
(:func:`unit_keys`, :data:`KEYS_SCHEMA`, the case's ``record_keys``), and once every file
is read the case database links them (:func:`link_records`, SQL). :func:`linked` does the
same for findings in memory (the ``detect`` command).
"""

from __future__ import annotations

import contextlib
import re
import unicodedata
from collections.abc import Iterable

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from breachscope.detect.finding import FINDINGS_SCHEMA, LABEL
from breachscope.detect.rows import label
from breachscope.extract.units import TableUnit, Unit
from breachscope.location import Location

MIN_FOUND = 0.9
"""Share of a referring column's values that must be keys of the table it names."""
MAX_HOPS = 4
"""Longest chain of references followed (a result's sample's order's patient)."""
_KEY_WORDS = ("id", "nr", "nummer", "number", "no", "key")
_KEY_HEADER = re.compile(
    rf"^(?:(?P<before>.+?)[ _.-]?(?:{'|'.join(_KEY_WORDS)})|(?:id|nr)[ _.-](?P<after>.+))$",
    re.IGNORECASE,
)
_BARE_KEYS = frozenset({"id", "key", "nr", "nummer", "no", "number"})
"""A key column's header that names no table (``id``; a sheet's ``Nr.``)."""
_SAME = {
    word: same
    for same, words in (
        ("patient", ("client", "deelnemer", "person", "persoon", "participant")),
        ("huisarts", ("huisart", "arts", "gp", "zorgverlener", "aanvrager", "behandelaar",
                      "practitioner", "provider")),
        ("monster", ("sample", "specimen")),
        ("uitslag", ("resultat", "resultaat", "result")),
    )
    for word in words
}  # fmt: skip
"""Words for one table (after the plural is taken off): a sample's ``client_id`` refers to
the ``patienten`` table, an order's ``aanvrager_id`` to ``huisartsen`` (and the singular
``huisarts``, whose ``s`` reads as a plural, to the plural ``huisartsen``)."""
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_SERIES = re.compile(r"[\W_]*(?:deel|part|page|pagina|file|bestand)?[\W_]*\d[\d\W_]*$", re.I)
"""A file name's digits at its end (``patient_2024-01``, ``uitslag_deel2``): a series of
one table."""
_GENERIC_SHEET = re.compile(r"^(?:sheet|blad|tabel|table|werkblad|export)[\W_]*\d*$", re.I)
FHIR_WORD = "(fhir)"
"""The one table of every FHIR resource (an entry of a Bundle, a line of a bulk export's
``Observation.ndjson``): a reference names its resource by type and id."""
_PREFIXES = ("tbl_", "tbl", "t_", "dbo.")
_PLURALS = ("en", "s")
IDENTIFYING = frozenset({"name", "email", "bsn"})
"""Classes whose finding makes a row a mention of its own."""

KEYS_FORMAT_VERSION = 1
KEYS_SCHEMA = pa.schema(
    [
        pa.field("path", LABEL, nullable=False),
        pa.field("word", LABEL, nullable=False),  # its table, as one word (table_word)
        pa.field("prefix", LABEL, nullable=False),  # its table's location: path#part=...
        pa.field("row", pa.int64(), nullable=False),  # the row: record prefix&row=N
        pa.field("position", pa.int32(), nullable=False),  # the column's place in its table
        pa.field("header", LABEL, nullable=False),  # the column's header
        pa.field("refers", LABEL),  # the table a reference names; null: a key column
        pa.field("value", pa.string(), nullable=False),  # stripped, never empty
    ],
    metadata={"breachscope.format": "record_keys",
              "breachscope.version": str(KEYS_FORMAT_VERSION)},
)  # fmt: skip
"""One row per table row and key or referring column: what :func:`link_records` joins.
``word`` is :func:`file_table`'s (a FHIR resource's :data:`FHIR_WORD`)."""
_FOLDER = "('F' || chr(31) || regexp_extract(path, '^(.*)/[^/]*$', 1))"
"""SQL: the folder of a key's file (archive members' too), as a table's namespace."""
KEYS_INSERT = (
    "path, prefix, md5_number_lower(prefix) AS tid, row, position, "
    "md5_number_lower(lower(header)) AS hid, "
    "md5_number_lower(path || chr(31) || word) AS wid, "
    "md5_number_lower(path || chr(31) || refers) AS target, md5_number_lower(value) AS value_hash, "
    f"md5_number_lower({_FOLDER} || chr(31) || word) AS fwid, "
    f"md5_number_lower({_FOLDER} || chr(31) || refers) AS ftarget"
)
"""The columns of the case's ``record_keys`` from :data:`KEYS_SCHEMA`'s: tables are
joined by hashes of their names in their file (``wid``, ``target``) and in their folder
(``fwid``, ``ftarget``), and a key is kept as a hash, never as the value."""
CHUNK_ROWS = 1 << 18
"""Rows (per table) whose findings are moved in one statement and transaction (bounds
the strings built and the updates held)."""


def table_word(name: str) -> str:
    """A table's or a key's subject as one word: ``lims.Patienten`` -> ``patient``,
    ``tbl_monsters`` -> ``monster``, a sheet ``Patiënten`` -> ``patient``."""
    folded = unicodedata.normalize("NFKD", name.rsplit(".", 1)[-1])
    word = "".join(c for c in folded if not unicodedata.combining(c)).lower().replace(" ", "_")
    for p in _PREFIXES:
        if word.startswith(p) and len(word) > len(p) + 2:
            word = word[len(p) :]
            break
    for s in _PLURALS:
        if word.endswith(s) and len(word) > len(s) + 3:
            word = word[: -len(s)]
            break
    return _SAME.get(word, word)


def referred(header: str) -> str | None:
    """The table a key column's header names (``patient_id``, ``PatientId``,
    ``id_patient``: ``patient``), or None (``id``, ``naam``)."""
    spaced = _CAMEL.sub("_", header.strip())
    m = _KEY_HEADER.match(spaced)
    if m is None:
        return None
    word = (m["before"] or m["after"] or "").strip(" _.-")
    return table_word(word) if word else None


def _role(header: str, own: str) -> tuple[bool, str | None]:
    """(whether ``header`` is a key or refers, the table it refers to) in table ``own``:
    ``id`` and ``patient_id`` in ``patient`` are keys, ``patient_id`` in ``monster``
    refers to ``patient``."""
    target = referred(header)
    if target is None:
        return _CAMEL.sub("_", header).strip(" _.-").lower() in _BARE_KEYS, None
    return True, (None if target == own else target)


def file_table(path: str, part: str | None) -> str:
    """The table a file's table is, as one word: its part's (a dump's table, a sheet),
    else its file's name, a series' digits left out (``export/patient_2024-01.csv``,
    a workbook ``Patienten.xlsx``'s only sheet ``Blad1``: ``patient``)."""
    if part and not _GENERIC_SHEET.match(part.strip()):
        return table_word(part)
    name = path.rsplit("/", 1)[-1]
    stem = name.rsplit(".", 1)[0] if "." in name.lstrip(".") else name
    return table_word(_SERIES.sub("", stem) or stem)


def unit_keys(unit: Unit) -> pa.Table | None:
    """The keys and references of ``unit``'s rows (:data:`KEYS_SCHEMA`), or None: a text,
    a table without such columns."""
    if not isinstance(unit, TableUnit) or not unit.num_rows:
        return None
    fhir = _fhir_columns(unit)
    own = FHIR_WORD if fhir else file_table(unit.location.path, unit.location.part)
    prefix = str(Location(unit.location.path, unit.location.part))
    rows = unit.data["__row__"]
    tables = []
    for i, header, refers, values in fhir or _key_columns(unit, own):
        values = pc.utf8_trim_whitespace(values)
        filled = pc.fill_null(pc.greater(pc.utf8_length(values), 0), False)
        n = int(pc.sum(filled).as_py() or 0)
        if not n:
            continue
        zeros = pa.array(np.zeros(n, dtype=np.int32))
        columns = [label(unit.location.path, n, zeros), label(own, n, zeros),
                   label(prefix, n, zeros), pc.filter(rows, filled),
                   pa.array(np.full(n, i, dtype=np.int32)), label(header, n, zeros),
                   label(refers, n, zeros) if refers else pa.nulls(n, LABEL),
                   pc.filter(values, filled)]  # fmt: skip
        tables.append(pa.table(columns, schema=KEYS_SCHEMA))
    return pa.concat_tables(tables) if tables else None


Column = tuple[int, str, str | None, pa.Array]
"""A key or referring column: its position, header, the table it refers to (None for a
key) and its values."""


def _key_columns(unit: TableUnit, own: str) -> list[Column]:
    """A database's or a workbook's: ``id`` and ``patient_id`` of table ``patient``,
    ``patient_id`` of ``monster`` referring to ``patient``."""
    out: list[Column] = []
    for i, header in enumerate(unit.columns):
        keyed, refers = _role(header, own)
        if keyed:
            out.append((i, header, refers, unit.data.column(f"c{i}").combine_chunks()))
    return out


_FHIR_HEADS = ("resource.", "")
_FHIR_REFERENCE = re.compile(r"^(?:https?://[^?#]*/)?(?P<type>[A-Z][A-Za-z]+)/(?P<id>[^/?#]+)$")


def _fhir_columns(unit: TableUnit) -> list[Column]:
    """A FHIR Bundle's entries (one row each): a resource is keyed by ``Patient/p1`` (its
    ``resourceType`` and ``id``) and by its entry's ``fullUrl`` (``urn:uuid:...``), and a
    ``subject.reference`` (``Patient/p1``, ``https://.../Patient/p1``, ``urn:uuid:...``)
    refers to the entry it names: an Observation's row to its patient's. Nothing for
    other tables."""
    cols = unit.columns
    head = next((h for h in _FHIR_HEADS if f"{h}resourceType" in cols and f"{h}id" in cols), None)
    if head is None:
        return []
    kinds = unit.data.column(f"c{cols.index(f'{head}resourceType')}").combine_chunks()
    at = cols.index(f"{head}id")
    ids = unit.data.column(f"c{at}").combine_chunks()
    out: list[Column] = [(at, "id", None, pc.binary_join_element_wise(kinds, ids, "/"))]
    if "fullUrl" in cols:  # the same key (one column: a reference may give either)
        urls = unit.data.column(f"c{cols.index('fullUrl')}").combine_chunks()
        out.append((at, "id", None, urls))
    for i, header in enumerate(cols):
        if header.startswith(head) and header.endswith(".reference"):
            values = [_fhir_target(v) for v in unit.data.column(f"c{i}").to_pylist()]
            out.append((i, header, FHIR_WORD, pa.array(values, pa.string())))
    return out


def _fhir_target(reference: str | None) -> str | None:
    """What a FHIR reference names, as the entry's key: ``Patient/p1`` (also of
    ``https://.../fhir/Patient/p1``), a ``urn:uuid:...``; None for a contained one."""
    if reference is None or reference.startswith("urn:"):
        return reference
    m = _FHIR_REFERENCE.match(reference.strip())
    return None if m is None else f"{m['type']}/{m['id']}"


def keys_of(units: Iterable[Unit]) -> pa.Table:
    """:func:`unit_keys` of ``units``, as one table."""
    tables = [t for t in map(unit_keys, units) if t is not None]
    return pa.concat_tables(tables) if tables else KEYS_SCHEMA.empty_table()


_ROW_IN = r"'^[^#]*#(?:part=[^&]*&)?row=[0-9]+'"
"""The record of the table row a cell's location lies in (its start)."""


def _record(prefix: str, row: str) -> str:
    """SQL: the record of row ``row`` of the table at ``prefix`` (``db.sql#part=patient``
    -> ``...&row=7``; a CSV's ``x.csv`` -> ``x.csv#row=7``)."""
    return f"{prefix} || CASE WHEN contains({prefix}, '#') THEN '&row=' ELSE '#row=' END || {row}"


def _row_id(record: str) -> str:
    """SQL: the table row a record (``...#part=monster&row=7``) stands for, as ``tid``
    (its table's hash) and ``row``."""
    of = r"'^(.*)[#&]row=([0-9]+)$'"
    return (
        f"md5_number_lower(regexp_extract({record}, {of}, 1)) AS tid, "
        f"CAST(regexp_extract({record}, {of}, 2) AS BIGINT) AS row"
    )


_EDGE_SQL = (
    # the key columns of the tables referred to in this namespace (a file, or a folder):
    # the columns of a table whose values are distinct
    """
    CREATE OR REPLACE TEMP TABLE _link_keys AS
    WITH named AS (
        SELECT {kid} AS kid, tid, row, position, hid, value_hash FROM {keys}
        WHERE target IS NULL
          AND {kid} IN (SELECT DISTINCT {target} FROM {keys} WHERE target IS NOT NULL)
    ), cols AS (
        SELECT tid, position FROM named GROUP BY tid, position
        HAVING count(*) = count(DISTINCT value_hash)
    )
    SELECT n.* FROM named n JOIN cols c ON n.tid = c.tid AND n.position = c.position
    """,
    # the references not yet followed (in the folder: those their own file does not hold)
    """
    CREATE OR REPLACE TEMP TABLE _link_refs AS
    SELECT k.tid, k.row, k.position, k.hid, k.{target} AS kid, k.value_hash FROM {keys} k
    WHERE k.target IS NOT NULL AND k.{target} IN (SELECT DISTINCT kid FROM _link_keys)
      AND NOT EXISTS (
        SELECT 1 FROM _link_edges e
        WHERE e.s_tid = k.tid AND e.s_row = k.row AND e.s_pos = k.position)
    """,
    # a column refers, in each table of the name it gives, to the key column that holds
    # the most of its values (on a tie the one of its own header, ``Patiëntnummer``
    # beside a sheet's row count ``Nr``, else the first), when those tables together hold
    # MIN_FOUND of them
    """
    INSERT INTO _link_edges
    WITH filled AS (
        SELECT tid, position, count(*) AS n FROM _link_refs GROUP BY tid, position
    ), found AS (
        SELECT r.tid, r.position, k.tid AS k_tid, k.position AS key, count(*) AS n,
               CAST(any_value(k.hid) <> any_value(r.hid) AS INTEGER) AS other
        FROM _link_refs r JOIN _link_keys k ON k.kid = r.kid AND k.value_hash = r.value_hash
        GROUP BY r.tid, r.position, k.tid, k.position
    ), best AS (
        SELECT tid, position, k_tid, arg_min(key, [-n, other, key]) AS key, max(n) AS n
        FROM found GROUP BY tid, position, k_tid
    ), chosen AS (
        SELECT b.tid, b.position, b.k_tid, b.key FROM best b
        JOIN (SELECT tid, position, sum(n) AS n FROM best GROUP BY tid, position) t
          ON t.tid = b.tid AND t.position = b.position
        JOIN filled l ON l.tid = b.tid AND l.position = b.position
        WHERE t.n >= {min_found} * l.n
    )
    SELECT DISTINCT r.tid, r.row, r.position, k.tid, k.row
    FROM _link_refs r JOIN chosen c ON r.tid = c.tid AND r.position = c.position
    JOIN _link_keys k ON k.tid = c.k_tid AND k.position = c.key
      AND k.kid = r.kid AND k.value_hash = r.value_hash
    """,
    "DROP TABLE _link_keys; DROP TABLE _link_refs",
)
"""The references followed in one namespace: ``kid``/``target`` are ``wid``/``target``
(the tables of the reference's own file), then ``fwid``/``ftarget`` (its folder's)."""
_SPACES = (("wid", "target"), ("fwid", "ftarget"))
_EDGES_TABLE = """
    CREATE OR REPLACE TEMP TABLE _link_edges (s_tid UBIGINT, s_row BIGINT, s_pos INTEGER,
                                              t_tid UBIGINT, t_row BIGINT)
"""
_FIND_SQL = (
    # a link is a row and the row it refers to (whichever column)
    """
    CREATE OR REPLACE TEMP TABLE _link_edges AS
    SELECT DISTINCT s_tid, s_row, t_tid, t_row FROM _link_edges
    """,
    # the tables of the rows linked (a row is its table's tid and its row)
    """
    CREATE OR REPLACE TEMP TABLE _link_tables AS
    SELECT DISTINCT path, prefix, tid FROM {keys}
    WHERE tid IN (SELECT s_tid FROM _link_edges UNION SELECT t_tid FROM _link_edges)
    """,
    # the rows that name someone
    f"""
    CREATE OR REPLACE TEMP TABLE _link_people AS
    SELECT DISTINCT {_row_id("record")}
    FROM {{findings}}
    WHERE record IS NOT NULL AND data_class IN ({{identifying}})
      AND regexp_matches(record, '[#&]row=[0-9]+$')
      AND path IN (SELECT path FROM _link_tables)
    """,
    # the rows that name no one and refer to another: where a walk starts
    """
    CREATE OR REPLACE TEMP TABLE _link_walk AS
    SELECT s_tid AS o_tid, s_row AS o_row, t_tid AS a_tid, t_row AS a_row FROM _link_edges e
    WHERE NOT EXISTS (SELECT 1 FROM _link_people p WHERE p.tid = e.s_tid AND p.row = e.s_row)
    """,
    """
    CREATE OR REPLACE TEMP TABLE _link_new (o_tid UBIGINT, o_row BIGINT, l_tid UBIGINT,
                                            l_row BIGINT, hops INTEGER)
    """,
)
_STEP_SQL = (
    # the walks that reach someone at this step: linked where they reach one person
    """
    CREATE OR REPLACE TEMP TABLE _link_hit AS
    SELECT w.* FROM _link_walk w
    WHERE EXISTS (SELECT 1 FROM _link_people p WHERE p.tid = w.a_tid AND p.row = w.a_row)
    """,
    """
    INSERT INTO _link_new
    SELECT o_tid, o_row, min(a_tid), min(a_row), {hops} FROM _link_hit GROUP BY o_tid, o_row
    HAVING min(a_tid) = max(a_tid) AND min(a_row) = max(a_row)
    """,
    # the others go one reference further
    """
    CREATE OR REPLACE TEMP TABLE _link_walk AS
    SELECT DISTINCT w.o_tid, w.o_row, e.t_tid AS a_tid, e.t_row AS a_row
    FROM _link_walk w JOIN _link_edges e ON e.s_tid = w.a_tid AND e.s_row = w.a_row
    WHERE NOT EXISTS (SELECT 1 FROM _link_hit h WHERE h.o_tid = w.o_tid AND h.o_row = w.o_row)
    """,
    "DROP TABLE _link_hit",
)
_MOVE_SQL = (
    # its findings join that row's record, their locations written out; a finding that a
    # rule took out of its row's record (a GP's AGB code read as a provider list's) too
    f"""
    UPDATE {{findings}} SET location = coalesce({{findings}}.location,
                                                {{findings}}.record || {{findings}}.cell),
                            cell = NULL, record = m.linked
    FROM (
        SELECT {_record("s.prefix", "n.o_row")} AS record,
               {_record("t.prefix", "n.l_row")} AS linked
        FROM _link_new n JOIN _link_tables s ON s.tid = n.o_tid
        JOIN _link_tables t ON t.tid = n.l_tid
        WHERE n.o_row // {CHUNK_ROWS} = $chunk
    ) m
    WHERE {{findings}}.path IN (SELECT path FROM _link_tables)
      AND coalesce({{findings}}.record,
                   regexp_extract({{findings}}.location, {_ROW_IN}))
          = m.record
    """
)
_PROVIDER_ROWS = f"""
    SELECT *, {_row_id("in_row")}
    FROM (SELECT *, regexp_extract(location, {_ROW_IN}) AS in_row
          FROM {{findings}}
          WHERE record IS NULL AND data_class = 'provider'
            AND path IN (SELECT path FROM _link_tables)) f
    WHERE in_row <> ''
"""
"""The findings of provider rows (a GP directory's: out of every record), with the
table and row they are in."""
_GP_SQL = f"""
    CREATE OR REPLACE TEMP TABLE _link_gp AS
    WITH owner AS (
        SELECT tid, row, tid AS p_tid, row AS p_row FROM _link_people
        UNION ALL SELECT o_tid, o_row, l_tid, l_row FROM _link_new
    ), providers AS (SELECT DISTINCT tid, row FROM ({_PROVIDER_ROWS}))
    SELECT DISTINCT o.p_tid, o.p_row, e.t_tid, e.t_row
    FROM _link_edges e JOIN owner o ON o.tid = e.s_tid AND o.row = e.s_row
    JOIN providers p ON p.tid = e.t_tid AND p.row = e.t_row
"""
"""Through whom: each person's row, or a row linked to a person, that refers to a
provider's row (a sample's ``huisarts_id`` to the GP directory's row)."""
_END_SQL = (
    # the provider's findings become the person's too (their locations stay the GP's row)
    f"""
    INSERT INTO {{findings}} (data_class, kind, detector, value, path, location, confidence,
                              explanation, record, cell)
    SELECT f.data_class, f.kind, f.detector, f.value, f.path, f.location, f.confidence,
           f.explanation, {_record("t.prefix", "g.p_row")}, NULL
    FROM _link_gp g JOIN ({_PROVIDER_ROWS}) f ON f.tid = g.t_tid AND f.row = g.t_row
    JOIN _link_tables t ON t.tid = g.p_tid
    """,
    f"""
    INSERT INTO {{links}}
    SELECT {_record("s.prefix", "n.o_row")}, {_record("t.prefix", "n.l_row")}, n.hops
    FROM _link_new n JOIN _link_tables s ON s.tid = n.o_tid JOIN _link_tables t ON t.tid = n.l_tid
    """,
    "DELETE FROM {keys}",
)


def link_records(
    con: duckdb.DuckDBPyConnection,
    findings: str = "finding_rows",
    keys: str = "record_keys",
    links: str = "record_links",
) -> int:
    """Link the rows whose keys ``keys`` holds (see the module docstring): the findings
    in ``findings`` of each row that refers to another and names no one take the record
    of the nearest row that names someone; then the links go to ``links`` (record,
    linked record, steps) and ``keys`` is emptied. Every file whose keys are there must
    be read whole. Returns the rows linked.

    Rows are their tables' hashes and row numbers in temporary tables, the references
    are followed one step at a time as plain joins, and the findings move in chunks of
    :data:`CHUNK_ROWS` rows, each its own transaction: so DuckDB may spill to disk, and a
    dump's millions of rows are linked within the case's memory limit. Interrupted, it
    ends as it would have when run again: a finding that moved is no longer its row's,
    and the links and the emptied keys are written together."""
    params = {
        "findings": findings,
        "keys": keys,
        "links": links,
        "min_found": MIN_FOUND,
        "identifying": ", ".join(f"'{c}'" for c in sorted(IDENTIFYING)),
    }
    cur = con.cursor()
    try:
        cur.execute(_EDGES_TABLE)  # (temporary tables only)
        for kid, target in _SPACES:
            for sql in _EDGE_SQL:
                cur.execute(sql.format(kid=kid, target=target, **params))
        for sql in _FIND_SQL:
            cur.execute(sql.format(**params))
        for hops in range(1, MAX_HOPS + 1):
            for sql in _STEP_SQL:
                cur.execute(sql.format(hops=hops, **params))
        cur.execute(_GP_SQL.format(**params))
        cur.execute("DROP TABLE _link_edges; DROP TABLE _link_people; DROP TABLE _link_walk")
        row = cur.execute("SELECT count(*), max(o_row) // $1 FROM _link_new", [CHUNK_ROWS])
        found, chunks = row.fetchone() or (0, None)
        for chunk in range(int(chunks) + 1 if chunks is not None else 0):
            cur.execute(_MOVE_SQL.format(**params), {"chunk": chunk})
        cur.begin()
        try:
            for sql in _END_SQL:
                cur.execute(sql.format(**params))
            cur.commit()
        except BaseException:
            cur.rollback()
            raise
    finally:
        with contextlib.suppress(duckdb.Error):
            cur.execute(
                "DROP TABLE IF EXISTS _link_tables; DROP TABLE IF EXISTS _link_new; "
                "DROP TABLE IF EXISTS _link_gp; DROP TABLE IF EXISTS _link_edges; "
                "DROP TABLE IF EXISTS _link_keys; DROP TABLE IF EXISTS _link_refs; "
                "DROP TABLE IF EXISTS _link_people; DROP TABLE IF EXISTS _link_walk"
            )
        cur.close()
    return int(found)


def linked(findings: pa.Table, keys: pa.Table) -> pa.Table:
    """``findings`` (:data:`FINDINGS_SCHEMA`) with :func:`link_records` applied by
    ``keys`` (:data:`KEYS_SCHEMA`, the keys of every unit the findings are of), in an
    in-memory database; in their order."""
    refers = keys.column("refers")
    if not findings.num_rows or not keys.num_rows or refers.null_count == len(refers):
        return findings
    named = pc.unique(pc.filter(keys.column("word"), pc.is_null(refers))).to_pylist()
    if not set(pc.unique(refers).to_pylist()) & set(named):
        return findings  # (no reference names a table of these: a CSV's ``huisnummer``)
    con = duckdb.connect()
    try:
        con.register("_keys", keys)
        con.execute(f"CREATE TABLE record_keys AS SELECT {KEYS_INSERT} FROM _keys")
        con.unregister("_keys")
        con.execute("CREATE TABLE record_links (record VARCHAR, linked VARCHAR, hops INTEGER)")
        numbered = findings.append_column("__ord", pa.array(range(findings.num_rows), pa.int64()))
        con.register("_findings", numbered)
        con.execute("CREATE TABLE finding_rows AS SELECT * FROM _findings")
        con.unregister("_findings")
        link_records(con)
        rel = con.sql("SELECT * EXCLUDE (__ord) FROM finding_rows ORDER BY __ord NULLS LAST")
        table: pa.Table = (getattr(rel, "to_arrow_table", None) or rel.arrow)()
    finally:
        con.close()
    return table.select(FINDINGS_SCHEMA.names).cast(FINDINGS_SCHEMA)
