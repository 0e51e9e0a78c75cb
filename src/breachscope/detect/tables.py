"""Tables are tables: each column is classified once (header + a sample of its values)
and its detector applied to every cell; unclaimed columns are scanned as free text, cell
by cell but in one block. Every finding's ``record`` is its row (one row = one mention),
except rows that identify a provider but hold no patient evidence (a GP practice list):
their findings become provider data without a record, so they form no person mention.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pyarrow as pa
import pyarrow.compute as pc

from breachscope.detect.finding import FINDINGS_SCHEMA
from breachscope.detect.rows import FindingsBuilder, row_template
from breachscope.extract.units import TableUnit
from breachscope.location import Location

if TYPE_CHECKING:
    from breachscope.detect.base import ColumnVerdict, Detector
    from breachscope.detect.detectorset import DetectorSet

SAMPLE_SIZE = 200
"""Non-empty cells per column looked at to classify it."""
PATIENT_EVIDENCE = ("bsn", "date_of_birth", "health")
"""Classes that make a row a person mention even when it identifies a provider."""
PROVIDER_IDS = ("provider_agb", "provider_big", "provider_uzi", "provider_practice")
"""Provider kinds that identify a provider (not just a referral by name)."""


def sample_of(column: pa.Array, size: int = SAMPLE_SIZE) -> list[str]:
    """Up to ``size`` non-empty, stripped values from the head of a column."""
    head = column.slice(0, size * 4) if len(column) > size * 4 else column
    out = [v.strip() for v in head.to_pylist() if v is not None and v.strip()]
    return out[:size]


class TableScan:
    """One table unit through a detector set."""

    def __init__(self, dset: DetectorSet, unit: TableUnit) -> None:
        self.dset = dset
        self.unit = unit
        self.context_columns: list[tuple[Detector, ColumnVerdict]] = []
        """Columns claimed by context-only detectors (KvK, ID documents)."""

    def run(self) -> pa.Table:
        unit = self.unit
        loc = unit.location
        out = FindingsBuilder()
        rows = unit.data.column("__row__").combine_chunks()
        for i, header in enumerate(unit.columns):
            column = unit.data.column(f"c{i}").combine_chunks()
            if column.null_count == len(column):
                continue
            claim = self.dset.classify(header, sample_of(column))
            if claim is None:
                self._free_text(out, header, column, rows)
                continue
            det, verdict = claim
            if not det.emit:
                self.context_columns.append((det, verdict))
                continue
            cells = det.cells(column, verdict)
            if len(cells.index) == 0:
                continue
            out.add_cells(
                path=loc.path,
                part=loc.part,
                column=header,
                rows=pc.take(rows, cells.index),
                values=cells.value,
                data_class=cells.data_class if cells.data_class is not None else det.data_class,
                kind=cells.kind if cells.kind is not None else verdict.kind,
                detector=det.id,
                confidence=verdict.confidence,
                explanation=verdict.evidence,
            )
        table = provider_rows(address_rows(out.table()))
        if any(v.kind == "company_kvk" for _, v in self.context_columns):
            table = company_table(table)
        return table

    def _free_text(
        self, out: FindingsBuilder, header: str, column: pa.Array, rows: pa.Array
    ) -> None:
        loc = self.unit.location
        row_list = rows.to_pylist()
        rpre, rsuf = row_template(loc.path, loc.part, None)
        for idx, hit in self.dset.cell_text_hits(column.to_pylist()):
            if not hit.detector.emit:
                continue
            m = hit.match
            row = row_list[idx]
            out.add(
                hit.data_class,
                m.kind,
                hit.detector.id,
                m.value,
                Location(loc.path, loc.part, row, header, m.start, m.end),
                m.confidence,
                m.evidence + "; free text in cell",
                f"{rpre}{row}{rsuf}",
            )


def _records(table: pa.Table, mask: pa.Array) -> pa.Array:
    return pc.unique(pc.drop_null(pc.filter(table.column("record"), mask)))


def provider_rows(table: pa.Table) -> pa.Table:
    """Rows that identify a provider (AGB, BIG, UZI, practice) and hold no patient evidence
    (BSN, date of birth, health) describe the provider (a GP practice list): their findings,
    names and addresses included, become class ``provider`` with no record, so they form
    no person mention."""
    if table.num_rows == 0:
        return table
    dc_col = table.column("data_class")
    with_provider = _records(table, pc.is_in(table.column("kind"), pa.array(PROVIDER_IDS)))
    if len(with_provider) == 0:
        return table
    patient = _records(table, pc.is_in(dc_col, pa.array(PATIENT_EVIDENCE)))
    directory = pc.filter(with_provider, pc.invert(pc.is_in(with_provider, patient)))
    if len(directory) == 0:
        return table
    mask = pc.fill_null(pc.is_in(table.column("record"), directory), False)
    dc = pc.if_else(mask, pa.scalar("provider"), dc_col)
    kind = pc.if_else(
        pc.and_(mask, pc.not_equal(dc_col, "provider")),
        pc.binary_join_element_wise("provider_", table.column("kind"), ""),
        table.column("kind"),
    )
    rec = pc.if_else(mask, pa.scalar(None, pa.string()), table.column("record"))
    cols = {name: table.column(name) for name in table.column_names}
    cols.update(data_class=dc, kind=kind, record=rec)
    return pa.Table.from_arrays([cols[f.name] for f in FINDINGS_SCHEMA], schema=FINDINGS_SCHEMA)


def company_table(table: pa.Table) -> pa.Table:
    """A table with a KvK column lists companies (a creditor list, a supplier file): its
    IBANs, addresses, phone numbers and e-mail addresses are the companies', so only
    findings of rows with patient evidence are kept."""
    if table.num_rows == 0:
        return table
    patient = _records(table, pc.is_in(table.column("data_class"), pa.array(PATIENT_EVIDENCE)))
    return table.filter(pc.fill_null(pc.is_in(table.column("record"), patient), False))


ADDRESS_EVIDENCE = ("postcode", "house_number")


def address_rows(table: pa.Table) -> pa.Table:
    """A row exposes an address only with a postcode or a house number: a town or a
    street name alone locates nobody, so such address findings are dropped."""
    if table.num_rows == 0:
        return table
    is_address = pc.equal(table.column("data_class"), "address")
    located = _records(
        table, pc.and_(is_address, pc.is_in(table.column("kind"), pa.array(ADDRESS_EVIDENCE)))
    )
    unlocated = pc.and_(
        is_address, pc.invert(pc.fill_null(pc.is_in(table.column("record"), located), False))
    )
    return table.filter(pc.invert(unlocated))
