"""Hex dumps in a text turned back into files: xxd, hexdump -C and od -A x -t x1z as the
tools print them (written here by their layouts; the tools' own output where installed)."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest

from breachscope.config import Config
from breachscope.extract.base import ChildFile, Extracted, Source
from breachscope.extract.hexdumps import HexDumps, dump_line
from breachscope.extract.text import TextExtractor
from breachscope.extract.units import TextUnit

CSV = (
    "BSN;Naam;Geboortedatum\r\n111222333;Jansen-de Vries, M.;04-03-1978\r\n"
    "123456782;Zoë Bëker;30-11-1985\r\n"
).encode("cp1252")


def _chars(chunk: bytes) -> str:
    return "".join(chr(b) if 0x20 <= b < 0x7F else "." for b in chunk)


def xxd(data: bytes) -> str:
    lines = []
    for off in range(0, len(data), 16):
        chunk = data[off : off + 16]
        groups = " ".join(chunk[i : i + 2].hex() for i in range(0, len(chunk), 2))
        lines.append(f"{off:08x}: {groups:<39}  {_chars(chunk)}")
    return "\n".join(lines) + "\n"


def hexdump_c(data: bytes) -> str:
    lines, previous, starred = [], b"", False
    for off in range(0, len(data), 16):
        chunk = data[off : off + 16]
        if chunk == previous and len(chunk) == 16:
            if not starred:
                lines.append("*")
                starred = True
            continue
        previous, starred = chunk, False
        left = " ".join(f"{b:02x}" for b in chunk[:8])
        right = " ".join(f"{b:02x}" for b in chunk[8:])
        lines.append(f"{off:08x}  {left:<23}  {right:<23}  |{_chars(chunk)}|")
    lines.append(f"{len(data):08x}")
    return "\n".join(lines) + "\n"


def od(data: bytes) -> str:
    lines = []
    for off in range(0, len(data), 16):
        chunk = data[off : off + 16]
        hexes = "".join(f" {b:02x}" for b in chunk)
        lines.append(f"{off:06x}{hexes:<48}  >{_chars(chunk)}<")
    lines.append(f"{len(data):06x}")
    return "\n".join(lines) + "\n"


def _read(text: str, limit: int = 8 * 1024**2) -> list[Extracted]:
    data = text.encode()
    source = Source("KZ-4533/bijlage.txt", "text", len(data), lambda: io.BytesIO(data))
    return list(TextExtractor().extract(source, Config(max_text_unit_chars=limit)))


def _children(items: list[Extracted]) -> dict[str, bytes]:
    return {c.name: c.data for c in items if isinstance(c, ChildFile)}


@pytest.mark.parametrize("dumper", [xxd, hexdump_c, od])
def test_a_dump_becomes_its_file_and_stays_text(dumper: object) -> None:
    dump = dumper(CSV)  # type: ignore[operator]
    text = f"Import faalt op regel 3.\nHexdump (xxd terugkoppeling.csv):\n\n{dump}\nGroet, Jeroen\n"
    items = _read(text)
    assert _children(items) == {"terugkoppeling.csv": CSV}
    assert "".join(u.text for u in items if isinstance(u, TextUnit)) == text


def test_repeated_lines_under_a_star_are_restored() -> None:
    data = b"A" * 64 + CSV
    items = _read("hexdump -C:\n" + hexdump_c(data))
    assert list(_children(items).values()) == [data]


def test_without_a_command_the_file_is_named_by_its_line_and_two_dumps_are_two() -> None:
    text = "zie hieronder\n" + xxd(CSV) + "\nen nog een\n" + od(CSV[:40])
    children = _children(_read(text))
    assert children == {
        "hexdump-line2": CSV,
        f"hexdump-line{4 + xxd(CSV).count(chr(10))}": CSV[:40],
    }


def test_a_dump_cut_over_units_is_one_file() -> None:
    items = _read("xxd lijst.csv\n" + xxd(CSV), limit=64)
    assert _children(items) == {"lijst.csv": CSV}


def test_a_gap_in_the_offsets_ends_a_run_and_single_lines_are_no_file() -> None:
    lines = xxd(CSV).splitlines()
    broken = "\n".join([lines[0], lines[2], lines[3]]) + "\n"
    children = _children(_read("x\n" + broken))
    assert list(children.values()) == [CSV[32:64]]  # (a run starting past 0, lines 3 and 4)
    assert _children(_read("x\n" + lines[0] + "\nmeer tekst\n")) == {}


def test_lines_that_only_look_like_dumps_are_not() -> None:
    assert dump_line("2024-05-12: note  tekst") is None
    assert dump_line("00000000: zz12 3456  ....") is None
    assert _children(_read("12345678: 99 problemen\n12345688: nog een\n")) == {}


def test_hostile_repeat_is_bounded() -> None:
    text = "00000000  41 41 41 41 41 41 41 41  41 41 41 41 41 41 41 41  |AAAAAAAAAAAAAAAA|\n"
    text += "00000010  41 41 41 41 41 41 41 41  41 41 41 41 41 41 41 41  |AAAAAAAAAAAAAAAA|\n*\n"
    text += "7fffffff0\n"
    dumps = HexDumps(set())
    files = [*dumps.feed(text), *dumps.close()]
    assert [len(f.data) for f in files] == [32]


@pytest.mark.skipif(not shutil.which("xxd") or not shutil.which("hexdump"), reason="no tools")
def test_the_tools_own_output(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes(b"\0" * 48 + CSV)
    for command in (
        ["xxd", str(path)],
        ["hexdump", "-C", str(path)],
        ["od", "-A", "x", "-t", "x1z", str(path)],
    ):
        out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
        assert list(_children(_read("dump:\n" + out)).values()) == [b"\0" * 48 + CSV], command
