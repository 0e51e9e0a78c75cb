"""The multi-pattern pass: every detector's loose patterns and literals in one compiled
database, run once over a large block.

With the ``hyperscan`` package (Vectorscan) all patterns go into one block-mode database
and are matched without start-of-match tracking (faster); only end offsets come back,
and each detector re-runs its exact regex in a small window around them. Without
hyperscan (or with ``force_fallback``) patterns run through the ``regex`` package (with a
last-resort timeout that raises, see :data:`FALLBACK_TIMEOUT_S`) and literals through a
pyahocorasick automaton; results are the same.

Text is matched as latin-1 bytes (characters outside latin-1 become ``?``), so byte
offsets are character offsets.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import ahocorasick
import regex

from breachscope.detect.context import CAMEL_WORDS, DetectionTimeoutError

hyperscan: Any
try:  # pragma: no cover - exercised where the wheel is installed
    import hyperscan

    HAVE_HYPERSCAN = True
except ImportError:  # pragma: no cover
    hyperscan = None
    HAVE_HYPERSCAN = False

FALLBACK_TIMEOUT_S = 10.0
FALLBACK_S_PER_MB = 10.0
"""Last-resort guard for one fallback pattern over a block: base plus per megabyte of
text; when it fires :class:`DetectionTimeoutError` is raised, no hit is dropped."""


@dataclass(frozen=True, slots=True)
class Pattern:
    owner: int
    """Index of the detector the hit goes to."""
    expr: str
    caseless: bool = False
    literal: bool = False
    """A plain word matched at word boundaries (name lists, context cues)."""


def encode(text: str) -> bytes:
    """Latin-1 bytes with one byte per character (others become ``?``)."""
    return text.encode("latin-1", errors="replace")


def _is_word(b: int) -> bool:
    return chr(b).isalnum()


_WORD = bytes(1 if _is_word(b) else 0 for b in range(256))
"""Word characters of latin-1 (letters with accents included), by byte value; an
underscore joins the words of a key (``patient_bsn=``), it is none."""


def camel_edge(data: bytes, i: int) -> bool:
    """Whether a word starts at ``data[i]`` in camel case, a capital after a small letter
    (``patient|Bsn=``, ``Patient|BSN``, ``bsn|Nummer``)."""
    return 0x41 <= data[i] <= 0x5A and 0x61 <= data[i - 1] <= 0x7A


class Prefilter:
    """Compiled patterns of a detector set. Build once per process; ``scan`` is reentrant
    per process (one scratch)."""

    def __init__(self, patterns: Sequence[Pattern], *, force_fallback: bool = False) -> None:
        self.patterns = tuple(patterns)
        self.uses_hyperscan = HAVE_HYPERSCAN and not force_fallback
        self._db: Any = None
        self._literal_db: Any = None
        self._lengths = [len(encode(p.expr)) for p in self.patterns]
        self._camel = [p.literal and p.expr.lower() in CAMEL_WORDS for p in self.patterns]
        self._owners = [p.owner for p in self.patterns]
        self._regexes: list[tuple[int, regex.Pattern[str]]] = []
        self._automata: list[tuple[bool, Any]] = []
        if self.uses_hyperscan:
            self._compile_hyperscan()
        else:
            self._compile_fallback()

    # -- hyperscan ---------------------------------------------------------------------

    def _compile_hyperscan(self) -> None:
        """Patterns in one database; literals (word lists) in a second, compiled with the
        pure-literal compiler (milliseconds for thousands of words, where word-boundary
        regexes take seconds). Literal hits are checked for word boundaries on arrival."""
        assert hyperscan is not None
        for literal in (False, True):
            ids = [i for i, p in enumerate(self.patterns) if p.literal == literal]
            if not ids:
                continue
            exprs = [encode(self.patterns[i].expr) for i in ids]
            flags = [hyperscan.HS_FLAG_CASELESS if self.patterns[i].caseless else 0 for i in ids]
            db = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
            db.compile(expressions=exprs, ids=ids, elements=len(ids), flags=flags, literal=literal)
            if literal:
                self._literal_db = db
            else:
                self._db = db

    # -- fallback ----------------------------------------------------------------------

    def _compile_fallback(self) -> None:
        literals: dict[bool, Any] = {}
        for i, p in enumerate(self.patterns):
            if p.literal:
                auto = literals.get(p.caseless)
                if auto is None:
                    auto = literals[p.caseless] = ahocorasick.Automaton()
                key = p.expr.lower() if p.caseless else p.expr
                ids = auto.get(key, ()) if key in auto else ()
                auto.add_word(key, (*ids, i))
            else:
                flags = regex.IGNORECASE if p.caseless else 0
                self._regexes.append((i, regex.compile(p.expr, flags | regex.ASCII)))
        for caseless, auto in literals.items():
            auto.make_automaton()
            self._automata.append((caseless, auto))

    # -- scan --------------------------------------------------------------------------

    def scan(self, data: bytes) -> dict[int, list[int]]:
        """Hit end offsets per detector index (sorted, deduplicated)."""
        hits: dict[int, set[int]] = defaultdict(set)
        owners = self._owners
        if not data:
            return {}
        if self.uses_hyperscan:
            if self._db is not None:

                def on_match(pid: int, _start: int, end: int, _flags: int, _ctx: Any) -> None:
                    hits[owners[pid]].add(end)

                self._db.scan(data, match_event_handler=on_match)
            if self._literal_db is not None:
                lengths, camel = self._lengths, self._camel
                n = len(data)

                def on_literal(pid: int, _start: int, end: int, _flags: int, _ctx: Any) -> None:
                    if end < n and _WORD[data[end]] and not (camel[pid] and camel_edge(data, end)):
                        return
                    start = end - lengths[pid]
                    if (
                        start > 0
                        and _WORD[data[start - 1]]
                        and not (camel[pid] and camel_edge(data, start))
                    ):
                        return
                    hits[owners[pid]].add(end)

                self._literal_db.scan(data, match_event_handler=on_literal)
        else:
            self._scan_fallback(data, owners, hits)
        return {k: sorted(v) for k, v in hits.items()}

    def _scan_fallback(self, data: bytes, owners: list[int], hits: dict[int, set[int]]) -> None:
        text = data.decode("latin-1")
        limit = FALLBACK_TIMEOUT_S + FALLBACK_S_PER_MB * len(text) / 1e6
        for pid, pat in self._regexes:
            try:
                for m in pat.finditer(text, overlapped=True, timeout=limit):
                    hits[owners[pid]].add(m.end())
            except TimeoutError:
                raise DetectionTimeoutError() from None
        if not self._automata:
            return
        lower = text.lower()
        for caseless, auto in self._automata:
            hay = lower if caseless else text
            for end_idx, ids in auto.iter(hay):
                end = end_idx + 1
                for pid in ids:
                    start = end - len(self.patterns[pid].expr)
                    camel = self._camel[pid]
                    if (
                        start > 0
                        and _is_word(data[start - 1])
                        and not (camel and camel_edge(data, start))
                    ) or (
                        end < len(data)
                        and _is_word(data[end])
                        and not (camel and camel_edge(data, end))
                    ):
                        continue
                    hits[owners[pid]].add(end)
