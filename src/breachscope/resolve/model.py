"""The probabilistic model: Splink (Fellegi-Sunter) on DuckDB, trained without labels.

Comparisons understand Dutch names: surname cores overlap across ``Partner-Birth`` forms,
written initials agree with full given names, a date of birth with one wrong field or day
and month swapped is close, a different address is a weak signal (people move). Pairs in
which both mentions carry a valid BSN are never scored: the deterministic step decides
them (same BSN: same person; different BSNs: never).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import duckdb
import pyarrow as pa
from splink import DuckDBAPI, Linker, block_on
from splink.blocking_rule_library import CustomRule

from breachscope.config import ResolveSettings
from breachscope.resolve.features import FEATURES_TABLE

_NOT_BOTH_BSN = "NOT (l.bsn_ok AND r.bsn_ok)"


M_FLOOR = 0.002
"""Least m probability of any level after training: EM on clean data learns that a field
never differs for one person, which would let one typo veto a match."""


def _level(sql: str, label: str, *, null: bool = False, tf: str | None = None) -> dict[str, Any]:
    level: dict[str, Any] = {"sql_condition": sql, "label_for_charts": label}
    if null:
        level["is_null_level"] = True
    if tf:
        level["tf_adjustment_column"] = tf
        level["tf_adjustment_weight"] = 1.0
    return level


def _comparison(name: str, levels: list[dict[str, Any]]) -> dict[str, Any]:
    return {"output_column_name": name, "comparison_levels": [*levels, _level("ELSE", "else")]}


def comparisons() -> list[dict[str, Any]]:
    """The comparisons of the model (Splink settings dictionaries)."""
    part_typo = "list_has_any(sn_pfx_l, sn_pfx_r) OR list_has_any(sn_sfx_l, sn_sfx_r)"
    dob_close = (
        "((dob_y_l = dob_y_r)::INT + (dob_m_l = dob_m_r)::INT + (dob_d_l = dob_d_r)::INT = 2"
        " OR (dob_y_l = dob_y_r AND dob_m_l = dob_d_r AND dob_d_l = dob_m_r))"
    )
    no_full = "(fn1_l IS NULL OR fn1_r IS NULL)"
    return [
        _comparison("surname", [
            _level("sn_parts_l IS NULL OR sn_parts_r IS NULL", "null", null=True),
            _level("sn_key_l = sn_key_r", "exact", tf="sn_key"),
            _level("list_has_any(sn_parts_l, sn_parts_r)", "shared surname part"),
            _level(f"{part_typo} OR jaro_winkler_similarity(sn_key_l, sn_key_r) >= 0.9", "typo"),
            _level("sn_key_l = fn1_r OR sn_key_r = fn1_l", "swapped with first name"),
        ]),
        _comparison("given_names", [
            _level("inits_l IS NULL OR inits_r IS NULL", "null", null=True),
            _level("fn1_l = fn1_r", "same first name", tf="fn1"),
            _level("jaro_winkler_similarity(fn1_l, fn1_r) >= 0.9", "first name typo"),
            _level("fn1_l = sn_key_r OR fn1_r = sn_key_l", "swapped with surname"),
            _level(f"{no_full} AND inits_l = inits_r", "same initials"),
            _level(f"{no_full} AND (starts_with(inits_l, inits_r) OR starts_with(inits_r, "
                   "inits_l))", "initials prefix"),
            _level(f"{no_full} AND init1_l = init1_r", "same first initial"),
        ]),
        _comparison("date_of_birth", [
            _level("dob_l IS NULL OR dob_r IS NULL", "null", null=True),
            _level("dob_l = dob_r", "exact"),
            _level(dob_close, "one field or day-month swap"),
        ]),
        _comparison("address", [
            _level("(pc_l IS NULL AND street_l IS NULL) OR (pc_r IS NULL AND street_r IS NULL)",
                   "null", null=True),
            _level("pc_l = pc_r AND hn_l = hn_r", "postcode and number"),
            _level("street_l = street_r AND hn_l = hn_r", "street and number"),
            _level("pc_l = pc_r OR (street_l = street_r AND city_l = city_r)", "same street"),
            _level("city_l = city_r", "same city"),
        ]),
        _comparison("phone", [
            _level("phone_l IS NULL OR phone_r IS NULL", "null", null=True),
            _level("phone_l = phone_r", "exact"),
        ]),
        _comparison("email", [
            _level("email_l IS NULL OR email_r IS NULL", "null", null=True),
            _level("email_l = email_r", "exact"),
        ]),
        _comparison("identifier", [
            _level("bsn_l IS NULL OR bsn_r IS NULL OR (bsn_ok_l AND bsn_ok_r)", "null",
                   null=True),
            _level("bsn_l = bsn_r", "exact"),
            _level("CASE WHEN length(bsn_l) = length(bsn_r) THEN hamming(bsn_l, bsn_r) <= 2 "
                   "ELSE false END", "one or two digits off"),
        ]),
    ]  # fmt: skip


def prediction_rules() -> list[Any]:
    """Blocking rules: which pairs are scored at all (never two valid BSNs)."""
    rules: list[Any] = [
        "l.dob = r.dob AND l.init1 = r.init1",
        "l.pc = r.pc AND l.hn = r.hn",
        "l.pc = r.pc AND l.init1 = r.init1",
        "l.street = r.street AND l.hn = r.hn AND l.city = r.city",
        "l.phone = r.phone",
        "l.email = r.email",
        "l.bsn = r.bsn",
        "l.sn_key = r.sn_key AND l.fn1 = r.fn1",
        "l.sn_key = r.sn_key AND l.dob = r.dob",
        "l.fn1 = r.sn_key AND l.sn_key = r.fn1",
        "l.dob = r.dob AND l.fn1 = r.sn_key",
    ]
    out: list[Any] = [f"{r} AND {_NOT_BOTH_BSN}" for r in rules]
    for extra in ("l.dob = r.dob", "l.inits = r.inits", "l.pc = r.pc"):
        out.append(
            CustomRule(
                f"l.sn_parts = r.sn_parts AND {extra} AND {_NOT_BOTH_BSN}",
                arrays_to_explode=["sn_parts"],
            )
        )
    return out


def settings_dict(prior: float) -> dict[str, Any]:
    return {
        "link_type": "dedupe_only",
        "unique_id_column_name": "unique_id",
        "probability_two_random_records_match": prior,
        "blocking_rules_to_generate_predictions": prediction_rules(),
        "comparisons": comparisons(),
        "retain_intermediate_calculation_columns": False,
        "retain_matching_columns": False,
    }


@dataclass(frozen=True, slots=True)
class ScoredPairs:
    pairs: pa.Table
    """``left``, ``right`` (unique ids) and ``p`` (match probability), p >= the floor."""
    n_scored: int
    model: dict[str, Any]


def estimate_prior(con: duckdb.DuckDBPyConnection) -> float | None:
    """Probability that two random mentions match, from the valid-BSN groups.

    Pairs sharing a BSN are a known share (f squared, f = share of mentions with a BSN)
    of all matching pairs. None when too few mentions carry a BSN to say.
    """
    row = con.sql(
        f"""
        WITH g AS (SELECT count(*) AS k FROM {FEATURES_TABLE} WHERE bsn_ok GROUP BY bsn)
        SELECT (SELECT coalesce(sum(k * (k - 1) / 2), 0) FROM g),
               (SELECT count(*) FILTER (WHERE bsn_ok) FROM {FEATURES_TABLE}),
               (SELECT count(*) FROM {FEATURES_TABLE})
        """
    ).fetchall()[0]
    same, with_bsn, n = float(row[0]), float(row[1]), float(row[2])
    if n < 2 or with_bsn < 0.2 * n or same == 0:
        return None
    f = with_bsn / n
    return min(0.5, same / (f * f) / (n * (n - 1) / 2))


def score_pairs(con: duckdb.DuckDBPyConnection, settings: ResolveSettings) -> ScoredPairs:
    """Train the model on the features in ``con`` without labels and score blocked pairs."""
    n = con.sql(f"SELECT count(*) FROM {FEATURES_TABLE}").fetchall()[0][0]
    if n < 2:
        return ScoredPairs(_empty_pairs(), 0, {})
    db_api = DuckDBAPI(con)
    sdf = db_api.register(FEATURES_TABLE)
    prior = estimate_prior(con)
    linker = Linker(sdf, settings_dict(prior or 1e-4), log_level=logging.ERROR)
    if prior is None:
        linker.training.estimate_probability_two_random_records_match(
            ["l.sn_key = r.sn_key AND l.fn1 = r.fn1 AND l.dob = r.dob",
             "l.bsn = r.bsn AND l.bsn_ok AND r.bsn_ok"],
            recall=0.6,
        )  # fmt: skip
    linker.training.estimate_u_using_random_sampling(
        max_pairs=settings.u_max_pairs, seed=settings.seed
    )
    for rule in (block_on("dob"), block_on("pc", "hn"), block_on("sn_key", "init1")):
        linker.training.estimate_parameters_using_expectation_maximisation(
            rule, estimate_without_term_frequencies=True, max_pairs=settings.em_max_pairs
        )
    model = _with_m_floor(linker.misc.save_model_to_json(), M_FLOOR)
    linker = Linker(sdf, model, log_level=logging.ERROR)
    floor = min((*settings.count_thresholds, settings.match_threshold))
    predictions = linker.inference.predict(threshold_match_probability=floor, warning_mode="never")
    pairs = con.sql(
        f"SELECT unique_id_l AS left, unique_id_r AS right, match_probability AS p "
        f"FROM {predictions.physical_name}"
    )
    table = getattr(pairs, "to_arrow_table", None) or pairs.arrow
    scored: pa.Table = table()
    return ScoredPairs(scored, scored.num_rows, model)


def _with_m_floor(model: dict[str, Any], floor: float) -> dict[str, Any]:
    for comparison in model["comparisons"]:
        for level in comparison["comparison_levels"]:
            if level.get("is_null_level"):
                continue
            m = level.get("m_probability")
            level["m_probability"] = max(floor, m if m is not None else floor)
            if level.get("u_probability") is None:
                level["u_probability"] = floor
    return model


def _empty_pairs() -> pa.Table:
    return pa.table(
        {"left": pa.array([], pa.int64()), "right": pa.array([], pa.int64()),
         "p": pa.array([], pa.float64())}
    )  # fmt: skip
