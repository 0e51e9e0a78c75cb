"""The order in which a scan reads the dump: structured files first.

Files whose detected type a structured extractor reads (tables, HL7, EDIFACT, JSON, SQL:
``Extractor.structured``) are scanned in a first phase; the surnames of their name
columns then make the name register (:mod:`breachscope.detect.register`), with which
every other file is read in the second phase. The driver tells the phases apart by
sniffing each pending file as a worker will (:func:`breachscope.ingest.filetype.sniff`,
about 0.15 ms a file from the page cache; threads overlap the reads of a cold disk); a file
it cannot open goes to the second phase, where its worker records why it could not be
read.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from itertools import islice
from pathlib import PurePosixPath

from breachscope.engine.batch import ScanItem
from breachscope.ingest.blob import NotRegularFileError, open_regular
from breachscope.ingest.filetype import sniff


def is_structured(item: ScanItem, types: frozenset[str]) -> bool:
    """Whether ``item`` sniffs as one of ``types`` (False when it cannot be read)."""
    try:
        with open_regular(item.fs_path) as fh:
            return str(sniff(fh, PurePosixPath(item.path).name)) in types
    except (OSError, NotRegularFileError):
        return False


def structured_items(
    items: Iterable[ScanItem], types: frozenset[str], threads: int = 4
) -> list[ScanItem]:
    """The structured files among ``items`` (in their order), sniffed on ``threads``
    threads a page of items at a time."""
    if not types:
        return []
    found: list[ScanItem] = []
    with ThreadPoolExecutor(max_workers=max(1, threads)) as pool:
        for page in _pages(iter(items), PAGE):
            hits = pool.map(lambda i: is_structured(i, types), page)
            found.extend(i for i, hit in zip(page, hits, strict=True) if hit)
    return found


PAGE = 4096
"""Items sniffed per round of the thread pool (memory stays bounded by the page)."""


def _pages(items: Iterator[ScanItem], size: int) -> Iterator[list[ScanItem]]:
    while page := list(islice(items, size)):
        yield page
