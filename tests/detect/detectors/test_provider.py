"""Care providers: GP names after referral cues, practice names, referral columns."""

from __future__ import annotations

import pytest

from breachscope.config import Config
from breachscope.detect.detectorset import DetectorSet
from breachscope.detect.engine import detect_units
from breachscope.detect.finding import written_out
from breachscope.extract.units import TableUnit
from breachscope.location import Location

from ..helpers import detector, found

POSITIVE = [
    # a practice's doctor in brackets after its name (a PALGA excerpt's requester)
    (
        "Aanvrager: Gezondheidscentrum Schelfhorst (A.J. Bruggink)\nLokaal: DEMIR, E.  V",
        ["Gezondheidscentrum Schelfhorst", "A.J. Bruggink"],
    ),
    (
        "Huisartsenpraktijk De Maten (drs. P.J. Veldhuis)",
        ["Huisartsenpraktijk De Maten", "P.J. Veldhuis"],
    ),
    # a letter in German or French: the cue and the title in its language
    (
        "Ihre Hausärztin, Frau J. de Haan (Huisartsenpraktijk Heyendaal), hat am",
        ["J. de Haan", "Huisartsenpraktijk Heyendaal"],
    ),
    ("Votre médecin traitant, Dr Martin, a reçu le résultat.", ["Martin"]),
    # a YAML flow mapping under the cue; a key naming the cue's name field, quoted
    ('huisarts: {naam: "H. Kroon", agb: "01044390"}\nuitslag: Pap 2', ["H. Kroon"]),
    ('huisarts_naam: "J.W. Terpstra"\nuitslag: Pap 2', ["J.W. Terpstra"]),
    # the cue's name in brackets (an annual report's case)
    ("Na drie pogingen werd via de huisarts (J.W. Terpstra) contact gelegd.", ["J.W. Terpstra"]),
    # a call's transcript: a filler between the cue and the name
    ("BELLER: mijn huisarts is dokter eh Hoogendoorn in nieuwegein. Pap 2", ["Hoogendoorn"]),
    # a title written out between the cue and the name (the screening letter's wording)
    ("Uw huisarts, mevrouw A. Kaya te Den Haag, heeft de uitslag. Pap 2", ["A. Kaya"]),
    ("Huisarts: de heer P. Bos. Pap 2", ["P. Bos"]),
    # the town after the family name is no part of it; "te" after initials starts one
    ("Pap 1. Kopie aan: huisarts T. Brouwer te Zwolle", ["T. Brouwer"]),
    ("Pap 1. Huisarts: J. te Velde", ["J. te Velde"]),
    ("Huisarts  Dr. A.B. van der Berg", ["A.B. van der Berg"]),
    ("Aanvrager: Dr. P. Willems (AGB 01315326)", ["P. Willems"]),
    ("aanvrager huisarts Van Noort (AGB 01124747)", ["van Noort"]),
    ("Praktijk  Huisartsenpraktijk De Linde", ["Huisartsenpraktijk De Linde"]),
    ("Aanvrager: Lange, I. de (AGB 01696484)", ["I. de Lange"]),
    ("Gezondheidscentrum Noort", ["Gezondheidscentrum Noort"]),
    ("verwezen door dr. Jansen", ["Jansen"]),
    # a doctor's title, however written, names a provider even without a cue
    ("Dr. P. Willems belt u", ["P. Willems"]),
    ("DR. P. WILLEMS", ["P. Willems"]),
    # running text writes the practice word in lower case; the value is the same
    ("verwezen door huisartsenpraktijk De Linde.", ["Huisartsenpraktijk De Linde"]),
    # a JSON payload in a log: the cue a quoted key
    ('payload={"huisarts": "H.M. Dijkman, huisarts", "x": 1}', ["H.M. Dijkman"]),
    # a logged object's quoted field: its closing quote is no part of the name
    (
        "Patient{id=4, huisarts='Huisartsenpraktijk Westzijde', x=1}",
        ["Huisartsenpraktijk Westzijde"],
    ),
    ("uw gezondheidscentrum Oost belt u", ["Gezondheidscentrum Oost"]),
    # a name before its role: a letter's signature, a referral line
    ("Met vriendelijke groet,\nA. Yilmaz, huisarts", ["A. Yilmaz"]),
    ("J. Smit (huisarts) belt u", ["J. Smit"]),
    # the role before its AGB code in brackets
    ("Uitslag naar R.J. Kuipers, huisarts (Utrecht)", ["R.J. Kuipers"]),
    ("Uitslag naar R.J. Kuipers, huisarts ( Utrecht )", ["R.J. Kuipers"]),  # (spaces inside)
    (
        "Verwijzer: Huisartsenpraktijk 't Hofje, drs. A. Yilmaz, huisarts",
        ["Huisartsenpraktijk 't Hofje", "A. Yilmaz"],
    ),
    ("A. Jansen, arts, B. Smit, huisarts te Delft.", ["A. Jansen", "B. Smit"]),
    # "te" after a cue names the town, unless initials come first
    ("verwijzer: huisarts J. te Velde", ["J. te Velde"]),
    ("hrHPV negatief. Aanvrager: huisarts Van Es.", ["van Es"]),
    # midwives, a GPs' partnership, a hospital that requested or treated
    (
        "Verloskundigenpraktijk De Wieg, verloskundige E. Bos.",
        ["Verloskundigenpraktijk De Wieg", "E. Bos"],
    ),
    ("Huisarts: Huisartsen Maatschap Oud-West", ["Huisartsen Maatschap Oud-West"]),
    ("Behandeld in Ziekenhuis Gelderse Vallei, afd. Gynaecologie.", ["Ziekenhuis Gelderse Vallei"]),
    # a key whose prefix is the cue and whose field is its name (a properties file, a log)
    ("patient.bsn=798008398\naanvrager.naam=G.J. Ridder\n", ["G.J. Ridder"]),
    ("huisarts_naam: A. Kaya; bsn: 798008398", ["A. Kaya"]),
    ("aanvrager=G.J. Ridder", ["G.J. Ridder"]),
    # a GP list's line: the role, then the practice's address (no name "Oostereind")
    ("H. Yilmaz, huisarts Oostereind 4, 1212 VH Hilversum 035-6222222", ["H. Yilmaz"]),
    # a note's and a label's abbreviations of the referrer's cue
    ("Mw. Bos, verw. door dr. Van Gorcum", ["van Gorcum"]),
    ("BERGSMA, T.G.   V\nHA: Wijnstra", ["Wijnstra"]),
    # a stamp's dashes between the practice, the GP and her code
    (
        "Huisartsenpraktijk Vinkhuizen - M. Dekker, huisarts - AGB 01-055123",
        ["Huisartsenpraktijk Vinkhuizen", "M. Dekker"],
    ),
    (
        "Praktijk Zuid   drs. M.C. Koster-Wolf, huisarts   Kerkelaan 1",
        ["Praktijk Zuid", "M.C. Koster-Wolf"],
    ),
    # a label that says what was done with them; a plural cue's list, remarks and titles
    ("Pap 2. Huisarts geïnformeerd: B. Tuinstra.", ["B. Tuinstra"]),
    (
        "Pap 2. Huisartsen geïnformeerd: B. Tuinstra (voor Marloes), G. Brinkman (voor Linda).",
        ["B. Tuinstra", "G. Brinkman"],
    ),
    (
        "Pap 2. Huisartsen: dr. B. Tuinstra en dr. G. Brinkman; mw. K. de Wit",
        ["B. Tuinstra", "G. Brinkman", "K. de Wit"],
    ),
    # a hospital named before its hospital word, a hospital group after its word
    ("Advies: colposcopie (Deventer Ziekenhuis).", ["Deventer Ziekenhuis"]),
    (
        "Verwezen naar Gelre ziekenhuizen, daarna het Rode Kruis Ziekenhuis",
        ["Gelre ziekenhuizen", "Rode Kruis Ziekenhuis"],
    ),
    (
        "colposcopie in het Spaarne Gasthuis; Ziekenhuisgroep Twente",
        ["Spaarne Gasthuis", "Ziekenhuisgroep Twente"],
    ),
]
NEGATIVE = [
    # no GP known, as a logged object or a form writes it
    "Deelnemer(id=7, naam='Geeske Feenstra', bsn='410118072', huisarts=None)",
    # the lab's own doctors: staff who authorised or supervised, not the requester
    "Pap 2. Geautoriseerd door: dr. M. Verhoeven, klinisch patholoog",
    "hrHPV positief. Screener: A. Lammers; supervisor: dr. K. Wouters.",
    "Huisarts: onbekend",
    "Ha Jansen, hoe gaat het?",  # "ha" is a cue with a label's colon only
    "Geachte mevrouw Y.H.A. Nijhuis,",  # her initials spell no cue
    "De huisarts belt u.",
    "Aanvrager: -",
    "Bel de huisartsenpost bij spoed.",  # no name after it
    "in de praktijk Zo werkt het",  # a general word counts only capitalised
    "Mw. drs. A. van den Berg",  # a master's degree, not a doctor: a patient's name
    "Adres: Bergweg 3, 1063 DR Amsterdam",  # a postcode's letters
    "geregistreerd voor mevr. DR Gerritsen (geb. 6 mei 1983)",  # initials, not a title
    "Uw huisarts te Leiden heeft een kopie.",  # the town, not a surname "te Leiden"
    "Het ziekenhuis belt u.",  # no name after it
    "Uw ziekenhuis belt u. Morgen ziekenhuis bellen.",  # no name before it either
    "Het verwijzende ziekenhuis, een Academisch Ziekenhuis",
    "Pap 2. Bel bij twijfel de huisarts. Noteer in het LIMS de datum.",  # a new sentence
    "Pap 2. De huisarts zijn ingelicht, mevrouw Jansen niet.",  # no label's colon
]


@pytest.mark.parametrize(
    ("text", "names", "providers"),
    [
        # a role that labels the next value, or comes before the next name, is a cue
        ("Patiënt: M. Jansen, huisarts: dr. De Vries", ["M. Jansen"], ["de Vries"]),
        ("M. Jansen, huisarts De Vries", ["M. Jansen"], ["de Vries"]),
        # a role after the name: the provider's, never the patient's
        ("Mw. B. de Wit, verwijzer drs. A. Yilmaz, huisarts.", ["B. de Wit"], ["A. Yilmaz"]),
    ],
)
def test_role_after_a_name(
    dset: DetectorSet, text: str, names: list[str], providers: list[str]
) -> None:
    assert found(dset, text, "name") == names
    assert found(dset, text, "provider") == providers


def test_a_masters_degree_names_a_person(dset: DetectorSet) -> None:
    assert found(dset, "Mw. drs. A. van den Berg", "name") == ["A. van den Berg"]


@pytest.mark.parametrize(("text", "values"), POSITIVE)
def test_positive(dset: DetectorSet, text: str, values: list[str]) -> None:
    assert found(dset, text, "provider") == values


@pytest.mark.parametrize("text", NEGATIVE)
def test_negative(dset: DetectorSet, text: str) -> None:
    assert found(dset, text, "provider") == []


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("01505905^Nguyen^J.^^^^^^VEKTIS", "J. Nguyen"),
        ("01934168^Vliet^R.^^^van^^^VEKTIS", "R. van Vliet"),
        ("01012345^Bakker^J.^^^dr.", "J. Bakker"),  # a title before the initials, then gone
        # the family name's subcomponents: the surname, then its own tussenvoegsel
        ("01012345^Wit&de^A.B.^^^dr.^^^VEKTIS", "A.B. de Wit"),
        ("01012345^de Wit&de&Wit^A.B.", "A.B. de Wit"),
        ("Dr. I. de Lange", "I. de Lange"),
        ("PO+01947859::AGB++Van Meer::huisarts", "van Meer"),  # EDIFACT NAD, no initials
        ("PO+01696484::AGB++de Lange:I.:Dr.", "I. de Lange"),
        ("Burgt:E. van", "E. van Burgt"),  # one element of it
        ("Van Meer::huisarts", "van Meer"),
        ("van den Heuvel:I.V.:Dr.", "I.V. van den Heuvel"),
        ("Huisartsenpraktijk De Linde:Utrecht", "Huisartsenpraktijk De Linde:Utrecht"),  # no NAD
        ("Huisartsenpraktijk Haven", "Huisartsenpraktijk Haven"),
        ("huisartsenpraktijk  Haven", "Huisartsenpraktijk Haven"),
        ("-", None),
        # a code or a role after the name is not part of it
        ("Dr. K. de Vries (01012345)", "K. de Vries"),
        ("dr. K. de Vries, huisarts (AGB 01012345)", "K. de Vries"),
        ("P. Berg, huisarts", "P. Berg"),
        ("K. de Vries (huisarts)", "K. de Vries"),
        ("Berg, P.", "P. Berg"),
        ("PRAKTIJK ZIJLWEG", "Praktijk Zijlweg"),  # an EDIFACT receiver's, in capitals
        ("PATHOLOGIE LABORATORIUM WATERLAND", None),  # a lab is no one's provider
        ("Regionaal Lab Noord", None),
    ],
)
def test_validate(dset: DetectorSet, raw: str, expected: str | None) -> None:
    assert detector(dset, "provider").validate(raw, True) == expected


@pytest.mark.parametrize(
    "header",
    [
        "Huisarts", "ORC-12", "OBR-16", "aanvrager", "praktijk", "PD1-4", "PV1-7", "PV1-17",
        "OBR-28", "referrer.name", "Huisarts (AGB)", "verw_naam", "aanvr_naam",
        "NAD+RCV",  # (the GP a lab's EDIFACT report goes to)
    ],
)  # fmt: skip
def test_columns(dset: DetectorSet, header: str) -> None:
    claim = dset.classify(header, ["I. de Lange", "Dr. P. Willems", "J. Nguyen"])
    assert claim is not None
    assert claim[0].id == "provider"


def test_a_provider_column_with_codes() -> None:
    """A GP's column headed for the name and its AGB code gives both where its cells hold
    both (``Yilmaz A (01012345)``); where they hold the codes alone, the AGB detector
    reads them."""

    def read(cells: list[str]) -> set[tuple[str, str]]:
        rows = [["217088612", c] for c in cells]
        unit = TableUnit.build(
            Location("w.csv"), ["BSN", "Huisarts (AGB)"], rows, list(range(2, 2 + len(rows)))
        )
        out = written_out(detect_units([unit], Config(workers=1))).to_pylist()
        return {(str(r["kind"]), str(r["value"])) for r in out if r["data_class"] == "provider"}

    assert read(["Yilmaz A (01012345)", "Bos E (01066554)"]) == {
        ("provider_name", "Yilmaz A"), ("provider_agb", "01012345"),
        ("provider_name", "Bos E"), ("provider_agb", "01066554"),
    }  # fmt: skip
    assert read(["01012345", "01066554"]) == {
        ("provider_agb", "01012345"), ("provider_agb", "01066554"),
    }  # fmt: skip
