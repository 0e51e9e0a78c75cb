"""Match features of mentions, derived in SQL (DuckDB) so a million rows take seconds.

Names are folded (lower case, accents stripped); surname cores drop tussenvoegsels so that
``Jansen-de Vries``, ``de Vries`` and ``VRIES, J. de`` share the core ``vries``. House
numbers keep their suffix; postcodes are compared as written by assemble (``1234AB``).
"""

from __future__ import annotations

import duckdb

from breachscope.assemble.names import PREFIX_WORDS

FEATURES_TABLE = "mention_features"

_PREFIXES_SQL = (
    "["
    + ", ".join("'" + w.replace("'", "''") + "'" for w in sorted(PREFIX_WORDS) if "'" not in w)
    + "]"
)


def _fold(expr: str) -> str:
    return f"nullif(trim(strip_accents(lower({expr}))), '')"


def _cores(expr: str) -> str:
    return (
        f"list_filter(regexp_split_to_array(strip_accents(lower(coalesce({expr}, ''))), "
        f"'[^a-z]+'), x -> length(x) > 1 AND NOT list_contains({_PREFIXES_SQL}, x))"
    )


def features_sql(source: str) -> str:
    """SELECT producing the feature table from a mentions table/view named ``source``.

    ``source`` holds the mentions plus ``unique_id`` (BIGINT), the key Splink links on.
    """
    given = _fold("given_names")
    inits_from_given = (
        "nullif(array_to_string(list_transform(regexp_split_to_array("
        f"{given}, '[^a-z]+'), x -> left(x, 1)), ''), '')"
    )
    inits_written = f"nullif(regexp_replace({_fold('initials')}, '[^a-z]', '', 'g'), '')"
    sn_all = "concat_ws(' ', surname, birth_surname, partner_surname)"
    return f"""
    WITH base AS (
        SELECT
            unique_id::BIGINT AS unique_id,
            mention_id,
            path,
            source,
            nullif(split_part({given}, ' ', 1), '') AS fn1,
            coalesce({inits_written}, {inits_from_given}) AS inits,
            {_cores("surname")} AS sn_written,
            list_sort(list_distinct({_cores(sn_all)})) AS sn_all,
            date_of_birth AS dob,
            bsn,
            bsn_valid AS bsn_ok,
            {_fold("postcode")} AS pc,
            nullif(regexp_replace(lower(house_number), '\\s', '', 'g'), '') AS hn,
            {_fold("street")} AS street,
            {_fold("city")} AS city,
            phone,
            lower(email) AS email
        FROM {source}
    )
    SELECT
        unique_id, mention_id, path, source, fn1, inits, left(inits, 1) AS init1,
        CASE WHEN len(sn_written) > 0 THEN array_to_string(sn_written, ' ')
             WHEN len(sn_all) > 0 THEN array_to_string(sn_all, ' ') END AS sn_key,
        CASE WHEN len(sn_all) > 0 THEN sn_all END AS sn_parts,
        list_transform(sn_all, x -> left(x, 4)) AS sn_pfx,
        list_transform(sn_all, x -> right(x, 4)) AS sn_sfx,
        dob, year(try_cast(dob AS DATE)) AS dob_y, month(try_cast(dob AS DATE)) AS dob_m,
        day(try_cast(dob AS DATE)) AS dob_d,
        bsn, bsn_ok, pc, hn, street, city, phone, email
    FROM base
    """


def build_features(con: duckdb.DuckDBPyConnection, source: str) -> None:
    """Create (or replace) :data:`FEATURES_TABLE` from the mentions in ``source``, in
    ``unique_id`` order (Splink samples rows in table order)."""
    con.execute(
        f"CREATE OR REPLACE TABLE {FEATURES_TABLE} AS SELECT * FROM ({features_sql(source)}) "
        "ORDER BY unique_id"
    )
