"""Findings: immutable, located, explained values of one data class.

A finding says *what* (data class and kind), *where* (location), *how sure* (confidence)
and *why* (explanation: the pattern, checksum, context words or column evidence).
``value`` is the normalised value (BSN as 9 digits, postcode ``1234AB``, phone E.164,
dates ``YYYY-MM-DD``...). Findings travel between stages as Arrow tables with
:data:`FINDINGS_SCHEMA`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pyarrow as pa
import pyarrow.compute as pc

from breachscope.location import Location
from breachscope.vocabulary import DATA_CLASSES

FINDINGS_FORMAT_VERSION = 3
"""2: the columns that repeat (``data_class``, ``kind``, ``detector``, ``path``,
``explanation``, ``record``) are dictionary-encoded (:data:`LABEL`); the values are the
same strings as in version 1. 3: the location of a whole table cell is its ``record``
followed by its ``cell`` (``&col=...``), and ``location`` is null there: a table's
findings no longer carry a location string per cell (:func:`written_out` gives them)."""

LABEL = pa.dictionary(pa.int32(), pa.string())
"""Type of the findings columns whose values repeat: ``dictionary<int32, string>``. Read
as plain strings everywhere (``to_pylist``, DuckDB ``VARCHAR``, Parquet)."""


@dataclass(frozen=True, slots=True)
class Finding:
    data_class: str
    """One of :data:`breachscope.vocabulary.DATA_CLASSES`."""
    kind: str
    """Finer role within the class, e.g. ``surname``, ``initials``, ``postcode``,
    ``provider_agb``, ``hpv``; equal to ``data_class`` when there is nothing finer."""
    detector: str
    """Stable detector id (never renamed: old reports refer to it)."""
    value: str
    """Normalised value."""
    location: Location
    confidence: float
    explanation: str
    record: str | None = None
    """Key of the person mention this finding belongs to (e.g. the table row), if known."""

    def __post_init__(self) -> None:
        if self.data_class not in DATA_CLASSES:
            raise ValueError(f"unknown data class {self.data_class!r}")
        if not 0.0 <= self.confidence <= 1.0:
            raise ValueError("confidence must lie in [0, 1]")
        if not self.detector or not self.kind:
            raise ValueError("a finding needs a detector id and a kind")
        if not self.explanation:
            raise ValueError("a finding needs an explanation")


FINDINGS_SCHEMA = pa.schema(
    [
        pa.field("data_class", LABEL, nullable=False),
        pa.field("kind", LABEL, nullable=False),
        pa.field("detector", LABEL, nullable=False),
        pa.field("value", pa.string(), nullable=False),
        pa.field("path", LABEL, nullable=False),
        pa.field("location", pa.string()),
        pa.field("confidence", pa.float32(), nullable=False),
        pa.field("explanation", LABEL, nullable=False),
        pa.field("record", LABEL),
        pa.field("cell", LABEL),
    ],
    metadata={
        "breachscope.format": "findings",
        "breachscope.version": str(FINDINGS_FORMAT_VERSION),
    },
)


def locations(findings: pa.Table) -> pa.Array:
    """The location strings of ``findings`` (:data:`FINDINGS_SCHEMA`): ``location`` where
    it is written, else ``record`` followed by ``cell``."""
    written = findings.column("location")
    if not written.null_count:
        return written.combine_chunks()
    joined = pc.binary_join_element_wise(
        findings.column("record").cast(pa.string()), findings.column("cell").cast(pa.string()), ""
    )
    out: pa.Array = pc.coalesce(written, joined).combine_chunks()
    return out


def written_out(findings: pa.Table) -> pa.Table:
    """``findings`` with every location written in ``location`` (``cell`` null): for
    readers that want one string per finding. A table already written out is returned."""
    if not findings.column("location").null_count:
        return findings
    at, field = findings.schema.get_field_index, FINDINGS_SCHEMA.field
    out = findings.set_column(at("location"), field("location"), locations(findings))
    return out.set_column(at("cell"), field("cell"), pa.nulls(out.num_rows, LABEL))


def findings_to_arrow(findings: Iterable[Finding]) -> pa.Table:
    """Pack findings into an Arrow table with :data:`FINDINGS_SCHEMA`."""
    rows = list(findings)
    return pa.table(
        {
            "data_class": [f.data_class for f in rows],
            "kind": [f.kind for f in rows],
            "detector": [f.detector for f in rows],
            "value": [f.value for f in rows],
            "path": [f.location.path for f in rows],
            "location": [str(f.location) for f in rows],
            "confidence": [f.confidence for f in rows],
            "explanation": [f.explanation for f in rows],
            "record": [f.record for f in rows],
            "cell": [None] * len(rows),
        },
        schema=FINDINGS_SCHEMA,
    )


def findings_from_arrow(table: pa.Table) -> list[Finding]:
    """Inverse of :func:`findings_to_arrow`."""
    out = []
    for r in written_out(table).to_pylist():
        out.append(
            Finding(
                data_class=r["data_class"],
                kind=r["kind"],
                detector=r["detector"],
                value=r["value"],
                location=Location.parse(r["location"]),
                confidence=float(r["confidence"]),
                explanation=r["explanation"],
                record=r["record"],
            )
        )
    return out
