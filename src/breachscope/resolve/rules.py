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
"""

from __future__ import annotations

import duckdb

from breachscope.resolve.cluster import bsn_keys
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
