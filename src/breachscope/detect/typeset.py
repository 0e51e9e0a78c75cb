"""Characters a word processor or a web page puts where a person types plain ones.

Free text is read with each of them as the plain character it stands for, one for one,
so that every span stays where it is in the text as written
(:meth:`~breachscope.detect.detectorset.DetectorSet.text_hits`): ``J.\u00a0Jansen``,
``020 \u2013 123 45 67``, ``mevrouw E. van \u2019t Hof``.
"""

from __future__ import annotations

import re

FIXED_SPACES = "\u00a0\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
"""Spaces that keep words together, or of a set width (no-break; en, em, a third, a
quarter and a sixth of an em; figure, punctuation, thin, hair, narrow no-break,
mathematical and ideographic): what a word processor puts between ``J.`` and ``Jansen``
or ``1234`` and ``AB``, what ``&nbsp;`` becomes in an HTML e-mail, and the gaps of a PDF
set with en and em spaces."""
DASHES = "\u2010\u2011\u2012\u2013\u2014\u2212"
"""Hyphens and dashes as typesetting writes them (hyphen, non-breaking hyphen, figure
dash, en dash, em dash, minus sign): ``06\u201112345678``, ``020 \u2013 123 45 67``,
``12\u201308\u20131975``."""
APOSTROPHES = "\u2018\u2019\u201b\u02bc\u00b4\u2032`"
"""Apostrophes as typesetting or a keyboard writes them (single quotation marks, the
modifier letter apostrophe, an acute accent, a prime, a backtick): Word turns every
apostrophe into ``\u2019`` as it is typed, so a letter names ``mevrouw E. van \u2019t Hof``,
``mw. A. \u2019t Hart`` and ``K. O\u2019Brien``."""
TYPESET = re.compile(f"[{FIXED_SPACES}{DASHES}{APOSTROPHES}]")
_LATIN1 = tuple(c for c in FIXED_SPACES + DASHES + APOSTROPHES if c <= "\xff")
"""The typeset characters of latin-1 (the no-break space, the acute accent, the backtick)."""


def has_typeset(text: str, latin1: bool = False) -> bool:
    """Whether ``text`` holds a typeset character. ``latin1``: the caller knows that
    ``text`` is latin-1 (a plain text, :func:`~breachscope.detect.rxtwin.plain`), where a
    substring test for each of the few latin-1 ones (a ``memchr``) replaces the scan by
    character class (about 2.4 ns a character)."""
    if latin1:
        return any(c in text for c in _LATIN1)
    return TYPESET.search(text) is not None


ALIGNING_SPACES = ("\u00a0", "\u2002", "\u2003", "\u2007")
"""The fixed spaces a text aligns columns with (no-break, en, em, figure)."""


def has_aligning_space(text: str) -> bool:
    """Whether ``text`` holds one of :data:`ALIGNING_SPACES` (a substring test each: no
    scan by character class of every text)."""
    return not text.isascii() and any(c in text for c in ALIGNING_SPACES)


AS_PLAIN = str.maketrans(
    dict.fromkeys(FIXED_SPACES, " ") | dict.fromkeys(DASHES, "-") | dict.fromkeys(APOSTROPHES, "'")
)
"""The typeset characters as plain spaces, hyphens and apostrophes, one character each."""
