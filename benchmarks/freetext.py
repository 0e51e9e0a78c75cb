"""The free-text corpus: plain UTF-8 files written once from breachscope's extractors.

Every free-text tool reads these same files. A *sample* is a deterministic, type-mixed
subset up to a byte budget (the reference tools are slow); all tools are timed and scored
on the same sample.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.probes.extract import FREETEXT_INDEX


@dataclass(frozen=True, slots=True)
class TextFile:
    file: str
    path: str
    part: str | None
    type: str
    bytes: int
    base_offset: int = 0

    @property
    def unit_key(self) -> str:
        """``PATH#part=PART`` (or ``PATH``): the record a truth mention in free text names."""
        return unit_key(self.path, self.part)


def unit_key(path: str, part: str | None) -> str:
    return f"{path}#part={part}" if part else path


def load_index(folder: Path) -> list[TextFile]:
    data = json.loads((folder / FREETEXT_INDEX).read_text(encoding="utf-8"))
    return [
        TextFile(
            e["file"],
            e["path"],
            e.get("part"),
            e["type"],
            int(e["bytes"]),
            int(e.get("base_offset", 0)),
        )
        for e in data["units"]
    ]


def sample(files: list[TextFile], budget_bytes: int) -> list[TextFile]:
    """Files in a fixed pseudo-random order (hash of the name) until the budget is spent.

    Whole files only, so every tool sees whole e-mails, pages and documents.
    """
    order = sorted(files, key=lambda f: hashlib.sha256(f.file.encode()).hexdigest())
    chosen: list[TextFile] = []
    total = 0
    for f in order:
        if f.bytes == 0:
            continue
        if total + f.bytes > budget_bytes and chosen:
            continue
        chosen.append(f)
        total += f.bytes
        if total >= budget_bytes:
            break
    return sorted(chosen, key=lambda f: f.file)


def write_list(files: list[TextFile], folder: Path, target: Path) -> None:
    """The file list handed to probes: absolute text paths with their unit keys."""
    rows: list[dict[str, Any]] = [
        {
            "text": str(folder / f.file),
            "unit": f.unit_key,
            "bytes": f.bytes,
            "type": f.type,
            "path": f.path,
            "part": f.part,
            "base_offset": f.base_offset,
        }
        for f in files
    ]
    target.write_text(json.dumps(rows), encoding="utf-8")
