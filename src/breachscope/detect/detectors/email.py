"""E-mail addresses; normalised to lower case. Role mailboxes (``info@``, ``uitslagen@``,
``service@``...) belong to organisations and are not reported."""

from __future__ import annotations

import re

from breachscope.detect.base import Detector
from breachscope.detect.detectors._org import OTHER_PARTY_HEADERS

ROLE_MAILBOXES = frozenset({
    "info", "uitslagen", "uitslag", "service", "support", "helpdesk", "servicedesk", "noreply",
    "no-reply", "administratie", "factuur", "facturen", "facturatie", "receptie", "secretariaat",
    "contact", "post", "mail", "office", "sales", "verkoop", "inkoop", "klantenservice", "lab",
    "laboratorium", "privacy", "fg", "dpo", "webmaster", "postmaster", "abuse", "hr",
    "personeelszaken", "salaris", "planning", "assistente", "praktijk", "huisarts", "spoed",
    "orders", "bestellingen", "marketing", "communicatie", "pers", "nieuwsbrief", "security",
    "ict", "it", "mt", "directie", "management", "kwaliteit", "afspraken", "afspraak",
    "screening", "bevolkingsonderzoek", "klachten", "zorg", "poli", "polikliniek",
    "beheer", "labs", "allemedewerkers", "medewerkers", "iedereen", "vacatures", "debiteuren",
    "crediteuren", "boekhouding", "financien", "financiën", "logistiek", "magazijn", "backoffice",
    "assistentes", "balie", "pathologie", "cytologie", "microbiologie", "doktersassistente",
    "doktersassistentes", "triage", "apotheek", "huisartsenpost", "zorgmail",
})  # fmt: skip


_MESSAGE_ID = re.compile(r"\d{8,}(?:[.\-]\d+)+")
"""A mail server's message id, not a mailbox (``20240311220109.4471@labrijnmond.nl``: a
time stamp and a counter), wherever a log writes it."""


_COMPOSITE = re.compile(r"[\s^:;,<>()\[\]\"=&]")
"""Characters no bare address holds: a cell with one of them holds more than the address
(HL7 components, an EDIFACT qualifier, ``Name <address>``, a query string's
``...&email=j%40x.nl&order=...``)."""


_AT = r"(?:@|%40|&#0*64;|&#[xX]0*40;|[ ]?[\[({](?i:at|@|apenstaartje)[\])}][ ]?)"
_DOT = r"(?:\.|[ ]?[\[({](?i:dot|punt)[\])}][ ]?)"
_HIDDEN = re.compile(r"\s*[\[({](at|@|apenstaartje|dot|punt)[\])}]\s*", re.IGNORECASE)
"""An address written so that a harvester misses it (``anna[at]example.nl``,
``anna (at) example (dot) nl``, ``m.kok(apenstaartje)kpnmail.nl``), as people do on
forums and in e-mails: read as the address it stands for."""
_TLDS = r"(?:nl|com|net|org|be|de|eu|info|nu|fr|uk|me|io|biz)"
_SPELLED_DOT = r"(?:punt|PUNT|dot|DOT)"
_SPELLED_AT = r"(?:at|AT|apenstaartje)"
_SPELLED_WORD = rf"(?:{_SPELLED_AT}|{_SPELLED_DOT})"
SPELLED = (
    rf"[A-Za-z0-9][A-Za-z0-9._%+'\-]{{0,63}}"
    rf"(?:[ ]{_SPELLED_DOT}[ ][A-Za-z0-9][A-Za-z0-9._%+'\-]{{0,63}})*"
    rf"[ ]{_SPELLED_AT}[ ][A-Za-z0-9](?:[A-Za-z0-9\-]{{0,61}}[A-Za-z0-9])?"
    rf"(?:[ ]{_SPELLED_DOT}[ ]|\.){_TLDS}"
)
"""An address spelled out as a caller dictates it and a note takes it down (``anna punt
devries at gmail punt com``, ``jolanda_bremer AT hotmail DOT com``, ``anna.devries at
gmail.com``): ``at`` in small or capital letters (not ``At``), and a known top-level
domain, so that prose (``kijk at home``) is none."""
_SPELLED_SEP = re.compile(rf"[ ]{_SPELLED_WORD}[ ]")
_SPELLED_SURE = re.compile(
    r"[ ](?:AT|apenstaartje|punt|PUNT|dot|DOT)[ ]|^[^ ]*[._\d\-][^ ]*[ ]at[ ]"
)
"""What makes a spelled-out address one beyond doubt: ``AT`` in capitals, a spelled
``punt``/``dot``, ``apenstaartje``, or a local part with a dot, an underscore, a hyphen
or a digit (``anna.devries at gmail.com``; not ``look at booking.com``)."""


_ENCODED_AT = re.compile(r"%40|&#0*64;|&#x0*40;")
"""An ``@`` encoded: in a URL's query string (``?email=jan%40example.nl``, an access
log's request line) or as an HTML character reference (``jan&#64;example.nl``)."""


def _unhidden(value: str) -> str:
    value = _ENCODED_AT.sub("@", value)
    return _HIDDEN.sub(
        lambda m: "@" if m.group(1).lower() in ("at", "@", "apenstaartje") else ".", value
    )


def _unspelled(value: str) -> str:
    """A spelled-out address (lower case) as written (``anna punt devries at gmail punt
    com``: ``anna.devries@gmail.com``)."""
    return _SPELLED_SEP.sub(lambda m: "." if m.group().strip() in ("punt", "dot") else "@", value)


class EmailDetector(Detector):
    id = "email"
    data_class = "email"
    kind = "email"
    patterns = (
        r"[A-Za-z0-9_%+\-]@[A-Za-z0-9\-]+\.",
        r"[A-Za-z0-9_%+\-] ?[\[({](?i:at|@|apenstaartje)[\])}] ?[A-Za-z0-9\-]",
        r"[A-Za-z0-9_%+\-](?:%40|&#0*64;|&#[xX]0*40;)[A-Za-z0-9\-]+\.",
        r"[A-Za-z0-9_%+\-] (?:at|AT|apenstaartje) [A-Za-z0-9]",
    )
    regex = (
        rf"(?<![\w.%+\-])(?<![\w]')(?P<v>[A-Za-z0-9](?:[A-Za-z0-9._%+'\-]{{0,63}}){_AT}"
        rf"(?:[A-Za-z0-9](?:[A-Za-z0-9\-]{{0,61}}[A-Za-z0-9])?{_DOT})+[A-Za-z]{{2,24}}"
        rf"|{SPELLED})(?![\w\-])"
    )
    """An apostrophe may stand inside the local part (``j.o'brien@``), never first: a
    quote before an address (``email='j@x.nl'``) is no part of it. Or spelled out
    (:data:`SPELLED`)."""
    max_len = 72
    lookahead = 200
    header_keywords = (
        "email",
        "e mail",
        "mail",
        "emailadres",
        "e mailadres",
        "pid-14",
        "pid-13",
        "nk1-5",
        "nk1-6",
        "com+em",
    )
    header_negative = OTHER_PARTY_HEADERS
    base_confidence = 0.97
    shares_columns_with = ("phone",)
    organisation_markers = (
        "message-id",
        "references:",
        "in-reply-to",
        "content-id",
        "return-path",
        "received:",
        "x-mailer",
        "dkim",
    )
    organisation_lines_before = 0

    def validate(self, raw: str, context: bool) -> str | None:
        value = raw.strip().lower()
        if " " in value and "@" not in value and not any(c in value for c in "[({"):
            if not _SPELLED_SURE.search(raw):
                return None  # (``look at booking.com``: prose)
            value = _unspelled(value)
        if "[" in value or "(" in value or "{" in value or "%" in value or "&" in value:
            value = _unhidden(value)
        if _COMPOSITE.search(value):  # a cell: HL7 "^NET^Internet^a@b.nl", EDIFACT "EM:a@b.nl"
            found = self.exact().search(value)
            if found is None:
                return None
            value = found.group("v")
        local, at, domain = value.partition("@")
        if not at or not local or ".." in value or local.endswith(".") or "." not in domain:
            return None
        if local.split("+")[0] in ROLE_MAILBOXES or _MESSAGE_ID.fullmatch(local):
            return None
        return value
