"""Markers of an organisation's letterhead, invoice or support page (shared constants)."""

ORGANISATION_MARKERS: tuple[str, ...] = (
    "b.v.",
    " bv ",
    " bv,",
    "n.v.",
    "www.",
    "http:",
    "https:",
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
"by the way" (``btw, haar nummer is 06 ...``). A web address, not an access log's
``HTTP/1.1``.
Weaker hints (an organisation's name above a person's signature) are handled by the
closing-block rule of :mod:`breachscope.detect.textrules`."""

OTHER_PARTY_HEADERS: tuple[str, ...] = (
    "huisarts", "praktijk", "aanvrager", "verwijzer", "zorgverlener", "behandelaar",
    "lab", "laboratorium", "ziekenhuis", "instelling", "leverancier", "supplier",
    "referrer", "requester",
)  # fmt: skip
"""Header words of a column of someone else's contact details beside a patient's
(``Tel huisarts``, ``E-mail aanvrager``, ``Adres huisarts``): her doctor's, her lab's,
a supplier's, never hers."""

OTHER_NUMBER_LABELS: tuple[str, ...] = (
    "labnummer", "labnr", "monsternummer", "monsternr", "barcode", "ordernummer", "ordernr",
    "bestelnummer", "bestelnr", "factuurnummer", "factuurnr", "klantnummer", "klantnr",
    "relatienummer", "relatienr", "dossiernummer", "dossiernr", "polisnummer", "polisnr",
    "zendingnummer", "zendingnr", "rekeningnummer", "debiteurnummer", "pasnummer",
    "artikelnummer", "serienummer", "documentnummer", "kenmerk", "referentie",
)  # fmt: skip
"""Labels of numbers that are a sample's, an order's, an invoice's, a customer's, a
file's or an account's: a value they label is no BSN (old Dutch account numbers pass
the same 11-test) and no phone number (``Factuurnummer: 0206123456``)."""
