"""An archive's members as the ingest tests compare them: each member's name, kind, reason
for a skip and bytes (read from its spool, which is closed again)."""

from __future__ import annotations

from pathlib import Path

from breachscope.config import ArchiveLimits
from breachscope.ingest.archives import Budget, iter_members
from breachscope.ingest.blob import BytesBlob, FileBlob
from breachscope.ingest.members import Member


def member_bytes(member: Member) -> bytes | None:
    """The bytes of ``member`` (``None`` where it is skipped: nothing to load)."""
    if member.load is None:
        return None
    with member.load() as loaded, loaded.open() as fh:
        return fh.read()


def read_all(
    data: bytes | Path,
    ftype: str,
    spool: Path,
    name: str = "a",
    limits: ArchiveLimits | None = None,
) -> list[tuple[str, str, str | None, bytes | None]]:
    """``(name, kind, skip, bytes)`` of each member of the archive ``data`` (bytes, or a
    file) of type ``ftype``, named ``name``."""
    blob = FileBlob(str(data), data.stat().st_size) if isinstance(data, Path) else BytesBlob(data)
    out = []
    for m in iter_members(blob, ftype, name, Budget(limits or ArchiveLimits()), spool):
        assert isinstance(m, Member), m  # (an archive's own text is read by other tests)
        out.append((m.name, m.kind, m.skip, member_bytes(m)))
    return out
