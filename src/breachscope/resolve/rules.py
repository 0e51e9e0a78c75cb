"""Deterministic rules applied around the probabilistic model.

* :func:`apply_bsn_keys`: a mention whose date of birth contradicts its BSN group keeps
  its BSN as a value but is no longer keyed on it, so the model scores it like any
  mention without a BSN (and may still link it to the group).
* :func:`same_document_links`: within one free-text document (an e-mail's header, body and
  HTML body; the pages of a PDF) mentions with a shared surname core, compatible initials
  and no conflicting date of birth or BSN are one person - a letter that names
  "mevrouw Jansen" in the subject and "J.M. Jansen-de Vries, geb. ..." in the body.
* :func:`contact_links`: mentions with the same e-mail address or mobile number whose
  names do not disagree (a shared surname core or the same first initial - a married
  woman's two surnames - or a name on one side only) are one person. Households share
  landlines, rarely a mobile number or a personal e-mail address; the name check keeps
  shared family addresses apart.
* :func:`weak_mentions`: mentions holding a name and nothing else, with the mentions whose
  names fit theirs (see :class:`~breachscope.resolve.cluster.WeakMentions`).
* :func:`apart_keys`: a record's person and the other people in it (an HL7 message's next
  of kin, ``NK1``; a FHIR Patient's ``contact``) are never one person: a partner shares
  the patient's address and often her surname, and nothing but the record says they are
  two.
"""

from __future__ import annotations

import duckdb

from breachscope.extract.otherpeople import PERSON_PARTS
from breachscope.resolve.cluster import WeakMentions, bsn_keys
from breachscope.resolve.features import FEATURES_TABLE

SAME_DOCUMENT_P = 0.999
"""Link probability given to a rule's link (above every count threshold)."""


def apply_bsn_keys(con: duckdb.DuckDBPyConnection) -> list[str | None]:
    """Un-key demoted BSNs in the features table; return the key of every mention."""
    rows = con.sql(
        f"SELECT CASE WHEN bsn_ok THEN bsn END, dob FROM {FEATURES_TABLE} ORDER BY unique_id"
    ).fetchall()
    keys = bsn_keys([r[0] for r in rows], [r[1] for r in rows])
    demoted = [i for i, (r, k) in enumerate(zip(rows, keys, strict=True)) if r[0] and not k]
    if demoted:
        con.execute(
            f"UPDATE {FEATURES_TABLE} SET bsn_ok = false WHERE list_contains(?, unique_id)",
            [demoted],
        )
    return keys


def same_document_links(con: duckdb.DuckDBPyConnection) -> list[tuple[int, int, float]]:
    """Pairs of free-text mentions of one document that name the same person."""
    rows = con.sql(
        f"""
        WITH t AS (
            SELECT unique_id, path, unnest(sn_parts) AS part, inits, dob, bsn, bsn_ok
            FROM {FEATURES_TABLE} WHERE source = 'text' AND sn_parts IS NOT NULL
        )
        SELECT DISTINCT l.unique_id, r.unique_id
        FROM t AS l JOIN t AS r
          ON l.path = r.path AND l.part = r.part AND l.unique_id < r.unique_id
        WHERE {_COMPATIBLE}
        ORDER BY 1, 2
        """
    ).fetchall()
    return [(int(a), int(b), SAME_DOCUMENT_P) for a, b in rows]


_COMPATIBLE = """
    (l.inits IS NULL OR r.inits IS NULL
     OR starts_with(l.inits, r.inits) OR starts_with(r.inits, l.inits))
    AND (l.dob IS NULL OR r.dob IS NULL OR l.dob = r.dob)
    AND NOT (l.bsn_ok AND r.bsn_ok AND l.bsn <> r.bsn)
"""


def contact_links(con: duckdb.DuckDBPyConnection) -> list[tuple[int, int, float]]:
    """Pairs sharing an e-mail address or a mobile number, with compatible names."""
    rows = con.sql(
        f"""
        WITH c AS (
            SELECT unique_id, email AS contact, sn_parts, inits, dob, bsn, bsn_ok
            FROM {FEATURES_TABLE} WHERE email IS NOT NULL
            UNION ALL
            SELECT unique_id, phone, sn_parts, inits, dob, bsn, bsn_ok
            FROM {FEATURES_TABLE} WHERE phone LIKE '+316%'
        )
        SELECT DISTINCT l.unique_id, r.unique_id
        FROM c AS l JOIN c AS r ON l.contact = r.contact AND l.unique_id < r.unique_id
        WHERE (l.sn_parts IS NULL OR r.sn_parts IS NULL OR list_has_any(l.sn_parts, r.sn_parts)
               OR left(l.inits, 1) = left(r.inits, 1))
          AND {_COMPATIBLE}
        ORDER BY 1, 2
        """
    ).fetchall()
    return [(int(a), int(b), SAME_DOCUMENT_P) for a, b in rows]


MAX_WEAK_CANDIDATES = 50
"""A name that fits more mentions than this is too common to attach a bare name to."""


def weak_mentions(con: duckdb.DuckDBPyConnection) -> WeakMentions:
    """Name-only mentions, their candidate mentions and their same-name twins."""
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE weak AS
        SELECT unique_id, sn_key, sn_parts, inits, fn1 FROM {FEATURES_TABLE}
        WHERE sn_parts IS NOT NULL AND dob IS NULL AND bsn IS NULL AND pc IS NULL
          AND street IS NULL AND phone IS NULL AND email IS NULL
        """
    )
    nodes = frozenset(int(r[0]) for r in con.sql("SELECT unique_id FROM weak").fetchall())
    if not nodes:
        return WeakMentions(nodes, {}, {})
    rows = con.sql(
        f"""
        WITH w AS (SELECT unique_id, unnest(sn_parts) AS part, inits, fn1 FROM weak),
        c AS (SELECT unique_id, unnest(sn_parts) AS part, inits, fn1 FROM {FEATURES_TABLE}
              WHERE sn_parts IS NOT NULL),
        pairs AS (
            SELECT DISTINCT w.unique_id AS w, c.unique_id AS c
            FROM w JOIN c ON w.part = c.part AND w.unique_id <> c.unique_id
            WHERE (w.inits IS NULL OR c.inits IS NULL
                   OR starts_with(w.inits, c.inits) OR starts_with(c.inits, w.inits))
              AND (w.fn1 IS NULL OR c.fn1 IS NULL OR w.fn1 = c.fn1)
        )
        SELECT w, list(c ORDER BY c) FROM pairs GROUP BY w
        HAVING count(*) <= {MAX_WEAK_CANDIDATES}
        """
    ).fetchall()
    candidates = {int(w): [int(c) for c in cs] for w, cs in rows}
    twin_rows = con.sql(
        """
        SELECT a.unique_id, list(b.unique_id ORDER BY b.unique_id)
        FROM weak AS a JOIN weak AS b
          ON a.sn_key = b.sn_key AND a.unique_id <> b.unique_id
         AND a.inits IS NOT DISTINCT FROM b.inits AND a.fn1 IS NOT DISTINCT FROM b.fn1
        GROUP BY a.unique_id
        """
    ).fetchall()
    twins = {int(a): [int(b) for b in bs] for a, bs in twin_rows}
    return WeakMentions(nodes, candidates, twins)


_OTHER = f"(?:{'|'.join(PERSON_PARTS)})(?:\\[[0-9]+\\])?&row="
_NESTED_PERSON = f"#part=([^&]*)/{_OTHER}"
"""An other person's record inside a part (``a.json#part=entry/contact&row=3``)."""
_PERSON = f"#part={_OTHER}"
"""An other person's record (``a.hl7#part=NK1[2]&row=3``, ``a.json#part=contact&row=1``)."""


def apart_keys(con: duckdb.DuckDBPyConnection, source: str) -> list[str | None]:
    """Per mention of ``source`` (``unique_id`` order): the record it shares with other
    people, where it does (``a.hl7#row=3`` for an HL7 message's row and for the rows of
    its next of kin, ``a.hl7#part=NK1&row=3``; ``a.json#part=entry&row=2`` for a bundle
    entry and its ``entry/contact`` rows), else None. Mentions with one key are never one
    person (:func:`~breachscope.resolve.cluster.cluster`)."""
    parent = f"regexp_replace(record, '{_NESTED_PERSON}', '#part=\\1&row=')"
    rows = con.sql(
        f"""
        WITH k AS (
            SELECT unique_id, CASE WHEN source <> 'table' THEN NULL
                WHEN contains(record, '#part=') THEN regexp_replace({parent}, '{_PERSON}', '#row=')
                ELSE record END AS key
            FROM {source}
        )
        SELECT CASE WHEN key IS NOT NULL AND count(*) OVER (PARTITION BY key) > 1 THEN key END
        FROM k ORDER BY unique_id
        """
    ).fetchall()
    return [r[0] for r in rows]
