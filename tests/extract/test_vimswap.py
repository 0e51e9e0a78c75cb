"""Vim swap files: the buffer's lines rebuilt in order from the tree of blocks."""

from __future__ import annotations

import io
import random
import shutil
import struct
import subprocess
from pathlib import Path

import pytest

from breachscope.config import Config
from breachscope.extract.base import Extracted, ExtractError, SkipFile, Source
from breachscope.extract.vimswap import VimSwapExtractor
from breachscope.ingest.filetype import FileType, sniff

from .rows import note_reasons as notes
from .rows import text_parts as parts
from .samples import BSN, VIM_LINES, vim_swap, vim_swap_sample

PATH = "home/gheuvelink/notities/.terugbellen.txt.swp"


def run(data: bytes, config: Config | None = None) -> list[Extracted]:
    source = Source(PATH, "vim-swap", len(data), lambda: io.BytesIO(data))
    return list(VimSwapExtractor().extract(source, config or Config()))


def test_sample_lines_in_order_and_who_edited_what() -> None:
    sample = vim_swap_sample()
    assert sniff(io.BytesIO(sample.data), "x.swp") is FileType.VIM_SWAP
    items = run(sample.data)
    assert parts(items) == sample.info and not notes(items)


@pytest.mark.parametrize(("order", "long_size"), [("<", 4), (">", 8), (">", 4)])
def test_byte_orders_and_sizes_of_long(order: str, long_size: int) -> None:
    found = parts(run(vim_swap(VIM_LINES, 1024, order, long_size)))
    assert found[None] == "".join(f"{line}\n" for block in VIM_LINES for line in block)


@pytest.mark.skipif(shutil.which("vim") is None, reason="no vim")
def test_a_swap_file_vim_wrote(tmp_path: Path) -> None:
    lines = [f"{i:06d} Jansen-de Vries, BSN {BSN[0]}, Dorpsstraat 12A" for i in range(9000)]
    (tmp_path / "notities.txt").write_text("\n".join(lines) + "\n")
    (tmp_path / "sw").mkdir()
    command = [
        "vim", "-u", "NONE", "-i", "NONE", "-N", "-es", "--cmd", f"set directory={tmp_path}/sw//",
        "notities.txt", "-c", "normal! ggOÖmer Yılmaz, 1234 AB", "-c", "preserve",
        "-c", f"!cp {tmp_path}/sw/* {tmp_path}/out.swp", "-c", "qa!",
    ]  # fmt: skip
    try:
        subprocess.run(command, cwd=tmp_path, timeout=120, check=False, capture_output=True)
    except (subprocess.SubprocessError, OSError):
        pytest.skip("vim did not run")
    if not (tmp_path / "out.swp").exists():
        pytest.skip("vim wrote no swap file")
    items = run((tmp_path / "out.swp").read_bytes())
    found = parts(items)
    assert found[None] == "".join(f"{line}\n" for line in ["Ömer Yılmaz, 1234 AB", *lines])
    assert found["info"].endswith(f"file: {tmp_path}/notities.txt\n") and not notes(items)


def test_blocks_not_written_or_damaged_are_noted() -> None:
    data = bytearray(vim_swap(VIM_LINES, 1024))
    struct.pack_into("<q", data, 1024 + 8, -1)  # (the first block not yet written)
    items = run(bytes(data))
    assert parts(items)[None] == "".join(f"{line}\n" for line in VIM_LINES[1])
    assert "not yet written" in notes(items)[0]
    data = vim_swap(VIM_LINES, 1024)
    items = run(data[: 3 * 1024])
    assert parts(items)[None] == "".join(f"{line}\n" for line in VIM_LINES[0])
    assert "past the file's end" in notes(items)[0]
    bad = bytearray(vim_swap(VIM_LINES, 1024))
    struct.pack_into("<I", bad, 2 * 1024 + 24, 5000)
    with pytest.raises(ExtractError, match="lies outside it"):
        run(bytes(bad))


def test_hostile_counts_and_cycles() -> None:
    data = bytearray(vim_swap(VIM_LINES, 1024))
    struct.pack_into("<H", data, 1024 + 2, 60000)
    with pytest.raises(ExtractError):
        run(bytes(data))
    data = bytearray(vim_swap(VIM_LINES, 1024))
    struct.pack_into("<q", data, 1024 + 8, 1)  # (the root points at itself)
    with pytest.raises(ExtractError, match="reached twice"):
        run(bytes(data))
    data = bytearray(vim_swap(VIM_LINES, 1024))
    struct.pack_into("<q", data, 2 * 1024 + 16, 2**40)
    with pytest.raises(ExtractError, match="more lines"):
        run(bytes(data))


def test_bound_encrypted_and_random() -> None:
    items = run(vim_swap(VIM_LINES, 1024), Config(batch_bytes=40))
    assert "reached 40" in notes(items)[0]
    with pytest.raises(SkipFile):
        run(b"bcVIM 9.0" + bytes(2000))
    with pytest.raises(ExtractError):
        run(random.Random(6).randbytes(4096))
    with pytest.raises(ExtractError):
        run(b"b0VIM 9.0" + bytes(5))
