"""Print jobs in PostScript and PCL: each page's text laid out as lines."""

from __future__ import annotations

import io

import pytest

from breachscope.extract.pcl import job_text
from breachscope.extract.placedtext import PlacedText
from breachscope.extract.postscript import page_texts
from breachscope.ingest.filetype import FileType, sniff

from .samples import pcl_sample, postscript_sample


def test_pieces_on_a_line_join_and_moves_set_values_apart() -> None:
    placed = PlacedText()
    placed.move(700)
    placed.add("Naam:")
    placed.move(700.5)  # (the same baseline, within the tolerance)
    placed.add("Denise ")
    placed.add("Dijkstra")
    placed.move(686)
    placed.add("BSN:")
    placed.page()
    assert placed.pages == ["Naam:\tDenise Dijkstra\nBSN:"]


def test_a_procedures_strings_and_the_printing_user_are_no_text() -> None:
    pages, title = page_texts(postscript_sample().data)
    assert title == "uitslag_Jansen.pdf"
    assert not any("fout in taak" in p or "Tromp" in p for p in pages)


def test_a_pcl_font_headers_data_bytes_are_passed_over() -> None:
    pages, pjl = job_text(pcl_sample().data)
    assert "\x01" not in "".join(pages) and pjl[0] == '@PJL JOB NAME="uitslagbrieven"'
    data = pcl_sample().data
    cut = data[: data.index(b"\x0c") + 12]  # (a job cut short: the pages before it kept)
    assert job_text(cut)[0][0] == job_text(data)[0][0]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (postscript_sample().data, FileType.POSTSCRIPT),
        (b"\x04%!PS-Adobe-3.0\n", FileType.POSTSCRIPT),
        (pcl_sample().data, FileType.PCL),
        (b"\x1bE\x1b&l26A text", FileType.PCL),
        (b"\x1b%-12345X@PJL JOB\r\n@PJL ENTER LANGUAGE=POSTSCRIPT\r\n%!PS\n", None),
        (b"\x1b[0;31mred text\x1b[0m\n", None),  # (a terminal's colours: no PCL)
    ],
)
def test_sniffing(data: bytes, expected: FileType | None) -> None:
    found = sniff(io.BytesIO(data), "job.prn")
    if expected is None:
        assert found not in (FileType.PCL, FileType.POSTSCRIPT)
    else:
        assert found is expected
