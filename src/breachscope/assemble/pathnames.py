"""A file saved under one person's name: what its content holds of no one is hers.

A scanning room saves a lab form as ``scans/Jansen, Petra/aanvraag.txt``; the form itself
may name no one (``hrHPV positief``, ``Huisarts: dr. Bakker``), so its findings reach no
person in it and would stay unattributed. A mention in a path (:mod:`breachscope.detect.paths`)
names the file or the folder its name lies in; the unattributed findings of the files it
names (a folder's: every file below it) join it, where that name names one person only
and the file mentions no one in its content (:func:`plan`): the mention's data classes and
evidence grow, its values stay (a finding that reached no one carries no value into a
mention). Findings left after a care provider's name (the provider's own phone number)
stay unattributed, and a file that mentions anyone in its content keeps its findings as
assembly placed them.

:func:`link_path_mentions` does it on lists of rows (:func:`~breachscope.assemble.run.assemble`),
:func:`link_case` on the case's tables (:func:`~breachscope.assemble.run.assemble_case`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import duckdb
import pyarrow as pa

from breachscope.detect.paths import nodes
from breachscope.location import PATH_PART, Location
from breachscope.vocabulary import DATA_CLASSES

PATH_RECORD_END = f"#part={PATH_PART}"
"""How the record of a mention in a path ends (``scans/Jansen, Petra/a.pdf#part=(path)``)."""
JOINING_REASONS = ("no person nearby", "no name, e-mail or BSN")
"""Reasons of unattributed findings that may join the file's path mention."""

Row = dict[str, Any]


def is_path_mention(mention: Row) -> bool:
    return bool(mention["record"].endswith(PATH_RECORD_END))


def scope(mention: Row) -> str:
    """What a path mention names: the deepest folder or file name its evidence lies in
    (a node of :func:`~breachscope.detect.paths.nodes`: the file itself, or a folder and
    every path below it)."""
    path = mention["path"]
    spans = (Location.parse(e["location"]) for e in mention["evidence"])
    end = max((s.end or 0 for s in spans if s.part == PATH_PART and s.path == path), default=0)
    return next(node for node, _, stop in nodes(path) if end <= stop or stop == len(path))


def joins(row: Row) -> bool:
    """Whether an unattributed finding may join a path mention."""
    return row["reason"] in JOINING_REASONS and not row["record"].endswith(PATH_RECORD_END)


def plan(
    path_mentions: Iterable[Row], spoken: set[str], found: Iterable[Row]
) -> dict[int, list[Row]]:
    """The unattributed findings ``found`` (each :func:`joins`) that join a path mention,
    by the mention's index in ``path_mentions``: a finding of a file that mentions no one
    in its content (its path is not in ``spoken``) joins the mention of the deepest name
    above or of it that names someone, where that name names one person only."""
    by_node: dict[str, list[int]] = defaultdict(list)
    for i, m in enumerate(path_mentions):
        by_node[scope(m)].append(i)
    out: dict[int, list[Row]] = defaultdict(list)
    if not by_node:
        return out
    for row in found:
        if row["path"] in spoken:
            continue
        for node, _, _ in reversed(list(nodes(row["path"]))):
            named = by_node.get(node)
            if named is not None:
                if len(named) == 1:
                    out[named[0]].append(row)
                break
    return out


def attach(mention: Row, found: list[Row]) -> None:
    """Add the data classes and evidence of the unattributed ``found`` to ``mention``."""
    classes = set(mention["data_classes"]) | {r["data_class"] for r in found}
    mention["data_classes"] = [c for c in DATA_CLASSES if c in classes]
    mention["evidence"] = list(mention["evidence"]) + [
        {k: r[k] for k in ("data_class", "kind", "detector", "location")}
        for r in sorted(found, key=lambda r: (r["path"], r["location"], r["kind"]))
    ]


def link_path_mentions(mentions: list[Row], unattributed: list[Row]) -> list[Row]:
    """Join unattributed findings to the path mention that names their file or folder
    (:func:`plan`; ``mentions`` are updated in place); return the findings that stay
    unattributed, in their order."""
    named = [m for m in mentions if is_path_mention(m)]
    if not named:
        return unattributed
    spoken = {m["path"] for m in mentions if not is_path_mention(m)}
    joining = plan(named, spoken, (r for r in unattributed if joins(r)))
    for i, found in joining.items():
        attach(named[i], found)
    moved = {id(r) for found in joining.values() for r in found}
    return [r for r in unattributed if id(r) not in moved]


def link_case(con: duckdb.DuckDBPyConnection) -> int:
    """:func:`link_path_mentions` on the case's ``mentions`` and ``unattributed_evidence``
    (the path mentions updated in place), in one transaction; return the findings that
    joined a mention."""
    cur = con.cursor()
    try:
        named = _rows(
            cur,
            "SELECT mention_id, path, record, data_classes, evidence FROM mentions "
            f"WHERE ends_with(record, '{PATH_RECORD_END}') ORDER BY mention_id",
        )
        if not named:
            return 0
        scopes = sorted({scope(m) for m in named})
        cur.execute(
            "CREATE OR REPLACE TEMP TABLE __joining AS SELECT u.* FROM unattributed_evidence u "
            "SEMI JOIN (SELECT unnest(?) AS node) s ON u.path = s.node "
            "OR starts_with(u.path, s.node || '/') OR starts_with(u.path, s.node || '!/') "
            f"WHERE NOT ends_with(u.record, '{PATH_RECORD_END}') "
            "AND u.reason IN (SELECT unnest(?))",
            [scopes, list(JOINING_REASONS)],
        )
        found = _rows(cur, "SELECT * FROM __joining")
        spoken = {
            str(r[0])
            for r in cur.execute(
                "SELECT DISTINCT path FROM mentions WHERE path IN (SELECT path FROM __joining) "
                f"AND NOT ends_with(record, '{PATH_RECORD_END}')"
            ).fetchall()
        }
        joining = plan(named, spoken, found)
        if not joining:
            return 0
        moved = [r for rows in joining.values() for r in rows]
        cur.execute("BEGIN TRANSACTION")
        try:
            for i, rows in joining.items():
                attach(named[i], rows)
                cur.execute(
                    "UPDATE mentions SET data_classes = ?, evidence = ? WHERE mention_id = ?",
                    [named[i]["data_classes"], named[i]["evidence"], named[i]["mention_id"]],
                )
            keys = ("path", "record", "location", "kind", "detector", "reason")
            cur.register("__moved", pa.table({k: [r[k] for r in moved] for k in keys}))
            cur.execute(
                "DELETE FROM unattributed_evidence u USING __moved m WHERE "
                + " AND ".join(f"u.{k} = m.{k}" for k in keys)
            )
            cur.unregister("__moved")
            cur.execute("COMMIT")
        except Exception:
            cur.execute("ROLLBACK")
            raise
        return len(moved)
    finally:
        cur.execute("DROP TABLE IF EXISTS __joining")
        cur.close()


def _rows(cur: duckdb.DuckDBPyConnection, sql: str) -> list[Row]:
    cur.execute(sql)
    names = [d[0] for d in cur.description or ()]
    return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]
