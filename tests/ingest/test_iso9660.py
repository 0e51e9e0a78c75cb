"""ISO 9660 images (with Joliet and Rock Ridge), written by the format (:mod:`.isowriter`)."""

from __future__ import annotations

import contextlib
import random
from pathlib import Path

import pytest

from breachscope.config import ArchiveLimits
from breachscope.ingest.archives import ArchiveError, ArchiveText, Budget, iter_members
from breachscope.ingest.blob import BytesBlob
from breachscope.ingest.filetype import FileType, sniff_bytes

from .isowriter import SECTOR, Options, both32, build

LETTER = "Aan: dr. H.J. Visser\r\nBetreft: Sanne de Wit, geb. 12-03-1984, BSN 123456782\r\n"
FILES = {
    "brief001.txt": LETTER.encode("cp1252"),
    "overzicht.csv": b"naam,bsn\r\nPieter Bakker,111222333\r\n",
    "archief/2024/oktober/brief002.txt": LETTER.replace("Sanne", "Ren\u00e9e").encode("cp1252"),
    "archief/leeg.txt": b"",
}
ROCK = {
    "Brief aan de huisarts.txt": LETTER.encode(),
    "verzending/Overzicht_okt.csv": b"naam,bsn\nPieter Bakker,111222333\n",
}

Row = tuple[str, str, str | None, bytes | None]


def read_all(data: bytes, spool: Path, limits: ArchiveLimits | None = None) -> list[Row | str]:
    out: list[Row | str] = []
    budget = Budget(limits or ArchiveLimits())
    for m in iter_members(BytesBlob(data), "iso9660", "cd.iso", budget, spool):
        if isinstance(m, ArchiveText):
            out.append(f"{m.part}: {m.text}")
            continue
        content = None
        if m.load is not None:
            with m.load() as loaded, loaded.open() as fh:
                content = fh.read()
        out.append((m.name, m.kind, m.skip, content))
    return out


def files_of(rows: list[Row | str]) -> dict[str, bytes | None]:
    return {r[0]: r[3] for r in rows if not isinstance(r, str)}


VOLUME = "volume: Volume: LPO_HA_0412\nPublisher: LPO\nData preparer: M. HOEKSTRA\n"


def test_primary_names_without_their_version_nested_folders_and_the_volume(
    tmp_path: Path,
) -> None:
    image = build(FILES, Options(iso_names={"archief/leeg.txt": "LEEG.;1"}))
    assert sniff_bytes(image, "verzending.iso") == FileType.ISO9660
    rows = read_all(image, tmp_path)
    assert rows[0] == VOLUME + "Application: IMGBURN\nSystem: WIN32"
    assert files_of(rows) == {
        "ARCHIEF/2024/OKTOBER/BRIEF002.TXT": FILES["archief/2024/oktober/brief002.txt"],
        "ARCHIEF/LEEG": b"",
        "BRIEF001.TXT": FILES["brief001.txt"],
        "OVERZICHT.CSV": FILES["overzicht.csv"],
    }


def test_joliet_names_preferred_and_its_volume_text(tmp_path: Path) -> None:
    files = {"Brief aan dr. Visser.txt": LETTER.encode(), "Ren\u00e9e/uitslag.csv": b"a,b\n1,2\n"}
    rows = read_all(build(files, Options(joliet=True, preparer="Ren\u00e9e Smit")), tmp_path)
    assert rows[0] == (
        "volume: Volume: LPO_HA_0412\nPublisher: LPO\nData preparer: Ren\u00e9e Smit\n"
        "Application: IMGBURN\nSystem: WIN32"
    )
    assert files_of(rows) == {
        "Brief aan dr. Visser.txt": files["Brief aan dr. Visser.txt"],
        "Ren\u00e9e/uitslag.csv": b"a,b\n1,2\n",
    }


@pytest.mark.parametrize("continuation", [False, True])
def test_rock_ridge_names_preferred_over_joliet(tmp_path: Path, continuation: bool) -> None:
    opts = Options(joliet=True, rock_ridge=True, continuation=continuation)
    opts.iso_names = {"Brief aan de huisarts.txt": "BRIEF_AA.TXT;1"}
    assert files_of(read_all(build(ROCK, opts), tmp_path)) == ROCK


def test_a_file_in_several_extents_is_one_member(tmp_path: Path) -> None:
    big = (LETTER * 60).encode()
    assert len(big) > SECTOR
    files = {"groot.txt": big, "klein.txt": b"x"}
    rows = read_all(build(files, Options(multi_extent=("groot.txt",))), tmp_path)
    assert files_of(rows) == {"GROOT.TXT": big, "KLEIN.TXT": b"x"}


def test_a_cut_image_keeps_the_files_it_holds(tmp_path: Path) -> None:
    image = build(FILES)
    cut = image.index(FILES["overzicht.csv"]) + 4
    rows = [r for r in read_all(image[:cut], tmp_path) if not isinstance(r, str)]
    skipped = {r[0]: r[2] for r in rows}
    assert skipped["BRIEF001.TXT"] is None
    assert skipped["OVERZICHT.CSV"] == "its bytes lie past the end of the image (cut short)"


def _root_block(image: bytes | bytearray) -> int:
    return int.from_bytes(image[16 * SECTOR + 158 : 16 * SECTOR + 162], "little")


def test_hostile_directories(tmp_path: Path) -> None:
    image = bytearray(build(FILES))
    root = _root_block(image) * SECTOR
    # The folder ARCHIEF points back at the root: the root is read once.
    at = image.index(b"ARCHIEF", root)
    record = at - 33
    image[record + 2 : record + 10] = both32(_root_block(image))
    names = list(files_of(read_all(bytes(image), tmp_path)))
    assert names == ["BRIEF001.TXT", "OVERZICHT.CSV"]
    # Two files that point at the same bytes: the second is not read again.
    twice = bytearray(build(FILES))
    first, second = twice.index(b"BRIEF001.TXT;1") - 33, twice.index(b"OVERZICHT.CSV;1") - 33
    twice[second + 2 : second + 18] = twice[first + 2 : first + 18]
    rows = {r[0]: r[2] for r in read_all(bytes(twice), tmp_path) if not isinstance(r, str)}
    assert rows["OVERZICHT.CSV"] == "the same bytes as BRIEF001.TXT (read once)"
    # A directory that lies past the image's end, a block size the format does not have.
    gone = bytearray(build(FILES))
    gone[16 * SECTOR + 158 : 16 * SECTOR + 166] = both32(10**6)
    with pytest.raises(ArchiveError, match="lies past its end"):
        read_all(bytes(gone), tmp_path)
    odd = bytearray(build(FILES))
    odd[16 * SECTOR + 128 : 16 * SECTOR + 130] = (3000).to_bytes(2, "little")
    with pytest.raises(ArchiveError, match="logical block"):
        read_all(bytes(odd), tmp_path)
    with pytest.raises(ArchiveError, match="entry limit"):
        read_all(build(FILES), tmp_path, ArchiveLimits(max_entries=2))
    # Folders that overlap, each near the whole image: read until they pass its size.
    wide = bytearray(build({f"map{i}/a.txt": b"a" for i in range(4)}))
    for i in range(4):
        at = wide.index(b"MAP%d" % i, _root_block(wide) * SECTOR) - 33
        wide[at + 2 : at + 18] = both32(16 + i) + both32(len(wide) - (16 + i) * SECTOR)
    with pytest.raises(ArchiveError, match="directories overlap"):
        read_all(bytes(wide), tmp_path)


def test_not_sniffed_as_iso9660() -> None:
    assert sniff_bytes(bytes(40000), "leeg.iso") != FileType.ISO9660
    assert sniff_bytes(b"CD001" * 10, "a.txt") != FileType.ISO9660


def test_random_damage(tmp_path: Path) -> None:
    rng = random.Random(3)
    image = build(ROCK, Options(joliet=True, rock_ridge=True, continuation=True))
    meta = 16 * SECTOR, image.index(LETTER.encode())
    assert files_of(read_all(image, tmp_path)) == ROCK  # (undamaged: all of it)
    for _ in range(150):
        data = bytearray(image)
        for _ in range(rng.randrange(1, 8)):
            data[rng.randrange(*meta)] = rng.randrange(256)
        with contextlib.suppress(ArchiveError):
            read_all(bytes(data), tmp_path)
