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
    "support",
    "fax",
    "laboratorium",
    "ziekenhuis",
    "stichting",
    "afdeling",
    "postbus",
)
"""A contact value on a line with one of these (or just below one) is an organisation's."""
