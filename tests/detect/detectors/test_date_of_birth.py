"""Dates of birth: every Dutch form, but only where a birth-date label is the nearest."""

from __future__ import annotations

import pytest

from breachscope.detect.detectors.date_of_birth import DateOfBirthDetector
from breachscope.detect.detectorset import DetectorSet

from ..helpers import found

POSITIVE = [
    # a label printer's lines: her name in capitals, then her birth date and sex alone
    ("LPO T24-22217\nPETERS, M.\n06-02-1988  V\nBSN 164859688", "1988-02-06"),
    ("DE VRIES PA\r\n03.03.1978 M\r\n", "1978-03-03"),
    # a two-digit year with its apostrophe in brackets after a name, her BSN after it
    ("mw. G. de Jong-Postma (03-03-'78), BSN 517187073", "1978-03-03"),
    ("mw. L. Kok, 12-03-'71, Dorpsstraat 3, Ede", "1971-03-12"),
    # six digits read ddmmyy right after a word for being born
    ("mw. Jansen, geb. 030378, BSN 123456782", "1978-03-03"),
    ("mw. J. El Idrissi, geboren 050386", "1986-03-05"),
    ("Geboortedatum: 03-03-1978", "1978-03-03"),
    # the birth-date word after the date; a Dutch ordinal day; a star before the date
    ("Ik ben op 3 maart 1978 geboren en heb nooit een oproep gehad.", "1978-03-03"),
    ("Mw. Kok, 3-3-1978 (geboortedatum)", "1978-03-03"),
    ("Betreft: mw. T. Kerkhof 12-03-1980 (geb.)", "1980-03-12"),
    ("geboren op de 12e maart 1971", "1971-03-12"),
    ("geb. 1e april 1971", "1971-04-01"),
    ("mw. N. Karimi *12-04-1979", "1979-04-12"),
    ("samengevoegd met pat-id 88213 (KARIMI, N. *12-04-1979)", "1979-04-12"),
    ("JANSSEN W.G. 12-03-1958 V", "1958-03-12"),
    ("Labnr 24-0042 | VAN ROOIJ A | 28.02.1961 | V | hrHPV pos", "1961-02-28"),
    ("geb. 3-3-1978", "1978-03-03"),
    ("Geboortedatum: 12 / 03 / 1978", "1978-03-12"),  # a form's fields
    ("Geb. datum 13 oktober 1983", "1983-10-13"),
    ("geboren op 3 maart 1978", "1978-03-03"),
    ("DOB 1978-03-05", "1978-03-05"),
    ("date of birth: 19780305", "1978-03-05"),
    ("Geb.datum: 27/07/1986", "1986-07-27"),
    # a compact number right after a word naming the date: ddmmyy, a lost leading zero,
    # yymmdd, then a spreadsheet's serial day (as a column of such numbers is read)
    ("Geboortedatum: 030378", "1978-03-03"),
    ("Geboortedatum: 30378", "1978-03-03"),
    ("DOB=780303", "1978-03-03"),
    ("Geb.datum 28187\nBSN: 506332433", "1977-03-03"),
    ("geb. 03 mrt. 1978", "1978-03-03"),
    # in brackets after a given and a family name that open a sentence or follow a label,
    # older than any record's
    ("Vraag: Magdalena Nowak (3-8-1983) staat in LIMS met een ander adres", "1983-08-03"),
    # a given name with a diacritic, and middle names, before the family name
    ("Vraag: Şeyma Yıldız (3-8-1983) staat in LIMS met een ander adres", "1983-08-03"),
    ("Vraag: Magdalena Anna Maria Nowak (3-8-1983) staat in LIMS", "1983-08-03"),
    # ... after initials and a family name, no cue (a worker's log line)
    ("Uitslag C24-16275 verwerkt voor B. Yılmaz (13-10-1981): hrHPV negatief", "1981-10-13"),
    ("Geboren 05/03/78", "1978-03-05"),
    ("geboortedatum 03.03.1978 12:00", "1978-03-03"),
    ("geb. 02/12/1968, BSN 636279492", "1968-12-02"),
    ("geb. 3-3-'78", "1978-03-03"),
    ("Geboren: 05/03/'78.", "1978-03-05"),
    ("GEBOORTEDATUM 03-MRT-1978", "1978-03-03"),  # Oracle's DD-MON-YYYY (Dutch)
    ("DOB: 05-Mar-78", "1978-03-05"),  # and DD-MON-YY (English)
    ("geboortedatum 13/okt/1983", "1983-10-13"),
    # a label further back on the line, then a colon (a letter's wording)
    ("Uw geboortedatum volgens onze gegevens: 3 maart 1978", "1978-03-03"),
    ("Geboortedatum (zoals bekend bij de BRP): 03-03-1978", "1978-03-03"),
    ("geb. 1978-03-03 00:00:00.000", "1978-03-03"),  # a database's datetime at midnight
    # in brackets after a person's name, a later date of the text near it
    ("Utrecht, 12 januari 2024\nBetreft: mevr. A. Jansen (03-03-1978)", "1978-03-03"),
    ("12-01-2024 10:00 Patiënt: J. de Vries ( 12-05-1970 ), BSN 123456782", "1970-05-12"),
    ("2024-01-12T10:00:00 mevr. de Vries (1970-05-12)", "1970-05-12"),
    ("Datum 20240112\nmw. K. el Amrani (12.05.1970)", "1970-05-12"),
    # her BSN's label opening the next line (a case meeting's slide)
    ("Casus 1 – mw. L. van der Heijden (28-06-1992)\nBSN: 159 146 586", "1992-06-28"),
    # an agenda's line: the time, the person booked then, her birth date
    ("[14-06-2024 07:45] Poli: wijzigingen\n09:00 L. Lammers-Schouten (12-03-1980)", "1980-03-12"),
    ("Datum: 12 jan 2024\nPatiënt: Jansen, A.M. (3 maart 1978)", "1978-03-03"),
    ("Uitslag dhr. P. Bakker (03-03-1978) van 12-01-2024", "1978-03-03"),
    (
        "Utrecht, 12 januari 2024\n" + "Lab Noord, Postbus 1\n" * 40 + "mevr. A. Jansen (3-3-1978)",
        "1978-03-03",
    ),  # the letter's date 840 characters above
    # with no other date near it: her BSN right after the bracket
    ("Graag de uitslag van mevr. A. Jansen (03-03-1978), BSN 123456782.", "1978-03-03"),
    # in brackets after a name, with no other date near: older than any record
    ("Betreft: mevr. A. Jansen (03-03-1978)", "1978-03-03"),
    ("het preparaat van mw. Chantal van Wijk (05-01-1970)? Staat op hrHPV positief", "1970-01-05"),
    # a label or worklist: the person's sex in brackets after her name, then the date
    ("JANSEN, PETRA MARIA (V) 03-03-1978 BSN 123456782", "1978-03-03"),
    ("Werklijst 12-01-2024\nBAKKER J (M) 14-07-1969 urine", "1969-07-14"),
    # a patient label: name in capitals, initials, date of birth, sex (no brackets)
    ("BVO8816759801 JANSEN P 03.03.78 V", "1978-03-03"),
    ("DE VRIES PA 12-07-1965 V uitstrijkje", "1965-07-12"),
    # English forms
    ("DOB: March 3, 1978", "1978-03-03"),
    ("Date of birth: 3rd March 1978", "1978-03-03"),
    # a log's and a JSON text's keys
    ('lookup failed for patient_name="de Vries, Petra" birth_date=03-03-1978', "1978-03-03"),
    ('{"dateOfBirth": "1978-03-03"}', "1978-03-03"),
    # the sign of a birth (Flemish, genealogy)
    ("Betreft: mw. K. Visser (\u00b003/03/1978)", "1978-03-03"),
    ("Jan Peeters \u00b0 12 maart 1950", "1950-03-12"),
    ("7. mw. Yvette Stoker, \u00b019781224, afname 20240904.", "1978-12-24"),
    # a note's typo; a letter's or a form's label in the patient's language
    ("mw Ouwehand gebeld, gebore 12-8-1981, adres", "1981-08-12"),
    ("Geburtsdatum: 21.09.1993", "1993-09-21"),
    ("Frau Weber, geboren am 21.09.1993", "1993-09-21"),
    ("Data urodzenia: 21.09.1993", "1993-09-21"),
    ("Date de naissance : 21/09/1993", "1993-09-21"),
    ("Doğum tarihi: 21.09.1993", "1993-09-21"),
    # months in German, French, Turkish and Polish words
    ("Frau Weber, geboren am 21. März 1993", "1993-03-21"),
    ("Date de naissance : 3 février 1985", "1985-02-03"),
    ("Ayşe Demir, doğum tarihi 10 Ocak 1970", "1970-01-10"),
    ("Data urodzenia: 5 maja 1990", "1990-05-05"),
    ("Graag zie ik mevrouw Y. Bulut (*12-08-1983) op uw spreekuur", "1983-08-12"),
    # a chat's answer to the question on the line above
    ("[10:01] Lab: Wat is uw geboortedatum?\n[10:02] Anna de Vries: 3-3-'78", "1978-03-03"),
    ("Wanneer bent u geboren?\n> 12 maart 1980", "1980-03-12"),
    # a call's transcript: no question mark, words said before the date (spoken too)
    (
        "00:00:19 AGENT: mag ik voor de controle eerst uw geboortedatum\n"
        "00:00:24 BELLER: ja eh 29 oktober 1959",
        "1959-10-29",
    ),
    ("AGENT: uw geboortedatum graag\nBELLER: eh ja dat is 3 maart 1978", "1978-03-03"),
    (  # WhatsApp on Android: the answer's own time is no other date
        "12-03-24 14:05 - Servicedesk: Wat is uw geboortedatum?\n"
        "12-03-24 14:06 - Anna de Vries: 3-3-1978",
        "1978-03-03",
    ),
    # right after a person's name, her BSN or address after it, or a later date near it
    ("Mw. A. van Dijk 12-03-1980, BSN 123456782, hrHPV positief", "1980-03-12"),
    ("Gegevens: mw. L. Kok, 12-03-1971, Dorpsstraat 3, Ede", "1971-03-12"),
    ("Pat. L. Kok, 12-03-1971, 3511 AB Utrecht", "1971-03-12"),
    # no cue: a given and a family name opening a sentence, then the date and her address
    (
        "en mijn zus heeft dat ook. Carla Mulder, 4 juni 1961, ze woont Beukenlaan 12, Zeist",
        "1961-06-04",
    ),
    # her BSN in brackets of its own after the date (a note's first line), with a cue and
    # without one
    ("Mevr. A. Nowak, 06-09-1979 (BSN 079238555)\nUitstrijkje: hrHPV positief", "1979-09-06"),
    ("Imane Azzouzi, 8 november 1980 (BSN 495780376)", "1980-11-08"),
    # right after her name with its cue, nothing after it and no other date, before any
    # record's date (a recent files list's ``Brief mevr. P.E. Kroeze 17-10-1943.docx``)
    ("Patiënte Anna van den Berg 12-03-1980", "1980-03-12"),
    ("Brief mevr. P.E. Kroeze 17-10-1943.docx", "1943-10-17"),
    ("Utrecht, 12 januari 2024\nBetreft: mevr. A. Jansen 03-03-1978", "1978-03-03"),
    ("Belnotitie pt. G. Demir, 11-11-1986, BSN 123456782", "1986-11-11"),
    # a date of the last century right before a BSN label: a sample's label, a wristband
    ("BERGSMA, T.G.   V\n16-07-1966   BSN 520116331", "1966-07-16"),
    ("12-03-1959, BSN 123456782", "1959-03-12"),
    ("12 maart 1959 bsn: 123456782", "1959-03-12"),
    # a form's field: its format named before the value filled in
    ("Geboortedatum (dd-mm-jjjj): 29-06-1986", "1986-06-29"),
    (
        "Ús kenmerk: ZA24-117730          BSN: 341331260          Bertedatum: 14-08-1967",
        "1967-08-14",
    ),  # (Frisian)
    # in brackets after the person's age and its label or a comma
    ("Leeftijd: 52 jr (12-03-1971)", "1971-03-12"),
    ("mw. Kok, 45 jaar (3-3-1979), uitslag volgt", "1979-03-03"),
    # wrapped by a paragraph or a quoted e-mail's line break
    ("U bent geboren op 3\nmaart 1978 en uw huisarts is dr. P. Mulder.", "1978-03-03"),
    ("> Ik ben geboren op 3\n> maart 1978 en mijn huisarts is dokter Smeets.", "1978-03-03"),
    ("Geboortedatum: 3 maart\r\n1978", "1978-03-03"),
    ("Mijn naam is J. Hermsen en ik ben geboren op 12-06-\n1979, BSN 530427412.", "1979-06-12"),
    # a Dutch midnight as a UTC instant (a JSON export pasted into text): its Dutch date
    ("Mw. L. Hermans, geboortedatum 1991-06-30T22:00:00.000Z", "1991-07-01"),
    ("geboren 1979-12-31T23:00:00Z", "1980-01-01"),
    # an HL7 patient's birth date field quoted in an interface engine's log
    ("ERROR ORU parse: PID-5 too long PID-7 '19710304' OBX-5 'CIN 1'", "1971-03-04"),
    # a family name and initials as a register writes her, then a date before 1990, no cue
    ("Extra melding via de balie: Hoekstra, T., 02/11/86, belt terug.", "1986-11-02"),
    ("Nagekomen: van Dam, M.J., 04-05-1979, mail m.vandam@example.nl", "1979-05-04"),
    # a list set apart by dashes (an em dash, an en dash, a hyphen between spaces)
    ("<li>Hoekstra, T. \u2014 02/11/1986 \u2014 Pap 3a1 \u2014 herbeoordeling</li>", "1986-11-02"),
    ("Hoekstra, T. \u2013 02-11-1986 \u2013 CIN 2", "1986-11-02"),
    ("Overzicht: Hoekstra, T. - 02-11-1986 - Pap 2", "1986-11-02"),
    # in brackets after a family name and its initials (a worklist quoted in a reply)
    ("> T24-021116  de Wit-Zwaagstra, G.  (1969-03-06)  eerste beoordeling Pap 1", "1969-03-06"),
    ("Jansen, A. (12-03-1995) uitslag verstuurd op 12-03-2024", "1995-03-12"),
    (  # her tussenvoegsel after the initials, a log line's own time the later date
        "2024-04-15 08:43:04 INFO Uitslag geautoriseerd voor Haan, I.J. de (1983-04-13): hrHPV",
        "1983-04-13",
    ),
    ("mw. Hoekstra \u2014 02-11-1986", "1986-11-02"),
    # a mail merge's reference that holds her birth date compact, a year before 1990
    ("Datum     : 18 maart 2024\nKenmerk   : BVO/19861102/0210", "1986-11-02"),
    ("Ons kenmerk: 19861102", "1986-11-02"),
    ("Referentie SCR-19861102-77", "1986-11-02"),
]
MORE = [
    # the label of one birth date reaching the next one through "and mine"
    ("Haar geboortedatum is 14-6-1985 en de mijne 22-9-1988.", ["1985-06-14", "1988-09-22"]),
    (
        "Mijn geboortedatum is 1-2-1970 en die van mijn zoon 3-4-2010",
        ["1970-02-01", "2010-04-03"],
    ),
    ("Afname 03-03-2024 en die van mijn zus 12-03-2024", []),
    ("mevr. S. Yilmaz (geb. 14-07-1991) heeft op 02-03-2024 een test gedaan", ["1991-07-14"]),
    # two women's dates in brackets, each before 1990: the other's date is no record's
    (
        "Bij de Wit-Zwaagstra, G. (1969-03-06) twijfel; Prins-Jansen, C.P. (1975-06-08) is"
        " hrHPV positief.",
        ["1969-03-06", "1975-06-08"],
    ),
]
NEGATIVE = [
    "LPO T24-22217\nMonster 3\n06-02-1988  V\n",  # (no name above: a sample's line)
    "PETERS, M.\n06-02-1988  Vervolg\n",  # (no sex: a word)
    "PETERS, M.\n06-02-1988  V  T24\n",  # (more on its line)
    "Agenda 14-06-2024: om 09:00 Jansen (12-03-1980)",  # (a time inside a sentence)
    "geboren 2024-03-11T14:02:00Z",  # another time of day: an event's
    "Uitslag mw. A. Jansen (12-01-'24)",  # a sample's date: nothing tells it a birth's
    "Jansen, A. (12-03-2024) uitslag verstuurd",  # a recent one, no later date
    # a compact number after a verb, after a gap, of other lengths, a placeholder
    "geboren 3450 gram",
    "geboren 123456",  # six digits that are no ddmmyy date
    "geb. 28187",  # an Excel serial needs the date's own word
    "geboren op 28187",
    "Geboortedatum patiënt: 030378",
    "Geboortedatum: 123456",
    "Geboortedatum: 1978",
    "Geboortedatum: 030378.5",
    "merge op bsn+geboortedatum: 17963 matches",  # a count of what the date matched
    "Vraag: Magdalena Nowak (3-8-2003) staat in LIMS",  # (no older than a record's)
    "Rapport door A. Jansen (12-03-2024)",  # (a report's date)
    "Gisteren gesproken met Anna Bakker (12-03-1980) over de uitslag",  # (mid-sentence)
    "Geb.datum 28187 rijen",
    "* 12-04-2024 afspraak bij de huisarts",  # a list's bullet, no star of a birth
    "Uitslag verstuurd op 12-03-2024 (gebeld)",
    "Wanneer was de afname?\n[10:02] Anna: 03-03-2024",  # another question's answer
    # a spoken reply that names another date; an answer with no speaker (an FAQ's line)
    "AGENT: en uw geboortedatum\nBELLER: eh mijn afspraak is op 3 maart 1978",
    "Waarom vragen wij uw geboortedatum\nSinds 1 januari 1978 moeten wij dat",
    "[10:01] Lab: Wat is uw geboortedatum?\n[10:02] Anna: weet ik niet\n[10:03] Anna: 03-03-2024",
    "Afnamedatum 12-03-2024",
    # no cue before the name: no address after the date, no given name of the list
    "Vorig jaar. Carla Mulder, 4 juni 1961, was haar trouwdag",
    "Vorig jaar. Carla Mulder, 4 juni 1961 (zie notitie BSN-controle)",
    "Bijeenkomst. Utrecht Centraal, 4 juni 1961, ze woont Beukenlaan 12",
    "Rapportdatum 26-08-2023",
    "Geboortedatum 03-03-1978 Afnamedatum 12-03-2024"[26:],
    "Factuurdatum 01-02-2024",
    "Geboortedatum: 31-02-1978",  # no such day
    "geb. 12-13-1978",
    "12-03-1978",  # no label
    "Afnamedatum 12-MRT-2024",
    "Geboortedatum 03-Mar/1978",  # two different separators
    "geb. 30-FEB-1978",
    "geboortedatum 2024-03-12T10:15:02Z",  # a time of day: an event, not a birth
    "Geboortedatum en afnamedatum: 03-03-1978",  # the nearer label is a sample date's
    # a bracketed date after a name: a sample or report date, or nothing to compare with
    "Utrecht, 12 januari 2024\nUitslag mevr. A. Jansen (12-01-2024): hrHPV negatief",
    "Utrecht, 12 januari 2024\nBetreft: mevr. A. Jansen (12-01-2014)",  # 10 years before
    "Betreft: mevr. A. Jansen (03-03-1998)",  # no other date, no BSN, a record's year
    "Utrecht, 12-01-2024. mevr. A. Jansen (12-01-2024) BSN 123456782",  # the text's date
    "2024-01-12 Uitslag Jansen (03-03-1978)",  # no cue before the name
    "Temperatuur 38\u00b0 op 12-01-2024",
    "koelkast op 4 \u00b012-01-2024",
    "Temperatuur 38\u00b020240101",
    "JANSEN P (V) 12-01-2024",  # after the sex marker, with no later date nor BSN
    "Werklijst (V) 12-01-2024 en 03-03-1978",  # no later date than it
    "HPV A 12-03-2024 V",  # no name before it
    "JANSEN P 12-03-2024 VOOR controle",  # no sex after it
    "Datum: 12-01-2024\nmevr. Jansen (afname 03-03-1978)",
    "Datum: 12-01-2024\nmevr. Jansen, (03-03-1978)",
    "Datum: 12-01-2024\nLab Noord B.V. (03-03-1978)",
    "Datum: 12-01-2024\nmevr. Jansen (03-03-1978 t/m 2024)",  # not a date alone
    "mevr. A. Jansen (03-03-1998)" + " " * 3000 + "12-01-2024",  # too far apart
    "Uitslag mw. A. Jansen 12-01-2024 Pap 2",  # right after a name: nothing to tell
    # before a BSN label: this century's date (a call's, a sample's), a cohort's bound,
    # a date further from the label
    "Gebeld op 05-09-2024 BSN 123456782",
    "geboren na 01-01-1960 BSN 123456782",
    "12-03-1959 en daarna haar BSN 123456782",
    "Utrecht, 12 januari 2024\nUitslag mevr. A. Jansen 12-01-2024: hrHPV negatief",
    "Amsterdam 12-03-1978, Dorpsstraat 3",  # no person's cue
    "mw. A. Jansen, 12-03-1978, verzonden naar Dorpsstraat 3",  # not her address next
    "Patiënte Anna van den Berg 12-03-1995",  # nothing after it, no other date, 1990 on
    "Bewaartermijn 15 jaar (12-03-2024)",  # a period, not an age
    "Uitslag na 2 j. (01-01-2026)",
    # a cohort's bound, a form's example, a placeholder
    "Alle deelneemsters geboren na 01-01-1994 krijgen de set.",
    "Meisjes geboren vanaf 01-01-2009 krijgen een oproep",
    "Vrouwen geboren tussen 01-01-1964 en 31-12-1999",
    "Geboortedatum (dd-mm-jjjj, bijv. 01-01-1970):",
    "geboortedatum werd bij import als 1900-01-01 opgeslagen",
    # a register's name before a date of a record's years, nothing to compare it with
    "Hoekstra, T., 02/11/2024, belt terug.",
    "Hoekstra, T. \u2014 02-11-1996 \u2014 Pap 2",
    "Hoekstra, T.; 02-11-1986",  # (no comma nor dash between them)
    "Periode 1980 - 02-11-1986",  # a range, no name
    "Klopt dit? 02-11-1986",  # a question mark is no dash
    # a reference's date of a record's years, a longer number, no such day
    "Kenmerk: BVO/20240304/0210",
    "Kenmerk: BVO/198611021/0210",
    "Kenmerk: BVO/19860231/0210",
    "Factuurnummer 19861102",  # (no reference's label)
    # a line break where a date's separator should be, or one with no date across it
    "Geboortedatum: 12-06\n1979",
    "Geboortedatum: zie bijlage 3\n\nmaart 1978 rapport",
]


@pytest.mark.parametrize(("text", "value"), POSITIVE)
def test_positive(dset: DetectorSet, text: str, value: str) -> None:
    assert found(dset, text, "date_of_birth") == [value]


@pytest.mark.parametrize("text", NEGATIVE)
def test_negative(dset: DetectorSet, text: str) -> None:
    assert found(dset, text, "date_of_birth") == []


def test_log_timestamp_below_a_birth_date(dset: DetectorSet) -> None:
    text = (
        "2024-03-12 10:15:01,123 INFO Verstuurd: bsn=123456782 geb=1978-03-03 uitslag=negatief\n"
        "2024-03-12 10:15:02,456 WARN Inlogpoging mislukt"
    )
    assert found(dset, text, "date_of_birth") == ["1978-03-03"]


@pytest.mark.parametrize("stamp", ["2024-03-11 12:00:53", "2024-03-12 00:00:18"])
def test_log_timestamp_at_noon_or_midnight_below_a_birth_date(
    dset: DetectorSet, stamp: str
) -> None:
    """Noon or midnight with seconds is a log line's time, not a date alone."""
    text = (
        "INFO monster geregistreerd voor K. van de Linden (geb. 03-11-1966, BSN 547299795)\n"
        f"{stamp} INFO  [HL7-interface] ACK ontvangen"
    )
    assert found(dset, text, "date_of_birth") == ["1966-11-03"]


def test_sample_date_next_to_birth_date(dset: DetectorSet) -> None:
    text = "Geboortedatum 03-03-1978   Afnamedatum 12-03-2024"
    assert found(dset, text, "date_of_birth") == ["1978-03-03"]


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("1978-03-03 00:00:00", "1978-03-03"),  # an SQL DATETIME
        ("1978-03-03T00:00:00", "1978-03-03"),  # JSON
        ("1978-03-03T00:00:00.000+01:00", "1978-03-03"),
        ("329:19780303:102", "1978-03-03"),  # EDIFACT DTM+329
        ("12:30:45", None),
        ("19780303.0", "1978-03-03"),  # pandas wrote it as a float
        ("1900-01-01", None),  # a system's zero date, no one's birth
        ("30-12-1899", None),
        ("l5-O1-1972", "1972-01-15"),  # a screenshot's OCR
        ("O7-08-l962", "1962-08-07"),
        ("S24-01-2024", None),  # (a sample number's first letter stays a letter)
        ("(1969-03-06)", "1969-03-06"),  # set apart in a list read as a table
        ("[06-03-1969]", "1969-03-06"),
        ("(1969-03-06", None),
    ],
)
def test_cells(raw: str, value: str | None) -> None:
    """A birth-date column's cells as databases, APIs and messages write them."""
    assert DateOfBirthDetector().validate(raw, True) == value


def test_ocr_letters_only_under_a_birth_dates_name() -> None:
    """A date an OCR engine misread is read only where its column or label names a
    birth date, not on its shape alone (a value claim)."""
    assert DateOfBirthDetector().validate("l5-O1-1972", False) is None


@pytest.mark.parametrize(
    ("header", "claimed"),
    [
        ("gdat", True), ("pat_gdat", True), ("handtekening_datum", False),
        ("leveringdatum", False),
        ("Verjaardag", True), ("Birthday", True),  # (a contacts export's, with its year)
    ],
)  # fmt: skip
def test_a_short_headers_word_stands_alone(dset: DetectorSet, header: str, claimed: bool) -> None:
    """``gdat`` (a birth date's abbreviation) is a header's word of its own: it is inside
    ``handtekeningdatum`` and ``leveringdatum`` too."""
    sample = ["12-03-1978", "04-11-1987", "23-02-1961"]
    claim = dset.classify(header, sample)
    assert (claim is not None and claim[0].id == "date_of_birth") == claimed


@pytest.mark.parametrize(("text", "values"), MORE)
def test_several(dset: DetectorSet, text: str, values: list[str]) -> None:
    assert found(dset, text, "date_of_birth") == values


def _column_dates(values: list[str]) -> list[str]:
    import pyarrow as pa

    from breachscope.config import Config
    from breachscope.detect.detectorset import DetectorSet
    from breachscope.detect.finding import findings_from_arrow
    from breachscope.detect.tables import detect_table
    from breachscope.extract.units import TableUnit
    from breachscope.location import Location

    data = pa.table({"c0": values, "__row__": pa.array(range(2, 2 + len(values)), pa.int64())})
    unit = TableUnit(Location("k.ndjson"), ("geboortedatum",), data)
    found = findings_from_arrow(detect_table(DetectorSet.build(Config()), unit))
    return sorted(f.value for f in found if f.data_class == "date_of_birth")


def test_days_since_1970_some_before_it() -> None:
    """An Avro ``date`` (a Kafka topic's dump): days since 1970, births before it
    negative; a column of no negative number is no such count (Excel's serials, years)."""
    assert _column_dates(["-3562", "4079", "0"]) == ["1960-04-01", "1970-01-01", "1981-03-03"]
    assert _column_dates(["4079", "1234"]) == []
    assert _column_dates(["-3562", "99999"]) == []  # (one out of range: none read so)
    assert _column_dates(["-1", "4079"]) == []  # (-1 is a number column's "none")


def test_milliseconds_since_1970_on_whole_hours() -> None:
    """A Java ``Date`` in an event (a Kafka topic's ``geboortedatum``): a midnight in UTC,
    or a Dutch midnight written in UTC (``41986800000``, 23:00 on 1 May 1971, is the 2nd
    in the Netherlands); a number off the hour is no such date."""
    got = _column_dates(["41990400000", "-96768000000", "41986800000"])
    assert got == ["1966-12-08", "1971-05-02", "1971-05-02"]
    assert _column_dates(["41990400001", "41990400000"]) == []
