"""Mainframe data sets in EBCDIC: fixed and variable records found without line ends,
each a line of text in its code page, packed decimals as their digits; nothing else that
is text or noise claimed as one."""

from __future__ import annotations

import io
import random
import zlib

import pytest

from breachscope.config import Config
from breachscope.extract.base import Extracted, ExtractError, Note, SkipFile, Source
from breachscope.extract.ebcdic import (
    EbcdicExtractor,
    code_page,
    fixed_length,
    packed_spans,
    packed_text,
)
from breachscope.extract.units import TextUnit
from breachscope.ingest.filetype import FileType, sniff_bytes

from .samples import packed

pytestmark = pytest.mark.timeout(60)

SURNAMES = ("JANSEN", "DE VRIES", "BAKKER", "VISSER", "SMIT", "MEIJER", "DE BOER", "MULDER")
STREETS = ("Dorpsstraat", "Kerkweg", "Markt", "Stationsplein", "Molenlaan", "Schoolstraat")
BSNS = ("123456782", "111222333", "012345672", "100000009")


def extract(data: bytes, config: Config | None = None) -> list[Extracted]:
    source = Source("ftp-inbox/BVO.UITSLAG.DAT", "ebcdic", len(data), lambda: io.BytesIO(data))
    return list(EbcdicExtractor().extract(source, config or Config()))


def text(items: list[Extracted]) -> str:
    return "".join(u.text for u in items if isinstance(u, TextUnit))


def notes(items: list[Extracted]) -> list[str]:
    return [n.reason for n in items if isinstance(n, Note)]


def record(rng: random.Random, lrecl: int, codec: str = "cp037", n: int = 0) -> bytes:
    """A screening record of ``lrecl`` bytes: a BSN in zoned digits, a birth date packed
    (``PIC 9(8) COMP-3``), a name, an address, an amount packed (``PIC S9(5) COMP-3``)."""
    bsn = BSNS[n % len(BSNS)].encode(codec)
    dob = packed(
        int(f"{rng.randint(1930, 2005)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"),
        5,
        signed=False,
    )
    name = f"{rng.choice(SURNAMES)}, {rng.choice('ABCDEFGHJKLMNP')}.".ljust(30).encode(codec)
    street = f"{rng.choice(STREETS)} {rng.randint(1, 200)}".ljust(24).encode(codec)
    amount = packed(rng.randint(-9999, 9999), 3)
    body = bsn + dob + name + street + amount
    return body + " ".encode(codec) * (lrecl - len(body))


def data_set(lrecl: int, count: int, codec: str = "cp037", seed: int = 3) -> bytes:
    rng = random.Random(seed)
    return b"".join(record(rng, lrecl, codec, n) for n in range(count))


def test_fixed_records_read_a_line_each_numbers_packed_and_zoned() -> None:
    first = (
        "123456782".encode("cp037") + packed(19780304, 5, signed=False)
        + "JANSEN-DE VRIES, M.".ljust(30).encode("cp037")
        + "Dorpsstraat 12A".ljust(24).encode("cp037") + packed(-1250, 3)
    )  # fmt: skip
    data = first.ljust(80, b"\x40") + data_set(80, 30)[80:]
    assert sniff_bytes(data, "BVO.UITSLAG.D240513.T0615.DAT") is FileType.EBCDIC
    items = extract(data)
    lines = text(items).splitlines()
    assert len(lines) == 30 and not notes(items)
    assert lines[0] == (
        "123456782  19780304  JANSEN-DE VRIES, M.           Dorpsstraat 12A           -01250"
    )
    assert lines[1].startswith("111222333 ")  # (zoned digits read as they are)
    assert lines[2].startswith("012345672 ")
    assert all(len(line.split()[1]) == 8 for line in lines)  # (the dates' pad zero dropped)


@pytest.mark.parametrize("lrecl", [80, 120, 133, 200, 250, 1000])
def test_the_record_length_is_found(lrecl: int) -> None:
    data = data_set(lrecl, max(12, 64 * 1024 // lrecl))
    assert fixed_length(data[: 64 * 1024], len(data)) == lrecl
    assert len(text(extract(data)).splitlines()) == len(data) // lrecl


def test_a_last_record_cut_short_is_read_and_noted() -> None:
    data = data_set(120, 20)[:-50]
    items = extract(data)
    lines = text(items).splitlines()
    assert len(lines) == 20 and lines[-1].startswith(BSNS[19 % 4])
    assert notes(items) == ["last record cut short: 70 of 120 bytes"]
    assert [n.location.row for n in items if isinstance(n, Note)] == [20]


def rdw(payload: bytes, counted: int = 4) -> bytes:
    return (len(payload) + counted).to_bytes(2, "big") + b"\0\0" + payload


@pytest.mark.parametrize("counted", [4, 0])
def test_variable_records_behind_descriptor_words(counted: int) -> None:
    """IBM counts the descriptor word in a record's length; some transfers count only the
    data: both chains are read."""
    rng = random.Random(5)
    records = [record(rng, 100, n=n)[: 60 + 7 * n].rstrip(b"\x40") for n in range(6)]
    data = b"".join(rdw(r, counted) for r in records)
    assert sniff_bytes(data) is FileType.EBCDIC
    items = extract(data)
    lines = text(items).splitlines()
    assert [line.split()[0] for line in lines] == [BSNS[n % 4] for n in range(6)]
    assert not notes(items)


def test_a_broken_descriptor_word_ends_the_reading_with_a_note() -> None:
    rng = random.Random(5)
    records = [record(rng, 100, n=n).rstrip(b"\x40") for n in range(6)]
    data = b"".join(rdw(r) for r in records)
    cut = sum(len(r) + 4 for r in records[:4])
    items = extract(data[:cut] + b"\x00\x10\x01\x01" + data[cut + 4 :])
    assert len(text(items).splitlines()) == 4
    assert notes(items) == [f"record descriptor word at byte {cut} broken: the rest not read"]


@pytest.mark.parametrize(
    ("codec", "page", "words"),
    [
        ("cp037", "cp1140", "DORPSSTRAAT 12A [OUD]"),
        ("cp1140", "cp1140", "EIGEN BIJDRAGE €12,50"),
        ("cp500", "cp1148", "DORPSSTRAAT 12A [OUD] [NIEUW]"),
        ("cp273", "cp1141", "MÜLLER, JÖRG GROßE STRAßE"),
    ],
)
def test_each_code_page_is_told_apart(codec: str, page: str, words: str) -> None:
    line = words.ljust(60).encode(codec)
    data = data_set(80, 8, codec) + line.ljust(80, b"\x40") * 4 + data_set(80, 8, codec, 9)
    assert code_page(data) == page
    assert words in text(extract(data))


def test_the_euro_page_of_500_is_read_with_its_euro() -> None:
    """1148 (500 with the euro at ``0x9F``) is no codec of Python's: 500's table, the euro
    put in."""
    line = "BIJDRAGE [EIGEN RISICO] ".encode("cp500") + b"\x9f" + "385".encode("cp500")
    data = data_set(80, 8, "cp500") + line.ljust(80, b"\x40") * 3
    assert "BIJDRAGE [EIGEN RISICO] €385" in text(extract(data))


def test_packed_numbers_by_their_rules() -> None:
    assert packed_text(bytes.fromhex("123456782F")) == "123456782"  # (a BSN: no pad)
    assert packed_text(bytes.fromhex("012345672F")) == "012345672"  # (its zero kept)
    assert packed_text(bytes.fromhex("019800101F")) == "19800101"  # (a date's pad)
    assert packed_text(bytes.fromhex("00125D")) == "-00125"
    record = "AB".encode("cp037") + bytes.fromhex("40012345672C") + "CD".encode("cp037")
    assert packed_spans(record) == [(3, 8)]  # (the space before it left to the text)
    assert packed_spans("abc<de".encode("cp037") + b"\x4c") == []  # (text: no control byte)


def test_a_packed_field_without_a_control_byte_is_read_in_fixed_records() -> None:
    """A value whose packed bytes happen all to be printable (``45 67 89 12 3C``) is read
    where the file's other records put a packed number in that field."""
    data = bytearray(data_set(80, 20))
    data[80 + 9 : 80 + 14] = bytes.fromhex("456789123C")
    lines = text(extract(bytes(data))).splitlines()
    assert lines[1].split()[1] == "456789123"


def test_a_large_data_set_is_read_in_windows() -> None:
    data = data_set(200, 12_000)
    items = extract(data, Config(max_text_unit_chars=100_000))
    units = [u for u in items if isinstance(u, TextUnit)]
    assert len(units) >= 10 and all(len(u.text) <= 100_000 for u in units)
    assert sum(u.text.count("\n") for u in units) == 12_000
    assert units[-1].first_line == 12_000 - units[-1].text.count("\n") + 1


def test_a_file_with_no_length_standing_out_is_read_as_one_record() -> None:
    words = "JANSEN PIETERSEN BAKKER VISSER SMIT MEIJER DE BOER MULDER".encode("cp037")
    rng = random.Random(2)
    data = b"\x40".join(rng.choice(words.split(b"\x40")) for _ in range(200))[:1500]
    assert sniff_bytes(data) is FileType.EBCDIC
    items = extract(data)
    assert len(text(items).splitlines()) == 1


def test_empty_random_and_text_are_no_data_set() -> None:
    with pytest.raises(SkipFile):
        extract(b"")
    with pytest.raises(ExtractError):
        extract(random.Random(1).randbytes(4096))
    with pytest.raises(ExtractError):
        extract(b"naam;bsn\nJansen;123456782\n" * 20)


DUTCH = "Mevrouw Jansen-de Vries, geboren 04-03-1978, Dorpsstraat 12A, 1234 AB Ede.\n" * 40


@pytest.mark.parametrize(
    "data",
    [
        random.Random(1).randbytes(65536),
        random.Random(2).randbytes(300),
        zlib.compress(DUTCH.encode() * 50),
        DUTCH.encode("utf-16"),
        DUTCH.encode("utf-16-le"),
        DUTCH.encode("cp1252"),
        DUTCH.replace("\n", "\r").upper().encode("cp1252"),
        DUTCH.upper().encode("utf-8"),
        "Москва, улица Ленина 12\n".encode("cp1251") * 40,
        "Москва, улица Ленина 12\n".encode() * 40,
        b"@" * 4096,
        b"\x00" * 4096,
        bytes(range(256)) * 16,
    ],
    ids=[
        "random",
        "random-small",
        "zlib",
        "utf-16",
        "utf-16-le",
        "cp1252",
        "cr-only",
        "utf-8",
        "cp1251",
        "utf-8-cyrillic",
        "ats",
        "nul",
        "all-bytes",
    ],
)
def test_other_bytes_are_not_claimed(data: bytes) -> None:
    assert sniff_bytes(data) is not FileType.EBCDIC


def test_a_data_set_in_each_code_page_is_sniffed() -> None:
    for codec in ("cp037", "cp500", "cp1140", "cp273"):
        assert sniff_bytes(data_set(120, 40, codec)) is FileType.EBCDIC, codec


def test_no_other_samples_file_is_claimed() -> None:
    """Every extractor's sample keeps its type: only the EBCDIC one is EBCDIC."""
    from .samples import SAMPLES

    for ident, build in SAMPLES.items():
        sample = build()
        sniffed = sniff_bytes(sample.data, sample.path)
        assert (sniffed is FileType.EBCDIC) == (ident == "ebcdic"), ident


@pytest.mark.parametrize("end", [b"\x15", b"\x25", b"\x0d\x25"])
def test_lines_ended_by_an_ebcdic_line_end(end: bytes) -> None:
    """A report sent as stored: lines of their own lengths, ended by EBCDIC's new line
    or line feed; an empty line is a line."""
    lines = [
        "UITSLAGENLIJST BVO BMHK  13-05-2024",
        "",
        "123456782  JANSEN-DE VRIES, M.  04-03-1978  DORPSSTRAAT 12A  1234 AB EDE",
        "111222333  VAN DER BERG, J.P.  30-11-1985  KERKWEG 4",
        "TOTAAL 2",
    ]
    data = end.join(line.encode("cp037") for line in lines) + end
    assert sniff_bytes(data) is FileType.EBCDIC
    items = extract(data)
    assert text(items) == "\n".join(lines) + "\n"
    assert not notes(items)


def test_a_packed_byte_that_is_a_line_end_does_not_cut_fixed_records() -> None:
    """``0x15`` is a packed byte too (digits 1 and 5): fixed records that hold it among
    other control bytes are not cut at it."""
    data = bytearray(data_set(80, 20))
    data[9:14] = bytes.fromhex("015151515F")
    lines = text(extract(bytes(data))).splitlines()
    assert len(lines) == 20 and lines[0].split()[1] == "015151515"
