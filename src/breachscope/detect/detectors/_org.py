"""Markers of an organisation's letterhead, invoice or support page (shared constants)."""

ORGANISATION_MARKERS: tuple[str, ...] = (
    "b.v.",
    " bv ",
    " bv,",
    "n.v.",
    "www.",
    "http",
    "kvk",
    "btw",
    "kamer van koophandel",
    "servicedesk",
    "helpdesk",
    "klantenservice",
    "service desk",
    "fax",
    "postbus",
)
"""A contact value on a line with one of these (or just below one) is an organisation's.
Weaker hints (an organisation's name above a person's signature) are handled by the
closing-block rule of :mod:`breachscope.detect.textrules`."""
