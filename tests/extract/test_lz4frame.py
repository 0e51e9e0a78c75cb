"""LZ4 frame files: files the ``lz4`` command wrote (``fixtures/lz4frame/make_lz4.sh``:
independent and linked blocks, 64 KB to 4 MB, block checksums, the content's checksum and
size, blocks stored uncompressed, the legacy format) decoded whole, as a child file named
without ``.lz4``; frames one after another and skippable frames; xxHash32 against its
published values; damaged checksums, cut files, hostile sizes and a dictionary's frame
ending in a note or an error; output bounded by ``batch_bytes``."""

from __future__ import annotations

import contextlib
import io
import random
import struct
from pathlib import Path

import pytest

from breachscope.config import Config
from breachscope.extract.base import ChildFile, Extracted, ExtractError, Note, SkipFile, Source
from breachscope.extract.lz4frame import Lz4FrameExtractor, child_name, xxh32
from breachscope.ingest.filetype import FileType, sniff_bytes

from .browserfiles import lz4_literals, lz4_sequence
from .tracedpeak import traced_peak

pytestmark = pytest.mark.timeout(120)

FIXTURES = Path(__file__).parent / "fixtures" / "lz4frame"
PATH = "backup/lims-app01/exports/terugbelronde_20240512.csv.lz4"
MAGIC = b"\x04\x22\x4d\x18"


def plain_csv() -> bytes:
    """A call round's export: 2000 invented patients (the fixtures' plain text)."""
    rng = random.Random(11)
    names = ["Jansen", "de Vries", "Bakker-Öztürk", "van den Berg", "Visser", "Smit", "Meijer"]
    rows = ["labnummer;bsn;naam;geboortedatum;postcode;uitslag"]
    for i in range(2000):
        bsn = ("111222333", "123456782")[i % 2]
        rows.append(
            f"C24-{rng.randrange(10**5):05d};{bsn};{rng.choice(names)}, {chr(65 + i % 26)}.;"
            f"19{rng.randrange(40, 99)}-0{rng.randrange(1, 9)}-1{rng.randrange(0, 9)};"
            f"{rng.randrange(1000, 9999)} AB;hrHPV {rng.choice(['positief', 'negatief'])}"
        )
    return ("\n".join(rows) + "\n").encode()


def noise() -> bytes:
    """Bytes that do not compress (the lz4 command stores their blocks as they are)."""
    return random.Random(12).randbytes(100_000)


def extract(data: bytes, path: str = PATH, config: Config | None = None) -> list[Extracted]:
    source = Source(path, "lz4", len(data), lambda: io.BytesIO(data))
    return list(Lz4FrameExtractor().extract(source, config or Config()))


def frame(
    blocks: list[bytes], flags: int = 0x60, bd: int = 0x40, extra: bytes = b"", end: bytes = b""
) -> bytes:
    """A hand-made frame: its descriptor (``extra``: a content size or a dictionary id),
    its blocks (each given with its size word), the end mark and ``end``."""
    descriptor = bytes([flags, bd]) + extra
    head = MAGIC + descriptor + bytes([(xxh32(descriptor) >> 8) & 0xFF])
    return head + b"".join(blocks) + b"\x00\x00\x00\x00" + end


def block(data: bytes, stored: bool = False) -> bytes:
    return (len(data) | (0x80000000 if stored else 0)).to_bytes(4, "little") + data


def test_xxh32_gives_its_published_values() -> None:
    assert xxh32(b"") == 0x02CC5D05
    assert xxh32(b"a") == 0x550D7456
    assert xxh32(b"abc") == 0x32D153FF
    assert xxh32(b"Nobody inspects the spammish repetition") == 0xE2293B2F


@pytest.mark.parametrize(
    "name",
    ["default.csv.lz4", "linked.csv.lz4", "checks.csv.lz4", "nocrc.csv.lz4", "legacy.csv.lz4"],
)
def test_files_the_lz4_command_wrote_decode_whole(name: str) -> None:
    file = (FIXTURES / name).read_bytes()
    assert sniff_bytes(file, name) is FileType.LZ4
    assert extract(file, f"exports/{name}") == [ChildFile(name[:-4], plain_csv())]


def test_blocks_stored_uncompressed_with_their_checksums() -> None:
    file = (FIXTURES / "noise.bin.lz4").read_bytes()
    assert extract(file, "noise.bin.lz4") == [ChildFile("noise.bin", noise())]


def test_the_child_sniffs_as_csv() -> None:
    assert sniff_bytes(plain_csv(), "terugbelronde_20240512.csv") is FileType.CSV


def test_frames_one_after_another_and_a_skippable_frame() -> None:
    files = [(FIXTURES / n).read_bytes() for n in ("linked.csv.lz4", "legacy.csv.lz4")]
    skippable = (0x184D2A53).to_bytes(4, "little") + (5).to_bytes(4, "little") + b"12345"
    items = extract(files[0] + skippable + files[1] + files[0])
    assert items == [ChildFile("terugbelronde_20240512.csv", plain_csv() * 3)]


def test_a_linked_blocks_matches_reach_into_the_block_before() -> None:
    second = lz4_sequence(b"", 8, 8) + lz4_literals(b"!")  # (the 8 bytes before, again)
    file = frame([block(lz4_literals(b"Jansen, ")), block(second)], flags=0x40)
    assert extract(file) == [ChildFile("terugbelronde_20240512.csv", b"Jansen, Jansen, !")]
    independent = frame([block(lz4_literals(b"Jansen, ")), block(second)], flags=0x60)
    items = extract(independent)
    assert items[0] == ChildFile("terugbelronde_20240512.csv", b"Jansen, ")
    assert isinstance(items[1], Note) and "block 2 does not decode" in items[1].reason


@pytest.mark.parametrize(
    ("name", "place", "reason"),
    [
        ("checks.csv.lz4", 70_000 // 5, "block 2's checksum does not match"),
        ("default.csv.lz4", -2, "content checksum does not match"),
    ],
)
def test_a_checksum_that_does_not_match_ends_with_a_note(
    name: str, place: int, reason: str
) -> None:
    file = bytearray((FIXTURES / name).read_bytes())
    if place > 0:  # (a byte inside the second block of 64 KB)
        first = int.from_bytes(file[15:19], "little")
        place = 15 + 4 + first + 4 + 100
    file[place] ^= 0x55
    items = extract(bytes(file))
    assert isinstance(items[0], ChildFile) and plain_csv().startswith(items[0].data)
    assert isinstance(items[1], Note) and reason in items[1].reason


def test_a_content_size_that_does_not_match_is_noted() -> None:
    file = frame([block(lz4_literals(b"1234 AB"))], flags=0x68, extra=(8).to_bytes(8, "little"))
    items = extract(file)
    assert items[0] == ChildFile("terugbelronde_20240512.csv", b"1234 AB")
    assert isinstance(items[1], Note) and "not 8" in items[1].reason


@pytest.mark.parametrize("cut", [20, 1000, 30_000, -3])
def test_a_cut_file_keeps_what_came_before_with_a_note(cut: int) -> None:
    file = (FIXTURES / "linked.csv.lz4").read_bytes()
    items = extract(file[:cut])
    if cut == 20:
        return  # (nothing decoded before: checked below)
    assert isinstance(items[0], ChildFile) and plain_csv().startswith(items[0].data)
    assert isinstance(items[-1], Note) and "cut short" in items[-1].reason


@pytest.mark.parametrize(
    ("file", "reason"),
    [
        (frame([])[:-4] + (10).to_bytes(4, "little"), "cut short in block 1"),
        (frame([(0x7FFFFFF0).to_bytes(4, "little")]), "past the frame's largest"),
        (frame([], flags=0x61, extra=b"\x01\x02\x03\x04"), "dictionary"),
        (frame([], flags=0x80), "version"),
        (frame([], flags=0x62), "reserved"),
        (frame([], bd=0x30), "block size code 3"),
        (MAGIC + b"\x60\x40\x00" + b"\x00" * 4, "checksum does not match"),
        (b"\x02\x21\x4c\x18" + (0x7FFFFFFF).to_bytes(4, "little"), "past its largest"),
        ((0x184D2A50).to_bytes(4, "little") + (0xFFFFFFFF).to_bytes(4, "little"), "past the end"),
        (b"\x00" * 4096, "no LZ4 frame magic"),
    ],
)
def test_hostile_or_broken_headers_are_errors(file: bytes, reason: str) -> None:
    with pytest.raises(ExtractError, match=reason):
        extract(file)


def test_a_bomb_is_cut_at_batch_bytes_in_bounded_memory() -> None:
    """Blocks of 4 MB of one letter, each a few kilobytes: read up to batch_bytes."""
    big = lz4_sequence(b"a", 1, 4 * 1024 * 1024 - 6) + lz4_literals(b"a")
    file = frame([block(big)] * 30, bd=0x70)
    assert len(file) < 700_000
    with traced_peak() as peak:
        items = extract(file, config=Config(batch_bytes=6 * 1024 * 1024))
    assert items[0] == ChildFile("terugbelronde_20240512.csv", b"a" * 6 * 1024 * 1024)
    assert isinstance(items[1], Note) and "larger than" in items[1].reason
    assert peak.bytes < 40 * 1024 * 1024


def test_bytes_after_the_last_frame_are_noted() -> None:
    items = extract(frame([block(b"1234 AB", stored=True)]) + b"junk")
    assert items[0] == ChildFile("terugbelronde_20240512.csv", b"1234 AB")
    assert isinstance(items[1], Note) and "after the last frame" in items[1].reason


def test_damaged_files_end_in_a_signal_or_a_note() -> None:
    file = (FIXTURES / "checks.csv.lz4").read_bytes()[:3000]
    rng = random.Random(5)
    for _ in range(200):
        damaged = bytearray(file)
        for _ in range(rng.randrange(1, 4)):
            damaged[rng.randrange(len(damaged))] = rng.randrange(256)
        with contextlib.suppress(ExtractError, SkipFile):
            assert all(isinstance(i, ChildFile | Note) for i in extract(bytes(damaged)))


@pytest.mark.parametrize(
    ("path", "name"),
    [("a/export.csv.lz4", "export.csv"), ("x.zip!/b\\dump.SQL.LZ4", "dump.SQL"),
     ("a/blob", "blob.out")],
)  # fmt: skip
def test_the_childs_name(path: str, name: str) -> None:
    assert child_name(path) == name


def test_empty_files_are_skipped() -> None:
    with pytest.raises(SkipFile):
        extract(b"")
    with pytest.raises(SkipFile):
        extract(frame([block(b" \n", stored=True)]))


def java_block(data: bytes, packed: bytes | None = None, check: int | None = None) -> bytes:
    """A block of lz4-java's ``LZ4BlockOutputStream`` (level 6: blocks up to 64 KB): LZ4
    where ``packed`` is given, else stored; its checksum's low 28 bits as lz4-java's."""
    method = 0x20 if packed is not None else 0x10
    body = data if packed is None else packed
    digest = xxh32(data, 0x9747B28C) & 0x0FFFFFFF if check is None else check
    return (
        b"LZ4Block" + bytes([method | 6]) + struct.pack("<iiI", len(body), len(data), digest) + body
    )


JAVA_END = b"LZ4Block" + bytes([0x16]) + bytes(12)
EVENTS = b'{"Event":"SparkListenerLogStart","Spark Version":"3.5.1"}\n' * 3


def test_lz4_javas_block_stream_a_sparks_event_log() -> None:
    repeated = lz4_sequence(EVENTS[:58], 58, 58 * 2) + lz4_literals(b"")
    data = java_block(EVENTS, repeated) + java_block(b"{}\n") + JAVA_END
    assert sniff_bytes(data, "application_1715400000000_0042.lz4") is FileType.LZ4
    items = extract(data, "spark-history/application_1715400000000_0042.lz4")
    child = next(c for c in items if isinstance(c, ChildFile))
    assert child.name == "application_1715400000000_0042" and child.data == EVENTS + b"{}\n"
    assert sniff_bytes(child.data, child.name) is FileType.SPARK_EVENTLOG
    assert not [n for n in items if isinstance(n, Note)]
    full = xxh32(b"{}\n", 0x9747B28C)  # (an older lz4-java's checksum: all 32 bits)
    assert not [n for n in extract(java_block(b"{}\n", check=full)) if isinstance(n, Note)]


def test_lz4_javas_damaged_blocks() -> None:
    good = java_block(EVENTS)
    items = extract(good + java_block(b"{}\n", check=5) + JAVA_END)
    notes = [n.reason for n in items if isinstance(n, Note)]
    assert notes == ["LZ4 file read in part (block 2's checksum does not match)"]
    items = extract(good + java_block(b"abcdefgh")[:-3])
    assert [n.reason for n in items if isinstance(n, Note)] == [
        "LZ4 file read in part (cut short in block 2)"
    ]
    hostile = b"LZ4Block" + bytes([0x26]) + struct.pack("<iiI", 1 << 30, 1 << 30, 0)
    with pytest.raises(ExtractError, match="block 1's header does not hold"):
        extract(hostile)
    with pytest.raises(ExtractError):
        extract(b"LZ4Block" + bytes([0x26]) + b"\x01")
