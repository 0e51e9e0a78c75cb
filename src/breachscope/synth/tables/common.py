"""Small helpers shared by the table writers."""

from __future__ import annotations

import io
import zipfile
from datetime import date

from openpyxl import Workbook
from openpyxl.writer.excel import ExcelWriter

from breachscope.synth.formats.archive import normalise_zip
from breachscope.synth.model import Rendered, Sample


def result_cells(sample: Sample | None) -> dict[str, str]:
    """The result of a sample as separate columns (empty strings when absent)."""
    if sample is None:
        return {"test": "", "hpv": "", "genotype": "", "pap": "", "kopac": "", "text": ""}
    return {
        "test": sample.test_type,
        "hpv": sample.hpv or "",
        "genotype": sample.genotype or "",
        "pap": sample.pap or "",
        "kopac": sample.kopac or "",
        "text": sample.result_text,
    }


def family(record: Rendered) -> str:
    """Prefix and surname as one family name (``de Vries``)."""
    return f"{record.prefix} {record.surname}" if record.prefix else record.surname


def iso_to_date(text: str) -> date | str:
    """A ``YYYY-MM-DD`` string as a date (for real spreadsheet date cells), else the text."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        return text


def workbook_bytes(wb: Workbook) -> bytes:
    """Save ``wb`` with deterministic bytes: openpyxl's ``save`` stamps the current time
    into the core properties and the zip entries, so write through ``ExcelWriter`` and fix
    the member timestamps afterwards."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).save()
    return normalise_zip(buf.getvalue())
