"""Synthetic corpora made with ``breachscope synth``, cached under the work folder.

A corpus is keyed by its parameters and a hash of the synth package's files, so a change
to the generator makes a fresh corpus instead of measuring a stale one.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.measure import measure

CORPUS_MARK = "corpus.json"


@dataclass(frozen=True, slots=True)
class CorpusSpec:
    people: int
    bulk_rows: int
    seed: int

    @property
    def label(self) -> str:
        return f"p{self.people}-b{self.bulk_rows}-s{self.seed}"

    def scaled(self, factor: int) -> CorpusSpec:
        return CorpusSpec(self.people * factor, self.bulk_rows * factor, self.seed)


@dataclass(frozen=True, slots=True)
class Corpus:
    spec: CorpusSpec
    root: Path
    info: dict[str, Any]

    @property
    def dump(self) -> Path:
        return self.root / "dump"

    @property
    def truth(self) -> Path:
        return self.root / "truth"

    @property
    def bytes(self) -> int:
        return int(self.info["bytes"])

    @property
    def files(self) -> int:
        return int(self.info["files"])


def synth_fingerprint() -> str:
    """Hash of every file of ``breachscope.synth`` (code and word lists)."""
    import breachscope.synth as synth_pkg

    digest = hashlib.sha256()
    for base in synth_pkg.__path__:
        for path in sorted(Path(base).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(path.relative_to(base).as_posix().encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def dump_size(dump: Path) -> tuple[int, int]:
    """(files, bytes) of the regular files under ``dump``."""
    files = size = 0
    for p in dump.rglob("*"):
        if p.is_file() and not p.is_symlink():
            files += 1
            size += p.stat().st_size
    return files, size


def ensure(spec: CorpusSpec, work: Path, log: Any = None) -> Corpus:
    """The corpus for ``spec``, generated into ``work/corpora`` unless already there."""
    root = work / "corpora" / f"{spec.label}-{synth_fingerprint()}"
    mark = root / CORPUS_MARK
    if mark.is_file():
        return Corpus(spec, root, json.loads(mark.read_text(encoding="utf-8")))
    if root.exists():
        shutil.rmtree(root)
    root.parent.mkdir(parents=True, exist_ok=True)
    for stale in root.parent.glob(f"{spec.label}-*"):  # made by an older synth
        shutil.rmtree(stale, ignore_errors=True)
    if log is not None:
        log(f"generating corpus {spec.label} ...")
    t0 = time.perf_counter()
    code = (
        "import sys; from pathlib import Path; from breachscope.synth import generate; "
        "generate(Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]))"
    )
    run = measure(
        [sys.executable, "-c", code, str(root), str(spec.people), str(spec.seed),
         str(spec.bulk_rows)]
    )  # fmt: skip
    files, size = dump_size(root / "dump")
    summary_path = root / "truth" / "summary.json"
    summary = json.loads(summary_path.read_text(encoding="utf-8")) if summary_path.is_file() else {}
    info = {
        "people": spec.people,
        "bulk_rows": spec.bulk_rows,
        "seed": spec.seed,
        "files": files,
        "bytes": size,
        "mentions": summary.get("mentions"),
        "affected": summary.get("affected"),
        "generate_s": round(time.perf_counter() - t0, 2),
        "generate_peak_rss_mb": round(run.peak_rss_mb, 1),
    }
    mark.write_text(json.dumps(info, indent=1), encoding="utf-8")
    return Corpus(spec, root, info)
