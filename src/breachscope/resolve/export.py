"""The persons export contract (version :data:`EXPORT_FORMAT_VERSION`), used by reports,
letters, the portal and evaluation.

One row per person with exactly :data:`EXPORT_COLUMNS`. ``data_classes`` and ``sources``
are ';'-joined. CSV files get a sidecar ``<file>.meta.json`` with the format name, version,
columns and whether values are revealed; Parquet files carry the same in their schema
metadata (``breachscope.format``, ``breachscope.version``, ``breachscope.revealed``).

Text that a spreadsheet would run as a formula (``=``, ``@``, ``+``/``-`` not followed by
digits only) is written to CSV with a leading apostrophe: values come from a hostile dump.

Without ``reveal``, identifying columns (:data:`PSEUDONYMISED`) hold ``h:`` + 16 hex digits
of an HMAC-SHA256 keyed with a random per-case key (``export.key`` in the case folder,
mode 0600): equal values give equal pseudonyms within a case, and nothing outside the
case can reverse or link them. Initials keep only the first letter, house numbers become
``*`` and postcodes their four digits (``1234**``); city, provider and counts stay.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import json
import os
import re
import secrets
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

EXPORT_FORMAT = "breachscope-persons"
EXPORT_FORMAT_VERSION = 1
EXPORT_COLUMNS: tuple[str, ...] = (
    "person_id", "tier", "surname", "given_names", "initials", "date_of_birth", "bsn",
    "street", "house_number", "postcode", "city", "phone", "email", "provider_agb",
    "provider_name", "data_classes", "n_mentions", "sources",
)  # fmt: skip
PSEUDONYMISED: tuple[str, ...] = (
    "surname", "given_names", "date_of_birth", "bsn", "street", "phone", "email",
)  # fmt: skip
MASKED: tuple[str, ...] = ("initials", "house_number", "postcode")
KEY_FILE = "export.key"


def case_key(case_root: Path) -> bytes:
    """The case's pseudonymisation key; created (32 random bytes, mode 0600) on first use."""
    path = Path(case_root) / KEY_FILE
    if not path.exists():
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w", encoding="ascii") as fh:
                fh.write(secrets.token_hex(32) + "\n")
    return bytes.fromhex(path.read_text(encoding="ascii").strip())


def pseudonym(key: bytes, column: str, value: str) -> str:
    """``h:`` + 16 hex digits of HMAC-SHA256(key, column + value)."""
    mac = hmac.new(key, f"{column}\x1f{value}".encode(), hashlib.sha256).hexdigest()
    return "h:" + mac[:16]


def _mask(column: str, value: str) -> str:
    if column == "initials":
        return value[:1] + "." if value else value
    if column == "house_number":
        return "*"
    if column == "postcode":
        return value[:4] + "**"
    return value


def export_rows(
    persons: list[dict[str, Any]], key: bytes | None, mask: Callable[[str], str] = str
) -> pa.Table:
    """Persons rows (table ``persons``) as the export table; ``key`` None reveals values.
    Unless values are revealed, ``mask`` writes each source path (what was found in a
    path as its class: ``scans/[name]/aanvraag.pdf``)."""
    out: dict[str, list[Any]] = {c: [] for c in EXPORT_COLUMNS}
    for p in persons:
        for c in EXPORT_COLUMNS:
            v = p.get(c)
            if c == "sources" and key is not None:
                v = ";".join(mask(s) for s in v or ())
            elif c in ("data_classes", "sources"):
                v = ";".join(v or ())
            elif v is not None and key is not None:
                if c in PSEUDONYMISED:
                    v = pseudonym(key, c, str(v))
                elif c in MASKED:
                    v = _mask(c, str(v))
            out[c].append(v)
    fields = [pa.field(c, pa.int32() if c == "n_mentions" else pa.string())
              for c in EXPORT_COLUMNS]  # fmt: skip
    return pa.table(out, schema=pa.schema(fields))


def _metadata(revealed: bool, rows: int) -> dict[str, str]:
    return {
        "breachscope.format": EXPORT_FORMAT,
        "breachscope.version": str(EXPORT_FORMAT_VERSION),
        "breachscope.revealed": "true" if revealed else "false",
        "breachscope.pseudonymisation": "none" if revealed else "HMAC-SHA256, per-case key",
        "breachscope.rows": str(rows),
        "breachscope.created": datetime.now(UTC).isoformat(timespec="seconds"),
    }


_FORMULA = re.compile(r"^(?:[=@\t\r]|[+-](?![\d ]+$))")


def _cell(value: Any) -> Any:
    """CSV cell; text a spreadsheet would run as a formula gets a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, str) and _FORMULA.match(value):
        return "'" + value
    return value


def write_export(table: pa.Table, out: Path, fmt: str, revealed: bool) -> None:
    meta = _metadata(revealed, table.num_rows)
    if fmt == "parquet":
        pq.write_table(table.replace_schema_metadata(meta), out)
        return
    if fmt != "csv":
        raise ValueError(f"unknown export format {fmt!r}")
    with open(out, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(table.column_names)
        for batch in table.to_batches(10_000):
            cols = [c.to_pylist() for c in batch.columns]
            writer.writerows([_cell(v) for v in row] for row in zip(*cols, strict=True))
    sidecar = {"format": EXPORT_FORMAT, "version": EXPORT_FORMAT_VERSION,
               "columns": list(EXPORT_COLUMNS), "revealed": revealed,
               "pseudonymisation": meta["breachscope.pseudonymisation"],
               "rows": table.num_rows, "created": meta["breachscope.created"]}  # fmt: skip
    Path(f"{out}.meta.json").write_text(json.dumps(sidecar, indent=2) + "\n", encoding="utf-8")


def export_persons(case_dir: Path, out: Path, *, reveal: bool = False, fmt: str = "csv") -> int:
    """Write the persons of a resolved case to ``out``; return the number of rows."""
    from breachscope.assemble.store import query_arrow
    from breachscope.case import Case
    from breachscope.engine.store import path_mask

    with Case.open(case_dir, read_only=True) as case:
        rows = query_arrow(case.con, "SELECT * FROM persons ORDER BY person_id").to_pylist()
        key = None if reveal else case_key(case.root)
        mask = str if reveal else path_mask(case.con)
    table = export_rows(rows, key, mask)
    write_export(table, out, fmt, reveal)
    return int(table.num_rows)
