"""Person names: cues, reversed, initials, given names, capitals, tussenvoegsels; never
"Pap" or other known non-names."""

from __future__ import annotations

import pyarrow as pa
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from breachscope.config import Config
from breachscope.detect.base import CellFindings
from breachscope.detect.detectorset import DetectorSet
from breachscope.detect.engine import detect_units
from breachscope.detect.finding import findings_from_arrow
from breachscope.detect.tables import sample_of
from breachscope.extract.units import TableUnit
from breachscope.location import Location

from ..helpers import detector, found

POSITIVE = [
    # a debtor in a refund job's log, an insured person in an insurer's letter
    ("Terugbetaling mislukt voor debiteur 'Fatima Ouali' (klantnr 77120)", ["Fatima Ouali"]),
    ("Verzekerde: mw. H. Bosman-Kuipers, polisnummer 123", ["H. Bosman-Kuipers"]),
    # a column's gap after the name she goes by: the next column's label is no surname
    (
        "Patiënt   : Bakker-Zijlstra, A.M. (Anke)        Geb.datum : 19-10-1969",
        ["A.M. Bakker-Zijlstra"],
    ),
    ("Patiënt OVERLEDEN op 02-08-2024 (bericht via BRP-mutatie)", []),
    # a job title on the line under a signature's name is no part of it
    (
        "Met vriendelijke groet,\n\nL.M. Verbeek\nProgrammamanager Bevolkingsonderzoek",
        ["L.M. Verbeek"],
    ),
    ("Met vriendelijke groet,\nA. de Vries\nBeleidsmedewerker", ["A. de Vries"]),
    # an academic title between a reversed name's comma and its initials
    ("Nijenhuis, drs. A.B.: hrHPV pos", ["A.B. Nijenhuis"]),
    ("Vries, mr. J. de belde", ["J. de Vries"]),
    # one bare initial after a family name after a cue (a LIMS's list form)
    ("Patiënt: Jansen B, geb. 12-03-1970", ["B. Jansen"]),
    # a person before a company's legal form later on her line: hers all the same
    ("mw. Anna Bakker werkt bij Zorg BV", ["Anna Bakker"]),
    ("dhr. J. Bakker BV", ["J. Bakker"]),
    ("Patiënt: de Vries M, BSN 123", ["M. de Vries"]),
    # a register's tussenvoegsel in a slot of its own, between two commas
    ("Graaf, de, P.H.: hrHPV pos", ["P.H. de Graaf"]),
    ("Berg, van den, E.M.J. belde terug", ["E.M.J. van den Berg"]),
    ("Patiënt: mevr. J.M. de Vries", ["J.M. de Vries"]),
    ("Naam Jansen-de Vries, J.M.", ["J.M. Jansen-de Vries"]),
    ("Naam patiënt  MARIEKE DE VRIES", ["Marieke de Vries"]),
    ("Berg, A.B. van der", ["A.B. van der Berg"]),
    ("Marieke de Vries belde gisteren", ["Marieke de Vries"]),
    ("t.a.v. dhr. Bakker", ["Bakker"]),
    # a surname that ends with a street word, before a number: no street, a name
    ("Mw. A. van Dijk 12-03-1980, BSN 123456782", ["A. van Dijk"]),
    ("Mevr. Bakker 2 keer gebeld", ["Bakker"]),
    ("Sanne Wijnberg 17-9-1991", ["Sanne Wijnberg"]),
    # a label's name with dotted initials, a worklist's columns between bars
    ("JANSSEN W.G. 12-03-1958 V", ["W.G. Janssen"]),
    # a LIMS's family name, then its dotted initials, after a cue: one name, initials first
    ("Patiënt: Jansen A.B., geb. 12-03-1971", ["A.B. Jansen"]),
    ("Pat.: JANSSEN-OBBINK W.G.  V  GEB 12-MRT-1958", ["W.G. Janssen-Obbink"]),
    ("Patiënte: van Dijk J.M.", ["J.M. van Dijk"]),
    ("Patiënt: Van Es.", ["van Es"]),  # a sentence's end: no initials after a tussenvoegsel
    # bare initials after a family name in capitals, before a quote, a bracket, a comma
    ('ERROR lookup failed: naam="JANSEN P"', ["P. Jansen"]),
    ("CC: JANSEN P <p.jansen@example.nl>", ["P. Jansen"]),
    ("Patiënt: JANSEN AB, geb. 12-03-1971", ["A.B. Jansen"]),
    ("Patiënt: Jansen Ab, geb. 12-03-1971", ["Jansen Ab"]),  # (Ab is a given name too)
    # a double name's second part on the next line, its hyphen ending the line above
    ("Betreft: mevrouw A.M. Bakker-\nde Graaf, geb. 22-05-1966", ["A.M. Bakker-de Graaf"]),
    ("mevrouw A. Bakker-\nVisser belde", ["A. Bakker-Visser"]),
    ("Geachte mevrouw Jansen-\nde uitslag is binnen", ["Jansen"]),  # (no capital after)
    # a list of names, each initials and a family name: no reversed name across the comma
    (
        "Patiënten met uitslag Pap 3b: P. de Boer, K. Visser en M. Smit.",
        ["P. de Boer", "K. Visser", "M. Smit"],
    ),
    ("Aanwezig: H. Koster, M. Verbeek, P. Yilmaz", ["H. Koster", "M. Verbeek", "P. Yilmaz"]),
    ("Jansen, P. Pap 2", ["P. Jansen"]),  # a non-name after the initials: reversed
    ("Labnr 24-0042 | VAN ROOIJ A | 28.02.1961 | V | hrHPV pos", ["A. van Rooij"]),
    # a register's order with a comma before the tussenvoegsel too
    ("Patiënt: Berg, van den, E.M.J. (Els)", ["E.M.J. van den Berg"]),
    ("Uitslag mevr. Berg, van den, A. is verstuurd.", ["A. van den Berg"]),
    # a changed name: what she is called now, a widow's, her name before marriage
    ("Notitie: pte heet nu Lambrechts, geb 09/10/1963.", ["Lambrechts"]),
    ("Wed. Dekker-Prins", ["Dekker-Prins"]),
    ("mw. A. Lambrechts, geboren als Peeters", ["A. Lambrechts", "Peeters"]),
    # a month that is a given name, after a cue, before the rest of her name
    ("Mevrouw April de Wit belde", ["April de Wit"]),
    ("Patiënte: Mei Ling Tjoe", ["Mei Ling Tjoe"]),
    # a test's acronym after the name's comma is no set of initials
    ("Dhr. J. Peters, PSA 6,2 ug/L", ["J. Peters"]),
    # Vietnamese names: letters of Latin Extended Additional
    ("Mevrouw T.L. Nguyễn belde", ["T.L. Nguyễn"]),
    ("Patiënte Ngô Thị Hương belde", ["Ngô Thị Hương"]),
    # a closing's name comes after its comma, a greeting's before it
    ("Met vriendelijke groet,\nSanne Bakker", ["Sanne Bakker"]),
    ("Naam patiënt: ........ Jansen-de Vries ........", ["Jansen-de Vries"]),  # a form's leader
    # a remark in brackets after the cue; a form's text box as form recognition writes it
    ("Achternaam (geboortenaam): Jansen", ["Jansen"]),
    ("Achternaam (zoals op paspoort): de Vries", ["de Vries"]),
    ("Achternaam (geboortenaam) ...... [ EL MESSAOUDI ]", ["el Messaoudi"]),
    ("Hoi Sanne,\nKun je bellen?", ["Sanne"]),
    # a signature's given name and surname on two lines, a wrapped paragraph's too; not a
    # greeting's next line, nor a line in capitals after the given name (her employer)
    ("Met vriendelijke groet,\n\nJohanna\nvan der Meulen\nHuisarts", ["Johanna van der Meulen"]),
    ("Groeten,\nPieter\nJansen\n06-12345678", ["Pieter Jansen"]),
    ("Met vriendelijke groet,\n\nWilma\nIJzerman", ["Wilma IJzerman"]),
    ("M.v.g.\nAnna Maria\nde Vries-Bakker", ["Anna Maria de Vries-Bakker"]),
    (
        "Wij hebben vandaag het monster ontvangen van mevrouw Johanna\nde Vries uit Utrecht.",
        ["Johanna de Vries"],
    ),
    ("Hoi Sanne\nKun je morgen bellen?", ["Sanne"]),
    ("Patiënt: Johanna\nAfspraak morgen om tien uur", ["Johanna"]),
    ("Met vriendelijke groet,\nSanne\nUMC Utrecht", ["Sanne"]),
    # a form's next label is no surname, however long the name's line
    (
        "Patiënt: mevrouw Anna Maria El Idrissi-Driessen\r\nGeb.datum: 3 mei 1965",
        ["Anna Maria el Idrissi-Driessen"],
    ),
    ("Met vriendelijke groet,\r\nJohanna\r\nTel: 06-12345678", ["Johanna"]),
    ('WARN no match achternaam="de Vries" gebdat=1985-11-30', ["de Vries"]),  # a log's keys
    ('DEBUG {"bsn":"012345672","naam":"Yılmaz"}', ["Yılmaz"]),
    ("Geachte mevrouw Van den Heuvel,", ["van den Heuvel"]),
    ("monster geregistreerd voor van Pelt, S.S.M. (geb. 02/12/1968)", ["S.S.M. van Pelt"]),
    ("Patiënt in 't Hoek, F.", ["F. in 't Hoek"]),
    ("Patiënt IJzerman, H.", ["H. IJzerman"]),
    ("Patiënt: RH Willemsen-Sanders", ["R.H. Willemsen-Sanders"]),
    ("Met vriendelijke groet,\n\nM Rutten-van de Ven\nAnalist", ["M. Rutten-van de Ven"]),
    ('From: "Rutten, M." <m.rutten@example.nl>', ["M. Rutten"]),
    ("Patiënt de Man, N.G.", ["N.G. de Man"]),
    # letters outside ASCII at a name's start or second place, with no cue: the
    # prefilter sees latin-1 bytes (Ö, Ç) and '?' for the others (Ş, ı)
    ("uitnodiging verstuurd aan V. Yılmaz", ["V. Yılmaz"]),
    ("uitnodiging verstuurd aan V. Şahin", ["V. Şahin"]),
    ("uitnodiging verstuurd aan V. Öztürk", ["V. Öztürk"]),
    ("Öztürk, A. belde", ["A. Öztürk"]),
    ("uitnodiging verstuurd aan Ayşe Yılmaz", ["Ayşe Yılmaz"]),
    ("uitnodiging verstuurd aan Özlem Çelik", ["Özlem Çelik"]),
    # letters beyond latin-1 (Polish, Turkish, Czech names)
    ("Met vriendelijke groet,\n\nmevr. A.M.J. Wiśniewska\nAnalist", ["A.M.J. Wiśniewska"]),
    ("Patiënt: mevr. Ş. Yılmaz", ["Ş. Yılmaz"]),
    ("Patiënt Wi?niewska, W.", ["W. Wi?niewska"]),  # a letter lost to the PDF's encoding
    ("Patiënt: mevrouw ?ahin-van der Burg", ["?ahin-van der Burg"]),
    ("Betreft dhr. Łukasz Kowalczyk", ["Łukasz Kowalczyk"]),
    ("Naam Doğan, G.", ["G. Doğan"]),
    ("t.a.v. mevrouw Dvořáková", ["Dvořáková"]),
    # initials without dots before a bracket ("van Schaap, K (geb. 23 juli 1960)")
    ("de uitslag van Schaap, K (geb. 23 juli 1960) nogmaals", ["K. van Schaap"]),
    ("JANSEN, M (03-03-1978)", ["M. Jansen"]),
    # the name a person goes by, in brackets: the given name where it is the first initial's
    ("De heer P. (Piet) de Jong", ["Piet de Jong"]),
    ("Naam: J.M. (Joke) Bakker, geb. 14-07-1969", ["Joke M. Bakker"]),
    ("mw. J.M. (Marieke) Bakker-de Wit", ["J.M. Bakker-de Wit"]),
    # a household addressed as one
    ("Aan de familie Jansen-Smit, Kerkstraat 5", ["Jansen-Smit"]),
    ("Fam. de Vries", ["de Vries"]),
    ("Naam: Fam. Jansen", ["Jansen"]),  # not the surname "Fam"
    ("pt. Jansen, 45 jr, G2P2, klachten van bloedverlies", ["Jansen"]),  # a clinical note
    ("Achternaam Jansen Voorletters P.M. Geslacht V", ["Jansen", "P.M."]),  # the next label
    # each display name of an e-mail header's address list, a folded one too
    (
        "CC: JANSEN P <p.jansen@gmail.com>; DE VRIES M <mdevries@hotmail.com>",
        ["P. Jansen", "M. de Vries"],
    ),
    (
        "To: Petra Jansen <p@x.nl>,\n Marieke de Vries <m@y.nl>",
        ["Petra Jansen", "Marieke de Vries"],
    ),
    # a LIMS's English labels, an LDAP entry's
    ("Surname: Jansen\nGiven name: Petra", ["Jansen", "Petra"]),
    ("Last name: de Vries\nFirst name: Marieke", ["de Vries", "Marieke"]),
    ("family name: Öztürk", ["Öztürk"]),
    ("givenName: Petra", ["Petra"]),
    # an address block a PDF glued to one line: the name before the street
    ("Uitslag voor Mevrouw E. Smits Lindelaan 12 3722 GT BILTHOVEN", ["E. Smits"]),
    ("dn: uid=pjansen,ou=patienten\nsn: de Vries\ngivenName: Petra", ["de Vries", "Petra"]),
    # a label after the comma is no initials ("D.O.B. O'Brien")
    ("Patient: Mrs. K. O'Brien, DOB 14/03/1962.", ["K. O'Brien"]),
    # her surname, then her whole name: no reversed name "Lisa Bos Bos"
    ("Geachte mevrouw Bos, Lisa Bos heeft gebeld.", ["Bos", "Lisa Bos"]),
    # a label's or a worklist's name: capitals, initials last, before the sex in brackets
    ("BAKKER J (M) 14-07-1969 urine", ["J. Bakker"]),
    ("DE VRIES PA (V) 01-01-1980", ["P.A. de Vries"]),
    ("VAN DEN BERG-SMIT K (V)", ["K. van den Berg-Smit"]),
    # ... or before her date of birth and sex (a patient label without brackets)
    ("BVO8816759801 JANSEN P 03.03.78 V", ["P. Jansen"]),
    ("DE VRIES PA 12-07-1965 V uitstrijkje", ["P.A. de Vries"]),
    # Chinese-Surinamese family names with their -A- infix
    ("Mevr. S. Tjon-A-Fong", ["S. Tjon-A-Fong"]),
    ("TJON-A-FONG, S. (03-03-1978)", ["S. Tjon-A-Fong"]),
    ("Mevr. K. Lie-A-Ling-de Vries", ["K. Lie-A-Ling-de Vries"]),
    # ... written with spaces: the same name (after a given name, the A is an initial)
    ("Patiënt: dhr. R. Lie A Ling", ["R. Lie-A-Ling"]),
    ("TJON A FONG, S. (03-03-1978)", ["S. Tjon-A-Fong"]),
    ("Patiënt: Jan A Bakker", ["Jan A. Bakker"]),
    # Arabic and Malay particles between the initials and the family name
    ("Patiënt: mevr. S. bin Abdullah, geb. 12-03-1980.", ["S. bin Abdullah"]),
    ("Patiënt: mevr. S. binti Ahmad.", ["S. binti Ahmad"]),
    ("Patiënt: dhr. O. ibn Rashid.", ["O. ibn Rashid"]),
    # the role a letter names her by is no part of her name
    ("Cliënte Anna de Vries (geb. 04-05-1975) kwam.", ["Anna de Vries"]),
    ("Deelneemster Petra Bakker, geboren 12-01-1970.", ["Petra Bakker"]),
    ("Mevrouw J.  Jansen", ["J. Jansen"]),  # two spaces after the initials
    # a name its paragraph wrapped after the initials or the tussenvoegsel (a PDF letter)
    ("Hierbij de uitslag van mevrouw P.\nJansen, geboren op 3 maart 1978.", ["P. Jansen"]),
    ("uw patiënte, mevr. A. de\nVries (geb. 12-05-1980), naar", ["A. de Vries"]),
    # a surname its line's end hyphenated (not a dash before the sentence goes on)
    ("Uitslag van mevrouw Petra Jan-\nsen, geboren 03-03-1978", ["Petra Jansen"]),
    ("Uitslag van mevrouw Petra Jansen-\nen verder", ["Petra Jansen"]),
    # a closing before a given name alone ("Groetjes, Anouk" is no "Achternaam, Voornaam")
    ("Groetjes, Anouk", ["Anouk"]),
    ("Liefs,\nMirjam", ["Mirjam"]),
    ("Patiënt: mw. J. de Wit, 3907 MW Veenendaal", ["J. de Wit"]),  # MW: a postcode's
    # surnames with an apostrophe or an inner capital
    ("Geachte mevrouw O'Neill,", ["O'Neill"]),
    ("Patiënt: mevr. d'Ancona, geboren 03-03-1978", ["d'Ancona"]),
    ("Patiënt: mevr. D'Souza", ["D'Souza"]),
    ("Betreft: dhr. J. McDonald", ["J. McDonald"]),
    ("Naam: Sophie MacLeod", ["Sophie MacLeod"]),
    ("mevr. L. van 't Hof-d'Hondt", ["L. van 't Hof-d'Hondt"]),
    ("mevr. A. O'BRIEN", ["A. O'Brien"]),
    # a person's own name in small letters after her own cue (an e-mail to the lab)
    ("hoi, mijn naam is anna de vries, geboren 03-03-1978", ["Anna de Vries"]),
    # a signature's name and its firm's letters: no reversed name with initials
    ("Met vriendelijke groet,&#10;Kim Bosschaart, PLW", ["Kim Bosschaart"]),
    # a call's transcript: the caller gives her name after her greeting
    (
        "spreker 2 [00:00:05]: ja goedemorgen met daniëlle van beek ik bel over de uitslag",
        ["Daniëlle van Beek"],
    ),
    ("spreker 2 [00:00:05]: ja goedemorgen met ayşe kaya ik bel over de uitslag", ["Ayşe Kaya"]),
    ("ik ben anna en ik wil weten of mijn gegevens gelekt zijn", ["Anna"]),
    ("groetjes,\nanna bakker-jansen", ["Anna Bakker-Jansen"]),
    # initials after their label, apart from the surname (a form)
    ("Naam: Jansen, Voorletters: P.M.", ["Jansen", "P.M."]),
    ("Naam patiënt: Bakker-de Wit    Voorl.: J.H.", ["Bakker-de Wit", "J.H."]),
    ("initialen: Th.J.", ["Th.J."]),
    ("Voorletters: J.\nAdres: Kerkstraat 5", ["J."]),
    ("Ellen de Groot, woont in Zwolle, bsn eindigt op 782", ["Ellen de Groot"]),
    ("mevr. Anna in 't Veld, bsn 111222333", ["Anna in 't Veld"]),
    # a relative's given name after the possessive and the relative's word
    ("Mijn zus Marieke heeft wel een test gedaan", ["Marieke"]),
    ("mijn vrouw, Anna, is ook getest", ["Anna"]),
    ("onze dochter Lisa", ["Lisa"]),
    ("Goedemiddag Anna, hierbij uw uitslag", ["Anna"]),  # a greeting is a cue
    # the tussenvoegsel after the family name, as registers sort names
    ("Patiënt: Berg van den, A.", ["A. van den Berg"]),
    ("BERG VAN DEN, A., geb. 1-1-1960", ["A. van den Berg"]),
    ("Uitslag Jong de, P.M. (aanvrager: huisarts)", ["P.M. de Jong"]),
    # given names, the name she goes by in brackets, her surname
    ("Naam: Margaretha (Greet) Dijkstra-Kok", ["Margaretha Dijkstra-Kok"]),
    ("Anna Maria (Anja) de Vries, geb. 1-1-1960", ["Anna Maria de Vries"]),
    # a letter's addressee above a street with no street word, known by the postcode line
    (
        "Rijswijk, 8 november 2023\nIS Heerstra\nWindmolen 306\n9720 JG  Groningen",
        ["I.S. Heerstra"],
    ),
    (
        "Aan:\nA. de Jong\r\nBrink 4a\r\n7411 BX Deventer",
        ["A. de Jong"],
    ),  # no name wrapped onto the next label
    # a key and its value in single quotes: a Python dict in a log, SQL
    ("{'achternaam': 'Jansen', 'bsn': '123456782'}", ["Jansen"]),
    ("UPDATE patient SET achternaam='de Vries' WHERE id=5", ["de Vries"]),
    ("naam: 't Hart", ["'t Hart"]),
    # initials written against the name: a space after them, as the full name reads
    ("Uitslag voor P.Jansen is klaar", ["P. Jansen"]),
    ("Mevr. J.M.de Vries belde", ["J.M. de Vries"]),
    ("t.a.v. J.M.van den Berg", ["J.M. van den Berg"]),
    # a header's display name in capitals stays a name where it is more than an acronym
    ("Van: DE VRIES <d.devries@example.nl>", ["de Vries"]),
    ("Van: JM Jansen <jm@example.nl>", ["J.M. Jansen"]),
    ("mevr. KOK belde", ["Kok"]),
    # a function word as the family name, right after initials and a tussenvoegsel (a
    # surname's typo: van Doorn, van der Bijl) or ending a reversed name's family part
    ("Patiënt: B.M. van Door\nGeb.datum: 5 juni 1965", ["B.M. van Door"]),
    ("Mevr. A. van der Bij, geboren 3-3-1978", ["A. van der Bij"]),
    ("Patiënt: van der Voor, Anna (geb. 3-3-1978)", ["Anna van der Voor"]),
    # a family name of a street word's ending, her street after a comma
    ("Patiënt: Anna Terhorst, Kerkstraat 12, 3526 KV Utrecht", ["Anna Terhorst"]),
]
NEGATIVE = [
    # a placeholder for a name kept back, a record's sex
    "Naam: Anoniem",
    "Patiënt: Female, 52 jaar",
    # the lab's own staff after their labels; a practice's doctor in brackets after it
    "Protocol: PALGA v3.2 | Beoordelaar: drs. F.A. Kerkhof | Autorisatie: 28-04-2024",
    "Geautoriseerd door: J. Smit",
    "Met vriendelijke groet,\ndr. G.H. Oude Luttikhuis, patholoog",
    "mw. drs. A. Bakker (klinisch patholoog)",
    "Aanvrager: Huisartsenpraktijk De Maten (drs. P.J. Veldhuis)",
    # a file's name after a cue: its extension is no family name
    "zie C:\\HIS\\DATA\\PATIENT.DBF en Patient.pdf",
    # a cue that is an identifier's last step: a table's or a field's name in code
    "COMMENT ON TABLE public.patient IS 'Patiëntgegevens portal';",
    "SELECT p.naam FROM tbl_patient WHERE x.client IS NULL",
    "CREATE TABLE ontvangst (naam TEXT, voornaam VARCHAR(40))",  # a column's type
    "Locatie: Dr. Willem Dreeslaan 41, 3515 GB Utrecht",  # a street after a man, no person
    "Cervilab · Dr. Willem Dreeslaan 41 · 3515 GB Utrecht",  # (no street found: no comma)
    # a street named after a man, over its practice: a house number and a postcode after
    "Huisartsenpraktijk Zuilen\n                    Marco Polohof 12, 3526 KV Utrecht",
    "Praktijk De Linde, Johan Evertsenhof 4a 3527 AB Utrecht",
    # a test system's placeholder provider: a title written out, then a word
    'huisarts: {naam: "Dokter Test", agb: "01999999"}',
    # a reminder's subject line; an SQL statement's words after a table named patient
    "Betreft:        TWEEDE HERINNERING",
    # a nationality before a number, as a Belgian hospital's letter writes it
    "Patiënte: zie boven\n         Nederlands BSN 282075392 – rijksregisternummer niet gekend",
    'cur.execute("TRUNCATE patient CASCADE")',
    "LOCK TABLES `client` WRITE;",
    "ALTER TABLE ONLY public.deelnemer ADD CONSTRAINT deelnemer_pkey PRIMARY KEY (id);",
    # a team's signature, a run's control, a system's account
    "Met vriendelijke groet,\n\nScreeningsteam Cervixlab",
    "naam: Negatieve kitcontrole",
    "naam: Testaccount Acceptatie",
    # a remark in brackets that names someone else's name
    "Naam (huisarts): Jansen",
    "Naam (Huisarts) : Dr. Jansen",
    "Naam (aanvrager): Bakker",
    # a company's name and its legal form after a name's cue (a config's, a letter's)
    "naam: Cervixlab Midden-Nederland B.V.",
    "Aan: Cytolab Noord B.V., t.a.v. de directie",
    "lab.naam=Vermeer Zorg BV",
    "Utrecht, op, Maandag 3 maart",  # (a comma, a word, a comma: no tussenvoegsel)
    "Adres patiënt: Veerallee 40, 8019 AD Zwolle",  # a street after the cue
    "Patiënt: Stationsplantsoen 2",
    # a given name and her family name's initial: no family name to report
    "Patiënt: Maria J",
    # organisations a letter is addressed to: a physiotherapist's, a dentist's, an
    # insurer, the supervisory authority
    "Aan: Fysiotherapie Dukenburg\nOnderwerp: vraag",
    "Aan: Tandartspraktijk Maasoever\nOnderwerp: vraag",
    "Aan: Zilveren Kruis\nOnderwerp: vraag",
    "Aan: Autoriteit Persoonsgegevens\nOnderwerp: klacht",
    # a town after a postcode
    "Kerkstraat 2, 1018DD AMSTERDAM, geb. 07-07-1977",
    # an English label without a name after it
    "Aan: HR <hr@lab.nl>; ICT <ict@lab.nl>; FG <fg@lab.nl>",  # departments in an address list
    "Surname: (required)\nFirst name: -\nLast name: n.v.t.",
    # a serial number's label is no LDAP surname
    "SN: XK12345\nS/N: 0031-4412",
    # groups a programme's text is about; a company's legal form is no set of initials
    "Meisjes geboren vanaf 01-01-2009 krijgen een oproep",
    "Vrouwen geboren in 1994 krijgen een zelfafnameset",
    "Vastgoed Plesman C.V. Huurprijs per maand",
    "E. COLI aangetoond, >10^5 kve/ml",  # an organism's species, no family name
    "HPV A 12-03-2024 V",  # a test's name, no person's
    "GET /api/v1/patient?bsn=870662831 HTTP/1.1",  # a query string, no lost letter
    "Dochter belde. Moeder geboren 1 oktober 1948.",  # a relation, no family name
    "Betreft: Juli 2024 uitslagen",  # a month after a cue, no name after it
    "Patiënt: April",
    # a greeting that ends its line with a comma names no one
    "Hoi,\n\nKun je deze patiente opzoeken?",
    "Goedemorgen,\nWil je dit doorsturen?",
    "Voorletters: onbekend",
    "Vul uw voorletters in:",
    # SQL's words after a table named patient
    "UPDATE patient SET bsn='123456782' WHERE id=5",
    "SELECT * FROM patient WHERE id = 5",
    "Cytologie Pap 3a2",
    # a letter ending a sentence is no initial, a clinical word no surname
    "Zij is bekend met hepatitis B. Medicatie: geen.",
    "Groep A. Streptokokken kweek negatief.",
    "Groeten, het team van Afdeling Uitslagen",
    "t.a.v. mevr. K.\nPostbus 12",
    "HPV A (V) 12-01-2024",
    "ERROR: duplicate key DETAIL: Key (bsn)=(123456782) already exists.",
    "Dhr. Pap zei hallo",
    "t.a.v. Afdeling Inkoop",
    "Betreft: Uitslag cervixcytologie",
    "N.B. Dit is een test.",
    # a saint names hospitals and places, never a person (St. is no one's initials)
    "opgenomen in het St. Antonius ziekenhuis",
    "verwezen naar ziekenhuis St.Jansdal",
    "wonend te Sint-Oedenrode",
    # an e-mail header's department, not a person
    "Van: FG (Functionaris Gegevensbescherming) <fg@lab.nl>",
    "From: HR <hr@lab.nl>",
    "Aan: MT",
    "Van: ICT Servicedesk <ict@lab.nl>",
    "Uitslag Conclusie Advies",
    "UITSLAG CERVIXCYTOLOGIE",
    "From: Diagnostisch Laboratorium Haaglanden-West <uitslagen@example.nl>",
    "Kerkstraat 12, 1234 AB Utrecht, geb. 12 maart 1975",  # postcode letters and city
    "Mijn BSN is 123456782.",  # a possessive before a trailing cue
    "Aan: Klantenservice Lab Noord",
    "In de familie komt baarmoederhalskanker voor.",
    "Familie: geen bijzonderheden.",
    "Uitslag: HPV, PAP (zie bijlage)",
    "A. (Afdeling) Pathologie",  # no given name in the brackets
    "Veldweg 4\n3907 MW Veenendaal",  # a postcode's letters are no 'Mw.' before a name
    "Postbus 10, 1234MW Utrecht",
    # a town before a trailing cue
    "Zij woont in Zwolle, bsn volgt later",
    "geboren te Zwolle, geb. 12-3-1960",
    "Haar geboortedatum is 14-6-1985",  # a possessive before a trailing cue
    "mijn zus Kerkstraat",
    "het lab in Utrecht (Nieuwegein) Locatie",
    # lines above a street line and a postcode line that hold no person's name
    "Rijswijk, 8 november 2023\nHuisartsenpraktijk De Haven\nBrink 4\n9720 JG  Groningen",
    "Geachte mevrouw,\nDiagnostisch Laboratorium Haaglanden-West\nPostbus 1234\n2288 EZ Rijswijk",
    "Retouradres:\nAfdeling Uitslagen\nWindmolen 3\n9720 JG Groningen",
    "Gebruiker werkt op een MacBook Pro",
    "Het Amsterdamse A'dam Lab",
    "ik ben bang dat mijn uitslag gelekt is",
    "ik ben max. 3 dagen weg",
    "groeten uit utrecht",
    "mvg, het lab",
    "ik ben anna's moeder",
    # a form's labels before a trailing cue: no surname ends in -nummer or -datum
    "Burgerservicenummer (BSN): 123456782",
    "Patiëntnummer (BSN): 123456782",
    # a function word after a tussenvoegsel with no initials or name before it is none
    "Het rapport van Over de uitslag",
    "Naam: van Door",
]


@pytest.mark.parametrize(("text", "values"), POSITIVE)
def test_positive(dset: DetectorSet, text: str, values: list[str]) -> None:
    assert found(dset, text, "name") == values


@pytest.mark.parametrize("text", NEGATIVE)
def test_negative(dset: DetectorSet, text: str) -> None:
    assert found(dset, text, "name") == []


def test_provider_wins_over_name(dset: DetectorSet) -> None:
    text = "Huisarts  Dr. A.B. van der Berg"
    assert found(dset, text, "name") == []
    assert found(dset, text, "provider") == ["A.B. van der Berg"]


def test_register_surnames_found_anywhere() -> None:
    text = "Gisteren belde Zwartkop over de uitslag."
    plain = DetectorSet.build(Config(workers=1))
    assert found(plain, text, "name") == []
    with_register = DetectorSet.build(Config(workers=1), frozenset({"Zwartkop", "Pap", "de"}))
    assert found(with_register, text, "name") == ["Zwartkop"]
    assert found(with_register, "Pap 2", "name") == []


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Gisteren belde Zwartkop", ["Zwartkop"]),
        ("UITSLAG VOOR ZWARTKOP", ["Zwartkop"]),  # the register's capitals form
        ("Uitslag F Mulder-Bos", ["F. Mulder-Bos"]),  # a double name, one word
        # initials and a tussenvoegsel right before the word belong to the name
        ("Uitslag SR Zwartkop", ["S.R. Zwartkop"]),
        ("Uitslag J van den Zwartkop", ["J. van den Zwartkop"]),
        ("uitslag van van der Zwartkop, dank", ["van der Zwartkop"]),
        ("bericht van J.M. Zwartkop", ["J.M. Zwartkop"]),
        ("woont te Zwartkop", ["Zwartkop"]),  # 'te' is no tussenvoegsel here
        ("Jan Zwartkop", ["Jan Zwartkop"]),  # a given name: its own shape
        # a surname that is an everyday word needs a name around it
        ("Post wordt dagelijks bezorgd", []),
        ("Uitslag S. Post", ["S. Post"]),
        ("Uitslag SR Post", ["S.R. Post"]),
        ("een brief aan de Post-Bakker", ["de Post-Bakker"]),
        ("Zwartkop-achtig weer", []),  # a word goes on after a hyphen
        ("code 1Zwartkop", []),  # a word character before it
        ("het zwartkop-ras", []),  # lower case is no name
        ("Zwartkoppen", []),  # part of a longer word
        # a register word alone before an article is a verb (a typo's surname 'Sluit')
        ("Plaats de analyser. Sluit het apparaat aan.", []),
        ("Sluit de deksel", []),
        ("Uitslag S. Sluit de volgende week", ["S. Sluit"]),  # initials: a name
        ("Gisteren belde Sluit over de uitslag", ["Sluit"]),
        # a day's abbreviation in an e-mail header (a typo's surname 'Mon')
        ("Date: Mon, 05 Sep 2022 09:09:00 +0200", []),
        ("Uitslag J. Mon", ["J. Mon"]),
        # a double name of two register words (a married name the register holds apart)
        ("Uitslag M Zwartkop-Sluit", ["M. Zwartkop-Sluit"]),
        ("Zwartkop-Kerkweg 3", []),  # one part is no register word
    ],
)
def test_register_words_are_whole_words(text: str, names: list[str]) -> None:
    register = frozenset({"Zwartkop", "Mulder-Bos", "Post", "Post-Bakker", "Sluit", "Mon", "Sep"})
    dset = DetectorSet.build(Config(workers=1), register)
    assert found(dset, text, "name") == names


@pytest.mark.parametrize(
    ("header", "sample", "kind"),
    [
        ("Achternaam", ["Jansen", "de Vries", "Bakker"], "surname"),
        ("Voorletters", ["J.M.", "A.", "K.L."], "initials"),
        ("PID-5", ["Jansen^J.^^^^^L", "de Vries&de&Vries^M.^^^^^L"], "full_name"),
        ("PatientName", ["ter Horst-Bouzid, A. J.", "van den Heuvel, L."], "full_name"),
        # the official word for a surname holds the negative word for a gender column
        ("Geslachtsnaam", ["Jansen", "de Vries", "Bakker"], "surname"),
        ("tussenvoegsel", ["van", "de", "van der", "de"], "prefix"),
        ("Patient.Voorvoegsel", ["van", "De", "ter"], "prefix"),
        ("recordTarget.patientRole.patient.name.family", ["Vries"], "surname"),  # HL7 v3
        ("patient.displayName", ["M. de Vries", "A. Jansen"], "full_name"),
        # a portal's account record: "profile" ends in the file name's negative word
        ("profile.firstName", ["Marloes", "Jale"], "given_names"),
        ("accounts.0.profile.lastName", ["ter Horst", "Öztürk"], "surname"),
        ("profile.name", ["Marloes ter Horst", "J. Öztürk"], "full_name"),
        # ... and its "user" is the patient, not a login
        ("userProfile.lastName", ["Jansen", "de Vries"], "surname"),
        ("users.0.profile.firstName", ["Petra", "Marieke"], "given_names"),
        # a remark in brackets says how the names are written, not what part they are
        ("Naam (achternaam, voorletters)", ["Sabajo, S.", "Kaya, F.", "Dijk, A. van"], "full_name"),
        ("Achternaam (gebruik)", ["Nijenhuis-Nowak", "Lansink", "Nowak"], "surname"),
        ("Naam (voorletters)", ["J.M.", "A.", "K.L."], "initials"),  # (told by the values)
        # a path's last step names her surname: "group" above it is a study's item group
        ("ClinicalData.SubjectData.ItemGroupData.I_ACHTERNAAM", ["Postma", "Kok"], "surname"),
        ("ItemGroupData.I_VOORNAAM", ["Sophie", "Manon"], "given_names"),
    ],
)
def test_columns(dset: DetectorSet, header: str, sample: list[str], kind: str) -> None:
    claim = dset.classify(header, sample)
    assert claim is not None
    assert claim[0].id == "name"
    assert claim[1].kind == kind


@pytest.mark.parametrize(
    "header",
    ["Huisarts", "Naam huisarts", "verw_naam", "aanvr_naam", "Praktijknaam", "Straatnaam",
     "Patient geslacht", "Patient.gender",
     "filename", "file_name", "FileName", "bijlage.file", "Bestandsnaam", "username",
     "user.name", "resource.name.0.use", "name.period.start", "naamgebruik",
     "aanduiding_naamgebruik", "deelname", "zelfafnameset", "Opname",
     "participant.associatedEntity.associatedPerson.name.family",
     "participant.associatedEntity.scopingOrganization.name",
     "author.assignedAuthor.representedOrganization.name",
     "resource.resultsInterpreter.0.display", "resource.recorder.display",
     "huisarts.achternaam", "praktijk.arts.voorletters", "user.lastName", "Item.Name",
     "StudyEventData.FormData.@FormOID"],
)  # fmt: skip
def test_not_patient_name_columns(dset: DetectorSet, header: str) -> None:
    claim = dset.classify(header, ["A. Jansen", "B. de Vries"])
    assert claim is None or claim[0].id != "name"


@pytest.mark.parametrize(
    ("header", "sample"),
    [
        ("tussenvoegsel", ["06", "020", "010"]),  # no tussenvoegsels under the header
        ("tussenvoegsel huisarts", ["van", "de", "van der"]),  # the GP's
    ],
)
def test_not_prefix_columns(dset: DetectorSet, header: str, sample: list[str]) -> None:
    claim = dset.classify(header, sample)
    assert claim is None or claim[1].kind != "prefix"


def test_prefix_cells_are_the_tussenvoegsels_in_lower_case(dset: DetectorSet) -> None:
    """A tussenvoegsel column's own findings (assembly joins each to its row's surname:
    ``de`` + ``Vries``); a cell that holds anything else is none."""
    column = pa.array(["van", None, " De ", "", "van der", "x", "VAN 'T"])
    claim = dset.classify("tussenvoegsel", ["van", "De", "van der"])
    assert claim is not None
    found = claim[0].cells(column, claim[1])
    assert found.index.to_pylist() == [0, 2, 4, 6]
    assert found.value.to_pylist() == ["van", "de", "van der", "van 't"]


@pytest.mark.parametrize("header", ["achternaam", "naam"])  # named, or told by its values
@pytest.mark.parametrize("rows", [20, 5000])  # read whole by the claim (up to 4,096), or not
def test_a_surname_columns_function_words_are_family_names(
    dset: DetectorSet, header: str, rows: int
) -> None:
    """In a surname column, a family name that is a Dutch function word (a surname's
    typo, ``Doorn`` -> ``Door``) is a surname, after tussenvoegsels too; in small letters
    or in a column of full names it stays none."""
    cells = ["Jansen", " Door ", "van der Bij", "VOOR", "door", "Door Jansen", "De"]
    column = pa.array([*cells, *(["Bakker", "Visser", "Smit"] * rows)][:rows])
    claim = dset.classify(header, sample_of(column))
    assert claim is not None and claim[1].kind == "surname"
    found = claim[1].sample_read or claim[0].cells(column, claim[1])
    assert isinstance(found, CellFindings)
    got = dict(zip(found.index.to_pylist(), found.value.to_pylist(), strict=True))
    assert {k: v for k, v in got.items() if k < len(cells)} == {
        0: "Jansen", 1: "Door", 2: "van der Bij", 3: "Voor", 5: "Door Jansen",
    }  # fmt: skip
    if header != "naam":
        return  # (a header that names surnames says so whatever the values)
    full = pa.array([*cells, *(["A. Bakker", "P. Visser", "Jan Smit"] * rows)][:rows])
    claim = dset.classify(header, sample_of(full))
    assert claim is not None and claim[1].kind == "full_name"
    assert 1 not in claim[0].cells(full, claim[1]).index.to_pylist()


@pytest.mark.parametrize(
    "value",
    ["ViewAreaTop", "Ooo:view-Settings", "PrintReversed_2", "config[0]", "a@b", "x=y", "C:\\x",
     "portal.auth", "portal.api.uitslag", "nl.pzw.lims2"],
)  # fmt: skip
def test_a_programs_identifier_is_no_name(dset: DetectorSet, value: str) -> None:
    """What a configuration's ``name`` keys hold (an XML or JSON settings file)."""
    assert detector(dset, "name").validate(value, True) is None


@pytest.mark.parametrize(
    ("value", "name"),
    [("McDonald", "McDonald"), ("SU:Jansen+VV:de+VN:Piet", "Piet de Jansen"), ("v/d Berg", None),
     ("a.jansen", None), ("A.J. Brouwer", "A.J. Brouwer")],
)  # fmt: skip
def test_names_that_look_technical_stay_names(dset: DetectorSet, value: str, name: str) -> None:
    got = detector(dset, "name").validate(value, True)
    assert got == name or (name is None and got is not None)


@pytest.mark.parametrize(
    "header", ["styles.style.12.text-properties.@font-name", "styleName", "config-item.0.@name"]
)
def test_a_programs_name_keys_are_no_name_columns(dset: DetectorSet, header: str) -> None:
    claim = dset.classify(header, ["Calibri", "Standard", "Jansen"])
    assert claim is None or claim[0].id != "name"


@pytest.mark.parametrize(
    ("header", "sample"),
    [
        ("lists.name", ["te bellen", "Gebeld-Wacht op Ha", "Afgerond"]),  # a board's lists
        ("labels.name", ["spoed", "H.A. informeren"]),
        ("checklists.name", ["Acties", "Acties", "Acties"]),
        ("data.board.name", ["Bmhk achterstand terugbellen"]),
        ("name", ["Stichting Pathologie", "Werkvoorraad"]),
        ("@name", ["Uitslagroute", "Casussen"]),  # (a draw.io file's pages)
    ],
)
def test_a_column_only_called_name_that_names_no_person_is_none(
    dset: DetectorSet, header: str, sample: list[str]
) -> None:
    claim = dset.classify(header, sample)
    assert claim is None or claim[0].id != "name"


@pytest.mark.parametrize(
    ("header", "sample"),
    [
        ("members.name", ["Lieke Hofstede", "Merve Aktaş"]),  # a given name of the list
        ("name", ["Jansen-de Vries, M.", "T. Oude Egbrink", "Yılmaz, Ö."]),  # initials
        ("patient.name", ["Wrkfjs Qzwm", "Bvtl Krsk"]),  # (a person's: no list asked)
        ("staff.@name", ["Lieke Hofstede", "Merve Aktaş"]),
    ],
)
def test_a_column_only_called_name_that_names_people_is_theirs(
    dset: DetectorSet, header: str, sample: list[str]
) -> None:
    claim = dset.classify(header, sample)
    assert claim is not None and claim[0].id == "name"


def test_a_list_called_name_gives_its_cells_no_name_label() -> None:
    unit = TableUnit.build(
        Location("board.json", "lists"), ["name"], [["Gebeld-Wacht op Ha"], ["Afgerond"]], [1, 2]
    )
    found = findings_from_arrow(detect_units([unit], Config(workers=1)))
    assert [f.value for f in found if f.data_class == "name"] == []


def test_an_object_identifiers_cell_names_no_one() -> None:
    """A CDISC ODM export's ``@FormOID`` (``F.DEELN``) and ``@LocationOID`` (``L.PTS``)."""
    unit = TableUnit.build(
        Location("odm.xml"), ["FormData.@FormOID", "AuditRecord.LocationRef.@LocationOID"],
        [["F.DEELN", "L.PTS"], ["F.DEELN", "L.PTS"]], [1, 2],
    )  # fmt: skip
    found = findings_from_arrow(detect_units([unit], Config(workers=1)))
    assert [f.value for f in found if f.data_class == "name"] == []


def test_validate(dset: DetectorSet) -> None:
    name = detector(dset, "name")
    assert name.validate("JANSEN-DE VRIES, J.M.", True) == "J.M. Jansen-de Vries"
    assert name.validate("Pap", True) is None
    assert name.validate("12345", True) is None
    # a family name's short capital words are no initials where the field says family
    assert name.validate("PNA+PAT++++SU:AIT OUALI+VN:K.A.", True) == "K.A. Ait Ouali"
    assert name.validate("AIT OUALI^KA", True) == "K.A. Ait Ouali"  # HL7 XPN
    assert name.validate("SU:JANSEN+VN:RH", True) == "R.H. Jansen"
    # after a one-letter head and an apostrophe a capital word is capitalised again
    assert name.validate("O'BRIEN", True) == "O'Brien"
    assert name.validate("JANSEN-D'ANCONA", True) == "Jansen-D'Ancona"
    assert name.validate("VAN 'T HOF", True) == "van 't Hof"
    # a cell that opens with marks, no letter: an agenda's free slot, a break
    assert name.validate("-- vrij --", True) is None
    assert name.validate("*** pauze ***", True) is None
    assert name.validate("'t Hart, A.", True) == "A. 't Hart"
    assert name.validate("?ahin", True) == "?ahin"  # (Şahin in a Latin-1 export)


@pytest.mark.parametrize(
    ("cell", "value"),
    [
        # a cell's first line a whole name, family name first: the lines below hold
        # another field (an OCR'd screen's town, an address), never more of the name
        ("Hoekstra, T.\nZwolle", "T. Hoekstra"),
        ("Hoekstra, T.\r\n\r\nZwolle", "T. Hoekstra"),
        ("van der Wal, Ilse\nKerkstraat 4", "Ilse van der Wal"),
        ("  Hoekstra, T.  \n  Zwolle", "T. Hoekstra"),
        # a name that wrapped before its given names, or one with no comma, reads whole
        ("van der Wal,\nIlse", "Ilse van der Wal"),
        ("Ilse\nHoekstra", "Ilse Hoekstra"),
        ("Hoekstra, T.", "T. Hoekstra"),
    ],
)
def test_a_cells_later_lines_after_a_whole_name(dset: DetectorSet, cell: str, value: str) -> None:
    assert detector(dset, "name").validate(cell, True) == value


@pytest.mark.parametrize(
    ("cell", "value"),
    [
        # a cell names the person as free text does (``J.M. (Joke) Bakker``): the name she
        # goes by in place of its initials, else the initials alone; never the bracket
        ("J.M. (Joke) Bakker", "Joke M. Bakker"),
        ("J.W. (Jan-Willem) ter Horst", "Jan-Willem ter Horst"),
        ("J.M. (Marieke) Bakker-de Wit", "J.M. Bakker-de Wit"),
    ],
)
def test_a_cell_with_the_name_she_goes_by(dset: DetectorSet, cell: str, value: str) -> None:
    assert detector(dset, "name").validate(cell, True) == value
    assert found(dset, f"Patiënt: {cell}", "name") == [value]


def test_a_cell_drops_a_bracket_that_is_no_given_name(dset: DetectorSet) -> None:
    assert detector(dset, "name").validate("P. (Xyzzy) Jansen", True) == "P. Jansen"


def test_a_cell_with_the_name_she_goes_by_after_her_initials(dset: DetectorSet) -> None:
    """A cell of an export's reversed form; free text reads the initials alone there (its
    roepnaam rule reads the form with the surname after the bracket)."""
    cell = "Jansen-de Vries, P.M. (Petra)"
    assert detector(dset, "name").validate(cell, True) == "Petra M. Jansen-de Vries"
    assert found(dset, f"Patiënt: {cell}", "name") == ["P.M. Jansen-de Vries"]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # two capitals before a word in small letters are initials, as 'RH Willemsen''s
        ("MW Jansen", "M.W. Jansen"),
        ("DR Gerritsen", "D.R. Gerritsen"),
        ("MS de Vries", "M.S. de Vries"),
        ("mevr. MW Jansen", "M.W. Jansen"),
        # a title as titles are written, or a name all in capitals, keeps the title reading
        ("Mw Jansen", "Jansen"),
        ("Mw. Jansen", "Jansen"),
        ("MW JANSEN", "Jansen"),
        ("DR. Gerritsen", "Gerritsen"),
        ("Mevr. dr. Jansen", "Jansen"),
        ("Frau Weber", "Weber"),  # a letter to a patient from abroad
        ("Madame Dupont", "Dupont"),
    ],
)
def test_capital_pairs_before_a_name_are_initials(
    dset: DetectorSet, raw: str, expected: str
) -> None:
    assert detector(dset, "name").validate(raw, True) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("http://fhir.nl/fhir/NamingSystem/bsn", None),  # a FHIR identifier system
        ("NamingSystem/bsn", None),
        ("Jansen v/d Berg", "Jansen v/d Berg"),  # v/d abbreviates a tussenvoegsel
        ("Berg, J. v/d", "J. v/d Berg"),
    ],
)
def test_web_addresses_and_paths_are_no_names(
    dset: DetectorSet, raw: str, expected: str | None
) -> None:
    assert detector(dset, "name").validate(raw, True) == expected


def test_a_cell_of_many_titles_is_stripped_in_one_pass(dset: DetectorSet) -> None:
    """Titles go one at a time only in a short value: in a hostile cell of 100,000 that
    would cost time quadratic in its length. In one pass the capitals before ``Jansen``
    go with the other titles."""
    assert detector(dset, "name").validate("DR " * 100_000 + "Jansen", True) == "Jansen"


def test_a_hostile_run_of_hyphenated_register_words_is_read_in_one_pass() -> None:
    """Each register word's hit looked back to the start of its hyphenated run: 20,000
    of them (180 kB on one line) ran past the detection watchdog. A name is at most
    ``NAME_WORD_MAX`` characters long; a longer run is no name."""
    dset = DetectorSet.build(Config(workers=1), frozenset({"Zwartkop", "Sluit"}))
    assert found(dset, "Zwartkop-" * 20_000, "name") == []
    assert found(dset, "Uitslag M Zwartkop-Sluit", "name") == ["M. Zwartkop-Sluit"]


def test_a_hostile_run_of_hyphenated_given_names_is_read_in_one_pass(dset: DetectorSet) -> None:
    """The same for listed given names: 10,000 of them (50 kB on one line) ran past the
    watchdog. A double given name still reads."""
    assert found(dset, "Anna-" * 20_000, "name") == []
    assert found(dset, "Beste Anna-Maria de Vries,", "name") == ["Anna-Maria de Vries"]


def test_identifier_system_column_is_no_name(dset: DetectorSet) -> None:
    """``patient.identifier.0.system`` names the patient object, but holds URLs."""
    sample = ["http://fhir.nl/fhir/NamingSystem/bsn"] * 6
    claim = dset.classify("response.patient.identifier.0.system", sample)
    assert claim is None or claim[0].id != "name"


@pytest.mark.parametrize(
    ("header", "sample", "kind"),
    [
        ("response.patient.name.given", ["E.", "J.", "M.", "A.", "K."], "given_names"),
        ("response.patient.name.family", ["Jansen", "de Vries", "Ko", "Bakker", "Smit"], "surname"),
        ("naam", ["E.", "J.M.", "A.", "K.L.", "B."], "initials"),  # initials alone
    ],
)
def test_fhir_and_initials_kinds(
    dset: DetectorSet, header: str, sample: list[str], kind: str
) -> None:
    claim = dset.classify(header, sample)
    assert claim is not None and claim[0].id == "name"
    assert claim[1].kind == kind


@pytest.mark.parametrize(
    ("header", "cells", "values"),
    [
        # undotted initials read as a name would be 'Jhc': one initial per letter
        ("voorletters", ["JHC", "A", "AM", "J.H.", "JH C", "Th.", "jm"],
         ["J.H.C.", "A.", "A.M.", "J.H.", "J.H.C.", "Th.", "J.M."]),
        ("Voorl", ["Johanna Maria", "E", "MJ", "K.L.", "Jan"],
         ["J.M.", "E.", "M.J.", "K.L.", "J."]),
    ],
)  # fmt: skip
def test_initials_column_values_are_initials(
    dset: DetectorSet, header: str, cells: list[str], values: list[str]
) -> None:
    claim = dset.classify(header, cells)
    assert claim is not None and claim[0].id == "name" and claim[1].kind == "initials"
    found = claim[0].cells(pa.array(cells), claim[1])
    assert found.value.to_pylist() == values


@pytest.mark.parametrize(
    ("register", "text", "names"),
    [
        # the register knows the family name 'de Zwartkop': 'van' is the sentence's
        ({"Zwartkop", "de Zwartkop"}, "uitslag van de Zwartkop, dank", ["de Zwartkop"]),
        ({"Zwartkop"}, "uitslag van de Zwartkop, dank", ["van de Zwartkop"]),  # unknown
        ({"Zwartkop", "van de Zwartkop"}, "uitslag van de Zwartkop", ["van de Zwartkop"]),
        # initials first: the tussenvoegsel stays whole
        ({"Zwartkop", "de Zwartkop"}, "Uitslag J van de Zwartkop", ["J. van de Zwartkop"]),
    ],
)
def test_register_takes_the_known_tussenvoegsel(
    register: set[str], text: str, names: list[str]
) -> None:
    dset = DetectorSet.build(Config(workers=1), frozenset(register))
    assert found(dset, text, "name") == names


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Beste Anna,", "given_names"),  # a lone given name in free text is one
        ("Hallo Fatima, je uitslag is binnen.", "given_names"),
        ("Geachte mevrouw Jansen,", "surname"),
        ("Patiënt: mevr. J.M. de Vries", "full_name"),
    ],
)
def test_kind_of_a_name_in_text(dset: DetectorSet, text: str, kind: str) -> None:
    assert [h.match.kind for h in dset.text_hits(text) if h.detector.id == "name"] == [kind]


def test_a_companys_name_in_a_name_column_is_none(dset: DetectorSet) -> None:
    """Two capitalised words or more before a legal form are a company (``BV`` would read
    as initials); initials after one family name stay a person's. Arrow's test of a long
    column and the per-value one agree."""
    det = detector(dset, "name")
    values = [
        "PathoLab Noord BV", "Medisch Lab Noord b.v.", "Lab Noord V.O.F.", "Jansen N.V.",
        "de Wit B.V.", "Anna de Vries",
    ]  # fmt: skip
    each = [det.validate(v, True) for v in values]
    assert each[:3] == [None, None, None]
    assert all(each[3:])
    assert det.validate_column(pa.array(values * 400), True).to_pylist() == each * 400


def test_no_persons_words_in_a_name_column(dset: DetectorSet) -> None:
    """A run's control, a team, a system's account under a name header: no person (per
    value and in Arrow alike); a name that holds such letters inside a word stays."""
    det = detector(dset, "name")
    values = [
        "Negatieve kitcontrole", "Screeningsteam Cervixlab", "Testaccount Acceptatie",
        "Klantendienst", "Huisartsengroep Kinkerbuurt", "Praktijk Zijlweg",
        "Gezondheidscentrum Overvecht", "Pathologie Laboratorium Waterland",
        "waarvan hrHPV positief", "Vertrouwelijk - bevat bijzondere persoonsgegevens",
        "Pathologie Zaanstreek-Waterland",  # (a bank statement's account holder)
        "Anna Teamsen", "P. Jansen", "Anna Praktijkman", "Laboratoriumweg", "Totaalman",
    ]  # fmt: skip
    each = [det.validate(v, True) for v in values]
    assert each[:11] == [None] * 11
    assert all(each[11:])
    assert det.validate_column(pa.array(values * 400), True).to_pylist() == each * 400


_COMPANY_TEXT = st.text(alphabet="ab ABNOF.Vvf\n\t\u00a0\u00c9\u2160", max_size=16)


@given(st.lists(st.one_of(st.none(), _COMPANY_TEXT)))
@example(["AA AA A BV"])  # (an initial right before the legal form: RE2 reads no company)
def test_company_rows_agree_with_the_per_value_test(values: list[str | None]) -> None:
    """The column's test (a byte prefilter, then RE2) finds exactly the values the
    per-value one does."""
    from breachscope.detect.detectors.name import _company_rows, _is_company

    expected = [i for i, v in enumerate(values) if v and _is_company(v)]
    assert _company_rows(pa.array(values, pa.string())).tolist() == expected


def test_a_fhir_reports_interpreter_is_no_patient(dset: DetectorSet) -> None:
    """A DiagnosticReport's ``resultsInterpreter`` is the lab's pathologist: her name,
    title and all, is no patient's; the report's subject is."""
    from breachscope.detect.finding import findings_from_arrow
    from breachscope.detect.tables import detect_table
    from breachscope.extract.units import TableUnit
    from breachscope.location import Location

    header = ("resource.subject.display", "resource.resultsInterpreter.0.display")
    rows = [("Y. el Idrissi", "drs. H.J. Brinkman"), ("R.A. de Jong", "drs. H.J. Brinkman")]
    data = pa.table({f"c{i}": [r[i] for r in rows] for i in range(2)})
    data = data.append_column("__row__", pa.array([2, 3], pa.int64()))
    table = detect_table(dset, TableUnit(Location("b.json"), header, data))
    names = {f.value for f in findings_from_arrow(table) if f.data_class == "name"}
    assert names == {"Y. el Idrissi", "R.A. de Jong"}
