"""systemd journal exports: a row per entry, each field a column, a binary field read by
its length, every value read as UTF-8 on its own; the patient a worker logged found."""

from __future__ import annotations

import io

import pytest

from breachscope.config import Config
from breachscope.detect.engine import detect_units
from breachscope.detect.finding import findings_from_arrow
from breachscope.extract.base import Extracted, ExtractError, Note, Source
from breachscope.extract.journalexport import JournalExportExtractor
from breachscope.extract.units import TableUnit
from breachscope.ingest.filetype import FileType, sniff_bytes

from .rows import rows_by_number
from .samples import BSN, JOURNAL_CELLS, JOURNAL_EXPORT

pytestmark = pytest.mark.timeout(60)


def extract(data: bytes) -> list[Extracted]:
    source = Source("w.export", "journal-export", len(data), lambda: io.BytesIO(data))
    return list(JournalExportExtractor().extract(source, Config()))


def test_an_export_is_a_row_per_entry() -> None:
    assert sniff_bytes(JOURNAL_EXPORT, "worker.export") is FileType.JOURNAL_EXPORT
    items = extract(JOURNAL_EXPORT)
    assert rows_by_number(items) == {
        1: {k[2]: v for k, v in JOURNAL_CELLS.items() if k[1] == 1},
        2: {k[2]: v for k, v in JOURNAL_CELLS.items() if k[1] == 2},
    }  # (the journal's cursor and timestamps left out)
    units = [u for u in items if isinstance(u, TableUnit)]
    found = {(f.location.row, f.data_class, f.value)
             for f in findings_from_arrow(detect_units(units, Config(workers=1)))}  # fmt: skip
    assert {(1, "bsn", BSN[0]), (2, "date_of_birth", "1978-03-04"),
            (2, "health", "hrHPV positief")} <= found  # fmt: skip


def test_an_entry_cut_short_keeps_its_fields() -> None:
    items = extract(JOURNAL_EXPORT[:-60])
    assert set(rows_by_number(items)) == {1, 2}
    assert [n.reason[:36] for n in items if isinstance(n, Note)] == [
        "journal export read up to a break: t"
    ]
    with pytest.raises(ExtractError):
        extract(b"MESSAGE=x\n")
