"""Samples and results: cervical screening (hrHPV, genotype, Pap, KOPAC-B) and other tests.

Follows the screening flow of docs/domain.md section 3: a positive self-sampling kit (ZAS)
is followed by a smear at the GP; a positive smear gets cytology; Pap 0 is repeated after
six weeks and Pap 1 after a positive hrHPV test is checked again after twelve months.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from breachscope.synth.identifiers import IdSpace
from breachscope.synth.model import GP, Sample

SCREENING_START = date(2022, 1, 3)
SCREENING_END = date(2025, 6, 30)
SAMPLES_PER_PERSON = 4
"""Sample index space reserved per person (sample index = person index * 4 + k)."""

_PAP_CLASSES = ("Pap 0", "Pap 1", "Pap 2", "Pap 3a1", "Pap 3a2", "Pap 3b", "Pap 4", "Pap 5")
_PAP_WEIGHTS = (3.5, 60, 12, 10, 8, 5, 1, 0.5)
_PAP_TO_P = {
    "Pap 0": (1,),
    "Pap 1": (1,),
    "Pap 2": (2, 3),
    "Pap 3a1": (4,),
    "Pap 3a2": (5,),
    "Pap 3b": (6,),
    "Pap 4": (7, 8),
    "Pap 5": (9,),
}
_GENOTYPES = ("HPV16", "HPV18", "overig")
_GENOTYPE_WEIGHTS = (25, 10, 65)

OTHER_TESTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "urine",
        (
            "Urinekweek: Escherichia coli > 10^5 kve/ml",
            "Urinekweek: geen groei",
            "Urinekweek: gemengde flora, waarschijnlijk contaminatie",
            "Urinekweek: Klebsiella pneumoniae 10^4 kve/ml",
        ),
    ),
    (
        "huid",
        (
            "Huidschraapsel: Trichophyton rubrum aangetoond",
            "Huidschraapsel: geen dermatofyten aangetoond",
            "Huidschraapsel: Candida albicans, matig",
        ),
    ),
    (
        "wond",
        (
            "Wondkweek: Staphylococcus aureus, matig",
            "Wondkweek: Pseudomonas aeruginosa, veel",
            "Wondkweek: normale huidflora",
        ),
    ),
    (
        "soa",
        (
            "Chlamydia trachomatis PCR: positief",
            "Chlamydia trachomatis PCR: negatief",
            "Neisseria gonorrhoeae PCR: negatief",
            "Chlamydia/gonorroe PCR (anaal): negatief",
        ),
    ),
)


def kopac_code(rng: random.Random, pap: str) -> str:
    """A KOPAC-B code consistent with the Pap class (P follows the squamous finding)."""
    p = rng.choice(_PAP_TO_P[pap])
    k = 1 if rng.random() < 0.9 else rng.randint(2, 3)
    o = 1 if rng.random() < 0.7 else rng.randint(2, 6)
    a = 1 if rng.random() < 0.95 else rng.randint(2, 4)
    c = 1 if rng.random() < 0.85 else rng.randint(2, 3)
    b = 3 if pap == "Pap 0" else (1 if rng.random() < 0.9 else 2)
    return f"K{k} O{o} P{p} A{a} C{c} B{b}"


def _result_text(hpv: str, genotype: str | None, pap: str | None) -> str:
    text = f"hrHPV {hpv}"
    if genotype:
        text += f" ({genotype})"
    if pap:
        text += f", {pap}"
    return text


def _days(rng: random.Random, lo: int, hi: int) -> timedelta:
    return timedelta(days=rng.randint(lo, hi))


class SampleMaker:
    """Draws the samples of one person; sample indexes come from the person index."""

    def __init__(self, ids: IdSpace, rng: random.Random) -> None:
        self._ids = ids
        self._rng = rng

    def _sample(
        self,
        index: int,
        when: date,
        test_type: str,
        gp: GP,
        hpv: str | None,
        genotype: str | None,
        pap: str | None,
        kopac: str | None,
        text: str,
    ) -> Sample:
        return Sample(
            sample_id=f"S{index:09d}",
            lab_number=self._ids.lab_number(index, when.year),
            barcode=self._ids.barcode(index),
            sample_date=when,
            report_date=when + _days(self._rng, 3, 14),
            test_type=test_type,
            hpv=hpv,
            genotype=genotype,
            pap=pap,
            kopac=kopac,
            result_text=text,
            gp=gp,
        )

    def _screening(
        self, index: int, when: date, test_type: str, gp: GP, genotype: str | None = None
    ) -> Sample:
        rng = self._rng
        positive = genotype is not None or rng.random() < 0.09
        if not positive:
            return self._sample(
                index,
                when,
                test_type,
                gp,
                "negatief",
                None,
                None,
                None,
                _result_text("negatief", None, None),
            )
        genotype = genotype or rng.choices(_GENOTYPES, weights=_GENOTYPE_WEIGHTS)[0]
        pap = kopac = None
        if test_type == "uitstrijkje":
            pap = rng.choices(_PAP_CLASSES, weights=_PAP_WEIGHTS)[0]
            kopac = kopac_code(rng, pap)
        return self._sample(
            index,
            when,
            test_type,
            gp,
            "positief",
            genotype,
            pap,
            kopac,
            _result_text("positief", genotype, pap),
        )

    def screening(self, person_index: int, gp: GP) -> tuple[Sample, ...]:
        """One to three screening samples following the programme's follow-up rules."""
        rng = self._rng
        base = person_index * SAMPLES_PER_PERSON
        span = (SCREENING_END - SCREENING_START).days
        when = SCREENING_START + timedelta(days=rng.randrange(span - 400))
        kind = "zelfafnameset" if rng.random() < 0.35 else "uitstrijkje"
        samples = [self._screening(base, when, kind, gp)]
        while len(samples) < 3:
            last = samples[-1]
            if last.hpv != "positief":
                break
            if last.pap is None:  # positive kit: smear at the GP
                nxt = last.sample_date + _days(rng, 20, 80)
            elif last.pap == "Pap 0":
                nxt = last.sample_date + _days(rng, 40, 50)
            elif last.pap == "Pap 1":
                nxt = last.sample_date + _days(rng, 350, 390)
            else:
                break
            samples.append(
                self._screening(base + len(samples), nxt, "uitstrijkje", gp, last.genotype)
            )
        if len(samples) < 3 and rng.random() < 0.12:  # an earlier round on the same systems
            earlier = when - _days(rng, 4 * 365, 5 * 365 + 60)
            first = self._screening(base + 3, earlier, "uitstrijkje", gp)
            if first.hpv == "negatief":
                samples.insert(0, first)
        return tuple(samples)

    def other(self, person_index: int, gp: GP) -> tuple[Sample, ...]:
        """One or two non-screening tests (urine, skin, wound, STI)."""
        rng = self._rng
        base = person_index * SAMPLES_PER_PERSON
        span = (SCREENING_END - SCREENING_START).days
        samples = []
        for k in range(1 if rng.random() < 0.75 else 2):
            test_type, results = rng.choice(OTHER_TESTS)
            when = SCREENING_START + timedelta(days=rng.randrange(span))
            samples.append(
                self._sample(
                    base + k, when, test_type, gp, None, None, None, None, rng.choice(results)
                )
            )
        return tuple(sorted(samples, key=lambda s: s.sample_date))
