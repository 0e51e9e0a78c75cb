"""Dutch wording of a sample's result, shared by the document writers.

``result_lines(sample)`` gives the (label, value) lines a report prints: hrHPV, genotype,
Pap class and KOPAC-B for screening samples, else the one-line result. ``advice(sample)``
follows the screening rules (HPV16/18 referred from Pap 2, other types from Pap 3a2; Pap 1
control after 12 months; Pap 0 repeat after 6 weeks; a positive self-sampling kit needs a
smear at the GP). ``patient_result(sample)`` omits the HPV type, as the woman's own letter
does. Writing any of these exposes ``health``.
"""

from __future__ import annotations

from breachscope.synth.model import Sample

SCREENING_TESTS = frozenset({"uitstrijkje", "zelfafnameset"})
PAP_ORDER = ("Pap 0", "Pap 1", "Pap 2", "Pap 3a1", "Pap 3a2", "Pap 3b", "Pap 4", "Pap 5")
_TEST_LABELS = {
    "uitstrijkje": "Uitstrijkje (BVO baarmoederhalskanker)",
    "zelfafnameset": "Zelfafnameset (ZAS)",
    "urine": "Urine",
    "huid": "Huidschraapsel",
    "wond": "Wondkweek",
    "soa": "SOA-onderzoek",
}


def is_screening(sample: Sample) -> bool:
    return sample.test_type in SCREENING_TESTS


def test_label(sample: Sample) -> str:
    return _TEST_LABELS.get(sample.test_type, sample.test_type.capitalize())


def result_lines(sample: Sample) -> list[tuple[str, str]]:
    """Labelled result values for a report; never empty."""
    if sample.hpv is None:
        return [("Uitslag", sample.result_text)]
    lines = [("hrHPV", sample.hpv)]
    if sample.genotype:
        lines.append(("HPV-genotype", sample.genotype))
    if sample.pap:
        lines.append(("Cytologie", sample.pap))
    if sample.kopac:
        lines.append(("KOPAC-B", sample.kopac))
    return lines


def _pap_rank(pap: str) -> int:
    return PAP_ORDER.index(pap) if pap in PAP_ORDER else 0


def advice(sample: Sample) -> str:
    """The follow-up advice for the GP, one Dutch sentence."""
    if sample.hpv is None:
        return "Verdere behandeling en controle via de aanvrager."
    if sample.hpv == "negatief":
        return "Geen vervolg nodig; volgende uitnodiging volgens het landelijke schema."
    if not sample.pap:
        if sample.test_type == "zelfafnameset":
            return "hrHPV positief in de zelfafnameset: uitstrijkje voor cytologie bij de huisarts."
        return "Cytologisch onderzoek volgt op hetzelfde materiaal."
    if sample.pap == "Pap 0":
        return "Niet beoordeelbaar: herhaal het uitstrijkje na 6 weken."
    threshold = "Pap 2" if sample.genotype in ("HPV16", "HPV18") else "Pap 3a2"
    if _pap_rank(sample.pap) >= _pap_rank(threshold):
        return "Verwijzing naar de gynaecoloog voor colposcopie."
    return "Herhalingsonderzoek (uitstrijkje) over 12 maanden."


def patient_result(sample: Sample) -> str:
    """The result as told to the woman herself: no HPV type."""
    if sample.hpv is None:
        return sample.result_text
    parts = [f"HPV-test {sample.hpv}"]
    if sample.pap:
        parts.append(f"uitstrijkje beoordeeld als {sample.pap}")
    return ", ".join(parts)
