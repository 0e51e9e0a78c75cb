"""The assemble stage: findings table in, mentions table (and unattributed findings) out."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

import duckdb
import pyarrow as pa

from breachscope.assemble.build import Piece, build_mention, is_identifying
from breachscope.assemble.pathnames import link_case, link_path_mentions
from breachscope.assemble.schema import MENTIONS_SCHEMA, UNATTRIBUTED_SCHEMA
from breachscope.assemble.stream import FindingSource
from breachscope.assemble.text import group_text_part
from breachscope.config import Config, ResolveSettings
from breachscope.detect.finding import written_out

Rows = list[dict[str, Any]]
Sink = Callable[[Rows, Rows], None]
"""Receives each batch of (mention rows, unattributed rows)."""
FLUSH_ROWS = 2_000
"""Mentions built before they are handed to the sink (bounds assemble's memory)."""


@dataclass(frozen=True, slots=True)
class AssembleResult:
    mentions: pa.Table
    """One row per person mention (:data:`MENTIONS_SCHEMA`)."""
    unattributed: pa.Table
    """Findings that belong to no person (:data:`UNATTRIBUTED_SCHEMA`)."""

    def summary(self) -> dict[str, int]:
        return {
            "mentions": self.mentions.num_rows,
            "table_mentions": int(
                pa.compute.sum(pa.compute.equal(self.mentions["source"], "table")).as_py() or 0
            ),
            "unattributed_findings": self.unattributed.num_rows,
        }


@dataclass(frozen=True, slots=True)
class AssembleSummary:
    """What :func:`assemble_case` wrote (the tables stay in the case database)."""

    mentions: int
    table_mentions: int
    unattributed: int

    def summary(self) -> dict[str, int]:
        return {
            "mentions": self.mentions,
            "table_mentions": self.table_mentions,
            "unattributed_findings": self.unattributed,
        }


def _unattributed_rows(record: str, path: str, pieces: list[Piece], reason: str) -> Rows:
    return [
        {"path": path, "record": record, "data_class": p.data_class, "kind": p.kind,
         "detector": p.detector, "location": p.location, "reason": reason}
        for p in sorted(pieces, key=lambda p: (p.location, p.kind))
    ]  # fmt: skip


def assemble_source(
    source: FindingSource, settings: ResolveSettings, sink: Sink
) -> AssembleSummary:
    """Group the findings of ``source`` into mentions, handing them to ``sink`` in batches:
    mentions ordered by record and anchor, unattributed findings by record, location and
    kind."""
    known = source.providers()
    rows: Rows = []
    lost: Rows = []
    counts = [0, 0, 0]

    def flush(force: bool = False) -> None:
        if (rows or lost) and (force or len(rows) + len(lost) >= FLUSH_ROWS):
            counts[0] += len(rows)
            counts[2] += len(lost)
            sink(rows[:], lost[:])
            rows.clear()
            lost.clear()

    for g in source.groups():
        if g.source == "table":
            if is_identifying(g.pieces):
                rows.append(build_mention(g.key, g.path, "table", None, g.pieces))
                counts[1] += 1
            else:
                lost.extend(_unattributed_rows(g.key, g.path, g.pieces, "no name, e-mail or BSN"))
        else:
            groups = group_text_part(g.pieces, settings, known)
            built = [
                build_mention(g.key, g.path, "text", _anchor(group), group)
                for group in groups.mentions
            ]
            rows.extend(sorted(built, key=lambda r: r["anchor"]))
            alone = _unattributed_rows(g.key, g.path, groups.unattributed, "no person nearby")
            alone += _unattributed_rows(
                g.key, g.path, groups.providers_contacts, "after a care provider's name"
            )
            lost.extend(sorted(alone, key=lambda r: (r["location"], r["kind"])))
        flush()
    flush(force=True)
    return AssembleSummary(counts[0], counts[1], counts[2])


def assemble(findings: pa.Table, settings: ResolveSettings | None = None) -> AssembleResult:
    """Group findings into person mentions. Pure: the same findings give the same table."""
    con = duckdb.connect()
    try:
        ordered = written_out(findings).append_column(
            "__ord", pa.array(range(findings.num_rows), pa.int64())
        )
        con.register("findings_arrow", ordered)  # visible to this connection, not its cursors
        con.execute("CREATE TABLE findings_in AS SELECT * FROM findings_arrow")
        rows: Rows = []
        lost: Rows = []

        def collect(r: Rows, u: Rows) -> None:
            rows.extend(r)
            lost.extend(u)

        assemble_source(FindingSource(con, "findings_in", "__ord"), settings or ResolveSettings(),
                        collect)  # fmt: skip
    finally:
        con.close()
    lost = link_path_mentions(rows, lost)  # a file saved under one person's name
    return AssembleResult(
        pa.Table.from_pylist(rows, schema=MENTIONS_SCHEMA),
        pa.Table.from_pylist(lost, schema=UNATTRIBUTED_SCHEMA),
    )


def _anchor(group: list[Piece]) -> str:
    """Location of the name finding that anchors a text mention."""
    return min(group, key=lambda p: (p.role not in _ANCHOR_ROLES, p.start)).location


_ANCHOR_ROLES = frozenset({"full_name", "surname", "given_names", "initials", "prefix",
                           "birth_surname", "partner_surname"})  # fmt: skip


def assemble_case(case: Any, config: Config | None = None) -> AssembleSummary:
    """Read the case's ``findings``, write ``mentions`` and ``unattributed_evidence``.

    Findings stream through in batches and mentions go to the database as they are built,
    so memory does not grow with the dump (DuckDB spills to the case folder)."""
    from breachscope.assemble.store import (
        TEMP_DIR,
        AssembledWriter,
        bound_memory,
        retry_out_of_memory,
    )

    cfg = config or case.config
    limit = max(64, cfg.resolve.duckdb_memory_mb // 2)
    bound_memory(case.con, case.root / TEMP_DIR, limit)

    def run() -> AssembleSummary:
        with AssembledWriter(case.con) as writer:
            return assemble_source(FindingSource(case.con, "findings"), cfg.resolve, writer.add)

    # Python builds the mentions; DuckDB only sorts, and one thread sorts in less memory.
    threads = case.con.sql("SELECT current_setting('threads')").fetchall()[0][0]
    case.con.execute("SET threads = 1")
    try:
        summary = retry_out_of_memory(case.con, limit, run)
    finally:
        case.con.execute(f"SET threads = {int(threads)}")
    joined = link_case(case.con)  # a file saved under one person's name
    return replace(summary, unattributed=summary.unattributed - joined)
