"""Neo4j Cypher exports: APOC's UNWIND batches a record per node in a part per label,
relationships with properties, patterns with maps and SET; values unescaped; damage
noted; what is no such script fails."""

from __future__ import annotations

import io
import random

import pytest

from breachscope.config import Config
from breachscope.extract.base import Extracted, ExtractError, Note, Source
from breachscope.extract.cypher import CypherExtractor
from breachscope.ingest.filetype import FileType, sniff_bytes

from .rows import rows_by_part
from .samples import CYPHER_CELLS, CYPHER_TEXT

pytestmark = pytest.mark.timeout(60)


def extract(data: bytes) -> list[Extracted]:
    source = Source("neo4j/all.cypher", "cypher", len(data), lambda: io.BytesIO(data))
    return list(CypherExtractor().extract(source, Config()))


def test_apocs_export_reads_a_record_per_node() -> None:
    assert sniff_bytes(CYPHER_TEXT.encode(), "x.cypher") is FileType.CYPHER
    parts = rows_by_part(extract(CYPHER_TEXT.encode()))
    for (part, row, column), value in CYPHER_CELLS.items():
        assert parts[part][row][column] == value
    assert len(parts["[:HEEFT_UITSLAG]"]) == 1  # (one without properties left out)


def test_the_plain_format_and_other_values() -> None:
    data = (
        b"CREATE (:Patient:`UNIQUE IMPORT LABEL` {naam:'Bakker', `UNIQUE IMPORT ID`:0,"
        b" geboren:datetime('1970-01-02T03:04:05Z'), plaats:point({x: 1.5, y: -2}),"
        b" actief:true, opmerking:null, nr:-12});\n"
        b"CREATE (:Uitslag:`UNIQUE IMPORT LABEL` {`UNIQUE IMPORT ID`:7});\n"
        b"MATCH (n1:`UNIQUE IMPORT LABEL`{`UNIQUE IMPORT ID`:0}),"
        b" (n2:`UNIQUE IMPORT LABEL`{`UNIQUE IMPORT ID`:7})"
        b" CREATE (n1)-[r:HEEFT {sinds: date({year: 2024, month: 5, day: 1})}]->(n2);\n"
        b'/* commentaar; met een puntkomma */ CREATE (p {naam: "Smit\\tA.", bsn: $bsn});\n'
    )
    assert sniff_bytes(data, "x.cypher") is FileType.CYPHER
    parts = rows_by_part(extract(data))
    assert parts["Patient"][1] == {
        "_id": "0", "naam": "Bakker", "geboren": "1970-01-02T03:04:05Z", "plaats.x": "1.5",
        "plaats.y": "-2", "actief": "true", "nr": "-12",
    }  # fmt: skip
    assert "Uitslag" not in parts
    assert parts["[:HEEFT]"][1] == {"sinds": "2024-05-01"}
    assert parts[None][1] == {"naam": "Smit\tA."}


def test_a_statement_that_does_not_parse_is_passed_over_and_a_bad_character_ends() -> None:
    bad = CYPHER_TEXT.replace("voornamen:['Ömer', 'Ali']", "voornamen:['Ömer' 'Ali']")
    items = extract(bad.encode())
    assert any(isinstance(i, Note) and "1 statements" in i.reason for i in items)
    assert rows_by_part(items)["Patient"][1]["bsn"] == "012345672"
    cut = CYPHER_TEXT.encode() + b"\nCREATE (p:X {a: 1}) \x01 ;"
    items = extract(cut)
    assert any(isinstance(i, Note) and "stopped" in i.reason for i in items)
    assert rows_by_part(items)["Patient"][1]["naam"] == "Jansen-de Vries"


def test_foreign_input_fails_and_is_not_sniffed() -> None:
    for data in (b"MATCH (n) RETURN n;", random.Random(4).randbytes(4096), b"\0" * 4096):
        with pytest.raises(ExtractError):
            extract(data)
    assert sniff_bytes(b"CREATE (een lijst) van namen\nJansen\n", "x.txt") is not FileType.CYPHER
    assert sniff_bytes(b"CREATE TABLE p (naam text);\n", "x.sql") is FileType.SQL
