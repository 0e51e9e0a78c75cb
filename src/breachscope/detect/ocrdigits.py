"""Digits an OCR engine read as letters, in a value a label names.

A scanned referral form's text comes from OCR, which reads a ``0`` as ``O``, a ``1`` as
``I`` or ``l``, a ``5`` as ``S``, an ``8`` as ``B`` and a ``2`` as ``Z``: ``BSN:
45O433845``, ``Geb.datum: l4-02-l971``. Read as written the value is lost. Such a token
is read with those letters as digits only where it is mostly digits already, right after
the label of its kind (the detectors that use this ask for the label), and the value
still has to pass its own checks (the elfproef, a real date): a lab's sample number
(``S24-012345``) or a word is never read this way. The explanation says so.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

import regex

from breachscope.detect.base import TextMatch
from breachscope.detect.context import TextView

AS_DIGITS = str.maketrans(
    {"O": "0", "o": "0", "D": "0", "I": "1", "l": "1", "|": "1", "Z": "2", "S": "5", "B": "8"}
)
"""The letters an OCR engine gives for digits, as those digits."""
LETTERS = "OoDIl|ZSB"
LEADING = "OoIl|"
"""The letters that may open such a token (``O6-...``): a sample or batch number starts
with ``S``, ``B`` or ``Z`` as written."""
EXPLANATION = "letters read as digits (OCR)"
SPACED = "digits apart by stray spaces (OCR)"


def as_digits(token: str, least: int, ratio: float = 2.0) -> str | None:
    """``token`` with its OCR letters (:data:`AS_DIGITS`) as digits, where it is a
    number an OCR engine misread: at least one such letter, at least ``least`` real
    digits and ``ratio`` times as many digits as letters, no other letter, and a digit or
    one of :data:`LEADING` first; else None."""
    if not token or not (token[0].isdigit() or token[0] in LEADING):
        return None
    digits = sum(c.isdigit() for c in token)
    letters = sum(c in LETTERS for c in token)
    if not letters or digits < least or digits < ratio * letters:
        return None
    if any(c.isalpha() and c not in LETTERS for c in token):
        return None
    return token.translate(AS_DIGITS)


def spaced(token: str, count: int) -> str | None:
    """The digits of ``token``, groups of digits apart by single spaces (``47 67 96
    660``, ``90996 5687``: an OCR engine's stray spaces), where they number ``count``."""
    groups = token.split(" ")
    digits = "".join(groups)
    if len(digits) != count or not all(g.isdigit() for g in groups):
        return None
    return digits


def misread(
    view: TextView,
    pattern: regex.Pattern[str],
    windows: Iterable[tuple[int, int]],
    read: Callable[[str], str | None],
    check: Callable[[TextView, int, int, str], TextMatch | None],
    taken: set[int],
    explanation: str = EXPLANATION,
) -> Iterator[TextMatch]:
    """The matches of ``pattern`` in ``windows`` (a detector's windows after its labels)
    that ``read`` reads as a value (:func:`as_digits`, :func:`spaced`) and the
    detector's ``check`` takes, each explained so (``explanation``); a match starting at
    one of ``taken`` is left out, and each one found is added to it."""
    for lo, hi in windows:
        for m in view.finditer(pattern, lo, hi):
            start, end = m.span()
            value = read(m[0])
            if value is None or start in taken:
                continue
            found = check(view, start, end, value)
            if found is not None:
                taken.add(start)
                yield found._replace(evidence=f"{found.evidence}; {explanation}")
