"""Reading one file into units for ``breachscope detect FILE``: through the built-in
extractor that reads the file's detected type (found in the catalog,
:mod:`breachscope.extract.catalog`, so that only its module is imported), else as
decoded text. Child files (e-mail attachments) are read the same way, one level deep."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

from breachscope.config import Config
from breachscope.extract.base import ChildFile, ExtractError, SkipFile, Source
from breachscope.extract.catalog import ENTRIES
from breachscope.extract.units import TableUnit, TextUnit, Unit
from breachscope.location import ARCHIVE_SEP, Location

MAX_DEPTH = 2
_ARCHIVES = frozenset(
    {"zip", "tar", "gzip", "bzip2", "xz", "zstd", "7z", "cab", "cpio", "ar", "iso9660"}
    | {"compress", "lzip", "lzop", "android-backup", "rar"}
)
"""Detected types of an archive (:data:`breachscope.ingest.filetype.ARCHIVE_TYPES` and
``rar``): its members are files of their own, which ``scan`` reads; read as text it gave
nothing, and said so."""


def _decode(data: bytes) -> str:
    for enc in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def _sniff(data: bytes, name: str) -> str:
    try:
        from breachscope.ingest.filetype import sniff_bytes
    except ImportError:  # pragma: no cover - ingest not installed
        return "text"
    return str(sniff_bytes(data, name))


def units_of_bytes(
    data: bytes, path: str, config: Config, depth: int = 0, skipped: list[str] | None = None
) -> Iterator[Unit]:
    """Units of one file's bytes (``path`` names it in every location). A file inside it
    that cannot be read (a saved web page's image, with OCR off) does not stop the rest:
    the reason goes to ``skipped`` (where given) and the other parts are read."""
    ftype = _sniff(data, path)
    if depth == 0 and ftype in _ARCHIVES:
        raise SkipFile(
            f"an archive ({ftype}): `breachscope detect` reads one file; "
            "scan the archive with `breachscope scan`"
        )
    entry = next((e for e in ENTRIES if ftype in e.types), None)  # (its module alone imported)
    if entry is None:
        yield TextUnit(Location(path), _decode(data))
        return
    source = Source(path, ftype, len(data), lambda: io.BytesIO(data))
    for item in entry.load()().extract(source, config):
        if isinstance(item, TextUnit | TableUnit):
            yield item
        elif isinstance(item, ChildFile) and depth < MAX_DEPTH:
            name = f"{path}{ARCHIVE_SEP}{item.name}"
            try:
                yield from units_of_bytes(item.data, name, config, depth + 1, skipped)
            except (ExtractError, SkipFile) as exc:  # value-free by contract
                if skipped is not None:
                    skipped.append(str(exc))


def units_of_file(path: Path, config: Config, skipped: list[str] | None = None) -> list[Unit]:
    return list(units_of_bytes(path.read_bytes(), path.name, config, skipped=skipped))
