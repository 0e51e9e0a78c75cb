"""Dutch passport and identity-card numbers (python-stdnum ``nl.identiteitskaartnummer``):
two letters, six letters or digits, one digit; the letter O never occurs. Only under a
label (paspoort, identiteitskaart, ID-kaart, documentnummer) or column.

The vocabulary has no class for identity documents (a BSN is a different identifier and
is linked on by the resolver), so these hits are context only (``emit = False``) until the
vocabulary gains one; ``breachscope detect`` still shows them."""

from __future__ import annotations

from stdnum.nl import identiteitskaartnummer

from breachscope.detect.base import Detector


class IdDocumentDetector(Detector):
    id = "id_document"
    data_class = "bsn"
    kind = "id_document"
    emit = False
    patterns = (r"\b[A-Za-z]{2}[A-Za-z0-9]{6}\d\b",)
    regex = r"(?<![\w\-])(?P<v>[A-NP-Za-np-z]{2}[A-NP-Za-np-z0-9]{6}\d)(?![\w])"
    max_len = 10
    context_words = (
        "paspoort",
        "paspoortnummer",
        "identiteitskaart",
        "id-kaart",
        "id kaart",
        "identiteitsbewijs",
        "documentnummer",
        "passport",
        "identity card",
        "id-bewijs",
        "legitimatie",
        "rijbewijs",
    )
    context_required = True
    context_before = 40
    header_keywords = (
        "paspoortnummer",
        "paspoort",
        "identiteitskaart",
        "id kaart",
        "documentnummer",
        "id nummer document",
        "passport",
        "legitimatie",
    )
    sample_pass_rate = 2.0
    base_confidence = 0.9

    def validate(self, raw: str, context: bool) -> str | None:
        value = raw.upper()
        return value if identiteitskaartnummer.is_valid(value) else None
