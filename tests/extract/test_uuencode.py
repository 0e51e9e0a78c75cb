"""Encoded files: uuencode (lines written by ``binascii.b2a_uu``, GNU sharutils' style),
xxencode (written here by its alphabet) and ``begin-base64`` (``binascii.b2a_base64``),
after a plain header, several in one file; each a child file by its name, the text around
them a text part; damaged lines, a missing end and hostile names."""

from __future__ import annotations

import binascii
import io
import random

import pytest

from breachscope.config import Config
from breachscope.extract.base import ChildFile, Extracted, ExtractError, Note, SkipFile, Source
from breachscope.extract.units import TextUnit
from breachscope.extract.uuencode import UuencodeExtractor, file_name
from breachscope.ingest.filetype import FileType, sniff_bytes
from breachscope.ingest.uulines import XX, uu_line

pytestmark = pytest.mark.timeout(60)

PATH = "integratie/legacy-edi/uitgaand/2024-05-10/HA01081342_UITSL.UUE"
HEADER = b"Van: EDI-PTS-026\r\nAan: HA01081342\r\nDatum: 10-05-2024 16:40\r\n\r\n"
CSV = (
    "naam;geboortedatum;bsn;postcode;uitslag\r\n"
    "Bakker-Öztürk, A.;03-02-1961;111222333;3581 AB;hrHPV positief, Pap 2\r\n"
    "de Graaf, P.;14-11-1990;123456782;1234 AB;hrHPV negatief\r\n"
).encode()


def uuencode(data: bytes, name: str = "UITSL.TXT", eol: bytes = b"\n") -> bytes:
    """uuencode's lines: 45 bytes a line, a backquote for the empty last line."""
    lines = [binascii.b2a_uu(data[i : i + 45], backtick=True) for i in range(0, len(data), 45)]
    body = b"".join(line.rstrip(b"\n") + eol for line in lines)
    return b"begin 644 " + name.encode() + eol + body + b"`" + eol + b"end" + eol


def xxencode(data: bytes, name: str) -> bytes:
    """xxencode's lines: uuencode's, each character ``chr(32 + n)`` written as XX[n]."""
    table = bytes.maketrans(bytes(range(32, 97)), XX + XX[:1])
    lines = [binascii.b2a_uu(data[i : i + 45]) for i in range(0, len(data), 45)]
    body = b"".join(line.rstrip(b"\n").translate(table) + b"\n" for line in lines)
    return b"begin 644 " + name.encode() + b"\n" + body + b"+\nend\n"


def base64(data: bytes, name: str) -> bytes:
    lines = [binascii.b2a_base64(data[i : i + 57]) for i in range(0, len(data), 57)]
    return b"begin-base64 644 " + name.encode() + b"\n" + b"".join(lines) + b"====\n"


def extract(data: bytes, config: Config | None = None) -> list[Extracted]:
    source = Source(PATH, "uuencode", len(data), lambda: io.BytesIO(data))
    return list(UuencodeExtractor().extract(source, config or Config()))


def texts(items: list[Extracted]) -> str:
    return "".join(i.text for i in items if isinstance(i, TextUnit))


def test_a_header_and_a_uuencoded_file() -> None:
    file = HEADER + uuencode(CSV, eol=b"\r\n")
    assert sniff_bytes(file, "HA01081342_UITSL.UUE") is FileType.UUENCODE
    items = extract(file)
    assert items[0] == ChildFile("UITSL.TXT", CSV)
    assert texts(items) == HEADER.decode()
    unit = items[1]
    assert isinstance(unit, TextUnit) and unit.location.part == "text"
    start = unit.text.index("HA01081342")
    assert unit.span(start, start + 10).start == start
    assert sniff_bytes(CSV, "UITSL.TXT") is FileType.CSV


def test_several_files_in_three_encodings_and_text_between() -> None:
    pdf = b"%PDF-1.4\n" + random.Random(3).randbytes(500)
    file = (
        uuencode(CSV, "C:\\uit\\UITSL.TXT")
        + b"-- tweede bestand --\n"
        + xxencode(pdf, "../../brief.pdf")
        + base64(CSV, "UITSL.TXT")
        + b"einde\n"
    )
    assert sniff_bytes(file, "x.uue") is FileType.UUENCODE
    items = extract(file)
    children = [i for i in items if isinstance(i, ChildFile)]
    assert children == [
        ChildFile("UITSL.TXT", CSV),
        ChildFile("brief.pdf", pdf),
        ChildFile("UITSL.2.TXT", CSV),
    ]
    assert texts(items) == "-- tweede bestand --\neinde\n"
    assert not any(isinstance(i, Note) for i in items)


@pytest.mark.parametrize("size", [0, 1, 44, 45, 46, 90, 1000])
def test_every_length_decodes(size: int) -> None:
    data = random.Random(size).randbytes(size)
    for file in (uuencode(data, "a.bin"), xxencode(data, "a.bin"), base64(data, "a.bin")):
        assert extract(file)[0] == ChildFile("a.bin", data)


def test_lines_whose_trailing_spaces_were_lost_and_padding_past_the_length() -> None:
    """A line ending in encoded zeros (spaces) stripped in transit; a line carrying
    characters past its length, as some encoders write."""
    data = b"AB" + b"\x00" * 43
    line = binascii.b2a_uu(data).rstrip(b"\n")
    assert line.endswith(b" ")
    assert uu_line(line.rstrip()) == data
    assert uu_line(b"#86)C``") == b"abc"


def test_a_damaged_line_ends_the_reading_with_a_note() -> None:
    lines = uuencode(CSV).split(b"\n")
    lines[2] = b"M" + b"a" * 60  # (lower case: no uuencode)
    items = extract(HEADER + b"\n".join(lines))
    assert isinstance(items[0], ChildFile) and CSV.startswith(items[0].data) and items[0].data
    assert isinstance(items[-1], Note) and "line 2 of an encoded file" in items[-1].reason


def test_a_file_without_its_end_keeps_what_came_with_a_note() -> None:
    file = uuencode(CSV)[: -len(b"`\nend\n")]
    items = extract(file)
    assert items[0] == ChildFile("UITSL.TXT", CSV)
    assert isinstance(items[-1], Note) and "without its end line" in items[-1].reason


@pytest.mark.parametrize(
    ("given", "name"),
    [(b"UITSL.TXT", "UITSL.TXT"), (b"/etc/passwd", "passwd"), (b"..", "encoded"),
     (b"a\\b\\..\\c.txt", "c.txt"), (b"naam met spaties.csv", "naam met spaties.csv")],
)  # fmt: skip
def test_names_never_lead_outside(given: bytes, name: str) -> None:
    assert file_name(given, set()) == name


def test_sniffing_needs_a_begin_line_and_a_line_that_decodes() -> None:
    assert sniff_bytes(b"begin 644 x.txt\nthis is no uuencode at all\nend\n") is FileType.TEXT
    assert sniff_bytes(b"We begin 644 times.\n") is FileType.TEXT
    assert sniff_bytes(b"Subject: x\nFrom: a@b.example\n\n" + uuencode(CSV)) is FileType.EML
    far = b"regel\n" * 2000 + uuencode(CSV)
    assert sniff_bytes(far) is not FileType.UUENCODE


@pytest.mark.parametrize(
    "data", [b"no begin line\n", b"\x00" * 4096, random.Random(1).randbytes(4096)]
)
def test_no_encoded_file_is_an_error(data: bytes) -> None:
    with pytest.raises((ExtractError, SkipFile)):
        extract(data)


def test_a_file_past_batch_bytes_is_refused() -> None:
    with pytest.raises(ExtractError, match="larger than"):
        extract(uuencode(CSV * 100), Config(batch_bytes=1000))


def test_random_damage_ends_in_a_signal_or_a_note() -> None:
    file = HEADER + uuencode(CSV) + base64(CSV, "b.csv")
    rng = random.Random(9)
    for _ in range(300):
        damaged = bytearray(file)
        for _ in range(rng.randrange(1, 5)):
            damaged[rng.randrange(len(damaged))] = rng.randrange(256)
        try:
            items = extract(bytes(damaged))
        except (ExtractError, SkipFile) as exc:
            assert str(exc)
            continue
        assert all(isinstance(i, ChildFile | Note | TextUnit) for i in items)


def test_an_empty_file_is_skipped() -> None:
    with pytest.raises(SkipFile):
        extract(b"")
