"""Manifest rows (one per file, archive member, attachment or non-regular entry)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass

import pyarrow as pa

MANIFEST_SCHEMA = pa.schema(
    [
        pa.field("path", pa.string(), nullable=False),
        pa.field("parent", pa.string()),
        pa.field("depth", pa.int32(), nullable=False),
        pa.field("size", pa.int64()),
        pa.field("sha256", pa.string()),
        pa.field("detected_type", pa.string(), nullable=False),
        pa.field("extractor", pa.string()),
        pa.field("status", pa.string(), nullable=False),
        pa.field("reason", pa.string()),
        pa.field("duplicate_of", pa.string()),
        pa.field("units", pa.int32(), nullable=False),
        pa.field("seconds", pa.float64(), nullable=False),
    ],
    metadata={"breachscope.format": "manifest", "breachscope.version": "1"},
)
"""Column order and types of the case table ``files``."""

EXTRACTED = "extracted"
SKIPPED = "skipped"
FAILED = "failed"
STATUSES = (EXTRACTED, SKIPPED, FAILED)


@dataclass(slots=True)
class ManifestRow:
    path: str
    parent: str | None
    depth: int
    size: int | None
    sha256: str | None
    detected_type: str
    extractor: str | None
    status: str
    reason: str | None
    duplicate_of: str | None = None
    units: int = 0
    seconds: float = 0.0

    def validate(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(f"bad status {self.status!r}")
        if self.status != EXTRACTED and not self.reason:
            raise ValueError("a skipped or failed row needs a reason")


def rows_to_arrow(rows: Iterable[ManifestRow]) -> pa.Table:
    """Pack rows into a table with :data:`MANIFEST_SCHEMA`."""
    out = []
    for row in rows:
        row.validate()
        out.append(asdict(row))
    return pa.Table.from_pylist(out, schema=MANIFEST_SCHEMA)
