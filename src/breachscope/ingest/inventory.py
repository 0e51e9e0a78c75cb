"""The inventory of a dump: every entry of a folder (or the one archive given as DUMP).

Directories are opened with ``O_NOFOLLOW | O_DIRECTORY`` relative to their parent, so a
symlink is never followed, whatever it points at (a loop, ``/``, another disk). Entries
are only ``lstat``-ed here: regular files are read later by the workers, everything else
(symlinks, FIFOs, sockets, devices, unlistable directories) becomes a ``skipped`` or
``failed`` manifest row and is never opened.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from breachscope.ingest.blob import CHUNK, open_regular
from breachscope.ingest.filetype import FileType
from breachscope.location import ARCHIVE_SEP

REGULAR = "file"


@dataclass(frozen=True, slots=True)
class Entry:
    """One entry of the dump."""

    path: str
    """Path inside the dump, ``/``-separated (undecodable bytes as ``\\xNN``)."""
    fs_path: str
    """Where it lies on this machine (``os.fsdecode`` form; pass to ``os.open``)."""
    kind: str
    """``file`` for a regular file, else the non-regular kind (a FileType name)."""
    size: int
    reason: str | None = None
    """Why a non-regular entry is not read."""
    failed: bool = False
    """True when the entry could not be examined (e.g. permission denied)."""


def display_name(raw: str) -> str:
    """A file name as stored in the manifest: valid UTF-8; never ``!/`` once joined."""
    text = os.fsencode(raw).decode("utf-8", "backslashreplace")
    text = text.replace(ARCHIVE_SEP, "!%2F")
    return text[:-1] + "%21" if text.endswith("!") else text


def walk(dump: Path) -> Iterator[Entry]:
    """Yield every entry of the dump folder in a stable (sorted) order.

    A regular file given as ``dump`` yields that one file, named by its base name.
    """
    st = os.stat(dump)  # the dump argument itself may be a link the user chose
    if stat.S_ISREG(st.st_mode):
        yield Entry(display_name(dump.name), os.fspath(dump.resolve()), REGULAR, st.st_size)
        return
    if not stat.S_ISDIR(st.st_mode):
        raise NotADirectoryError(f"{dump} is neither a folder nor a regular file")
    root = os.fspath(dump.resolve())
    fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY)
    try:
        yield from _walk_dir(fd, root, "")
    finally:
        os.close(fd)


def _walk_dir(dir_fd: int, fs_dir: str, rel_dir: str) -> Iterator[Entry]:
    try:
        names = sorted(os.listdir(dir_fd), key=os.fsencode)
    except OSError as exc:
        yield Entry(
            rel_dir or ".",
            fs_dir,
            FileType.DIRECTORY,
            0,
            f"cannot list directory: {exc.strerror}",
            failed=True,
        )
        return
    for name in names:
        rel = f"{rel_dir}/{display_name(name)}" if rel_dir else display_name(name)
        fs_path = os.path.join(fs_dir, name)
        try:
            st = os.lstat(name, dir_fd=dir_fd)
        except OSError as exc:
            yield Entry(rel, fs_path, FileType.UNKNOWN, 0, f"cannot stat: {exc.strerror}", True)
            continue
        mode = st.st_mode
        if stat.S_ISDIR(mode):
            flags = os.O_RDONLY | os.O_DIRECTORY | getattr(os, "O_NOFOLLOW", 0)
            try:
                sub = os.open(name, flags, dir_fd=dir_fd)
            except OSError as exc:
                yield Entry(
                    rel,
                    fs_path,
                    FileType.DIRECTORY,
                    0,
                    f"cannot open directory: {exc.strerror}",
                    True,
                )
                continue
            try:
                yield from _walk_dir(sub, fs_path, rel)
            finally:
                os.close(sub)
        elif stat.S_ISREG(mode):
            yield Entry(rel, fs_path, REGULAR, st.st_size)
        else:
            kind, reason = _non_regular(mode)
            yield Entry(rel, fs_path, kind, 0, reason)


def _non_regular(mode: int) -> tuple[str, str]:
    if stat.S_ISLNK(mode):
        return FileType.SYMLINK, "symlink (not followed)"
    if stat.S_ISFIFO(mode):
        return FileType.FIFO, "fifo (not opened)"
    if stat.S_ISSOCK(mode):
        return FileType.SOCKET, "socket (not opened)"
    if stat.S_ISBLK(mode):
        return FileType.DEVICE, "block device (not opened)"
    if stat.S_ISCHR(mode):
        return FileType.DEVICE, "character device (not opened)"
    return FileType.UNKNOWN, f"special file of mode {stat.S_IFMT(mode):o} (not opened)"


def sha256_file(fs_path: str) -> str:
    """SHA-256 of a regular file of the dump (opened safely, read in 1 MiB blocks)."""
    digest = hashlib.sha256()
    with open_regular(fs_path) as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()
