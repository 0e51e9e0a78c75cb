"""Phone numbers: NL numbering plan via phonenumbers, E.164; no bare 9-digit numbers."""

from __future__ import annotations

import pytest

from breachscope.detect.detectorset import DetectorSet

from ..helpers import detector, found

POSITIVE = [
    ("Tel.: 06-12345678", "+31612345678"),
    # a fax server's job name above her number marks nothing: ``fax`` glued to digits
    ("DocumentName: fax000412 job 20240513\nNaam: M. Benali, tel. 06-15435468.", "+31615435468"),
    # an access log's protocol is no web address of an organisation
    ('"GET /patient?bsn=123456782&tel=0612345678 HTTP/1.1" 200', "+31612345678"),
    # a URL query's value is what she sent: the referrer's web address marks nothing
    (
        '10.0.0.9 - - [14/Mar/2024:11:32:07 +0100] "POST /portaal/vergeten?naam=Ilse+Bos'
        '&tel=0641234567 HTTP/1.1" 200 311 "https://mijn.lab-noord.nl/login" "Mozilla/5.0"',
        "+31641234567",
    ),
    # another number's label further back labels its own number only
    ("Labnr 2024-1234 ontvangen, mw. Jansen 06-12345678", "+31612345678"),
    ("BSN 123456782, 06-12345678", "+31612345678"),
    ("mobiel 06 1234 5678", "+31612345678"),
    ("patient.telefoon=06-12345678", "+31612345678"),  # her own key
    # a chat's "btw" is "by the way", no VAT number's
    ("btw haar nieuwe nummer is 06 - 41 23 45 67, oude werkt niet", "+31641234567"),
    ("+31 (0)6 1234 5678", "+31612345678"),
    ("T 0031 6 2279 5583", "+31622795583"),
    ("bel 020-1234567", "+31201234567"),
    ("(070) 307 44 00", "+31703074400"),
    ("+31 72 2842359", "+31722842359"),
    ("bereikbaar via (06)12345678", "+31612345678"),
    ("tel. 06.12.34.56.78", "+31612345678"),  # in pairs: no date, though it starts as one
    # a postcode's letters are no company form (" bv " marks a letterhead)
    ("1445 BV Purmerend\r\nTelefoon 0299-428338", "+31299428338"),
    ("Postcode 6827 BV, tel. 06-12345678", "+31612345678"),
    # a mail's line wrapped inside the number: after a mobile's 06, or under a label
    ("Mijn dochter is ziek en heeft koorts, u kunt mij bereiken op 06-\n41234567.", "+31641234567"),
    ("> Mijn dochter is ziek en heeft koorts, bel me gerust op 020 624\r\n> 1111.", "+31206241111"),
    ("Mijn dochter heeft koorts, u kunt mij bereiken op +31 6\n41234567", "+31641234567"),
    (
        "Ik heb een vraag over mijn uitslag en wil graag worden teruggebeld op 0299-\n428338",
        "+31299428338",
    ),
    # other countries' numbers with their country code, by their own plans
    ("GSM +32 470 12 34 56", "+32470123456"),
    ("mobiel: 0049 151 23456789", "+4915123456789"),
    ("tel. +44 20 7946 0958", "+442079460958"),
    # another person's number under a line with a web address
    ("Zie www.bvo.nl voor meer.\nHaar mobiel 06-12345678.", "+31612345678"),
    # her GP after a label's colon: the line goes on to her own data
    (
        "Patiënt: mw. A. Jansen, huisarts: dr. Bos, adres: Kerkstraat 1, 1234 AB Utrecht, "
        "tel 06-12345678",
        "+31612345678",
    ),
    # a mobile number outside the operators' ranges after a label: what she gave as hers
    ("Tel: 06 70 09 08 47", "+31670090847"),
    ("telefoon: 06.0957.9567", "+31609579567"),
    ("Telefoon voor vragen: bel ons terug, wij hebben 06 78561852 genoteerd", "+31678561852"),
    ("Detailvenster: tel. O6-79078745", "+31679078745"),  # (OCR: O for 0)
]
NEGATIVE = [
    "233021629",  # a lab number: no trunk or country prefix
    "Factuurnummer: 0206123456",  # another number's label right before it
    "Kenmerk 0612345678",
    # a service line's hours, an extension: the organisation's number
    "Bel bij vragen 050-3134567 (PathoLab Noord, ma-vr 9-17 uur).",
    "PathoLab Noord, afdeling Cytologie, tel. 071-5269111 toestel 4321",
    "06-1234567",  # too short
    # a number's groups over two lines: a short line, no label, two breaks, a paragraph
    "Bereikbaar op\n06-\n41234567",
    "Het dossier van deze patiënt heeft volgens het archief het kenmerk 020\n6241111 gekregen.",
    "Mijn dochter is ziek en heeft koorts, bel me gerust op 020\n624\n1111.",
    "Mijn dochter is ziek en heeft koorts, u kunt mij bereiken op 06-\n\n41234567.",
    "Laboratoriumweg 14 | T 070 - 307 44 00 | www.dlhw-lab.nl",  # letterhead
    "Lab Noord | BTW NL111222333B01 | tel 070-3074400",
    "Totaal incl. btw: 12,00 - vragen? bel 070-3074400",
    "12-03-24 14:09 - Servicedesk DLHW: Bel ons gerust op 070-3074400",  # its own message
    "Servicedesk 071-123 4567",
    "Bel onze afdeling Uitslagen op 070-3001234.",  # a department's line
    "lab.telefoon=070-3001234",  # someone else's key (a properties file, a log)
    "aanvrager_tel: 070-3001234",
    "Fax 020-1234567",
    "Fax:020-1234567",
    "Tel/fax\nTelefoon 020-1234567",
    "Diagnostisch Lab Noord BV\nTelefoon 0299-428338",  # "BV" ends the line above
    "F2024-10000",
    # outside the operators' ranges, no label: no number; a filler never is one
    "zaak 06 78561852 gesloten",
    "Tel: 06 00 00 00 00",
    "datum 01-03-1978",
    "Artikel 0012345678901",  # no country code standing apart after 00
    "tel +1 555 0100",  # too short for its plan
    # a practice's number on its address line, under its name or after it
    "Apotheek De Ooievaar\nMarkt 1, 6131 EH Sittard - tel 046-4511111",
    "Gezondheidscentrum Oost   H. Yilmaz, huisarts   Oostereind 4, 1212 VH Hilversum  035-6222222",
    "H. Yilmaz, huisarts Oostereind 4, 1212 VH Hilversum 035-6222222",
]


@pytest.mark.parametrize(("text", "value"), POSITIVE)
def test_positive(dset: DetectorSet, text: str, value: str) -> None:
    assert found(dset, text, "phone") == [value]


@pytest.mark.parametrize("text", NEGATIVE)
def test_negative(dset: DetectorSet, text: str) -> None:
    assert found(dset, text, "phone") == []


@pytest.mark.parametrize(
    ("raw", "context", "expected"),
    [
        ("612345678", True, "+31612345678"),  # a spreadsheet dropped the leading zero
        ("612345678", False, None),
        ("31641238876", True, "+31641238876"),  # a spreadsheet dropped the plus
        ("31641238876", False, None),
        ("31012345678", True, None),
        ("0612345678", False, "+31612345678"),
        ("F2024-10000", True, None),
    ],
)
def test_validate(dset: DetectorSet, raw: str, context: bool, expected: str | None) -> None:
    assert detector(dset, "phone").validate(raw, context) == expected


def test_an_sms_gateways_msisdn_column(dset: DetectorSet) -> None:
    """An SMS gateway's log names its numbers ``msisdn``, the plus dropped."""
    claim = dset.classify("msisdn", ["31648392017", "31619283311", "31655501234"])
    assert claim is not None and claim[0].id == "phone"
    # a message's recipients (MessageBird's ``recipients.items.0.recipient``): claimed on
    # such numbers only; a letter's recipient (a CDA's organisation) is no phone column
    claim = dset.classify("recipients.items.0.recipient", ["31653352999", "31613869933"])
    assert claim is not None and claim[0].id == "phone"
    cda = "informationRecipient.intendedRecipient.receivedOrganization.name"
    for header, sample in ((cda, ["Spaarne Gasthuis"]), ("recipient", ["M. Jansen", "P. Bos"])):
        named = dset.classify(header, sample)
        assert named is None or named[0].id != "phone"
    assert dset.field_kind("recipient") is None


def test_brackets_around_the_whole_number_are_not_its_span(dset: DetectorSet) -> None:
    """``(0612345678)``: the span was ``(0612345678``, the bracket's opening without its
    close; an area code in brackets keeps them (``(070) 307 44 00``)."""
    text = "Gebeld door mw Van der Berg (0612345678), en (070) 307 44 00"
    spans = [
        text[h.match.start : h.match.end] for h in dset.text_hits(text) if h.detector.id == "phone"
    ]
    assert spans == ["0612345678", "(070) 307 44 00"]
