"""Windows shortcuts (``.lnk``) and Recycle Bin ``$I`` records: the paths they keep of
files named for patients, read as text; links built here by the layout MS-SHLLINK gives
(local, network share, code page strings, an environment block), records of both
versions."""

from __future__ import annotations

import io
import struct

import pytest

from breachscope.config import Config
from breachscope.extract.base import Extracted, ExtractError, Source
from breachscope.extract.recyclebin import RecycleBinExtractor
from breachscope.extract.shelllink import ShellLinkExtractor, filetime
from breachscope.extract.units import TextUnit
from breachscope.ingest.filetype import LNK_HEADER, FileType, sniff_bytes

from .samples import LNK_TIME as TIME
from .samples import link_info, record, shortcut

pytestmark = pytest.mark.timeout(60)


def extract_link(data: bytes) -> list[Extracted]:
    source = Source("Recent/x.lnk", "lnk", len(data), lambda: io.BytesIO(data))
    return list(ShellLinkExtractor().extract(source, Config()))


def text_of(items: list[Extracted]) -> str:
    return "".join(u.text for u in items if isinstance(u, TextUnit))


PATH = "C:\\Users\\r.stoltenborg\\Downloads\\610924849_Wójcik_09081978.xlsx"


def test_a_local_target_its_strings_and_times() -> None:
    data = shortcut(
        link_info(PATH), ("Uitslag Wójcik", "..\\Downloads\\610924849_Wójcik_09081978.xlsx"),
        items=b"\x14\x00" + bytes(18),
    )  # fmt: skip
    assert sniff_bytes(data, "610924849_Wojcik_09081978.xlsx.lnk") is FileType.LNK
    assert text_of(extract_link(data)) == (
        f"target: {PATH}\n"
        "description: Uitslag Wójcik\n"
        "relative path: ..\\Downloads\\610924849_Wójcik_09081978.xlsx\n"
        "target made: 2024-05-10T11:30:00\n"
        "target opened: 2024-05-10T11:30:00\n"
        "target changed: 2024-05-10T11:30:00"
    )


def test_a_share_and_code_page_strings() -> None:
    info = link_info(share="\\\\fs01\\bvo$", suffix="Dossiers\\292374598 Ouali F", unicode=False)
    data = shortcut(info, ("Dossier Ouali",), wide=False)
    text = text_of(extract_link(data))
    assert text.startswith(
        "target: \\\\fs01\\bvo$\\Dossiers\\292374598 Ouali F\ndescription: Dossier Ouali\n"
    )


def test_the_environment_blocks_target() -> None:
    target = "%USERPROFILE%\\Desktop\\Terugbellen Yasmina Benali tel 0656501414.txt"
    block = struct.pack("<2I", 788, 0xA0000001) + target.encode().ljust(260, b"\0")
    block += target.encode("utf-16-le").ljust(520, b"\0")
    assert f"target (variables): {target}\n" in text_of(extract_link(shortcut(extra=block)))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (LNK_HEADER + bytes(20), "no shortcut header"),
        (shortcut(link_info(PATH))[:100], "LinkInfo"),
        (shortcut(strings=("x" * 40,))[:-60], "description of 40 characters"),
        (shortcut(items=b"\x14\x00")[:0x4C] + b"\xff\xff", "item list past the end"),
    ],
)
def test_a_broken_shortcut_is_an_error(data: bytes, message: str) -> None:
    with pytest.raises(ExtractError, match=message):
        extract_link(data)


def test_filetimes() -> None:
    assert filetime(TIME) == "2024-05-10T11:30:00"
    assert filetime(0) is None and filetime(2**64 - 1) is None


def extract_record(data: bytes) -> list[Extracted]:
    source = Source("$IR07ZZI.docx", "recycle-bin", len(data), lambda: io.BytesIO(data))
    return list(RecycleBinExtractor().extract(source, Config()))


DELETED = "C:\\Users\\i.boomkamp\\Documents\\Brouwer JA 08-06-2005 HbA1c 61 verwijsbrief.docx"


@pytest.mark.parametrize("version", [1, 2])
def test_a_deleted_files_original_path(version: int) -> None:
    data = record(DELETED, version)
    assert sniff_bytes(data, "$I98VKZQ.docx") is FileType.RECYCLE_BIN
    assert text_of(extract_record(data)) == (
        f"original path: {DELETED}\ndeleted: 2024-05-10T11:30:00\nsize: 28412 bytes"
    )
    share = record("\\\\fs01\\bvo$\\Terugbellen\\Marloes (06-38068917).msg", version)
    assert sniff_bytes(share, "$IBYSNJ7.msg") is FileType.RECYCLE_BIN


def test_a_record_whose_length_does_not_fit_is_not_one() -> None:
    data = record(DELETED)
    assert sniff_bytes(data + b"\0\0", "$I98VKZQ.docx") is not FileType.RECYCLE_BIN
    assert sniff_bytes(record("Brouwer.docx"), "$I98VKZQ.docx") is not FileType.RECYCLE_BIN
    with pytest.raises(ExtractError, match="a path of 79 characters in 184 bytes"):
        extract_record(data[:-2])
    with pytest.raises(ExtractError, match="version 3"):
        extract_record(b"\x03" + data[1:])
