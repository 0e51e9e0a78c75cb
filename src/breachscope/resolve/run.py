"""The resolve stage: mentions in, people out (pure function plus the case-level wrapper)."""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

import duckdb
import pyarrow as pa

from breachscope.assemble.schema import MENTIONS_SCHEMA
from breachscope.assemble.store import copy_rows, key_ranges
from breachscope.config import ResolveSettings
from breachscope.resolve.cluster import cluster
from breachscope.resolve.features import FEATURES_TABLE, build_features
from breachscope.resolve.model import ScoredPairs, score_pairs
from breachscope.resolve.persons import (
    TIERS,
    build_persons,
    evidence_sql,
    person_ids_sql,
    tier_sql,
)
from breachscope.resolve.rules import (
    apart_keys,
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


@dataclass(frozen=True, slots=True)
class _Linked:
    """What :func:`_link` leaves besides its tables in the connection."""

    counts: pa.Table
    thresholds: list[float]
    scored: ScoredPairs


def _link(
    con: duckdb.DuckDBPyConnection,
    n: int,
    s: ResolveSettings,
    lap: Callable[[str], None],
    *,
    evidence: bool = True,
) -> _Linked:
    """Resolve the ``n`` mentions of view or table ``mentions_in`` (with ``unique_id``
    0..n-1, in ``mention_id`` order) in ``con``: creates ``labels_in`` (``unique_id``,
    ``person_id``, ``keyed``, ``weakest``, ``label_i`` per threshold), view ``mp`` and
    tables ``persons`` and (``evidence``) ``person_evidence``."""
    build_features(con, "mentions_in")
    keys = apply_bsn_keys(con)
    lap("features")
    scored = score_pairs(con, s)
    lap("model")
    dobs = [
        r[0] for r in con.sql(f"SELECT dob FROM {FEATURES_TABLE} ORDER BY unique_id").fetchall()
    ]
    pairs = scored.pairs.to_pydict()
    edges = list(zip(pairs["left"], pairs["right"], pairs["p"], strict=True))
    del pairs
    edges += same_document_links(con) + contact_links(con)
    thresholds = sorted({*s.count_thresholds, s.match_threshold}, reverse=True)
    apart = apart_keys(con, "mentions_in")
    clusters = cluster(keys, dobs, edges, thresholds, weak_mentions(con), apart)
    del apart
    del edges, dobs
    lap("cluster")
    main = clusters.labels[s.match_threshold]
    weakest = clusters.weakest_link[s.match_threshold]
    label_cols = {
        "unique_id": pa.array(range(n), pa.int64()),
        "label": pa.array(main, pa.int64()),
        "keyed": pa.array([k is not None for k in clusters.bsn_keys], pa.bool_()),
        "weakest": pa.array([weakest.get(r) for r in main], pa.float64()),
    }
    for i, t in enumerate(thresholds):
        label_cols[f"label_{i}"] = pa.array(clusters.labels[t], pa.int64())
    del clusters, main, weakest
    con.register("labels_raw", pa.table(label_cols))
    del label_cols
    ids = person_ids_sql("labels_raw", "mentions_in")
    con.execute(
        "CREATE OR REPLACE TABLE labels_in AS SELECT r.unique_id, p.person_id, r.* EXCLUDE "
        f"(unique_id, label) FROM labels_raw AS r JOIN ({ids}) AS p USING (label)"
    )
    con.unregister("labels_raw")
    con.execute("CREATE OR REPLACE VIEW mp AS SELECT * FROM mentions_in JOIN labels_in "
                "USING (unique_id)")  # fmt: skip
    lap("labels")
    build_persons(con, lambda step: lap(f"persons.{step}"), evidence=evidence)
    counts = _counts(con, thresholds)
    lap("persons.counts")
    return _Linked(counts, thresholds, scored)


def _timer() -> tuple[dict[str, float], Callable[[str], None]]:
    clock = time.perf_counter()
    seconds: dict[str, float] = {}

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        seconds[name] = round(now - clock, 3)
        clock = now

    return seconds, lap


def resolve(
    mentions: pa.Table, settings: ResolveSettings | None = None, *, threads: int | None = None
) -> ResolveResult:
    """Link mentions into people. Deterministic for the same input and settings."""
    s = settings or ResolveSettings()
    seconds, lap = _timer()
    con = connect_memory(threads)
    n = mentions.num_rows
    base = mentions.select([c for c in MENTIONS_SCHEMA.names if c != "person_id"]).append_column(
        "unique_id", pa.array(range(n), pa.int64())
    )
    con.register("mentions_in", base)
    linked = _link(con, n, s, lap)
    position = MENTIONS_SCHEMA.get_field_index("person_id")
    ids = _arrow(con, "SELECT person_id FROM labels_in ORDER BY unique_id")["person_id"]
    out_mentions = (
        mentions.select(MENTIONS_SCHEMA.names)
        .set_column(position, MENTIONS_SCHEMA.field("person_id"), ids)
        .cast(MENTIONS_SCHEMA)
    )
    persons = _arrow(con, "SELECT * FROM persons ORDER BY person_id")
    evidence = _arrow(con, "SELECT * FROM person_evidence")
    con.close()
    lap("output")
    summary = _summary(n, _tiers(persons["tier"].to_pylist()), persons.num_rows, linked, s,
                       seconds)  # fmt: skip
    return ResolveResult(out_mentions, persons, evidence, linked.counts, summary,
                         linked.scored.model)  # fmt: skip


def _counts(con: duckdb.DuckDBPyConnection, thresholds: list[float]) -> pa.Table:
    parts = [
        f"SELECT {t}::DOUBLE AS threshold, tier, count(*)::BIGINT AS persons FROM ("
        f"SELECT {tier_sql()} AS tier FROM mp GROUP BY label_{i}) GROUP BY tier"
        for i, t in enumerate(thresholds)
    ]
    return _arrow(con, " UNION ALL ".join(parts) + " ORDER BY threshold, tier")


def _tiers(tiers: list[str]) -> dict[str, int]:
    out = dict.fromkeys(TIERS, 0)
    for tier in tiers:
        out[tier] += 1
    return out


def _summary(
    n: int, tiers: dict[str, int], persons: int, linked: _Linked, s: ResolveSettings,
    seconds: dict[str, float],
) -> ResolveSummary:  # fmt: skip
    by: dict[str, dict[str, int]] = {_key(t): dict.fromkeys(TIERS, 0) for t in linked.thresholds}
    for row in linked.counts.to_pylist():
        by[_key(row["threshold"])][row["tier"]] = int(row["persons"])
    for tally in by.values():
        tally["total"] = sum(tally[t] for t in TIERS)
    return ResolveSummary(
        mentions=n,
        persons=persons,
        tiers=tiers,
        match_threshold=s.match_threshold,
        by_threshold={k: by[k] for k in sorted(by, key=float)},
        count_low=min(t["confirmed"] for t in by.values()) if by else 0,
        count_high=max(t["total"] for t in by.values()) if by else 0,
        links=linked.scored.n_scored,
        seconds=seconds,
    )


COPY_ROWS = 20_000
"""Mentions copied into the work database per statement."""

MODEL_FILE = "resolve_model.json"
"""The trained Splink model, written into the case folder for audit."""


def resolve_case(case: Any, config: Any = None) -> ResolveSummary:
    """Resolve the mentions of an open :class:`~breachscope.case.Case` into people.

    Reads table ``mentions`` (run :func:`breachscope.assemble.assemble_case` first) and
    replaces ``mentions.person_id``, ``persons``, ``person_evidence`` and ``person_counts``;
    stores the summary in ``case_info`` and the trained model in the case folder.

    The work happens in a separate DuckDB database whose memory is capped (it spills to the
    case folder); mentions and results move between the two in Arrow batches, so neither
    Python nor DuckDB holds a whole table.
    """
    from breachscope.assemble.store import TEMP_DIR, bound_memory, retry_out_of_memory, set_memory

    cfg = config or case.config
    s: ResolveSettings = cfg.resolve
    seconds, lap = _timer()
    budget = max(64, s.duckdb_memory_mb)  # both databases together, one mostly idle
    bound_memory(case.con, case.root / TEMP_DIR, budget // 4)
    work = connect_memory(cfg.workers)
    try:
        bound_memory(work, case.root / TEMP_DIR / "resolve", budget)
        cols = ", ".join(c for c in MENTIONS_SCHEMA.names if c != "person_id")
        copy_rows(case.con, f"SELECT {cols} FROM mentions LIMIT 0", work, "mentions_raw",
                  create=True)  # fmt: skip
        low, high = case.con.sql("SELECT min(rowid), max(rowid) FROM mentions").fetchall()[0]
        last = -1 if high is None else int(high)  # (a lone mention has rowid 0)
        for start in range(int(low or 0), last + 1, COPY_ROWS):
            # one statement per slice: DuckDB holds a statement's Arrow input until it ends
            copy_rows(case.con, f"SELECT {cols} FROM mentions WHERE rowid >= {start} AND "
                      f"rowid < {start + COPY_ROWS}", work, "mentions_raw")  # fmt: skip
        work.execute(
            "CREATE TABLE mention_ids AS SELECT mention_id, (row_number() OVER (ORDER BY "
            "mention_id) - 1)::BIGINT AS unique_id FROM mentions_raw"
        )
        work.execute("CREATE VIEW mentions_in AS SELECT * FROM mentions_raw JOIN mention_ids "
                     "USING (mention_id)")  # fmt: skip
        n = int(work.sql("SELECT count(*) FROM mention_ids").fetchall()[0][0])
        linked = retry_out_of_memory(work, budget, lambda: _link(work, n, s, lap, evidence=False))
        tiers = _tiers([])
        for tier, k in work.sql("SELECT tier, count(*) FROM persons GROUP BY tier").fetchall():
            tiers[str(tier)] = int(k)
        summary = _summary(n, tiers, sum(tiers.values()), linked, s, seconds)
        set_memory(work, budget // 2)  # now the case database writes
        set_memory(case.con, budget // 2)
        _write_case(case.con, work, linked.counts, summary)
        lap("output")
    finally:
        work.close()
    (case.root / MODEL_FILE).write_text(
        json.dumps(linked.scored.model, indent=2, sort_keys=True) + "\n", encoding="utf-8"
    )
    return summary


def _write_case(
    con: duckdb.DuckDBPyConnection,
    work: duckdb.DuckDBPyConnection,
    counts: pa.Table,
    summary: ResolveSummary,
) -> None:
    """Replace the case's resolve tables. The person id of every mention and the persons
    come from ``work`` batch by batch into staging tables (each batch its own transaction:
    DuckDB keeps a transaction's Arrow input alive until it ends); one transaction then
    sets ``mentions.person_id`` (an update of that one column: the mentions' lists of
    evidence are not written again), swaps the persons in and derives ``person_evidence``
    from the mentions."""
    cur = con.cursor()
    try:
        cur.execute("CREATE OR REPLACE TABLE __staged_persons AS SELECT * FROM persons LIMIT 0")
        cur.execute("CREATE OR REPLACE TABLE __staged_ids (mention_id VARCHAR, person_id VARCHAR)")
        copy_rows(work, "SELECT mention_id, person_id FROM mention_ids JOIN labels_in "
                  "USING (unique_id)", cur, "__staged_ids")  # fmt: skip
        for where in key_ranges(work, "persons", "person_id", "person_id"):
            copy_rows(work, f"SELECT * FROM persons WHERE {where} ORDER BY person_id", cur,
                      "__staged_persons")  # fmt: skip
        cur.execute("BEGIN TRANSACTION")
        try:
            cur.execute("UPDATE mentions SET person_id = i.person_id FROM __staged_ids AS i "
                        "WHERE mentions.mention_id = i.mention_id")  # fmt: skip
            cur.execute("DELETE FROM persons")
            cur.execute("INSERT INTO persons SELECT * FROM __staged_persons")
            cur.execute("DELETE FROM person_evidence")
            cur.execute(f"INSERT INTO person_evidence {evidence_sql('mentions')}")
            cur.execute("DELETE FROM person_counts")
            cur.register("__resolve_counts", counts)
            cur.execute("INSERT INTO person_counts (threshold, tier, persons) "
                        "SELECT threshold, tier, persons FROM __resolve_counts")  # fmt: skip
            cur.unregister("__resolve_counts")
            cur.execute(
                "INSERT OR REPLACE INTO case_info VALUES ('resolve_summary', ?)",
                [summary.to_json()],
            )
            cur.execute("COMMIT")
        except Exception:
            cur.execute("ROLLBACK")
            raise
    finally:
        for table in ("persons", "ids"):
            cur.execute(f"DROP TABLE IF EXISTS __staged_{table}")
        cur.close()
