"""The runner's side of a file read in parts (:mod:`breachscope.engine.split`).

Each part is its own task, so parts run on several workers at once. What a part sends is
held until the part is done: a worker that dies inside a part loses only that part's rows,
which are dropped and read again (the other parts' findings stay). When every part is done,
their manifest rows become the file's one row (:func:`join_rows`) and the file counts as
done once. All parts of a file are one batch, so they commit together, or not at all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from breachscope.detect.rows import empty_findings
from breachscope.engine.batch import Rows, ScanItem, TopDone
from breachscope.engine.manifest import EXTRACTED, FAILED, MANIFEST_SCHEMA, SKIPPED
from breachscope.engine.spool import read_rows

MAX_REASON = 1000


@dataclass(frozen=True, slots=True)
class Spooled:
    """Rows a worker wrote to files (large findings, see :mod:`.spool`)."""

    manifest: Path
    findings: Path
    keys: Path | None = None

    def unlink(self) -> None:
        """Remove the files."""
        for path in (self.manifest, self.findings, self.keys):
            if path is not None:
                path.unlink(missing_ok=True)


Delivery = Rows | Spooled


@dataclass
class _File:
    count: int
    size: int
    manifests: dict[int, pa.Table] = field(default_factory=dict)


class PartAssembler:
    """Holds each part's rows until it is done; joins the parts' manifest rows.

    ``insert_rows(batch, rows)``, ``insert_findings_file(batch, findings, keys)`` and
    ``file_done(batch, done)`` are the sink's (the case database, in a scan).
    """

    def __init__(
        self,
        insert_rows: Callable[[int, Rows], None],
        insert_findings_file: Callable[[int, Path, Path | None], None],
        file_done: Callable[[int, TopDone], None],
    ) -> None:
        self._insert_rows = insert_rows
        self._insert_findings_file = insert_findings_file
        self._file_done = file_done
        self._held: dict[tuple[int, str, int], list[Delivery]] = {}
        self._files: dict[tuple[int, str], _File] = {}

    def hold(self, batch_id: int, item: ScanItem, delivery: Delivery) -> None:
        self._held.setdefault(_key(batch_id, item), []).append(delivery)

    def drop(self, batch_id: int, item: ScanItem) -> None:
        """Forget what the part sent (its worker died; it is read again)."""
        for delivery in self._held.pop(_key(batch_id, item), []):
            if isinstance(delivery, Spooled):
                delivery.unlink()

    def part_done(self, batch_id: int, item: ScanItem) -> None:
        """Insert the part's findings; after the last part, the file's joined row."""
        span = item.span
        assert span is not None
        manifests = []
        for delivery in self._held.pop(_key(batch_id, item), []):
            if isinstance(delivery, Rows):
                manifests.append(delivery.manifest)
                if delivery.findings.num_rows or delivery.keys.num_rows:
                    self._insert_rows(
                        batch_id,
                        Rows(item.path, _empty_manifest(), delivery.findings, delivery.keys),
                    )
                continue
            try:
                manifests.append(read_rows(delivery.manifest).cast(MANIFEST_SCHEMA))
                self._insert_findings_file(batch_id, delivery.findings, delivery.keys)
            finally:
                delivery.unlink()
        state = self._files.setdefault((batch_id, item.path), _File(span.count, item.size))
        state.manifests[span.index] = (
            pa.concat_tables(manifests) if manifests else _empty_manifest()
        )
        if len(state.manifests) < state.count:
            return
        del self._files[(batch_id, item.path)]
        parts = [state.manifests[i] for i in range(state.count)]
        joined = join_rows(item.path, parts)
        status = str(joined.column("status")[0].as_py()) if joined.num_rows else FAILED
        self._insert_rows(batch_id, Rows(item.path, joined, empty_findings()))
        self._file_done(batch_id, TopDone(item.path, state.size, status))

    def open_files(self) -> int:
        """Files with parts still to come (for tests and checks)."""
        return len(self._files)


def _key(batch_id: int, item: ScanItem) -> tuple[int, str, int]:
    assert item.span is not None
    return batch_id, item.path, item.span.index


def _empty_manifest() -> pa.Table:
    return MANIFEST_SCHEMA.empty_table()


def join_rows(path: str, parts: list[pa.Table]) -> pa.Table:
    """The file's manifest row from its parts' rows (part order): the first read part's
    row (one a dead worker's part left unread lacks the type) with the units and seconds
    of all parts; failed if a part failed (with the first such
    part's reason), else skipped if a part was skipped, else extracted with the parts'
    notes. Rows of other paths (none for CSV parts) are kept as they are."""
    rows = pa.concat_tables(parts) if parts else _empty_manifest()
    own = pc.equal(rows.column("path"), path)
    others = rows.filter(pc.invert(own))
    mine = rows.filter(own).to_pylist()
    if not mine:
        return others
    row = dict(next((r for r in mine if r["sha256"] is not None), mine[0]))
    row["units"] = sum(int(r["units"]) for r in mine)
    row["seconds"] = sum(float(r["seconds"]) for r in mine)
    statuses = [r["status"] for r in mine]
    worst = FAILED if FAILED in statuses else SKIPPED if SKIPPED in statuses else EXTRACTED
    row["status"] = worst
    if worst == EXTRACTED:
        notes = [r["reason"] for r in mine if r["reason"]]
        row["reason"] = "; ".join(notes)[:MAX_REASON] if notes else None
    else:
        failing = next(r for r in mine if r["status"] == worst)
        row["extractor"] = failing["extractor"] or row["extractor"]
        index = mine.index(failing)
        row["reason"] = f"part {index + 1} of {len(mine)}: {failing['reason']}"
    joined = pa.Table.from_pylist([row], schema=MANIFEST_SCHEMA)
    return pa.concat_tables([joined, others]) if others.num_rows else joined
