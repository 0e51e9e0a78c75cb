"""Legacy Word (.doc): stories from the piece table, fields, tables, bad input."""

from __future__ import annotations

import io
import struct
from pathlib import Path

import pytest

from breachscope.config import Config
from breachscope.extract.base import Extracted, ExtractError, Source
from breachscope.extract.doc import DocExtractor, _shown, doc_stories

from .rows import text_parts as parts
from .samples import doc_sample

pytestmark = pytest.mark.timeout(60)
FIXTURE = Path(__file__).parent / "fixtures" / "libreoffice_letter.doc"
"""A synthetic letter (with a page header and a table) that LibreOffice 7.4 wrote as
Word 97-2003: a real writer's layout, not this project's."""


def extract(data: bytes) -> list[Extracted]:
    source = Source("b.doc", "doc", len(data), lambda: io.BytesIO(data))
    return list(DocExtractor().extract(source, Config()))


def test_a_letter_written_by_libreoffice() -> None:
    assert parts(extract(FIXTURE.read_bytes())) == {
        "body": "Geachte mevrouw Jansen,\nNaam patiënt\tMevr. M. Jansen-Bakker\t\n"
        "Geboortedatum\t04-05-1980\t\nUw uitslag: hrHPV positief, genotype 16. Café Ωmega ",
        "headers": "Betreft: mevr. A. de Vries, geb. 12-03-1971",
    }


@pytest.mark.parametrize(
    ("chars", "shown"),
    [
        ('a\x13 HYPERLINK "x" \x14b\x15c', "abc"),  # the result of a field, not its code
        ("a\x13 PAGE \x15b", "ab"),  # a field without a result
        ("a\x13 IF \x13 REF x \x14y\x15 \x14z\x15b", "azb"),  # nested fields
        ("x\x07y\x07\x07z\r", "x\ty\t\nz"),  # cells, a row's end
        ("a\x01b\x02c\x08d\x1fe\x1ef\x0bg", "abcde-f\ng"),  # marks left out
    ],
)
def test_shown(chars: str, shown: str) -> None:
    assert _shown(chars) == shown


def _word(flags: int = 0, cb: int = 93) -> bytes:
    word = bytearray(0x400)
    struct.pack_into("<HHxxxxxxH", word, 0, 0xA5EC, 0xC1, flags)
    struct.pack_into("<H", word, 0x20, 14)
    struct.pack_into("<H", word, 0x3E, 22)
    struct.pack_into("<H", word, 0x3E + 2 + 88, cb)
    return bytes(word)


def test_encrypted_document_fails_with_the_reason() -> None:
    with pytest.raises(ExtractError, match="encrypted"):
        doc_stories(_word(flags=0x0100), b"")


def test_word_95_fails_as_not_supported() -> None:
    with pytest.raises(ExtractError, match="older version"):
        doc_stories(_word(cb=20), b"")


def test_a_missing_piece_table_fails_with_a_reason() -> None:
    with pytest.raises(ExtractError, match="no piece table"):
        doc_stories(_word(), None)


def test_the_sample_reads_back() -> None:
    sample = doc_sample()
    assert parts(extract(sample.data)) == sample.info


def test_pieces_longer_than_the_document_fail() -> None:
    """A hostile piece table that reads the stream again and again (CPs up and down)."""
    word = bytearray(_word())
    n = 1000
    cps = [0 if k % 2 == 0 else 1000 for k in range(n + 1)]
    plc = struct.pack(f"<{n + 1}I", *cps) + struct.pack("<HIH", 0, 0x40000000, 0) * n
    clx = b"\x02" + struct.pack("<I", len(plc)) + plc
    struct.pack_into("<II", word, 0x3E + 2 + 88 + 2 + 8 * 33, 0, len(clx))
    struct.pack_into("<i", word, 0x3E + 2 + 12, 10)  # ccpText
    with pytest.raises(ExtractError, match="longer than the document"):
        doc_stories(bytes(word), clx)
