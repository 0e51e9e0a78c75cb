"""A read-only view of one block of free text, with the helpers detectors share:
validation windows around prefilter hits, exact-regex search over bounded windows, and
context-word lookup that never crosses a segment boundary (table cells joined into one
block are separated by :data:`SEGMENT_SEP`).

Every exact-regex call runs over at most :data:`MAX_WINDOW` characters, so its work is
bounded by construction and detection does not depend on machine load. The timeout is a
last-resort guard only: when it fires, :class:`DetectionTimeoutError` is raised (never a
silently missing finding) and the scan engine records the file as failed.

A view made ``fast`` (plain text, read under a ``SIGALRM`` watchdog: see
:mod:`breachscope.detect.watchdog`) runs each pattern's standard-library twin
(:func:`breachscope.detect.rxtwin.re_twin`), which finds the same matches about 2.5 times
faster; the watchdog, not a per-call timeout, then stops a runaway call."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from functools import lru_cache
from typing import TypeAlias

import regex

from breachscope.detect.rxtwin import re_twin

Match: TypeAlias = regex.Match[str] | re.Match[str]
"""A match of either engine (the helpers below return one or the other)."""
CAMEL_WORDS = frozenset({"bsn", "agb", "iban", "kvk"})
"""Identifiers' labels that are whole words in camel case too (a log's MDC key
``patientBsn=``, ``PatientBSN:``, a field ``bsnNummer``). Not other words: a namespace's
``LabClient.Etiket`` is no ``client`` before a name."""
SEGMENT_SEP = "\x1e"
"""Separates independent segments (table cells) joined into one block."""
REGEX_TIMEOUT_S = 10.0
"""Last-resort guard for one regex call over a bounded window (never expected to fire).
Passed positionally (``pos, endpos, concurrent, partial, timeout``; ``overlapped`` first
for ``finditer``): keyword parsing costs more than a short match."""
CHAT_TIME = (
    r"(?:\[[^\]\n]{1,25}\]|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4},?[ ]\d{1,2}:\d{2}(?::\d{2})?"
    r"(?:[ ]?[-\u2013])?)"
)
"""The time a chat export puts before a message's sender: ``[12-03-24 14:02:11]``,
``[10:01]`` (WhatsApp on iOS, a copied Teams chat), ``12-03-24 14:02 -`` (WhatsApp on
Android)."""
MESSAGE_HEAD = rf"[ \t>]*(?:{CHAT_TIME}[ \t]*)?(?:[^\n:\[\]]{{1,40}}:[ \t]*)?"
"""What opens a chat message or a reply's line before its text: a quote mark, the time
(:data:`CHAT_TIME`), the sender and a colon (each may be missing)."""
SPOKEN_HEAD = (
    rf"[ \t>]*(?:(?:{CHAT_TIME}|\[?\d{{1,2}}:\d{{2}}(?::\d{{2}})?(?:[.,]\d{{1,3}})?\]?)[ \t]*)?"
    r"[^\n:\[\]\d]{1,40}:[ \t]*(?P<said>[^\n\d:?]{0,60})"
)
"""What opens a spoken reply's line before the value: a call transcript's time code, the
speaker and a colon (never missing), then words with no number in them, as people talk
(``00:00:24 BELLER: ja eh``, ``00:00:44 BELLER: eh even kijken hoor eh ja hier op mijn
pasje``)."""
SPOKEN_REACH = 110
"""How far into its line a spoken reply's value may stand."""
_FIRST_PERSON = re.compile(r"(?<![\w])(?:mijn|ik|mij)(?![\w])")
"""A line in the first person: its contact data are the writer's own."""
_ADDRESSED = re.compile(
    r"(?<![\w])(?:(?:uw|haar|zijn|hun)\s+(?:[\w-]+\s+)?"
    r"(?:rekening|bankrekening|iban|mobiel|gsm|e-?mail|telefoon|nummer|06)"
    r"|uw(?![\w])[^\n]*?(?:rekening|iban))"
)
"""A line that gives the reader's or a third person's contact data (``Uw rekeningnummer
NL79 ...``, ``haar mobiel 06-...``, ``Uw vergoeding storten wij op het rekeningnummer
...``): hers, like a line in the first person."""
_OURS = re.compile(
    r"(?<![\w])(?:ons|onze)\s+(?:[\w-]+\s+)?(?:rekening|iban|telefoon|nummer|e-?mail)"
)
"""The writer's own organisation's number on the line (``naar ons rekeningnummer``)."""
_CHAT_HEAD = re.compile(rf"{CHAT_TIME}[ \t]*[^\n:]{{1,40}}:[ \t]")
"""A chat message's line: its time and sender before its text."""
_LOG_HEAD = re.compile(r"\[?\d{4}-\d\d-\d\d[T ]\d\d:\d\d")
"""A log record's line: its ISO timestamp first."""
MAX_WINDOW = 2048
"""Most characters one validation regex call looks at (merged windows are split)."""
WRAPPED_LINE = 40
"""Fewest characters of a line that was wrapped: mail programs wrap at 72-78, PDF
paragraphs run as wide; a short line ended where its writer ended it (a path's folder,
``St.Jansdal`` over ``2024``; a list's item). Values split over two lines are joined only
where the first line is this long (a street and its number, a phone number, a postcode)."""
_SEP_RE = regex.compile(SEGMENT_SEP)
MERGE_GAP = 160
ASCII_FOLDS = "\u0130\u017f\u212a"
"""The characters beyond latin-1 that a case-insensitive ``regex`` pattern matches with an
ASCII letter (``İ`` with ``i``, ``ſ`` with ``s``, the Kelvin sign with ``k``)."""
_ASCII_FOLDS_RE = re.compile(f"[{ASCII_FOLDS}]")


class DetectionTimeoutError(Exception):
    """A regex call ran past its guard timeout; the unit's findings would be incomplete.
    The scan engine records the file as failed with reason 'detection timed out'."""

    def __init__(self) -> None:
        super().__init__("detection timed out")


def _too_wide(lo: int, hi: int) -> ValueError:
    """The error for a regex window over :data:`MAX_WINDOW` characters (callers test the
    width themselves: a function call per regex call costs more than the test)."""
    return ValueError(f"regex window of {hi - lo} characters exceeds {MAX_WINDOW}")


def _call(
    kind: str, pat: regex.Pattern[str], text: str, lo: int, hi: int, fast: bool
) -> Match | None:
    """``pat``'s ``kind`` call (``match``, ``search`` or ``fullmatch``) on ``text[lo:hi]``
    (at most :data:`MAX_WINDOW` characters): by the pattern's twin where ``fast`` (a
    ``fast`` view's flag) and it has one, else by ``regex`` with the timeout."""
    hi = min(hi, len(text))
    if hi - lo > MAX_WINDOW:
        raise _too_wide(lo, hi)
    found: Match | None
    if fast and (twin := re_twin(pat)) is not None:
        found = getattr(twin, kind)(text, lo, hi)
        return found
    try:
        found = getattr(pat, kind)(text, lo, hi, None, False, REGEX_TIMEOUT_S)
    except TimeoutError:
        raise DetectionTimeoutError() from None
    return found


def search(
    pat: regex.Pattern[str], text: str, lo: int, hi: int, fast: bool = False
) -> Match | None:
    """``pat.search`` within ``text[lo:hi]`` (see :func:`_call`)."""
    return _call("search", pat, text, lo, hi, fast)


def match(pat: regex.Pattern[str], text: str, lo: int, hi: int, fast: bool = False) -> Match | None:
    """``pat.match`` at ``lo`` within ``text[lo:hi]`` (see :func:`_call`)."""
    return _call("match", pat, text, lo, hi, fast)


def fullmatch(
    pat: regex.Pattern[str], text: str, lo: int, hi: int, fast: bool = False
) -> Match | None:
    """``pat.fullmatch`` of ``text[lo:hi]`` (see :func:`_call`)."""
    return _call("fullmatch", pat, text, lo, hi, fast)


class TextView:
    """Text plus its lower-cased twin (same length for the characters we look at).
    ``fast``: the regex helpers may run the patterns' standard-library twins (the text is
    plain and a watchdog guards the reading; see the module docstring)."""

    __slots__ = ("_lower", "_seps", "_wide", "fast", "text")

    def __init__(self, text: str, fast: bool = False) -> None:
        self.text = text
        self.fast = fast
        self._lower: str | None = None
        self._seps: list[int] | None = None
        self._wide: bool | None = False if fast else None  # (plain text is latin-1)

    @property
    def wide(self) -> bool:
        """Whether the text holds one of :data:`ASCII_FOLDS`: prefilter hits (latin-1
        bytes, ASCII case folding) then miss case-insensitive matches there."""
        if self._wide is None:
            self._wide = not self.text.isascii() and _ASCII_FOLDS_RE.search(self.text) is not None
        return self._wide

    @property
    def lower(self) -> str:
        if self._lower is None:
            low = self.text.lower()
            # str.lower() can change the length for a few code points (e.g. 'İ'); keep
            # offsets aligned by falling back to a per-character lower.
            if len(low) != len(self.text):
                low = "".join(c.lower()[:1] or c for c in self.text)
            self._lower = low
        return self._lower

    def segment(self, pos: int) -> tuple[int, int]:
        """Bounds of the segment holding ``pos``."""
        seps = self._seps
        if seps is None:
            t = self.text
            seps = self._seps = [m.start() for m in _SEP_RE.finditer(t)] if SEGMENT_SEP in t else []
        if not seps:
            return 0, len(self.text)
        i = bisect_right(seps, pos - 1) if pos else 0
        lo = seps[i - 1] + 1 if i else 0
        hi = seps[i] if i < len(seps) else len(self.text)
        if hi < pos:  # pos sits on a separator
            hi = pos
        return lo, hi

    def clamp(self, lo: int, hi: int, at: int) -> tuple[int, int]:
        """``[lo, hi)`` cut to the segment holding ``at``: what a detector reading around
        ``at`` may look at (the whole text when it holds no separator)."""
        seg_lo, seg_hi = self.segment(at)
        return max(lo, seg_lo), min(hi, seg_hi)

    def hit_windows(
        self, ends: Sequence[int], before: int, after: int
    ) -> Iterator[tuple[int, int]]:
        """:meth:`windows` of sorted hit ends, each cut to the segment of its hit and
        never merged across segments: a block of several texts joined by
        :data:`SEGMENT_SEP` reads like each of them alone."""
        if SEGMENT_SEP not in self.text:
            yield from self.windows(ends, before, after)
            return
        i, n = 0, len(ends)
        while i < n:
            seg_lo, seg_hi = self.segment(max(0, ends[i] - 1))
            j = i + 1
            while j < n and ends[j] <= seg_hi:
                j += 1
            for lo, hi in self.windows(ends[i:j], before, after):
                yield max(lo, seg_lo), min(hi, seg_hi)
            i = j

    def line_bounds(self, pos: int, lines_before: int = 0, lines_after: int = 0) -> tuple[int, int]:
        """Bounds of the line holding ``pos`` (plus ``lines_before`` earlier and
        ``lines_after`` later lines), never beyond its segment."""
        t = self.text
        seg_lo, seg_hi = self.segment(pos)
        i = t.rfind("\n", seg_lo, pos)
        lo = seg_lo if i < 0 else i + 1
        for _ in range(lines_before):
            if lo <= seg_lo:
                break
            i = t.rfind("\n", seg_lo, lo - 1)
            lo = seg_lo if i < 0 else i + 1
        hi = t.find("\n", pos, seg_hi)
        for _ in range(lines_after):
            if hi < 0:
                break
            hi = t.find("\n", hi + 1, seg_hi)
        return lo, (seg_hi if hi < 0 else hi)

    def line_has(self, pos: int, markers: Sequence[str], lines_before: int = 1) -> bool:
        """Whether the line of ``pos`` or the ``lines_before`` lines above hold a marker.
        Line breaks and tabs read as spaces, and a space ends the text, so that `` bv ``
        also marks ``Lab Noord BV`` at the end of a line."""
        lo, hi = self.line_bounds(pos, lines_before)
        if lines_before:
            own = max(lo, self.text.rfind("\n", lo, pos) + 1)
            if self._chat_line(own):
                lo = own
            elif _lines_have(self.lower[lo:hi], tuple(markers)):
                return self._own_line_marked(own, hi, markers)
            else:
                return False
        return _lines_have(self.lower[lo:hi], tuple(markers))

    def _chat_line(self, line_start: int) -> bool:
        """Whether the line starting at ``line_start`` is a chat message's or a log
        record's: a message is its own (the servicedesk's message above a patient's
        answer marks nothing in it), and so is a log's record (``... INFO mail queued
        to=servicedesk@...`` under a record of a patient's address)."""
        c = self.text[line_start : line_start + 1]
        return (c == "[" or c.isdigit()) and (
            _CHAT_HEAD.match(self.text, line_start) is not None
            or _LOG_HEAD.match(self.text, line_start) is not None
        )

    def lines_have(
        self, start: int, end: int, markers: Sequence[str], lines_before: int, lines_after: int
    ) -> bool:
        """:meth:`line_has` for a span that may cross lines: the lines of ``text[start:end]``
        with ``lines_before`` lines above and ``lines_after`` below, read at once."""
        lo = self.line_bounds(start, lines_before)[0]
        hi = self.line_bounds(max(start, end - 1), 0, lines_after)[1]
        if lines_before or lines_after:
            own = max(lo, self.text.rfind("\n", lo, start) + 1)
            if self._chat_line(own):
                lo, hi = own, self.line_bounds(max(start, end - 1))[1]
            elif _lines_have(self.lower[lo:hi], tuple(markers)):
                return self._own_line_marked(own, self.line_bounds(max(start, end - 1))[1], markers)
            else:
                return False
        return _lines_have(self.lower[lo:hi], tuple(markers))

    def _own_line_marked(self, lo: int, hi: int, markers: Sequence[str]) -> bool:
        """For a value whose lines around it hold a marker: whether it is marked, which a
        line in the first person (``text[lo:hi]``: ``Mijn nummer is ...``, ``ik woon op
        ...``) or one that gives the reader's or another person's number (``Uw
        rekeningnummer ...``, ``haar mobiel ...``) is only by a marker of its own (her
        data, whatever the lines around it hold: a web address she read, a letterhead
        quoted above her reply, a link above a scam mail's quote of her account)."""
        low = self.lower
        if _FIRST_PERSON.search(low, lo, hi) is None and (
            _ADDRESSED.search(low, lo, hi) is None or _OURS.search(low, lo, hi) is not None
        ):
            return True
        return _lines_have(self.lower[lo:hi], tuple(markers))

    @staticmethod
    def windows(ends: Sequence[int], before: int, after: int) -> Iterator[tuple[int, int]]:
        """Merge ``[end - before, end + after]`` windows of sorted hit ends; windows less
        than :data:`MERGE_GAP` apart are merged too (one regex call over a little more
        text is cheaper than two calls), up to :data:`MAX_WINDOW` characters: a longer
        run of hits is split into windows that may overlap (callers drop repeats)."""
        if before + after > MAX_WINDOW:
            raise ValueError(f"hit window {before} + {after} exceeds {MAX_WINDOW}")
        lo = hi = -1
        for e in ends:
            a, b = max(0, e - before), e + after
            if hi >= 0 and a <= hi + MERGE_GAP and max(hi, b) - lo <= MAX_WINDOW:
                hi = max(hi, b)
                continue
            if hi >= 0:
                yield lo, hi
            lo, hi = a, b
        if hi >= 0:
            yield lo, hi

    def finditer(
        self, pat: regex.Pattern[str], lo: int, hi: int, *, overlapped: bool = False
    ) -> Iterator[Match]:
        """Exact matches within ``text[lo:hi]`` (absolute offsets; at most
        :data:`MAX_WINDOW` characters)."""
        hi = min(hi, len(self.text))
        if hi - lo > MAX_WINDOW:
            raise _too_wide(lo, hi)
        if self.fast and not overlapped and (twin := re_twin(pat)) is not None:
            yield from twin.finditer(self.text, lo, hi)
            return
        try:
            yield from pat.finditer(self.text, lo, hi, overlapped, None, False, REGEX_TIMEOUT_S)
        except TimeoutError:
            raise DetectionTimeoutError() from None

    def finditer_at(
        self, pat: regex.Pattern[str], starts: Sequence[int], lo: int, hi: int
    ) -> Iterator[Match]:
        """What :meth:`finditer` gives for a pattern that never matches empty, trying
        ``pat`` only at ``starts`` (sorted; a superset of where a match can start in
        ``text[lo:hi]``): one C call per candidate instead of a scan of every position."""
        hi = min(hi, len(self.text))
        if hi - lo > MAX_WINDOW:
            raise _too_wide(lo, hi)
        text = self.text
        at = lo
        twin = re_twin(pat) if self.fast else None
        m: Match | None
        try:
            for p in starts:
                if p < at:
                    continue
                if p >= hi:
                    break
                if twin is not None:
                    m = twin.match(text, p, hi)
                else:
                    m = pat.match(text, p, hi, None, False, REGEX_TIMEOUT_S)
                if m is not None:
                    at = max(m.end(), p + 1)
                    yield m
        except TimeoutError:
            raise DetectionTimeoutError() from None

    def context(
        self, start: int, end: int, words: Sequence[str], before: int, after: int
    ) -> list[str]:
        """Context words (lower-case) found before ``start`` / after ``end``, same segment."""
        return [w for w, _, _ in self.context_hits(start, end, words, before, after)]

    def context_hits(
        self, start: int, end: int, words: Sequence[str], before: int, after: int
    ) -> list[tuple[str, int, int]]:
        """``(word, start, end)`` of the last whole-word occurrence of each context word
        in the ``before`` characters before ``start`` (absolute offsets; same segment),
        or in the ``after`` characters after ``end`` (then as found first)."""
        if not words:
            return []
        lo, hi = self._context_window(start, end, before, after)
        return _word_hits(self.lower, self.text, words, lo, start, end, hi)

    def _context_window(self, start: int, end: int, before: int, after: int) -> tuple[int, int]:
        """``(lo, hi)``: up to ``before`` characters before ``start`` and ``after`` after
        ``end`` (``hi == end`` without them), within the segment of ``start``."""
        seg_lo, seg_hi = self.segment(start)
        return max(seg_lo, start - before), (min(seg_hi, end + after) if after else end)

    def labelled(
        self,
        start: int,
        end: int,
        positive: Sequence[str],
        negative: Sequence[str],
        before: int,
        after: int = 0,
    ) -> list[str]:
        """The nearest positive context word (as a one-element list), unless a negative
        word (not part of a positive one) stands closer before ``start``: then ``[]``.
        (:meth:`context_hits` of both word lists, the window found once.)"""
        if not positive:
            return []
        low = self.lower
        lo, hi = self._context_window(start, end, before, after)
        pos = _word_hits(low, self.text, positive, lo, start, end, hi)
        if not pos:
            return []
        if negative:
            near = max(e if e <= start else -1 for _, _, e in pos)
            spans = [(a, b) for _, a, b in pos]
            for _, a, b in _word_hits(low, self.text, negative, lo, start, end, end):
                if any(pa <= a and b <= pb for pa, pb in spans):
                    continue
                if b > near:
                    return []
        best = max(pos, key=lambda h: (h[2] if h[2] <= start else -h[1], h[2] - h[1]))
        return [best[0]]


def asked_above(
    view: TextView,
    start: int,
    head: re.Pattern[str],
    question: re.Pattern[str],
    reach: int,
    back: int,
) -> re.Match[str] | None:
    """The question on the line above that a value at ``start`` answers, or None: the
    value stands at most ``reach`` characters into its line, after what ``head`` matches
    whole (a chat message's time and sender, :data:`MESSAGE_HEAD`), and ``question``
    matches the lower-cased line above, in its last ``back`` characters (``Wat is uw
    geboortedatum?`` over ``[10:02] Anna: 3-3-'78``)."""
    text = view.text
    line = text.rfind("\n", 0, start) + 1
    if line == 0 or line <= view.segment(start)[0] or start - line > reach:
        return None
    if head.fullmatch(text, line, start) is None:
        return None
    above = text.rfind("\n", 0, line - 1) + 1
    return question.search(view.lower, max(above, line - 1 - back), line - 1)


_SPOKEN = re.compile(SPOKEN_HEAD)


def spoken_reply(
    view: TextView, start: int, question: re.Pattern[str], back: int, other: re.Pattern[str]
) -> re.Match[str] | None:
    """The question on the line above that a value at ``start`` answers in a call's
    transcript (:func:`asked_above` with :data:`SPOKEN_HEAD`), unless the words said
    before the value name another one (``other`` searched in them, lower-cased: ``mijn
    labnummer is``)."""
    asked = asked_above(view, start, _SPOKEN, question, SPOKEN_REACH, back)
    if asked is None:
        return None
    line = view.text.rfind("\n", 0, start) + 1
    head = _SPOKEN.fullmatch(view.lower, line, start)
    return None if head is None or other.search(head["said"]) else asked


def _word_hits(
    low: str, text: str, words: Sequence[str], lo: int, start: int, end: int, hi: int
) -> list[tuple[str, int, int]]:
    """:meth:`TextView.context_hits` in the window ``low[lo:start]`` and, where ``hi >
    end``, ``low[end:hi]`` (``text``: ``low`` as written, for :func:`_ok_edges`)."""
    out: list[tuple[str, int, int]] = []
    left = low[lo:start]
    right = low[end:hi]
    for w in words:
        if w not in left and w not in right:  # C-speed pre-check: most words are absent
            continue
        i = _last_word(low, text, w, lo, start)
        if i >= 0:
            out.append((w, i, i + len(w)))
        elif hi > end:
            i = _first_word(low, text, w, end, hi)
            if i >= 0:
                out.append((w, i, i + len(w)))
    return out


@lru_cache(maxsize=65536)
def _lines_have(lines: str, markers: tuple[str, ...]) -> bool:
    """:meth:`TextView.line_has` of the (lower-cased) lines, memoised: a letterhead's
    lines (the lab's own address, phone number and e-mail) recur in every letter."""
    line = lines.replace("\n", " ").replace("\r", " ").replace("\t", " ") + " "
    present = [m for m in markers if m in line]  # cheaper than a regex alternation
    return bool(present) and any(_marker_at_word_start(line, m, lines) for m in present)


def _marker_at_word_start(line: str, marker: str, lines: str = "") -> bool:
    """``marker`` occurs not glued to a preceding letter or dot (``n.v.`` is not in
    ``t.n.v.``), nor, where it ends in a dot, to an initial after it (``n.v.`` is not in
    the initials ``N.V.M.``), nor as a person's initials that open her line before her
    name (``N.V. in 't Groen``, ``mevr. B.V. de Wit``: ``lines``, the lines as given, tell
    where a line starts; a company's form ends its name), and not as the letters of a
    postcode (`` bv `` in ``1445 BV Purmerend`` is no company form)."""
    i = line.find(marker)
    while i >= 0:
        if (
            _postcode_letters(line, i, marker)
            or _initial_after(line, i + len(marker), marker)
            or _initials_opening(lines, i, marker)
            or _initials_reversed(lines, i, marker)
            or _glued_number(line, i, marker)
        ):
            pass
        elif i == 0 or not (line[i - 1].isalnum() or line[i - 1] == ".") or not marker[0].isalnum():
            return True
        i = line.find(marker, i + 1)
    return False


_OPENING_TITLES = frozenset({"", "mevr.", "mw.", "mevrouw", "dhr.", "de heer", "t.a.v.", "fam."})
"""What may stand before a person's initials at the start of her line."""
_DOTTED_PAIR = re.compile(r"[a-z]\.[a-z]\.")


def _initials_opening(lines: str, i: int, marker: str) -> bool:
    """Whether a marker of two dotted letters at ``i`` opens its line (after a title at
    most) and a word follows it: a person's initials (see :func:`_marker_at_word_start`)."""
    if not lines or not _DOTTED_PAIR.fullmatch(marker):
        return False
    start = max(lines.rfind("\n", 0, i), lines.rfind("\r", 0, i)) + 1
    after = lines[i + len(marker) : i + len(marker) + 2]
    return (
        lines[start:i].strip(" \t") in _OPENING_TITLES and after[:1] == " " and after[1:2].isalpha()
    )


_REVERSED_BEFORE = re.compile(r"[ \t]*[^\W\d_][\w'\-]*(?:[ \t]+[\w'\-]+){0,3},[ \t]*")
"""A family name (and its tussenvoegsels) and a comma that open a line: what stands
before a person's initials in a list's ``Mertens, B.V., geboren ...``."""


def _initials_reversed(lines: str, i: int, marker: str) -> bool:
    """Whether a marker of two dotted letters at ``i`` follows a family name and a comma
    that open its line, and ends a clause (a comma, the line's end): a person's initials
    (``Mertens, B.V., geboren 13-2-1972``; a company writes its form with no comma
    before it, ``Cytolab B.V.``)."""
    if not lines or not _DOTTED_PAIR.fullmatch(marker):
        return False
    start = max(lines.rfind("\n", 0, i), lines.rfind("\r", 0, i)) + 1
    after = lines[i + len(marker) : i + len(marker) + 1]
    return (
        after in ("", ",", "\n", "\r") and _REVERSED_BEFORE.fullmatch(lines, start, i) is not None
    )


def _initial_after(line: str, j: int, marker: str) -> bool:
    """Whether an initial (a letter and its dot) follows a marker that ends in a dot."""
    return marker.endswith(".") and line[j : j + 1].isalpha() and line[j + 1 : j + 2] == "."


_GLUED_MARKERS = frozenset({"fax", "helpdesk", "servicedesk", "postbus", "toestel"})
"""Markers that a number glued to them makes a name (a fax server's ``fax000412`` job
file, a ``helpdesk2`` mailbox): an organisation writes a space or a colon there. Not
``kvk``, whose number a letterhead glues to it (``KvK12345678``)."""


def _glued_number(line: str, i: int, marker: str) -> bool:
    """Whether ``marker`` at ``i`` is one of :data:`_GLUED_MARKERS` with a digit right
    after it: a word of a name or a file's (``DocumentName: fax000412``), no label."""
    end = i + len(marker)
    return marker in _GLUED_MARKERS and line[end : end + 1].isdigit()


def _postcode_letters(line: str, i: int, marker: str) -> bool:
    """Whether ``marker`` at ``i`` is a space and two letters right after four digits: the
    letters of a Dutch postcode (``1445 bv``)."""
    return marker[:1] == " " and postcode_letters(line, i + 3) and marker[1:3].isalpha()


def postcode_letters(text: str, end: int) -> bool:
    """Whether the word ending at ``end`` is the two letters of a Dutch postcode: four
    digits (not part of a longer number), an optional space, then two letters
    (``3907 MW``, ``1445bv``)."""
    s = end - 2
    if s < 4 or not text[s:end].isalpha() or text[s - 1].isalpha():
        return False
    k = s - 1 if text[s - 1] == " " else s
    return k >= 4 and text[k - 4 : k].isdigit() and (k == 4 or not text[k - 5].isalnum())


def _ok_edges(hay: str, text: str, i: int, word: str) -> bool:
    """Whether ``word`` at ``hay[i:]`` is a whole word: no letter joins it on either side,
    unless the text as written starts a new word there in camel case and the word is an
    identifier's label (:data:`CAMEL_WORDS`: a log's MDC key
    ``patientBsn=``, a field ``bsnNummer``)."""
    a = hay[i - 1] if i > 0 else " "
    j = i + len(word)
    b = hay[j] if j < len(hay) else " "
    camel = word in CAMEL_WORDS
    if a.isalpha() and word[0].isalpha() and not (camel and _camel(text, i)):
        return False
    return not (b.isalpha() and word[-1].isalpha()) or (camel and _camel(text, j))


def _camel(text: str, i: int) -> bool:
    """Whether a word starts at ``text[i]`` in camel case (``patient|Bsn``, ``Patient|BSN``)."""
    return text[i].isupper() and text[i - 1].islower()


def _last_word(hay: str, text: str, word: str, lo: int, hi: int) -> int:
    i = hay.rfind(word, lo, hi)
    while i >= 0 and not _ok_edges(hay, text, i, word):
        i = hay.rfind(word, lo, i + len(word) - 1)
    return i


def _first_word(hay: str, text: str, word: str, lo: int, hi: int) -> int:
    i = hay.find(word, lo, hi)
    while i >= 0 and not _ok_edges(hay, text, i, word):
        i = hay.find(word, i + 1, hi)
    return i
