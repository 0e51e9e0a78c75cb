"""An MP3's ID3 tags and a WAV file's metadata chunks, as text parts."""

from __future__ import annotations

import io
import random
import struct
import wave
import zlib

import pytest

from breachscope.config import Config
from breachscope.extract.audiotags import AudioTagsExtractor
from breachscope.extract.base import Extracted, ExtractError, SkipFile, Source
from breachscope.ingest.filetype import FileType, sniff

from .rows import note_reasons as notes
from .rows import text_parts as parts
from .samples import BSN, MP3_FRAME, id3_frame, id3_tag, id3_text, mp3_sample, syncsafe


def run(data: bytes, kind: str = "mp3", config: Config | None = None) -> list[Extracted]:
    source = Source(f"dictaten/x.{kind}", kind, len(data), lambda: io.BytesIO(data))
    return list(AudioTagsExtractor().extract(source, config or Config()))


def test_sample_frames_a_part_each() -> None:
    sample = mp3_sample()
    assert sniff(io.BytesIO(sample.data), "x.mp3") is FileType.MP3
    items = run(sample.data)
    assert parts(items) == sample.info and not notes(items)


def test_mp3_without_id3v2_read_by_its_id3v1() -> None:
    v1 = (
        b"TAG"
        + b"Jansen-de Vries".ljust(30, b"\0")
        + bytes(64)
        + b"Dorpsstraat 12A".ljust(30, b" ")
    )
    data = MP3_FRAME * 2 + v1 + b"\x0c"
    assert sniff(io.BytesIO(data), "x.mp3") is FileType.MP3
    assert parts(run(data)) == {"ID3v1": "title: Jansen-de Vries\ncomment: Dorpsstraat 12A\n"}


def test_id3v22() -> None:
    frames = [
        id3_frame("TT2", b"\x00Dictaat Jansen-de Vries", 2),
        id3_frame("COM", b"\x00dut\0BSN " + BSN[1].encode(), 2),
        id3_frame("TXX", b"\x00Geboortedatum\x0030-11-1985", 2),
    ]
    found = parts(run(id3_tag(frames, 2) + MP3_FRAME))
    assert found == {
        "TT2": "Dictaat Jansen-de Vries\n",
        "COM": f"BSN {BSN[1]}\n",
        "TXX:Geboortedatum": "Geboortedatum: 30-11-1985\n",
    }


def test_id3v24_values_encodings_and_frame_flags() -> None:
    unsynced = b"\x00Jansen\xff\x00-de Vries".replace(b"\xff\x00", b"\xff\x00")
    frames = [
        id3_frame("TPE1", b"\x03" + "Ömer Yılmaz\0van der Berg".encode(), 4),
        id3_frame("TIT2", b"\x02" + id3_text("Dorpsstraat 12A", 2), 4),
        id3_frame("TCOM", b"\x01" + "a".encode("utf-16") + b"\0\0" + "b".encode("utf-16"), 4),
        id3_frame("TALB", syncsafe(4) + b"\x00abc", 4, flags=0x0001),
        id3_frame("TIT3", unsynced, 4, flags=0x0002),
        id3_frame("TKEY", b"\x07" + b"\x00G1", 4, flags=0x0040),
        id3_frame("TENC", b"secret", 4, flags=0x0004),
        id3_frame("USLT", b"\x03dut" + b"\0" + b"Jansen: 1234 AB", 4),
        id3_frame("WXXX", b"\x00portaal\0https://lims.example/p/123456782", 4),
        id3_frame("WOAF", b"https://lims.example/a", 4),
    ]
    items = run(id3_tag(frames, 4) + MP3_FRAME)
    found = parts(items)
    assert found["TPE1"] == "Ömer Yılmaz\nvan der Berg\n"
    assert found["TIT2"] == "Dorpsstraat 12A\n"
    assert found["TCOM"] == "a\nb\n"
    assert found["TALB"] == "abc\n"
    assert found["TIT3"] == "Jansen\xff-de Vries\n"
    assert found["TKEY"] == "G1\n"
    assert found["USLT"] == "Jansen: 1234 AB\n"
    assert found["WXXX:portaal"] == "portaal: https://lims.example/p/123456782\n"
    assert found["WOAF"] == "https://lims.example/a\n"
    assert "TENC" not in found and "frame TENC" in notes(items)[0]


def test_id3v23_unsynchronised_tag_extended_header_and_compression() -> None:
    text = b"\x00Jansen-de Vries \xff\xe0"
    packed = zlib.compress(b"\x00" + b"BSN " + BSN[0].encode())
    frames = [
        id3_frame("TIT2", text),
        id3_frame("TPE1", len(packed).to_bytes(4, "big") + packed, flags=0x0080),
    ]
    body = struct.pack(">IHI", 6, 0, 0) + b"".join(frames)
    body = body.replace(b"\xff", b"\xff\x00")
    tag = b"ID3\x03\x00\xc0" + syncsafe(len(body)) + body
    found = parts(run(tag + MP3_FRAME))
    assert found == {"TIT2": "Jansen-de Vries ÿà\n", "TPE1": f"BSN {BSN[0]}\n"}


def wav(chunks: bytes, after: bytes = b"") -> bytes:
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(8000)
        w.writeframes(bytes(160))
    data = out.getvalue()
    data = data[:12] + chunks + data[12:] + after
    return data[:4] + struct.pack("<I", len(data) - 8) + data[8:]


def chunk(ident: bytes, data: bytes) -> bytes:
    return ident + struct.pack("<I", len(data)) + data + b"\0" * (len(data) & 1)


def test_wav_info_bext_ixml_id3_and_labels() -> None:
    bext = b"BRIEF JANSEN-DE VRIES GEB 04-03-1978".ljust(256, b"\0")
    bext += b"Philips DPM8000".ljust(32, b"\0") + b"SN-1".ljust(32, b"\0")
    bext += b"2024-05-10" + b"14:12:07" + bytes(602 - 338) + b"A=PCM,F=8000\r\nT=SpeechExec\r\n"
    info = b"INFO" + chunk(b"INAM", b"Dictaat Jansen-de Vries\0")
    info += chunk(b"ICMT", f"BSN {BSN[0]}, tel 0612345678, Caf\xe9".encode("cp1252") + b"\0")
    adtl = b"adtl" + chunk(b"labl", b"\1\0\0\0Dorpsstraat 12A\0") + chunk(b"ltxt", bytes(20))
    tag = id3_tag([id3_frame("TIT2", b"\x03" + "Ömer Yılmaz".encode())])
    chunks = chunk(b"bext", bext) + chunk(b"iXML", b"<BWFXML><NOTE>1234 AB</NOTE></BWFXML>")
    data = wav(chunks, chunk(b"LIST", info) + chunk(b"LIST", adtl) + chunk(b"id3 ", tag))
    assert sniff(io.BytesIO(data), "x.wav") is FileType.WAV
    items = run(data, "wav")
    found = parts(items)
    assert found["bext"] == (
        "Description: BRIEF JANSEN-DE VRIES GEB 04-03-1978\nOriginator: Philips DPM8000\n"
        "OriginatorReference: SN-1\nOriginationDate: 2024-05-10\nOriginationTime: 14:12:07\n"
        "CodingHistory: A=PCM,F=8000\nT=SpeechExec\n"
    )
    assert found["INFO/INAM"] == "Dictaat Jansen-de Vries\n"
    assert found["INFO/ICMT"] == f"BSN {BSN[0]}, tel 0612345678, Café\n"
    assert found["iXML"] == "<BWFXML><NOTE>1234 AB</NOTE></BWFXML>\n"
    assert found["adtl/labl"] == "Dorpsstraat 12A\n"
    assert found["id3/TIT2"] == "Ömer Yılmaz\n"
    assert not notes(items)


def test_wav_cut_short_and_damaged() -> None:
    info = b"INFO" + chunk(b"ICMT", b"Jansen-de Vries\0")
    data = wav(chunk(b"LIST", info))
    assert parts(run(data[:-100], "wav")) == {"INFO/ICMT": "Jansen-de Vries\n"}
    bad = wav(chunk(b"LIST", info) + b"JUNK" + struct.pack("<I", 2**31) + bytes(8))
    items = run(bad, "wav")
    assert parts(items) == {"INFO/ICMT": "Jansen-de Vries\n"} and "longer" in notes(items)[0]
    with pytest.raises(SkipFile):
        run(wav(b""), "wav")


def test_damaged_tags() -> None:
    sample = mp3_sample().data
    items = run(sample[:200])
    assert list(parts(items)) == ["TIT2", "TPE1"] and "ends inside frame COMM" in notes(items)[0]
    with pytest.raises(SkipFile):  # (a tag larger than the bound: passed over)
        run(b"ID3\x03\x00\x00\x7f\x7f\x7f\x7f" + bytes(20))
    with pytest.raises(ExtractError, match="ends inside the tag"):
        run(b"ID3\x03\x00\x00\x00\x00\x7f\x7f" + bytes(20))
    with pytest.raises(ExtractError):
        run(b"ID3\x03\x00\x00" + syncsafe(30) + b"TIT2" + struct.pack(">I", 2**31) + bytes(22))
    frames = [
        id3_frame("TIT2", b"\x00Jansen-de Vries"),
        b"TPE1" + struct.pack(">I", 999) + bytes(6),
    ]
    items = run(id3_tag(frames, padding=0) + MP3_FRAME)
    assert (
        parts(items) == {"TIT2": "Jansen-de Vries\n"} and "longer than the tag" in notes(items)[0]
    )
    frames = [id3_frame("TIT2", b"\x09Jansen")]
    with pytest.raises(ExtractError):
        run(id3_tag(frames))


def test_random_bytes_and_no_text() -> None:
    with pytest.raises(ExtractError):
        run(random.Random(2).randbytes(4096), "wav")
    with pytest.raises(SkipFile):
        run(id3_tag([]) + MP3_FRAME)
