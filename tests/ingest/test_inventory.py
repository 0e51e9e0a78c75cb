"""The dump walk: every entry accounted for, nothing followed or opened that could block."""

from __future__ import annotations

import hashlib
import os
import socket
import threading
from pathlib import Path

import pytest

from breachscope.ingest.blob import (
    LimitExceededError,
    NotRegularFileError,
    open_regular,
    read_into_blob,
)
from breachscope.ingest.inventory import display_name, sha256_file, walk


def _entries(dump: Path) -> dict[str, tuple[str, str | None]]:
    return {e.path: (e.kind, e.reason) for e in walk(dump)}


def test_walk_records_every_kind(tmp_path: Path) -> None:
    dump = tmp_path / "dump"
    (dump / "sub" / "deeper").mkdir(parents=True)
    (dump / "a.csv").write_text("a,b\n")
    (dump / "sub" / "deeper" / "b.txt").write_text("x")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("never listed")
    os.symlink(outside, dump / "to_outside")
    os.symlink("loop_b", dump / "loop_a")
    os.symlink("loop_a", dump / "loop_b")
    os.symlink(dump, dump / "sub" / "to_root")
    os.mkfifo(dump / "pipe")
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(dump / "sock"))
    try:
        found = _entries(dump)
    finally:
        sock.close()
    assert found == {
        "a.csv": ("file", None),
        "loop_a": ("symlink", "symlink (not followed)"),
        "loop_b": ("symlink", "symlink (not followed)"),
        "pipe": ("fifo", "fifo (not opened)"),
        "sock": ("socket", "socket (not opened)"),
        "sub/deeper/b.txt": ("file", None),
        "sub/to_root": ("symlink", "symlink (not followed)"),
        "to_outside": ("symlink", "symlink (not followed)"),
    }


def test_walk_is_sorted_and_sizes_are_right(tmp_path: Path) -> None:
    for name, size in (("b", 3), ("a", 1), ("c/z", 2)):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_bytes(b"x" * size)
    entries = list(walk(tmp_path))
    assert [(e.path, e.size) for e in entries] == [("a", 1), ("b", 3), ("c/z", 2)]
    assert all(Path(e.fs_path).is_file() for e in entries)


def test_single_file_dump(tmp_path: Path) -> None:
    (tmp_path / "export.zip").write_bytes(b"PK\x05\x06" + bytes(18))
    [entry] = walk(tmp_path / "export.zip")
    assert (entry.path, entry.kind, entry.size) == ("export.zip", "file", 22)


def test_undecodable_and_separator_names(tmp_path: Path) -> None:
    raw = os.fsencode(str(tmp_path)) + b"/bad\xff.csv"
    with open(raw, "wb") as fh:
        fh.write(b"x")
    (tmp_path / "odd!").mkdir()
    (tmp_path / "odd!" / "f.csv").write_text("y")
    paths = sorted(e.path for e in walk(tmp_path))
    assert paths == ["bad\\xff.csv", "odd%21/f.csv"]
    assert all("!/" not in p for p in paths)


@pytest.mark.parametrize(("raw", "shown"), [("a.csv", "a.csv"), ("x!", "x%21"), ("a!b", "a!b")])
def test_display_name(raw: str, shown: str) -> None:
    assert display_name(raw) == shown


def test_unlistable_directory_is_failed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "a").write_text("x")
    (tmp_path / "b").write_text("y")
    real_listdir = os.listdir
    calls = []

    def listdir(fd: int) -> list[str]:
        calls.append(fd)
        if len(calls) == 2:
            raise PermissionError(13, "Permission denied")
        return real_listdir(fd)

    monkeypatch.setattr(os, "listdir", listdir)
    entries = {e.path: (e.kind, e.reason, e.failed) for e in walk(tmp_path)}
    assert entries == {
        "b": ("file", None, False),
        "locked": ("directory", "cannot list directory: Permission denied", True),
    }


def test_open_regular_never_blocks_or_follows(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe")
    (tmp_path / "real").write_bytes(b"data")
    os.symlink(tmp_path / "real", tmp_path / "link")
    result: list[BaseException] = []

    def try_fifo() -> None:
        try:
            open_regular(str(tmp_path / "pipe"))
        except BaseException as exc:
            result.append(exc)

    t = threading.Thread(target=try_fifo, daemon=True)
    t.start()
    t.join(5)
    assert not t.is_alive(), "opening a FIFO blocked"
    assert isinstance(result[0], NotRegularFileError)
    with pytest.raises(OSError):
        open_regular(str(tmp_path / "link"))
    with open_regular(str(tmp_path / "real")) as fh:
        assert fh.read() == b"data"


def test_sha256_file(tmp_path: Path) -> None:
    data = os.urandom(3 * 1024**2 + 7)
    (tmp_path / "f").write_bytes(data)
    assert sha256_file(str(tmp_path / "f")) == hashlib.sha256(data).hexdigest()


def test_read_into_blob_memory_spool_and_limit(tmp_path: Path) -> None:
    import io

    small = read_into_blob(io.BytesIO(b"abc"), tmp_path, limit=10, memory_bytes=4)
    assert small.size == 3 and list(tmp_path.iterdir()) == []
    big = read_into_blob(io.BytesIO(b"abcdefgh"), tmp_path, limit=10, memory_bytes=4)
    assert big.size == 8 and len(list(tmp_path.iterdir())) == 1
    with big.open() as fh:
        assert fh.read() == b"abcdefgh"
    big.close()
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(LimitExceededError):
        read_into_blob(io.BytesIO(b"x" * 11), tmp_path, limit=10, memory_bytes=4)
    with pytest.raises(LimitExceededError):
        read_into_blob(io.BytesIO(b"x" * 11), tmp_path, limit=10, memory_bytes=100)
    assert list(tmp_path.iterdir()) == []
