"""Independent readers of the samples: what each location must point at.

They use other code than the extractors (the csv module with the known dialect, openpyxl,
the ``hl7`` package, python-docx, pypdf, the stdlib e-mail parser with ``policy.default``)
so that a location is checked against the file, not against the extractor's own reading.
"""

from __future__ import annotations

import csv
import datetime as dt
import email
import io
import json
from email import policy
from email.message import EmailMessage
from typing import Any

from .samples import (
    BINLOG_STATEMENTS,
    BSN,
    CACHE_BODY,
    CALL_ROUND_CSV,
    CAST_PLAYED,
    CAST_TYPED,
    CYPHER_CELLS,
    EDIT_HISTORY_CELLS,
    EMLX_MESSAGE,
    GIT_PATIENTS,
    GIT_PATIENTS_2,
    GIT_README,
    HIVE_ROWS,
    JAVA_SER_CELLS,
    JOURNAL_CELLS,
    KAFKA_RECORDS,
    LEVELDB_CELLS,
    LINE_PROTOCOL_CELLS,
    LNK_PATH,
    LOTUS_CELLS,
    MORK_CELLS,
    MSGPACK_RECORDS,
    PCAP_STREAMS,
    PG_COPY,
    PG_COPY_ROWS,
    PG_CREATE,
    PG_ROWS,
    PHP_SESSION_CELLS,
    PORTAL_ANSWER,
    RDS_COLUMNS,
    RECYCLED,
    SEQ_ROWS,
    SESSION_JSON,
    SLOW_LOG_CELLS,
    SPARK_SCAN,
    SQLLDR_RECORDS,
    SVG_CELLS,
    SYLK_CELLS,
    TRACE_ANSWER,
    TRACE_REQUEST,
    TURTLE_CELLS,
    TYPEDSTREAM_KEY,
    TYPEDSTREAM_TEXT,
    VEKTIS_PEOPLE,
    W3C_FIELDS,
    W3C_ROWS,
    WARC_JSON,
    WARC_PAGE,
    WRAPPED_CSV,
    Sample,
    elfproef_bsn,
    leveldb_table_cells,
    lmdb_cells,
    spark_eventlog_sample,
)

Cell = tuple[str | None, int, str]


def _leaves(node: Any, path: str) -> list[tuple[str, str]]:
    """A parsed JSON value's leaves, at their dotted paths."""
    if isinstance(node, dict):
        return [leaf for k, v in node.items() for leaf in _leaves(v, f"{path}.{k}")]
    return [(path, str(node))]


def sequencefile_cells(_sample: Sample) -> dict[Cell, str]:
    """The sample's records, a row each: its key, its value's Hive fields by position."""
    cells: dict[Cell, str] = {}
    for row, (key, fields) in enumerate(SEQ_ROWS, 1):
        cells[(None, row, "key")] = str(key)
        for number, text in enumerate(fields, 1):
            if text:
                cells[(None, row, f"column{number}")] = text
    return cells


def hive_text_cells(_sample: Sample) -> dict[Cell, str]:
    """The sample's rows at their lines (the third after a blank line), fields by
    position, NULLs left out, an array's items and a map's pair as text."""
    cells: dict[Cell, str] = {}
    for line, fields in zip((1, 2, 4), HIVE_ROWS, strict=True):
        for number, text in enumerate(fields, 1):
            if text and text != "\\N":
                value = text.replace("\x02", ", ").replace("\x03", ": ")
                cells[(None, line, f"column{number}")] = value
    return cells


def w3c_log_cells(_sample: Sample) -> dict[Cell, str]:
    """The sample's entries at their lines (after four directive lines), under the
    fields the ``#Fields:`` names, ``-`` left out."""
    cells: dict[Cell, str] = {}
    for line, fields in enumerate(W3C_ROWS, 5):
        for name, text in zip(W3C_FIELDS, fields, strict=True):
            if text != "-":
                cells[(None, line, name)] = text
    return cells


def spark_eventlog_cells(_sample: Sample) -> dict[Cell, str]:
    """The sample plan's local scan, a row each under its attributes' names; the
    events' plain fields in the part of their kind at their line."""
    cells: dict[Cell, str] = {}
    part = "event-3/LocalTableScan-1"
    for row, values in enumerate(SPARK_SCAN, 1):
        for name, value in zip(("bsn", "naam", "geboortedatum", "postcode"), values, strict=True):
            if value != "null":
                cells[(part, row, name)] = value
    cells[("SparkListenerApplicationStart", 2, "User")] = "svc_dwh"
    cells[("SparkListenerSQLExecutionStart", 3, "executionId")] = "7"
    cells[("SparkListenerTaskEnd", 4, "Task Info.Accumulables.1.Update")] = "5"
    return cells


def sqlldr_cells(_sample: Sample) -> dict[Cell, str]:
    """The sample's records in the table's part at their lines (after the control's 12),
    under the control's field names."""
    names = ("BSN", "ACHTERNAAM", "GEBOORTEDATUM", "INTERN", "ADRES", "POSTCODE", "OPMERKING")
    cells: dict[Cell, str] = {}
    for line, values in enumerate(SQLLDR_RECORDS, 13):
        for name, value in zip(names, values, strict=True):
            if value is not None:
                cells[("LIMS.UITSLAG", line, name)] = value
    return cells


def kafka_cells(_sample: Sample) -> dict[Cell, str]:
    """The sample segment's records, a row each: offset, time, key, value, headers."""
    cells: dict[Cell, str] = {}
    for row, (delta, key, value, headers) in enumerate(KAFKA_RECORDS, 1):
        moment = dt.datetime(2024, 5, 12, 3, 14, tzinfo=dt.UTC) + dt.timedelta(milliseconds=delta)
        cells[(None, row, "offset")] = str(4811 + row)
        cells[(None, row, "timestamp")] = moment.strftime("%Y-%m-%dT%H:%M:%S.000Z")
        if key is not None:
            cells[(None, row, "key")] = key.decode()
        text = (value or b"").decode()
        if text.startswith("{"):
            for path, leaf in _leaves(json.loads(text), "value"):
                cells[(None, row, path)] = leaf
        else:
            cells[(None, row, "value")] = text
        for n, (name, text) in enumerate(headers):
            if text is not None:
                cells[(None, row, f"headers.{name.decode()}" + (f" ({n + 1})" if n else ""))] = (
                    text.decode()
                )
    return cells


def binlog_sql(sample: Sample) -> bytes:
    """The statements of the sample binary log, each after its position and time, read
    here by walking the events' lengths."""
    data, at, out, schema = sample.data, 4, [], ""
    at += int.from_bytes(data[at + 9 : at + 13], "little")
    for schema_now, statement in BINLOG_STATEMENTS:
        length = int.from_bytes(data[at + 9 : at + 13], "little")
        out.append(f"-- at {at}, 2024-05-12T03:14:00Z\n")
        if schema_now != schema:
            out.append(f"USE `{schema_now}`;\n")
            schema = schema_now
        out.append(f"{statement};\n")
        at += length
    return "".join(out).encode()


def decoded(sample: Sample) -> str:
    return sample.data.decode(sample.codec)


def csv_cells(sample: Sample) -> dict[Cell, str]:
    reader = csv.reader(
        io.StringIO(decoded(sample), newline=""), delimiter=str(sample.info["delimiter"])
    )
    header: list[str] | None = None
    cells: dict[Cell, str] = {}
    before = 0
    for row in reader:
        start, before = before + 1, reader.line_num
        if start == sample.info["header_line"]:
            header = row
        elif header is not None and row:
            for i, value in enumerate(row):
                if value:
                    cells[(None, start, header[i])] = value
    return cells


def _excel_text(value: Any) -> str:
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def xlsx_cells(sample: Sample) -> dict[Cell, str]:
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(sample.data))
    headers: dict[str, int] = sample.info["headers"]  # type: ignore[assignment]
    cells: dict[Cell, str] = {}
    for ws in wb.worksheets:
        if ws.title not in headers:
            continue
        top = headers[ws.title]
        names = [c.value for c in ws[top]]
        for row in ws.iter_rows(min_row=top + 1):
            for cell in row:
                if cell.value is not None and cell.value != "":
                    cells[(ws.title, cell.row, str(names[cell.column - 1]))] = _excel_text(
                        cell.value
                    )
    return cells


def sql_cells(_sample: Sample) -> dict[Cell, str]:
    """Hand-checked values of the MySQL sample (no independent MySQL parser is at hand)."""
    return {
        ("patienten", 1, "bsn"): "123456782",
        ("patienten", 1, "naam"): "Jansen-de Vries, M.",
        ("patienten", 1, "opmerking"): "Dorpsstraat 12A\n1234 AB",
        ("patienten", 2, "id"): "2",
        ("patienten", 2, "naam"): "O'Brien, K.",
        ("patienten", 2, "opmerking"): 'it\'s; "quoted", (x)',
        ("patienten", 3, "bsn"): "111222333",
        ("patienten", 4, "naam"): "Ömer",
        ("patienten", 4, "opmerking"): "tel 0612345678",
        ("monsters", 1, "barcode"): "BVO0000012345",
        ("monsters", 1, "uitslag"): "hrHPV positief (HPV16), Pap 2",
    }


def _flat(value: Any, path: str, out: dict[str, str]) -> None:
    if isinstance(value, dict):
        for k, v in value.items():
            _flat(v, f"{path}.{k}" if path else k, out)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            _flat(v, f"{path}.{i}" if path else str(i), out)
    elif isinstance(value, bool):
        out[path] = "true" if value else "false"
    elif value is not None:
        out[path] = str(value)


def json_cells(sample: Sample) -> dict[Cell, str]:
    cells: dict[Cell, str] = {}
    if sample.detected_type == "ndjson":
        for number, line in enumerate(decoded(sample).split("\n"), start=1):
            if line.strip():
                flat: dict[str, str] = {}
                _flat(json.loads(line, parse_float=str), "", flat)
                cells.update({(None, number, k): v for k, v in flat.items()})
        return cells
    doc = json.loads(decoded(sample), parse_float=str)
    for number, record in enumerate(doc if isinstance(doc, list) else [doc], start=1):
        flat = {}
        _flat(record, "", flat)
        cells.update({(None, number, k): v for k, v in flat.items()})
    return cells


def xml_cells(sample: Sample) -> dict[Cell, str]:
    """The sample's records (``Patient`` elements behind the ``Patienten`` wrapper) read
    with ElementTree: a cell per leaf element or attribute, a repeated element indexed,
    a value attribute alone as its element's value; the export's date as record 1."""
    import xml.etree.ElementTree as ET

    def local(tag: str) -> str:
        return tag.rpartition("}")[2]

    def leaves(node: ET.Element, path: str, out: dict[str, str]) -> None:
        for k, v in node.attrib.items():
            if list(node.attrib) != ["value"] or len(node):
                out[f"{path}.@{k}" if path else f"@{k}"] = v
        if not len(node) and list(node.attrib) == ["value"]:
            out[path] = node.attrib["value"]
        names = [local(c.tag) for c in node]
        seen: dict[str, int] = {}
        for child, name in zip(node, names, strict=True):
            step = name
            if names.count(name) > 1:
                step = f"{name}.{seen.get(name, 0)}"
                seen[name] = seen.get(name, 0) + 1
            sub = f"{path}.{step}" if path else step
            if len(child) or child.attrib:
                leaves(child, sub, out)
            elif child.text and child.text.strip():
                out[sub] = child.text.strip()

    root = ET.fromstring(sample.data)
    cells: dict[Cell, str] = {(None, 1, "Datum"): "2024-03-01"}
    wrapper = next(c for c in root if local(c.tag) == "Patienten")
    for number, patient in enumerate(wrapper, start=1):
        flat: dict[str, str] = {}
        leaves(patient, "", flat)
        cells.update({("Patienten.Patient", number, k): v for k, v in flat.items()})
    return cells


def duckdb_cells(sample: Sample) -> dict[Cell, str]:
    """Every stored cell of every table, read with duckdb from a copy on disk as Python
    values (a date's ``isoformat``, a BLOB when it is UTF-8)."""
    import os
    import tempfile

    import duckdb

    cells: dict[Cell, str] = {}
    with tempfile.TemporaryDirectory() as folder:
        name = os.path.join(folder, "copy.duckdb")
        with open(name, "wb") as out:
            out.write(sample.data)
        con = duckdb.connect(name, read_only=True)
        for schema, table in con.execute(
            "SELECT schema_name, table_name FROM duckdb_tables()"
        ).fetchall():
            stored = [
                r[0]
                for r in con.execute(
                    "SELECT column_name FROM duckdb_columns() WHERE schema_name = ? "
                    "AND table_name = ? AND NOT is_generated ORDER BY column_index",
                    [schema, table],
                ).fetchall()
            ]
            query = f"SELECT {', '.join(stored)} FROM {schema}.{table}"
            for number, row in enumerate(con.execute(query).fetchall(), start=1):
                for column, value in zip(stored, row, strict=True):
                    if isinstance(value, bytes):
                        try:
                            value = value.decode("utf-8")
                        except UnicodeDecodeError:
                            continue
                    if isinstance(value, dt.date):
                        value = value.isoformat()
                    if value is not None:
                        cells[(f"{schema}.{table}", number, column)] = str(value)
        con.close()
    return cells


def sqlite_wal_cells(sample: Sample) -> dict[Cell, str]:
    """The ``patient`` rows SQLite wrote into the WAL sample, frame by frame (by the file
    format: see ``WAL_ROWS``), each under its column."""
    from .samples import WAL_COLUMNS, WAL_ROWS

    cells: dict[Cell, str] = {}
    for number, row in enumerate(WAL_ROWS, start=1):
        for column, value in zip(WAL_COLUMNS, row, strict=True):
            if value is not None:
                cells[("patient", number, column)] = value
        cells[("patient", number, "wal_state")] = "committed"
    return cells


def sqlite_cells(sample: Sample) -> dict[Cell, str]:
    """Every cell of every table, read with the sqlite3 module from a copy on disk."""
    import os
    import sqlite3
    import tempfile

    fd, name = tempfile.mkstemp(suffix=".db")
    os.write(fd, sample.data)
    os.close(fd)
    cells: dict[Cell, str] = {}
    try:
        con = sqlite3.connect(name)
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        for table in tables:
            order = "" if table == "kv" else " ORDER BY rowid"
            cur = con.execute(f'SELECT * FROM "{table}"{order}')
            names = [d[0] for d in cur.description]
            for number, row in enumerate(cur.fetchall(), start=1):
                for column, value in zip(names, row, strict=True):
                    if isinstance(value, bytes):
                        try:
                            value = value.decode("utf-8")
                        except UnicodeDecodeError:
                            continue
                    if value is not None:
                        cells[(table, number, column)] = str(value)
        con.close()
    finally:
        os.unlink(name)
    return cells


def statdata_cells(sample: Sample) -> dict[Cell, str]:
    """Every value of the Stata sample as pandas' own Stata reader reads it (value labels
    and dates converted); a column named ``variable: label`` where the label says more."""
    import pandas as pd

    with pd.io.stata.StataReader(io.BytesIO(sample.data)) as reader:
        frame = reader.read(convert_categoricals=True, convert_dates=True)
        labels = reader.variable_labels()
    cells: dict[Cell, str] = {}
    for number, row in enumerate(frame.to_dict("records"), start=1):
        for column, value in row.items():
            if value is None or value is pd.NaT or value == "":
                continue
            if isinstance(value, float):
                if value != value:  # (NaN)
                    continue
                value = int(value) if value.is_integer() else value
            if isinstance(value, pd.Timestamp):
                value = value.date().isoformat()
            label = labels.get(str(column)) or ""
            name = f"{column}: {label}" if label and label.lower() != str(column) else column
            cells[(None, number, str(name))] = str(value)
    return cells


def _instant(value: dt.datetime) -> str:
    """A date and time as its UTC instant, to the millisecond, as a document database
    keeps it."""
    utc = value.astimezone(dt.UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


def _binary_values(value: Any) -> Any:
    """A decoded document's values as their text (see each reader's oracle)."""
    if isinstance(value, dict):
        return {k: _binary_values(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_binary_values(v) for v in value]
    if isinstance(value, dt.datetime):
        return _instant(value if value.tzinfo else value.replace(tzinfo=dt.UTC))
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bytes):
        try:
            text = value.decode("utf-8")
        except UnicodeDecodeError:
            return None
        return json.loads(text) if text.startswith("{") else text
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value if isinstance(value, bool | int | float | str) or value is None else str(value)


def cbor_cells(sample: Sample) -> dict[Cell, str]:
    """The records the sample was written from, each at its place, decoded by cbor2."""
    import io

    import cbor2

    stream = io.BytesIO(sample.data)
    cells: dict[Cell, str] = {}
    number = 0
    while stream.tell() < len(sample.data):
        number += 1
        flat: dict[str, str] = {}
        _flat(cbor2.load(stream), "", flat)
        cells.update({(None, number, k): v for k, v in flat.items()})
    return cells


def msgpack_cells(_sample: Sample) -> dict[Cell, str]:
    """The records the sample was written from, each at its place."""
    cells: dict[Cell, str] = {}
    for number, record in enumerate(MSGPACK_RECORDS, 1):
        flat: dict[str, str] = {}
        _flat(record, "", flat)
        cells.update({(None, number, k): v for k, v in flat.items()})
    return cells


def redis_rdb_cells(sample: Sample) -> dict[Cell, str]:
    """The keys the sample was written from, a record each at its place: db, key, type,
    expiry, a hash's fields, a list's and a set's elements, a JSON string at its paths;
    a sorted set's members and scores as records of the part named by the key."""
    from .samples import REDIS_EXPIRES, REDIS_KEYS

    cells: dict[Cell, str] = {}
    for row, (key, kind, value) in enumerate(REDIS_KEYS, 1):
        cells.update({(None, row, "db"): "0", (None, row, "key"): key, (None, row, "type"): kind})
        flat: dict[str, str] = {}
        if kind == "zset":
            for place, (member, score) in enumerate(value, 1):
                cells[(f"{key}.value", place, "member")] = member
                cells[(f"{key}.value", place, "score")] = str(score)
        elif kind == "string" and str(value).startswith("{"):
            _flat(json.loads(str(value)), "value", flat)
            moment = dt.datetime.fromtimestamp(REDIS_EXPIRES / 1000, dt.UTC)
            cells[(None, row, "expires")] = moment.strftime("%Y-%m-%dT%H:%M:%S.000Z")
        else:
            _flat(value, "value", flat)
        cells.update({(None, row, k): v for k, v in flat.items()})
    return cells


def hdf5_cells(sample: Sample) -> dict[Cell, str]:
    """The cohort's records and its results' columns, read with h5py: a record's fields
    at the compound dataset's path, the columns at their group's; an enum by its name."""
    import io

    import h5py

    cells: dict[Cell, str] = {}
    with h5py.File(io.BytesIO(sample.data), "r") as f:
        records = f["cohort/patienten"]
        names = {v: k for k, v in h5py.check_enum_dtype(records.dtype["hpv"]).items()}
        for number, record in enumerate(records[()], 1):
            for field in ("naam", "geboortedatum", "postcode"):
                cells[("/cohort/patienten", number, field)] = record[field].decode()
            cells[("/cohort/patienten", number, "bsn")] = str(record["bsn"])
            cells[("/cohort/patienten", number, "hpv")] = names[record["hpv"]]
        group = f["uitslagen"]
        for column in ("bsn", "uitslag"):
            for number, value in enumerate(group[column][()], 1):
                cells[("/uitslagen", number, column)] = value.decode()
        for number, ct in enumerate(group["ct"][()], 1):
            if ct == ct:
                cells[("/uitslagen", number, "ct")] = f"{ct:g}"
    return cells


def matlab_cells(sample: Sample) -> dict[Cell, str]:
    """The struct array's elements a row each and the cell array's rows under its first,
    read with scipy's simplified cells."""
    import io

    from scipy.io import loadmat

    found = loadmat(io.BytesIO(sample.data), simplify_cells=True)
    cells: dict[Cell, str] = {}
    for number, element in enumerate(found["deelnemers"], 1):
        cells.update({("deelnemers", number, k): str(v) for k, v in element.items()})
    header, *rows = found["uitslagen"].tolist()
    for number, row in enumerate(rows, 2):
        cells.update({("uitslagen", number, h): str(v) for h, v in zip(header, row, strict=True)})
    return cells


def bson_cells(sample: Sample) -> dict[Cell, str]:
    """The documents the sample was written from, each a record at its place: an
    ObjectId as its hex, a date as its UTC instant, a number as its digits, binary data as
    its text, a function as its code."""
    cells: dict[Cell, str] = {}
    for number, doc in enumerate(sample.info["docs"], start=1):  # type: ignore[arg-type]
        flat: dict[str, str] = {}
        _flat(_binary_values(doc), "", flat)
        cells.update({(None, number, k): v for k, v in flat.items()})
    return cells


def avro_cells(sample: Sample) -> dict[Cell, str]:
    """The records the sample was written from (a date as its ISO date, bytes that are
    UTF-8 as text), each a record at its place, read back with the stdlib's own flattening."""
    cells: dict[Cell, str] = {}
    for number, record in enumerate(sample.info["records"], start=1):  # type: ignore[arg-type]
        flat: dict[str, str] = {}
        _flat(_binary_values(record), "", flat)
        cells.update({(None, number, k): v for k, v in flat.items()})
    return cells


def plist_cells(sample: Sample) -> dict[Cell, str]:
    """The property list read back with ``plistlib``: one record, a JSON document stored
    as data read at its paths, a date as its UTC instant."""
    import plistlib

    flat: dict[str, str] = {}
    _flat(_binary_values(plistlib.loads(sample.data)), "", flat)
    return {(None, 1, k): v for k, v in flat.items()}


def rds_cells() -> dict[Cell, str]:
    """The R sample's data frame as its columns were written: a double as its digits, a
    factor as its label, a logical as ``TRUE``/``FALSE``, NA as no cell."""
    cells: dict[Cell, str] = {}
    for name, (kind, values) in RDS_COLUMNS.items():
        for row, v in enumerate(values, start=1):
            if v is None:
                continue
            text = str(int(v)) if kind in ("real", "int") else str(v)  # type: ignore[call-overload]
            cells[(None, row, name)] = ("TRUE" if v else "FALSE") if kind == "lgl" else text
    return cells


def npy_cells(sample: Sample) -> dict[Cell, str]:
    """The records read back with ``numpy.load`` (pickles refused): a row each, a field a
    cell; a date as its ISO date, NaT and empty strings as no cell, bytes as UTF-8, else
    Latin-1."""
    import numpy as np

    array = np.load(io.BytesIO(sample.data), allow_pickle=False)
    cells: dict[Cell, str] = {}
    for number, record in enumerate(array.tolist(), 1):
        for name, value in zip(array.dtype.names, record, strict=True):
            if isinstance(value, bytes):
                try:
                    value = value.decode()
                except UnicodeDecodeError:
                    value = value.decode("latin-1")
            if value is not None and value != "":
                cells[(None, number, name)] = str(value)
    return cells


def pickle_cells(sample: Sample) -> dict[Cell, str]:
    """The data frame the sample was pickled from, read row by row with pandas: a number
    as its digits, a time as ``YYYY-MM-DDTHH:MM:SS``, a category as its label, a missing
    value as no cell."""
    import pandas as pd

    frame: pd.DataFrame = sample.info["frame"]  # type: ignore[assignment]
    cells: dict[Cell, str] = {}
    for row, record in enumerate(frame.to_dict("records"), start=1):
        for name, value in record.items():
            if value is None or (isinstance(value, float) and value != value):
                continue
            stamp = isinstance(value, pd.Timestamp)
            cells[(None, row, str(name))] = (
                value.strftime("%Y-%m-%dT%H:%M:%S") if stamp else str(value)
            )
    return cells


def parquet_cells(sample: Sample) -> dict[Cell, str]:
    """Every cell of the file's table (:func:`table_cells`)."""
    import io

    import pyarrow.parquet as pq

    return table_cells(pq.read_table(io.BytesIO(sample.data)).to_pylist())


def arrow_file_cells(sample: Sample) -> dict[Cell, str]:
    """Every cell of an Arrow IPC file's table (:func:`table_cells`)."""
    import io

    import pyarrow as pa

    return table_cells(pa.ipc.open_file(io.BytesIO(sample.data)).read_all().to_pylist())


def table_cells(rows: list[dict[str, Any]]) -> dict[Cell, str]:
    """Every cell of a table read row by row as Python values: a struct's fields as
    ``column.field``, a list as JSON, bytes that are UTF-8 as text."""
    import json

    cells: dict[Cell, str] = {}
    for number, row in enumerate(rows, start=1):
        flat: dict[str, object] = {}
        for column, value in row.items():
            if isinstance(value, dict):
                flat.update({f"{column}.{k}": v for k, v in value.items()})
            else:
                flat[column] = value
        for column, value in flat.items():
            if isinstance(value, bytes):
                try:
                    value = value.decode("utf-8")
                except UnicodeDecodeError:
                    continue
            if isinstance(value, list):
                value = json.dumps(value, ensure_ascii=False)
            if value is not None:
                cells[(None, number, column)] = str(value)
    return cells


def hl7_cells(sample: Sample) -> dict[Cell, str]:
    import hl7  # type: ignore[import-untyped]

    text = decoded(sample).replace("\r\n", "\r").replace("\n", "\r")
    cells: dict[Cell, str] = {}
    parts = ["MSH" + m for m in text.split("MSH")[1:]]
    for number, raw in enumerate(parts, start=1):
        message = hl7.parse(raw.strip("\r"))
        seen: dict[str, int] = {}
        for segment in message:
            tag = str(segment[0])
            seen[tag] = seen.get(tag, 0) + 1
            if tag == "MSH":
                continue
            name = tag if seen[tag] == 1 else f"{tag}[{seen[tag]}]"
            for index in range(1, len(segment)):
                value = str(segment[index])
                if value:
                    # the hl7 package renders \.br\ as "\r"; breachscope as "\n"
                    text = message.unescape(value).replace("\r", "\n")
                    cells[(None, number, f"{name}-{index}")] = text
    return cells


def edifact_cells(sample: Sample) -> dict[Cell, str]:
    expected: dict[tuple[int, str], str] = sample.info["expected"]  # type: ignore[assignment]
    return {(None, row, col): value for (row, col), value in expected.items()}


def docx_text(sample: Sample) -> dict[str | None, str]:
    from docx import Document
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    doc = Document(io.BytesIO(sample.data))
    lines: list[str] = []
    for child in doc.element.body.iterchildren():
        if child.tag.endswith("}p"):
            lines.append(Paragraph(child, doc).text)
        elif child.tag.endswith("}tbl"):
            for row in Table(child, doc).rows:
                lines.append("\t".join(" ".join(p.text for p in c.paragraphs) for c in row.cells))
    return {"body": "\n".join(lines)}


def eml_text(sample: Sample) -> dict[str | None, str]:
    msg = email.message_from_bytes(sample.data, policy=policy.default)
    assert isinstance(msg, EmailMessage)
    header = "\n".join(f"{h}: {msg[h]}" for h in ("From", "To", "Subject", "Date") if msg[h])
    plain = msg.get_body(("plain",))
    assert plain is not None
    return {"header": header, "body": plain.get_content()}


def pdf_pages(sample: Sample) -> dict[str | None, str]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(sample.data))
    return {f"page-{i + 1}": page.extract_text() for i, page in enumerate(reader.pages)}


def msg_text(sample: Sample) -> dict[str | None, str]:
    """What the builder wrote (no second MSG reader is at hand)."""
    return {"header": str(sample.info["header"]), "body": str(sample.info["body"])}


def rtf_text(sample: Sample) -> dict[str | None, str]:
    """What the builder says a reader shows (RTF readers differ on tables and fields)."""
    return {"body": str(sample.info["body"]), "info": str(sample.info["info"])}


def doc_text(sample: Sample) -> dict[str | None, str]:
    """What the builder wrote in each story (checked against LibreOffice's ``.doc`` files
    by hand: no second reader of the format is at hand)."""
    return {k: str(v) for k, v in sample.info.items()}


def html_text(sample: Sample) -> dict[str | None, str]:
    """What the builder says a browser shows."""
    return {"body": str(sample.info["body"])}


def ebcdic_text(sample: Sample) -> dict[str | None, str]:
    """The sample's records cut by its layout: text and zoned fields decoded with Python's
    cp037, a packed field as its digits from its hex (a ``-`` for a ``D`` sign; the birth
    date's pad zero dropped), two spaces either side; a line per record, its end trimmed."""
    from .samples import EBCDIC_LAYOUT

    width = sum(size for _, size, _ in EBCDIC_LAYOUT)
    lines = []
    for at in range(0, len(sample.data), width):
        record, pos, line = sample.data[at : at + width], 0, ""
        for name, size, kind in EBCDIC_LAYOUT:
            field = record[pos : pos + size]
            pos += size
            if kind != "packed":
                line += field.decode("cp037")
                continue
            digits = field.hex()[:-1]
            digits = digits[1:] if name == "gebdat" else digits
            line += f"  {'-' if field.hex().endswith('d') else ''}{digits}  "
        lines.append(line.rstrip() + "\n")
    return {None: "".join(lines)}


def text_text(sample: Sample) -> dict[str | None, str]:
    return {None: decoded(sample)}


def vcard_cells(_sample: Sample) -> dict[Cell, str]:
    """Hand-checked values of the vCard sample (no vCard library is at hand)."""
    return {
        (None, 1, "naam"): "Marieke Jansen-de Vries",
        (None, 1, "achternaam"): "Jansen-de Vries",
        (None, 1, "voornaam"): "Marieke",
        (None, 1, "adres"): "Dorpsstraat 12A, 1234 AB Amsterdam",
        (None, 1, "telefoon"): "0612345678",
        (None, 1, "geboortedatum"): "1978-03-04",
        (
            None,
            1,
            "notitie",
        ): "BSN 123456782, BSN partner 111222333; zie ook 012345672 voor de dochter",
        (None, 11, "achternaam"): "Yılmaz",
        (None, 11, "voornaam"): "Ömer",
        (None, 11, "telefoon"): "020-1234567",
    }


def ics_cells(_sample: Sample) -> dict[Cell, str]:
    """Hand-checked values of the iCalendar sample (no iCalendar library is at hand)."""
    return {
        (None, 4, "onderwerp"): "Uitstrijkje mevr. P. Jansen",
        (None, 4, "omschrijving"): "BSN 123456782, geb. 03-03-1978\ntel 06-12345678, HPV-positief",
        (None, 4, "datum"): "2024-03-12T09:00:00",
        (None, 4, "deelnemer"): "Jansen, Petra",
        (None, 4, "e-mail deelnemer"): "p.jansen@example.nl",
        (None, 16, "onderwerp"): "Bel dhr. A. Öztürk terug",
    }


def ldif_cells(_sample: Sample) -> dict[Cell, str]:
    """Hand-checked values of the LDIF sample (no LDIF library is at hand)."""
    return {
        (None, 4, "naam"): "Marieke Jansen-de Vries",
        (None, 4, "achternaam"): "Jansen-de Vries",
        (None, 4, "mobiel"): "0612345678",
        (None, 4, "adres"): "Dorpsstraat 12A, 1234 AB Amsterdam",
        (None, 4, "nlBSN"): "123456782",
        (None, 14, "naam"): "Ömer Yılmaz",
        (None, 14, "nlBSN"): "012345672",
    }


def pdf_fields_cells(_sample: Sample) -> dict[Cell, str]:
    """Hand-checked values of the pdftk field dump sample (no reader of it is at hand)."""
    return {
        (None, 2, "naam_patient"): "Jansen-de Vries, Marieke",
        (None, 2, "bsn"): "123456782",
        (None, 2, "cb_zwanger"): "Yes",
        (None, 2, "opmerking"): "Dorpsstraat 12A\n1234 AB Amsterdam",
        (None, 23, "naam_patient"): "Yılmaz, Ömer",
        (None, 23, "bsn"): "012345672",
    }


def bcp_cells(_sample: Sample) -> dict[Cell, str]:
    """Hand-checked values of the bcp sample (SQL Server's text of them)."""
    return {
        (None, 1, "id"): "1",
        (None, 1, "bsn"): "123456782",
        (None, 1, "achternaam"): "Jansen-de Vries",
        (None, 1, "voornaam"): "Märta",
        (None, 1, "geboortedatum"): "1978-03-04",
        (None, 1, "afgenomen"): "2024-05-10T08:15:30.5",
        (None, 1, "ontvangen"): "2024-05-10T09:01:02.123456",
        (None, 1, "bedrag"): "125.50",
        (None, 1, "tarief"): "1234.5678",
        (None, 1, "actief"): "1",
        (None, 1, "postcode"): "1234 AB",
        (None, 2, "bsn"): "111222333",
        (None, 2, "bedrag"): "-3.05",
        (None, 2, "tarief"): "-0.5000",
        (None, 2, "actief"): "0",
        (None, 3, "bsn"): "12345672",
        (None, 3, "achternaam"): "Yılmaz",
        (None, 3, "geboortedatum"): "1990-01-15",
        (None, 3, "afgenomen"): "1900-01-01T00:00:00",
        (None, 3, "ontvangen"): "0001-01-01T00:00:00",
        (None, 3, "bedrag"): "0.00",
    }


def dbf_cells(_sample: Sample) -> dict[Cell, str]:
    """Hand-checked values of the dBase sample (no dBase library is at hand)."""
    return {
        (None, 1, "PATNR"): "2245",
        (None, 1, "ACHTERNAAM"): "JANSEN-DE VRIES",
        (None, 1, "VOORL"): "M.",
        (None, 1, "GEBDAT"): "1978-03-04",
        (None, 1, "ADRES"): "Dorpsstraat 12A",
        (None, 1, "POSTCODE"): "1234 AB",
        (None, 1, "TELEFOON"): "0612345678",
        (None, 1, "SOFINR"): "123456782",
        (None, 1, "ACTIEF"): "T",
        (None, 2, "ACHTERNAAM"): "van der Berg",  # (marked deleted: still in the file)
        (None, 2, "GEBDAT"): "1985-11-30",
        (None, 2, "SOFINR"): "111222333",
        (None, 2, "ACTIEF"): "F",
        (None, 3, "ACHTERNAAM"): "Çelik",
        (None, 3, "VOORL"): "Ö.",
        (None, 3, "SOFINR"): "012345672",
    }


def fods_cells(_sample: Sample) -> dict[Cell, str]:
    """Hand-checked values of the flat ODS sample (its rows as the sheet shows them: the
    empty rows counted, a repeated row twice)."""
    return {
        ("Register", 3, "Naam"): "Jansen-de Vries, M.",
        ("Register", 3, "Naam (opmerking)"): "tel 0612345678",
        ("Register", 3, "BSN"): "123456782",
        ("Register", 3, "Geb.datum"): "1978-03-04",
        ("Register", 3, "Adres"): "Dorpsstraat 12A",
        ("Register", 3, "Postcode"): "1234 AB",
        ("Register", 7, "Naam"): "Yılmaz, Ö.",
        ("Register", 7, "BSN"): "12345672",
        ("Register", 7, "Geb.datum"): "1990-01-15",
        ("Register", 8, "Naam"): "Yılmaz, Ö.",
    }


def hl7xml_cells(_sample: Sample) -> dict[Cell, str]:
    """Hand-checked values of the HL7 v2.xml sample, named as the same message in the
    pipe encoding would be (its second patient a row of part ``PID[2]``)."""
    return {
        (None, 1, "MSH-3"): "LIS",
        (None, 1, "PID-3.1"): "123456782",
        (None, 1, "PID-3(2).1"): "PTS1",
        (None, 1, "PID-5.1"): "Jansen-de Vries",
        (None, 1, "PID-5.2"): "Marieke",
        (None, 1, "PID-7"): "19780304",
        (None, 1, "PID-11.1"): "Dorpsstraat 12A",
        (None, 1, "PID-11.5"): "1234 AB",
        (None, 1, "PID-13"): "0612345678",
        (None, 1, "OBX-5"): "hrHPV positief\nPap 2 | controle",
        ("PID[2]", 1, "MSH-3"): "LIS",
        ("PID[2]", 1, "PID-3.1"): "012345672",
        ("PID[2]", 1, "PID-5.1"): "Yılmaz",
        ("PID[2]", 1, "PID-7"): "19900115",
    }


def mt940_cells(_sample: Sample) -> dict[Cell, str]:
    """Hand-checked values of the MT940 sample (no MT940 library is at hand)."""
    return {
        (None, 8, "datum"): "2024-05-13",
        (None, 8, "bedrag"): "45,00",
        (None, 8, "naam"): "JANSEN-DE VRIES M",
        (None, 8, "iban"): "NL91ABNA0417164300",
        (None, 8, "bic"): "ABNANL2A",
        (None, 8, "omschrijving"): "F2024-09657 cervixcytologie M. Jansen-de Vries geb 03-03-1978",
        (None, 8, "kenmerk"): "NOTPROVIDED",
        (None, 8, "soort"): "SEPA OVERBOEKING",
        (None, 12, "datum"): "2024-05-14",
        (None, 12, "bedrag"): "61,20",
        (None, 12, "naam"): "\u00d6MER YILMAZ",
        (None, 12, "iban"): "NL20INGB0001234567",
        (None, 12, "bic"): "INGBNL2A",
        (None, 12, "omschrijving"): "BSN 012345672 HbA1c",
        (None, 12, "kenmerk"): "NOTPROVIDED",
        (None, 12, "soort"): "SEPA OVERBOEKING",
        (None, 15, "datum"): "2024-05-14",
        (None, 15, "bedrag"): "-4120,00",
        (None, 15, "omschrijving"): "LOONHEFFING APRIL 2024",
    }


def gedcom_cells(_sample: Sample) -> dict[Cell, str]:
    """Hand-checked values of the GEDCOM sample (no GEDCOM library is at hand)."""
    return {
        (None, 6, "naam"): "Marieke Jansen-de Vries",
        (None, 6, "geboortedatum"): "1978-03-04",
        (None, 6, "adres"): "Dorpsstraat 12A",
        (None, 6, "postcode"): "1234 AB",
        (None, 6, "telefoon"): "0612345678",
        (None, 6, "bsn"): "123456782",
        (None, 6, "notitie"): "Index. hrHPV positief (HPV16), Pap 2",
        (None, 18, "naam"): "Ömer Yılmaz",
        (None, 18, "geboortedatum"): "ABT 1950",
        (None, 18, "idno"): "012345672",
    }


def typed_records_cells(sample: Sample) -> dict[Cell, str]:
    """Each record's cells read with the csv module, a table per record type (its first
    field): ``(record-TYPE, line, columnN)``; a line with one field is text."""
    cells: dict[Cell, str] = {}
    for number, line in enumerate(decoded(sample).splitlines(), 1):
        row = next(csv.reader([line], delimiter=";"), [])
        part = f"record-{row[0]}" if len(row) > 1 else None
        for i, value in enumerate(row):
            if value:
                cells[(part, number, f"column{i + 1}")] = value
    return cells


def spreadsheetml_cells(sample: Sample) -> dict[Cell, str]:
    """The data cells of each sheet under its first row of only strings, read with
    ElementTree (a row's or a cell's ``ss:Index`` placing it; a comment's text, less its
    author, under ``<header> (opmerking)``)."""
    import xml.etree.ElementTree as ET

    ns = "{urn:schemas-microsoft-com:office:spreadsheet}"
    cells: dict[Cell, str] = {}
    for sheet in ET.fromstring(sample.data).iter(f"{ns}Worksheet"):
        name = sheet.get(f"{ns}Name")
        header: list[str] | None = None
        number = 0
        for row in sheet.iter(f"{ns}Row"):
            number = int(row.get(f"{ns}Index") or number + 1)
            values: dict[int, tuple[str, str, str | None]] = {}
            col = 0
            for c in row.iter(f"{ns}Cell"):
                col = int(c.get(f"{ns}Index") or col + 1)
                data = c.find(f"{ns}Data")
                note = c.find(f"{ns}Comment")
                said = None if note is None else " ".join("".join(note.itertext()).split())
                if said is not None:
                    said = said.split(":", 1)[1].strip()
                if data is not None:
                    values[col] = (data.get(f"{ns}Type") or "", data.text or "", said)
                col += int(c.get(f"{ns}MergeAcross") or 0)
            if header is None:
                if len(values) > 1 and all(k == "String" for k, _, _ in values.values()):
                    header = [values[i][1] for i in sorted(values)]
                continue
            for i, (kind, text, said) in values.items():
                value = text.split("T")[0] if kind == "DateTime" else text
                cells[(name, number, header[i - 1])] = value
                if said:
                    cells[(name, number, f"{header[i - 1]} (opmerking)")] = said
    return cells


def dicom_dump_cells(sample: Sample) -> dict[Cell, str]:
    """Each image's elements with a value in brackets, by keyword (the last word after
    ``#``), under the line of its first element (one after ``# Dicom-File-Format``); a
    person name's components put in a letter's order."""
    cells: dict[Cell, str] = {}
    first = 0
    for number, line in enumerate(decoded(sample).split("\n"), 1):
        if line.startswith("# Dicom-File-Format"):
            first = 0
            continue
        if not line.lstrip().startswith("(") or "[" not in line:
            if line.startswith("(") and not first:
                first = number
            continue
        if not first:
            first = number
        shown, _, tail = line.rpartition("#")
        value = shown[shown.index("[") + 1 : shown.rindex("]")].strip()
        if line.lstrip()[12:14] == "PN":
            family, given, _middle, prefix = (value.split("^") + [""] * 4)[:4]
            value = " ".join(p for p in (prefix, given, family) if p)
        cells[(None, first, tail.split()[-1])] = value
    return cells


def pg_csvlog_cells(sample: Sample) -> dict[Cell, str]:
    """The log's records by the csv module, each under its documented column, ``row``
    the line its record starts on."""
    from breachscope.ingest.filetype import PG_CSVLOG_COLUMNS

    text = sample.data.decode()
    out: dict[Cell, str] = {}
    reader = csv.reader(io.StringIO(text, newline=""))
    line = 1
    for record in reader:
        for name, value in zip(PG_CSVLOG_COLUMNS, record, strict=True):
            if value:
                out[(None, line, name)] = value
        line = reader.line_num + 1
    return out


PG_COPY_NAMES = (
    *("id", "bsn", "voornaam", "achternaam", "geboortedatum"),
    *("Adres of telefoon", "actief", "saldo"),
)


def pg_copy_cells() -> dict[Cell, str]:
    """The binary COPY sample's rows as PostgreSQL's text output shows them, under the
    names of the ``COPY`` statement beside it (a ``bool`` as ``true``/``false``)."""
    cells: dict[Cell, str] = {}
    for number, row in enumerate(PG_COPY_ROWS, 1):
        for name, value in zip(PG_COPY_NAMES, row, strict=True):
            if value is None:
                continue
            text = (
                value.isoformat()
                if isinstance(value, dt.date)
                else ("true" if value else "false")
                if isinstance(value, bool)
                else str(value)
            )
            cells[(None, number, name)] = text
    return cells


def fixed_records_cells() -> dict[Cell, str]:
    """The insured person's fields of the Vektis-style sample, hand-placed: each ``02``
    line (3 lines a person) cut at its fields, positional names as cut (record type and
    number, BSN, insurer and member number, birth date, codes, family name, prefix,
    initials, postcode, house number, IBAN)."""
    cells: dict[Cell, str] = {}
    for i, (family, prefix, initials, born, postcode, account) in enumerate(VEKTIS_PEOPLE):
        line = 2 + 3 * i
        part = "record-02"
        cells[(part, line, "column2")] = elfproef_bsn(i + 11)
        cells[(part, line, "column4")] = born.replace("-", "")
        cells[(part, line, "column6")] = family.upper()
        if prefix:
            cells[(part, line, "column7")] = prefix.upper()
        cells[(part, line, "column8")] = initials
        cells[(part, line, "column9")] = postcode
        cells[(part, line, "column11")] = account
        for k in (1, 2):
            cells[("record-04", line + k, "column2")] = elfproef_bsn(i + 11)
            cells[("record-04", line + k, "column3")] = "20240912"
    return cells


TABLES = {
    "pg-csvlog": pg_csvlog_cells,
    "csv": csv_cells,
    "spreadsheet": xlsx_cells,
    "sql": sql_cells,
    "json": json_cells,
    "xml": xml_cells,
    "sqlite": sqlite_cells,
    "duckdb": duckdb_cells,
    "sqlite-wal": sqlite_wal_cells,
    "hl7": hl7_cells,
    "edifact": edifact_cells,
    "vcard": vcard_cells,
    "ics": ics_cells,
    "ldif": ldif_cells,
    "gedcom": gedcom_cells,
    "mt940": mt940_cells,
    "dbf": dbf_cells,
    "bcp": bcp_cells,
    "hl7xml": hl7xml_cells,
    "fods": fods_cells,
    "pdf-fields": pdf_fields_cells,
    "typed-records": typed_records_cells,
    "spreadsheetml": spreadsheetml_cells,
    "dicom-dump": dicom_dump_cells,
    "parquet": parquet_cells,
    "statdata": statdata_cells,
    "bson": bson_cells,
    "avro": avro_cells,
    "plist": plist_cells,
    "mork": lambda sample: dict(MORK_CELLS),
    "sylk": lambda sample: dict(SYLK_CELLS),
    "pg-copy": lambda sample: pg_copy_cells(),
    "lotus": lambda sample: dict(LOTUS_CELLS),
    "fixed-records": lambda sample: fixed_records_cells(),
    "svg": lambda sample: dict(SVG_CELLS),
    "turtle": lambda sample: dict(TURTLE_CELLS),
    "cypher": lambda sample: dict(CYPHER_CELLS),
    "line-protocol": lambda sample: dict(LINE_PROTOCOL_CELLS),
    "mysql-slow-log": lambda sample: dict(SLOW_LOG_CELLS),
    "edit-history": lambda sample: dict(EDIT_HISTORY_CELLS),
    "dicom": lambda sample: {(None, 1, k): str(v) for k, v in sample.info["cells"].items()},  # type: ignore[attr-defined]
    "php-session": lambda sample: {(None, 1, k): v for k, v in PHP_SESSION_CELLS.items()},
    "java-ser": lambda sample: dict(JAVA_SER_CELLS),
    "rdata": lambda sample: rds_cells(),
    "cbor": cbor_cells,
    "msgpack": msgpack_cells,
    "kafka-log": kafka_cells,
    "sequencefile": sequencefile_cells,
    "hive-text": hive_text_cells,
    "w3c-log": w3c_log_cells,
    "spark-eventlog": spark_eventlog_cells,
    "sqlldr": sqlldr_cells,
    "protobuf": lambda sample: dict(sample.info["cells"]),  # type: ignore[call-overload]
    "redis-rdb": redis_rdb_cells,
    "hdf5": hdf5_cells,
    "matlab": matlab_cells,
    "arrow-file": arrow_file_cells,
    "pickle": pickle_cells,
    "npy": npy_cells,
    "journal-export": lambda sample: dict(JOURNAL_CELLS),
    "leveldb-log": lambda sample: dict(LEVELDB_CELLS),
    "leveldb-table": lambda sample: leveldb_table_cells(),
    "lmdb": lambda sample: lmdb_cells(),
}


def image_metadata(sample: Sample) -> dict[str | None, str]:
    """The image's text chunks as Pillow reads them, a line ``keyword: text`` each (an
    ``iTXt``'s language and translated keyword in brackets after its keyword)."""
    from PIL import Image

    image = Image.open(io.BytesIO(sample.data))
    lines = []
    for key, value in getattr(image, "text", {}).items():
        label = ": ".join(p for p in (getattr(value, "lang", ""), getattr(value, "tkey", "")) if p)
        name = f"{key} ({label})" if label else key
        lines.append(f"{name}: {value.replace(chr(13) + chr(10), chr(10)).strip()}\n")
    return {"metadata": "".join(lines)} if lines else {}


TEXTS = {
    "lnk": lambda sample: {
        "shortcut": f"target: {LNK_PATH}\ndescription: Uitslag Jansen-de Vries\n"
        + "\n".join(f"target {n}: 2024-05-10T11:30:00" for n in ("made", "opened", "changed"))
    },
    "recycle-bin": lambda sample: {
        "deleted": f"original path: {RECYCLED}\ndeleted: 2024-05-10T11:30:00\nsize: 28412 bytes"
    },
    "text": text_text,
    "ebcdic": ebcdic_text,
    "asciicast": lambda sample: {
        "output": CAST_PLAYED,
        "input": CAST_TYPED,
    },
    "typedstream": lambda sample: {None: f"{TYPEDSTREAM_TEXT}\n{TYPEDSTREAM_KEY}"},
    "hprof": lambda sample: {"strings": str(sample.info["strings"])},
    "java-class": lambda sample: {k: str(v) for k, v in sample.info.items()},
    "pyc": lambda sample: {"strings": str(sample.info["strings"])},
    "vim-swap": lambda sample: {k: str(v) for k, v in sample.info.items()},
    "minidump": lambda sample: {k: str(v) for k, v in sample.info.items()},
    "audio-tags": lambda sample: {k: str(v) for k, v in sample.info.items()},
    "docx": docx_text,
    "email": eml_text,
    "msg": msg_text,
    "rtf": rtf_text,
    "html": html_text,
    "doc": doc_text,
    "odt": doc_text,
    "image": lambda sample: {None: str(sample.info["ocr"]), **image_metadata(sample)},
    "tnef": lambda sample: {"body": str(sample.info["body"])},
    "zpl": lambda sample: {k: str(v) for k, v in sample.info.items()},
    "epl": lambda sample: {k: str(v) for k, v in sample.info.items()},
    "postscript": lambda sample: {k: str(v) for k, v in sample.info.items()},
    "pcl": lambda sample: {k: str(v) for k, v in sample.info.items()},
    "reg": lambda sample: {k: str(v) for k, v in sample.info.items()},
    "wordml": lambda sample: {k: str(v) for k, v in sample.info.items()},
    "xps": lambda sample: {k: str(v) for k, v in sample.info.items()},
    "pptx": lambda sample: {k: str(v) for k, v in sample.info.items()},
    "alto": lambda sample: {k: str(v) for k, v in sample.info.items()},
    "ocr-tsv": lambda sample: {k: str(v) for k, v in sample.info.items()},
}
"""Text oracles that reproduce the unit text exactly (PDF is checked value by value)."""


def git_children() -> dict[str, bytes]:
    """The pack's files: the README once (both commits hold it), the two versions of the
    test export by their path and their blob's short SHA-1, computed here with hashlib."""
    import hashlib

    def short(data: bytes) -> str:
        return hashlib.sha1(b"blob %d\x00" % len(data) + data).hexdigest()[:7]

    return {
        "README.md": GIT_README,
        f"testdata\u2215patienten@{short(GIT_PATIENTS)}.csv": GIT_PATIENTS,
        f"testdata\u2215patienten@{short(GIT_PATIENTS_2)}.csv": GIT_PATIENTS_2,
    }


CHILDREN = {
    "emlx": lambda sample: {"48211.eml": EMLX_MESSAGE},
    "cms": lambda sample: {"lijst.csv": WRAPPED_CSV},
    "openpgp": lambda sample: {"uitslagen.csv": WRAPPED_CSV},
    "fiddler-saz": lambda sample: {
        "1-request-zoek.json": TRACE_REQUEST,
        "1-response-zoek.json": TRACE_ANSWER,
    },
    "chrome-blockfile": lambda sample: {"42.json": CACHE_BODY},
    "curl-trace": lambda sample: {
        "1-request-zoek.json": TRACE_REQUEST,
        "1-response-zoek.json": TRACE_ANSWER,
    },
    "chrome-cache": lambda sample: {"uitslagen.json": CACHE_BODY},
    "sentry-envelope": lambda sample: {
        "request_body.txt.json": json.dumps(
            {
                "achternaam": "Y\u0131lmaz",
                "voornaam": "\u00d6mer",
                "bsn": BSN[1],
                "adres": "Dorpsstraat 12A",
            },
            ensure_ascii=False,
            indent=1,
        ).encode()
    },
    "mozlz4": lambda sample: {"recovery.json": SESSION_JSON},
    "brotli": lambda sample: {"openstaand.json": PORTAL_ANSWER},
    "lz4": lambda sample: {"terugbelronde_20240512.csv": CALL_ROUND_CSV},
    "snappy": lambda sample: {"application_1715400000000_0042": spark_eventlog_sample().data},
    "uuencode": lambda sample: {"UITSL.TXT": CALL_ROUND_CSV},
    "mysql-binlog": lambda sample: {"binlog.000217.sql": binlog_sql(sample)},
    "pg-dump": lambda sample: {"public.patient.sql": f"{PG_CREATE}\n{PG_COPY}\n{PG_ROWS}".encode()},
    "pcap": lambda sample: dict(PCAP_STREAMS),
    "warc": lambda sample: {
        "record3-patienten.html": WARC_PAGE,
        f"record4-{BSN[2]}.json": WARC_JSON,
    },
    "git": lambda sample: git_children(),
    "hg": lambda sample: {
        "testdata\u2215patienten@r0.csv": GIT_PATIENTS,
        "testdata\u2215patienten@r1.csv": GIT_PATIENTS_2,
    },
}
"""Oracles of extractors whose output is files of their own: each child's name and
bytes."""
