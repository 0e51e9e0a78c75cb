"""A zip file cut short (its central directory lost) is read from its local headers."""

from __future__ import annotations

import io
import struct
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from breachscope.config import ArchiveLimits
from breachscope.ingest.archives import ArchiveError, Budget, iter_members
from breachscope.ingest.blob import BytesBlob, LimitExceededError

CSV = b"naam;bsn;geboortedatum\n" + b"".join(
    f"Jansen-{i};111222333;14-03-1981\n".encode() for i in range(400)
)
LETTER = b"Geachte mevrouw De Vries,\n\n" + b"".join(
    f"Monster T24-{i * 7919 % 100000:05d} ontvangen op {i % 28 + 1}-{i % 12 + 1}-2024.\n".encode()
    for i in range(120)
)
MEMBERS = {"export/patienten.csv": CSV, "brieven/brief_001.txt": LETTER, "notes.txt": b"hallo"}


class _Unseekable(io.RawIOBase):
    """A stream zipfile cannot seek in: it writes each member's sizes after its data."""

    def __init__(self) -> None:
        self.out = bytearray()

    def writable(self) -> bool:
        return True

    def write(self, b: object) -> int:
        data = bytes(b)  # type: ignore[call-overload]
        self.out += data
        return len(data)


def _write(
    members: dict[str, bytes], *, streamed: bool = False, stored: str = "", folder: bool = False
) -> bytes:
    sink: io.BytesIO | _Unseekable = _Unseekable() if streamed else io.BytesIO()
    with zipfile.ZipFile(sink, "w", zipfile.ZIP_DEFLATED) as zf:  # type: ignore[arg-type]
        if folder:
            zf.mkdir("export")
        for name, data in members.items():
            method = zipfile.ZIP_STORED if name == stored else zipfile.ZIP_DEFLATED
            zf.writestr(name, data, compress_type=method)
    return bytes(sink.out) if isinstance(sink, _Unseekable) else sink.getvalue()


def _directory(data: bytes) -> int:
    """Where the central directory begins."""
    return data.index(b"PK\x01\x02")


def _read(
    data: bytes, tmp_path: Path, limits: ArchiveLimits | None = None
) -> tuple[list[tuple[str, str | None, bytes | None]], str | None]:
    out: list[tuple[str, str | None, bytes | None]] = []
    error = None
    try:
        for m in iter_members(
            BytesBlob(data), "zip", "a.zip", Budget(limits or ArchiveLimits()), tmp_path
        ):
            content = None
            if m.load is not None:
                with m.load() as loaded, loaded.open() as fh:
                    content = fh.read()
            out.append((m.name, m.skip, content))  # type: ignore[union-attr]
    except ArchiveError as exc:
        error = str(exc)
    return out, error


@pytest.mark.parametrize("streamed", [False, True])
@pytest.mark.parametrize("stored", ["", "notes.txt", "export/patienten.csv"])
def test_a_zip_without_its_central_directory_is_read_whole(
    tmp_path: Path, streamed: bool, stored: str
) -> None:
    data = _write(MEMBERS, streamed=streamed, stored=stored, folder=not streamed)
    rows, error = _read(data[: _directory(data)], tmp_path)
    assert error is None
    assert rows == [(name, None, content) for name, content in MEMBERS.items()]


@pytest.mark.parametrize("streamed", [False, True])
def test_a_zip_cut_inside_a_member_reads_it_as_far_as_it_goes(
    tmp_path: Path, streamed: bool
) -> None:
    data = _write(MEMBERS, streamed=streamed)
    second = data.index(b"brieven/brief_001.txt")
    rows, error = _read(data[: second + 300], tmp_path)
    assert rows[0] == ("export/patienten.csv", None, CSV)
    name, skip, content = rows[1]
    assert name == "brieven/brief_001.txt" and skip is None
    assert content is not None and LETTER.startswith(content) and len(content) < len(LETTER)
    assert len(rows) == 2
    assert error is not None and "cut short" in error and "member 2 only as far" in error
    assert "brief" not in error  # a member's name may hold a patient's: never in a reason


def test_a_cut_in_the_first_header_and_a_lone_signature_are_corrupt(tmp_path: Path) -> None:
    data = _write(MEMBERS)
    for cut in (b"PK\x03\x04" + b"\x00" * 100, data[:20]):
        rows, error = _read(cut, tmp_path)
        assert rows == [] and error is not None and error.startswith("corrupt zip")


def test_garbage_where_a_header_should_stand_ends_the_reading(tmp_path: Path) -> None:
    data = bytearray(_write(MEMBERS))
    second = data.index(b"PK\x03\x04", 4)
    data[second : second + 4] = b"XXXX"
    rows, error = _read(bytes(data[: _directory(bytes(data))]), tmp_path)
    assert rows == [("export/patienten.csv", None, CSV)]
    assert error is not None and "member 2 should stand" in error


def test_a_wrong_crc_fails_the_member(tmp_path: Path) -> None:
    data = bytearray(_write({"a.txt": LETTER}))
    struct.pack_into("<I", data, 14, 12345)  # the local header's CRC-32
    blob = BytesBlob(bytes(data[: _directory(bytes(data))]))
    members = iter_members(blob, "zip", "a.zip", Budget(ArchiveLimits()), tmp_path)
    member = next(members)  # (the generator holds the file open)
    assert member.load is not None
    with pytest.raises(ArchiveError, match="CRC-32"):
        member.load()


def test_encrypted_and_other_methods_are_skipped(tmp_path: Path) -> None:
    data = bytearray(_write({"a.txt": LETTER, "b.txt": b"hallo"}))
    struct.pack_into("<H", data, 6, 1)  # the first member's flags: encrypted
    second = data.index(b"PK\x03\x04", 4)
    struct.pack_into("<H", data, second + 8, 12)  # the second's method: bzip2
    rows, error = _read(bytes(data[: _directory(bytes(data))]), tmp_path)
    assert error is None
    assert [(n, s) for n, s, _ in rows] == [
        ("a.txt", "encrypted"),
        ("b.txt", "compression method 12 (not read without the central directory)"),
    ]


def test_a_member_that_inflates_past_the_limit_stops(tmp_path: Path) -> None:
    data = _write({"bom.txt": b"\x00" * 5_000_000}, streamed=True)  # sizes after the data
    blob = BytesBlob(data[: _directory(data)])
    limits = ArchiveLimits(max_member_bytes=1_000_000)
    members = iter_members(blob, "zip", "a.zip", Budget(limits), tmp_path)
    member = next(members)
    assert member.load is not None
    with pytest.raises(LimitExceededError):
        member.load()
    with pytest.raises(ArchiveError, match="member 1 inflates past 1000000 bytes"):
        next(members)


def test_the_entry_limit_holds(tmp_path: Path) -> None:
    data = _write({f"{i}.txt": b"x" for i in range(5)})
    _, error = _read(data[: _directory(data)], tmp_path, ArchiveLimits(max_entries=3))
    assert error is not None and "too many entries" in error


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.data())
def test_any_cut_reads_whole_members_whole_and_the_cut_one_as_a_prefix(
    tmp_path: Path, data: st.DataObject
) -> None:
    streamed = data.draw(st.booleans())
    whole = _write(MEMBERS, streamed=streamed, stored=data.draw(st.sampled_from(["", "notes.txt"])))
    cut = data.draw(st.integers(1, len(whole)))
    try:
        rows, _ = _read(whole[:cut], tmp_path)
    except LimitExceededError:
        return
    originals = list(MEMBERS.items())
    for i, (name, skip, content) in enumerate(rows):
        assert name == originals[i][0] and skip is None
        assert content is not None and originals[i][1].startswith(content)
    assert all(content == originals[i][1] for i, (_, _, content) in enumerate(rows[:-1]))


def test_a_skipped_member_without_its_sizes_ends_the_reading_with_the_reason(
    tmp_path: Path,
) -> None:
    data = bytearray(_write({"a.txt": LETTER, "b.txt": b"hallo"}, streamed=True))
    struct.pack_into("<H", data, 6, 0x9)  # the first member: encrypted, sizes after its data
    rows, error = _read(bytes(data[: _directory(bytes(data))]), tmp_path)
    assert [(n, s) for n, s, _ in rows] == [("a.txt", "encrypted")]
    assert error is not None and "member 1 keeps its sizes after its data" in error
