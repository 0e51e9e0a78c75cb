"""MySQL slow query logs: each entry's conditions and assignments a record by table, the
literals blanked in the text; strings unescaped; what is no slow log fails."""

from __future__ import annotations

import io
import random

import pytest

from breachscope.config import Config
from breachscope.extract.base import Extracted, ExtractError, Source
from breachscope.extract.slowlog import SlowLogExtractor, conditions, mysql_string
from breachscope.extract.units import TextUnit
from breachscope.ingest.filetype import FileType, sniff_bytes

from .rows import rows_by_part
from .samples import BSN, SLOW_LOG_CELLS, SLOW_LOG_TEXT

pytestmark = pytest.mark.timeout(60)


def extract(data: bytes) -> list[Extracted]:
    source = Source("mysql/slow.log", "mysql-slow-log", len(data), lambda: io.BytesIO(data))
    return list(SlowLogExtractor().extract(source, Config()))


def test_a_slow_log_reads_its_statements_values_under_their_columns() -> None:
    assert sniff_bytes(SLOW_LOG_TEXT.encode(), "mysql-slow.log") is FileType.MYSQL_SLOW_LOG
    items = extract(SLOW_LOG_TEXT.encode())
    parts = rows_by_part(items)
    for (part, row, column), value in SLOW_LOG_CELLS.items():
        assert parts[part][row][column] == value
    assert "notitie" not in parts["lims.patient"][13]  # (in a comment: text)
    text = "".join(u.text for u in items if isinstance(u, TextUnit))
    assert len(text) == len(SLOW_LOG_TEXT)
    assert "Jansen" not in text and "0612345678" not in text and BSN[1] not in text
    assert "terugbelactie: notitie = 'x'" in text and "SET timestamp=1715500344;" in text


def test_conditions_keep_to_the_statement() -> None:
    table, record, spans = conditions(
        "DELETE FROM uitslag WHERE labnr <> 'C24-1' AND x = y AND naam = 'a' OR naam != \"b\""
        " AND omschrijving = 'bsn = 123' AND leeftijd = -4.5 AND code NOT LIKE '%16%'"
    )
    assert table == "uitslag"
    assert record == {
        "labnr": "C24-1", "naam": "a", "naam (2)": "b", "omschrijving": "bsn = 123",
        "leeftijd": "-4.5", "code": "16",
    }  # fmt: skip
    assert len(spans) == 6
    assert mysql_string("'a\\'b''c\\\\d\\n\\%'") == "a'b'c\\d\n%"


def test_an_entry_without_time_and_a_restart_banner() -> None:
    text = (
        "# User@Host: app[app] @ localhost []\n# Query_time: 2.0\n"
        "SELECT * FROM client WHERE naam = 'Smit';\n"
        "/usr/sbin/mysqld, Version: 8.0.36. started with:\nTcp port: 3306\n"
        "Time                 Id Command    Argument\n"
        "# User@Host: app[app] @ localhost []\n# Query_time: 3.0\n"
        "SELECT * FROM client WHERE naam = 'Visser';\n"
    )
    parts = rows_by_part(extract(text.encode()))
    assert parts["client"] == {3: {"naam": "Smit"}, 9: {"naam": "Visser"}}


def test_not_a_slow_log() -> None:
    for data in (b"SELECT 1;\n", random.Random(9).randbytes(4096), b"\0" * 4096):
        with pytest.raises(ExtractError):
            extract(data)
    assert sniff_bytes(b"# Time: vandaag\nJansen belde\n", "x.txt") is not FileType.MYSQL_SLOW_LOG
