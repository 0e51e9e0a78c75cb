"""Windows minidumps: module names, comments and the text in their memory."""

from __future__ import annotations

import io
import random
import struct

import pytest

from breachscope.config import Config
from breachscope.extract.base import Extracted, ExtractError, SkipFile, Source
from breachscope.extract.minidump import WINDOW, MinidumpExtractor, plausible
from breachscope.ingest.filetype import FileType, sniff

from .rows import note_reasons as notes
from .rows import text_parts as parts
from .samples import BSN, dotnet_string, minidump, minidump_sample

PATH = "CrashDumps/CytoScan.Client.exe.7312.dmp"


def run(data: bytes, config: Config | None = None) -> list[Extracted]:
    source = Source(PATH, "minidump", len(data), lambda: io.BytesIO(data))
    return list(MinidumpExtractor().extract(source, config or Config()))


def test_sample_modules_comment_and_strings() -> None:
    sample = minidump_sample()
    assert sniff(io.BytesIO(sample.data), "x.dmp") is FileType.MINIDUMP
    items = run(sample.data)
    assert parts(items) == sample.info and not notes(items)


def test_memory_list_each_range_at_its_rva_and_plain_runs() -> None:
    memory = [
        "Dorpsstraat 12A".encode("utf-16-le") + b"\0\0\x01\x02",
        b"\x00\x13naam=Jansen-de Vries\x00\xff" + b"BSN " + BSN[1].encode() + b"\x00",
        b"\x93\x11xQ[p\x00zz\x01Ab?d\x02Kk(c9\x00",
    ]
    found = parts(run(minidump([(10, b"Crash 1234 AB\0")], memory, wide=False)))
    assert found["strings"] == f"Dorpsstraat 12A\nnaam=Jansen-de Vries\nBSN {BSN[1]}\n"
    assert found["comment"] == "Crash 1234 AB\n"


def test_a_run_across_windows_is_kept_whole() -> None:
    text = dotnet_string("Jansen-de Vries, M.")
    pad = bytes(WINDOW - 20)
    found = parts(run(minidump([], [pad + text + bytes(64)])))
    assert found["strings"] == "Jansen-de Vries, M.\n"


def test_plausible() -> None:
    assert plausible("Dorpsstraat 12A") and plausible("van der Berg, J.P.")
    assert plausible(BSN[0]) and plausible("C24-30410 Pap 2")
    for noise in ("4 Rcc(dd", "aP+F|bxx", "kQwZrt8m", "12345"):
        assert not plausible(noise), noise


def test_damaged_streams_leave_the_others() -> None:
    data = bytearray(minidump([(11, "Jansen-de Vries".encode("utf-16-le"))], [b""]))
    _, _, rva = struct.unpack_from("<III", data, 32)  # (the module list)
    struct.pack_into("<I", data, rva, 10**6)
    items = run(bytes(data))
    assert parts(items) == {"comment": "Jansen-de Vries\n"}
    assert "module list" in notes(items)[0]
    cut = minidump([], [dotnet_string("Jansen-de Vries") + bytes(100)])
    items = run(cut[:-90])
    assert "runs past the file's end" in notes(items)[0]


def test_hostile_directory_and_counts() -> None:
    with pytest.raises(ExtractError):
        run(b"MDMP\x93\xa7\0\0" + struct.pack("<II", 10**6, 32) + bytes(16))
    data = bytearray(minidump([], [b"x"]))
    _, _, rva = struct.unpack_from("<III", data, 32 + 12)
    struct.pack_into("<Q", data, rva, 2**60)
    items = run(bytes(data))
    assert "memory list" in notes(items)[0]


def test_bound_and_signals() -> None:
    memory = [b"".join(dotnet_string(f"Patient Jansen {i:05d}") for i in range(200))]
    items = run(minidump([], memory), Config(batch_bytes=400))
    assert len(parts(items)["strings"]) <= 400 and "reached 400" in notes(items)[0]
    with pytest.raises(ExtractError):
        run(random.Random(4).randbytes(4096))
    with pytest.raises(ExtractError):
        run(b"MDMP\x93\xa7")
    empty = bytearray(minidump([], []))
    struct.pack_into("<I", empty, 8, 0)
    with pytest.raises(SkipFile):
        run(bytes(empty))
