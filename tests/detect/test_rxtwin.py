"""The standard-library twins of the validation patterns (``detect/rxtwin.py``) find what
the ``regex`` patterns find on plain text, and a watchdog (``detect/watchdog.py``) guards
every text they read: a runaway call is stopped, never left to run or silently cut short.

The patterns are those the detectors really call, recorded while they read a generated
dump's letters; the texts are windows of those letters with characters put in."""

from __future__ import annotations

import re
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from breachscope.config import Config
from breachscope.detect import context, names
from breachscope.detect.context import REGEX_TIMEOUT_S, DetectionTimeoutError
from breachscope.detect.detectorset import DetectorSet
from breachscope.detect.lazypattern import LazyPattern
from breachscope.detect.rxtwin import WHITE, plain, re_twin, translate
from breachscope.detect.watchdog import RaisingAlarm, regex_watchdog
from breachscope.engine.deadline import Deadline, FileTimeoutError

from .helpers import dump_texts

CONFIG = Config(workers=1)
PLAIN_EXTRA = "\x1e\x1c\x1f\n\r\t\xa0\x85 ,.;:-'\"()/+@#&1907éëïöüÉËÏÖÜçñàèáóúµ¿ÿ"
"""Characters put into the letters: separators, white space both engines read apart
outside the twin, punctuation and latin-1 letters."""


@pytest.fixture(scope="module")
def letters(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    texts = dump_texts(tmp_path_factory.mktemp("rxtwin") / "s", 60, 9013, CONFIG)
    assert len(texts) >= 20
    return texts


@pytest.fixture(scope="module")
def called(dset: DetectorSet, letters: list[str]) -> list[regex.Pattern[str]]:
    """Every pattern the detectors hand the regex helpers while reading the letters."""
    seen: dict[int, regex.Pattern[str]] = {}
    real = context.re_twin

    def record(pat: Any) -> re.Pattern[str] | None:
        seen[id(pat)] = pat
        return real(pat)

    context.re_twin = record  # type: ignore[assignment]
    try:
        dset.texts_spans(letters)
    finally:
        context.re_twin = real
    assert len(seen) >= 10
    return list(seen.values())


@pytest.fixture(scope="module")
def patterns(dset: DetectorSet, called: list[regex.Pattern[str]]) -> list[regex.Pattern[str]]:
    """The called patterns and every other ``regex`` pattern of the detect package that
    has a twin (module constants, pattern tables, the detectors' own)."""
    found: dict[int, regex.Pattern[str]] = {id(p): p for p in called}
    places: list[Any] = [m for n, m in sys.modules.items() if n.startswith("breachscope.detect")]
    places += dset.detectors
    for place in places:
        for value in list(vars(place).values()) if hasattr(place, "__dict__") else []:
            items = value.values() if isinstance(value, dict) else [value]
            found.update((id(p), p) for p in items if isinstance(p, regex.Pattern | LazyPattern))
    for det in dset.detectors:
        if getattr(type(det), "regex", ""):
            found[id(type(det).exact())] = type(det).exact()
    out = [p for p in found.values() if isinstance(p.pattern, str) and re_twin(p) is not None]
    assert len(out) > len(called)
    return out


def _in_thread(fn: Callable[[], Any]) -> Any:
    """``fn()`` run in another thread: no watchdog there, so the ``regex`` engine reads."""
    out: list[Any] = []
    t = threading.Thread(target=lambda: out.append(fn()))
    t.start()
    t.join()
    return out[0]


# -- the twins ------------------------------------------------------------------------


def test_white_is_what_regex_reads_as_space_in_latin1() -> None:
    twin = re.compile(f"[{WHITE}]")
    for c in map(chr, range(256)):
        assert (regex.match(r"\s", c) is None) == (twin.match(c) is None), repr(c)


def test_plain_text_reads_alike_in_both_engines() -> None:
    chars = [c for c in map(chr, range(256)) if plain(c)]
    for cls in (r"\w", r"\W", r"\d", r"\b.", r".\b"):
        for c in chars:
            text = c + "a" if cls.startswith(".") else c
            assert (regex.match(cls, text) is None) == (re.match(cls, text) is None), (cls, c)
    folded = [c for c in chars if c.isalpha()]
    for a in folded:  # case-insensitive: also VERSION1's full case folding
        for b in folded:
            theirs = regex.fullmatch(regex.escape(a), b, regex.I | regex.V1) is not None
            assert theirs == (re.fullmatch(re.escape(a), b, re.I) is not None), (a, b)


@pytest.mark.parametrize(
    "text", ["²", "½", "ß", "İ", "ſ", "\u212a", "e\u0301", "\u0430", "€", "abc\u2028"]
)
def test_text_the_engines_read_apart_is_not_plain(text: str) -> None:
    assert not plain("Mevr. " + text)


@pytest.mark.parametrize(
    "pattern",
    [
        r"[[a-z]--[aeiou]]",  # VERSION1 set difference
        r"\p{Lu}\w+",
        r"(?:Jansen){e<=1}",
        r"(?|a(b)|c(d))",
        r"\mword\M",
        r"(?x) a b",
        r"(?a:\s)",
        r"[\S,]",
        r"[\s-x]",
        r"[\x00-\s]",  # a range to a class
        r"(?(DEFINE)(?P<d>\d))(?&d)",
        r"(?r)abc",
        r"abc[",
    ],
)
def test_regex_only_syntax_gets_no_twin(pattern: str) -> None:
    assert translate(pattern) is None


@pytest.mark.parametrize(
    ("pattern", "twin"),
    [
        ("[A-ZĀĂŞ]+", "[A-Z]+"),  # letters beyond latin-1: none in plain text
        ("[a-zſıĀ]", "[a-zſı]"),  # case partners of s and i: kept
        ("(?i:[ŸĀ\u212a]x)", "(?i:[Ÿ\u212a]x)"),  # of ÿ and k
        ("[^ĀĂ]\\s", "[^ĀĂ][\\t-\\r \\x85\\xa0]"),  # nothing would be left: as written
        ("[ÀĀ-ăŸ]", "[ÀŸ]"),
        ("[À-ą]", "[À-ÿ]"),
        ("[Ā^]\\s", "[Ā^][\\t-\\r \\x85\\xa0]"),  # a caret first would negate: as written
        ("[\\u0100Ā-]", "[\\u0100-]"),  # escapes kept; a dash at the end is a dash
        ("[ĀĂ\\sx]", "[\\t-\\r \\x85\\xa0x]"),
        ("\\s+", "[\\t-\\r \\x85\\xa0]+"),
    ],
)
def test_twin_classes_leave_out_what_plain_text_cannot_hold(pattern: str, twin: str) -> None:
    assert translate(pattern) == twin


@pytest.mark.parametrize("cls", ["UPPER", "LOWER"])
@pytest.mark.parametrize("scope", ["{}", "(?i:{})"])
def test_letter_class_twins_read_every_latin1_character_alike(cls: str, scope: str) -> None:
    """The twin of a name letter class keeps no letter beyond latin-1 but one that is a
    latin-1 letter's case partner, and matches every latin-1 character as ``regex``."""
    source = scope.format(f"[{getattr(names, cls)}]")
    twin = translate(source)
    assert twin is not None
    kept = {c for c in twin if c > "\xff"}
    assert kept <= set("ıİſŸ"), sorted(kept)
    theirs, ours = regex.compile(source), re.compile(twin)
    for c in map(chr, range(0x3000)):
        if c <= "\xff":
            assert (theirs.fullmatch(c) is None) == (ours.fullmatch(c) is None), repr(c)
        elif ours.fullmatch(c) is not None:  # only the kept partners, as written
            assert c in kept or scope != "{}", repr(c)


def test_flags_the_twin_cannot_copy_give_no_twin() -> None:
    assert re_twin(regex.compile(r"\s+", regex.ASCII)) is None
    assert re_twin(regex.compile(r"a b", regex.VERBOSE)) is None
    assert re_twin(re.compile("a")) is None  # not a regex pattern: nothing to copy
    assert re_twin(regex.compile(r"(?i:ab)\s", regex.V1)) is not None


def test_every_called_pattern_has_a_twin(called: list[regex.Pattern[str]]) -> None:
    assert [p.pattern[:60] for p in called if re_twin(p) is None] == []


def _spans(m: Any) -> tuple[tuple[int, int], ...] | None:
    return None if m is None else tuple(m.span(g) for g in range(len(m.groups()) + 1))


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_twins_match_as_their_patterns(
    patterns: list[regex.Pattern[str]], letters: list[str], data: st.DataObject
) -> None:
    text = data.draw(st.sampled_from(letters))
    for _ in range(data.draw(st.integers(0, 6))):  # characters put in anywhere
        at = data.draw(st.integers(0, len(text)))
        text = text[:at] + data.draw(st.text(PLAIN_EXTRA, min_size=1, max_size=3)) + text[at:]
    lo = data.draw(st.integers(0, len(text)))
    hi = data.draw(st.integers(lo, min(len(text), lo + 400)))
    assert plain(text)
    timeout = (None, False, REGEX_TIMEOUT_S)
    for pat in patterns:
        twin = re_twin(pat)
        assert twin is not None
        assert _spans(twin.match(text, lo, hi)) == _spans(pat.match(text, lo, hi, *timeout))
        assert _spans(twin.search(text, lo, hi)) == _spans(pat.search(text, lo, hi, *timeout))
        assert _spans(twin.fullmatch(text, lo, hi)) == _spans(pat.fullmatch(text, lo, hi))
        assert [_spans(m) for m in twin.finditer(text, lo, hi)] == [
            _spans(m) for m in pat.finditer(text, lo, hi)
        ]


_GAPS = (" ", "\t ", "\n", ".", "\r\n", " \n", ". ", ", ", "-", "a", "A.", "de ", "1")
"""What a layout or a form repeats: runs of white space, a leader's dots, separators."""


class _RunAway(Exception):
    pass


def _raise_run_away(signum: int, frame: Any) -> None:
    raise _RunAway


@pytest.mark.parametrize("gap", _GAPS)
def test_no_twin_backtracks_without_bound_over_a_long_gap(
    patterns: list[regex.Pattern[str]], gap: str
) -> None:
    """A twin matched after a cue over a long run of one shape (``Naam:`` then 2,000
    spaces, as ``pdftotext -layout`` writes a form) ends: runs that may give back what
    the next part could take cost the ``re`` engine a power of the run's length
    (``[ \t]*[:=]?[ \t]*``: 0.8 s for 160 spaces, hours for 2,000), and the engine takes
    no timeout. Each pattern gets 2 s for its 8 matches here (each takes milliseconds)."""
    texts = [pre + gap * (2000 // len(gap)) + "#" for pre in ("", "Naam:", "Kerkstraat")]
    old = signal.signal(signal.SIGALRM, _raise_run_away)
    slow = []
    try:
        for pat in patterns:
            twin = re_twin(pat)
            assert twin is not None
            signal.setitimer(signal.ITIMER_REAL, 2.0)
            try:
                for text in texts:
                    twin.match(text)
                    twin.match(text, text.index(gap))
            except _RunAway:
                slow.append(pat.pattern[:80])
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
    finally:
        signal.signal(signal.SIGALRM, old)
    assert slow == []


def test_letters_read_by_the_twins_as_by_regex(dset: DetectorSet, letters: list[str]) -> None:
    odd = [t.replace("e", "ë²", 3) for t in letters[:5]]  # not plain: regex reads them
    texts = letters + odd
    fast = dset.texts_spans(texts)
    assert sum(map(len, fast)) >= 200
    assert _in_thread(lambda: dset.texts_spans(texts)) == fast


# -- the watchdog -----------------------------------------------------------------------


@pytest.fixture
def no_timer() -> Iterator[None]:
    assert signal.getitimer(signal.ITIMER_REAL)[0] == 0
    before = signal.getsignal(signal.SIGALRM)
    yield
    assert signal.getitimer(signal.ITIMER_REAL)[0] == 0
    assert signal.getsignal(signal.SIGALRM) == before


def test_watchdog_arms_and_puts_back(no_timer: None) -> None:
    with regex_watchdog(30.0) as guarded:
        assert guarded
        assert 0 < signal.getitimer(signal.ITIMER_REAL)[0] <= 30.0
        assert isinstance(signal.getsignal(signal.SIGALRM), RaisingAlarm)


def test_watchdog_stops_a_runaway_twin(no_timer: None) -> None:
    started = time.monotonic()
    with pytest.raises(DetectionTimeoutError), regex_watchdog(0.2):
        re.match(r"(a+)+$", "a" * 40 + "b")  # exponential: would run for ages
    assert time.monotonic() - started < 5


def test_watchdog_is_off_in_other_threads(no_timer: None) -> None:
    def run() -> bool:
        with regex_watchdog(30.0) as guarded:
            return guarded

    assert _in_thread(run) is False


def test_watchdog_leaves_a_foreign_timer_alone(no_timer: None) -> None:
    fired: list[int] = []
    previous = signal.signal(signal.SIGALRM, lambda s, f: fired.append(s))
    try:
        signal.setitimer(signal.ITIMER_REAL, 30.0)
        with regex_watchdog(1.0) as guarded:
            assert not guarded  # its handler does not raise: the twins would run unguarded
            assert signal.getitimer(signal.ITIMER_REAL)[0] > 1.0
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert fired == []


def test_the_file_deadline_guards_the_twins(no_timer: None) -> None:
    with Deadline(30.0):
        left = signal.getitimer(signal.ITIMER_REAL)[0]
        with regex_watchdog(1.0) as guarded:
            assert guarded
            assert signal.getitimer(signal.ITIMER_REAL)[0] <= left  # not re-armed
    with pytest.raises(FileTimeoutError), Deadline(0.2), regex_watchdog(30.0):
        re.match(r"(a+)+$", "a" * 40 + "b")
