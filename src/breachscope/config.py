"""Run configuration. Passed explicitly to every stage; there are no global settings."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any


@dataclass(frozen=True, slots=True)
class ArchiveLimits:
    """Bounds that keep hostile archives (bombs, deep nesting) from exhausting the machine."""

    max_depth: int = 8
    """Nesting depth of archives inside archives that is still opened."""
    max_member_bytes: int = 2 * 1024**3
    """Largest expanded size of one member."""
    max_total_bytes: int = 64 * 1024**3
    """Largest expanded size of all members of one top-level archive together."""
    max_ratio: float = 200.0
    """Largest expanded/compressed ratio of a member before it counts as a bomb."""
    max_entries: int = 200_000
    """Most members read from one archive."""


@dataclass(frozen=True, slots=True)
class ResolveSettings:
    """How mentions are assembled and linked into people (``assemble``/``resolve``)."""

    text_window: int = 400
    """Free text: a value joins a name at most this many characters after it."""
    text_window_before: int = 100
    """Free text: ... or at most this many characters before it (``BSN: ... Naam: ...``)."""
    prefer_previous: float = 2.0
    """Free text: distance to the next name counts this many times (names come first)."""
    match_threshold: float = 0.9
    """Link probability at or above which two mentions are the same person."""
    count_thresholds: tuple[float, ...] = (0.5, 0.9, 0.99)
    """Thresholds over which the affected-people count is reported as a range."""
    em_max_pairs: float = 2e6
    """Most blocked pairs per EM training session."""
    u_max_pairs: float = 2e6
    """Random pairs sampled to estimate the u probabilities."""
    seed: int = 1
    """Seed of the random sampling in training (results are reproducible)."""
    duckdb_memory_mb: int = 192
    """DuckDB memory limit while assembling and resolving; beyond it DuckDB spills to a
    temporary folder inside the case folder."""


@dataclass(frozen=True, slots=True)
class Config:
    """Everything a scan needs to know besides its input. Immutable; derive with ``replace``."""

    workers: int = field(default_factory=lambda: os.cpu_count() or 1)
    engine: str = "local"
    """``local`` (processes on this machine) or ``spark``."""
    batch_bytes: int = 128 * 1024**2
    """Target bytes of input per batch of files handed to one worker task."""
    split_bytes: int = 2 * 1024**2
    """A CSV/TSV file of at least twice this many bytes is read by several workers at
    once, in parts of at least this size (when there is more than one worker; 0: never)."""
    name_register: bool = True
    """Read the structured files (tables, HL7, EDIFACT, JSON, SQL) first, and search the
    surnames of their name columns in every other file's free text (the name register,
    :mod:`breachscope.detect.register`)."""
    max_text_unit_chars: int = 8 * 1024**2
    """Free text is cut into units of at most this many characters (memory bound)."""
    max_table_rows_per_unit: int = 100_000
    """Tables are cut into units of at most this many rows (memory bound)."""
    max_blob_files: int = 10_000
    """Most files taken out of one database's BLOB cells (a note's gzipped body, a PDF, a
    photo: :mod:`breachscope.extract.blobfiles`); the rest noted."""
    max_blob_bytes: int = 256 * 1024**2
    """Most bytes taken out of one database's BLOB cells in all (inflated where they are
    compressed: a note's text, a zlib stream's bytes); the rest noted."""
    archive: ArchiveLimits = field(default_factory=ArchiveLimits)
    ocr: bool = False
    """OCR image-only PDF pages and image files with tesseract (optional extra) instead of
    skipping them."""
    file_timeout_s: float = 300.0
    """Wall-clock limit for extracting one file."""
    resolve: ResolveSettings = field(default_factory=ResolveSettings)

    def with_(self, **changes: Any) -> Config:
        return replace(self, **changes)

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2, sort_keys=True)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Config:
        known = {f.name for f in fields(cls)}
        unknown = set(data).difference(known)
        if unknown:
            raise ValueError(f"unknown configuration keys: {sorted(unknown)}")
        values = dict(data)
        if isinstance(values.get("archive"), dict):
            values["archive"] = ArchiveLimits(**values["archive"])
        if isinstance(values.get("resolve"), dict):
            res = dict(values["resolve"])
            if "count_thresholds" in res:
                res["count_thresholds"] = tuple(res["count_thresholds"])
            values["resolve"] = ResolveSettings(**res)
        return cls(**values)

    @classmethod
    def load(cls, path: Path) -> Config:
        return cls.from_dict(json.loads(path.read_text(encoding="utf-8")))
