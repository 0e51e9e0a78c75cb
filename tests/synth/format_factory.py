"""Hand-built Rendered records and text checks for the format writer tests.

Every value is synthetic and unique across the records, so a substring check on a
multi-person document can tell the people apart.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from datetime import date

from breachscope.synth.model import GP, Address, Rendered, Sample

GP_LINDE = GP(
    agb="01234567",
    initials="A.B.",
    prefix="van der",
    surname="Linde",
    practice="Huisartsenpraktijk De Linde",
    address=Address("Lindelaan", 4, "", "2281AB", "Rijswijk"),
    phone="+31701234567",
)
GP_MOLEN = GP(
    agb="01987654",
    initials="C.",
    prefix="",
    surname="Molenaar",
    practice="Gezondheidscentrum Molenwijk",
    address=Address("Molenstraat", 12, "A", "3512KL", "Utrecht"),
    phone="+31302345678",
)


def sample(**changes: object) -> Sample:
    base = Sample(
        sample_id="S0000001",
        lab_number="250001234",
        barcode="BVO1234567890",
        sample_date=date(2025, 5, 12),
        report_date=date(2025, 5, 20),
        test_type="uitstrijkje",
        hpv="positief",
        genotype="HPV16",
        pap="Pap 2",
        kopac="K1 O1 P2 A1 C1 B1",
        result_text="hrHPV positief (HPV16), Pap 2",
        gp=GP_LINDE,
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def rendered(person_id: str = "P0000001", **changes: object) -> Rendered:
    base = Rendered(
        person_id=person_id,
        name="mevr. J.M. de Vries",
        surname="Vries",
        prefix="de",
        given="J.M.",
        date_of_birth="03-03-1978",
        bsn="123456782",
        street="Dorpsstraat",
        house="12A",
        postcode="2282 AB",
        city="Rijswijk",
        phone="06-12345678",
        email="j.devries78@example.nl",
        gp_name="A.B. van der Linde",
        gp_agb="01234567",
        sample=sample(),
        sample_date="12-05-2025",
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def records() -> list[Rendered]:
    """A varied set: full, married name, no BSN/phone, other test, no sample, Dutch chars."""
    return [
        rendered(),
        rendered(
            "P0000002",
            name="Jansen-Bakker, E.",
            surname="Jansen-Bakker",
            prefix="",
            given="E.",
            date_of_birth="21 augustus 1969",
            bsn="",
            street="Kerkweg",
            house="7-2",
            postcode="3512LM",
            city="Utrecht",
            phone="",
            email="",
            gp_name="Dr. C. Molenaar",
            gp_agb="01987654",
            sample=sample(
                sample_id="S0000002",
                lab_number="250004321",
                barcode="BVO9876543210",
                test_type="zelfafnameset",
                genotype="overig",
                pap=None,
                kopac=None,
                result_text="hrHPV positief (overig)",
                gp=GP_MOLEN,
            ),
            sample_date="2025-04-02",
        ),
        rendered(
            "P0000003",
            name="Zoë 't Hart-Ëmans",
            surname="Hart-Ëmans",
            prefix="'t",
            given="Zoë",
            date_of_birth="1985-11-30",
            bsn="111222333",
            street="Van 't Hofflaan",
            house="3 bis",
            postcode="",
            city="Den Haag",
            phone="+31 6 87654321",
            email="",
            gp_name="",
            gp_agb="",
            sample=sample(
                sample_id="S0000003",
                lab_number="250007777",
                barcode="BVO5555666677",
                test_type="urine",
                hpv=None,
                genotype=None,
                pap=None,
                kopac=None,
                result_text="Urinekweek: Escherichia coli > 10^5 kve/ml",
            ),
            sample_date="01-02-2025",
        ),
        rendered(
            "P0000004",
            name="BRAM IJZERMAN",
            surname="IJZERMAN",
            prefix="",
            given="BRAM",
            date_of_birth="19700115",
            bsn="987654321",
            street="",
            house="",
            postcode="",
            city="",
            phone="",
            email="b.ijzerman@example.org",
            gp_name="",
            gp_agb="01555555",
            sample=None,
            sample_date="",
        ),
        rendered(
            "P0000005",
            name="de Groot, Anne-Marie",
            surname="Groot",
            prefix="de",
            given="Anne-Marie",
            date_of_birth="7 mrt. 1990",
            bsn="",
            street="Oude Gracht",
            house="101",
            postcode="3511 AX",
            city="Utrecht",
            phone="0031 6 1122 3344",
            email="",
            gp_name="huisarts Molenaar",
            gp_agb="",
            sample=sample(
                sample_id="S0000005",
                lab_number="250008888",
                barcode="BVO1111222233",
                hpv="negatief",
                genotype=None,
                pap=None,
                kopac=None,
                result_text="hrHPV negatief",
                gp=GP_MOLEN,
            ),
            sample_date="15/03/2025",
        ),
    ]


def staff() -> Rendered:
    """A lab employee (a person too): name, phone and e-mail, no sample."""
    return rendered(
        "P0000099",
        name="Pieter Verhoeven",
        surname="Verhoeven",
        prefix="",
        given="Pieter",
        date_of_birth="",
        bsn="",
        street="",
        house="",
        postcode="",
        city="",
        phone="070-3074412",
        email="p.verhoeven@dlhw-lab.nl",
        gp_name="",
        gp_agb="",
        sample=None,
        sample_date="",
    )


def by_id(items: Iterable[Rendered]) -> dict[str, Rendered]:
    return {r.person_id: r for r in items}


BIRTH_DATES = {
    "P0000001": date(1978, 3, 3),
    "P0000002": date(1969, 8, 21),
    "P0000003": date(1985, 11, 30),
    "P0000004": date(1970, 1, 15),
    "P0000005": date(1990, 3, 7),
}
"""The true birth date behind each record's rendered ``date_of_birth``."""
