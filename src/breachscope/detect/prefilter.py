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


_ASCII_WORD = bytes(
    1 if chr(b).isascii() and (chr(b).isalnum() or b == 0x5F) else 0 for b in range(256)
)
"""What Hyperscan's ``\\b`` reads as a word character (no ``HS_FLAG_UCP``): ``[0-9A-Za-z_]``."""
_ASCII_ALNUM = bytes(1 if chr(b).isascii() and chr(b).isalnum() else 0 for b in range(256))
AT_WORD = 1
"""A literal read for an alternation ``(?:\\b|_)(?:...)`` (:func:`word_literals`): it
starts a word or follows an underscore, whatever comes after it."""
WHOLE_WORD = 2
"""A literal read for an alternation ``\\b(?:...)\\b``: a whole word (ASCII word edges)."""
_EDGES = (("(?:\\b|_)(?:", ")", AT_WORD), ("\\b(?:", ")\\b", WHOLE_WORD))
_EXPANSION_MAX = 64
"""Spellings one alternative may stand for (``uw[ \\t]cva`` is two) to be read as literals."""


def word_literals(expr: str) -> tuple[int, list[list[str]], str | None] | None:
    """An alternation of words between word edges, as Hyperscan's literal compiler can
    read it: the edge (:data:`AT_WORD` or :data:`WHOLE_WORD`), the spellings of each
    alternative that has few, and the pattern of the others (None where none is left);
    None where ``expr`` is no such alternation.

    Compiling a long caseless alternation of words after ``\\b`` (the health detector's
    cues and medicines, thousands of characters) costs Hyperscan's pattern compiler
    seconds, its literal compiler milliseconds; the spellings, their edges checked on
    arrival, end where the alternation's matches end."""
    for head, tail, edge in _EDGES:
        if not (expr.startswith(head) and expr.endswith(tail)):
            continue
        body = expr[len(head) : len(expr) - len(tail)]
        alts = _alternatives(body)
        if alts is None:
            return None
        spelt: list[list[str]] = []
        rest: list[str] = []
        for alt in alts:
            words = _spellings(alt)
            if words is not None and all(_edged(w) for w in words):
                spelt.append(words)
            else:
                rest.append(alt)
        if not spelt:
            return None
        return edge, spelt, (head + "|".join(rest) + tail) if rest else None
    return None


def _edged(word: str) -> bool:
    """Whether ``word`` opens and closes with an ASCII letter or digit (then its edges
    are read as Hyperscan's ``\\b`` reads them)."""
    return (
        bool(word)
        and word[0].isascii()
        and word[0].isalnum()
        and word[-1].isascii()
        and word[-1].isalnum()
    )


def _alternatives(body: str) -> list[str] | None:
    """``body`` split at its top-level ``|``; None where a group or class is left open."""
    out: list[str] = []
    depth, start, i, n = 0, 0, 0, len(body)
    while i < n:
        c = body[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":
            j = body.find("]", i + 2)
            if j < 0:
                return None
            i = j + 1
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth < 0:
                return None
        elif c == "|" and depth == 0:
            out.append(body[start:i])
            start = i + 1
        i += 1
    if depth:
        return None
    out.append(body[start:])
    return out


def _spellings(seq: str) -> list[str] | None:
    """Every string ``seq`` matches, where it is made of literal characters, escaped
    punctuation, classes of a few characters (``[ \\t]``) and non-capturing groups of
    such alternatives, without repeats; None otherwise or past :data:`_EXPANSION_MAX`."""
    out = [""]
    i, n = 0, len(seq)
    while i < n:
        c = seq[i]
        options: list[str]
        if c == "\\":
            e = seq[i + 1 : i + 2]
            if not e or e.isalnum() or e == "_":
                return None  # \d, \b, \s, \t... or a dangling escape
            options, i = [e], i + 2
        elif c == "[":
            j = seq.find("]", i + 1)
            if j < 0:
                return None
            members = seq[i + 1 : j].replace("\\t", "\t")
            if not members or any(m in "\\^-[" for m in members):
                return None
            options, i = list(members), j + 1
        elif c == "(":
            if not seq.startswith("(?:", i):
                return None
            depth, j = 0, i
            while j < n:
                if seq[j] == "\\":
                    j += 2
                    continue
                if seq[j] == "[":
                    j = seq.find("]", j + 2)
                    if j < 0:
                        return None
                elif seq[j] == "(":
                    depth += 1
                elif seq[j] == ")":
                    depth -= 1
                    if depth == 0:
                        break
                j += 1
            if j >= n:
                return None
            inner = _alternatives(seq[i + 3 : j])
            if inner is None:
                return None
            options = []
            for alt in inner:
                words = _spellings(alt)
                if words is None:
                    return None
                options.extend(words)
            i = j + 1
        elif c in ".^$|)*+?{}":
            return None
        else:
            options, i = [c], i + 1
        if seq[i : i + 1] in ("?", "*", "+", "{"):
            return None
        out = [w + o for w in out for o in options]
        if len(out) > _EXPANSION_MAX:
            return None
    return out


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
        self._edges = [0] * len(self.patterns)
        """Per literal id: 0 a word list's word, else :data:`AT_WORD` or :data:`WHOLE_WORD`."""
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
        spelt = self._spelt_patterns()
        for literal in (False, True):
            chosen = [(i, p) for i, p in enumerate(spelt) if p is not None and p.literal == literal]
            if not chosen:
                continue
            ids = [i for i, _ in chosen]
            exprs = [encode(p.expr) for _, p in chosen]
            flags = [hyperscan.HS_FLAG_CASELESS if p.caseless else 0 for _, p in chosen]
            db = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
            db.compile(expressions=exprs, ids=ids, elements=len(ids), flags=flags, literal=literal)
            if literal:
                self._literal_db = db
            else:
                self._db = db

    def _spelt_patterns(self) -> list[Pattern | None]:
        """The patterns as Hyperscan compiles them: an alternation of words between word
        edges (:func:`word_literals`) as literals, each with an id of its own past the
        patterns' (its owner's, its length, its edge), and the pattern of what is left in
        its place (None where nothing is)."""
        out: list[Pattern | None] = list(self.patterns)
        for i, p in enumerate(self.patterns):
            if p.literal:
                continue
            found = word_literals(p.expr)
            if found is None:
                continue
            edge, spelt, rest = found
            out[i] = None if rest is None else Pattern(p.owner, rest, p.caseless)
            for word in (w for words in spelt for w in words):
                out.append(Pattern(p.owner, word, p.caseless, literal=True))
                self._lengths.append(len(encode(word)))
                self._camel.append(False)
                self._owners.append(p.owner)
                self._edges.append(edge)
        return out

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
                lengths, camel, edges = self._lengths, self._camel, self._edges
                n = len(data)

                def on_literal(pid: int, _start: int, end: int, _flags: int, _ctx: Any) -> None:
                    if edges[pid]:
                        start = end - lengths[pid]
                        if edges[pid] == AT_WORD:
                            if start > 0 and _ASCII_ALNUM[data[start - 1]]:
                                return
                        elif (start > 0 and _ASCII_WORD[data[start - 1]]) or (
                            end < n and _ASCII_WORD[data[end]]
                        ):
                            return
                        hits[owners[pid]].add(end)
                        return
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
