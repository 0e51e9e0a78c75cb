"""Clinical vocabulary beyond a lab's results (shared constants of the health detector):
medicines and the conditions a GP's journal, a referral, a discharge letter or a
municipality's care decision names. Regular-expression alternations, lower case (the
health detector's patterns are caseless); each word matched whole.

The medicines are the generic names (INN, Dutch spelling) of those dispensed most in the
Netherlands, with the groups a patient's data reveals most about: antidepressants,
antipsychotics and sleep medicines, diabetes and thyroid medicines, anticoagulants,
antibiotics and antivirals, hormones and contraception, cancer and rheumatism medicines.
A name alone is no one's data (a leaflet names medicines too): the rules read it with a
dose (``sertraline 50 mg``), after a verb of use (``gebruikt clopidogrel``, ``start
citalopram``) or before a start (``insuline sinds 28 wk``)."""

from __future__ import annotations

from breachscope.detect.names import grouped_alternation

_MEDICINE_NAMES = (
    # pain, stomach and bowel
    "paracetamol", "ibuprofen", "naproxen", "diclofenac", "acetylsalicylzuur",
    "carbasalaatcalcium", "tramadol", "oxycodon", "morfine", "fentanyl", "codeïne", "codeine",
    "omeprazol", "esomeprazol", "pantoprazol", "lansoprazol", "ranitidine", "famotidine",
    "macrogol", "lactulose", "loperamide", "metoclopramide", "domperidon", "ondansetron",
    # diabetes and thyroid
    "metformine", "gliclazide", "glimepiride", "tolbutamide", "sitagliptine",
    "dapagliflozine", "empagliflozine", "liraglutide", "semaglutide", "dulaglutide",
    "insuline", "levothyroxine", "thiamazol",
    # heart and blood vessels
    "simvastatine", "atorvastatine", "rosuvastatine", "pravastatine", "ezetimib",
    "amlodipine", "nifedipine", "lercanidipine", "enalapril", "lisinopril", "perindopril",
    "ramipril", "captopril", "losartan", "valsartan", "irbesartan", "candesartan",
    "olmesartan", "telmisartan", "metoprolol", "bisoprolol", "atenolol", "propranolol",
    "carvedilol", "nebivolol", "sotalol", "hydrochloorthiazide", "chloortalidon",
    "furosemide", "bumetanide", "spironolacton", "eplerenon", "digoxine", "amiodaron",
    # blood thinners
    "acenocoumarol", "fenprocoumon", "clopidogrel", "ticagrelor", "prasugrel", "apixaban",
    "rivaroxaban", "dabigatran", "edoxaban", "nadroparine", "enoxaparine", "dalteparine",
    "tinzaparine", "heparine",
    # mental health, sleep and ADHD
    "sertraline", "citalopram", "escitalopram", "paroxetine", "fluoxetine", "fluvoxamine",
    "venlafaxine", "duloxetine", "mirtazapine", "amitriptyline", "nortriptyline",
    "clomipramine", "trazodon", "bupropion", "quetiapine", "olanzapine", "risperidon",
    "aripiprazol", "haloperidol", "clozapine", "lithiumcarbonaat", "oxazepam", "temazepam",
    "diazepam", "lorazepam", "alprazolam", "zolpidem", "zopiclon", "methylfenidaat",
    "dexamfetamine", "atomoxetine", "methadon", "buprenorfine", "naltrexon",
    # epilepsy and nerve pain
    "levetiracetam", "valproïnezuur", "carbamazepine", "lamotrigine", "topiramaat",
    "pregabaline", "gabapentine",
    # lungs and allergy
    "salbutamol", "terbutaline", "ipratropium", "tiotropium", "budesonide", "fluticason",
    "beclometason", "formoterol", "salmeterol", "montelukast", "cetirizine", "loratadine",
    "desloratadine", "levocetirizine",
    # corticosteroids
    "prednison", "prednisolon", "dexamethason", "hydrocortison",
    # infections
    "amoxicilline", "feneticilline", "flucloxacilline", "penicilline", "doxycycline",
    "azitromycine", "claritromycine", "erytromycine", "ciprofloxacine", "levofloxacine",
    "nitrofurantoïne", "nitrofurantoine", "trimethoprim", "fosfomycine", "metronidazol",
    "clindamycine", "cotrimoxazol", "fluconazol", "itraconazol", "terbinafine", "aciclovir",
    "valaciclovir", "podofyllotoxine", "imiquimod",
    # hormones and contraception
    "ethinylestradiol", "levonorgestrel", "desogestrel", "drospirenon", "estradiol",
    "progesteron", "medroxyprogesteron", "etonogestrel", "ulipristal",
    # cancer, rheumatism and bones
    "tamoxifen", "letrozol", "anastrozol", "exemestaan", "methotrexaat",
    "hydroxychloroquine", "sulfasalazine", "leflunomide", "adalimumab", "etanercept",
    "infliximab", "alendroninezuur", "colecalciferol", "foliumzuur", "ferrofumaraat",
    # immune suppression after a transplant or for a bowel disease, and MS
    "azathioprine", "mercaptopurine", "tacrolimus", "ciclosporine", "mycofenolaatmofetil",
    "mycofenolzuur", "everolimus", "sirolimus", "mesalazine", "vedolizumab", "ustekinumab",
    "ocrelizumab", "natalizumab", "rituximab", "fingolimod", "dimethylfumaraat",
    # urology, gout, migraine, eyes
    "tamsulosine", "finasteride", "oxybutynine", "solifenacine", "mirabegron", "sildenafil",
    "tadalafil", "allopurinol", "colchicine", "sumatriptan", "rizatriptan", "latanoprost",
    # HIV (a person's antiretrovirals tell her status) and the English "metformin"
    "dolutegravir", "bictegravir", "raltegravir", "emtricitabine", "tenofovir",
    "efavirenz", "darunavir", "abacavir", "lamivudine", "rilpivirine", "metformin",
    # brand names as patients and letters write them (not those that are also given
    # names or surnames: Yasmin, Diane, Foster, Mirena)
    "xarelto", "eliquis", "pradaxa", "lixiana", "sintrom", "marcoumar", "ascal", "plavix",
    "brilique", "ventolin", "seretide", "flixotide", "symbicort", "spiriva", "microgynon",
    "nuvaring", "implanon", "ozempic", "trulicity", "victoza", "januvia", "glucophage",
    "lantus", "novorapid", "humalog", "levemir", "tresiba", "thyrax", "euthyrox",
    "seroquel", "zyprexa", "risperdal", "abilify", "cipramil", "lexapro", "seroxat",
    "prozac", "efexor", "cymbalta", "remeron", "wellbutrin", "ritalin", "concerta",
    "strattera", "oxynorm", "oxycontin", "durogesic", "tramal", "nexium", "losec",
    "pantozol", "lipitor", "crestor", "zocor", "selokeen", "emconcor", "cozaar", "diovan",
    "biktarvy", "genvoya", "triumeq", "descovy", "truvada", "dovato", "odefsey",
    "stribild", "symtuza", "depo-provera", "keppra", "depakine", "tegretol", "lamictal",
    "lyrica", "prograft", "advagraf", "cellcept", "humira", "enbrel",
    # the groups a patient names hers by (``ik gebruik bloedverdunners``)
    "bloedverdunners", "bloedverdunner", "antidepressiva", "antipsychotica", "hiv-remmers",
    "immunosuppressiva", "insulinepomp",
)  # fmt: skip

MEDICINES = f"(?:{grouped_alternation(tuple(sorted(_MEDICINE_NAMES, key=len, reverse=True)))})"
"""Any medicine of the list, as a pattern (longest first, grouped by first letter: a
position no medicine starts at costs one character test, not one per medicine)."""

MEDICINE_STARTS = tuple(sorted({name[:6] for name in _MEDICINE_NAMES}))
"""The first six letters of every medicine: the prefilter's start patterns."""

DOSE = (
    r"\d{1,4}(?:[.,]\d{1,3})?[ \t]?"
    r"(?:mg|mcg|[µu]g|microgram|microg|milligram|gram|g|ml|ie|e|eh|mmol)(?![\w/])"
)
"""A medicine's dose (``50 mg``, ``2850 IE``, ``0,5mg``); not a concentration (``mg/l``)."""

USE = (
    r"(?:gebruikt|gebruik|gebruiken|slikt|slik|neemt|krijgt|kreeg|"
    r"start(?:en|te)?(?:[ \t]+met)?|gestart[ \t]+met|begonnen[ \t]+met|"
    r"stop(?:t|pen|te)?[ \t]+met|gestopt[ \t]+met|overgestapt[ \t]+op|"
    r"(?:allergisch|overgevoelig)[ \t]+voor|voorgeschreven[ \t]*:?|behandeld[ \t]+met|"
    r"ingesteld[ \t]+op)"
    r"(?:[ \t]+(?:zelf|ook|al|nog|nu|dagelijks|weer|daarnaast|sindsdien|eh|uh|ehm))?[ \t]+"
)
"""A verb that says someone takes (or stopped, or cannot take) a medicine, before its
name (``Moeder gebruikt zelf sertraline``, ``start citalopram``)."""

STARTED = (
    r"[ \t]+(?:sinds|vanaf|gestart|gestopt|voorgeschreven|afgebouwd|opgehoogd|verhoogd|"
    r"verlaagd|gehalveerd|neemt|gebruikt|slikt|nam|gebruikte|slikte)(?![\w])"
)
"""What after a medicine's name says someone takes it (``insuline sinds 28 wk``; a
subordinate clause's verb, ``waarvoor zij azathioprine neemt``)."""

_CONDITION_NAMES = (
    # mental health
    r"depressie", r"depressieve[\s-]+(?:stoornis|klachten)", r"angststoornis",
    r"paniekstoornis",
    r"burn-?out", r"ptss", r"adhd", r"autisme(?:spectrumstoornis)?",
    r"bipolaire[\s-]+stoornis", r"schizofrenie", r"psychose", r"eetstoornis",
    r"anorexia(?:[\s-]+nervosa)?", r"boulimia(?:[\s-]+nervosa)?",
    r"(?:alcohol|drugs)?verslaving", r"dementie", r"ziekte[\s-]+van[\s-]+alzheimer",
    r"alzheimer",
    # heart, lungs, blood
    r"hypertensie", r"hoge[\s-]+bloeddruk", r"copd", r"astma", r"cva", r"herseninfarct",
    r"hartinfarct", r"hartfalen", r"boezemfibrilleren", r"atriumfibrilleren", r"trombose",
    r"longembolie",
    # other chronic conditions
    r"epilepsie", r"migraine", r"reumato[iï]de[\s-]+artritis", r"reuma", r"artrose",
    r"fibromyalgie", r"hernia", r"hypothyreo[iï]die", r"hyperthyreo[iï]die",
    r"nierinsuffici[eë]ntie", r"nierfalen", r"nierfunctiestoornis",
    r"zwangerschapsdiabetes", r"obesitas", r"multiple[\s-]+sclerose",
    r"ziekte[\s-]+van[\s-]+(?:parkinson|crohn)", r"parkinson", r"colitis[\s-]+ulcerosa",
    r"endometriose", r"bekken(?:instabiliteit|pijn)", r"vaginisme", r"pcos", r"osteoporose",
    r"psoriasis", r"coeliakie",
    r"(?:obstructief[\s-]+)?slaapapneu(?:syndroom)?", r"maligniteit",
    # the removal of her womb, as she names it (``mijn baarmoederverwijdering``)
    r"baarmoederverwijdering",
    # an allergy a clinic must know of before an examination
    r"latexallergie", r"penicillineallergie", r"jodiumallergie",
    # hereditary cancer syndromes and their genes' variants (genetic data)
    r"lynch[\s-]?syndroom", r"(?:brca[12]|mlh1|msh[26]|pms2|chek2|palb2)[\s-]?(?:gen)?mutatie",
)  # fmt: skip

CONDITIONS = rf"(?:{'|'.join(_CONDITION_NAMES)})"
"""Conditions beyond a lab's (mental health, heart and lungs, chronic conditions), as a
person's history after its cue (``bekend met reumatoïde artritis``, ``uw COPD``)."""

CONDITION_STARTS = (
    "depress", "angst", "paniek", "burn", "ptss", "adhd", "autism", "bipola", "schizo",
    "psycho", "eetsto", "anorex", "boulim", "versla", "alcoho", "drugsv", "dement", "alzhei",
    "ziekte", "hypert", "hoge", "copd", "astma", "cva", "hersen", "hartin", "hartfa",
    "boezem", "atrium", "trombo", "longem", "epilep", "migrai", "reuma", "artros",
    "fibrom", "hernia", "hypoth", "hypert", "nierin", "nierfa", "nierfu", "zwange",
    "obesit", "multip", "parkin", "colit", "endome", "bekken", "vagini", "pcos", "osteop",
    "psoria", "coelia",
    "obstru", "slaapa", "malign", "baarmo", "lynch", "brca1", "brca2", "mlh1", "msh2", "msh6",
    "latexa", "penici", "jodium",
    "pms2", "chek2", "palb2",
)  # fmt: skip
"""How every condition of :data:`CONDITIONS` begins (up to six letters)."""
