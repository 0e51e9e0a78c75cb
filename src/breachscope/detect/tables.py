"""Tables are tables: each column is classified once (header + a sample of its values)
and its detector applied to every cell; unclaimed columns holding text are scanned as
free text, all their cells in one block. Every finding's ``record`` is its row (one row =
one mention).

Row rules work on integer row positions before any location string is built:

* rows that identify a provider (AGB, BIG, UZI, practice) but hold no patient evidence
  (BSN, date of birth, health data) describe the provider (a GP practice list): their
  findings become class ``provider`` without a record, so they form no person mention;
* a table with a KvK column lists companies: only rows with patient evidence are kept;
* a town or a street name alone locates nobody: address findings count only in rows with
  a postcode or a house number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from breachscope.detect.finding import FINDINGS_SCHEMA
from breachscope.detect.rows import const_strings, empty_findings, numbered, row_template
from breachscope.extract.units import TableUnit

if TYPE_CHECKING:
    from breachscope.detect.base import ColumnVerdict, Detector
    from breachscope.detect.detectorset import DetectorSet

SAMPLE_SIZE = 200
"""Non-empty cells per column looked at to classify it."""
TEXT_COLUMN_SHARE = 0.2
"""An unclaimed column is scanned as free text when at least this share of its sampled
cells holds several words or a structured value, or when the sample itself has findings
(a column mixing phone numbers and e-mail addresses). Columns of codes, numbers and dates
without findings in their sample are not scanned."""
PATIENT_EVIDENCE = ("bsn", "date_of_birth", "health")
"""Classes that make a row a person mention even when it identifies a provider."""
PROVIDER_IDS = ("provider_agb", "provider_big", "provider_uzi", "provider_practice")
"""Provider kinds that identify a provider (not just a referral by name)."""
ADDRESS_EVIDENCE = ("postcode", "house_number")


_TEXTY = re.compile(r"[ ^~;|\n]")


def _texty(value: str) -> bool:
    """Several words, or a structured value (HL7 components, lists)."""
    return _TEXTY.search(value) is not None


def sample_of(column: pa.Array, size: int = SAMPLE_SIZE) -> list[str]:
    """Up to ``size`` non-empty, stripped values from the head of a column."""
    head = column.slice(0, size * 4) if len(column) > size * 4 else column
    out = [v.strip() for v in head.to_pylist() if v is not None and v.strip()]
    return out[:size]


@dataclass
class _Chunk:
    """Findings of one column: positions into the unit's rows and per-finding values."""

    column: str
    index: pa.Array
    value: pa.Array
    data_class: pa.Array
    kind: pa.Array
    detector: pa.Array
    confidence: pa.Array
    explanation: pa.Array
    start: pa.Array | None = None
    """In-cell character spans (free text in cells), else None."""
    end: pa.Array | None = None


def _const(value: str, n: int) -> pa.Array:
    return const_strings(value, n)


class TableScan:
    """One table unit through a detector set."""

    def __init__(self, dset: DetectorSet, unit: TableUnit) -> None:
        self.dset = dset
        self.unit = unit
        self.context_columns: list[tuple[Detector, ColumnVerdict]] = []
        """Columns claimed by context-only detectors (KvK, ID documents)."""
        self.chunks: list[_Chunk] = []

    def run(self) -> pa.Table:
        for i, header in enumerate(self.unit.columns):
            column = self.unit.data.column(f"c{i}").combine_chunks()
            if column.null_count == len(column):
                continue
            sample = sample_of(column)
            claim = self.dset.classify(header, sample)
            if claim is None:
                if sample and (
                    sum(_texty(v) for v in sample) >= TEXT_COLUMN_SHARE * len(sample)
                    or any(h.detector.emit for _, h in self.dset.cell_text_hits(sample))
                ):
                    self._free_text(header, column)
                continue
            det, verdict = claim
            if not det.emit:
                self.context_columns.append((det, verdict))
                continue
            cells = det.cells(column, verdict)
            n = len(cells.index)
            if n == 0:
                continue
            self.chunks.append(
                _Chunk(
                    header,
                    cells.index,
                    cells.value,
                    cells.data_class if cells.data_class is not None else _const(det.data_class, n),
                    cells.kind if cells.kind is not None else _const(verdict.kind, n),
                    _const(det.id, n),
                    pa.repeat(pa.scalar(verdict.confidence, pa.float32()), n),
                    _const(verdict.evidence, n),
                )
            )
        return self._build()

    def _free_text(self, header: str, column: pa.Array) -> None:
        hits = [(i, h) for i, h in self.dset.cell_text_hits(column.to_pylist()) if h.detector.emit]
        if not hits:
            return
        self.chunks.append(
            _Chunk(
                header,
                pa.array([i for i, _ in hits], pa.int64()),
                pa.array([h.match.value for _, h in hits], pa.string()),
                pa.array([h.data_class for _, h in hits], pa.string()),
                pa.array([h.match.kind for _, h in hits], pa.string()),
                pa.array([h.detector.id for _, h in hits], pa.string()),
                pa.array([h.match.confidence for _, h in hits], pa.float32()),
                pa.array([h.match.evidence + "; free text in cell" for _, h in hits], pa.string()),
                pa.array([h.match.start for _, h in hits], pa.int64()),
                pa.array([h.match.end for _, h in hits], pa.int64()),
            )
        )

    # -- row rules on positions ----------------------------------------------------------

    def _build(self) -> pa.Table:
        if not self.chunks:
            return empty_findings()
        index = pa.chunked_array([c.index for c in self.chunks]).combine_chunks()
        dc = pa.chunked_array([c.data_class for c in self.chunks]).combine_chunks()
        kind = pa.chunked_array([c.kind for c in self.chunks]).combine_chunks()
        pos = index.to_numpy(zero_copy_only=False)
        n_rows = self.unit.num_rows

        def rows_with(mask: pa.Array) -> np.ndarray:
            """Per-row flags: the row has a finding where ``mask`` holds."""
            flags = np.zeros(n_rows, dtype=bool)
            flags[pos[mask.to_numpy(zero_copy_only=False)]] = True
            return flags

        is_address = pc.equal(dc, "address").to_numpy(zero_copy_only=False)
        located = rows_with(pc.is_in(kind, pa.array(ADDRESS_EVIDENCE)))
        keep = ~(is_address & ~located[pos])  # addresses that locate nobody go
        patient = rows_with(pc.is_in(dc, pa.array(PATIENT_EVIDENCE)))[pos]
        if any(v.kind == "company_kvk" for _, v in self.context_columns):
            keep &= patient  # company lists keep patient rows only
        directory = rows_with(pc.is_in(kind, pa.array(PROVIDER_IDS)))[pos] & ~patient
        return self._strings(pa.array(keep), pa.array(directory), dc, kind)

    def _strings(
        self, keep: pa.Array, directory: pa.Array, dc: pa.Array, kind: pa.Array
    ) -> pa.Table:
        unit = self.unit
        loc = unit.location
        rows = unit.data.column("__row__").combine_chunks()
        rpre, rsuf = row_template(loc.path, loc.part, None)
        any_directory = pc.any(directory).as_py()
        parts: list[pa.Table] = []
        offset = 0
        for c in self.chunks:
            n = len(c.index)
            k = keep.slice(offset, n)
            c_dc, c_kind = dc.slice(offset, n), kind.slice(offset, n)
            d = directory.slice(offset, n)
            offset += n
            kept = pc.sum(k).as_py() or 0
            if kept == 0:
                continue
            source_rows = pc.take(rows, c.index)
            record = numbered(rpre, source_rows, rsuf)
            col_suffix = row_template(loc.path, loc.part, c.column)[1]
            location = numbered(rpre, source_rows, rsuf + col_suffix)
            if c.start is not None and c.end is not None:
                location = pc.binary_join_element_wise(
                    location,
                    "&start=",
                    pc.cast(c.start, pa.string()),
                    "&end=",
                    pc.cast(c.end, pa.string()),
                    "",
                )
            if any_directory and pc.any(d).as_py():
                provider_kind = pc.if_else(
                    pc.equal(c_dc, "provider"),
                    c_kind,
                    pc.binary_join_element_wise("provider_", c_kind, ""),
                )
                record = pc.if_else(d, pa.scalar(None, pa.string()), record)
                c_dc = pc.if_else(d, pa.scalar("provider"), c_dc)
                c_kind = pc.if_else(d, provider_kind, c_kind)
            table = pa.Table.from_arrays(
                [
                    c_dc,
                    c_kind,
                    c.detector,
                    c.value,
                    _const(loc.path, n),
                    location,
                    c.confidence,
                    c.explanation,
                    record,
                ],
                schema=FINDINGS_SCHEMA,
            )
            parts.append(table if kept == n else table.filter(k))
        if not parts:
            return empty_findings()
        return pa.concat_tables(parts) if len(parts) > 1 else parts[0]


def detect_table(dset: DetectorSet, unit: TableUnit) -> pa.Table:
    return TableScan(dset, unit).run()
