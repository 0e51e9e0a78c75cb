"""Dutch street words: a street name ends in one of them (``Kerkstraat``, ``Lange
Voorhout`` does not), and the words a house number's suffix may be. Shared by the
address detector's text and table rules."""

from __future__ import annotations

SUFFIXES = (
    "straatweg", "dwarsstraat", "straat", "laan", "weg", "plein", "gracht", "kade", "singel",
    "dijk", "hof", "pad", "dreef", "park", "markt", "steeg", "baan", "allee", "ring",
    "plantsoen", "boulevard", "erf", "veld", "wal", "haven", "burgwal", "zijde", "dam",
    "oord", "poort", "vaart", "akker", "kamp", "hoek", "heuvel", "gang", "kant", "dries",
    "brink", "hout", "loop", "meent", "hoeve", "wetering", "plaats", "veste", "rade",
    "horst", "donk", "einde", "wijk", "berg", "dal", "burg", "promenade", "passage", "lei",
    "stede", "hage", "waard", "polder", "werf", "stoep", "kwartier", "tuin", "hoven",
    "zoom", "beek", "bosch", "vliet", "daal", "acker", "esch", "linie", "bolwerk",
)  # fmt: skip
SUFFIX_ALTERNATION = "|".join(sorted(SUFFIXES, key=len, reverse=True))
""":data:`SUFFIXES` as a regex alternation, longest first."""

POST_BOXES = ("postbus", "antwoordnummer")
"""Words a post-office box is written with where a street stands (``Postbus 12, 8000 AA
Zwolle``): no street; its postcode and town are the address."""

HOUSE_WORDS = "bis|hs|huis|zw|rd|bg"
"""The words a house number's suffix may be after a space (``3 bis``, ``12 hs``), as a
regex alternation; in any case (``88 BIS``), written small."""
