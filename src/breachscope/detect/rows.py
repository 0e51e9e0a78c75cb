"""Building findings tables (:data:`~breachscope.detect.finding.FINDINGS_SCHEMA`) from
text spans, and the location templates tables use for whole columns."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import pyarrow as pa

from breachscope.detect.finding import FINDINGS_SCHEMA
from breachscope.location import Location


def empty_findings() -> pa.Table:
    return FINDINGS_SCHEMA.empty_table()


def row_template(path: str, part: str | None, column: str | None) -> tuple[str, str]:
    """``(prefix, suffix)`` with ``prefix + str(row) + suffix == str(Location(path, part,
    row, column))`` for every row."""
    text = str(Location(path, part, 0, column))
    marker = "row=0&col=" if column is not None else "row=0"
    i = text.rindex(marker) + len("row=")
    return text[:i], text[i + 1 :]


@dataclass
class FindingsBuilder:
    """Accumulates findings (row lists for sparse text hits, Arrow chunks for columns)."""

    rows: dict[str, list[object]] = field(
        default_factory=lambda: {f.name: [] for f in FINDINGS_SCHEMA}
    )
    chunks: list[pa.Table] = field(default_factory=list)

    def add_spans(
        self,
        location: Location,
        spans: Sequence[tuple[str, str, str, str, int, int, float, str]],
        record: str | None = None,
        base_offset: int = 0,
    ) -> None:
        """Findings at character spans of one place: ``(data_class, kind, detector, value,
        start, end, confidence, explanation)``, offsets relative to ``base_offset``."""
        if not spans:
            return
        head = str(location)
        sep = "&" if "#" in head else "#"
        r = self.rows
        n = len(spans)
        r["data_class"].extend(t[0] for t in spans)
        r["kind"].extend(t[1] for t in spans)
        r["detector"].extend(t[2] for t in spans)
        r["value"].extend(t[3] for t in spans)
        r["path"].extend([location.path] * n)
        r["location"].extend(
            f"{head}{sep}start={base_offset + t[4]}&end={base_offset + t[5]}" for t in spans
        )
        r["confidence"].extend(t[6] for t in spans)
        r["explanation"].extend(t[7] for t in spans)
        r["record"].extend([record] * n)

    def table(self) -> pa.Table:
        parts = list(self.chunks)
        if self.rows["data_class"]:
            parts.append(pa.table(self.rows, schema=FINDINGS_SCHEMA))
        if not parts:
            return empty_findings()
        return pa.concat_tables(parts) if len(parts) > 1 else parts[0]
