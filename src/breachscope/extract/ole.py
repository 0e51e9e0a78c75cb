"""OLE2 compound files (Outlook ``.msg``, Word 97-2003 ``.doc``) opened with olefile (BSD):
the size checks, and the one way bad input ends, shared by their readers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import olefile  # type: ignore[import-untyped]

from breachscope.config import Config
from breachscope.extract.base import ExtractError, SkipFile, Source

T = TypeVar("T")


def read_ole(source: Source, config: Config, what: str, read: Callable[[Any], T]) -> T:
    """``read(ole)`` of the compound file ``source`` (a ``what``: "msg file"), closed
    after; an empty file is skipped, a too large, unreadable or corrupt one fails with
    the reason (olefile raises OSError and others for bad input)."""
    if source.size == 0:
        raise SkipFile("empty file")
    if source.size > config.batch_bytes:
        raise ExtractError(f"{what} larger than {config.batch_bytes} bytes")
    with source.open() as fh:
        try:
            ole = olefile.OleFileIO(fh)
        except Exception as exc:
            raise ExtractError(f"not a readable {what} ({type(exc).__name__})") from None
        try:
            return read(ole)
        except ExtractError:
            raise
        except Exception as exc:
            raise ExtractError(f"corrupt {what} ({type(exc).__name__})") from None
        finally:
            ole.close()
