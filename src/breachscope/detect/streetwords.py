"""Dutch street words: a street name ends in one of them (``Kerkstraat``, ``Lange
Voorhout`` does not). Shared by the address detector's text and table rules."""

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
