"""Health data: results (hrHPV, genotype, Pap, KOPAC-B, cytology, culture and STI)."""

from __future__ import annotations

import pytest

from breachscope.config import Config
from breachscope.detect.detectors.health import header_kind
from breachscope.detect.detectorset import DetectorSet

from ..helpers import detector, found

POSITIVE = [
    ("hrHPV positief", ["hrHPV positief"]),
    # a program's codes, their words apart by ``_`` (an Avro enum, a protobuf's text)
    ("uitslag: HRHPV_POSITIEF", ["HRHPV_POSITIEF"]),
    ("resultaten { test: HPV_HR waarde: NEGATIEF }", ["HPV_HR waarde: NEGATIEF"]),
    ("resultaat=HR_HPV_NEG", ["HR_HPV_NEG"]),
    # an intervision's case: the agreed reading as a line's label, under her name
    ("Casus 1: mevr. N. Boukhari\nConsensus: K1 O1 P1 A1 C1 B1.", ["K1 O1 P1 A1 C1 B1"]),
    # the other high-risk types named alone (a FHIR Observation's valueString)
    ("overig hrHPV", ["overig hrHPV"]),
    ("overige hrHPV-typen", ["overige hrHPV-typen"]),
    # a referral's, a discharge letter's or a journal's clinical details after their labels
    (
        "Diagnose: depressieve stoornis.\nMedicatie: sertraline 50 mg 1dd.",
        ["Diagnose: depressieve stoornis", "Medicatie: sertraline 50 mg 1dd"],
    ),
    (
        "Voorgeschiedenis: eetstoornis. Allergie: penicilline.",
        ["Voorgeschiedenis: eetstoornis", "Allergie: penicilline"],
    ),
    # a normal result after its label (a screening's most common one)
    ("Mw. K. Bos, BSN 534587598. Uitslag: niet-afwijkend", ["Uitslag: niet-afwijkend"]),
    ("Uitslag: normaal", ["Uitslag: normaal"]),
    ("Uitslag: geen bijzonderheden.", ["Uitslag: geen bijzonderheden"]),
    # an English genotype in brackets after the result
    (
        "Mrs. Kowalczyk: HPV test result was positive (HPV other)",
        ["HPV test result was positive", "HPV other"],
    ),
    ("hrHPV positive (other high-risk types)", ["hrHPV positive", "other high-risk types"]),
    # her pregnancy in a sentence, as the form's ``Zwanger: ja`` gives it
    ("Patiente is zwanger (12 wk). Status na LEEP.", ["zwanger (12 wk)", "Status na LEEP"]),
    ("Mw. A. van Dijk is 12 weken zwanger.", ["zwanger"]),
    ("Bij het bellen: zij bleek zwanger (16 weken).", ["zwanger (16 weken)"]),
    # a form's complaints that name a cervix's symptom
    ("Klachten: contactbloedingen sinds 3 mnd", ["Klachten: contactbloedingen sinds 3 mnd"]),
    ("klachten = postcoïtaal bloedverlies", ["klachten = postcoïtaal bloedverlies"]),
    ("U bent zwanger, dus we stellen het uit.", ["zwanger"]),
    # a treatment before its verb, as a subordinate clause orders them, after who had it
    ("verteld dat ik een lis-excisie moet. Wilt u", ["lis-excisie"]),
    ("omdat ze een conisatie heeft gehad", ["conisatie"]),
    # a key of a log or a repr whose last word is the test (``uitslag_hpv``)
    ("bsn=746412435 uitslag_hpv=negatief", ["hpv=negatief"]),
    ("payload={'bsn': '746412435', 'uitslag_hpv': 'negatief'}", ["hpv: negatief"]),
    ("HPV-test negatief", ["HPV-test negatief"]),
    ("HPV-genotype HPV16", ["HPV-genotype HPV16"]),
    ("Conclusie hrHPV positief (HPV16), Pap 2", ["hrHPV positief", "HPV16", "Pap 2"]),
    ("Cytologie Pap 3a2", ["Pap 3a2"]),
    ("KOPAC-B K1 O1 P2 A1 C1 B1", ["KOPAC-B K1 O1 P2 A1 C1 B1"]),
    # CISOE-A, KOPAC-B's English twin (older reports, foreign labs)
    ("Mw. D. Maas: CISOE-A C1 I1 S3 O1 E1 A1", ["CISOE-A C1 I1 S3 O1 E1 A1"]),
    ("Uitslag: C1I1S2O1E1A1", ["C1I1S2O1E1A1"]),
    ("code C1, I2, S3, O1, E1", ["C1, I2, S3, O1, E1"]),
    ("Urinekweek: geen groei", ["Urinekweek: geen groei"]),
    # a log's line: the value ends at the arrow, before the requester's initials
    (
        "uitslag 230134659 geautoriseerd: Urinekweek: geen groei -> aanvrager Santos, R.B. dos",
        ["Urinekweek: geen groei"],
    ),
    ("Wondkweek: normale huidflora | Aanvrager: dr. Vos", ["Wondkweek: normale huidflora"]),
    ("Chlamydia/gonorroe PCR (anaal): negatief", ["Chlamydia/gonorroe PCR (anaal): negatief"]),
    (
        "Huidschraapsel: Trichophyton rubrum aangetoond",
        ["Huidschraapsel: Trichophyton rubrum aangetoond"],
    ),
    ("histologie toont CIN 3", ["CIN 3"]),
    # the other high-risk types' result, a genotype's own result, NILM
    (
        "Overige hrHPV-typen positief, HPV 16/18 negatief.",
        ["hrHPV-typen positief", "HPV 16/18 negatief"],
    ),
    ("Conclusie: Pap 1, NILM", ["Pap 1", "NILM"]),
    # STI results are written without a colon too
    (
        "Chlamydia trachomatis PCR: positief. Gonorroe negatief.",
        ["Chlamydia trachomatis PCR: positief", "Gonorroe negatief"],
    ),
    ("HIV-test negatief", ["HIV-test negatief"]),
    ("Lues niet aangetoond", ["Lues niet aangetoond"]),
    # the screening letters' own words, a negation kept with its result
    ("Er is geen HPV gevonden.", ["geen HPV gevonden"]),
    ("Er is geen hrHPV-infectie.", ["geen hrHPV-infectie"]),
    ("Bij u is een HPV-infectie gevonden.", ["HPV-infectie"]),
    ("Uit het onderzoek blijkt dat er HPV is gevonden.", ["HPV is gevonden"]),
    ("Het bleek dat er geen HPV is aangetroffen.", ["geen HPV is aangetroffen"]),
    ("In uw uitstrijkje werd hrHPV aangetroffen.", ["hrHPV aangetroffen"]),
    ("Uw uitslag: u heeft HPV.", ["u heeft HPV"]),
    ("Goed nieuws: u heeft geen HPV.", ["u heeft geen HPV"]),
    ("Er zijn geen afwijkende cellen gevonden.", ["geen afwijkende cellen"]),
    # skin biopsies
    ("Huidbiopt: basaalcelcarcinoom", ["Huidbiopt: basaalcelcarcinoom"]),
    ("Biopsie: plaveiselcelcarcinoom", ["Biopsie: plaveiselcelcarcinoom"]),
    # lab shorthand: a sign after the test, Roman Pap classes, hyphenated CIN, typing
    ("uitslag=hrHPV+ (16)", ["hrHPV+", "16"]),  # the genotype in brackets after it
    # forms the session-50 red-team wrote by hand
    ("mw. Bakker: hrHPV pos. (16), Pap 2", ["hrHPV pos.", "16", "Pap 2"]),
    ("hrHPV: positief (overige typen, geen 16/18)", ["hrHPV: positief", "overige typen"]),
    (
        "PCR Chlamydia trachomatis aangetoond, gonorroe niet aangetoond",
        ["Chlamydia trachomatis aangetoond", "gonorroe niet aangetoond"],
    ),
    ("Mycoplasma genitalium aangetoond.", ["Mycoplasma genitalium aangetoond"]),
    ("mw. Bakker had een conisatie.", ["had een conisatie"]),
    ("ik heb daarna een conisatie gehad vanwege CIN 3.", ["heb daarna een conisatie", "CIN 3"]),
    ("mw. Bakker moet een lis-excisie.", ["moet een lis-excisie"]),
    ("Zij heeft eerder een lis-excisie gehad.", ["heeft eerder een lis-excisie"]),
    ("status na LETZ 2015", ["status na LETZ"]),
    ("mw. Bakker: p16 positief.", ["p16 positief"]),
    ("mw. Bakker: CIN II-III", ["CIN II-III"]),
    ("GET /r?bsn=217088612&pap=3a2 HTTP/1.1", ["pap=3a2"]),
    ("uitslag.genotype=18", ["genotype=18"]),
    ("hrHPV-, Pap 1", ["hrHPV-", "Pap 1"]),
    ("Pap IIIa", ["Pap IIIa"]),
    ("Pap II, geen afwijkingen", ["Pap II"]),
    ("Conclusie: CIN-3, advies conisatie", ["CIN-3", "advies conisatie"]),
    ("Histologie: CIN III", ["Histologie: CIN III"]),
    ("Cytologie: AGC", ["Cytologie: AGC"]),
    ("HPV-typering: type 31", ["HPV-typering: type 31"]),
    # a genotype named after the result, or on its own label
    ("hrHPV positief, genotype 16.", ["hrHPV positief", "genotype 16"]),
    ("hrHPV pos, type 18", ["hrHPV pos", "type 18"]),
    ("hrHPV positief (type 16/18)", ["hrHPV positief", "type 16/18"]),
    ("HPV type 16 aangetoond", ["HPV type 16 aangetoond"]),
    ("Genotype: 16", ["Genotype: 16"]),
    # the result after a verb
    ("de HPV-test was positief", ["HPV-test was positief"]),
    ("my HPV test came back positive", ["HPV test came back positive"]),
    # the clinical details a requester writes on the lab form, as label and value
    (
        "Klinische gegevens: zwanger (12 wkn), IUD in situ.",
        ["Klinische gegevens: zwanger (12 wkn), IUD in situ"],
    ),
    ("Zwanger: ja; IUD: nee", ["Zwanger: ja", "IUD: nee"]),
    # her own message's clause, its "ik" left out, with her weeks
    (
        "Ik kan niet komen op 21 mei, ben 30 weken zwanger en heb bekkenpijn.",
        ["zwanger", "heb bekkenpijn"],
    ),
    # an examination or a treatment booked for a day (a reminder, a message)
    ("Herinnering: colposcopie do 16 mei 09:20 uur, poli gyn.", ["colposcopie"]),
    ("Conisatie op 3-6 bij dr. Bos", ["Conisatie"]),
    ("De biopsie morgen gaat door.", ["biopsie"]),
    ("We kunnen uw LETZ-afspraak nu inplannen.", ["uw LETZ-afspraak"]),
    ("Verzoek: colposcopie, zo nodig biopten.", ["Verzoek: colposcopie"]),
    ("Let op: latexallergie!", ["Let op: latexallergie"]),
    ("Contactkaart van Indra. Gebruikt Depo-Provera.", ["Gebruikt Depo-Provera"]),
    # a note's first item
    ("Zwanger, colposcopie na bevalling", ["Zwanger"]),
    # a bill's line: the test she was charged her own risk for
    ("Factuur F2024-1 eigen risico hrHPV-test, geb. 02-03-1970", ["eigen risico hrHPV-test"]),
    ("Nota 7731: eigen risico colposcopie", ["eigen risico colposcopie"]),
    (
        "Klin. gegevens: fluor, postcoitaal bloedverlies.",
        ["Klin. gegevens: fluor, postcoitaal bloedverlies"],
    ),
    # a GP journal's episode list (its code, its words, since when) and a prescription
    # list's medicines with their form before the dose
    (
        "Episodes (actief):\n  X86  Afwijkend cervixuitstrijkje          sinds 14-02-2024\n"
        "  W78  Zwangerschap                         sinds 01-03-2024",
        ["X86 Afwijkend cervixuitstrijkje", "W78 Zwangerschap"],
    ),
    ("Medicatie (actueel):\n  METFORMINE TABLET 500MG    2dd1", ["METFORMINE TABLET 500MG"]),
    # a JSON key's yes in a logged request body (``false`` says nothing)
    ('body={"achternaam": "Kaya", "zwanger": true, "iud": false}', ['zwanger": true']),
    ("Anamnese: contactbloedverlies sinds 3 mnd", ["Anamnese: contactbloedverlies sinds 3 mnd"]),
    ("Postmenopauze = ja", ["Postmenopauze = ja"]),
    # a culture's result without a colon; an adjective's whole word
    ("zijn urinekweek is positief op E. coli", ["urinekweek is positief"]),
    ("Wondkweek negatief.", ["Wondkweek negatief"]),
    ("U heeft een hrHPV-positieve uitslag.", ["hrHPV-positieve"]),
    ("failed to send result hrHPV=POS for JANSEN P", ["hrHPV=POS"]),  # a log's key=value
    # a condition's words outside the result's own clause, "als" as "as"
    (
        "Mocht u vragen hebben over uw uitslag (hrHPV positief, Pap 2), bel ons.",
        ["hrHPV positief", "Pap 2"],
    ),
    ("Het uitstrijkje werd als Pap 2 beoordeeld.", ["Pap 2"]),
    ("Omdat de HPV-test positief was, is ook gekeken.", ["HPV-test positief"]),
    ("Uitslag\nhrHPV positief", ["hrHPV positief"]),
    # English reports
    ("Chlamydia trachomatis NAAT POSITIVE", ["Chlamydia trachomatis NAAT POSITIVE"]),
    ("HPV DNA: not detected", ["HPV DNA: not detected"]),
    ("Gonorrhoea PCR detected", ["Gonorrhoea PCR detected"]),
    # spellings a lab's other systems use (found by a red-team pass, session 43)
    ("Mw. M. Smeets: KOPAC K2-O1-P1-A1-C1-B1", ["KOPAC K2-O1-P1-A1-C1-B1"]),
    ("Mw. G. Hoekstra: Pap 3A, hrHPV +", ["Pap 3A", "hrHPV +"]),
    ("Mw. R. Meijer: HPV-hoogrisico: niet aangetoond", ["HPV-hoogrisico: niet aangetoond"]),
    ("hoog-risico HPV: positief", ["hoog-risico HPV: positief"]),
    ("Uitslag: overige hrHPV typen gedetecteerd", ["hrHPV typen gedetecteerd"]),
    ("Uitslag HPV-test ongeldig, nieuwe set verstuurd.", ["HPV-test ongeldig"]),
    ("Uitslag HPV: pos, genotype: overig.", ["HPV: pos", "genotype: overig"]),
    ("verwijzen (HPV16/18 neg, overig pos)", ["HPV16/18 neg", "overig pos"]),
    ("Uitslag: 3a2", ["Uitslag: 3a2"]),
    (
        "Conclusie: hooggradige squameuze intra-epitheliale laesie.",
        ["hooggradige squameuze intra-epitheliale laesie"],
    ),
    ("Mw. E. Wouters - materiaal niet beoordeelbaar.", ["materiaal niet beoordeelbaar"]),
    ("Het uitstrijkje was onbeoordeelbaar.", ["uitstrijkje was onbeoordeelbaar"]),
    ("Biopt: geen CIN, chronische cervicitis.", ["Biopt: geen CIN, chronische cervicitis"]),
    ("Histologisch geen CIN, chronische cervicitis.", ["geen CIN", "chronische cervicitis"]),
    ("CIN1, geen dysplasie in de snijranden.", ["CIN1", "geen dysplasie"]),
    ("Dhr. R. Gerritsen: HIV-test reactief, confirmatie volgt.", ["HIV-test reactief"]),
    ("Dhr. T. Aerts: HBsAg positief", ["HBsAg positief"]),
    ("anti-HCV negatief", ["anti-HCV negatief"]),
    ("wondkweek S. aureus, MRSA negatief.", ["MRSA negatief"]),
    ("Dhr. P. Claessen, soa-test: alles negatief.", ["soa-test: alles negatief"]),
    ("keeluitstrijk: groep A streptokokken", ["keeluitstrijk: groep A streptokokken"]),
    ("faeces PCR: Giardia lamblia aangetoond", ["faeces PCR: Giardia lamblia aangetoond"]),
    ("Urinekweek >10^5 E. coli", ["Urinekweek >10^5"]),
    ("Mw. K. Bos: Pap 2: 6 mnd controle", ["Pap 2"]),  # a period, not a count
    # a person's history: a condition she is known with, a treatment she had
    (
        "Mw. E. Bakker is bekend met HIV en gebruikt Biktarvy.",
        ["bekend met HIV", "gebruikt Biktarvy"],
    ),
    ("Mw. C. van Dam: status na hysterectomie (2015)", ["status na hysterectomie"]),
    ("Voorgeschiedenis: conisatie 2019", ["Voorgeschiedenis: conisatie"]),
    # a Pap label, the person's name, then the bare class: the class alone
    ("PAP-uitslag mw. G. Kuijpers: 3A2", ["3A2"]),
    ("Pap klasse van mw. K. de Vries: 2", ["2"]),
    # a label and its value in brackets: the closing bracket is no part of the value
    ("Mw. R. Dijkstra (Zwanger: ja). Verder", ["Zwanger: ja"]),
    ("Mw. R. Dijkstra (IUD: ja (Mirena)). Verder", ["IUD: ja (Mirena)"]),
    # a measured value with its unit: a lab's observation of a person is health data
    ("Mw. E. Lambert: glucose nuchter 7,8 mmol/L", ["glucose nuchter 7,8 mmol/L"]),
    ("Dhr. H. Koopman, HbA1c 58 mmol/mol (verhoogd)", ["HbA1c 58 mmol/mol"]),
    ("Dhr. J. Peters, PSA 6,2 ug/L", ["PSA 6,2 ug/L"]),
    ("Hb: 7.5 mmol/l, eGFR 54 ml/min/1.73m2", ["Hb: 7.5 mmol/l", "eGFR 54 ml/min/1.73m2"]),
    # beyond the lab: blood pressure, a glucose tolerance test
    ("O: RR 152/94 mmHg, gewicht 88 kg.", ["RR 152/94 mmHg"]),
    ("Bijzonderheden: OGTT nuchter 6,3 mmol/L", ["OGTT nuchter 6,3 mmol/L"]),
    # a medicine with its dose, after a verb of use, or before its start
    ("Metformine 500 mg tablet      2 dd 1", ["Metformine 500 mg"]),
    (
        "paracetamol 1000 mg 4dd, nadroparine (Fraxiparine) 2850 IE 1dd s.c.",
        ["paracetamol 1000 mg", "nadroparine (Fraxiparine) 2850 IE"],
    ),
    ("P: start metformine 500 mg 2dd, controle 3 mnd.", ["start metformine 500 mg"]),
    ("Moeder gebruikt zelf sertraline.", ["gebruikt zelf sertraline"]),
    ("Hij is allergisch voor penicilline.", ["allergisch voor penicilline"]),
    ("zwangerschapsdiabetes, insuline sinds 28 wk.", ["insuline"]),
    ("Overgevoeligheid: penicilline", ["Overgevoeligheid: penicilline"]),
    # a condition after its cue: a journal's, a letter's, whose it is
    ("Zij is bekend met reumatoïde artritis.", ["bekend met reumatoïde artritis"]),
    ("U bent sinds 2022 bekend\nmet reumatoïde artritis.", ["bekend met reumatoïde artritis"]),
    ("vertelde u dat u door uw COPD en een depressie", ["uw COPD"]),
    ("Dhr. Smit lijdt aan epilepsie.", ["lijdt aan epilepsie"]),
    ("Mw. Kok, opgenomen i.v.m. psychose", ["opgenomen i.v.m. psychose"]),
    # a letter to a patient from abroad, in English or German
    ("Result: high-risk HPV (hrHPV) detected.", ["high-risk HPV (hrHPV) detected"]),
    ("HPV nicht nachgewiesen", ["HPV nicht nachgewiesen"]),
    ("Befund: HPV-Test positiv (Hochrisiko-Typ 18).", ["HPV-Test positiv", "18"]),
    ("Wynik: nie wykryto wirusa HPV.", ["nie wykryto wirusa HPV"]),
    # a genotype named with hrHPV before the result, or bare after it; no date's day
    ("Pap 3b bij BVO, hrHPV 16 positief.", ["Pap 3b", "hrHPV 16 positief"]),
    ("hrHPV 16/18 positief", ["hrHPV 16/18 positief"]),
    ("hrHPV pos 16, Pap 2.", ["hrHPV pos", "16", "Pap 2"]),
    (
        "Uitslag hrHPV positief, overig hrHPV, Pap 3a2",
        ["hrHPV positief", "overig hrHPV", "Pap 3a2"],
    ),
    (
        '"laatsteUitslag":"hrHPV positief; overig hrHPV; Pap 3b"',
        ["hrHPV positief", "overig hrHPV", "Pap 3b"],
    ),
    (
        "hrHPV: positief, Overige hrHPV-typen; Pap 1",
        ["hrHPV: positief", "Overige hrHPV-typen", "Pap 1"],
    ),
    ("hrHPV positief (overig hrHPV), Pap 3a2", ["hrHPV positief", "overig hrHPV", "Pap 3a2"]),
    (
        "  Advies: verwijzing voor colposcopie bij Dijklander Ziekenhuis.",
        ["Advies: verwijzing voor colposcopie"],
    ),
    ("HPV negatief 16-04-2024", ["HPV negatief"]),
    ("hrHPV positief 31 maart", ["hrHPV positief"]),
    # a treatment she had in a year; her pregnancy's weeks in a note or on her line
    ("Vrouw heeft in 2023 een conisatie gehad.", ["heeft in 2023 een conisatie"]),
    ("Ik ben ook bekend met endometriose, is dat erg?", ["bekend met endometriose"]),
    ("weefsel van mijn baarmoederverwijdering in 2021", ["mijn baarmoederverwijdering"]),
    # an examination's findings after its label on a form
    (
        "Bij speculumonderzoek: portio-ectropion, contactbloeding",
        ["Bij speculumonderzoek: portio-ectropion, contactbloeding"],
    ),
    ("zwanger 20 wk, klachten fluor", ["zwanger 20 wk"]),
    ("C24-122010 mw. T. Wiersma geb 01-01-1995 - zwanger 12 wk, koud", ["zwanger 12 wk"]),
    # a person's own condition beside an amount (an insurer's refund, not a price list)
    ("vergoeden wij uw behandelingen voor uw hernia: € 312,40.", ["uw hernia"]),
    # the reason of a person's appointment, after the dash on her agenda line
    ("09:00  mw. Ş. Çelik, geb. 04-04-1966 - controle hypertensie", ["controle hypertensie"]),
    ("dhr. G. Müller (30-06-1958) – diabetes mellitus type 2", ["diabetes mellitus type 2"]),
    ("09:40  mw. Nguyen Thi Lan - zwangerschapstest positief", ["zwangerschapstest positief"]),
    # a diagnosis code after its system's name, or with its condition
    (
        "E: ICPC T90 diabetes mellitus type 2, K86 hypertensie.",
        ["ICPC T90 diabetes mellitus type 2", "K86 hypertensie"],
    ),
    ("Diagnosecode ICD-10 F32.1", ["ICD-10 F32.1"]),
    # her pregnancy over a wrapped line; a smear's normal result after its label
    ("Ik ben nu\n12 weken zwanger en", ["zwanger"]),
    ("Cervixuitstrijkje: niet-afwijkend.", ["Cervixuitstrijkje: niet-afwijkend"]),
    # treatments beyond a cervix's, a condition she had, a medicine with its reason, a
    # treatment's year in a label's value, a report's advice, a questionnaire's score
    ("Mw. Bakker heeft in 2019 radiotherapie gehad.", ["heeft in 2019 radiotherapie"]),
    ("Moeder heeft vorig jaar een CVA gehad.", ["heeft vorig jaar een CVA gehad"]),
    ("Status na sectio.", ["Status na sectio"]),
    ("Ze gebruikt tamoxifen na mammacarcinoom.", ["gebruikt tamoxifen na mammacarcinoom"]),
    ("Vorige partus: sectio caesarea 2021 i.v.m. stuitligging", ["sectio caesarea 2021"]),
    ("Advies: lisexcisie (LETZ)", ["Advies: lisexcisie"]),
    ("Wondinfectie, behandeld met amoxicilline.", ["behandeld met amoxicilline"]),
    ("PHQ-9 score 18.", ["PHQ-9 score 18"]),
    # brand names and antiretrovirals with a dose or a verb of use
    ("Xarelto 20mg) dus", ["Xarelto 20mg"]),
    ("VG: astma (salbutamol z.n., Flixotide 125 µg 2dd2)", ["Flixotide 125 µg"]),
    ("Mw. gebruikt Biktarvy.", ["gebruikt Biktarvy"]),
    ("HIV, ingesteld op dolutegravir.", ["ingesteld op dolutegravir"]),
    # medicines without dose or verb: a list of two, or after her test's result
    (
        "Bekend met diabetes, metformine en Ozempic.",
        ["Bekend met diabetes", "metformine en Ozempic"],
    ),
    ("Medicatie thuis Ozempic en Lantus", ["Ozempic en Lantus"]),
    ("Hiv-positief, Biktarvy.", ["Hiv-positief, Biktarvy"]),
    ("chlamydia-positief", ["chlamydia-positief"]),
    # a sample and its test on a tube's label or a request
    ("Bakker, F. 14-05-1979 ZAS hrHPV", ["ZAS hrHPV"]),
    ("de Wit, A. - biopt cervix", ["biopt cervix"]),
    ("Buis 3: cervixbiopt", ["cervixbiopt"]),
    ("uitstrijkje cytologie", ["uitstrijkje cytologie"]),
    # ... but a sample's test before its result is her result (an Evernote note's line)
    (
        "Uitstrijkje: hrHPV positief (overig hrHPV), Pap 3a1",
        ["hrHPV positief", "overig hrHPV", "Pap 3a1"],
    ),
    # a skin biopsy's histology after its test
    ("Uitslag: huidbiopt: naevus naevocellularis", ["huidbiopt: naevus naevocellularis"]),
    (
        "hrHPV negatief, huidbiopt: seborroïsche keratose",
        ["hrHPV negatief", "huidbiopt: seborroïsche keratose"],
    ),
    # a filled-in PDF form's field (a dump of its fields)
    ("p1.klinisch: Mirena spiraal\np1.afname: 08-04-2024", ["klinisch: Mirena spiraal"]),
    # a test asked for her; a culture's result ending at its count, the sentence going on
    (
        "urinekweek: Klebsiella pneumoniae 10^4 kve/ml doorgegeven maar zij had ook chlamydia"
        " PCR aangevraagd. Nagevraagd bij KCL.",
        ["urinekweek: Klebsiella pneumoniae 10^4 kve/ml", "chlamydia PCR aangevraagd"],
    ),
    ("De urinekweek werd afgenomen op 3-3.", ["urinekweek werd afgenomen"]),
    (  # a JSON payload quoted in a log: the value ends with its string
        'payload={"uitslag": "hrHPV negatief, urinekweek: geen groei", "telefoon": "06"}',
        ["hrHPV negatief", "urinekweek: geen groei"],
    ),
    (
        "Uitslag: urinekweek: E. coli > 10^5 kve/ml, Mirena spiraal",
        ["urinekweek: E. coli > 10^5 kve/ml, Mirena spiraal"],
    ),
    # a letter's advice in its own words, a referral made
    (
        "Wij adviseren verwijzing naar de gynaecoloog voor colposcopie (Deventer Ziekenhuis).",
        ["Wij adviseren verwijzing naar de gynaecoloog voor colposcopie"],
    ),
    (
        "Zij is verwezen naar de gynaecoloog voor colposcopie.",
        ["verwezen naar de gynaecoloog voor colposcopie"],
    ),
    ("Genotype: overig hrHPV\nCytologie: Pap 1", ["Genotype: overig hrHPV", "Cytologie: Pap 1"]),
    (  # a log line's next field after a comma ends the value
        "verstuurd, P. Bosman, uitslag Neisseria gonorrhoeae PCR: positief, huisarts X, geb. 1-2",
        ["Neisseria gonorrhoeae PCR: positief"],
    ),
    # a measurement whose test and value stand in fields of their own
    ("Wit, T.;HbA1c;47 mmol/mol;5-3-2024", ["HbA1c;47 mmol/mol"]),
    ("obx.3=KCL^HbA1c^54 mmol/mol", ["HbA1c^54 mmol/mol"]),
    # her next test's time; a meeting's decision; a test billed on its day
    ("Mw. Jansen: herhaling over 12 maanden", ["herhaling over 12 maanden"]),
    ("Advies: herhalingsonderzoek over 5 jaar.", ["herhalingsonderzoek over 5 jaar"]),
    (
        "OBX|5|ST|ADV^Advies||geen vervolgonderzoek, volgende ronde over 5 jaar",
        ["volgende ronde over 5 jaar"],
    ),
    ("Afspraak voor een controle-uitstrijkje na 6 maanden.", ["controle-uitstrijkje na 6 maanden"]),
    ("- **Besluit:** LLETZ onder lokale anesthesie", ["Besluit:** LLETZ"]),
    (
        "05-03-2024 Urinekweek met resistentiebepaling € 38,95",
        ["Urinekweek met resistentiebepaling"],
    ),
    (
        "12-03-2024 Neisseria gonorrhoeae PCR (zelftest) € 45,00",
        ["Neisseria gonorrhoeae PCR (zelftest)"],
    ),
    # the pill after a verb of use; a pedigree's cause of death; a hereditary syndrome
    ("Ze slikt de pil (Microgynon 30).", ["slikt de pil (Microgynon 30)"]),
    ("Ze gebruikt de anticonceptiepil.", ["gebruikt de anticonceptiepil"]),
    ("Moeder, doodsoorzaak: coloncarcinoom", ["doodsoorzaak: coloncarcinoom"]),
    ("Vader is overleden aan longkanker.", ["overleden aan longkanker"]),
    ("Index, draagster Lynch-syndroom (MLH1)", ["draagster Lynch-syndroom"]),
    ("Zus is draagster van een BRCA1-mutatie.", ["draagster van een BRCA1-mutatie"]),
    ("Bekend met het Lynch-syndroom.", ["Bekend met het Lynch-syndroom"]),
    # a medicine's group as a patient names it, a filler in speech; a letter's conditions
    ("maar ik gebruik eh bloedverdunners eh van de trombosedienst", ["gebruik eh bloedverdunners"]),
    ("Mw. Jansen gebruikt hiv-remmers.", ["gebruikt hiv-remmers"]),
    (
        "is sindsdien onder behandeling voor depressieve klachten.",
        ["behandeling voor depressieve klachten"],
    ),
    ("Mw. Verbeek is bekend met alzheimer.", ["bekend met alzheimer"]),
    ("levothyroxine 75 microg 1dd1", ["levothyroxine 75 microg"]),  # a dose's abbreviation
    # a condition she has (with its degree); her womb removed; the check-up after a
    # treatment; her appointment for a colposcopy or a repeat smear
    ("Mw. Verbeek heeft beginnende Alzheimer, haar dochter", ["heeft beginnende Alzheimer"]),
    ("Zij heeft ook hiv.", ["heeft ook hiv"]),
    # a sexually transmitted infection she has or had, no test result after it
    ("Pat. heeft herpes genitalis; graag discreet benaderen", ["heeft herpes genitalis"]),
    ("Mw. had chlamydia in 2019", ["had chlamydia"]),
    ("baarmoeder verwijderd (2015) -> afmelden", ["baarmoeder verwijderd"]),
    ("SUMMARY:LLETZ-controle Anna Bos (geb. 13-10-1986)", ["LLETZ-controle"]),
    ("Tel 0612345678. Controle na LLETZ (eigen verzoek)", ["Controle na LLETZ"]),
    ("herinnering: uw afspraak voor colposcopie is op 17-01", ["colposcopie"]),
    ("de uitslag van uw controle-uitstrijkje is verstuurd", ["controle-uitstrijkje"]),
    # a reason without the dots of i.v.m.; a quoted key's quoted value (code, a log's
    # JSON body); pregnant in the first person, a question after the comma
    ('"reden": "geen uitstrijkje mogelijk ivm vaginisme"', ["ivm vaginisme"]),
    ('body={"naam": "Yara Bos", "reden": "zwanger"}', ["zwanger"]),
    ("        \"medicatie\": 'methotrexaat',", ["medicatie: methotrexaat"]),
    ("oh nee. ik ben ook 12 weken zwanger, maakt dat uit?", ["zwanger"]),
    # an unquoted key's quoted value; a bare result label's unreadable smear
    ('      hpv: "onbeoordeelbaar"', ["hpv: onbeoordeelbaar"]),
    ("Uitslag: onbeoordeelbaar", ["Uitslag: onbeoordeelbaar"]),
    # a diagnosis made, its stage; a treatment's kind; a note's warning; an agenda's list
    (
        "daarna baarmoederhalskanker stadium IB1 vastgesteld. Cliënte heeft een radicale "
        "hysterectomie ondergaan",
        ["baarmoederhalskanker stadium IB1 vastgesteld", "heeft een radicale hysterectomie"],
    ),
    ("NOTE:let op: epilepsie - geen afspraken vroeg", ["let op: epilepsie"]),
    ("Jacobs, R.  06-51780623   CIN 2 follow-up, zwanger 16 wk", ["CIN 2", "zwanger 16 wk"]),
    # a speaker's fillers; the letter's own reader
    (
        "die heeft eh ook zo'n afwijkend uitstrijkje gehad vorig jaar",
        ["heeft eh ook zo'n afwijkend uitstrijkje gehad"],
    ),
    ("U heeft een afwijkend uitstrijkje.", ["heeft een afwijkend uitstrijkje"]),
    # an examination or a treatment booked for a named woman, her own, planned or done;
    # her history after ``bekend met de``; a medicine after its subordinate clause's
    # subject; a transplant; a note's ``ivm``; her pregnancy before another question
    ("Subject: Uw afspraak colposcopie 12-04-2024", ["colposcopie"]),
    ("LLETZ mw. Smit", ["LLETZ"]),
    ("controle-uitstrijkje mevr. van Dam, kamer 2", ["controle-uitstrijkje"]),
    ("Mw. Lont belde over haar LLETZ, ze was ongerust.", ["LLETZ"]),
    ("Biopt: CIN 3; conisatie gepland.", ["Biopt: CIN 3", "conisatie"]),
    ("Uw gynaecoloog heeft op 14-02-2024 een LLETZ uitgevoerd.", ["LLETZ"]),
    (
        "Patiënte is bekend met de ziekte van Crohn waarvoor zij azathioprine neemt.",
        ["bekend met de ziekte van Crohn", "azathioprine"],
    ),
    (
        "Pat. heeft niertransplantatie gehad, gebruikt tacrolimus.",
        ["heeft niertransplantatie", "gebruikt tacrolimus"],
    ),
    ("Kok, N.A. - bellen ivm zwanger", ["zwanger"]),
    ("met mevrouw Verhoeven, ik ben zwanger en moet ik die uitstrijk laten doen?", ["zwanger"]),
    # a form's ticked boxes (not its empty ones), side by side too; a log's key=value
    (
        "Is een van de volgende op u van toepassing?\n  [ ] zwanger\n  [x] borstvoeding\n"
        "  [X] eerder afwijkend uitstrijkje\n  [ ] IUD/spiraal\n",
        ["borstvoeding", "eerder afwijkend uitstrijkje"],
    ),
    ("[ x ] zwanger   [x] IUD   [ ] hysterectomie", ["zwanger", "IUD"]),
    ("naam=R. Pinas, advies=colposcopie, email=x", ["advies=colposcopie"]),
    # a result letter's advice: a referral to a gynaecologist
    (
        "Ons advies: verwijzing gynaecoloog voor colposcopie.",
        ["advies: verwijzing gynaecoloog voor colposcopie"],
    ),
    ("Ons advies: verwijzing naar de gynaecoloog.", ["advies: verwijzing naar de gynaecoloog"]),
    # a referral's request; a letter's treatment planned or an examination done, in the past
    ("Verzoek colposcopie en zo nodig behandeling.", ["Verzoek colposcopie"]),
    ("CIN 3. Wij planden een conisatie op 21/03/2024.", ["CIN 3", "planden een conisatie"]),
    ("Bij colposcopie werd een aceto-wit letsel gezien.", ["Bij colposcopie werd"]),
    ("De gynaecoloog verrichtte colposcopie bij mw. Kok", ["verrichtte colposcopie"]),
    (
        "Ingrid Jacobs is HPV 16 positief en zwanger (16 weken).",
        ["HPV 16 positief", "zwanger (16 weken)"],
    ),
]
NEGATIVE = [
    "Het klinisch chemisch laboratorium is verhuisd.",  # (no label's colon)
    "hpv_negative_count = 3",  # (a variable's name: more word after the code)
    "Er is geen chlamydia PCR aangevraagd.",  # (nothing asked for)
    # a leaflet's account of an examination, no day booked
    "De colposcopie duurt 20 minuten.",
    "Na de lis-excisie 4 weken geen tampons.",
    "Colposcopie 12 stuks per dag",
    "Het bevolkingsonderzoek valt niet onder uw eigen risico.",
    "Zwanger worden na een LLETZ",
    "Latexallergie komt voor bij 1 op de 100 mensen.",
    "Zwanger\nAls u zwanger bent, kunt u gewoon meedoen.",
    "Zwanger? Neem contact op.",
    "Het eigen risico is in 2024 385 euro.",
    "  K12  Kerkstraat 5          Utrecht\n  K14  Dorpsstraat 9         Zeist",
    "Gebruikt u bloedverdunners? Meld dit dan bij de assistente.",  # a leaflet's question
    # the pill as a word alone, a leaflet's gene, a phrase
    "Dit is de pil van de dag.",
    "Vrouwen met een BRCA1-mutatie hebben meer kans op borstkanker.",
    "Zij is bekend met het feit dat de uitslag later komt.",
    # a leaflet on an infection, a question about one: no one's
    "Herpes genitalis is een soa die vaak terugkomt.",
    "Wie heeft chlamydia gehad?",
    # a leaflet's advice in a condition; a referral elsewhere
    "Bij een afwijkende uitslag is ons advies: verwijzing naar de gynaecoloog.",
    "Ons advies: verwijzing naar de huisarts.",
    # a customer service's complaints
    "Klachten: brief niet ontvangen, app werkt niet",
    # a treatment's year with no label before it (a budget, a leaflet), a question, a
    # questionnaire with no score
    "Radiotherapie 2023 budget",
    "Kosten chemotherapie 2023: zie tabel 4.",
    "Heeft u een CVA gehad?",
    "PHQ-9 vragenlijst, zie bijlage 2",
    "Xarelto is een bloedverdunner.",  # a name alone: a leaflet's
    "Biktarvy is een hiv-remmer.",
    "Urinekweek € 38,95",  # a price list's line: no day she had it
    "Tarief HbA1c: € 12,50",
    "Bij een uitslag Pap 2 volgt herhaling over 6 maanden.",  # anyone's
    "zas-",
    "Biopt van de cervix wordt soms genomen",
    "Heeft u een HPV-test gedaan, dan krijgt u binnen vier weken bericht.",
    "schpv=positief",  # no key of its own ends in hpv
    "Een lis-excisie moet soms worden herhaald.",  # a leaflet's: no one had it
    "Als u zwanger bent, kunt u later komen.",  # a leaflet's, a question, a group's
    "Bent u zwanger?",
    "Medicatie: geen",  # nothing after the label
    '"medicatie": "geen"',
    "Heeft u diabetes? Meld het dan.",  # a question; a leaflet's appointment
    "Een colposcopie is een onderzoek van de baarmoedermond.",
    '{"reden": "zwangerschapsverlof"}',
    "Baarmoederhalskanker stadium 1 is goed te behandelen.",
    "Als baarmoederhalskanker vroeg wordt vastgesteld, is genezing vaak mogelijk.",
    "Wat als u een afwijkend uitstrijkje heeft?",
    "Heeft u ooit een afwijkend uitstrijkje gehad?",
    "Een op de tien vrouwen is zwanger.",
    "Nederland is zwanger van plannen.",
    "Bij een conisatie had de arts een mes.",
    "Bijna iedereen heeft ooit HPV.",
    "Als u HPV heeft, is dat meestal onschuldig.",
    "Nu u heeft HPV-zelftest ontvangen, kunt u beginnen.",
    "Diabetes type 16 jaar bekend",  # a bare type is an HPV result's genotype only
    "formulier type 18, versie 2",
    "2 x Controlemateriaal HPV-positief, 12 x 1 ml  a EUR 318.40",
    "hrHPV PCR-kit, 96 tests",
    "Pap-uitstrijkje gemaakt bij de huisarts.",
    "Tabel C1 I1 S1 en verder",  # (not the whole code)
    "C1 I1 S3 O1 E1: 412;",  # a lab's count, no one's result
    "Aantal per Pap-klasse in 2023: 1",  # a count's label before the class
    "Bij vrouwen bekend met HIV wordt jaarlijks een uitstrijkje gemaakt.",  # a group's
    "De status na de verhuizing is onbekend.",
    # what any such result leads to; a run's control material, a quality round's sample
    "Een uitslag hrHPV positief met Pap 1 leidt tot herhaling na 12 maanden.",
    "Na een uitslag HPV 16 positief volgt verwijzing.",
    "Positieve controle (plasmide HPV16) goedgekeurd",
    "Monster 3: uw uitslag Pap 3a2, consensus Pap 3a2",
    # reference ranges and targets are everyone's values; a threshold or range no result
    "Streefwaarde HbA1c: 53 mmol/mol voor diabetespatiënten",
    "Normaalwaarden: glucose nuchter 4,0 mmol/L",
    "Referentie glucose 4,0-6,1 mmol/L",
    "Bij een HbA1c boven 53 mmol/mol volgt controle.",
    "PSA-test aangevraagd, glucose volgt",
    "Materiaal Zelfafnameset (ZAS)",
    "Uitslag volgt; het onderzoek is nog niet afgerond.",
    "Folder: hiv-remmers en hepatitis B vaccinatie",
    "Informatie over HPV en baarmoederhalskanker",
    "Dit is geen probleem. De HPV-test volgt.",
    "HPV - zie bijlage",
    "Pap in de fles",
    # a leaflet's words, and a form's empty clinical fields
    "Bent u zwanger? Neem dan contact op met uw huisarts.",
    "Heeft u een spiraal, dan kunt u gewoon meedoen.",
    "Klinische gegevens: geen",
    # results a leaflet or a letter names without giving them: conditions, questions,
    # ranges, general statements, what a test looks for
    "Als de HPV-test negatief is, hoeft u niets te doen.",
    "Is de HPV-test positief, dan kijkt het lab ook naar afwijkende cellen.",
    "Bij een\nuitslag Pap 1 zijn er geen afwijkende cellen gevonden.",
    "Een uitslag Pap 2 of hoger betekent dat u wordt verwezen.",
    "Bij een positieve hrHPV en Pap 1 krijgt u na een jaar een controle.",
    "Een hrHPV-positieve uitslag betekent niet dat u kanker heeft.",
    "Als de soa-test positief is, krijgt u een kuur.",
    "Indien de urinekweek positief is, belt de assistente u.",
    "If the HPV test is positive, you will be invited.",
    "Is mijn HPV-test positief?",
    "Het uitstrijkje wordt onderzocht op afwijkende cellen.",
    "Zwanger: -",
    "Anamnese: n.v.t.",
    # a lab's statistics and guidelines: counts, shares, a range's lower bound
    "Kwartaalrapportage Q1: aantal Pap 1: 10.233; Pap 2: 412; Pap 3b: 41; HSIL totaal 139.",
    "In 2023 was 9% van de deelnemers hrHPV-positief.",
    "Overige typen worden pas vanaf Pap 3a2 verwezen.",
    "Diabetes type 2, HbA1c gecontroleerd",
    # a negation before the infections, a leaflet's treatment, a bracket that is no type
    "Er is geen Chlamydia trachomatis of gonorroe aangetoond.",
    "Bij een afwijking krijgt u soms een lis-excisie.",
    "Een conisatie is een kleine operatie.",
    "Heeft u een conisatie gehad?",  # a form's question
    "mw. Bakker: HPV-typering op verzoek, uitslag volgt",  # a test asked for, no result
    # a medicine named without a dose or a use, a leaflet's advice and questions
    "Sertraline is een antidepressivum.",
    "Als u sertraline gebruikt, meld dat dan.",
    "Neem bij pijn paracetamol.",
    "Paracetamol 500 mg, 20 stuks EUR 2,10",  # a price list
    "Wat kunt u doen tegen uw migraine?",
    "Heeft u een depressie? Bel ons.",
    "Meer over depressie en angststoornis leest u op onze website.",
    "Bent u bekend met onze werkwijze?",
    "Als u bekend met hypertensie bent, meet dan thuis.",
    "Bij vrouwen bekend met diabetes is controle jaarlijks.",  # a group's
    "Route: A12 richting Utrecht, afslag 16.",  # a road, no diagnosis code
    "Uw bloeddruk wordt gemeten.",
    # an agenda's line that names no one, a negated reason, a talk's title
    "Spreekuur 09:00 - 12:00 - diabetes",
    "Kamer 3 - controle hypertensie",
    "09:10 mw. J. Bakker - geen diabetes",
    "Thema-avond - hypertensie en u",
    "Zwanger 12 weken? Bel dan de verloskundige.",
    "Wie heeft in 2023 een conisatie gehad? Meld het.",
    "Het speculumonderzoek: zo gaat het.",  # a leaflet's heading
    # a leaflet's treatment, done or planned in general; a leaflet's list under a heading
    "Een LLETZ wordt uitgevoerd onder plaatselijke verdoving.",
    "Na een LLETZ mag u vier weken niet zwemmen.",
    "Ben ik zwanger?",
    "Medicatie\n- Neem uw medicijnen mee\n- Gebruik je de pil? Zeg het dan.\n",
    # a ticked box with no health in it, or one that speaks to its reader
    "[x] toestemming onderzoek\n[x] Neem uw medicijnen mee",
    # what is done in general, or planned on a condition
    "Bij colposcopie wordt de baarmoedermond bekeken.",
    "Wij plannen een LLETZ als de uitslag afwijkend is.",
    "Bent u ouder dan 30 en zwanger (16 weken)?",
]


@pytest.mark.parametrize(("text", "values"), POSITIVE)
def test_positive(dset: DetectorSet, text: str, values: list[str]) -> None:
    assert found(dset, text, "health") == values


@pytest.mark.parametrize("text", NEGATIVE)
def test_negative(dset: DetectorSet, text: str) -> None:
    assert found(dset, text, "health") == []


def test_a_remark_cell_opens_a_note_of_its_own(dset: DetectorSet) -> None:
    """Cells read as text (an unclaimed ``Opmerking`` column) are joined for one search:
    a note's opening is each cell's, not the first cell's line."""
    cells = ["werkt overdag", "zwanger (28 wk) -> uitnodigen", "zwanger 20 wk", "Naam: A, zwanger"]
    hits = [(i, h.match.value) for i, h in dset.cell_text_hits(cells) if h.detector.id == "health"]
    assert hits == [(1, "zwanger (28 wk)"), (2, "zwanger 20 wk")]


def test_a_negation_before_the_test_is_not_cut_off(dset: DetectorSet) -> None:
    """``geen hiv aangetoond`` must never read as the result ``hiv aangetoond``."""
    assert "hiv aangetoond" not in [
        v.lower() for v in found(dset, "Er werd geen hiv aangetoond", "health")
    ]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("negatief", True),
        ("3a2", True),
        ("K1 O1 P1 A1 C1 B1", True),
        ("-", False),
        ("Datumkolommen als Excel-datum", False),
    ],
)
def test_cells_under_result_header(dset: DetectorSet, raw: str, expected: bool) -> None:
    assert (detector(dset, "health").validate(raw, True) is not None) is expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("HPV+negatief", "negatief"),  # EDIFACT RES+HPV: the qualifier goes
        ("CONCL+hrHPV positief (overig), Pap 3b", "hrHPV positief (overig), Pap 3b"),
        ("ADV+++hrHPV positief", "hrHPV positief"),
        ("hrHPV negatief", "hrHPV negatief"),
        ("HPV16", "HPV16"),  # a genotype is no qualifier
    ],
)
def test_cell_values_without_edifact_qualifier(dset: DetectorSet, raw: str, expected: str) -> None:
    assert detector(dset, "health").validate(raw, True) == expected


Cells = set[tuple[str, str, str]]


def _health_cells(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> Cells:
    """``(column, value, kind)`` of the health findings of a table of ``rows``."""
    import pyarrow as pa

    from breachscope.detect.finding import locations
    from breachscope.detect.tables import detect_table
    from breachscope.extract.units import TableUnit
    from breachscope.location import Location

    data = pa.table({f"c{i}": [r[i] for r in rows] for i in range(len(header))})
    data = data.append_column("__row__", pa.array(range(2, 2 + len(rows)), pa.int64()))
    table = detect_table(DetectorSet.build(Config()), TableUnit(Location("u.csv"), header, data))
    return {
        (loc.split("col=")[1], value, kind)
        for loc, value, kind, cls in zip(
            locations(table).to_pylist(),
            table.column("value").to_pylist(),
            table.column("kind").to_pylist(),
            table.column("data_class").to_pylist(),
            strict=True,
        )
        if cls == "health"
    }


def test_table_cells_have_the_kind_of_their_column_or_value() -> None:
    """A column named for one test has its kind; a general result column gives each
    cell the kind of the first result it holds (what an Art. 34 letter names)."""
    header = ("naam", "hrhpv", "pap", "uitslag")
    rows = [
        ("P. Jansen", "positief", "Pap 2", "hrHPV positief"),
        ("A. de Vries", "negatief", "Pap 1", "Urinekweek: geen groei"),
        ("K. Bakker", "negatief", "Pap 1", "positief"),
    ]
    assert _health_cells(header, rows) == {
        ("hrhpv", "positief", "hpv"), ("hrhpv", "negatief", "hpv"),
        ("pap", "Pap 2", "pap"), ("pap", "Pap 1", "pap"),
        ("uitslag", "hrHPV positief", "hpv"), ("uitslag", "Urinekweek: geen groei", "test_result"),
        ("uitslag", "positief", "result"),
    }  # fmt: skip


def test_a_tests_own_column_reads_its_codes() -> None:
    """A column named for one test's result holds that test's codes (``HPV_res``: 1/0, a
    Pap class column: ``2``, a genotyping column: ``16``); a column that says whether a
    test was done holds no result."""
    header = ("achternaam", "HPV_res", "Pap_klasse", "genotype", "hpv_done")
    rows = [("Bakker", "1", "2", "16", "1"), ("Smit", "0", "1", "", "1")]
    assert _health_cells(header, rows) == {
        ("HPV_res", "1", "hpv"), ("HPV_res", "0", "hpv"), ("Pap_klasse", "2", "pap"),
        ("Pap_klasse", "1", "pap"), ("genotype", "16", "genotype"),
    }  # fmt: skip


@pytest.mark.parametrize(
    ("header", "kind"),
    [
        ("hrhpv", "hpv"), ("HPV uitslag", "hpv"), ("response.result.hpv", "hpv"),
        ("RES+HPV", "hpv"), ("RES+HPV-2", "hpv"), ("RES+HPVGT", "genotype"),
        ("HPV genotype", "genotype"), ("UITSL_GENO", "genotype"), ("Pap klasse", "pap"),
        ("kopac_b", "kopac"), ("CISOE-A", "cisoe"), ("Histologie", "cytology"),
        ("urinekweek", "test_result"),
        ("uitslag", None), ("OBX-5", None), ("result", None),
    ],
)  # fmt: skip
def test_header_kind(header: str, kind: str | None) -> None:
    """The kind of a column named for one test, the most specific word first."""
    assert header_kind(header) == kind


def test_a_column_named_for_one_pap_class_counts_it() -> None:
    """A summary sheet's ``Pap 2`` and ``Pap 3a2+`` columns count that class per age group:
    their numbers are no Pap classes; a ``Pap`` column's are."""
    from breachscope.detect.engine import detect_units
    from breachscope.extract.units import TableUnit
    from breachscope.location import Location

    table = TableUnit.build(
        Location("samenvatting.xlsx", "Per leeftijd"),
        ["Leeftijdsgroep", "Aantal", "Pap 2", "Pap 3a2+", "Pap"],
        [["30-34", "201", "4", "3", "2"], ["35-39", "188", "2", "1", "3a2"]],
        [2, 3],
    )
    found = detect_units([table], Config(workers=1))
    cells = list(
        zip(found.column("value").to_pylist(), found.column("cell").to_pylist(), strict=True)
    )
    assert sorted(cells) == [("2", "&col=Pap"), ("3a2", "&col=Pap")]


def test_a_sections_list_items_are_each_health_data(dset: DetectorSet) -> None:
    """A referral's section heading alone on its line (``VOORGESCHIEDENIS``,
    ``Medicatie:``) makes each item of the list under it health data, up to the list's
    end; a bullet beyond latin-1 too."""
    text = (
        "PATIËNT\nMeryem El Amrani\nGeboren: 16-12-1981\n\nVOORGESCHIEDENIS\n"
        "- 2016 sectio caesarea\n- diabetes type 2 (sinds 2018)\n\nMedicatie:\n"
        "\u2022 Mirena-spiraal (geplaatst 2022)\n\nMet collegiale groet,\n- de huisarts\n"
    )
    assert found(dset, text, "health") == [
        "2016 sectio caesarea", "diabetes type 2 (sinds 2018)", "Mirena-spiraal (geplaatst 2022)",
    ]  # fmt: skip
    # a history that says there is none holds nothing of her health
    empty = "PATIËNT\nMeryem El Amrani\n\nVOORGESCHIEDENIS\n- Blanco voorgeschiedenis\n\n"
    assert found(dset, empty, "health") == []


def test_a_follow_up_column_names_her_care() -> None:
    """A column of what follows a result (``Vervolg``, ``Advies``) holds health data
    where it names a treatment, an examination or a referral; its other values (``geen``)
    and a helpdesk's ``Actie`` column are none."""
    header = ("naam", "Vervolg", "Advies", "Actie")
    rows = [
        ("W. de Boer", "LLETZ", "verwijzing gynaecoloog voor colposcopie", "terugbellen"),
        ("M. Willems", "herhaling 6 mnd", "herhaalonderzoek over 6 maanden", "verwijzen"),
        ("S. Bakker", "colposcopie", "geen", "mail sturen"),
        ("T. Smit", "geen", "geen", "controleren gegevens"),
        ("A. Bos", "geen", "geen", "herhaalde melding"),
    ]
    assert _health_cells(header, rows) == {
        ("Vervolg", "LLETZ", "follow_up"), ("Vervolg", "colposcopie", "follow_up"),
        ("Vervolg", "herhaling 6 mnd", "follow_up"),
        ("Advies", "verwijzing gynaecoloog voor colposcopie", "follow_up"),
        ("Advies", "herhaalonderzoek over 6 maanden", "follow_up"),
    }  # fmt: skip


def test_a_case_conferences_question_names_her_referral() -> None:
    """An MDO list's ``Vraag`` for each woman (``verwijzing gynaecoloog``); a help desk's
    questions name no care of hers."""
    header = ("Naam", "Vraag", "Vraag klant")
    rows = [
        ("R.H. van den Heuvel", "verwijzing gynaecoloog", "waar blijft de uitslag?"),
        ("I.J. Vos", "verwijzing gynaecoloog", "kan ik later bellen"),
        ("L. van Beek", "revisie cytologie", "adres wijzigen"),
    ]
    assert _health_cells(header, rows) == {
        ("Vraag", "verwijzing gynaecoloog", "follow_up"),
    }


def test_a_treatment_column_names_her_care() -> None:
    """A register's ``behandeling`` column of treatments (``LLETZ``, ``conisatie``) is
    her care; one that says whether she is in treatment is none."""
    header = ("naam", "histologie", "behandeling", "in behandeling", "afspraak.type")
    rows = [
        ("W. de Boer", "CIN 2", "LLETZ", "ja", "colposcopie"),
        ("M. Willems", "CIN 3", "conisatie", "nee", "telefonisch"),
        ("S. Bakker", "CIN 2/3", "afwachtend beleid", "ja", "herhaalonderzoek"),
    ]
    found = _health_cells(header, rows)
    assert ("behandeling", "LLETZ", "follow_up") in found
    assert ("behandeling", "conisatie", "follow_up") in found
    assert not {f for f in found if f[0] == "in behandeling"}
    assert {f[1] for f in found if f[0] == "afspraak.type"} == {"colposcopie", "herhaalonderzoek"}


def test_a_remark_cell_opening_with_her_pregnancy() -> None:
    header = ("naam", "opmerking")
    rows = [("W. de Boer", "zwanger - uitstel"), ("M. Willems", "Zwanger"), ("S. Bakker", "geen")]
    assert {(h, v) for h, v, _ in _health_cells(header, rows)} == {
        ("opmerking&start=0&end=7", "zwanger"), ("opmerking&start=0&end=7", "Zwanger"),
    }  # fmt: skip


def test_a_declarations_billed_tests_are_her_health() -> None:
    """A declaration's ``Prestatie.Omschrijving`` names the test billed for her; an
    administration fee is none, and so is a column of another name."""
    header = ("naam", "Prestatie.Omschrijving", "Omschrijving")
    rows = [
        ("H. Doğan", "Chlamydia trachomatis PCR", "Chlamydia trachomatis PCR"),
        ("P. Jansen", "HbA1c (geglyceerd hemoglobine)", "HbA1c (geglyceerd hemoglobine)"),
        ("S. Bakker", "Administratiekosten", "Administratiekosten"),
    ]
    assert _health_cells(header, rows) == {
        ("Prestatie.Omschrijving", "Chlamydia trachomatis PCR", "billed"),
        ("Prestatie.Omschrijving", "HbA1c (geglyceerd hemoglobine)", "billed"),
    }


def test_an_images_examination_is_her_care() -> None:
    """A DICOM header's ``StudyDescription`` names the examination she had."""
    header = ("PatientName", "StudyDescription", "SeriesDescription")
    rows = [("JANSEN^PETRA", "Colposcopie met biopt", "AX T2"), ("BOS^ANNA", "LLETZ", "AX T1")]
    assert _health_cells(header, rows) == {
        ("StudyDescription", "Colposcopie met biopt", "follow_up"),
        ("StudyDescription", "LLETZ", "follow_up"),
    }
