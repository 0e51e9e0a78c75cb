"""SVG drawings: texts a line each, ``data-*`` attributes as records, RDF metadata; a
file that declares an entity read as text; what is not an SVG fails."""

from __future__ import annotations

import io
import random

import pytest

from breachscope.config import Config
from breachscope.extract.base import Extracted, ExtractError, Note, Source
from breachscope.extract.svg import SvgExtractor
from breachscope.extract.units import TextUnit
from breachscope.ingest.filetype import FileType, sniff_bytes

from .rows import rows_by_part
from .samples import BSN, SVG_TEXT

pytestmark = pytest.mark.timeout(60)


def extract(data: bytes) -> list[Extracted]:
    source = Source("export/grafiek.svg", "svg", len(data), lambda: io.BytesIO(data))
    return list(SvgExtractor().extract(source, Config()))


def text_of(items: list[Extracted]) -> str:
    return "".join(u.text for u in items if isinstance(u, TextUnit) and u.location.part == "text")


def test_a_dashboards_chart_reads_its_tooltips_markers_and_metadata() -> None:
    items = extract(SVG_TEXT.encode())
    assert text_of(items) == (
        "Terugbelmonitor week 19\n"
        "De Esch: 1 open - Jansen-de Vries, M. (04-03-1978)\n"
        "M. Jansen-de Vries, tel 0612345678, 1234 AB\n"
        "\u00d6mer Y\u0131lmaz\n"
        "Dorpsstraat 12A\n"
    )
    parts = rows_by_part(items)
    assert parts["data"][1]["bsn"] == BSN[0]
    assert parts["data"][1]["praktijk"] == "De Esch"
    assert parts["data"][2] == {
        "bsn": BSN[1],
        "naam": "J.P. van der Berg",
        "title": "\u00d6mer Y\u0131lmaz",
    }
    assert parts["metadata"][1]["Description.@creator"] == "R. Jansen"


def test_inkscapes_pieces_of_text_labels_and_markers_of_several_people() -> None:
    data = (
        b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
        b' xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
        b' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:cc="http://creativecommons.org/ns#">'
        b"<metadata><rdf:RDF><cc:Work rdf:about=''><dc:title>Lijst</dc:title><dc:creator>"
        b"<cc:Agent><dc:title>M. de Vries</dc:title></cc:Agent></dc:creator>"
        b"<dc:creator>P. Smit</dc:creator></cc:Work></rdf:RDF></metadata>"
        b'<text x="1" y="2"><tspan x="1" y="2">Naam: Bakker, A.</tspan>'
        b'<tspan x="1" y="12">BSN:   111222333</tspan></text>'
        b'<a xlink:title="Dossier Bakker"><path d="M 0 0" aria-label="punt Bakker"/></a>'
        b'<g data-reeks="open"><circle data-bsn="123456782"/><circle data-bsn="111222333"/></g>'
        b"<script>var p = {naam: 'Bakker'};</script>"
        b"</svg>"
    )
    items = extract(data)
    assert text_of(items) == (
        "Naam: Bakker, A.\nBSN: 111222333\nDossier Bakker\npunt Bakker\nvar p = {naam: 'Bakker'};\n"
    )
    parts = rows_by_part(items)
    assert parts["data"] == {1: {"reeks": "open"}, 2: {"bsn": "123456782"}, 3: {"bsn": "111222333"}}
    assert parts["metadata"][1] == {
        "Work.title": "Lijst",
        "Work.creator.Agent.title": "M. de Vries",
        "Work.creator": "P. Smit",
    }


def test_sniffed_with_and_without_a_prolog() -> None:
    assert sniff_bytes(SVG_TEXT.encode(), "x.svg") is FileType.SVG
    doctype = (
        b'<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
        b'"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n<svg><title>x</title></svg>'
    )
    assert sniff_bytes(doctype, "x") is FileType.SVG
    assert sniff_bytes(b"<root><svg/></root>", "x") is FileType.XML


def test_an_entity_is_refused_and_the_file_read_as_text() -> None:
    data = (
        b'<?xml version="1.0"?>\n<!DOCTYPE svg [ <!ENTITY ns_svg "http://www.w3.org/2000/svg"> ]>'
        b"\n<svg><title>Jansen 123456782</title></svg>\n"
    )
    items = extract(data)
    assert any(isinstance(i, Note) and "entity" in i.reason for i in items)
    assert "Jansen 123456782" in "".join(u.text for u in items if isinstance(u, TextUnit))


def test_cut_short_kept_and_foreign_input_fails() -> None:
    cut = SVG_TEXT.encode()[: SVG_TEXT.index("<text")]
    items = extract(cut)
    assert any(isinstance(i, Note) for i in items)
    assert rows_by_part(items)["data"][2]["bsn"] == BSN[1]
    for data in (b"<root><a/></root>", random.Random(5).randbytes(4096), b"\0" * 4096):
        with pytest.raises(ExtractError):
            extract(data)


def test_an_unknown_encoding_is_read_as_text() -> None:
    data = (
        b'<?xml version="1.0" encoding="x-onbekend"?>\n<svg><title>Jansen 123456782</title></svg>\n'
    )
    items = extract(data)
    assert any(isinstance(i, Note) and "encoding" in i.reason for i in items)
    assert "Jansen 123456782" in "".join(u.text for u in items if isinstance(u, TextUnit))
