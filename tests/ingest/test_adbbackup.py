"""Android backups (``adb backup``'s ``.ab``), written as Android's BackupManagerService
writes them: the header lines, then a tar, zlib compressed or not."""

from __future__ import annotations

import contextlib
import io
import tarfile
import zlib
from pathlib import Path

import pytest

from breachscope.config import ArchiveLimits
from breachscope.ingest.archives import (
    ArchiveError,
    ArchiveSkippedError,
    ArchiveText,
    Budget,
    iter_members,
)
from breachscope.ingest.blob import BytesBlob, LimitExceededError
from breachscope.ingest.filetype import FileType, sniff_bytes

from .readmembers import member_bytes

PREFS = (
    b"<?xml version='1.0' encoding='utf-8' standalone='yes' ?>\n<map>\n"
    b'<string name="laatste_patient">{&quot;naam&quot;: &quot;Petra Jansen&quot;, '
    b"&quot;bsn&quot;: &quot;111222333&quot;}</string>\n</map>\n"
)
SMS = b"Beste mevrouw Bakker, wilt u de praktijk terugbellen?\n"


def _tar() -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.USTAR_FORMAT) as tf:
        for name, data in [
            ("apps/nl.velve.terugbel/_manifest", b"1\nnl.velve.terugbel\n"),
            ("apps/nl.velve.terugbel/sp/prefs.xml", PREFS),
            ("apps/nl.velve.terugbel/f/concept_sms.txt", SMS),
        ]:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))
    return buf.getvalue()


def backup(
    data: bytes, compressed: bool = True, version: int = 5, encryption: str = "none"
) -> bytes:
    head = f"ANDROID BACKUP\n{version}\n{int(compressed)}\n{encryption}\n".encode()
    if encryption != "none":
        head += b"AB12\nCD34\n10000\nEF56\n0011\n"
    return head + (zlib.compress(data) if compressed else data)


def read(
    data: bytes, spool: Path, limits: ArchiveLimits | None = None
) -> list[tuple[str, bytes | None]]:
    out = []
    for m in iter_members(
        BytesBlob(data),
        "android-backup",
        "x/backup_app.ab",
        Budget(limits or ArchiveLimits()),
        spool,
    ):
        out.append((m.name, member_bytes(m)))
    return out


EXPECTED = [
    ("apps/nl.velve.terugbel/_manifest", b"1\nnl.velve.terugbel\n"),
    ("apps/nl.velve.terugbel/sp/prefs.xml", PREFS),
    ("apps/nl.velve.terugbel/f/concept_sms.txt", SMS),
]


@pytest.mark.parametrize(("compressed", "version"), [(True, 5), (False, 5), (True, 1)])
def test_tar_members_read(tmp_path: Path, compressed: bool, version: int) -> None:
    data = backup(_tar(), compressed, version)
    assert sniff_bytes(data, "a.ab") == FileType.ANDROID_BACKUP
    assert read(data, tmp_path) == EXPECTED


def test_data_that_is_not_a_tar_is_one_member(tmp_path: Path) -> None:
    assert read(backup(SMS), tmp_path) == [("backup_app.tar", SMS)]


def test_encrypted_backup_skipped(tmp_path: Path) -> None:
    with pytest.raises(ArchiveSkippedError, match="encrypted Android backup"):
        read(backup(_tar(), encryption="AES-256"), tmp_path)


@pytest.mark.parametrize(
    "data",
    [
        b"ANDROID BACKUP\n5\n1\n",
        b"ANDROID BACKUP\nvijf\n1\nnone\n" + zlib.compress(b"x"),
        b"ANDROID BACKUP\n5\n2\nnone\n",
        b"ANDROID BACKUP\n5\n1\nnone\n" + b"\x00\x01 geen zlib",
        b"ANDROID BACKUP\n5\n1\nnone\n" + zlib.compress(_tar())[:300],
    ],
)
def test_damaged_backups(tmp_path: Path, data: bytes) -> None:
    with pytest.raises(ArchiveError):
        read(data, tmp_path)


def test_cut_short_after_the_first_members(tmp_path: Path) -> None:
    data = backup(_tar(), compressed=False)
    got = []
    with pytest.raises(ArchiveError, match="corrupt tar"):
        for m in iter_members(
            BytesBlob(data[:1600]), "android-backup", "a.ab", Budget(ArchiveLimits()), tmp_path
        ):
            got.append(m.name)
            if m.load is not None:
                with contextlib.suppress(tarfile.ReadError):  # the member's own failure
                    m.load()
    assert got[:1] == ["apps/nl.velve.terugbel/_manifest"]


def test_bomb_stops_on_ratio(tmp_path: Path) -> None:
    members = iter_members(
        BytesBlob(backup(bytes(64 * 1024**2))),
        "android-backup",
        "a.ab",
        Budget(ArchiveLimits()),
        tmp_path,
    )
    member = next(members)
    assert not isinstance(member, ArchiveText) and member.load is not None
    with pytest.raises(LimitExceededError, match="compression ratio"):
        member.load()
    assert not any(tmp_path.glob("*"))
