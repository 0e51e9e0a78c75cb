"""SQLite write-ahead logs as ``sqlite3`` leaves them beside a database still open: what
the tests of the WAL reader (and of the files its BLOBs hold) read."""

from __future__ import annotations

import os
import sqlite3
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path


def sqlite_wal(
    write: Callable[[sqlite3.Connection], None], pragmas: Sequence[str] = ("page_size = 1024",)
) -> bytes:
    """The ``-wal`` file of a new database in WAL mode that never checkpoints (set up by
    ``pragmas`` first, then written by ``write``), read before it is closed."""
    with tempfile.TemporaryDirectory() as folder:
        name = os.path.join(folder, "x.db")
        con = sqlite3.connect(name, isolation_level=None)
        for pragma in pragmas:
            con.execute(f"PRAGMA {pragma}")
        con.execute("PRAGMA journal_mode = WAL")
        con.execute("PRAGMA wal_autocheckpoint = 0")
        write(con)
        data = Path(name + "-wal").read_bytes()
        con.close()
    return data
