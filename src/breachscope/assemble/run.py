"""The assemble stage: findings table in, mentions table (and unattributed findings) out."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pyarrow as pa

from breachscope.assemble.build import Piece, build_mention, is_identifying
from breachscope.assemble.providers import known_providers
from breachscope.assemble.schema import MENTIONS_SCHEMA, UNATTRIBUTED_SCHEMA
from breachscope.assemble.text import group_text_part
from breachscope.config import Config, ResolveSettings
from breachscope.location import Location

_FINDING_COLUMNS = ("data_class", "kind", "detector", "value", "path", "location", "confidence",
                    "record")  # fmt: skip


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


def _unattributed_rows(
    record: str, path: str, pieces: list[Piece], reason: str
) -> list[dict[str, Any]]:
    return [
        {"path": path, "record": record, "data_class": p.data_class, "kind": p.kind,
         "detector": p.detector, "location": p.location, "reason": reason}
        for p in pieces
    ]  # fmt: skip


def _class(cols: dict[str, list[Any]], i: int) -> str:
    """A provider's details (``provider_phone``, ``provider_surname``...) are the person's
    ``provider`` class, whatever their own class: the GP's phone is not the patient's."""
    kind: str = cols["kind"][i]
    return "provider" if kind.startswith("provider") else str(cols["data_class"][i])


def assemble(findings: pa.Table, settings: ResolveSettings | None = None) -> AssembleResult:
    """Group findings into person mentions. Pure: the same findings give the same table."""
    s = settings or ResolveSettings()
    cols = findings.select(list(_FINDING_COLUMNS)).to_pydict()
    records: dict[str, tuple[str, list[Piece]]] = {}
    parts: dict[str, tuple[str, list[Piece]]] = {}
    for i in range(findings.num_rows):
        record, path, loc = cols["record"][i], cols["path"][i], cols["location"][i]
        if record:
            piece = Piece(_class(cols, i), cols["kind"][i], cols["detector"][i],
                          cols["value"][i], loc, float(cols["confidence"][i]), i, i)  # fmt: skip
            records.setdefault(record, (path, []))[1].append(piece)
            continue
        where = Location.parse(loc)
        start = where.start or 0
        piece = Piece(_class(cols, i), cols["kind"][i], cols["detector"][i],
                      cols["value"][i], loc, float(cols["confidence"][i]), start,
                      where.end if where.end is not None else start)  # fmt: skip
        key = str(Location(where.path, where.part))
        parts.setdefault(key, (path, []))[1].append(piece)
    known = known_providers(
        (cols["kind"][i], cols["value"][i], cols["location"][i])
        for i in range(findings.num_rows)
        if cols["data_class"][i] == "provider" or cols["kind"][i].startswith("provider")
    )
    rows: list[dict[str, Any]] = []
    lost: list[dict[str, Any]] = []
    for record, (path, pieces) in records.items():
        if is_identifying(pieces):
            rows.append(build_mention(record, path, "table", None, pieces))
        else:
            lost.extend(_unattributed_rows(record, path, pieces, "no name, e-mail or BSN"))
    for record, (path, pieces) in parts.items():
        mentions, unattributed = group_text_part(pieces, s, known)
        for group in mentions:
            anchor = min(group, key=lambda p: (p.role not in _ANCHOR_ROLES, p.start)).location
            rows.append(build_mention(record, path, "text", anchor, group))
        lost.extend(_unattributed_rows(record, path, unattributed, "no person nearby"))
    rows.sort(key=lambda r: (r["record"], r["anchor"] or ""))
    lost.sort(key=lambda r: (r["record"], r["location"], r["kind"]))
    return AssembleResult(
        pa.Table.from_pylist(rows, schema=MENTIONS_SCHEMA),
        pa.Table.from_pylist(lost, schema=UNATTRIBUTED_SCHEMA),
    )


_ANCHOR_ROLES = frozenset({"full_name", "surname", "given_names", "initials", "prefix",
                           "birth_surname", "partner_surname"})  # fmt: skip


def assemble_case(case: Any, config: Config | None = None) -> AssembleResult:
    """Read the case's ``findings``, write ``mentions`` and ``unattributed_evidence``."""
    from breachscope.assemble.store import read_findings, write_assembled

    cfg = config or case.config
    result = assemble(read_findings(case.con), cfg.resolve)
    write_assembled(case.con, result)
    return result
