"""Markers of an organisation's letterhead, invoice or support page (shared constants)."""

ORGANISATION_MARKERS: tuple[str, ...] = (
    "b.v.",
    " bv ",
    " bv,",
    "n.v.",
    "www.",
    "http",
    "kvk",
    *("btw-", "btw:", "btw nr", "btw nl", "btw nummer", "btw id", "btwnr", "btw no", "btw.nr"),
    *("btw 21", "btw 9%", "btw 0%", "incl. btw", "excl. btw", "incl btw", "excl btw"),
    "kamer van koophandel",
    "servicedesk",
    "helpdesk",
    "klantenservice",
    "service desk",
    "fax",
    "postbus",
    "antwoordnummer",
)
"""A contact value on a line with one of these (or just below one) is an organisation's.
A VAT number's or an invoice's forms of ``btw``, not the word alone: a chat's ``btw`` is
"by the way" (``btw, haar nummer is 06 ...``).
Weaker hints (an organisation's name above a person's signature) are handled by the
closing-block rule of :mod:`breachscope.detect.textrules`."""
