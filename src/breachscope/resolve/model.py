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

from breachscope.config import ResolveSettings
from breachscope.resolve.comparisons import comparisons, prediction_rules
from breachscope.resolve.features import FEATURES_TABLE

M_FLOOR = 0.002
"""Least m probability of any level after training: EM on clean data learns that a field
never differs for one person, which would let one typo veto a match."""
MIN_TRAINING_MENTIONS = 1000
"""Below this many mentions the model keeps its prior m and u (random pairs would be
matches too often to estimate u, and EM would have nothing to learn from)."""
MIN_TRAINING_PAIRS = 100
"""An EM session runs only when its blocking rule yields at least this many pairs."""
PREDICT_CHUNK_MENTIONS = 40_000
"""Scoring joins each chunk of this many mentions (per :data:`PREDICT_CHUNK_MEMORY_MB`
of DuckDB's memory limit) with all the others, so the memory of Splink's blocking joins
does not grow with the dump (the pairs are the same). Chunks cost time (each repeats the
blocking), so without a tight limit (the in-memory :func:`resolve`) there is one."""
PREDICT_CHUNK_MEMORY_MB = 192
_UNITS_MB = {
    "KIB": 1 / 1024,
    "MIB": 1.0,
    "GIB": 1024.0,
    "TIB": 1024.0**2,
    "KB": 1e3 / 2**20,
    "MB": 1e6 / 2**20,
    "GB": 1e9 / 2**20,
    "TB": 1e12 / 2**20,
}
TRAINING_BLOCKS: tuple[tuple[str, ...], ...] = (("dob",), ("pc", "hn"), ("sn_key", "init1"))


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
        try:
            linker.training.estimate_probability_two_random_records_match(
                ["l.sn_key = r.sn_key AND l.fn1 = r.fn1 AND l.dob = r.dob",
                 "l.bsn = r.bsn AND l.bsn_ok AND r.bsn_ok"],
                recall=0.6,
            )  # fmt: skip
        except ValueError:  # rules too loose for this (small) data: one match per mention
            linker = Linker(sdf, settings_dict(min(0.5, 1.0 / n)), log_level=logging.ERROR)
        if not 0.0 < _prior_of(linker.misc.save_model_to_json()) < 1.0:
            # No pair met the rules: expect about one matching pair rather than none, since
            # a prior of 0 (or 1) has no match weight and breaks Splink's arithmetic.
            linker = Linker(sdf, settings_dict(_one_pair_prior(n)), log_level=logging.ERROR)
    if n < MIN_TRAINING_MENTIONS:  # too few to learn from: keep the prior m and u
        return _predict(con, sdf, settings, linker.misc.save_model_to_json())
    linker.training.estimate_u_using_random_sampling(
        max_pairs=settings.u_max_pairs, seed=settings.seed
    )
    for cols in TRAINING_BLOCKS:
        if _block_pairs(con, cols) < MIN_TRAINING_PAIRS:
            continue
        try:
            linker.training.estimate_parameters_using_expectation_maximisation(
                block_on(*cols), estimate_without_term_frequencies=True,
                max_pairs=settings.em_max_pairs,
                record_sample_proportion=min(1.0, max(0.01, 50_000 / n)),
            )  # fmt: skip
        except ValueError:
            # A degenerate session (e.g. every blocked pair agrees, so the in-block match
            # rate reaches 0 or 1 and Splink's log2 fails): it teaches nothing, so the
            # parameters of the sessions before it are kept.
            continue
    return _predict(con, sdf, settings, _with_m_floor(linker.misc.save_model_to_json()))


def _predict(
    con: duckdb.DuckDBPyConnection, sdf: Any, settings: ResolveSettings, model: dict[str, Any]
) -> ScoredPairs:
    """Score the blocked pairs of ``sdf`` (the registered features) with ``model``."""
    n = con.sql(f"SELECT count(*) FROM {FEATURES_TABLE}").fetchall()[0][0]
    if not 0.0 < _prior_of(model) < 1.0:  # EM can drive the prior to 0 on odd data
        model = {**model, "probability_two_random_records_match": _one_pair_prior(n)}
    linker = Linker(sdf, model, log_level=logging.ERROR)
    floor = min((*settings.count_thresholds, settings.match_threshold))
    per_chunk = PREDICT_CHUNK_MENTIONS * max(1.0, memory_limit_mb(con) / PREDICT_CHUNK_MEMORY_MB)
    chunks = max(1, -(-n // int(per_chunk)))
    predictions = linker.inference.predict(
        threshold_match_probability=floor, num_chunks_right=chunks, warning_mode="never"
    )
    pairs = con.sql(
        f"SELECT unique_id_l AS left, unique_id_r AS right, match_probability AS p "
        f"FROM {predictions.physical_name}"
    )
    table = getattr(pairs, "to_arrow_table", None) or pairs.arrow
    scored: pa.Table = table()
    return ScoredPairs(scored, scored.num_rows, model)


def _prior_of(model: dict[str, Any]) -> float:
    return float(model.get("probability_two_random_records_match") or 0.0)


def _one_pair_prior(n: int) -> float:
    """The prior under which about one pair of ``n`` mentions matches."""
    return min(0.5, 1.0 / max(1.0, n * (n - 1) / 2))


def _block_pairs(con: duckdb.DuckDBPyConnection, cols: tuple[str, ...]) -> int:
    """How many pairs blocking on equal ``cols`` (all non-null) would yield."""
    keys = ", ".join(cols)
    present = " AND ".join(f"{c} IS NOT NULL" for c in cols)
    row = con.sql(
        f"SELECT coalesce(sum(n * (n - 1) // 2), 0) FROM (SELECT count(*) AS n "
        f"FROM {FEATURES_TABLE} WHERE {present} GROUP BY {keys})"
    ).fetchall()[0]
    return int(row[0])


def _with_m_floor(model: dict[str, Any], floor: float = M_FLOOR) -> dict[str, Any]:
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


def memory_limit_mb(con: duckdb.DuckDBPyConnection) -> float:
    """DuckDB's ``memory_limit`` of ``con`` in MiB (``'192.0 MiB'``, ``'18.7 GiB'``)."""
    rows = con.sql("SELECT current_setting('memory_limit')").fetchall()
    row = rows[0] if rows else None
    text = str(row[0] if row else "").strip().upper().replace(" ", "")
    for unit in sorted(_UNITS_MB, key=len, reverse=True):
        if text.endswith(unit):
            try:
                return float(text[: -len(unit)]) * _UNITS_MB[unit]
            except ValueError:
                break
    return float(PREDICT_CHUNK_MEMORY_MB)
