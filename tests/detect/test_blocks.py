"""Free text read in blocks (``DetectorSet.texts_spans``) finds in each text exactly what
reading it alone does: detectors stop at the separators between the texts of a block.

The texts are a generated dump's letters, e-mails and logs, and pieces of them cut at any
point (the cut is where one text ends and the next begins in a block), so that every
context word, line start and window of a detector meets a boundary somewhere."""

from __future__ import annotations

import random
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from breachscope.config import Config
from breachscope.detect.base import TextMatch
from breachscope.detect.context import SEGMENT_SEP
from breachscope.detect.detectorset import BLOCK_CHARS, DetectorSet, Hit
from breachscope.detect.engine import detect_files, detect_units
from breachscope.extract.units import TextUnit
from breachscope.location import Location

from .helpers import dump_texts

CONFIG = Config(workers=1)


@pytest.fixture(scope="module")
def letters(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """The text units of a generated dump (PDF letters, e-mails, DOCX, logs)."""
    texts = dump_texts(tmp_path_factory.mktemp("blocks") / "s", 120, 4711, CONFIG)
    assert len(texts) >= 40
    return texts


def _alone(dset: DetectorSet, texts: list[str]) -> list[list[tuple[object, ...]]]:
    return [dset.spans(t) for t in texts]


def test_whole_texts_read_in_blocks_as_alone(dset: DetectorSet, letters: list[str]) -> None:
    expected = _alone(dset, letters)
    assert sum(map(len, expected)) >= 400
    assert dset.texts_spans(letters) == expected
    order = list(range(len(letters)))
    random.Random(3).shuffle(order)
    assert dset.texts_spans([letters[i] for i in order]) == [expected[i] for i in order]


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_texts_cut_anywhere_read_in_blocks_as_alone(
    dset: DetectorSet, letters: list[str], data: st.DataObject
) -> None:
    picked = data.draw(st.lists(st.sampled_from(letters), min_size=1, max_size=6))
    pieces: list[str] = []
    for text in picked:
        cuts = data.draw(st.lists(st.integers(0, len(text)), max_size=4, unique=True).map(sorted))
        bounds = [0, *cuts, len(text)]
        pieces.extend(text[a:b] for a, b in pairwise(bounds))
    assert dset.texts_spans(pieces) == _alone(dset, pieces)


BOUNDARIES = [
    # a cue word at the end of one text does not name the provider at the start of the next
    ("Volgens de aanvrager. Aanvrager:", " Dr. A. van de Bunt.\n\nBetreft mevrouw X"),
    ("Aanvrager\r\nHuisa", "rts Dr. I.D. Westerhof\r\nAGB-code 01015392\r\n"),
    # a name before a trailing cue starts where its text starts
    ("Aanvrager: Dr. C. te Sande.\r\n\r\nBetreft mevrouw ", "AJ Groen, geboren 21 juni 1981"),
    ("Betreft mevrouw ", "K. van Gogh, geboren 27-1-1977: de uitslag"),
    # an addressee line needs a line above it in its own text
    ("Rijswijk, 13 februari 2024\n", "M.B.L. van Leeuwen\nMauritsstraat 4\n1626CW  Hoorn\n"),
    ("Rijswijk, 1 juni 2023\nde Groot-de Jonge, M.J.\n", "Meidoornlaan 5\n2282 KL Rijswijk\n"),
    # an address block: the street line above a postcode belongs to the same text
    ("Patiënt: mevr. M Gijsbers\nOvertoom 5\n", "3322 LT Dordrecht\nBSN 111222333"),
    ("Adres: Eindhovenseweg 7, 1444 DR Purme", "rend\nTel 0612345678"),
    # a reversed name at the very end of a text
    ("Met vriendelijke groet,\n\nIJsselstein, J", "Date: Tue, 12 Mar 2024 15:57:00 +0200"),
    ("", "Mevr. J. de Vries, BSN 111222333"),
]


@pytest.mark.parametrize(("first", "second"), BOUNDARIES)
def test_boundaries_found_by_cutting_letters(dset: DetectorSet, first: str, second: str) -> None:
    texts = [first, second, first + second]
    assert dset.texts_spans(texts) == _alone(dset, texts)


def test_a_hit_across_two_texts_sends_the_block_back_to_reading_alone() -> None:
    """A hit that spans a separator (no detector gives one today) would belong to no
    single text: the block's texts are then read one by one."""
    dset = DetectorSet.build(CONFIG, enabled=["bsn"])
    real = dset.text_hits

    def across(text: str, known_plain: bool = False) -> list[Hit]:
        hits = real(text, known_plain)
        if SEGMENT_SEP in text:
            det = dset.detectors[0]
            hits.append(Hit(det, TextMatch(0, len(text), "x", "bsn", 1.0, "test")))
        return hits

    dset.text_hits = across  # type: ignore[method-assign]
    texts = ["BSN 111222333", "geen nummer", "BSN 123456782"]
    assert dset.texts_spans(texts) == [dset.spans(t) for t in texts]
    assert [len(s) for s in dset.texts_spans(texts)] == [1, 0, 1]


def test_texts_read_otherwise_than_written_are_read_in_blocks_as_alone(
    dset: DetectorSet, letters: list[str]
) -> None:
    """A quoted reply, an escape or a soft hyphen: read as seen within a block, each
    span mapped back to its own text as written."""
    read = [
        "> Mevr. A. Jansen\n> Populierenlaan 23\n> 5623 KB Eindhoven\n> BSN 733 108\n> 878",
        'INFO {"achternaam":"M\\u00fcller","bsn":"220269634"}',
        "Geachte mevrouw Cl&eacute;ment-van Dijk, geboren 15-05-1970",
        "Patiënt: Jan\u00adsen, P., BSN 123456782",
        "GET /api?naam=M%C3%BCller%2C+R.&bsn=220269634 HTTP/1.1",
    ]
    texts = [t for pair in zip(letters[:5], read, strict=True) for t in pair]
    spans = dset.texts_spans(texts)
    assert spans == _alone(dset, texts)
    assert all(spans[i] for i in range(1, len(texts), 2))


@pytest.mark.parametrize(
    ("wrapped", "value"),
    [
        ("Kerkstraat\n12 te Utrecht", "Kerkstraat"),
        ("bel 06-\n41234567", "+31641234567"),
        ("Kerkstraat 12, 3722\nGT Bilthoven", "3722GT"),
        ("mevrouw Johanna\nde Vries", "Johanna de Vries"),
    ],
)
def test_a_wrapped_lines_length_is_its_own_texts(
    dset: DetectorSet, wrapped: str, value: str
) -> None:
    """Values over two lines are joined only where the first line is long enough to have
    been wrapped: a short first line of a text stays short after a long last line of the
    text before it in a block."""
    texts = ["Geachte collega, hierbij de aanvraag voor het onderzoek van vandaag. Adres:", wrapped]
    spans = dset.texts_spans(texts)
    assert spans == _alone(dset, texts)
    assert value not in [s[3] for s in spans[1]]
    assert value in [s[3] for s in dset.spans(texts[0] + " " + wrapped)]  # (one long line)


def test_long_and_folding_texts_are_read_alone(dset: DetectorSet) -> None:
    long_text = "Patiënt: mevr. J. de Vries, BSN 111222333.\n" * (BLOCK_CHARS // 40)
    assert len(long_text) >= BLOCK_CHARS
    folding = "PATİËNT: mevr. J. de Vries, Pap 3a2, hrHPV positief"  # U+0130
    texts = ["BSN 123456782", long_text, folding, "Mevr. A. Jansen"]
    assert dset.texts_spans(texts) == _alone(dset, texts)


def test_detect_files_reads_the_text_of_all_files_together(
    dset: DetectorSet, letters: list[str]
) -> None:
    files = [
        [TextUnit(Location(f"mail{i}.eml", "body"), text), TextUnit(Location(f"mail{i}.eml"), "")]
        for i, text in enumerate(letters[:30])
    ]
    together = detect_files(files, CONFIG)
    for units, got in zip(files, together, strict=True):
        assert got.to_pylist() == detect_units(units, CONFIG).to_pylist()
        assert got.to_pylist() == [r for u in units for r in dset.detect(u).to_pylist()]


def test_the_separator_is_plain() -> None:
    """A block joins plain texts only (``texts_spans``), so it is plain when the separator
    is: ``text_hits`` is then told so instead of scanning the block again."""
    from breachscope.detect.rxtwin import plain

    assert plain(SEGMENT_SEP)
    assert plain(SEGMENT_SEP.join(["Mevr. Ané Jansen", "Geachte heer Öztürk"]))


def test_plain_text_is_never_wide() -> None:
    """A fast view's text is plain (latin-1 without a few characters), so it holds none
    of the characters beyond latin-1 that fold to ASCII: the view need not look."""
    from breachscope.detect.context import ASCII_FOLDS, TextView
    from breachscope.detect.rxtwin import plain

    assert all(ord(c) > 0xFF and not plain(c) for c in ASCII_FOLDS)
    assert not TextView("Ané Öztürk", fast=True).wide
    assert TextView("Kelvin \u212a").wide
