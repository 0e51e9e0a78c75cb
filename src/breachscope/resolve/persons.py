"""Person records from clustered mentions (DuckDB SQL over the mentions table).

* ``person_id`` = ``P`` + 16 hex digits of the SHA-256 of the person's sorted mention ids
  joined by ``|``;
  mention ids hash record locators only, so ids hold no values and are stable across
  re-runs on the same dump.
* Best value of a column: the most frequent value among the person's mentions (ties: the
  smallest). The address is chosen as a whole (most complete, then most frequent); the BSN
  is the one the person was keyed on.
* Provider: the most frequent AGB code and name; a person whose mentions name the GP but
  never give the code gets the code that name always comes with elsewhere in the case.
* Tier: ``confirmed`` (a valid BSN with a compatible date of birth), ``probable`` (a name
  plus a date of birth, full address, phone or e-mail), ``possible`` (anything less).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence

import duckdb

from breachscope.vocabulary import DATA_CLASSES

TIERS: tuple[str, ...] = ("confirmed", "probable", "possible")

_SEP = "chr(31)"
_SINGLE = ("surname", "given_names", "initials", "date_of_birth", "phone", "email",
           "provider_agb", "provider_name")  # fmt: skip
_ADDRESS = (
    f"CASE WHEN coalesce(street, house_number, postcode, city) IS NOT NULL THEN concat_ws("
    f"{_SEP}, coalesce(street, ''), coalesce(house_number, ''), coalesce(postcode, ''), "
    f"coalesce(city, '')) END"
)
_PROVIDER = (
    f"CASE WHEN coalesce(provider_agb, provider_name) IS NOT NULL THEN concat_ws({_SEP}, "
    f"coalesce(provider_agb, ''), coalesce(provider_name, '')) END"
)
_VOCAB = "[" + ", ".join(f"'{c}'" for c in DATA_CLASSES) + "]"


def tier_sql() -> str:
    """Aggregate expression giving the tier of a group of rows of ``m``."""
    return (
        "CASE WHEN bool_or(keyed) THEN 'confirmed' "
        "WHEN bool_or(surname IS NOT NULL OR given_names IS NOT NULL) AND bool_or("
        "date_of_birth IS NOT NULL OR phone IS NOT NULL OR email IS NOT NULL OR "
        "(house_number IS NOT NULL AND (postcode IS NOT NULL OR street IS NOT NULL))) "
        "THEN 'probable' ELSE 'possible' END"
    )


def person_ids(labels: Sequence[int], mention_ids: Sequence[str]) -> list[str]:
    """The ``person_id`` of every mention, from the cluster labels (see module doc)."""
    groups: dict[int, list[str]] = {}
    for label, mid in zip(labels, mention_ids, strict=True):
        groups.setdefault(label, []).append(mid)
    ids = {
        label: "P" + hashlib.sha256("|".join(sorted(mids)).encode("utf-8")).hexdigest()[:16]
        for label, mids in groups.items()
    }
    return [ids[label] for label in labels]


def person_ids_sql(labels: str, mentions: str) -> str:
    """SELECT ``label``, ``person_id`` from ``labels`` (``unique_id``, ``label``) and
    ``mentions`` (``unique_id``, ``mention_id``): :func:`person_ids` in SQL."""
    return (
        "SELECT label, 'P' || left(sha256(string_agg(mention_id, '|' ORDER BY mention_id)), 16) "
        f"AS person_id FROM {labels} JOIN {mentions} USING (unique_id) GROUP BY label"
    )


def evidence_sql(source: str) -> str:
    """SELECT of ``person_evidence`` rows from mentions with ``person_id`` in ``source``."""
    return f"""
        SELECT person_id, mention_id, path, e.data_class AS data_class, e.kind AS kind,
               e.detector AS detector, e.location AS location
        FROM (SELECT person_id, mention_id, path, unnest(evidence) AS e FROM {source})
        """


def build_persons(
    con: duckdb.DuckDBPyConnection,
    lap: Callable[[str], None] | None = None,
    *,
    evidence: bool = True,
) -> None:
    """From view ``mp`` (mentions + ``person_id``, ``keyed``, ``weakest``) create ``persons``
    and ``person_evidence``; ``lap(step)`` is called after each step (timing)."""
    for name, sql in _steps():
        if name == "evidence" and not evidence:
            continue
        con.execute(sql)
        if lap is not None:
            lap(name)


def _steps() -> list[tuple[str, str]]:
    cols = ", ".join(_SINGLE)
    best_cols = ", ".join(f"'{c}'" for c in (*_SINGLE, "address"))
    pick = ", ".join(f"max(value) FILTER (WHERE col = '{c}') AS {c}" for c in (*_SINGLE,
                     "address"))  # fmt: skip
    return [
        ("long", f"""
        CREATE OR REPLACE TABLE long AS
        SELECT person_id, col, value, count(*) AS n FROM (
            UNPIVOT (SELECT person_id, {cols}, {_ADDRESS} AS address, {_PROVIDER} AS provider
                     FROM mp)
            ON {cols}, address, provider INTO NAME col VALUE value
        ) GROUP BY ALL
        UNION ALL
        SELECT person_id, o.kind AS col, o.value, count(*) AS n
        FROM (SELECT person_id, unnest(other_values) AS o FROM mp) GROUP BY ALL
        """),
        ("best", f"""
        CREATE OR REPLACE TABLE best AS
        SELECT person_id, col, first(value ORDER BY
            CASE WHEN col = 'address' THEN len(list_filter(string_split(value, chr(31)),
                 x -> x <> '')) END DESC NULLS LAST,
            n DESC,
            CASE WHEN col = 'initials' THEN length(value) END DESC NULLS LAST,
            value) AS value
        FROM long WHERE col IN ({best_cols}) GROUP BY person_id, col
        """),
        ("persons", f"""
        CREATE OR REPLACE TABLE persons AS
        WITH b AS (SELECT person_id, {pick} FROM best GROUP BY person_id),
        agg AS (
            SELECT person_id, {tier_sql()} AS tier, count(*) AS n_mentions,
                   min(bsn) FILTER (WHERE keyed) AS keyed_bsn,
                   list_distinct(flatten(list(data_classes))) AS classes,
                   list_sort(list_distinct(list(path))) AS sources,
                   min(weakest) AS weakest_link
            FROM mp GROUP BY person_id
        ),
        allv AS (
            SELECT person_id, list(struct_pack(kind := col, value := value, n := n::INTEGER)
                                   ORDER BY col, n DESC, value) AS all_values
            FROM long WHERE col <> 'provider' GROUP BY person_id
        ),
        agb_of AS (  -- provider names that always come with one AGB code in this case
            SELECT lower(strip_accents(provider_name)) AS k, min(provider_agb) AS agb
            FROM mp WHERE provider_agb IS NOT NULL AND provider_name IS NOT NULL
            GROUP BY k HAVING count(DISTINCT provider_agb) = 1
        ),
        prov AS (
            SELECT person_id, list(struct_pack(
                       agb := nullif(split_part(value, {_SEP}, 1), ''),
                       name := nullif(split_part(value, {_SEP}, 2), ''))
                   ORDER BY n DESC, value) AS providers
            FROM long WHERE col = 'provider' GROUP BY person_id
        )
        SELECT agg.person_id, agg.tier, b.surname, b.given_names, b.initials,
               b.date_of_birth, agg.keyed_bsn AS bsn,
               nullif(split_part(b.address, {_SEP}, 1), '') AS street,
               nullif(split_part(b.address, {_SEP}, 2), '') AS house_number,
               nullif(split_part(b.address, {_SEP}, 3), '') AS postcode,
               nullif(split_part(b.address, {_SEP}, 4), '') AS city,
               b.phone, b.email,
               coalesce(b.provider_agb, agb_of.agb) AS provider_agb, b.provider_name,
               list_filter({_VOCAB}, c -> list_contains(agg.classes, c)) AS data_classes,
               agg.n_mentions::INTEGER AS n_mentions, agg.sources,
               coalesce(allv.all_values, []) AS all_values,
               coalesce(prov.providers, []) AS providers,
               agg.weakest_link
        FROM agg LEFT JOIN b USING (person_id) LEFT JOIN allv USING (person_id)
                 LEFT JOIN prov USING (person_id)
                 LEFT JOIN agb_of ON agb_of.k = lower(strip_accents(b.provider_name))
        """),
        ("evidence", f"CREATE OR REPLACE TABLE person_evidence AS {evidence_sql('mp')}"),
    ]  # fmt: skip
