"""Addresses: street + house number, postcode (+ city); units and letterheads are not."""

from __future__ import annotations

import pytest

from breachscope.detect.detectorset import DetectorSet

from ..helpers import column_owner, found

POSITIVE = [
    # labels a fixed-width report pads to their colon (a BRP extract's data elements)
    ("  08.11.60  Postcode                                : 7577VD", ["7577VD"]),
    (
        "  08.11.10  Straatnaam                              : Ganzenmarkt\n"
        "  08.11.20  Huisnummer                              : 183",
        ["Ganzenmarkt", "183"],
    ),
    # a log's records: a quoted key's postcode; a record is its own (a servicedesk's
    # address in the next record marks nothing in it)
    ('2024-08-12T07:55:11+02:00 INFO match kit=ZA-1 geb=1984-05-30 pc="8921 KJ"', ["8921KJ"]),
    # a JSON body in a log line: the key's quotes around its label
    ('POST /api/v2/aanvraag body={"naam": "Corine Blom", "postcode": "3827 CM"}', ["3827CM"]),
    (
        '2024-08-12T08:10:02+02:00 ERROR reorder kit to adres "Hoofdweg 233, 9695 AC '
        'Bellingwolde" client "R. Mahabier"\n'
        "2024-08-12T08:10:03+02:00 INFO mail queued to=servicedesk@bvo-noord.nl",
        ["Hoofdweg", "233", "9695AC", "Bellingwolde"],
    ),
    # a patient whose initials spell a company form, in a lab's list (seed 55055)
    (
        "Mertens, B.V., geboren 13-2-1972, BSN 587963098\nAmbachtstraat 9\n5628 ZC  Eindhoven",
        ["Ambachtstraat", "9", "5628ZC", "Eindhoven"],
    ),
    # an access log's protocol after a postcode in its (decoded) query is no town
    ("GET /api/patients/search?postcode=3025 BA HTTP/1.1", ["3025BA"]),
    # a street of one three-letter street word; a noun on -ering before a number is none
    ("mw. S. Wiersma, Dam 7, 9934 AN Delfzijl", ["Dam", "7", "9934AN", "Delfzijl"]),
    ("Wiersma, Hof 7, 9934 AN Delfzijl", ["Hof", "7", "9934AN", "Delfzijl"]),
    ("levering 3, 9934 AN Delfzijl", ["9934AN", "Delfzijl"]),
    ("Zuiderring 12, 3000 AB Rotterdam", ["Zuiderring", "12", "3000AB", "Rotterdam"]),
    # a postcode whose letters are a unit's, after an address label or under a person
    ("Adres: 2511 CC Den Haag", ["2511CC", "Den Haag"]),
    ("Patiënte woont naast het ziekenhuis, Houtlaan 55, Leiden", ["Houtlaan", "55", "Leiden"]),
    (  # a lab's sender block with no web address or KvK number: the lab's, not hers
        "Laboratorium Midden-Holland\nLange Kleiweg 12\n2288 GK Rijswijk\n\n"
        "Mevr. J. de Groot\nEikenlaan 4\n3451 AB Vleuten",
        ["Eikenlaan", "4", "3451AB", "Vleuten"],
    ),
    ("Woonplaats: 3011 ML Rotterdam", ["3011ML", "Rotterdam"]),
    ("naam=Jansen, P.|bsn=506332433|pc=1234AB|hnr=12", ["1234AB"]),  # a key=value dump
    ("Postcode: 3581 ST Utrecht", ["3581ST", "Utrecht"]),
    ("Mevr. A. Jansen\n5623 KB Eindhoven", ["5623KB", "Eindhoven"]),
    # a name, then a street after its comma; a name and a street with no comma
    ("Mw. A. Jansen, Hoge Dijk 12", ["Hoge Dijk", "12"]),
    ("Dr. A. Schweitzerlaan 12", ["Dr. A. Schweitzerlaan", "12"]),
    ("J.P. Coenstraat 3", ["J.P. Coenstraat", "3"]),
    ("J. van Stolberglaan 4", ["J. van Stolberglaan", "4"]),
    # a title, a given name and a surname's street (a lab's letterhead): no person
    (
        "Dr. Willem Dreeslaan 41, 3515 GB Utrecht",
        ["Dr. Willem Dreeslaan", "41", "3515GB", "Utrecht"],
    ),
    # an address block a PDF glued to one line: her initials and surname, then the street
    (
        "Mevr. E. Smits Lindelaan 12 3722 GT Bilthoven",
        ["Lindelaan", "12", "3722GT", "Bilthoven"],
    ),
    ("Adres: Kerkstraat 12, 1234 AB Utrecht", ["Kerkstraat", "12", "1234AB", "Utrecht"]),
    ("Woonadres Prins Bernhardlaan 7-2", ["Prins Bernhardlaan", "7-2"]),
    ("Burgemeester de Withstraat 12a", ["Burgemeester de Withstraat", "12A"]),
    # 'en' between two capitalised words of a street's name; a given name and a street not
    ("adres                Bos en Lommerweg 16A", ["Bos en Lommerweg", "16A"]),
    (
        "Ze woont aan de Maas en Waalstraat 3 in Amsterdam.",
        ["Maas en Waalstraat", "3", "Amsterdam"],
    ),
    ("Bel Jan en Kerkstraat 12 morgen", ["Kerkstraat", "12"]),
    ("zij woont aan de Kerkstraat 3 bis", ["Kerkstraat", "3 bis"]),
    # the town named before 'aan de' is no part of the street
    ("wonende te Rotterdam aan de Coolsingel 40", ["Coolsingel", "40"]),
    ("Zij woont in Den Haag aan de Hofweg 1.", ["Hofweg", "1"]),
    ("Kade aan de Kolk 3, 1234 AB Ergens", ["Kade aan de Kolk", "3", "1234AB", "Ergens"]),
    ("Lange Voorhout 8 1087 KT Amsterdam", ["Lange Voorhout", "8", "1087KT", "Amsterdam"]),
    # a town right after the house number, with no postcode, ending its clause
    ("Adres: Kerkstraat 12, Utrecht", ["Kerkstraat", "12", "Utrecht"]),
    ("wonende Dorpsstraat 4 te Ede.", ["Dorpsstraat", "4", "Ede"]),
    ("woont op Molenweg 3 in Hengelo (Gld)", ["Molenweg", "3", "Hengelo"]),
    ("Kerkstraat 12, 's-Hertogenbosch", ["Kerkstraat", "12", "'s-Hertogenbosch"]),
    # a mail's line wrapped between the street and its number, a quoted mail's too
    (
        "Geachte collega, de patiënte woont sinds kort aan de Kerkstraat\n12 te Utrecht.",
        ["Kerkstraat", "12", "Utrecht"],
    ),
    (
        "> Graag de uitslag ook sturen naar haar nieuwe adres, Molenlaan\r\n> 3, 3701 AB Zeist",
        ["Molenlaan", "3", "3701AB", "Zeist"],
    ),
    # a postcode over a wrapped line: after a street and house number, or its label
    (
        "Graag de uitslag opsturen naar mevrouw P. Jansen, Kerkstraat 12, 3722\nGT Bilthoven.",
        ["Kerkstraat", "12", "3722GT", "Bilthoven"],
    ),
    (
        "> Graag de uitslag opsturen naar haar nieuwe adres, Molenlaan 3, 3701\r\n> AB Zeist",
        ["Molenlaan", "3", "3701AB", "Zeist"],
    ),
    (
        "Zij is inmiddels verhuisd en woont nu op het adres met postcode 3722\nGT Bilthoven.",
        ["3722GT", "Bilthoven"],
    ),
    # ... but not over a short line, nor over a paragraph's break: the street alone
    ("Kerkstraat 12, 3722\nGT Bilthoven", ["Kerkstraat", "12"]),
    (
        "Graag de uitslag opsturen naar mevrouw P. Jansen, Kerkstraat 12, 3722\n\nGT Bilthoven.",
        ["Kerkstraat", "12"],
    ),
    ("Ik woon op Dorpsstraat 4, Mijn dochter ook", ["Dorpsstraat", "4"]),  # no clause end
    ("Kerkstraat 12, Telefoon 06-12345678", ["Kerkstraat", "12"]),
    # a GP named in the line's prose is no practice's line
    (
        "huisarts gebeld, zij woont Kerkstraat 5, 1234 AB Ergens",
        ["Kerkstraat", "5", "1234AB", "Ergens"],
    ),
    ("Stationsplein 1, NS", ["Stationsplein", "1"]),
    ("3064 PK  Rotterdam", ["3064PK", "Rotterdam"]),
    ("postcode 9711AB", ["9711AB"]),
    # a postcode in small letters: after its label, or after a street and house number
    ("Geverifieerd met postcode 2512ab en huisnummer 14.", ["2512AB", "14"]),
    ("Postcode: 2512 ab", ["2512AB"]),
    # right after a person's given and family name and a comma (a counter note's list)
    ("- Sabine Rooijakkers, 3522 GB ,  06-12345678", ["3522GB"]),
    ("Anna de Vries, 1234 AB", ["1234AB"]),
    # right after a given and family name where the postcode ends its line (a fax page's
    # name), a given name with a diacritic and middle names too
    ("PageName: Pagina 1 van 3 - Malika Benali 6821 JZ\nSoftware: HylaFAX", ["6821JZ"]),
    ("Renée Anna Hendriks 7557 RA", ["7557RA"]),
    # right after a labelled date of birth and a comma (a trigger's log line)
    ("voor Renée Hendriks (geb. 29-09-1985, 7557 RA) - was 'Pap 1'", ["7557RA"]),
    ("L.C. Timmermans (geb. 1 september 1981, 7605AX) - was", ["7605AX"]),
    # the last item, after a comma, of a line that a person's initials and name open
    ("Open: 1\nP. Sitaldin, tel 06 13 84 62 96, 7513 HJ\nGezondheidscentrum", ["7513HJ"]),
    # after where she lives and her town (in brackets, or after a comma)
    ("Esther Bos, woonachtig te Lelystad (8232 JX), belde", ["8232JX"]),
    ("zij woont in Den Helder, 1781 AB", ["1781AB"]),
    ("Esther Bos, BSN 123456782, woon-\nachtig te Lelystad (8232 JX), belde", ["8232JX"]),
    # a call's transcript: the reply to a question for it, its letters a word or not
    ("00:31 AGENT: en uw postcode en huisnummer\n00:34 BELLER: 3435 de eh nummer 30", ["3435DE"]),
    # a chat's message is its own: the servicedesk's message above marks nothing in it
    (
        "12-03-24 14:07 - Servicedesk DLHW: En uw adres?\n"
        "12-03-24 14:08 - Anna: Vinkenlaan 4, 3722 AB Bilthoven",
        ["Vinkenlaan", "4", "3722AB", "Bilthoven"],
    ),
    ("Kerkstraat 12 2024 en verder", ["Kerkstraat", "12"]),
    ("ik woon op kerkstraat 12, 1234ab utrecht", ["kerkstraat", "12", "1234AB"]),
    ("Adres: Kerkstraat 12, 3512 ab Utrecht", ["Kerkstraat", "12", "3512AB", "Utrecht"]),
    (
        "Zwaluwstraat 97, 5237 PW 's-Hertogenbosch",
        ["Zwaluwstraat", "97", "5237PW", "'s-Hertogenbosch"],
    ),
    # no street word: a house number right before the postcode, or an address block
    # (postcode letters that are also units: HZ, LT)
    ("BRP: 'Damrak 373 2284 HZ Rijswijk'", ["Damrak", "373", "2284HZ", "Rijswijk"]),
    ("Adres Overtoom 5\n3322LT Dordrecht", ["Overtoom", "5", "3322LT", "Dordrecht"]),
    # a unit-like postcode ("LT": litre) under a street whose label stands before a colon
    # or a tab (a DOCX form's cells): the label names it an address
    ("Woonadres: Overtoom 4 bis\n9721LT Groningen", ["Overtoom", "4 bis", "9721LT", "Groningen"]),
    ("Woonadres\tOvertoom 4 bis\n\t9721LT Groningen", ["Overtoom", "4 bis", "9721LT", "Groningen"]),
    ("Postcode\t9721 LT", ["9721LT"]),
    # an addressee block as PostNL wants it (two spaces before the town): a street with
    # no street word over a unit-like postcode (KW: kilowatt)
    ("Windmolen 191\n2581KW  Den Haag", ["Windmolen", "191", "2581KW", "Den Haag"]),
    ("Overtoom 5\n3322 AB Dordrecht", ["Overtoom", "5", "3322AB", "Dordrecht"]),
    # quoted in a log line: the quotes are not part of street or city
    ("adres='Churchilllaan 12, 3112 AB Schiedam'", ["Churchilllaan", "12", "3112AB", "Schiedam"]),
    (
        'adres="Kerkweg 1, 6711 AB \'s-Hertogenbosch"',
        ["Kerkweg", "1", "6711AB", "'s-Hertogenbosch"],
    ),
    # connectors that begin like shorter ones (den/de, ter/te) do not cut the city
    (
        "Kerkstraat 5, 2401 DM Alphen aan den Rijn",
        ["Kerkstraat", "5", "2401DM", "Alphen aan den Rijn"],
    ),
    ("2901 AB Capelle aan den IJssel", ["2901AB", "Capelle aan den IJssel"]),
    ("Dorpsstraat 3\n3734 AB Huis ter Heide", ["Dorpsstraat", "3", "3734AB", "Huis ter Heide"]),
    # the postcode letters BV are no company form (" bv " marks a letterhead)
    ("Groenstraat 12\r\n1445 BV Purmerend", ["Groenstraat", "12", "1445BV", "Purmerend"]),
    # a sentence's full stop after the city is no part of it; "a.d." joins a city's words
    ("Zij woont op Oudegracht 231, 3511 NK Utrecht.", ["Oudegracht", "231", "3511NK", "Utrecht"]),
    ("Kerkstraat 1, 2405 AB Alphen a.d. Rijn.", ["Kerkstraat", "1", "2405AB", "Alphen a.d. Rijn"]),
    ("Hoflaan 2, 2500 AA Den Haag. Tel. 070-1234567", ["Hoflaan", "2", "2500AA", "Den Haag"]),
    # an ordinal, an abbreviated "van" or a title in a street's name
    (
        "1e Jan Steenstraat 14, 1072 NH Amsterdam",
        ["1e Jan Steenstraat", "14", "1072NH", "Amsterdam"],
    ),
    ("v. Heemskerckstraat 3", ["v. Heemskerckstraat", "3"]),
    ("Prof. dr. Bronkhorstlaan 10", ["Prof. dr. Bronkhorstlaan", "10"]),
    ("op de 2e verdieping, Kerkstraat 5", ["Kerkstraat", "5"]),
    # "t/m" (tot en met) after a house number is no letter suffix
    ("Kerkstraat 12 t/m 14, 3581 AB Utrecht", ["Kerkstraat", "12", "3581AB", "Utrecht"]),
    # nor the next sentence's first words (a patient's e-mail)
    (
        "Ik woon op Dorpsweg 4a in 3451 AB Vleuten. Mijn dochter ook.",
        ["Dorpsweg", "4A", "3451AB", "Vleuten"],
    ),
    ("3511 NK Utrecht. Zij is", ["3511NK", "Utrecht"]),
    ("2405 AB Alphen a.d. Rijn. Zij belt", ["2405AB", "Alphen a.d. Rijn"]),
    # a town in capitals ends at a word in none (an address block a PDF glued to a line)
    (
        "Lindelaan 7 3722 GT BILTHOVEN Uw kenmerk: BVO-2024",
        ["Lindelaan", "7", "3722GT", "BILTHOVEN"],
    ),
    ("Lindelaan 7\n4611 AB BERGEN OP ZOOM", ["Lindelaan", "7", "4611AB", "BERGEN OP ZOOM"]),
]
FORM_FIELDS = [
    (
        "Naam: A. de Vries\nStraat: Kerkstraat\nHuisnummer: 12a\nPostcode: 1234 AB\n"
        "Woonplaats: Utrecht",
        ["Kerkstraat", "12A", "1234AB", "Utrecht"],
    ),
    ("Adres: Achterom 3\nPlaats: Den Haag", ["Achterom", "3", "Den Haag"]),
    ("Straat + huisnummer: Achterom 3", ["Achterom", "3"]),
    # a key's quoted value: JSON in a log, a YAML flow mapping, a Ruby hash
    ('"straat": "Vondelstraat", "huisnummer": "222"', ["Vondelstraat", "222"]),
    (
        'adres: {straat: "Admiraal de Ruijterweg", huisnummer: "190", postcode: 1075 RX}',
        ["Admiraal de Ruijterweg", "190", "1075RX"],
    ),
    ("straat: 'Vondelstraat', huisnummer: '222'", ["Vondelstraat", "222"]),
    ("Adres: Hof 't Hoen 3", ["Hof 't Hoen", "3"]),
    # a Python dict's repr in a crash log; a street's name with ``en`` in it
    (
        "'adres': 'Bos en Lommerweg 13', 'woonplaats': 'Amsterdam'",
        ["Bos en Lommerweg", "13", "Amsterdam"],
    ),
    # an HL7 segment quoted in a log: the postcode after the street and the town (XAD)
    ("WARN unparsed segment: Holenweg 121^^Hoorn^^1632NJ^NL", ["Holenweg", "121", "1632NJ"]),
    # a Java object's toString in a log: an equals sign before the quoted value
    ("Patient{id=7, adres='Ringbaan-West 228', x=1}", ["Ringbaan-West", "228"]),
    ('adres = { straat = "Kalfsvel 183", plaats = "Zaandam" }', ["Kalfsvel", "183", "Zaandam"]),
    (
        "Straatnaam:\t1e Jan Steenstraat\nHuisnr. + toevoeging: 7 bis",
        ["1e Jan Steenstraat", "7 bis"],
    ),
    ("Woonplaats: 's-Hertogenbosch", ["'s-Hertogenbosch"]),
    ("Woonpl.: Alphen aan den Rijn", ["Alphen aan den Rijn"]),
    ("Woonplaats\tUTRECHT", ["UTRECHT"]),
    ("City: Amsterdam", ["Amsterdam"]),
    # the next field on the line, and the end of a sentence, are not part of the value
    ("Postcode: 1234 AB  Plaats: Utrecht Datum: 3-3-2024", ["1234AB", "Utrecht"]),
    ("Straat: Kerkweg  Huisnummer: 3  Woonplaats: Ede.", ["Kerkweg", "3", "Ede"]),
    ("Adres: Kerkstraat 12, 1234 AB Utrecht", ["Kerkstraat", "12", "1234AB", "Utrecht"]),
    ("Postcode en woonplaats: 1234 AB Utrecht", ["1234AB", "Utrecht"]),
    # a house number after its label word in a sentence, beside a postcode
    ("Mijn postcode is 3521 AZ, huisnummer 17.", ["3521AZ", "17"]),
    ("mijn huisnummer is 17a en postcode 3521 AZ", ["17A", "3521AZ"]),
    ("postcode 3521 AZ huisnummer 17.5 m2", ["3521AZ"]),  # a number of another shape
]
FORM_NEGATIVE = [
    # a name and a postcode-shaped code with more after it on the line; a word that is no
    # given name; a date with no birth label
    "Malika Benali 6821 JZ heeft gebeld",
    "Pagina 1 van 3 - Uitslagen Benali 6821 JZ",
    "monster van 29-09-2024, 7557 RA",
    "Lab Noord, Postbus 12, 7513 HJ",  # (no person opens the line)
    "P. Sitaldin, tel 06 13 84 62 96, 7513 HJ is de postcode van de praktijk",
    # a hospital's, a practice's or a lab's address block in a patient's letter
    "Meander Medisch Centrum, afd. Gynaecologie\nMaatweg 3\n3813 TZ  Amersfoort",
    "Gelre ziekenhuizen, Polikliniek Gynaecologie\nAlbert Schweitzerlaan 31, 7334 DZ Apeldoorn",
    "Aan: Huisartsenpraktijk Zeewijk, t.a.v. dhr. R. Koster\nOmmerbos 2, 1971 LK IJmuiden",
    "Bezoekadres lab: Treubstraat 17, 2288 EH Rijswijk.",
    # a letterhead: the organisation's marker on the line above its street
    "Cytolab Noord B.V.\nZernikelaan 12\n9747 AA Groningen\nBetreft: mw. A. Verhoeven",
    "Status: herinnering 2",  # a reminder's count, no street on -ring
    "levering 3 van 4",
    # a street word at a line's end over a list's number, or a road in lower case
    "Neem na het tweede stoplicht de afslag naar de Laan\n2. Bel daarna de huisarts.",
    "Voor het onderzoek rijdt u elke week via de snelweg\n2 keer naar het lab.",
    "Archief\nKerkstraat\n12 mappen",  # short lines: ended where their writer ended them
    # four digits ending a line over two capitals: a year over a name, not a postcode
    "Het onderzoek van de afdeling pathologie liep van 2021 tot en met 2024\nVU medisch centrum",
    "De uitslag kwam binnen in week 12 en de vervolgafspraak is gepland in 2025\nAB Zeist",
    # small letters after four digits: only a postcode after a label or a street
    "in 2024 en 2025 was ik er vaak",
    "mijn code is 2512ab",
    "Opslag Schijf, 2048 GB",  # (no given name: a disk's size)
    "Utrecht Centraal, 3511 CE",
    # spoken: another question's reply; a year and a word; another number named before it
    "AGENT: en uw klantnummer\nBELLER: eh 3435 de",
    "AGENT: en uw postcode\nBELLER: ja in 2024 en 2025 woonde ik daar",
    "AGENT: en uw postcode\nBELLER: eh mijn klantnummer is 3435 de",
    "Ticket 4532ab is gesloten",
    "Plaats: Cervix",  # where a biopsy was taken: no address field near it
    "Huisnummer: 12",  # a house number alone
    "Het huisnummer 17 van de praktijk.",
    "Geboorteplaats: Utrecht",  # a place of birth is no address
    "In plaats van: Utrecht",
    "Woonplaats: onbekend",
    "Woonplaats: n.v.t.",
    "Adres: zie boven",
    "Adres: Postbus 123",  # an organisation's
    "De straat: Daar speelden ze.",
    # a sentence, longer than any value
    "Woonplaats: Utrecht is een mooie stad waar veel mensen graag wonen en werken, ook zij zelf",
    "Laboratorium Noord B.V.\nAdres: Achterom 3",
]
NEGATIVE = [
    # a person's title and name (surnames that end with a street word) before a number
    "Mw. A. van Dijk 12-03-1980, BSN 123456782",
    "Mevr. Bakker 2 keer gebeld, geen gehoor.",
    "Dhr. J. van der Laan 3 x teruggebeld",
    # a name before a date of birth: the date's day is no house number
    "Sanne Wijnberg 17-9-1991",
    # an organisation's freepost address
    "Retour: PathoLab Noord, Antwoordnummer 1234, 9700 VB Groningen",
    "A. van den Berg 12.03.1980",
    "Neem 500 MG paracetamol.",
    "De GGD in Lelystad (8232 JX) is gesloten.",  # (no one lives there)
    "In 2024 EN 2025",
    "1234 SS Utrecht",  # SS is never issued
    "Laboratoriumweg 14, 2288 EZ Rijswijk | T 070 - 307 44 00 | www.dlhw-lab.nl",
    "Medivance Diagnostics B.V.\nBioscience Park 3, 2333 BE Leiden",
    "APOTHEEK DE OOIEVAAR\nMarkt 1, 6131 EH Sittard",  # a letterhead in capitals
    "H. Yilmaz, huisarts Oostereind 4, 1212 VH Hilversum",  # a GP's own line
    "M. Dekker, huisarts - AGB 01-055123\nZernikeplein 11, 9747 AS Groningen",  # her stamp
    "| Huisartsenpraktijk Vinkhuizen |\n| Zernikeplein 11, 9747 AS Groningen |",  # a box
    "Lab Noord BV\nPostweg 3, 2333 AB Leiden",  # "BV" ends the line above
    "1234 AB",  # a bare postcode-like token without city, street or label
    "Aantal 5\n1000 MG Paracetamol",  # a dose under a count is no address block
    "Dosering: 500 MG per dag",
    # an institution's address, right after its name on the patient's line
    "Mw. K. Visser is verwezen naar het Alrijne Ziekenhuis, Houtlaan 55, 2334 CK Leiden.",
    "Mw. K. Visser, Ziekenhuis Gelderse Vallei, Willy Brandtlaan 10, 6716 RP Ede",
    "Aantal 5\n1000 MG Paracetamol 3 dd",
    "2284 HZ Rijswijk",  # unit letters (hertz) need a label, a street or a block
    "Bestelling 4711: 2000 ST Cervex-Brush Combi, levering week 12",  # stuks: a count
    # a letterhead whose contact line comes below the address (a DOCX letter)
    "Diagnostisch Laboratorium Haaglanden-West\nAfdeling Pathologie\n"
    "Laboratoriumweg 14, 2288 EZ Rijswijk\nT 070 - 307 44 00  |  www.dlhw-lab.nl",
    # a letter to a GP: the practice's address block
    "Rijswijk, 1 januari 2024\nHuisartsen De Vaart\nMarnixstraat 32\n9743 XP  Groningen\nBetreft",
    "Huisartsenpraktijk De Linde\nKerkweg 1, 3581 AB Utrecht",
    "huisarts R. Hoekstra\nParkweg 4\n6225 KR Maastricht",
    # the practice's address on its own line
    "Patiënt: mevr. P. Jansen\nHuisartsenpraktijk Het Anker, Dorpsstraat 1, 1234 AB Ergens",
    "Huisarts: Dr. A. de Wit, Kerkstraat 5, 1234 AB Ergens",
    "Huisarts: dr. P. Bakker, Dorpsstraat 1, Ede",  # a title in small letters
]


@pytest.mark.parametrize(
    ("text", "values"),
    [
        # a patient's block, with her contact details below it, is hers
        (
            "Mevrouw J. Jansen\nKerkstraat 1\n1234 AB Utrecht\nE-mail j.jansen@ziggo.nl",
            ["Kerkstraat", "1", "1234AB", "Utrecht"],
        ),
        # the patient's address in a letter under the lab's letterhead
        (
            "Laboratoriumweg 14, 2288 EZ Rijswijk\nT 070 - 307 44 00  |  www.dlhw-lab.nl\n"
            "Uitslag\nMevrouw W. Verschuren\nLijsterstraat 43\n4838 PL  Breda",
            ["Lijsterstraat", "43", "4838PL", "Breda"],
        ),
    ],
)
def test_blocks_near_organisations(dset: DetectorSet, text: str, values: list[str]) -> None:
    assert found(dset, text, "address") == values


@pytest.mark.parametrize(("text", "values"), FORM_FIELDS)
def test_form_fields(dset: DetectorSet, text: str, values: list[str]) -> None:
    assert found(dset, text, "address") == values


@pytest.mark.parametrize("text", FORM_NEGATIVE)
def test_form_negative(dset: DetectorSet, text: str) -> None:
    assert found(dset, text, "address") == []


@pytest.mark.parametrize(("text", "values"), POSITIVE)
def test_positive(dset: DetectorSet, text: str, values: list[str]) -> None:
    assert found(dset, text, "address") == values


@pytest.mark.parametrize("text", NEGATIVE)
def test_negative(dset: DetectorSet, text: str) -> None:
    assert found(dset, text, "address") == []


def test_a_web_form_gives_one_mention_with_the_whole_address() -> None:
    """A contact-form e-mail, through detection and assembly: the fields are one person's."""
    from breachscope.assemble import assemble
    from breachscope.config import Config
    from breachscope.detect.engine import detect_units
    from breachscope.extract.units import TextUnit
    from breachscope.location import Location

    text = (
        "Nieuw bericht via het contactformulier\n\nNaam: Anna de Vries\nStraat: Achterom\n"
        "Huisnummer: 12a\nPostcode: 1234 AB\nWoonplaats: Den Haag\nTelefoon: 06-12345678\n"
        "Bericht: Ik heb een vraag over mijn uitslag.\n"
    )
    findings = detect_units([TextUnit(Location("form.eml", "body"), text, 0)], Config(workers=1))
    (person,) = assemble(findings).mentions.to_pylist()
    assert (person["surname"], person["street"], person["house_number"]) == (
        "de Vries", "Achterom", "12A",
    )  # fmt: skip
    assert (person["postcode"], person["city"]) == ("1234AB", "Den Haag")


@pytest.mark.parametrize(
    ("header", "sample", "kind"),
    [
        # a nested record's number field below its address is the house number
        ("profile.address.number", ["17", "3-bis", "120"], "house_number"),
        ("patient.adres.nr", ["4", "12a"], "house_number"),
        ("address.0.houseNumber", ["17", "3"], "house_number"),
        ("profile.address.street", ["Zuidwal", "Kanaalweg"], "street"),
        ("address", ["Kerkstraat 1, 1234 AB Delft", "Dorpsstraat 4, 6543 BC Ede"], "address"),
    ],
)
def test_nested_address_columns(
    dset: DetectorSet, header: str, sample: list[str], kind: str
) -> None:
    assert column_owner(dset, header, sample) == ("address", kind)


@pytest.mark.parametrize("header", ["order.number", "profile.number", "address.number.type"])
def test_a_number_field_not_below_an_address_is_no_house_number(
    dset: DetectorSet, header: str
) -> None:
    owner = column_owner(dset, header, ["17", "3", "120"])
    assert owner is None or owner[0] != "address"
