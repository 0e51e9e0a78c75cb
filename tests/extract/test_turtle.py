"""RDF in Turtle and N-Triples: a record per subject in a part per type, blank nodes
flattened to their predicates' path, escapes unescaped; damage ends the reading with a
note; what holds no triple is read as text."""

from __future__ import annotations

import io
import random

import pytest

from breachscope.config import Config
from breachscope.extract.base import Extracted, Note, Source
from breachscope.extract.turtle import TurtleError, TurtleExtractor, local_name, tokens, unescape
from breachscope.extract.units import TableUnit, TextUnit
from breachscope.ingest.filetype import FileType, sniff_bytes

from .rows import rows_by_part
from .samples import TURTLE_CELLS, TURTLE_TEXT

pytestmark = pytest.mark.timeout(60)


def extract(data: bytes) -> list[Extracted]:
    source = Source("export/data.ttl", "turtle", len(data), lambda: io.BytesIO(data))
    return list(TurtleExtractor().extract(source, Config()))


def test_a_fhir_export_reads_a_record_per_resource() -> None:
    parts = rows_by_part(extract(TURTLE_TEXT.encode()))
    for (part, row, column), value in TURTLE_CELLS.items():
        assert parts[part][row][column] == value


def test_n_triples_and_n_quads_lines_a_subject_one_record() -> None:
    data = (
        b"# export\n"
        b'<http://x/p/1> <http://x/def#naam> "Bakker, A."'
        b" <http://x/graph> .\n"
        b'<http://x/p/2> <http://x/def#naam> "Smit" .\n'
        b'<http://x/p/1> <http://x/def#bsn> "111222333"'
        b"^^<http://www.w3.org/2001/XMLSchema#string> .\n"
        b"<http://x/p/1> <http://x/def#adres> _:b0 .\n"
        b'_:b0 <http://x/def#straat> "Kerkstraat 1" .\n'
        b"_:b0 <http://x/def#terug> _:b0 .\n"
    )
    assert sniff_bytes(data, "x.nt") is FileType.TURTLE
    parts = rows_by_part(extract(data))
    assert parts[None] == {
        2: {"subject": "http://x/p/1", "naam": "Bakker, A.", "bsn": "111222333",
            "adres.straat": "Kerkstraat 1"},
        3: {"subject": "http://x/p/2", "naam": "Smit"},
    }  # fmt: skip


def test_collections_blank_subjects_base_and_literals() -> None:
    data = (
        b"@base <http://lab.example/> .\n"
        b"@prefix : <http://lab.example/def#> .\n"
        b"<p/1> :namen ( \"Visser\" 'de Wit' ) ; :leeftijd 47 ; :actief true ; :score -1.5e3 .\n"
        b'[ :naam "Anoniem" ; :bsn "123456782" ] .\n'
        b"[] :naam 'Leeg' .\n"
        b":p\\-3 :naam '''drie\nregels'''@nl .\n"
    )
    parts = rows_by_part(extract(data))
    assert parts[None][3] == {
        "subject": "http://lab.example/p/1", "namen.li": "Visser", "namen.li (2)": "de Wit",
        "leeftijd": "47", "actief": "true", "score": "-1.5e3",
    }  # fmt: skip
    assert parts[None][4] == {"naam": "Anoniem", "bsn": "123456782"}
    assert parts[None][5] == {"naam": "Leeg"}
    assert parts[None][6] == {"subject": "http://lab.example/def#p-3", "naam": "drie\nregels"}


def test_a_damaged_statement_ends_the_reading_the_triples_before_kept() -> None:
    text = TURTLE_TEXT.replace("ex:bsn 111222333 .", "ex:bsn 111222333 ; ; ] .")
    items = extract(text.encode())
    assert any(isinstance(i, Note) and "line 21" in i.reason for i in items)
    assert rows_by_part(items)["Patient"][6]["Patient.birthDate"] == "1978-03-04"
    cut = extract(TURTLE_TEXT.encode()[: TURTLE_TEXT.index("_:a1 ex:")])
    assert rows_by_part(cut)["Patient"][6]["Patient.birthDate"] == "1978-03-04"


def test_no_triples_is_read_as_text_random_bytes_too() -> None:
    data = b"PREFIX x: <http://x/>\nSELECT ?naam WHERE { ?p x:naam 'Jansen' }\n"
    items = extract(data)
    assert any(isinstance(i, Note) for i in items)
    assert "Jansen" in "".join(i.text for i in items if isinstance(i, TextUnit))
    for junk in (random.Random(2).randbytes(4096), b"\0" * 4096):
        try:
            items = extract(junk)
        except Exception as exc:  # (the text reader's signals)
            assert str(exc)
        else:
            assert not any(isinstance(i, TableUnit) for i in items)


def test_escapes_names_and_tokens() -> None:
    assert unescape('Ren\\u00E9e \\U0001F600 \\t\\"') == 'Ren\u00e9e \U0001f600 \t"'
    assert unescape("\\UFFFFFFFF") == "\ufffd"
    assert local_name("http://hl7.org/fhir/Patient.name") == "Patient.name"
    assert local_name("http://x/def#bsn") == "bsn"
    with pytest.raises(TurtleError):
        list(tokens("<http://x/> \u0001"))


def test_sniffing_wants_a_directive_or_a_whole_triple() -> None:
    assert sniff_bytes(TURTLE_TEXT.encode(), "x.ttl") is FileType.TURTLE
    assert sniff_bytes(b"@prefix is een woord in deze tekst\n", "x.txt") is not FileType.TURTLE
    assert sniff_bytes(b"<p>Jansen</p> <b>x</b>\n", "x") is not FileType.TURTLE
