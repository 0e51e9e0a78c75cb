"""Health data: results, not test names. hrHPV results (``hrHPV positief``, ``HPV-test
negatief``), genotypes (``HPV16``, ``HPV 16/18``, ``HPV-genotype: overig``), Pap classes
(``Pap 3a2``), KOPAC-B codes (``K1 O1 P2 A1 C1 B1``), cytology and histology findings
(CIN, HSIL/LSIL, ASC-US, carcinoom), and results of other tests (urine, skin, wound and
STI: ``Urinekweek: geen groei``, ``Chlamydia trachomatis PCR: positief``), and the clinical
details a requester writes on a lab form (``Zwanger: ja``, ``Klinische gegevens: IUD``).
Beyond the lab: a journal's, a referral's or a letter's medicines with their dose or use
(``sertraline 50 mg``, ``gebruikt clopidogrel``), blood pressure, conditions after their
cue (``bekend met reumatoïde artritis``, ``uw COPD``, ``lijdt aan epilepsie``) and
diagnosis codes with their condition (``ICPC T90``, ``K86 hypertensie``).

Product lines of invoices and manuals (``Controlemateriaal HPV-positief, 12 x 1 ml``) are
not results: a match on a line with a price, kit or reagent word is dropped.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Mapping, Sequence

import pyarrow as pa
import regex

from breachscope.detect.base import (
    HEADER_SAMPLE_SHARE,
    CellFindings,
    ColumnVerdict,
    Detector,
    TextMatch,
    distinct_cells,
    share_at_least,
)
from breachscope.detect.columns import header_hit, normalise_header
from breachscope.detect.context import Match, TextView
from breachscope.detect.detectors._clinical import (
    CONDITION_STARTS,
    CONDITIONS,
    DOSE,
    MEDICINE_STARTS,
    MEDICINES,
    STARTED,
    USE,
)
from breachscope.detect.hypothetical import hypothetical
from breachscope.detect.lazypattern import lazy

_RESULT = (
    r"(?:positief|negatief|positieve|negatieve|positive|negative|positiv|negativ|pos\.?|neg\.?|"
    r"niet\s+aangetoond|not\s+detected|detected|nicht\s+nachgewiesen|nachgewiesen|"
    r"aangetoond|afwijkend|normaal|geen\s+afwijkingen|niet\s+beoordeelbaar|onbeoordeelbaar|"
    r"onvoldoende|ongeldig|"
    r"niet\s+gedetecteerd|gedetecteerd|(?:niet[\s-]+|non-?)?reactief)"
)
_TYPES = r"(?:16|18|31|33|35|39|45|51|52|56|58|59|66|68)"
"""The high-risk HPV types a genotyping names."""
_TYPED_AFTER = 40
"""How far after an HPV result a bare ``type 18`` may stand to be its genotype
(``hrHPV pos, type 18``, ``hrHPV positief (type 16/18)``)."""
_ROMAN = r"(?:iii[ab][12]?|iii|ii|iv|v|i)"
"""Pap classes in Roman numerals, as older reports write them (``Pap IIIa``)."""
_TEST_WORDS = (
    r"(?:urine(?:kweek|sediment|onderzoek)?|huid(?:schraapsel|kweek|biopt)?|wond(?:kweek)?|"
    r"soa(?:-onderzoek)?|sti|chlamydia(?:\s+trachomatis)?(?:/gonorroe)?|"
    r"neisseria\s+gonorrhoeae|gonorroe|gonorrhoea|syfilis|lues|hiv|hepatitis\s+[bc]|"
    r"trichomonas(?:\s+vaginalis)?|mycoplasma(?:\s+genitalium)?|herpes(?:\s+simplex)?|"
    r"hbsag|anti-?hcv|mrsa|kweek|fa?eces(?:onderzoek)?|bloedkweek|keelkweek|keeluitstrijk|"
    r"sputum(?:kweek)?|"
    r"dermatofyten|schimmel(?:kweek)?|cytologie|histologie|biopt|biopsie)"
)
_STI = (
    r"(?:chlamydia(?:\s+trachomatis)?|gonorroe|gonorrhoea|neisseria\s+gonorrhoeae|syfilis|lues|"
    r"hiv|hepatitis\s+[bc]|trichomonas(?:\s+vaginalis)?|mycoplasma(?:\s+genitalium)?|"
    r"herpes(?:\s+simplex)?|hbsag|anti-?hcv|mrsa)"
)
"""Sexually transmitted infections, hepatitis markers and the MRSA screen: their results
are written without a colon too (``Gonorroe negatief``, ``hiv-test: negatief``, ``HBsAg
positief``, ``MRSA negatief``)."""
_CULTURE = (
    r"(?:urine|wond|keel|bloed|sputum|fa?eces|huid|schimmel|neus|vagina|cervix|perineum)?kweek"
)
"""A culture, whose result is written without a colon too (``urinekweek positief``,
``de wondkweek was negatief``)."""
_STI_RESULT = (
    r"(?:positief|negatief|positieve|negatieve|positive|negative|pos\.?|neg\.?|niet\s+aangetoond|not\s+detected|"
    r"detected|niet\s+gedetecteerd|gedetecteerd|(?:niet[\s-]+|non-?)?reactief)"
)
"""The results read after an STI without a colon: not a bare ``aangetoond``, whose
negation may come before the test (``geen hiv aangetoond``)."""
_FIELD_GAP = (
    r"[ \t'\",;^|]{1,4}(?:(?:uitslag|waarde|value|result|resultaat)[ \t'\"]{0,2}[:=][ \t'\"]{0,2})?"
)
"""What stands between a test's name and its value in a record's fields: a CSV's ``;``, an
HL7 component's ``^`` (``KCL^HbA1c^54 mmol/mol``), a dict's ``', 'uitslag': '``."""
_LIST_AND = r"(?:[ \t]*[,;/+][ \t]*|[ \t]+(?:en|of|and|\+)[ \t]+)"
"""What joins a list's items (``metformine en Ozempic``, ``hiv-positief, Biktarvy``): a
person's medicines, named without dose or verb, in a list of two or more or after her
test's result (a leaflet's medicine stands alone)."""
_EXAMINATIONS = r"(?:bij[ \t])?(?:speculum|lichamelijk|gynaecologisch|vaginaal)\s*onderzoek"
"""An examination's label (``Bij speculumonderzoek:``), read only where it opens its line
(:data:`_EXAMINATION`): a leaflet's heading names one too (``Het speculumonderzoek: zo
gaat het``)."""
_SYMPTOMS = (
    r"(?:contactbloed(?:ing(?:en)?|verlies)|postco[iï]ta(?:al|le)\s+bloed(?:ing(?:en)?|verlies)"
    r"|tussentijds(?:e)?\s+bloed(?:ing(?:en)?|verlies)"
    r"|bloed(?:ing(?:en)?|verlies)\s+na\s+(?:de\s+)?(?:gemeenschap|seks|vrijen|coitus)"
    r"|(?:abnormale\s+|vaginale\s+|meer\s+)*afscheiding|fluor(?:\s+vaginalis)?"
    r"|pijn\s+bij\s+(?:het\s+)?(?:vrijen|plassen|gemeenschap)|(?:onder)?buikpijn)"
)
"""A cervix's symptoms, as a form's ``klachten`` field gives them (``contactbloedingen sinds
3 mnd``, ``bloedverlies na de gemeenschap``, ``afscheiding``)."""
_CLINICAL_LABELS = (
    rf"(?:klachten(?=[ \t]*[:=][ \t]*{_SYMPTOMS})|"
    r"(?:klinische|klin\.?)\s+(?:gegevens|informatie|vraagstelling)|klinisch(?=[ \t]*[:=])|"
    r"anamnese|zwanger(?:schap)?|"
    r"graviditeit|iud|spiraal(?:tje)?|anticonceptie|(?:post)?menopauze|"
    r"(?:postcoïtaal\s+|contact)?bloedverlies|hormoongebruik|"
    r"diagnoses?|diagnosen|medicatie|medicijn(?:en|gebruik)|voorgeschiedenis|"
    r"overgevoeligheid|intoleranties?|obstetrische\s+(?:gegevens|anamnese)|"
    rf"allergie(?:ën|en)?|reden\s+van\s+verwijzing|hulpvraag|{_EXAMINATIONS})"
)
"""Labels of the clinical details a requester writes on a lab form (``Klinische gegevens:
postcoïtaal bloedverlies``, ``Zwanger: ja``, ``IUD: ja``, a form field's ``p1.klinisch:
Mirena spiraal``) or a referral, a discharge letter or a journal gives (``Diagnose:
depressieve stoornis``, ``Medicatie: sertraline 50 mg``, ``Voorgeschiedenis:
eetstoornis``, ``Allergie: penicilline``, ``Reden van verwijzing: ...``): health data,
but only as a label with its value; the words alone are a leaflet's (``Bent u
zwanger?``)."""
_NEXT_FIELD = (
    r"(?:huisarts|aanvrager|behandelaar|praktijk|bsn|geb(?:\.|oren\b|oortedatum\b)"
    r"|tel(?:\.|efoon\b|\b)|labnr\b|labnummer\b)"
)
"""Words a log line's or a letter's next field opens with (``..., huisarts Gezondheidscentrum
X``, ``..., geb. 22 juni 2001``): after a comma, the value before has ended."""
_VALUE_END = (
    r"(?:(?=\.(?:\s|$)|[\r\n\x1e;]|$|[ \t]*(?:->|=>|→|\|)"
    rf"|,[ \t]*(?i:{_NEXT_FIELD}))|(?<=kve/ml|cfu/ml)(?=[ \t]+\w))"
)
"""Where a labelled test's or clinical detail's value ends: a sentence's end, the line's,
or an arrow or a bar that a log or a table printed as text puts after it
(``geautoriseerd: Urinekweek: geen groei -> aanvrager ...``), or a culture's count
(``urinekweek: Klebsiella pneumoniae 10^4 kve/ml doorgegeven maar ...``; a comma after
it goes on with her results: ``10^5 kve/ml, Mirena spiraal``), or a comma before the next
field's word (:data:`_NEXT_FIELD`: ``PCR: positief, huisarts ...``)."""
_ANALYTE_WORDS = (
    "glucose", "hba1c", "psa", "hb", "hemoglobine", "haemoglobine", "cholesterol", "ldl",
    "hdl", "triglyceriden", "creatinine", "kreatinine", "egfr", "gfr", "tsh", "ft4", "crp",
    "bse", "natrium", "kalium", "calcium", "alat", "asat", "ggt", "ferritine", "ijzer",
    "albumine", "ureum", "bilirubine", "leukocyten", "trombocyten", "inr", "ogtt",
)  # fmt: skip
"""Common laboratory measurements, read as a result with a value and its unit (and
vitamins D and B12, :data:`_ANALYTES`)."""
_ANALYTES = rf"(?:{'|'.join(_ANALYTE_WORDS)}|vitamine[\s-]?(?:d|b12))"
_UNITS = (
    r"(?:mmol/mol|mmol/l|[µu]mol/l|nmol/l|pmol/l|mg/l|mg/dl|[µu]g/l|ng/ml|mu/l|m?e/l|m?ie/l|"
    r"iu/l|u/l|g/l|g/dl|ml/min(?:/1[.,]73\s?m2)?|x\s?10\^?9/l|mm/u(?:ur)?|%)"
)
_OTHER_TREATMENTS = (
    r"(?:radiotherapie|bestraling(?:en)?|chemotherapie|chemo|immunotherapie|keizersnede|"
    r"sectio(?:\s+caesarea)?|mastectomie|borstamputatie|lumpectomie|"
    r"(?:nier|lever|hart|long|pancreas)transplantatie)"
)
"""Treatments beyond a cervix's that a person's history names (``status na sectio``,
``heeft in 2019 radiotherapie gehad``)."""
_INFECTIONS = r"(?:chlamydia|syfilis|lues|gonorroe|genitale\s+herpes|herpes)"
"""Sexually transmitted infections a person's history names (``heeft herpes genitalis``);
with a result after them, a test's (:data:`_STI`)."""
_CONDITIONS = (
    r"(?:hiv|aids|diabetes(?:[\s-]+mellitus)?(?:[\s-]+type[\s-]+[12])?|hepatitis[\s-]*[bc]|"
    r"hysterectomie|uterusextirpatie|ll?etz|leep|lis[\s-]*excisie|conisatie|cin[\s-]?[1-3]|"
    r"(?:baarmoederhals|borst|eierstok|darm|long|huid|prostaat)kanker|"
    r"(?:cervix|mamma|ovarium|endometrium|vulva|colon|rectum|long|prostaat)?carcinoom|kanker|"
    rf"melanoom|lymfoom|leukemie|{_OTHER_TREATMENTS}|"
    rf"{_INFECTIONS}(?:\s+(?:genitalis|simplex))?|"
    r"afwijkende?\s+uitstrijkje|"
    rf"{CONDITIONS})"
)
"""Conditions a requester or a note names as a person's history (``bekend met HIV``,
``status na hysterectomie``, ``bekend met reumatoïde artritis``)."""
_REASON = rf"[ \t]+(?:na|i\.v\.m\.|wegens|bij|voor)[ \t]+{_CONDITIONS}(?![\w-])"
"""The condition a medicine is taken for, after it (``tamoxifen na mammacarcinoom``)."""
_HISTORY_CUE = (
    r"(?:bekend\s+met|status\s+na|voorgeschiedenis\s*:?|(?:lijdt|leidt|leed)\s+aan|"
    r"i\.\s?v\.\s?m\.?|ivm|(?:behandeld|behandeling|opgenomen)\s+(?:voor|wegens|i\.v\.m\.)|"
    r"doodsoorzaak\s*:?|overleden\s+aan|draagster(?:\s+van)?|let\s+op\s*:)"
)
"""What makes a condition someone's: a journal's ``bekend met``, ``status na``,
``i.v.m.``, a letter's ``lijdt aan`` or ``behandeld voor``, a pedigree's ``doodsoorzaak:``
or ``overleden aan``, a genetic referral's ``draagster van``."""
_POSSESSIVES = ("uw", "haar", "zijn", "mijn", "hun")
"""Whose a condition of :data:`CONDITIONS` is, right before it (``door uw COPD``, ``haar
depressie``): a start of its own per condition (:data:`_STARTS`), since these words
open a start on every line of a letter otherwise."""
_BOOKED = (
    r"[ \t]+(?:op[ \t]+)?(?:(?:ma|di|wo|do|vr|za|zo|maandag|dinsdag|woensdag|donderdag|vrijdag"
    r"|zaterdag|zondag)\.?[ \t]+)?\d{1,2}(?:[ \t]+(?:jan|feb|mrt|maart|apr|mei|jun|jul|aug|sep"
    r"|okt|nov|dec)[a-z]*\b|[-/.](?:0?[1-9]|1[0-2])(?![\d]))"
    r"|[ \t]+(?:morgen|vandaag|overmorgen)\b"
)
"""A day an examination or a treatment is booked for, right after its name (a reminder's
``colposcopie do 16 mei``, ``LLETZ op 21-5``, a message's ``de biopsie morgen``): one
woman's appointment, not a leaflet's account of it."""
_WEEKS = r"[ \t]+\d{1,2}(?:\+\d)?[ \t]*(?:weken|wk|w)\b\.?"
"""A pregnancy's weeks after ``zwanger`` (``zwanger 12 wk``, ``zwanger 31+2 weken``)."""
_VISIT_WORDS = r"(?:controle|consult|nacontrole|follow[\s-]?up|intake|evaluatie|spreekuur)"
"""What may stand between an appointment line's dash and the condition it is for."""
_PERSON_ON_LINE = re.compile(
    r"\b(?:mw|mevr|mevrouw|dhr|heer|geb|geboren|patiënte?|patiente?|cliënte?|cliente?|bsn)\b"
    r"|\b\d{1,2}[-./]\d{1,2}[-./](?:19|20)\d\d\b"
)
"""A person on a line before an appointment's reason (:data:`_RULES`' ``visit``): a title,
a birth date or its cue, a BSN's label; an agenda's line of times and rooms names no one."""
_DIAGNOSIS_CODE = r"[a-z]\d\d(?:\.\d{1,2})?"
"""An ICPC (``T90``) or ICD-10 (``F32.1``) code."""
_FORMS = (
    r"(?:(?:filmomhulde|maagsapresistente|mga|bruis)[ \t]+)?"
    r"(?:tablet(?:ten)?|tabl?|capsules?|caps|cr[eè]me|zalf|gel|drank|zetpil(?:len)?"
    r"|pleisters?|druppels|inj(?:ectievloeistof)?|poeder|oplossing)"
)
"""A medicine's form between its name and its dose, as a prescription list writes it
(``METFORMINE TABLET 500MG``, ``SERTRALINE TABLET 50MG``)."""
_DEGREES = r"beginnende|ernstige|lichte|chronische|ook|al|nog|sinds[ \t]+kort|een|zo'n"
"""What may stand between ``heeft`` and a condition she has (``Mw. Verbeek heeft
beginnende Alzheimer``)."""
_SECTIONS = (
    r"(?:voorgeschiedenis|medicatie|medicijngebruik|anamnese|diagnoses?|diagnosen|"
    r"allergie(?:ën|en)?)"
)
"""A patient record's section headings whose list items are all health data (a referral's
``VOORGESCHIEDENIS`` over ``- 2016 sectio caesarea``, ``- diabetes type 2``)."""
_LIST_ITEM = re.compile(r"\r?\n[ \t]*[-*\u2022][ \t]+(?P<item>[^\n]*\S)[ \t]*(?=\r?\n|\Z)")
"""An item of a list under a section heading (:data:`_SECTIONS`), on its own line."""
_MAX_SECTION_ITEMS = 40
_READER = re.compile(r"(?i:\b(?:u|uw|je|jij|jouw)\b)")
"""A word for the reader: a leaflet's list (``- Neem uw medicijnen mee``), no one's record."""
_TICKED_TAG = "ticked"
_TICKED_BOX = r"\[[ \t]?[xX][ \t]?\]"
"""A ticked box (``[x]``, ``[ X ]``): the prefilter's pattern for :meth:`HealthDetector.
_ticked`."""
_TICKED_ITEM = re.compile(
    r"[ \t]*(?P<item>[^\s\[\]][^\n\[\]]{0,79}?)[ \t]*(?=\r?\n|\Z|[ \t]{2}|\[)"
)
"""The item after a ticked box: up to its line's end, a gap of two spaces (a form's boxes
side by side) or the next box."""
_APPOINTMENTS = r"(?:colposcopie|(?:controle|herhaal)-?uitstrijkje)"
"""An examination a woman is booked for (``uw afspraak voor colposcopie``, ``controle-
uitstrijkje mw. Brouwer``)."""
_REFERRED = (
    r"verwijzing[ \t]+(?:naar[ \t]+)?(?:de[ \t]+|een[ \t]+)?(?:gynaecoloog|gynaecologie)"
    rf"(?:[ \t]+voor[ \t]+(?:een[ \t]+)?{_APPOINTMENTS})?"
    rf"|verwijzing[ \t]+voor[ \t]+(?:een[ \t]+)?{_APPOINTMENTS}"
)
"""A referral to a gynaecologist or for her examination as a result letter's advice (``Ons
advies: verwijzing gynaecoloog voor colposcopie``, ``Advies: verwijzing voor
colposcopie bij Dijklander Ziekenhuis``)."""
_BILLED_DAY = regex.compile(r"[ \t]{0,8}\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}[ \t]{1,8}")
"""The day an invoice's line opens with: the test after it was hers, that day."""
_REPEAT_IN = (
    r"(?:herhaling(?:sonderzoek)?|herhaalonderzoek|(?:controle|herhaal)-?uitstrijkje|controle"
    r"|(?:volgende|nieuwe)[ \t]+(?:screenings)?(?:ronde|uitnodiging))[ \t]+"
    r"(?:over|na|binnen)[ \t]+(?:\d{1,2}|een|drie|vijf|zes|twaalf)[ \t]+"
    r"(?:maanden|maand|mnd|jaar|weken)(?![\w])"
)
"""Her next test's time, as a result letter or a list's advice gives it (``herhaling over
12 maanden``, ``controle-uitstrijkje na 6 maanden``, ``herhalingsonderzoek over 5 jaar``,
``geen vervolgonderzoek, volgende ronde over 5 jaar``: her result was normal)."""
_TREATMENTS = (
    r"(?:conisatie|lis[\s-]*excisie|ll?etz|leep|lus[\s-]*excisie"
    r"|(?:(?:radicale|totale|vaginale|laparoscopische)\s+)?hysterectomie)"
)
"""Treatments of a cervix's abnormal cells (and its removal), read as her history where a
sentence says she had one (``mw. Bakker had een conisatie``, ``heeft een lis-excisie
gehad``); a leaflet says what such a treatment is, never who had it."""
_SAMPLE = (
    r"(?:(?:zas|zelfafname(?:set|test)?|(?:cervix)?uitstrijkje)[ \t]*[-/:]?[ \t]*"
    r"(?:hr-?hpv|hpv|cytologie|lbc)(?![ \t]*[:=]?[ \t]*(?:positief|negatief|pos|neg|niet|"
    r"aangetoond|afwijkend|normaal|geen|pap|klasse|\d)(?![a-z]))"
    r"|biop(?:t|sie)[ \t]+(?:cervix|portio|vulva|vagina|endometrium)|cervixbiopt(?:en)?)(?![\w-])"
)
"""A sample and the test it is for (``ZAS hrHPV``, ``uitstrijkje cytologie``, ``biopt
cervix``): a tube's label or a request names the sample taken from her. Not before the
test's result: ``Uitstrijkje: hrHPV positief`` is her result, read as one."""
_REQUESTED = (
    rf"\b(?:{_STI}(?:[\s-]+(?:pcr|naat|test|sneltest|dna|serologie))*|{_CULTURE}"
    r"|(?:hr-?)?hpv[\s-]*test)(?:[ \t]+(?:is|werd|was|wordt))?[ \t]+"
    r"(?:aangevraagd|afgenomen|ingestuurd|ingezet)(?![\w])"
)
"""A test asked for her (``chlamydia PCR aangevraagd``, ``urinekweek is ingestuurd``): not a
result, but what she was tested for."""
_BILLED = (
    rf"(?:{_APPOINTMENTS}|{_TREATMENTS}|(?:hr)?hpv[\s-]*(?:test|zelftest)|zelftest|uitstrijkje"
    r"|cytologi(?:e|sch[ \t]+onderzoek)|histologi(?:e|sch[ \t]+onderzoek)"
    r"|biop(?:t|sie)(?:[ \t]+(?:cervix|portio))?)(?![\w-])"
)
"""What a bill's line charges her own risk for (``eigen risico hrHPV-test``, ``eigen risico
uitstrijkje cytologie``, ``eigen risico biopt cervix``): the test or treatment she had."""
_NO_TEST_AFTER = r"(?![ \t]+(?:pcr|naat|test|sneltest|kweek|serologie|bepaling|onderzoek)\b)"
"""Not a test of the condition after it: ``zij had ook chlamydia PCR aangevraagd`` asked
for a test, it says nothing of her having chlamydia."""
_HAD = (
    r"(?:had|heeft|hebt|heb|onderging|kreeg|krijgt|moet)\s+"
    r"(?:(?:daarna|toen|eerder|ook|al|later|vervolgens|inmiddels|eh|ehm|uh)\s+){0,2}"
    r"(?:in\s+(?:[a-z]{3,9}\s+)?(?:19|20)\d\d\s+"
    r"|(?:(?:begin|eind|half|medio)\s+)?(?:vorig|vorige|dit|afgelopen)\s+"
    r"(?:jaar|maand|week|zomer|winter|voorjaar|najaar)\s+)?(?:een\s+|zo'n\s+)?"
)
"""What says she had, has or must have a treatment (``had een``, ``heb daarna een``,
``heeft in 2023 een``,
``moet een``), before its name (:data:`_TREATMENTS`)."""
_HAD_AFTER = r"(?:moet|moest|kreeg|krijg|krijgt|had|heb|heeft|hebt|onderging|gehad)"
"""The verb after a treatment's name, a subordinate clause's order (``dat ik een
lis-excisie moet``, ``omdat ze een conisatie heeft gehad``)."""
_SUBJECT_BEFORE = re.compile(
    r"(?<!heeft )(?<!hebt )(?<!heb )(?<!had )(?<!moet )(?<!krijgt )(?<!krijg )(?<!kreeg )"
    r"\b(?:ik|ze|zij|u|je|jij)\s+(?:(?:al|ook|toen|eerder|daarna|nog|later)\s+)?een\s+\Z"
)
"""Who had it, right before the treatment of :data:`_HAD_AFTER` (``ik een``): a leaflet's
``Een lis-excisie moet ...`` names no one, nor does a question (``Heeft u een conisatie
gehad?``: the verb before its subject, or a question mark ending the clause)."""
_PREGNANT_BEFORE = regex.compile(
    r"(?:(?i:\b(?:ik|u|je|jij|ze|zij|patiënte?|patiente?|cliënte?|cliente?|mevrouw|mevr|mw|"
    r"vrouw|dochter|partner|zus)\.?)"
    r"|(?i:\b(?:mevrouw|mevr\.|mw\.|patiënte|patiente))(?:[ \t]+[A-Z]\.?)*"
    r"(?:[ \t]+(?:van|de|der|den|ter|ten|het|'t))*[ \t]+[A-Z][\w'\-]+)[ \t]+"
    r"(?:is|ben|bent|was|werd|bleek|blijkt)\s+"
    r"(?:(?:nu|inmiddels|momenteel|al|weer|opnieuw|ook)\s+)?"
    r"(?:\d{1,2}[ \t]*(?:weken|wk|w)\.?\s+)?\Z"
    r"|(?i:\b(?:i\.[ \t]?v\.[ \t]?m\.?|ivm))[ \t]+\Z"
    r"|[,;][ \t]*(?i:ben)\s+(?:(?i:nu|inmiddels|momenteel|al)\s+)?"
    r"\d{1,2}[ \t]*(?i:weken|wk|w)\.?\s+\Z"
)
"""Who is pregnant, before ``zwanger`` in a sentence (``Patiënte is zwanger (12 wk)``, ``Ik
ben 12 weken zwanger``, ``Mevrouw Kok is zwanger``): her pregnancy, health data like the
form's ``Zwanger: ja``. A leaflet's ``Als u zwanger bent`` and a question (``Bent u
zwanger?``) name no one (the words in another order). A note's ``i.v.m.`` says why
something is done for her (``bellen ivm zwanger``); a leaflet writes it out. A clause of
her own message, its ``ik`` left out, with her weeks (``kan niet komen op 21 mei, ben 30
weken zwanger``)."""
_STATED = re.compile(r"(?i:\bik[ \t]+(?:ben|was)\s+(?:\S+\s+){0,2}\Z)")
"""A woman's own statement of her pregnancy, in a statement's word order (``ik ben
zwanger en moet ik die uitstrijk dan wel laten doen?``): a question after it is about
something else."""
_OPENS_NOTE = re.compile(r"[ \t\"'(:;,-]*")
"""Nothing but a note's opening before ``zwanger 20 wk`` on its line (a sample's remark,
``"opm":"zwanger 20 wk, klachten fluor"``, a cell of her row): her pregnancy's weeks,
as a note writes them."""
_NOTE_ITEM_END = re.compile(r"[ \t]*(?:[,;\u2013]|-[ \t]|\x1e|\Z)")
"""``zwanger`` a note's whole first item (``zwanger - uitstel``, ``Zwanger, colposcopie na
bevalling``, a remark cell's ``Zwanger``): her pregnancy, as the note writes it; a
leaflet's heading goes on (``Zwanger worden na een LLETZ``) or stands alone on its line,
a question asks."""
_LIST_BEFORE = re.compile(r"\w(?:[,;/][ \t]*|[ \t]+en[ \t]+)\Z")
"""A list's separator right before ``zwanger 16 wk``, after a word (an agenda's reason:
``CIN 2 follow-up, zwanger 16 wk``; a chat's ``is HPV 16 positief en zwanger (16
weken)``): the weeks make the pregnancy one woman's."""
_QUOTED_VALUE_BEFORE = re.compile(r"[\"'][ \t]*:[ \t]*[\"']\Z")
"""A quoted key's end right before ``zwanger``, the whole quoted value (a request's JSON
body: ``"reden": "zwanger"``): a field of her record says so."""
_EXAMINATION = re.compile(_EXAMINATIONS)
_WORD_BEFORE = re.compile(r"\w")
"""A word before an examination's label on its line: the label of a form or a letter opens
its line (``Bij speculumonderzoek: portio-ectropion``)."""


def _line_start(view: TextView, pos: int) -> int:
    """Where the line of ``pos`` begins, or its segment (a table's cell)."""
    return max(view.text.rfind("\n", 0, pos) + 1, view.segment(pos)[0])


_QUESTION_AFTER = re.compile(r"[^.!?\n]{0,60}\?")
"""A question ending the sentence after a match (``Bent u zwanger?``): no one's."""
_QUESTION_CLAUSE = re.compile(r"[^.!?\n,;]{0,60}\?")
"""A question ending the clause of a history (``Wat doet u tegen uw migraine?``, ``Wie
heeft in 2023 een conisatie gehad?``): a leaflet's or a form's. Not a question after a
comma (``Ik ben ook bekend met endometriose, is dat erg?``: hers)."""
_NAMED_PAP_GAP = 28
"""How much text (a person's name) a Pap label's bare class may stand after."""
_RULES: tuple[tuple[str, str], ...] = (
    (
        "hpv",
        r"\b(?:nie\s+)?wykryto\s+(?:wirusa\s+)?hpv\b"  # (a Polish letter's: found, not found)
        r"|\bgeen\s+(?:hr-?)?hpv(?:[\s-]*infectie\b(?:\s+(?:is\s+|werd\s+)?"
        r"(?:gevonden|aangetoond|vastgesteld|aangetroffen)\b)?"
        r"|(?:[\s-]*virus)?\s+(?:is\s+|werd\s+)?(?:gevonden|aangetoond|vastgesteld|aangetroffen)\b)"
        rf"|(?<![^\W_])(?:hoog[\s-]?risico[\s-]*|high[\s-]?risk[\s-]*)?(?:hr[-_]?hpv|hpv)"
        r"(?:[ \t]*\((?:hr-?)?hpv\))?"  # (``high-risk HPV (hrHPV) detected``)
        r"(?:[\s_-]*(?:test|dna|pcr|uitslag|bepaling|result|resultaat|typen?|types?|"
        r"hoog[\s-]?risico|high[\s-]?risk|hr(?![a-z])|waarde))"  # (a code's: HPV_HR)
        r"{0,2}"
        rf"(?:\s+(?:is|was|bleek|blijkt|came\s+back))?(?:['\"]?[ \t]*:[ \t]*['\"]|[\s:=_-]*)"
        rf"{_RESULT}(?![\w])"  # (a code's words apart by ``_``: ``HRHPV_POSITIEF``)
        r"|\b(?:hr-?hpv|hpv)(?:[+-]|[ ]\+)(?![\w+-])"
        r"|\b(?:hr-?)?hpv(?:[\s-]*infectie\b|(?:[\s-]*virus)?\s+"
        r"(?:gevonden|vastgesteld|aangetroffen)\b)"
        r"|\b(?:hr-?)?hpv(?:[\s-]*(?:infectie|virus))?\s+(?:is|werd|wordt)\s+(?:bij\s+u\s+)?"
        r"(?:gevonden|vastgesteld|aangetoond|aangetroffen)\b"
        r"|\bu\s(?:heeft|hebt)\s+(?:geen\s+)?(?:hr-?)?hpv\b(?![\s-]*(?:test|zelftest|vaccin|"
        r"prik|onderzoek|dna|pcr|bepaling|uitslag))",
    ),
    (
        "genotype",
        rf"\b(?:hr[\s-]?)?hpv[\s-]?{_TYPES}(?:\s*[/,&]\s*"
        rf"(?:hpv[\s-]?)?\d\d)*\b(?:[\s:]+{_RESULT}\b)?"
        r"|\b(?:hr[\s-]?)?hpv[\s-]*(?:genotype?|typering)[\s:]+(?:type\s+|hpv[\s-]?)?"
        rf"(?:\d\d\b(?:\s*[/,&]\s*\d\d)*|overige?\b|other\b|non[\s-]?16/18|{_RESULT}(?![\w])"
        r"|(?:niet|geen)\s+\w+)"
        rf"|\b(?:hr[\s-]?)?hpv[\s-]*type[\s:]+{_TYPES}(?:\s*[/,&]\s*\d\d)*\b(?:[\s:]+{_RESULT}\b)?"
        rf"|\bgenotype?(?:ring)?(?:[\s:]+|=)(?:hpv[\s-]?)?{_TYPES}(?:\s*(?:[/,&]|en)\s*"
        r"(?:hpv[\s-]?)?\d\d)*\b"
        r"|\bgenotype?(?:ring)?(?:[\s:]+|=)(?:overige?|other|non[\s-]?16/18)\b"
        r"(?:[ \t]+hr[ \t-]?hpv(?:[ \t-]*(?:typen|types|type))?\b)?"  # (``overig hrHPV``)
        # the other high-risk types named alone, a genotyping's value (``overig hrHPV``; the
        # rules that read a result after them read them where one follows)
        r"|\boverige?[ \t]+hr[ \t-]?hpv(?:[ \t-]*(?:typen|types|type))?\b"
        r"(?=[ \t]*(?:[),;.\r\n\"'\]]|$))",
    ),
    (
        "typed",
        rf"\btype[\s:]+{_TYPES}(?:\s*[/,&]\s*\d\d)*\b|\boverige?[\s:]+{_RESULT}(?![\w])",
    ),
    ("pap", rf"\bpap(?:[\s-]*klasse)?(?:[\s:]*|=)(?:3a1|3a2|3a|3b|[0-5]|{_ROMAN})(?![\w])"),
    (  # a person's history: a condition she is known with, or a treatment she had
        "history",
        rf"\b{_HISTORY_CUE}\s+(?:een\s+|het\s+|de\s+|eerdere?\s+)?{_CONDITIONS}(?![\w-])"
        rf"|\b(?:{'|'.join(_POSSESSIVES)})[ \t]{CONDITIONS}(?![\w-])"
        rf"|\b{_HAD}{_TREATMENTS}(?![\w])"
        rf"|\b{_HAD}{_OTHER_TREATMENTS}(?![\w])"
        rf"|\b{_HAD}(?!cin[\s-]?\d){_CONDITIONS}\s+gehad\b"  # (a CIN is cytology's)
        rf"|\b(?:heeft|hebt|heb|had)\s+(?:(?:{_DEGREES})\s+){{0,2}}(?!cin[\s-]?\d){_CONDITIONS}"
        rf"(?![\w-]){_NO_TEST_AFTER}"
        r"|\b(?:baarmoeder|uterus)\s+(?:is\s+|werd\s+)?(?:verwijderd|weggehaald)\b"
        rf"|\b{_CONDITIONS}(?:[ \t]+(?:stadium|stage)[ \t]+(?:[0-4]|i{{1,3}}|iv)[a-c]?[1-3]?)?"
        r"\s+(?:vastgesteld|gediagnosticeerd|geconstateerd)\b"
        rf"|\b{_CONDITIONS}[ \t]+(?:stadium|stage|figo)[ \t]+(?:i{{1,3}}|iv)[a-c][1-3]?(?![\w])"
        rf"|\b(?:na)?controle\s+na\s+(?:de\s+|een\s+|haar\s+)?{_TREATMENTS}(?![\w])"
        rf"|\b{_TREATMENTS}[\s-]*(?:na)?controle\b"
        r"|\b(?:uw|haar|mijn)\s+(?:afspraak\s+(?:(?:voor|bij)\s+)?(?:de\s+|een\s+)?)?"
        rf"(?P<appointment>{_APPOINTMENTS})\b"
        rf"|(?<=\b(?:haar|mijn|zijn)[ \t]){_TREATMENTS}(?![\w-])"
        rf"|(?:{_APPOINTMENTS}|{_TREATMENTS})(?=[ \t]+(?:(?:is|werd)[ \t]+)?"
        r"(?:gepland|ingepland|uitgevoerd|verricht)\b"
        r"|[ \t]+(?:mw|mevr|mevrouw|dhr|de[ \t]+heer)\b\.?[ \t]*\w)"
        rf"|(?:{_APPOINTMENTS}|{_TREATMENTS}|biopsie|biopt)(?={_BOOKED})"
        rf"|\b(?:uw|haar|mijn)\s+(?:{_TREATMENTS}|biopsie|biopt)-?afspraak\b"
        rf"|\b(?:advies|besluit)[*_]{{0,2}}[ \t]*+[:=]?[*_]{{0,2}}[ \t]*+(?:een[ \t]+)?"
        rf"(?:{_REFERRED}|{_TREATMENTS}|{_APPOINTMENTS})(?![\w])"
        # a letter's advice in its own words (``Wij adviseren verwijzing naar de gynaecoloog
        # voor colposcopie``), a referral made (``verwezen voor colposcopie``)
        r"|\b(?:(?:wij|we)[ \t]+advis(?:eren|eert)|adviseert|(?:wordt|werd)[ \t]+geadviseerd)"
        rf"[ \t]+(?:een[ \t]+)?(?:{_REFERRED})(?![\w])"
        r"|\bverwezen[ \t]+(?:naar[ \t]+(?:de[ \t]+)?(?:gynaecoloog|gynaecologie)[ \t]+)?voor[ \t]+"
        rf"(?:een[ \t]+)?{_APPOINTMENTS}(?![\w])"
        rf"|\bverzoek(?:[ \t]*:[ \t]*|[ \t]+(?:om[ \t]+)?)(?:een[ \t]+)?"
        rf"(?:{_TREATMENTS}|{_APPOINTMENTS})(?![\w])"
        r"|\b(?:planden|verrichtten|verrichtte)[ \t]+(?:bij[ \t]+haar[ \t]+)?(?:(?:een|de)[ \t]+)?"
        rf"(?:{_TREATMENTS}|{_APPOINTMENTS})(?![\w])"
        r"|\bbij[ \t]+(?:de[ \t]+)?colposcopie[ \t]+(?:werd|werden|zagen|zag|bleek|was)\b"
        rf"|(?P<dated>\b(?:{_TREATMENTS}|{_OTHER_TREATMENTS})[ \t]+(?:in[ \t]+)?"
        r"(?:(?:0?[1-9]|1[0-2])[-/])?(?:19|20)\d\d\b)"
        rf"|(?P<treated>\b{_TREATMENTS}(?=\s+{_HAD_AFTER}\b))"
        rf"|\beigen[ \t]+risico[ \t]+{_BILLED}",
    ),
    (  # a condition as the reason of a person's appointment, after a dash on her line
        # (``09:00  mw. Ş. Çelik, geb. 04-04-1966 - controle hypertensie``)
        "visit",
        rf"(?<=[\s)][-\u2013\u2014|][ \t])(?:{_VISIT_WORDS}[ \t]+)?"
        rf"(?:{_CONDITIONS}|zwangerschapstest[ \t]+positief|zwanger(?:{_WEEKS})?)(?![\w-])",
    ),
    (  # a diagnosis code with its condition, or after its system's name
        "diagnosis",
        rf"\b(?:icpc|icd(?:-?10)?)[\s:-]*{_DIAGNOSIS_CODE}(?:[ \t]+{_CONDITIONS})?(?![\w-])"
        rf"|\b{_DIAGNOSIS_CODE}[ \t]+{_CONDITIONS}(?![\w-])"
        rf"|(?<![^\n \t]){_DIAGNOSIS_CODE}[ \t]{{2,}}[a-z][^\n\d]{{2,60}}?"
        r"(?=[ \t]{2,}sinds[ \t]+\d)",  # (a journal's episode list: ``X86  Afwijkend ...``)
    ),
    (  # a medicine with its dose, after a verb of use, before its start, or in a list
        "medication",
        rf"\b{MEDICINES}(?:[ \t]*\([^()\n]{{1,30}}\))?(?:[ \t]+{_FORMS})?[ \t:]*{DOSE}"
        rf"|\b{MEDICINES}(?:{_LIST_AND}{MEDICINES})+(?![\w-])"
        rf"|\b{USE}{MEDICINES}(?:(?:[ \t]*\([^()\n]{{1,30}}\))?[ \t:]*{DOSE}|{_REASON}|(?![\w-]))"
        rf"|\b{USE}de[ \t]+(?:anticonceptie)?pil(?![\w-])(?:[ \t]*\([^()\n]{{1,30}}\))?"
        rf"|\b{MEDICINES}(?={STARTED})"
        rf"|\b{MEDICINES}{_REASON}",
    ),
    (  # a sample's type and its test, as a tube's label or a request gives them; a test
        # requested for her
        "sample",
        rf"\b{_SAMPLE}|(?<!geen[ \t]){_REQUESTED}",
    ),
    ("follow_up", rf"\b{_REPEAT_IN}"),  # her next test's time
    (  # a test billed to her on an invoice's line, after its day and before its price
        "billed",
        rf"\b(?:{_TEST_WORDS}|{_ANALYTES})(?:[ \t]+[^\n€\t]{{0,50}}?)?"
        r"(?=[ \t]+€[ \t]?\d{1,4}[,.]\d\d(?!\d))",
    ),
    (  # a Pap label, the person's name, then the bare class (``PAP-uitslag mw. Kok: 3A2``)
        "named_pap",
        rf"\bpap[\s-]*(?:uitslag|klasse|class|result)\b[^\n:;=]{{1,{_NAMED_PAP_GAP}}}?:[ \t]*"
        rf"(?P<pv>3a1|3a2|3a|3b|[0-5]|{_ROMAN})(?![\w])",
    ),
    (
        "kopac",
        r"\b(?:kopac(?:-b)?[\s:]*)?k\s?[1-9][\s,-]*o\s?[1-9][\s,-]*p\s?[1-9][\s,-]*"
        r"a\s?[1-9][\s,-]*c\s?[1-9](?:[\s,-]*b\s?[1-9])?\b",
    ),
    (  # KOPAC-B's English twin (composition, inflammation, squamous, other, endocervical,
        # adequacy), in older reports and foreign labs' requests
        "cisoe",
        r"\b(?:cisoe(?:-a)?[\s:]*)?c\s?[1-9][\s,-]*i\s?[1-9][\s,-]*s\s?[1-9][\s,-]*"
        r"o\s?[1-9][\s,-]*e\s?[1-9](?:[\s,-]*a\s?[1-9])?\b",
    ),
    (
        "cytology",
        r"\b(?:cin[\s-]?(?:[1-3]|i{1,3})(?:[\s]*[-/][\s]*(?:[1-3]|i{1,3})(?![\w-]))?"
        r"|[hl]sil|asc-?(?:us|h)|agc|ais|nilm|"
        r"p16(?:[\s-]*(?:ink4a|immuunkleuring|kleuring|immuno\w*))?[\s:]+"
        r"(?:positief|negatief|pos|neg|sterk\s+positief|diffuus\s+positief|block[\s-]+positief)|"
        r"(?:plaveiselcel|adeno|basaalcel)carcinoom|carcinoma\s+in\s+situ|geen\s+(?:cin|dysplasie)|"
        r"dysplasie|koilocytose|condylomata?|(?:geen\s+)?afwijkende\s+cellen|"
        r"(?:chronische\s+)?cervicitis|(?:hoog|laag)gradige\s+(?:squameuze\s+|plaveiselcel\s*)?"
        r"intra-?epitheliale\s+(?:laesie|neoplasie)|"
        r"(?:materiaal|uitstrijkje|preparaat)\s+(?:is\s+|was\s+)?(?:niet\s+|on)beoordeelbaar|"
        r"onvoldoende\s+(?:materiaal|cellen))\b",
    ),
    (
        "test_result",
        rf"\b{_TEST_WORDS}(?:[\s-]+(?:pcr|kweek|test|\(\w+\)))*\s*[:=]\s*[^\n\x1e;\"]{{2,80}}?"
        rf"(?:{_VALUE_END}|(?=\"))"  # (a JSON string's end: a payload quoted in a log)
        rf"|\b{_STI}(?:[\s-]+(?:pcr|naat|test|sneltest|dna|serologie|antistoffen))*"
        rf"(?:[\s:]+|-){_STI_RESULT}(?:{_LIST_AND}{MEDICINES})*(?![\w-])"
        rf"|(?P<sti_found>\b{_STI}(?:[\s-]+(?:pcr|naat|test|dna))*\s+aangetoond(?![\w]))"
        rf"|\b{_CULTURE}(?:\s+(?:is|was|bleek|blijkt))?\s+{_STI_RESULT}(?![\w])"
        r"|\b" + _CULTURE + r"\s*(?:[<>≥]=?|meer\s+dan)\s*10\s?[\^eE*]?\s?[3-8](?!\d)"
        rf"|\b(?:soa|sti)(?:[\s-]+(?:test|sneltest|onderzoek|screening))+"
        rf"(?:\s*\([^()\n\x1e]{{1,40}}\))?(?:\s+(?:is|was|bleek|blijkt))?[\s:]+"
        rf"{_STI_RESULT}(?![\w])",
    ),
    (  # a measured value with its unit (``glucose nuchter 7,8 mmol/L``, ``PSA 6,2 ug/L``)
        "measurement",
        rf"\b{_ANALYTES}(?:[\s-]+(?:nuchter|niet[\s-]nuchter|totaal|serum|plasma|bloed))?"
        rf"(?:[\s:=]*|{_FIELD_GAP})\d{{1,4}}(?:[.,]\d{{1,2}})?\s?{_UNITS}(?![\w/])"
        r"|\b(?:rr|bloeddruk|tensie)[ \t:=]*\d{2,3}[ \t]?/[ \t]?\d{2,3}"
        r"(?:[ \t]?mm[ \t]?hg)?(?![\w/])"
        r"|\b(?:phq-?9|gad-?7|epds|hads)(?:[ \t-]+(?:score|totaal))?[ \t:=]*"
        r"\d{1,2}(?![\w/]|[.,]\d)",  # (a questionnaire's score: ``PHQ-9 score 18``)
    ),
    (  # a result after its label, where no rule above names the test
        "result",
        r"\b(?:uitslag|resultaat|(?:cervix)?uitstrijkje)[ \t]*[:=][ \t]*(?:"
        r"(?:positief|negatief|positive|negative|(?:niet[ \t]+)?aangetoond|not[ \t]+detected|"
        r"detected|(?:niet[ \t-]*)?afwijkend|normaal|geen[ \t]+(?:afwijkingen|bijzonderheden)"
        r"|3a[12]|3b|onbeoordeelbaar|niet[ \t]+beoordeelbaar)(?![\w])"
        rf"|(?![^\n]{{0,70}}?(?:hpv|pap|cin|kopac|[hl]sil|{_STI}))[A-Z][^\n.:;=]{{1,60}}?"
        r"[ \t](?:niet[ \t]+)?aangetoond(?![\w]))",
    ),
    (  # a record's section heading alone on its line, over a list (read in :meth:`find`)
        "section",
        rf"(?<![^\n]){_SECTIONS}[ \t]*:?[ \t]*(?=\r?\n[ \t]*[-*\u2022][ \t])",
    ),
    (
        "clinical",
        rf"\b{_CLINICAL_LABELS}(?:[\"'][ \t]*[:=][ \t]*[\"'](?![\s\"'])"
        r"[^\n\x1e;\"']{2,80}(?=[\"'])"
        r"|[\"'][ \t]*:[ \t]*true(?![\w])"  # (a JSON key's yes: ``"zwanger": true``)
        rf"|[ \t]*[:=][ \t]*[^\s\x1e;][^\n\x1e;]{{1,79}}?{_VALUE_END})"
        r"|(?P<pregnant>\bzwanger\b(?P<weeks>[ \t]*\([ \t]*\d{1,2}[ \t]*(?:weken|wk|w)\.?[ \t]*\)"
        rf"|{_WEEKS})?)",
    ),
)
_EXACT = lazy("|".join(f"(?P<{k}>{r})" for k, r in _RULES), regex.IGNORECASE)
_TEXT_ONLY = frozenset({"diagnosis", "medication", "visit", "section"})
"""Rules read in free text only, never in a table's cell: a result column holds results
(a journal's medicines and codes stand under headers of their own, ``medicatie``,
``ICPC``, whose cells are all health data); and their patterns, which may start at any
letter, would cost every cell's search twice the time."""
_CELL_EXACT = lazy(
    "|".join(f"(?P<{k}>{r})" for k, r in _RULES if k not in _TEXT_ONLY), regex.IGNORECASE
)
""":data:`_EXACT` for a table's cells."""
_APPOINTMENT_STARTS = ("afspr", "colpo", "contr", "herha")
"""How an appointment's or examination's word begins after her possessive (``uw afspraak
voor colposcopie``, ``uw controle-uitstrijkje``): a start of its own per possessive, as
:data:`_POSSESSIVES` with a condition."""
_BOOKED_STARTS = ("conis", "lis", "letz", "lletz", "leep", "lus", "biops", "biopt")
"""How a treatment's word begins after her possessive (``uw LLETZ-afspraak``)."""
_STARTS: tuple[str, ...] = (
    *("hr", r"k[1-9]", r"k[\s\S][1-9]", "hpv", "pap", "kopac", "cin", "hsil", "lsil", "asc"),
    *("cisoe", r"c[1-9]i", r"c[1-9][\s,-]i", r"c[1-9][\s,-][\s,-]i", r"c[ ][1-9]"),
    *(
        "agc",
        "ais",
        "nilm",
        "plaveiselcel",
        "adenocarcinoom",
        "carcinoma",
        "dysplasie",
        "koilocytose",
    ),
    *("condylom", "urine", "huid", "wond", "soa", "sti", "chlamydia", "neisseria", "gonorr"),
    *("hoog", "high", "hbsag", "anti", "mrsa", "faeces", "keeluitstrijk", "overig"),
    *("cervicitis", "chronische", "laaggradige", "materiaal", "uitstrijkje", "preparaat"),
    *("onvoldoende",),
    *("genotyp", "type"),
    *("syfilis", "lues", "hiv", "hepatitis", "trichomonas", "mycoplasma", "herpes", "kweek"),
    *("feces", "bloedkweek", "keelkweek", "sputum", "dermatofyten", "schimmel", "cytologie"),
    *("histologie", "biopt", "biops", "basaalcel", "geen", "afwijkende", "klinische", "klin"),
    *("neuskweek", "vaginakweek", "cervixkweek", "perineumkweek", "cervixbiopt"),
    *("zas", "zelfafname"),
    *_ANALYTE_WORDS,
    "vitamine",
    *("bekend", "status", "voorgeschiedenis", "had", "heeft", "hebt", "heb", "onderging"),
    *("kreeg", "moet", "wykryt", r"nie[ \t]wykr"),
    *("diagnose", "medicatie", "medicijn", "allergie", "reden", "hulpvraag"),
    *("krijgt", "p16"),
    *("conisatie", "lis", "letz", "lletz", "leep", "lus", "hysterectomie"),
    *("lijdt", "leidt", "leed", r"i\.", "ivm", "behandel", "opgenomen", r"let[ \t]op"),
    *("advies", "radiot", "bestra", "chemo", "immuno", "keizer", "sectio", "mastec"),
    *("borsta", "lumpec", "phq", "gad", "epds", "hads"),
    *(rf"{p}[ \t]{c}" for p in _POSSESSIVES for c in CONDITION_STARTS),
    *("icpc", "icd", r"[a-z]\d\d", "rr", "bloeddruk", "tensie", "overgevoelig"),
    *CONDITION_STARTS,
    *("diabet", "aids", "uterus", "baarmo", "borstk", "eierst", "darmka", "kanker"),
    *("cervixc", "carcin", "genita", "consult", "nacontrole", "follow", "intake"),
    *("evaluatie", "spreekuur", "controle", "colposcopie", "herhaal", "verzoek"),
    *("herhaling", "besluit", r"volgende[ \t]", r"nieuwe[ \t]"),
    *("planden", "verricht", r"bij[ \t]colpo", r"bij[ \t]de[ \t]colpo"),
    *(r"wij[ \t]advis", r"we[ \t]advis", "adviseert", r"wordt[ \t]geadv", r"werd[ \t]geadv"),
    "verwezen",
    *(rf"{p}[ \t]{w}" for p in ("uw", "haar", "mijn") for w in _APPOINTMENT_STARTS),
    *(rf"{p}[ \t]{w}" for p in ("uw", "haar", "mijn") for w in _BOOKED_STARTS),
    r"eigen[ \t]risico",
    *("intolerantie", "obstetrisch", "gebruik", "slik", "neemt", "start", "gestart"),
    *("begonnen", "stop", "gestopt", "overgestapt", "allergisch", "voorgeschreven"),
    "ingesteld",
    *("doodsoorzaak", "overleden", "draagster"),
    *MEDICINE_STARTS,
    *("uitslag", "resultaat", r"u[\s]heeft", r"u[\s]hebt", "cervixuitstrijkje"),
    *("anamnese", "zwanger", "graviditeit", "iud", "spiraal", "anticonceptie", "menopauze"),
    "klachten",
    *("postmenopauze", "postcoïtaal", "contactbloedverlies", "bloedverlies", "hormoongebruik"),
    *(rf"bij[ \t]{w}" for w in ("specul", "lichaa", "gynaec", "vagina")),
    *("speculum", "lichamelijk", "gynaecologisch", "vaginaal"),
)
"""How every :data:`_EXACT` match begins (after ``\\b``, or after ``_`` in a key:
``uitslag_hpv=neg``), as prefilter patterns of one fixed length each: their hits are the
only places the exact pattern is tried."""
_START_TAG = "start"


def _start_patterns() -> Iterator[tuple[str, str]]:
    by_len: dict[int, list[str]] = {}
    for p in _STARTS:
        n = len(regex.sub(r"\[[^\]]*\]|\\.", "x", p))  # (a class, an escape: one)
        by_len.setdefault(n, []).append(p)
    for n, alts in sorted(by_len.items()):
        yield f"{_START_TAG}{n}", rf"(?:\b|_)(?:{'|'.join(alts)})"


_LINE_VETOES = (
    "eur ",
    "eur\u00a0",
    "\u20ac",
    "prijs",
    "reagens",
    "controlemateriaal",
    "lotnummer",
    "artikel",
    "bestel",
    "voorraad",
    "doos",
    "stuks",
    # a run's control material and an external quality round: no one's sample
    "plasmide",
    "positieve controle",
    "negatieve controle",
    "controlemonster",
    "rondzending",
    "ringonderzoek",
)
_CONSENSUS = ("consensus",)
"""A quality round's agreed answer beside a lab's own (``uw uitslag Pap 3a2, consensus Pap
3a2``): no one's; but a line that opens with it as a label (an intervision's case,
``Consensus: K1 O1 P1 A1 C1 B1.`` under her name) is her result."""
_CONSENSUS_LABEL = re.compile(r"[ \t]*(?i:consensus)[ \t]*:")
_SPACES = regex.compile(r"\s+")
_NEGATED = re.compile(r"\b(?:geen|niet|nooit|no)\b[^\n.;:]{0,40}\Z")
"""A negation earlier in the clause before an infection found without a colon (``Er is
geen Chlamydia trachomatis of gonorroe aangetoond``): nothing was found."""
_CELL_RESULT = regex.compile(
    rf"\b(?:{_RESULT}|hpv\s?\d\d|overig|[0-5]|3a[12]?|3b|[a-z]\d(?:\s?[a-z]\d){{3,}}|"
    r"geen\s+groei|groei|\w*flora|kve|aangetoond|matig|veel|weinig|cin|[hl]sil|asc|agc|ais|"
    r"aureus|coli|albicans|rubrum|aeruginosa|pneumoniae|\w*kokken|streptococc\w*|"
    r"staphylococc\w*|enterococc\w*|klebsiella|proteus|candida|gisten|"
    r"\w*carcinoom|dysplasie|normaal|afwijkend|geen\s+dermatofyten|"
    r"naevus|\w*keratose|verruca|\w*fibroom|lipoom|melanoom|poliep|cyste|hyperplasie)\b",
    regex.IGNORECASE,
)
"""What a cell under a result header holds when it is a result (``negatief``, ``16``,
``3a2``, a KOPAC code, culture wording, a skin biopsy's histology: ``naevus
naevocellularis``, ``seborroïsche keratose``)."""


_NO_TEST = regex.compile(
    r"\b(?:opmerking|commentaar|comment|remark|toelichting|notitie|note|aanvrager|afzender|"
    r"requester|status|\w*datum|date|\w*tijd|time|referentie|reference|barcode|\w*nummer|number|"
    r"id)\b",
    regex.IGNORECASE,
)
"""An observation's identifier that names no measurement (a remark, the requester, a
date, a number): its value is no result."""
MAX_OTHER_RESULT = 64
"""Longest value read as the result of a test of no kind of ours (a report's text is
read as text)."""


_CODED_VALUE = regex.compile(
    r"(?P<code>[A-Za-z0-9.\-_]{0,20})\^(?P<text>[^^]{0,80})(?:\^[^^]{0,30}){1,4}"
)
"""A coded value as HL7's CE and CWE write one: code, text, coding system and more
(``POS^positief^L``, ``^16^L``); not a value with a power of ten in it (``10^4 kve/ml``,
two parts, the first no code)."""
_QUOTED_KEY_END = regex.compile(r"""['"]?[ \t]*:[ \t]*['"]""")
"""Between a key, quoted or not, and its quoted value (a dict's repr or JSON in a log
line, a YAML file's ``hpv: "onbeoordeelbaar"``)."""


class HealthDetector(Detector):
    id = "health"
    data_class = "health"
    kind = "result"
    patterns = (
        r"hpv",
        r"\bpap[\s:=-]*(?:klasse)?[\s:]*(?:[0-5]|i{1,3}|iv|v)",
        r"\bk\s?[1-9][\s,-]*o\s?[1-9]",
        r"\bc\s?[1-9][\s,-]*i\s?[1-9][\s,-]*s\s?[1-9]",
        r"\b(?:cin[\s-]?(?:[1-3]|i{1,3})|[hl]sil|asc-?(?:us|h)|agc|ais)\b",
        r"carcinoom|carcinoma|dysplasie|cervicitis|geen\s+cin\b|gradige\s+(?:squameuze|plaveiselcel|intra)",
        r"beoordeelbaar|onvoldoende\s+(?:materiaal|cellen)",
        r"kweek\s*(?:[<>≥]|meer\s+dan)",
        r"koilocytose|condylom",
        r"\bbiop(?:t|sie)[ \t]+(?:cervix|portio|vulva|vagina|endometrium)|cervixbiopt"
        r"|\b(?:herhal|controle|besluit)[^\n]{0,30}?[ \t](?:over|na|binnen|lletz|letz|leep|lis)\b"
        r"|\b(?:volgende|nieuwe)[ \t]+(?:screenings)?(?:ronde|uitnodiging)[ \t]+"
        r"(?:over|na|binnen)\b"
        r"|uitstrijkje[ \t]*[-/:]?[ \t]*(?:cytologie|lbc)",
        r"[0-9][ \t]{1,8}(?:urine|wond|huid|keel|bloed|sputum|soa|chlamydia|neisseria|gonorr"
        r"|syfilis|lues|hiv|hepatitis|trichomonas|mycoplasma|herpes|hbsag|mrsa|hba1c|kweek"
        r"|cytologie|histologie|biopt|biopsie|feces|faeces|dermatofyten|schimmel)",
        r"afwijkende\s+cellen|afwijkende?\s+uitstrijkje",
        r"\bgenotype?(?:ring)?[\s:=]+(?:hpv[\s-]?)?(?:16|18|31|33|35|39|45|5[1-9]|6[68])",
        r"(?:kweek|schraapsel|urine|chlamydia|gonorr|syfilis|lues|hiv|trichomonas|mycoplasma|"
        r"herpes|dermatofyten|cytologie|histologie|biopt|biops|soa|sti|feces|faeces|sputum|hbsag|"
        r"hcv|mrsa|keeluitstrijk)[^\n:=]{0,30}[:=]",
        r"(?:chlamydia|gonorr|syfilis|lues|hiv|hepatitis|trichomonas|mycoplasma|herpes|kweek|"
        r"hbsag|hcv|mrsa)"
        r"[^\n:=]{0,30}?(?:positief|negatief|positive|negative|pos|neg|aangetoond|detected|"
        r"gedetecteerd|reactief)",
        r"\b(?:soa|sti)[^\n:=]{0,50}?(?:positief|negatief|positive|negative|pos|neg|detected|"
        r"gedetecteerd|reactief)",
        r"(?:kweek|chlamydia|gonorr|syfilis|lues|hiv|trichomonas|mycoplasma|herpes|hbsag|hcv|mrsa"
        r"|pcr|naat|test|dna|serologie)[ \t]+(?:(?:is|werd|was|wordt)[ \t]+)?"
        r"(?:aangevraagd|afgenomen|ingestuurd|ingezet)",
        r"\b(?:uitslag|resultaat|(?:cervix)?uitstrijkje)[ \t]*[:=]",
        r"(?:klinisch|klin\.?[ \t]+gegevens|anamnese|zwanger|graviditeit|iud|spiraal|"
        r"anticonceptie|menopauze|"
        r"bloedverlies|hormoongebruik|diagnose|medicatie|medicijn|voorgeschiedenis|allergie|"
        rf"verwijzing|hulpvraag|{_EXAMINATIONS})[^\n:=]{{0,30}}[:=]",
        rf"\b{_ANALYTES}[^\n\d]{{0,24}}\d",
        rf"\bpap[\s-]*(?:uitslag|klasse|class|result)\b[^\n:;=]{{1,{_NAMED_PAP_GAP}}}:",
        r"\b(?:bekend\s+met|status\s+na|voorgeschiedenis|doodsoorzaak|overleden\s+aan|"
        r"draagster)\b",
        rf"\b{_HAD}{_TREATMENTS}",
        rf"{_TREATMENTS}\s+{_HAD_AFTER}\b",
        rf"\b(?:{_TREATMENTS}|{_OTHER_TREATMENTS})",
        r"\bbiop(?:sie|t)\b",
        r"\beigen[ \t]+risico\b",
        r"\b(?:phq|gad|epds|hads)\b",
        _APPOINTMENTS,
        r"\bzwanger\b",
        r"\bp16\b",
        rf"\b{MEDICINES}\b",
        r"\bde\s+(?:anticonceptie)?pil\b",
        rf"\b(?:{'|'.join(CONDITION_STARTS)}|diabet|aids|hiv)|kanker\b",
        rf"\b(?:heeft|hebt|heb|had|ivm|lijdt|leed)\s+(?:een\s+)?{_INFECTIONS}\b",  # (history)
        r"\badvies[ \t]*[:=]?[ \t]*(?:een[ \t]+)?verwijzing\b",
        r"\b(?:advis(?:eren|eert)|geadviseerd)[ \t]+(?:een[ \t]+)?verwijzing\b",
        r"\bverwezen[ \t]+(?:naar|voor)\b",
        rf"\bklachten[ \t]*[:=][ \t]*{_SYMPTOMS}",
        r"\b(?:icpc|icd)",
        r"\b[a-z]\d\d[ \t]{2,}[a-z]",  # (an episode list's code: its window reaches ``sinds``)
        r"\b(?:rr|bloeddruk|tensie)[ \t:=]*\d",
        r"(?:overgevoeligheid|intolerantie|obstetrisch)[^\n:=]{0,30}[:=]",
        rf"{_SECTIONS}[ \t]*:?[ \t]*\r?\n[ \t]*[-*?]",  # (a bullet beyond latin-1: ``?``)
    )
    caseless = True
    max_len = 40
    lookahead = 100
    header_keywords = (
        "uitslag",
        "resultaat",
        "result",
        "hpv",
        "hrhpv",
        "hr hpv",
        "genotype",
        "pap",
        "papklasse",
        "pap klasse",
        "kopac",
        "kopac b",
        "cisoe",
        "cisoe a",
        "cytologie",
        "histologie",
        "conclusie",
        "diagnose",
        "bevinding",
        "obx-5",
        "kweek",
        "obx-5.1",
        "res+",
        "result text",
        "uitsl",
        "geno",
        "uitsl txt",
        "hpv type",
        "typering",
        "doodsoorzaak",
        "cause of death",
        "aandoening",
        "ziektebeeld",
    )
    text_labels = ("klachten",)
    header_negative = (
        "datum", "date", "status", "code lab", "labnummer", "id",
        # whether a test was done or sent, not its result
        "done", "gedaan", "uitgevoerd", "aangevraagd", "verzonden", "verstuurd",
    )  # fmt: skip
    cell_text_negative = tuple(w for w in header_negative if w != "status")
    """A status column is no result's to claim (``verzonden``, ``afgerond``), but a result
    written in it is one (``Status BVO``: ``hrHPV positief, geen vervolg``)."""
    sample_pass_rate = 2.0
    base_confidence = 0.9

    def tagged_patterns(self) -> Iterable[tuple[str, str]]:
        yield from _start_patterns()
        yield _TICKED_TAG, _TICKED_BOX

    def find_tagged(self, view: TextView, hits: Mapping[str, Sequence[int]]) -> Iterator[TextMatch]:
        """Windows around the loose patterns' hits, as :meth:`find`; within them the exact
        pattern is tried only where a start pattern hit (unless the text holds characters
        the prefilter cannot see: then every position is tried). And a form's ticked
        boxes (:meth:`_ticked`)."""
        ticked = hits.get(_TICKED_TAG, ())
        ends = hits.get("", ())
        if ends:
            if view.wide:
                yield from self.find(view, ends)
            else:
                n = len(_START_TAG)
                starts = sorted(
                    {
                        e - int(tag[n:])
                        for tag, es in hits.items()
                        if tag not in ("", _TICKED_TAG)
                        for e in es
                    }
                )
                yield from self.find(view, ends, starts)
        if ticked:
            yield from self._ticked(view, ticked)

    def _ticked(self, view: TextView, ends: Sequence[int]) -> Iterator[TextMatch]:
        """What a form's ticked box says of her (``[x] borstvoeding``, ``[X] eerder
        afwijkend uitstrijkje``): the item after the box, up to its line's end, a wide
        gap or the next box, where it names a condition, a treatment, a medicine, a
        pregnancy or a test (:data:`_TICKED_HEALTH`), kind ``clinical``. An empty box is
        no answer; an item that speaks to its reader is a leaflet's."""
        for end in ends:
            m = _TICKED_ITEM.match(view.text, end)
            if m is None or not _TICKED_HEALTH.search(m["item"]) or _READER.search(m["item"]):
                continue
            start, stop = m.span("item")
            value = _SPACES.sub(" ", m["item"])
            yield TextMatch(
                start, stop, value, "clinical", self.base_confidence, "ticked on a form"
            )

    def find(
        self, view: TextView, ends: Sequence[int], starts: Sequence[int] | None = None
    ) -> Iterator[TextMatch]:
        seen: set[tuple[int, int]] = set()
        for lo, hi in view.hit_windows(ends, self.max_len, self.lookahead):
            if starts is None:
                found = view.finditer(_EXACT, lo, hi)
            else:
                at = starts[bisect_left(starts, lo) : bisect_left(starts, hi)]
                found = view.finditer_at(_EXACT, at, lo, hi)
            for m in _with_named_results(view, found):
                kind = m.lastgroup or "result"
                start, end = m.span()
                if kind == "section":
                    yield from _section_items(view, end, seen, self.base_confidence)
                    continue
                if kind == "named_pap":  # (the class alone: the name before it is hers)
                    kind = "pap"
                    start, end = m.span("pv")
                elif m.group("appointment"):  # (her appointment's examination alone)
                    start, end = m.span("appointment")
                if kind == "billed" and not _BILLED_DAY.fullmatch(
                    view.text, _line_start(view, start), start
                ):
                    continue  # (a price list's line: no day she had the test)
                if (start, end) in seen or (
                    kind not in ("history", "billed")
                    and (
                        view.line_has(start, _LINE_VETOES, 0)
                        or (
                            view.line_has(start, _CONSENSUS, 0)
                            and not _CONSENSUS_LABEL.match(view.text, _line_start(view, start))
                        )
                    )
                ):
                    continue  # (a price list's; a history's cue, a day billed make it hers)
                if (
                    kind == "clinical"
                    and _EXAMINATION.match(view.lower, start)
                    and _WORD_BEFORE.search(view.text, _line_start(view, start), start)
                ):
                    continue  # (a leaflet's heading: ``Het speculumonderzoek: zo gaat het``)
                if kind == "visit" and not _PERSON_ON_LINE.search(
                    view.lower, _line_start(view, start), start
                ):
                    continue
                if m.group("sti_found") and _NEGATED.search(view.lower, max(0, start - 48), start):
                    continue  # (``geen chlamydia of gonorroe aangetoond``)
                if m.group("pregnant") and (
                    not (
                        _PREGNANT_BEFORE.search(view.text, max(0, start - 48), start)
                        or (
                            m.group("weeks")
                            and (
                                _OPENS_NOTE.fullmatch(view.text, _line_start(view, start), start)
                                or _LIST_BEFORE.search(view.text, max(0, start - 5), start)
                            )
                        )
                        or (
                            _NOTE_ITEM_END.match(view.text, end)
                            and _OPENS_NOTE.fullmatch(view.text, _line_start(view, start), start)
                        )
                        or (
                            _QUOTED_VALUE_BEFORE.search(view.text, max(0, start - 8), start)
                            and view.text.startswith(view.text[start - 1], end)
                        )
                    )
                    or (
                        _QUESTION_CLAUSE.match(view.text, end)
                        and not _STATED.search(view.text, max(0, start - 24), start)
                    )
                ):
                    continue  # (``Als u zwanger bent``: no one's; ``Ik ben zwanger, kan
                    # dat kwaad?``: hers)
                if m.group("treated") and (
                    not _SUBJECT_BEFORE.search(view.lower, max(0, start - 40), start)
                    or _QUESTION_AFTER.match(view.text, end)
                ):
                    continue  # (``Een lis-excisie moet ...``: no one's)
                if m.group("dated") and ":" not in view.text[_line_start(view, start) : start]:
                    continue  # (a year beside a treatment is hers in a label's value,
                    # ``Vorige partus: sectio caesarea 2021``; ``Kosten chemotherapie 2023``)
                if kind == "history" and _QUESTION_CLAUSE.match(view.text, end):
                    continue  # (a leaflet's ``Wat doet u tegen uw migraine?``, a form's
                    # ``Wie heeft in 2023 een conisatie gehad?``)
                if hypothetical(view.text, view.lower, min(start, m.start()), end, kind):
                    continue
                if kind == "typed":  # a bare "type 18": an HPV result's genotype only
                    if "hpv" not in view.lower[max(0, start - _TYPED_AFTER) : start]:
                        continue
                    kind = "genotype"
                value = _SPACES.sub(" ", view.text[start:end].strip())
                if "'" in value or '"' in value:  # a quoted key's: ``'uitslag_hpv': 'neg'``
                    value = _QUOTED_KEY_END.sub(": ", value)
                while value.endswith(")") and value.count(")") > value.count("("):
                    value = value[:-1].rstrip()  # (its bracket's: ``(Zwanger: ja).``)
                    end = view.text.rindex(")", start, end)
                seen.add((start, end))
                yield TextMatch(
                    start, end, value, kind, self.base_confidence, f"pattern health/{kind}"
                )
                if kind == "hpv" and (
                    typed := _BRACKET_TYPES.match(view.text, end)
                    or _TYPES_AFTER.match(view.text, end)
                ):
                    span = typed.span("g")
                    if span not in seen:
                        seen.add(span)
                        value = _SPACES.sub(" ", typed["g"])
                        how = "in brackets " if typed.re is _BRACKET_TYPES else ""
                        yield TextMatch(
                            span[0], span[1], value, "genotype", self.base_confidence,
                            f"pattern health/genotype {how}after the HPV result",
                        )  # fmt: skip

    def header_claim(self, header: str, sample: Sequence[str]) -> tuple[bool, ColumnVerdict | None]:
        """:meth:`Detector.header_claim`; and a column of clinical details
        (``Klinische gegevens``, ``Anamnese``, ``Zwanger``): every cell that holds
        something is health data (kind ``clinical``), the header being its label."""
        key = header_hit(header, _CLINICAL_HEADERS)
        if key is None or header_hit(header, self.header_negative):
            if (follow := self._follow_up_claim(header, sample)) is not None:
                return True, follow
            if (billed := self._billed_claim(header, sample)) is not None:
                return True, billed
            decided, verdict = super().header_claim(header, sample)
            if decided and verdict is None and sample:
                return True, self._coded_claim(header, sample)
            return decided, verdict
        verdict = self.header_verdict(key, "clinical")
        if sample and not share_at_least(sample, _holds_something, HEADER_SAMPLE_SHARE):
            return True, None
        return True, verdict

    def _follow_up_claim(self, header: str, sample: Sequence[str]) -> ColumnVerdict | None:
        """A column of what follows a result for each woman (``Vervolg``, ``Advies``,
        ``Actie``) where its sample names a treatment or an examination of hers
        (:data:`_FOLLOW_UP`: ``LLETZ``, ``verwijzing gynaecoloog voor colposcopie``): her
        care, health data, kind ``follow_up`` (:meth:`cells` reads only such values)."""
        return self._care_claim(header, sample, _FOLLOW_UP_HEADERS, _FOLLOW_UP, "follow_up")

    def _billed_claim(self, header: str, sample: Sequence[str]) -> ColumnVerdict | None:
        """A declaration's or an invoice's column of what was billed for her
        (``Prestatie.Omschrijving``: ``Chlamydia trachomatis PCR``) where its sample
        names a test or a treatment (:data:`_BILLED_TEST`): health data, kind
        ``billed`` (:meth:`cells` reads only such values)."""
        return self._care_claim(header, sample, _BILLED_HEADERS, _BILLED_TEST, "billed")

    def _care_claim(
        self,
        header: str,
        sample: Sequence[str],
        headers: Sequence[str],
        care: regex.Pattern[str],
        kind: str,
    ) -> ColumnVerdict | None:
        """A column ``headers`` names whose sample holds a value ``care`` finds: ``kind``."""
        key = header_hit(header, headers)
        if key is None or header_hit(header, self.header_negative):
            return None
        if not any(care.search(v) for v in sample):
            return None
        return self.header_verdict(key, kind)

    def _coded_claim(self, header: str, sample: Sequence[str]) -> ColumnVerdict | None:
        """A column named for one test's result whose values are that test's codes
        (:data:`_CODED`: ``HPV_res`` holding ``1``/``0``, ``Pap_klasse`` holding ``2``,
        ``genotype`` holding ``16``; ``Cytologie`` holding ``3b``, Pap classes): its
        sample's share of codes decides."""
        kind = header_kind(header)
        if kind == "cytology":  # (a cytology's result, given as its Pap class alone)
            kind = "pap"
        key = header_hit(header, self.header_keywords)
        if kind not in _CODED or key is None or header_hit(header, self.header_negative):
            return None
        if kind == "pap" and _CLASS_IN_HEADER.search(header):
            return None  # (``Pap 2``, ``Pap 3a2+``: a summary's count of that class)
        if not share_at_least(sample, lambda v: _coded(v, kind) is not None, HEADER_SAMPLE_SHARE):
            return None
        return self.header_verdict(key, kind)

    def column_verdict(self, header: str, key: str) -> ColumnVerdict:
        """A column named for one test's result (``hrhpv``, ``pap``, ``kopac_b``,
        ``RES+HPVGT``, ``response.result.hpv``) has that kind; a general one (``uitslag``,
        ``OBX-5``) is read value by value (:meth:`cells`)."""
        kind = header_kind(header)
        if kind == "pap" and _CLASS_IN_HEADER.search(header):
            kind = None  # (``Pap 2``: a count or a flag of that class, read value by value)
        return self.header_verdict(key, kind or self.kind)

    def cells(self, column: pa.Array, verdict: ColumnVerdict) -> CellFindings:
        if verdict.kind == "clinical":
            return distinct_cells(column, _clinical_value)
        if verdict.kind == "billed":
            return distinct_cells(column, _billed_value, lambda v: "billed")
        if verdict.kind == "follow_up":
            return distinct_cells(
                column,
                lambda u: self.validate(u, True) or _follow_up_value(u),
                lambda v: _result_kind(v, "follow_up"),
            )
        if verdict.kind in _CODED:  # (a test's own column: its codes are results too)
            kind = verdict.kind
            return distinct_cells(
                column,
                lambda u: self.validate(u, True) or _coded(u, kind),
                lambda v: _result_kind(v, kind),
            )
        return distinct_cells(
            column, lambda u: self.validate(u, True), lambda v: _result_kind(v, verdict.kind)
        )

    def labelled(self, label: str, raw: str) -> tuple[str, str] | None:
        """A result under the name of its test (``OBX-3`` ``HPV^hrHPV`` beside ``OBX-5``
        ``positief``; ``GENO^HPV genotype`` beside a bare ``16``): the test's kind,
        unless the value names a result of its own shape (:func:`_result_kind`). Under a
        test of no kind of ours (``NA^Natrium`` beside ``140``; a FHIR Observation of a
        haemoglobin) a short value is a ``result`` too: a lab's observation of a patient
        is health data, whatever was measured. A coded value (HL7 CE/CWE,
        ``POS^positief^L``, :data:`_CODED_VALUE`) is its text, else its code."""
        if "^" in raw and (coded := _CODED_VALUE.fullmatch(raw.strip())) is not None:
            raw = coded["text"] if coded["text"].strip() else coded["code"]
        kind = label_kind(label)
        if kind is None:
            stripped = raw.strip()
            text = str(_SPACES.sub(" ", stripped))
            if (
                _NO_TEST.search(label)
                or len(text) > MAX_OTHER_RESULT
                or "\n" in stripped
                or text.lower() in _EMPTY
                or not any(c.isalnum() for c in text)
            ):
                return None
            return _result_kind(text, "result"), text
        value = self.validate(raw, True)
        if value is None and kind == "genotype" and _BARE_TYPES.fullmatch(raw.strip()):
            value = str(_SPACES.sub(" ", raw.strip()))
        return None if value is None else (_result_kind(value, kind), value)

    def validate(self, raw: str, context: bool) -> str | None:
        text = str(_SPACES.sub(" ", raw.strip()))
        if context:  # an EDIFACT segment's cell starts with its qualifier: "RES+HPV+negatief"
            text = _QUALIFIER.sub("", text, count=1)
        if len(text) < 2 or text.lower() in _EMPTY:
            return None
        if _CELL_EXACT.search(text) or (context and _CELL_RESULT.search(text)):
            return text
        return None


_CLASS_IN_HEADER = regex.compile(
    rf"\bpap[\s_-]*(?:klasse)?[\s_:-]*(?:3a1|3a2|3a|3b|[0-5]|{_ROMAN})(?![\w])", regex.IGNORECASE
)
"""A header that names a Pap class itself (``Pap 2``, ``Pap 3a2 of hoger``): its column
counts that class (a summary sheet) or flags it, and its numbers are no classes."""
_CODED = {
    "hpv": regex.compile(r"[01+-]"),
    "pap": regex.compile(r"[0-5]|3a[12]?|3b|(?i:iii[ab]?|ii|iv|v|i)", regex.IGNORECASE),
    "genotype": regex.compile(
        rf"{_TYPES}(?:\s*[/,&]\s*{_TYPES})*|(?i:overig(?:e)?|other|non[\s-]?16/18)"
    ),
}
"""The codes a column named for one test's result holds (``HPV_res``: ``1``/``0``; a Pap
class column: ``2``, ``3a2``; a genotyping column: ``16``, ``16/18``, ``overig``), which
mean nothing elsewhere."""


def _coded(raw: str, kind: str) -> str | None:
    """``raw`` (stripped) when it is one of the codes of a ``kind`` column."""
    text = raw.strip()
    return text if _CODED[kind].fullmatch(text) else None


def _result_kind(value: str, column_kind: str) -> str:
    """A result cell's kind: that of the first result it holds (``hrHPV negatief``:
    ``hpv``; ``Pap 2``: ``pap``), else its column's (``negatief`` under ``hrhpv``)."""
    m = _CELL_EXACT.search(_QUALIFIER.sub("", value, count=1))
    if m is None or m.lastgroup is None:
        return column_kind
    return "genotype" if m.lastgroup == "typed" else m.lastgroup


_HEADER_KINDS = {
    "genotype": "genotype", "genotypering": "genotype", "geno": "genotype", "hpvgt": "genotype",
    "hpv type": "genotype", "typering": "genotype",
    "kopac b": "kopac", "kopac": "kopac", "cisoe a": "cisoe", "cisoe": "cisoe",
    "papklasse": "pap", "pap klasse": "pap", "pap": "pap",
    "hrhpv": "hpv", "hr hpv": "hpv", "hpv": "hpv", "cytologie": "cytology",
    "histologie": "cytology", "kweek": "test_result",
}  # fmt: skip
"""Header words that name one test's result column, and the kind of its values, the
most specific first (``HPV genotype``: genotype)."""
_HEADER_KIND_WORDS = tuple(_HEADER_KINDS)
_TEST_LABEL = regex.compile(rf"\b{_TEST_WORDS}\b", regex.IGNORECASE)
_BRACKET_TYPES = regex.compile(
    rf"[ \t]*\([ \t]*(?:(?:hochrisiko[ \t-]*)?typ[ \t]+)?(?P<g>{_TYPES}(?:[ \t]*[/,&][ \t]*"
    rf"(?:hpv[ \t-]?)?{_TYPES})*|overige?(?:[ \t]+(?:hr-?hpv[ \t-]*)?typen)?"
    r"|overige?[ \t]+(?:hr-?)?hpv(?:[ \t-]*(?:typen|types|type))?"
    r"|(?:(?:hr-?)?hpv[ \t]+)?other"
    r"(?:[ \t]+(?:(?:hr-?)?hpv[ \t]+)?(?:high[ \t-]risk[ \t]+)?types?)?"
    r"|non[ \t-]?16/18)(?=[ \t]*[),;])",
    regex.IGNORECASE,
)
"""A genotype in brackets right after an HPV result (``hrHPV pos. (16)``, ``positief
(overige typen, geen 16/18)``, ``positive (HPV other)``, ``(other types)``, a German
letter's ``positiv (Hochrisiko-Typ 18)``; ``(type 16)`` is the ``typed`` rule's,
``(HPV16)`` the ``genotype`` rule's)."""
_TYPES_AFTER = regex.compile(
    rf"(?:[ \t]*+[,;])?[ \t]++(?P<g>{_TYPES}(?:[ \t]*[/&][ \t]*{_TYPES})*"
    r"|overige?[ \t]+(?:hr-?hpv|hpv)(?:[ \t-]*(?:typen|types|type))?"
    r"|overige?[ \t]+(?:(?:hr-?)?hpv[ \t-]*)?typen)"
    r"(?=[ \t]*(?:[,;)]|\.(?:\s|$)|$))",
    regex.MULTILINE | regex.IGNORECASE,
)
"""A genotype bare right after an HPV result, at its clause's end (``hrHPV pos 16, Pap
2``, ``hrHPV positief, overig hrHPV, Pap 3b``, ``...; overig hrHPV; ...``: a type other
than 16 and 18); not a date's day (``HPV negatief 16-04-2024``, ``positief 31 maart``)."""
_BARE_TYPES = regex.compile(
    rf"(?:hpv[\s-]?)?{_TYPES}(?:\s*(?:[/,&]|en|and)\s*(?:hpv[\s-]?)?{_TYPES})*"
    r"|(?:overig(?:e)?|andere|other)(?:[\s-]+(?:hr|hoog[\s-]?risico)?[\s-]*"
    r"(?:hpv)?[\s-]*(?:typen|types|type|genotypen|genotypes))?"
    r"|(?:non|niet)[\s-]?16(?:\s*/\s*|[\s-]?(?:of|en|or|and)[\s-]?)18",
    regex.IGNORECASE,
)
"""A genotyping's value alone, under a label that names the genotyping (``16``,
``16/18``, ``16 en 18``, ``HPV 31``, ``overige hrHPV-typen``, ``non-16/18``)."""


def label_kind(label: str) -> str | None:
    """The kind of result a test's name in a row gives its value (``hrHPV``: hpv; ``HPV
    genotype``, ``GENO``: genotype; ``Cytologie``, ``CYTO``: cytology; ``Urinekweek``,
    ``Chlamydia PCR``: test_result); None where it names no test of ours (a haemoglobin,
    a sodium)."""
    kind = header_kind(label)
    if kind is not None:
        return kind
    if header_hit(normalise_header(label), ("cyto",)) is not None:
        return "cytology"
    return "test_result" if _TEST_LABEL.search(label) else None


def header_kind(header: str) -> str | None:
    """The kind of a column named for one test's result (:data:`_HEADER_KINDS`), also as
    an EDIFACT MEDLAB qualifier names it (``RES+HPV``, ``RES+HPVGT``); None for a general
    result column."""
    h = normalise_header(header)
    if h.startswith("res+"):  # (a qualifier's component: RES+HPV-2)
        h = re.split(r"[+\-]", h[4:])[0]
    key = header_hit(h, _HEADER_KIND_WORDS)
    return None if key is None else _HEADER_KINDS[key]


_CLINICAL_HEADERS = (
    "klinische gegevens",
    "klinische informatie",
    "klin gegevens",
    "klinische vraagstelling",
    "anamnese",
    "zwanger",
    "zwangerschap",
    "iud",
    "anticonceptie",
    "menopauze",
    "postmenopauze",
    "clinical information",
    "clinical details",
    "diagnose",
    "diagnoses",
    "medicatie",
    "voorgeschiedenis",
    "allergie",
    "reden verwijzing",
    "hulpvraag",
    "icpc",
    "icpc code",
    "icd",
    "icd10",
    "icd 10",
    "overgevoeligheid",
)
"""Headers of columns of clinical details (a request's form fields in a LIMS export, a
claims export's diagnosis: ``diagnose_omschrijving``, every cell of which is health data,
``Depressieve stoornis`` as ``Cervixcarcinoom``)."""


def _clinical_value(raw: str) -> str | None:
    """A clinical-details cell's value (spaces collapsed), or None when it holds
    nothing (:data:`_EMPTY`)."""
    text = str(_SPACES.sub(" ", raw.strip()))
    return None if not text or text.lower() in _EMPTY else text


_FOLLOW_UP_HEADERS = (
    "vervolg", "~beleid", "vervolgbeleid", "advies", "~actie", "vervolgactie", "follow up",
    "~besluit", "~plan",
    # an image's examination (DICOM: ``StudyDescription`` = ``Colposcopie met biopt``)
    "study description", "series description", "requested procedure description",
    "indicatie", "behandeling", "~ingreep", "verrichting", "~therapie", "afspraak",
    "afspraaktype", "soort afspraak",
    # a referral's or a case conference's question (an MDO list's ``Vraag``: ``verwijzing
    # gynaecoloog``)
    "~vraag", "vraagstelling", "~verzoek",
)  # fmt: skip
"""Headers of a column that says what follows a woman's result, the treatment she had
(``behandeling``: ``LLETZ``, ``conisatie``) or her appointment's kind (``afspraak.type``:
``colposcopie``) (:meth:`HealthDetector._follow_up_claim`):
whole words where a compound means something else (``transactie``, ``beleidsregel``)."""
_FOLLOW_UP = regex.compile(
    rf"\b(?:{_APPOINTMENTS}|{_TREATMENTS}|biops|biopt|herhaling|herhaalonderzoek|gynaecolo"
    r"|zwanger|controle(?=[ \t]+(?:over|na|binnen|om|\d)))",
    regex.IGNORECASE,
)
"""A treatment, an examination or a referral in a follow-up column's cell (``LLETZ
02-04``, ``verwijzing gynaecoloog voor colposcopie``, ``herhaalonderzoek over 6
maanden``, ``herhaling 6 mnd``, ``controle over 6 maanden``); not a bare ``verwijzen``,
``controleren`` or ``herhaalde melding`` (a helpdesk's ``Actie``)."""


_TICKED_HEALTH = lazy(
    rf"\b(?:{_CONDITIONS}|{CONDITIONS}|{_TREATMENTS}|{_OTHER_TREATMENTS}|{MEDICINES}"
    rf"|{_APPOINTMENTS}|zwanger\w*|borstvoeding|iud|spiraal\w*|\w*uitstrijk\w*|hpv\w*"
    r"|bloedverdunner\w*|anticonceptie\w*|(?:de[ \t])?pil|menopauze|overgang|bloedverlies"
    r"|allergi\w*|medicijn\w*|medicatie)(?![\w])",
    regex.IGNORECASE,
)
"""What a ticked item names of her health (:meth:`HealthDetector._ticked`)."""


def _section_items(
    view: TextView, at: int, seen: set[tuple[int, int]], confidence: float
) -> Iterator[TextMatch]:
    """The items of the list right after a section heading that ends at ``at`` (the
    ``section`` rule of :data:`_RULES`): each her history, her medicine or her allergy,
    kind ``clinical``. Not a leaflet's list that speaks to its reader (:data:`_READER`)."""
    items: list[tuple[int, int]] = []
    while len(items) < _MAX_SECTION_ITEMS and (m := _LIST_ITEM.match(view.text, at)):
        if _READER.search(m["item"]):
            return
        items.append(m.span("item"))
        at = m.end()
    for start, end in items:
        if (start, end) in seen:
            continue
        seen.add((start, end))
        value = _SPACES.sub(" ", view.text[start:end])
        if _clinical_value(value) is None:
            continue  # (``Blanco voorgeschiedenis``: a history with nothing in it)
        yield TextMatch(
            start, end, value, "clinical", confidence, "pattern health/clinical under its heading"
        )


_BILLED_HEADERS = (
    "prestatie omschrijving", "omschrijving prestatie", "prestatieomschrijving",
    "verrichting omschrijving", "omschrijving verrichting", "factuurregel omschrijving",
)  # fmt: skip
"""Headers of a declaration's or an invoice's column of what was billed (a Vecozo
declaration's ``Prestatie.Omschrijving``)."""
_BILLED_TEST = regex.compile(
    rf"\b(?:{_TEST_WORDS}|{_ANALYTES}|{_TREATMENTS}|{_APPOINTMENTS}|(?:hr)?hpv|uitstrijk"
    r"|colposcop|pcr)",
    regex.IGNORECASE,
)
"""A test or a treatment in a billed line's description."""


def _billed_value(raw: str) -> str | None:
    """A billed line's description (:func:`_clinical_value`) where it names a test or a
    treatment (:data:`_BILLED_TEST`); an administration fee is none."""
    text = _clinical_value(raw)
    return text if text is not None and _BILLED_TEST.search(text) else None


def _follow_up_value(raw: str) -> str | None:
    """A follow-up cell's value (:func:`_clinical_value`) where it names her care
    (:data:`_FOLLOW_UP`)."""
    text = _clinical_value(raw)
    return text if text is not None and _FOLLOW_UP.search(text) else None


def _holds_something(raw: str) -> bool:
    return _clinical_value(raw) is not None


_LABEL_END = regex.compile(r"[\"']?[ \t]*[:=][ \t]*[\"']?")
_QUALIFIER = regex.compile(r"^[A-Z][A-Z0-9]{0,9}\++(?=[^+\s])")
"""A leading EDIFACT qualifier and its element separators (``RES+``, ``ADV+++``)."""
_EMPTY = frozenset(
    {
        "-",
        "--",
        "nvt",
        "n.v.t.",
        "n.v.t",
        "onbekend",
        "unknown",
        "null",
        "none",
        "geen",
        "n/a",
        "na",
        "volgt",
        "nog niet bekend",
        "in behandeling",
        # a history with nothing in it (a referral's ``Voorgeschiedenis``)
        "blanco",
        "blanco voorgeschiedenis",
        "voorgeschiedenis blanco",
    }
)


def _with_named_results(view: TextView, found: Iterable[Match]) -> Iterator[Match]:
    """``found``, each test's value that gives no result (``SOA: SOA-onderzoek`` names a
    test) left out but searched for the other shapes it may hold (``cytologie: PAP3B``:
    a Pap class)."""
    for m in found:
        if m.lastgroup == "clinical":
            if _clinical_value(_LABEL_END.split(m.group(), maxsplit=1)[-1]) is not None:
                yield m
            continue
        if m.lastgroup != "test_result":
            yield m
            continue
        head, colon, value = m.group().partition(":")
        if _CELL_RESULT.search(value if colon else head):
            yield m
        elif colon:
            inner = view.finditer(_EXACT, m.start() + len(head) + 1, m.end())
            yield from (n for n in inner if n.lastgroup != "test_result")
