"""PowerPoint presentations: a part per slide, per slide's notes and per comment list;
runs joined into their paragraph, tables as tab-separated rows."""

from __future__ import annotations

import io

import pytest

from breachscope.config import Config
from breachscope.extract.base import Extracted, ExtractError, Source
from breachscope.extract.pptx import PptxExtractor
from breachscope.extract.units import TextUnit
from breachscope.ingest.filetype import FileType, sniff_bytes

from .samples import found_at, pptx, pptx_run, pptx_sample, pptx_shape

pytestmark = pytest.mark.timeout(60)


def parts(data: bytes) -> dict[str | None, str]:
    source = Source("mdo.pptx", "pptx", len(data), lambda: io.BytesIO(data))
    items: list[Extracted] = list(PptxExtractor().extract(source, Config()))
    return {u.location.part: u.text for u in items if isinstance(u, TextUnit)}


def test_the_type_is_pptx_not_zip() -> None:
    assert sniff_bytes(pptx_sample().data, "mdo.zip") == FileType.PPTX


def test_slides_in_number_order_then_notes_and_comments() -> None:
    comments = (
        '<p:cmLst xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main">'
        "<p:cm authorId='0'><p:text>Bel mw. Bakker terug</p:text></p:cm></p:cmLst>"
    )
    data = pptx(
        {
            "ppt/slides/slide10.xml": pptx_shape(pptx_run("tien")),
            "ppt/slides/slide2.xml": pptx_shape(pptx_run("twee")),
            "ppt/notesSlides/notesSlide2.xml": pptx_shape(pptx_run("notitie")),
            "ppt/comments/comment1.xml": comments,
        }
    )
    got = parts(data)
    assert list(got) == ["slide2", "slide10", "notes2", "comments1"]
    assert got["comments1"] == "Bel mw. Bakker terug"


def test_a_fallback_copy_is_not_read_twice() -> None:
    shape = pptx_shape(pptx_run("Mw. A. de Vries"))
    alternate = (
        '<mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility'
        f'/2006"><mc:Choice Requires="p14">{shape}</mc:Choice><mc:Fallback>{shape}'
        "</mc:Fallback></mc:AlternateContent>"
    )
    assert parts(pptx({"ppt/slides/slide1.xml": alternate})) == {"slide1": "Mw. A. de Vries"}


def test_entity_declarations_are_refused() -> None:
    bomb = '<!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>'
    with pytest.raises(ExtractError, match="DTD"):
        parts(pptx({"ppt/slides/slide1.xml": "x", "ppt/comments/comment1.xml": bomb}))


def test_a_bsn_split_over_runs_is_found_on_its_slide() -> None:
    data = pptx_sample().data
    source = Source("mdo.pptx", "pptx", len(data), lambda: io.BytesIO(data))
    config = Config(workers=1)
    units = [u for u in PptxExtractor().extract(source, config) if isinstance(u, TextUnit)]
    found = found_at(units)
    assert ("bsn", "123456782", "part=slide2&start=35&end=44") in found
    assert ("bsn", "111222333", "part=slide2&start=79&end=88") in found  # (its table)
    assert ("phone", "+31612345678", "part=notes2&start=5&end=15") in found
