"""Characters that show nothing: read as if they were not there.

A soft hyphen (``Jan&shy;sen`` in an HTML e-mail, a word processor's hyphenation hint), a
zero-width space or joiner, a byte-order mark inside a text, and the marks that set the
direction of right-to-left script split a value for the patterns while a reader sees
one: ``BSN: 123\u200b456\u200b782``. Detection reads the text without them and maps each
span back to the text as written (:mod:`breachscope.detect.reading`), so that every
location still points into it.
"""

from __future__ import annotations

INVISIBLE = (
    "\u00ad"  # soft hyphen
    "\u200b\u200c\u200d"  # zero-width space, non-joiner, joiner
    "\u200e\u200f"  # left-to-right and right-to-left marks
    "\u202a\u202b\u202c\u202d\u202e"  # direction embeddings and overrides
    "\u2060"  # word joiner
    "\u2066\u2067\u2068\u2069"  # direction isolates
    "\ufeff"  # zero-width no-break space (a byte-order mark)
)
