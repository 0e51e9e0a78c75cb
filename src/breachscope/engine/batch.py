"""``scan_batch``: read a batch of dump files, extract them and detect personal data.

A pure function of its input (file paths and sizes) and the configuration: workers read
the files themselves, so it runs unchanged in a local process pool or a Spark task.
Archive members and e-mail attachments are fed back through sniffing and extraction
under the path ``parent!/name``. Every file ends as one manifest row; an extractor crash,
a hostile file or a timeout ends as ``failed`` with a value-free reason, never as a
crashed scan.
"""

from __future__ import annotations

import shutil
import tempfile
import traceback
from collections.abc import Callable, Generator, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from time import perf_counter

import pyarrow as pa

from breachscope.config import Config
from breachscope.detect.context import DetectionTimeoutError
from breachscope.detect.finding import FINDINGS_SCHEMA
from breachscope.detect.links import KEYS_SCHEMA, linked, unit_keys
from breachscope.detect.rows import empty_findings
from breachscope.engine.companions import (
    NO_COMPANION,
    ArchiveCompanions,
    Companion,
    children_companion,
    folder_companion,
)
from breachscope.engine.deadline import Deadline, FileTimeoutError
from breachscope.engine.manifest import (
    EXTRACTED,
    FAILED,
    SKIPPED,
    ManifestRow,
    rows_to_arrow,
)
from breachscope.engine.registry import Merge, Registry
from breachscope.extract.base import (
    ChildFile,
    ExtractError,
    Extractor,
    Note,
    SkipFile,
    Source,
    Span,
)
from breachscope.extract.units import TableUnit, TextUnit, Unit
from breachscope.ingest.archives import (
    ArchiveError,
    ArchiveSkippedError,
    ArchiveText,
    Budget,
    describe_error,
    iter_members,
)
from breachscope.ingest.blob import (
    Blob,
    BytesBlob,
    FileBlob,
    LimitExceededError,
    NotRegularFileError,
)
from breachscope.ingest.filetype import ARCHIVE_TYPES, FileType, sniff
from breachscope.location import ARCHIVE_SEP, Location

ARCHIVE_EXTRACTOR = "archive"
"""Extractor id recorded for containers the ingest stage opens itself."""
DETECT_WEIGHT = 8 * 1024**2
"""Units are handed to detection in groups of about this many characters (or cells)."""
FLUSH_ROWS = 2000
FLUSH_BYTES = 32 * 1024**2
MERGE_ROWS = 65536
"""Table rows of waiting files (:class:`_Merger`) at which they are detected."""
MERGE_FILES = 1000
"""Waiting files at which they are detected."""


@dataclass(frozen=True, slots=True)
class ScanItem:
    """One top-level file of the dump handed to a worker."""

    path: str
    fs_path: str
    size: int
    sha256: str | None = None
    poison: tuple[tuple[str, str], ...] = ()
    """(path, reason) of nodes that killed a worker before: recorded failed, not read."""
    alone: bool = False
    """Detect this file's tables on their own, never together with other files' (set on
    a retry after a worker died while detecting several files' tables together)."""
    span: Span | None = None
    """Read only this part of the file (see :mod:`breachscope.engine.split`): its manifest
    row is one of the parts' rows that the runner joins into the file's row."""
    dump_root: str | None = None
    """The dump folder on this machine (``None``: the dump is this one file): its
    extractor may read a companion file beside it (:mod:`breachscope.engine.companions`)."""

    @property
    def read_bytes(self) -> int:
        """The bytes this item reads: its part's, or the whole file's."""
        return self.span.size if self.span is not None else self.size


@dataclass(frozen=True, slots=True)
class Enter:
    """The worker starts on ``path`` (lets the driver blame a file for a worker death)."""

    path: str


@dataclass(frozen=True, slots=True)
class Rows:
    """Manifest rows and findings belonging to the top-level file ``top``, and the keys
    of its tables' rows (:data:`~breachscope.detect.links.KEYS_SCHEMA`: linked once
    every file is read)."""

    top: str
    manifest: pa.Table
    findings: pa.Table
    keys: pa.Table = field(default_factory=KEYS_SCHEMA.empty_table)


@dataclass(frozen=True, slots=True)
class TopDone:
    """Every row of the top-level file ``top`` has been sent."""

    top: str
    size: int
    status: str
    """Status of the top-level file's own row."""


Event = Enter | Rows | TopDone

MERGED_NODE = "(small tables and short texts of several files, detected together)"
"""The ``Enter`` path while a worker detects several files' tables at once: a worker
death there blames no file; the files are read again, each on its own."""


def scan_batch(
    items: Sequence[ScanItem], config: Config, spool_dir: Path | None = None
) -> tuple[pa.Table, pa.Table]:
    """Scan ``items``; return (manifest rows, findings) as Arrow tables, the rows of
    the files' tables that refer to others by key linked (:func:`~breachscope.detect.links.linked`).

    ``spool_dir`` receives large archive members while they are read (the local runner
    passes a folder inside the case); None uses a private temporary folder.
    """
    manifests: list[pa.Table] = []
    findings: list[pa.Table] = []
    keys: list[pa.Table] = []
    with tempfile.TemporaryDirectory(prefix="breachscope-spool-") as tmp:
        spool = spool_dir if spool_dir is not None else Path(tmp)
        for event in iter_scan_batch(items, config, spool, Registry.discover()):
            if isinstance(event, Rows):
                manifests.append(event.manifest)
                findings.append(event.findings)
                keys.append(event.keys)
    manifest = pa.concat_tables(manifests) if manifests else rows_to_arrow([])
    found = pa.concat_tables(findings) if findings else empty_findings()
    return manifest, linked(found, pa.concat_tables(keys)) if keys else found


def iter_scan_batch(
    items: Sequence[ScanItem], config: Config, spool_dir: Path, registry: Registry
) -> Iterator[Event]:
    """Scan ``items`` one after the other, as a stream of events (bounded memory).

    Files whose units are all small tables or short texts wait, with their last rows,
    for other such files (:class:`_Merger`); their units are then detected together and the waiting
    files finish in their order, before any later file sends rows, so every ``TopDone``
    still comes in item order.
    """
    merger = _Merger(config, registry.merge) if registry.merge is not None else None
    waiting: list[_TreeScan] = []
    for item in items:
        tree = _TreeScan(item, config, registry, spool_dir / "tree", merger)
        last: Enter | None = None
        for event in tree.run():
            if isinstance(event, Enter):
                last = event
            elif waiting:  # rows of a later file: the waiting files finish first
                yield from _release(merger, waiting)
                if last is not None:
                    yield last
            yield event
        if tree.waiting:
            waiting.append(tree)
            if merger is not None and merger.full():
                yield from _release(merger, waiting)
    yield from _release(merger, waiting)


def _release(merger: _Merger | None, waiting: list[_TreeScan]) -> Iterator[Event]:
    """Detect what waits, then finish the waiting files in order."""
    if merger is not None:
        yield from merger.drain()
    for tree in waiting:
        yield from tree.tail()
    waiting.clear()


@dataclass
class _Waiting:
    """A file's small tables and short texts, waiting to be detected with other files'."""

    tree: _TreeScan
    row: ManifestRow
    units: list[Unit]


@dataclass
class _Merger:
    """Small tables and short texts of several files of a batch, detected together (a
    file's fixed costs, classifying its columns and one pass of Arrow calls per column,
    are paid once per header rather than once per file; short texts are read in blocks,
    one call of each detector per block; see ``detect.engine.detect_files``)."""

    config: Config
    merge: Merge
    entries: list[_Waiting] = field(default_factory=list)
    rows: int = 0
    weight: int = 0

    def takes(self, item: ScanItem, units: list[Unit]) -> bool:
        return bool(units) and not item.alone and all(self.merge.mergeable(u) for u in units)

    def add(self, tree: _TreeScan, row: ManifestRow, units: list[Unit]) -> None:
        self.entries.append(_Waiting(tree, row, units))
        self.rows += sum(u.num_rows for u in units if isinstance(u, TableUnit))
        self.weight += sum(_weight(u) for u in units)
        tree.deferred += 1

    def full(self) -> bool:
        return (
            self.rows >= MERGE_ROWS
            or self.weight >= DETECT_WEIGHT
            or len(self.entries) >= MERGE_FILES
        )

    def drain(self) -> Iterator[Event]:
        """Detect the waiting tables: together, or, if that fails, file by file (so a
        failure is the failing file's own)."""
        entries, self.entries, self.rows, self.weight = self.entries, [], 0, 0
        if not entries:
            return
        for e in entries:
            e.tree.deferred = 0
        yield Enter(MERGED_NODE)
        started = perf_counter()
        try:
            with Deadline(self.config.file_timeout_s):
                found = self.merge.detect_files([e.units for e in entries], self.config)
                found = [_conform(t) for t in found]
                if len(found) != len(entries):
                    raise ValueError("detect_files gave a table per file")
        except (KeyboardInterrupt, SystemExit, GeneratorExit):
            raise
        except BaseException:  # a crash, a timeout: the files go one by one
            for e in entries:
                e.tree.detect_alone(e.row, e.units)
            return
        elapsed = perf_counter() - started
        weights = [sum(_weight(u) for u in e.units) for e in entries]
        total = sum(weights)
        for e, table, weight in zip(entries, found, weights, strict=True):
            e.tree.add_findings(table)
            e.row.seconds = (e.row.seconds or 0.0) + elapsed * weight / max(1, total)


def coalesce(
    events: Iterator[Event],
    max_rows: int = FLUSH_ROWS,
    max_bytes: int = FLUSH_BYTES,
    max_seconds: float = 2.0,
) -> Iterator[Event]:
    """Merge the Rows of several small files into one message (fewer, larger inserts).

    A TopDone is passed on only after every row of its file, so the receiver can trust
    that a file it has seen finish is complete.
    """
    rows: list[Rows] = []
    done: list[TopDone] = []
    count = size = 0
    last = perf_counter()

    def flush() -> Iterator[Event]:
        nonlocal rows, done, count, size, last
        if rows:
            yield Rows(
                rows[0].top,
                pa.concat_tables([r.manifest for r in rows]),
                pa.concat_tables([r.findings for r in rows]),
                pa.concat_tables([r.keys for r in rows]),
            )
        yield from done
        rows, done, count, size, last = [], [], 0, 0, perf_counter()

    for event in events:
        if isinstance(event, Rows):
            rows.append(event)
            count += event.manifest.num_rows
            size += event.findings.nbytes + event.keys.nbytes
            if size >= max_bytes:
                yield from flush()
        elif isinstance(event, TopDone):
            done.append(event)
            if count >= max_rows or perf_counter() - last >= max_seconds:
                yield from flush()
        else:
            yield event
    yield from flush()


@dataclass
class _TreeScan:
    """Everything found under one top-level file."""

    item: ScanItem
    config: Config
    registry: Registry
    spool_dir: Path
    merger: _Merger | None = None
    deferred: int = 0
    """Nodes whose units wait in ``merger``."""
    waiting: bool = False
    """The file's last rows wait for the detection of its units (:meth:`tail`)."""
    poison: dict[str, str] = field(default_factory=dict)
    seen: dict[str, str] = field(default_factory=dict)
    used: set[str] = field(default_factory=set)
    rows: list[ManifestRow] = field(default_factory=list)
    findings: list[pa.Table] = field(default_factory=list)
    keys: list[pa.Table] = field(default_factory=list)
    findings_bytes: int = 0
    """Bytes of ``findings`` and ``keys``."""
    top_status: str = FAILED
    nested_seconds: float = 0.0
    """Time spent in nodes so far; a node's own seconds exclude its members'."""

    def run(self) -> Iterator[Event]:
        self.poison = dict(self.item.poison)
        self.budget = Budget(self.config.archive)
        self.used.add(self.item.path)
        blob = FileBlob(self.item.fs_path, self.item.size)
        try:
            companion = folder_companion(self.item.fs_path, self.item.dump_root)
            yield from self._node(
                self.item.path, None, 0, blob, self.item.size, self.item.sha256, companion
            )
        finally:
            shutil.rmtree(self.spool_dir, ignore_errors=True)
        if self.deferred:
            self.waiting = True
            return
        yield from self.tail()

    def tail(self) -> Iterator[Event]:
        """The file's last rows and its ``TopDone``."""
        self.waiting = False
        yield self._flush()
        yield TopDone(self.item.path, self.item.read_bytes, self.top_status)

    def add_findings(self, table: pa.Table) -> None:
        """Keep findings (conformed) until the next flush."""
        if table.num_rows:
            self.findings.append(table)
            self.findings_bytes += table.nbytes

    def add_keys(self, unit: Unit) -> None:
        """Keep the keys of ``unit``'s rows until the next flush."""
        table = unit_keys(unit)
        if table is not None:
            self.keys.append(table)
            self.findings_bytes += table.nbytes

    def detect_alone(self, row: ManifestRow, units: list[Unit]) -> None:
        """Detect a waiting node's units on their own; a failure fails the node."""
        started = perf_counter()
        try:
            with Deadline(self.config.file_timeout_s):
                self._detect(units)
        except (KeyboardInterrupt, SystemExit, GeneratorExit):
            raise
        except BaseException as exc:
            row.status, row.reason = classify(exc, row.extractor)
            if row.path == self.item.path:
                self.top_status = row.status
        row.seconds = (row.seconds or 0.0) + perf_counter() - started

    # -- bookkeeping --------------------------------------------------------------------

    def _child_path(self, parent: str, name: str) -> str:
        path = f"{parent}{ARCHIVE_SEP}{name}"
        n = 1
        candidate = path
        while candidate in self.used:
            n += 1
            candidate = f"{path} (copy {n})"
        self.used.add(candidate)
        return candidate

    def _emit(self, row: ManifestRow) -> None:
        if row.path == self.item.path:
            self.top_status = row.status
        self.rows.append(row)

    def _want_flush(self) -> bool:
        return len(self.rows) >= FLUSH_ROWS or self.findings_bytes >= FLUSH_BYTES

    def _flush(self) -> Rows:
        manifest = rows_to_arrow(self.rows)
        found = pa.concat_tables(self.findings) if self.findings else empty_findings()
        keys = pa.concat_tables(self.keys) if self.keys else KEYS_SCHEMA.empty_table()
        self.rows, self.findings, self.keys, self.findings_bytes = [], [], [], 0
        return Rows(self.item.path, manifest, found, keys)

    # -- one node of the tree -----------------------------------------------------------

    def _node(
        self,
        path: str,
        parent: str | None,
        depth: int,
        source: Blob | Callable[[], Blob],
        size: int | None,
        known_sha: str | None = None,
        companion: Companion = NO_COMPANION,
    ) -> Generator[Event, None, None]:
        yield Enter(path)
        row = ManifestRow(
            path, parent, depth, size, None, FileType.UNKNOWN, None, FAILED, "not read"
        )
        if path in self.poison:
            row.reason = self.poison[path]
            self._emit(row)
            return
        started = perf_counter()
        nested_before = self.nested_seconds
        blob: Blob | None = None
        deadline = Deadline(self.config.file_timeout_s)
        try:
            with deadline:
                blob = source if isinstance(source, Blob) else source()
                row.size = blob.size
                row.sha256 = known_sha or blob.sha256()
                with blob.open() as fh:
                    row.detected_type = sniff(fh, PurePosixPath(path).name)
            if row.detected_type == FileType.EMPTY:
                row.status, row.reason = SKIPPED, "empty file"
            elif depth > 0 and row.sha256 in self.seen:
                original = self.seen[row.sha256]
                row.status, row.reason = SKIPPED, f"duplicate of {original}"
                row.duplicate_of = original
            else:
                self.seen.setdefault(row.sha256, path)
                row.status, row.reason = EXTRACTED, None
                yield from self._content(row, blob, deadline, companion)
        except BaseException as exc:
            deadline.pause()
            if isinstance(exc, KeyboardInterrupt | SystemExit | GeneratorExit):
                raise
            row.status, row.reason = classify(exc, row.extractor)
        finally:
            deadline.pause()
            if blob is not None:
                blob.close()
        if row.status == EXTRACTED and not row.reason:
            row.reason = None
        elapsed = perf_counter() - started
        row.seconds = max(0.0, elapsed - (self.nested_seconds - nested_before))
        self.nested_seconds = nested_before + elapsed
        self._emit(row)
        if self._want_flush():
            if self.merger is not None and self.deferred:
                yield from self.merger.drain()  # its rows are final before they go
                yield Enter(path)
            yield self._flush()

    def _content(
        self, row: ManifestRow, blob: Blob, deadline: Deadline, companion: Companion
    ) -> Generator[Event, None, None]:
        ftype = row.detected_type
        if ftype in ARCHIVE_TYPES:
            row.extractor = ARCHIVE_EXTRACTOR
            limit = self.config.archive.max_depth
            if row.depth >= limit:
                row.status, row.reason = SKIPPED, f"archive nested deeper than {limit} levels"
                return
            row.status, row.reason = yield from self._archive(row, blob)
            return
        extractor = self.registry.extractor_for(ftype)
        if extractor is None:
            row.status, row.reason = SKIPPED, f"no extractor for {ftype}"
            return
        row.extractor = extractor.id
        span = self.item.span if row.depth == 0 else None
        if span is not None and not extractor.reads_spans:
            raise ExtractError(f"extractor {extractor.id} cannot read a part of a file")
        children = yield from self._extract(row, blob, extractor, deadline, span, companion)
        limit = self.config.archive.max_depth
        names = [_attachment_name(child.name, index) for index, child in enumerate(children)]
        siblings = children_companion(children, names)
        for child, name in zip(children, names, strict=True):
            child_path = self._child_path(row.path, name)
            if row.depth >= limit:
                self._emit(
                    ManifestRow(
                        child_path,
                        row.path,
                        row.depth + 1,
                        len(child.data),
                        None,
                        FileType.UNKNOWN,
                        None,
                        SKIPPED,
                        f"nested deeper than {limit} levels",
                    )
                )
                continue
            child_blob = BytesBlob(child.data)
            yield from self._node(
                child_path, row.path, row.depth + 1, child_blob, child_blob.size, None, siblings
            )

    def _archive(
        self, row: ManifestRow, blob: Blob
    ) -> Generator[Event, None, tuple[str, str | None]]:
        members = iter_members(blob, row.detected_type, row.path, self.budget, self.spool_dir)
        companions = ArchiveCompanions(
            blob, row.detected_type, row.path, self.config.archive, self.spool_dir / "companions"
        )
        texts: list[Unit] = []
        weight = 0
        try:
            for member in members:
                if isinstance(member, ArchiveText):
                    texts.append(self._archive_text(row, member))
                    weight += len(member.text)
                    if weight >= DETECT_WEIGHT:
                        self._detect(texts)
                        texts, weight = [], 0
                    continue
                path = self._child_path(row.path, member.name)
                if member.skip is not None or member.load is None:
                    kind = member.kind if member.kind != "file" else FileType.UNKNOWN
                    reason = member.skip or "not read"
                    self._emit(
                        ManifestRow(
                            path,
                            row.path,
                            row.depth + 1,
                            member.size,
                            None,
                            kind,
                            None,
                            SKIPPED,
                            reason,
                        )
                    )
                    continue
                yield from self._node(
                    path,
                    row.path,
                    row.depth + 1,
                    member.load,
                    member.size,
                    None,
                    companions.reader(member.name),
                )
        except ArchiveSkippedError as exc:
            self._detect(texts)
            return SKIPPED, str(exc)
        except (ArchiveError, LimitExceededError) as exc:
            self._detect(texts)
            return FAILED, str(exc)
        except (DetectorCrashError, FileTimeoutError):
            raise  # the archive's own text did not detect: the archive fails, as a file would
        except RecursionError:
            return FAILED, "too deeply nested (recursion limit)"
        except MemoryError:
            return FAILED, "out of memory"
        except Exception as exc:
            return FAILED, f"archive reader error: {describe_error(exc)}"
        finally:
            close = getattr(members, "close", None)
            if close is not None:
                close()
        self._detect(texts)
        return EXTRACTED, None

    def _archive_text(self, row: ManifestRow, text: ArchiveText) -> TextUnit:
        """An archive's own text (:class:`ArchiveText`) as a unit of the archive's row."""
        unit = TextUnit(Location(row.path, text.part), text.text)
        row.units += 1
        self.add_keys(unit)
        return unit

    def _extract(
        self,
        row: ManifestRow,
        blob: Blob,
        extractor: Extractor,
        deadline: Deadline,
        span: Span | None,
        companion: Companion,
    ) -> Generator[Event, None, list[ChildFile]]:
        children: list[ChildFile] = []
        notes: list[Note] = []
        pending: list[Unit] = []
        weight = 0
        source = Source(
            row.path,
            row.detected_type,
            blob.size,
            blob.open,
            span,
            companion.read,
            companion.names,
        )
        outputs = extractor.extract(source, self.config)
        try:
            deadline.resume()
            for out in outputs:
                if isinstance(out, ChildFile):
                    children.append(out)
                    continue
                if isinstance(out, Note):
                    notes.append(out)
                    continue
                row.units += 1
                self.add_keys(out)
                pending.append(out)
                weight += _weight(out)
                if weight >= DETECT_WEIGHT:
                    self._detect(pending)
                    pending, weight = [], 0
                    if self._want_flush():
                        deadline.pause()
                        yield self._flush()
                        deadline.resume()
            if self.merger is not None and self.merger.takes(self.item, pending):
                self.merger.add(self, row, pending)  # detected with other files' units
            else:
                self._detect(pending)
        finally:
            deadline.pause()
            close = getattr(outputs, "close", None)
            if close is not None:
                close()
            row.reason = notes_reason(notes)
        return children

    def _detect(self, units: list[Unit]) -> None:
        detect = self.registry.detect
        if not units or detect is None:
            return
        try:
            table = _conform(detect(units, self.config))
        except (FileTimeoutError, MemoryError, RecursionError):
            raise
        except DetectionTimeoutError as exc:
            raise DetectorCrashError(str(exc)) from exc  # reason 'detection timed out'
        except Exception as exc:
            raise DetectorCrashError(f"detector crashed: {_crash_site(exc)}") from exc
        self.add_findings(table)


def _conform(table: pa.Table) -> pa.Table:
    """Findings as :data:`FINDINGS_SCHEMA` has them (columns in order, types)."""
    return table.select(FINDINGS_SCHEMA.names).cast(FINDINGS_SCHEMA)


class DetectorCrashError(Exception):
    """The detection stage raised on a file's units."""


MAX_NOTES = 5


def notes_reason(notes: Sequence[Note]) -> str | None:
    """The manifest reason listing an extracted file's notes (part, row, column: no values)."""
    if not notes:
        return None
    shown = []
    for note in notes[:MAX_NOTES]:
        where = str(note.location).partition("#")[2]
        shown.append(f"{where}: {note.reason}" if where else note.reason)
    more = len(notes) - MAX_NOTES
    return "; ".join(shown) + (f"; and {more} more notes" if more > 0 else "")


def _weight(unit: Unit) -> int:
    if isinstance(unit, TextUnit):
        return len(unit.text)
    if isinstance(unit, TableUnit):
        return unit.num_rows * max(1, len(unit.columns)) * 8
    return 1


def _attachment_name(raw: str, index: int) -> str:
    name = PurePosixPath(raw.replace("\\", "/").replace("\x00", "")).name
    return name or f"attachment-{index + 1}"


def _crash_site(exc: BaseException) -> str:
    """Exception type and innermost source line: never the message (it may hold values)."""
    frames = traceback.extract_tb(exc.__traceback__)
    where = f" at {Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else ""
    return f"{type(exc).__name__}{where}"


def classify(exc: BaseException, extractor: str | None) -> tuple[str, str]:
    """Status and value-free reason for an exception raised while reading one file."""
    if isinstance(exc, SkipFile):
        return SKIPPED, str(exc) or "skipped by the extractor"
    if isinstance(exc, ExtractError):
        return FAILED, str(exc) or "unreadable"
    if isinstance(exc, LimitExceededError):
        return SKIPPED, str(exc)
    if isinstance(exc, FileTimeoutError | DetectorCrashError):
        return FAILED, str(exc)
    if isinstance(exc, MemoryError):
        return FAILED, "out of memory"
    if isinstance(exc, RecursionError):
        return FAILED, "too deeply nested (recursion limit)"
    if isinstance(exc, NotRegularFileError):
        return FAILED, "not a regular file any more (not opened)"
    if extractor is None:
        if isinstance(exc, OSError) and exc.strerror:
            return FAILED, f"cannot read: {exc.strerror}"
        return FAILED, f"cannot read: {describe_error(exc)}"
    return FAILED, f"extractor {extractor} crashed: {_crash_site(exc)}"
