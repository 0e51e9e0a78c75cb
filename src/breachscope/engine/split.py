"""Large CSV/TSV files, cut at record boundaries into parts that workers read at once.

A lab's history export is often one file of gigabytes. Read whole, it keeps one worker
busy while the others wait. The driver reads such a file once (taking the SHA-256 the
manifest needs on the way, so no part hashes the file again) and cuts it into parts of
at least ``Config.split_bytes``; each part is a :class:`~breachscope.engine.batch.ScanItem`
with a :class:`~breachscope.extract.base.Span`, all of them one batch (one transaction),
and the runner joins their manifest rows into the file's one row
(:mod:`breachscope.engine.parts`).

Boundaries. A part starts right after a line feed that lies outside every quoted value.
With RFC 4180 quoting (a quote inside a quoted value is doubled) that holds exactly where
the number of quote characters before it is even. A stray quote inside an unquoted value
(``5'11"``) is a literal to the parser and breaks that rule; :class:`QuoteState` finds the
first quote that counting cannot vouch for, and no cut falls after it. Every boundary is
also checked: the records after it must read, with the csv module, as records of the
header's width. A cut without a checked boundary within :data:`SEARCH_BYTES` of its
target is dropped (fewer parts); a file without any is read whole. Only ASCII-compatible
encodings (UTF-8, cp1252) are cut: there a quote and a line feed are single bytes that
stand for themselves.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import PurePosixPath
from typing import Any, BinaryIO

import numpy as np

from breachscope.engine.batch import ScanItem
from breachscope.engine.store import pending_cost
from breachscope.extract.base import Span
from breachscope.extract.csvsniff import HEAD_BYTES, Layout, records, sniff, text_lines
from breachscope.extract.encoding import detect_stream
from breachscope.ingest.blob import open_regular
from breachscope.ingest.filetype import FileType
from breachscope.ingest.filetype import sniff as sniff_type

SPLIT_TYPES = frozenset({FileType.CSV, FileType.TSV})
BLOCK_BYTES = 1 << 20
SEARCH_BYTES = 1 << 20
"""How far past its target a cut may move to find a checked boundary."""
CHECK_BYTES = 64 * 1024
CHECK_RECORDS = 8
"""Records read after a boundary to check it (fewer at the end of the file)."""


@dataclass(frozen=True, slots=True)
class Plan:
    """How to read one file in parts."""

    sha256: str | None
    """The file's SHA-256 (``None`` when not asked for)."""
    spans: tuple[Span, ...]


@dataclass(frozen=True, slots=True)
class SplitRule:
    """Which files are cut, and into how many parts.

    A file is cut only when it alone costs more than a worker's fair ``share`` of the
    pending work (in the cost of :func:`~breachscope.engine.store.pending_cost`): below
    that the other workers have enough else to do, and a cut costs CPU (each part reads
    the header, classifies the columns and validates again values that the other parts
    validate too). It gets a part per share it costs, at most one per worker, each of at
    least ``split_bytes``.
    """

    split_bytes: int
    workers: int
    share: int

    @classmethod
    def for_pending(cls, split_bytes: int, workers: int, cost: int) -> SplitRule:
        """The rule for pending files of ``cost`` in all (:func:`pending_cost`)."""
        return cls(split_bytes, workers, cost // max(1, workers))

    @property
    def min_size(self) -> int:
        """The smallest file that may be cut."""
        return 2 * self.split_bytes

    def parts(self, size: int) -> int:
        if self.split_bytes <= 0 or self.workers < 2 or size < self.min_size:
            return 1
        cost = pending_cost(1, size)
        if cost <= self.share:
            return 1
        shares = -(-cost // max(1, self.share))
        return max(1, min(self.workers, size // self.split_bytes, shares))


def split_batches(
    batches: Iterable[list[ScanItem]],
    rule: SplitRule,
    digest: bool = True,
    on_split: Callable[[ScanItem, Plan], None] | None = None,
) -> Iterator[list[ScanItem]]:
    """``batches`` with each lone file that ``rule`` cuts replaced by the batch of its
    parts, when it is a CSV/TSV file that can be cut (``digest``: with the file's SHA-256
    in each part; ``on_split`` hears of each file cut)."""
    for batch in batches:
        if len(batch) == 1 and batch[0].span is None and not batch[0].poison:
            item = batch[0]
            parts = rule.parts(item.size)
            plan = None
            if parts > 1:
                plan = plan_split(item.fs_path, item.path, item.size, parts, digest)
            if plan is not None:
                if on_split is not None:
                    on_split(item, plan)
                sha = plan.sha256 or item.sha256
                yield [replace(item, sha256=sha, span=s) for s in plan.spans]
                continue
        yield batch


def plan_split(fs_path: str, path: str, size: int, parts: int, digest: bool = True) -> Plan | None:
    """Cut the file into about ``parts`` parts; ``None`` when it is not to be cut (not a
    CSV/TSV file, not ASCII-compatible, no checked boundary, unreadable: the worker then
    reads it whole and records why it cannot be read, if so). ``digest``: take the file's
    SHA-256 on the way."""
    if parts < 2:
        return None
    try:
        with open_regular(fs_path) as fh:  # never a FIFO swapped in after the inventory
            layout = _layout(fh, PurePosixPath(path).name)
            if layout is None:
                return None
            return _plan(fh, size, parts, layout, hashlib.sha256() if digest else None)
    except OSError:
        return None


@dataclass(frozen=True, slots=True)
class _Layout:
    layout: Layout
    codec: str
    bom_len: int


def _layout(fh: BinaryIO, name: str) -> _Layout | None:
    ftype = sniff_type(fh, name)
    if ftype not in SPLIT_TYPES:
        return None
    enc = detect_stream(fh)
    if not enc.ascii_compatible:
        return None
    head = fh.read(HEAD_BYTES)
    layout = sniff(head, len(head) < HEAD_BYTES, enc, ftype)
    if layout.width < 2 or layout.data_offset < 0:
        return None
    return _Layout(layout, enc.codec, enc.bom_len)


def _plan(fh: BinaryIO, size: int, parts: int, how: _Layout, digest: Any | None) -> Plan | None:
    first = max(how.layout.data_offset, 1)
    targets = [size * i // parts for i in range(1, parts)]
    targets = [t for t in targets if t > first]
    cuts: list[tuple[int, int]] = []  # (offset, first line)
    quotes = QuoteState(how.layout.delimiter, how.bom_len)
    fh.seek(0)
    pos = breaks = 0
    cr_before = False  # the previous block ended with "\r"
    search_from: int | None = None
    while True:
        block = _read_block(fh)
        if not block:
            break
        if digest is not None:
            digest.update(block)
        end = pos + len(block)
        inside = quotes.inside
        trusted = quotes.scan(block, pos, pos + len(block) >= size)
        while targets:
            target = targets[0]
            if cuts and target <= cuts[-1][0]:
                targets.pop(0)  # an earlier cut moved past it
                continue
            if target >= end:
                break
            if target >= trusted:
                targets.clear()  # quotes no longer tell where records end
                break
            start = max(target, pos, search_from or 0) - pos
            found, last = _boundary(
                fh, block[: trusted - pos], start, pos, inside, breaks, cr_before, how
            )
            if found is not None:
                cuts.append(found)
                targets.pop(0)
                search_from = None
            elif last - target > SEARCH_BYTES or end >= size or trusted < end:
                targets.pop(0)  # no boundary near it: one part fewer
                search_from = None
            else:
                search_from = end  # go on in the next block
                break
        breaks += _breaks(block) - (1 if cr_before and block.startswith(b"\n") else 0)
        cr_before = block.endswith(b"\r")
        pos = end
    if pos != size or not cuts:
        return None  # the file changed while it was read, or no boundary
    starts = [(0, 1), *cuts]
    ends = [c[0] for c in cuts] + [size]
    count = len(starts)
    spans = tuple(
        Span(i, count, start, end, line)
        for i, ((start, line), end) in enumerate(zip(starts, ends, strict=True))
    )
    return Plan(digest.hexdigest() if digest is not None else None, spans)


def _read_block(fh: BinaryIO) -> bytes:
    """The next block, extended so that it does not end inside a run of quotes (what
    follows a run tells whether it closes a value)."""
    block = fh.read(BLOCK_BYTES)
    while block.endswith(b'"'):
        more = fh.read(4096)
        if not more:
            break
        block += more
    return block


class QuoteState:
    """Whether the quotes read so far mean what counting them says.

    A parser treats a quote as special only at the start of a value or inside a quoted
    value; elsewhere it is a literal (``5'11"``). Counting agrees with the parser as long
    as every run of an odd number of quotes that opens a value stands at the start of one
    (after a delimiter, a line break or the file's start) and every one that closes a
    value stands at its end (before one of those or the end of the file); runs of an even
    number change nothing either way. :meth:`scan` finds the first run that breaks this
    rule: from there on, nothing is trusted.
    """

    def __init__(self, delimiter: str, bom_len: int) -> None:
        self.inside = 0
        """1 inside a quoted value (after the bytes scanned so far)."""
        self.broken = False
        self._separators = np.array([ord(delimiter), 10, 13], dtype=np.uint8)
        self._prev = 10  # the start of the file counts as a line start
        self._bom_len = bom_len

    def scan(self, block: bytes, pos: int, last: bool) -> int:
        """Take in ``block`` (at offset ``pos``; ``last``: the file ends with it); return
        the offset up to which counting quotes is trusted."""
        if self.broken:
            return pos
        end = pos + len(block)
        if b'"' not in block:
            self._prev = block[-1]
            return end
        a = np.frombuffer(block, dtype=np.uint8)
        q = np.flatnonzero(a == 34)
        new = np.ones(len(q), dtype=np.bool_)
        new[1:] = q[1:] != q[:-1] + 1
        starts = q[new]
        ends = q[np.append(new[1:], True)]
        prev = a[np.maximum(starts - 1, 0)]
        prev[starts == 0] = self._prev
        if pos == 0 and self._bom_len:
            prev[starts == self._bom_len] = 10
        after = ends + 1
        at_end = after >= len(a)
        follow = a[np.minimum(after, len(a) - 1)]
        opens_here = np.isin(prev, self._separators)
        closes_here = np.isin(follow, self._separators) | (at_end & last)
        toggles = np.flatnonzero((ends - starts) % 2 == 0)  # runs of odd length
        opening = (np.arange(len(toggles)) + self.inside) % 2 == 0
        fits = np.where(opening, opens_here[toggles], closes_here[toggles])
        bad = np.flatnonzero(~fits)
        if len(bad):
            self.broken = True
            return pos + int(starts[toggles[bad[0]]])
        self.inside = (self.inside + len(toggles)) % 2
        self._prev = block[-1]
        return end


def _boundary(
    fh: BinaryIO,
    block: bytes,
    start: int,
    pos: int,
    inside: int,
    breaks: int,
    cr_before: bool,
    how: _Layout,
) -> tuple[tuple[int, int] | None, int]:
    """The first checked boundary in ``block[start:]`` (``inside``: 1 when the block starts
    inside a quoted value): ((offset, first line), _) or (None, offset searched up to)."""
    counted = 0
    q = inside
    i = block.find(b"\n", start)
    while i >= 0:
        q += block.count(b'"', counted, i)
        counted = i
        offset = pos + i + 1
        if q % 2 == 0 and _checked(fh, offset, how):
            seen = block[: i + 1]
            lines = breaks + _breaks(seen) - (1 if cr_before and seen.startswith(b"\n") else 0)
            return (offset, lines + 1), offset
        i = block.find(b"\n", i + 1)
    return None, pos + len(block)


def _breaks(data: bytes) -> int:
    """Line breaks in ``data``: ``\\n``, ``\\r`` and ``\\r\\n`` count once each."""
    a = np.frombuffer(data, dtype=np.uint8)
    lf = a == 10
    if b"\r" not in data:
        return int(np.count_nonzero(lf))
    cr = a == 13
    crlf = np.count_nonzero(cr[:-1] & lf[1:])
    return int(np.count_nonzero(lf) + np.count_nonzero(cr) - crlf)


def _checked(fh: BinaryIO, offset: int, how: _Layout) -> bool:
    """Whether the records from ``offset`` on read as records of the header's width."""
    here = fh.tell()
    try:
        fh.seek(offset)
        data = fh.read(CHECK_BYTES)
    finally:
        fh.seek(here)
    complete = len(data) < CHECK_BYTES
    if not data:
        return False  # nothing after it: no part to start here
    text = data.decode(how.codec, errors="replace")
    found = records(text_lines(text, complete), how.layout.delimiter, complete)
    if not found:
        return False
    return all(len(cells) == how.layout.width for _, _, cells in found[:CHECK_RECORDS])
