"""The resolve stage: mentions in, people out (pure function plus the case-level wrapper)."""

from __future__ import annotations

import contextlib
import json
import time
from dataclasses import asdict, dataclass, field
from typing import Any

import duckdb
import pyarrow as pa

from breachscope.assemble.schema import MENTIONS_SCHEMA
from breachscope.config import ResolveSettings
from breachscope.resolve.cluster import cluster
from breachscope.resolve.features import FEATURES_TABLE, build_features
from breachscope.resolve.model import score_pairs
from breachscope.resolve.persons import TIERS, build_persons, person_ids, tier_sql
from breachscope.resolve.rules import (
    apply_bsn_keys,
    contact_links,
    same_document_links,
    weak_mentions,
)


@dataclass(frozen=True, slots=True)
class ResolveSummary:
    """How many people, how sure, and how the count moves with the match threshold."""

    mentions: int
    persons: int
    """People at the match threshold (all tiers)."""
    tiers: dict[str, int]
    match_threshold: float
    by_threshold: dict[str, dict[str, int]]
    """Per threshold (``"0.9"``), people per tier and ``total``."""
    count_low: int
    """Lower end of the affected-people count: confirmed people (fewest over thresholds)."""
    count_high: int
    """Upper end: all tiers at the threshold that splits most."""
    links: int
    """Scored mention pairs at or above the lowest threshold."""
    seconds: dict[str, float] = field(default_factory=dict)

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2, sort_keys=True)


@dataclass(frozen=True, slots=True)
class ResolveResult:
    mentions: pa.Table
    """The input mentions with ``person_id`` filled in."""
    persons: pa.Table
    person_evidence: pa.Table
    person_counts: pa.Table
    """``threshold``, ``tier``, ``persons``: the count range."""
    summary: ResolveSummary
    model: dict[str, Any]
    """The trained Splink model (settings with m and u probabilities)."""


def _arrow(con: duckdb.DuckDBPyConnection, sql: str) -> pa.Table:
    rel = con.sql(sql)
    to_table = getattr(rel, "to_arrow_table", None) or rel.arrow
    table: pa.Table = to_table()
    return table


def _key(t: float) -> str:
    return f"{t:g}"


def connect_memory(threads: int | None = None) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    with contextlib.suppress(duckdb.Error):
        con.execute("SET lambda_syntax='ENABLE_SINGLE_ARROW'")
    if threads:
        con.execute(f"SET threads = {int(threads)}")
    return con


def resolve(
    mentions: pa.Table, settings: ResolveSettings | None = None, *, threads: int | None = None
) -> ResolveResult:
    """Link mentions into people. Deterministic for the same input and settings."""
    s = settings or ResolveSettings()
    clock = time.perf_counter()
    seconds: dict[str, float] = {}

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        seconds[name] = round(now - clock, 3)
        clock = now

    con = connect_memory(threads)
    n = mentions.num_rows
    base = mentions.select([c for c in MENTIONS_SCHEMA.names if c != "person_id"]).append_column(
        "unique_id", pa.array(range(n), pa.int64())
    )
    con.register("mentions_in", base)
    build_features(con, "mentions_in")
    keys = apply_bsn_keys(con)
    lap("features")
    scored = score_pairs(con, s)
    lap("model")
    dobs = _arrow(con, f"SELECT dob FROM {FEATURES_TABLE} ORDER BY unique_id")["dob"]
    pairs = scored.pairs.to_pydict()
    edges = list(zip(pairs["left"], pairs["right"], pairs["p"], strict=True))
    edges += same_document_links(con) + contact_links(con)
    thresholds = sorted({*s.count_thresholds, s.match_threshold}, reverse=True)
    clusters = cluster(keys, dobs.to_pylist(), edges, thresholds, weak_mentions(con))
    lap("cluster")
    main = clusters.labels[s.match_threshold]
    weakest = clusters.weakest_link[s.match_threshold]
    ids = person_ids(main, mentions["mention_id"].to_pylist())
    label_cols = {
        "person_id": pa.array(ids, pa.string()),
        "keyed": pa.array([k is not None for k in clusters.bsn_keys], pa.bool_()),
        "weakest": pa.array([weakest.get(r) for r in main], pa.float64()),
    }
    for i, t in enumerate(thresholds):
        label_cols[f"label_{i}"] = pa.array(clusters.labels[t], pa.int64())
    con.register("labels_in", pa.table({"unique_id": pa.array(range(n), pa.int64()),
                                        **label_cols}))  # fmt: skip
    con.execute("CREATE OR REPLACE VIEW mp AS SELECT * FROM mentions_in JOIN labels_in "
                "USING (unique_id)")  # fmt: skip
    lap("labels")
    build_persons(con, lambda step: lap(f"persons.{step}"))
    counts = _counts(con, thresholds)
    lap("persons.counts")
    position = MENTIONS_SCHEMA.get_field_index("person_id")
    out_mentions = (
        mentions.select(MENTIONS_SCHEMA.names)
        .set_column(position, MENTIONS_SCHEMA.field("person_id"), label_cols["person_id"])
        .cast(MENTIONS_SCHEMA)
    )
    persons = _arrow(con, "SELECT * FROM persons ORDER BY person_id")
    evidence = _arrow(con, "SELECT * FROM person_evidence")
    con.close()
    lap("output")
    summary = _summary(n, persons, counts, s, thresholds, scored.n_scored, seconds)
    return ResolveResult(out_mentions, persons, evidence, counts, summary, scored.model)


def _counts(con: duckdb.DuckDBPyConnection, thresholds: list[float]) -> pa.Table:
    parts = [
        f"SELECT {t}::DOUBLE AS threshold, tier, count(*)::BIGINT AS persons FROM ("
        f"SELECT {tier_sql()} AS tier FROM mp GROUP BY label_{i}) GROUP BY tier"
        for i, t in enumerate(thresholds)
    ]
    return _arrow(con, " UNION ALL ".join(parts) + " ORDER BY threshold, tier")


def _summary(
    n: int, persons: pa.Table, counts: pa.Table, s: ResolveSettings, thresholds: list[float],
    links: int, seconds: dict[str, float],
) -> ResolveSummary:  # fmt: skip
    by: dict[str, dict[str, int]] = {_key(t): dict.fromkeys(TIERS, 0) for t in thresholds}
    for row in counts.to_pylist():
        by[_key(row["threshold"])][row["tier"]] = int(row["persons"])
    for tally in by.values():
        tally["total"] = sum(tally[t] for t in TIERS)
    tiers = dict.fromkeys(TIERS, 0)
    for tier in persons["tier"].to_pylist():
        tiers[tier] += 1
    return ResolveSummary(
        mentions=n,
        persons=persons.num_rows,
        tiers=tiers,
        match_threshold=s.match_threshold,
        by_threshold={k: by[k] for k in sorted(by, key=float)},
        count_low=min(t["confirmed"] for t in by.values()) if by else 0,
        count_high=max(t["total"] for t in by.values()) if by else 0,
        links=links,
        seconds=seconds,
    )


MODEL_FILE = "resolve_model.json"
"""The trained Splink model, written into the case folder for audit."""


def resolve_case(case: Any, config: Any = None) -> ResolveSummary:
    """Resolve the mentions of an open :class:`~breachscope.case.Case` into people.

    Reads table ``mentions`` (run :func:`breachscope.assemble.assemble_case` first) and
    replaces ``mentions.person_id``, ``persons``, ``person_evidence`` and ``person_counts``;
    stores the summary in ``case_info`` and the trained model in the case folder.
    """
    from breachscope.assemble.store import query_arrow, replace_table

    cfg = config or case.config
    cols = ", ".join(MENTIONS_SCHEMA.names)
    mentions = query_arrow(case.con, f"SELECT {cols} FROM mentions ORDER BY mention_id")
    result = resolve(mentions.cast(MENTIONS_SCHEMA), cfg.resolve, threads=cfg.workers)
    replace_table(case.con, "mentions", result.mentions)
    replace_table(case.con, "persons", result.persons)
    replace_table(case.con, "person_evidence", result.person_evidence)
    replace_table(case.con, "person_counts", result.person_counts)
    cur = case.con.cursor()
    try:
        cur.execute(
            "INSERT OR REPLACE INTO case_info VALUES ('resolve_summary', ?)",
            [result.summary.to_json()],
        )
    finally:
        cur.close()
    (case.root / MODEL_FILE).write_text(
        json.dumps(result.model, indent=2, sort_keys=True) + "\n", encoding="utf-8"
    )
    return result.summary
