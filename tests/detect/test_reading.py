"""A text is read as a reader sees it (ligatures spelled, combining marks composed, HTML
character references, string escapes and URL encoding decoded), and every span maps back
to the text as written."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from breachscope.detect.reading import LIGATURES, as_read, needs_reading, span_back

from .helpers import read_findings

REWRITTEN = [
    ("a\u00adbc\u200b", "abc"),
    ("van R\u0133n", "van Rijn"),
    ("\u0132sselmeer", "IJsselmeer"),
    ("Gri\ufb03oen", "Griffioen"),
    ("O\u0308zdemir", "\u00d6zdemir"),
    ("Cl&eacute;ment", "Cl\u00e9ment"),
    ("Ren&#233;e", "Ren\u00e9e"),
    ("Ren&#xE9;e", "Ren\u00e9e"),
    ("06&nbsp;12", "06\u00a012"),
    ("Jansen &amp; Zn", "Jansen & Zn"),
    ('"M\\u00fcller"', '"M\u00fcller"'),
    ("\\u00d6zt\\u00fcrk", "\u00d6zt\u00fcrk"),
    ("\\ud83d\\ude00", "\U0001f600"),
    ("2.5\\rPID|1", "2.5\rPID|1"),
    ("regel\\nTweede", "regel\nTweede"),
    ('{\\"naam\\":1}', '{"naam":1}'),
    ("https:\\/\\/lab.nl", "https://lab.nl"),
    ("a\\\\nTweede", "a\\nTweede"),  # an escaped backslash, then a plain n
    ("naam=J%2E+de+Vries&geb=1", "naam=J. de Vries&geb=1"),
    ("naam=M%C3%BCller%2C+R.", "naam=M\u00fcller, R."),
    ("{\\x22naam\\x22:\\x22T. W\\xC3\\xB3jcik\\x22}", '{"naam":"T. W\u00f3jcik"}'),  # nginx
    ("?q=Jansen%2C+P.+03-03-1978", "?q=Jansen, P. 03-03-1978"),
    ("body: naam=Petra+Jansen&tel=1", "body: naam=Petra Jansen&tel=1"),
    ("postcode=1234+AB&x=1", "postcode=1234 AB&x=1"),
    ("BSN 1614=\n74299, Ren=C3=A9e", "BSN 161474299, Ren\u00e9e"),  # quoted-printable
    ("a=3D=\r\nb", "a=b"),
    ("> Populierenlaan 23\n> 5623 KB Eindhoven", "Populierenlaan 23\n5623 KB Eindhoven"),
    (">> een\n> > twee\n>\ndrie > vier", "een\ntwee\n\ndrie > vier"),  # marks at a start
    ("Achternaam: ______Mulder______", "Achternaam:  Mulder "),  # a form's fill lines
    ("__07__-__09__-__1974__", " 07 - 09 - 1974 "),
    ("BSN: _140936981_.", "BSN:  140936981 ."),
    ("burger-\nservicenummer:", "burgerservicenummer:"),  # hyphenated at a line's end
    ("Jan-\r\n  sen", "Jansen"),
    (
        "Geboortedatum: [cid:image002.png@01DA1234.56789ABC] 21-07-1983",
        "Geboortedatum:  21-07-1983",
    ),
    ("[cid:logo]\nLab", "\nLab"),  # an inline image's placeholder
    # HTML's tags in a text (an Evernote note's ENML, an e-mail's HTML in a JSON string)
    (
        "<div>Mevr. A. Nowak, 06-09-1979</div><div>Uitstrijkje: hrHPV positief</div>",
        "\nMevr. A. Nowak, 06-09-1979\nUitstrijkje: hrHPV positief",
    ),
    ("a<br/>b<BR />c</span>", "a\nb\nc"),
    ('<tr><td class="x">Jansen</td><td>1234</td></tr>', "\nJansen\t1234\t"),
    ('<?xml version="1.0"?><en-note><b>BSN</b>: 1</en-note>', "\nBSN: 1"),
    ("Uitslag: \u2610 negatief \u2612 positief\nB", "Uitslag: positief\nB"),  # check boxes
    ("Geslacht: \u2611 V \u2610 M", "Geslacht: V "),
    ("\u2611 Mevr. \u2610 Dhr.   Naam: Yildiz", "Mevr.    Naam: Yildiz"),  # a field's gap
    ("'geb': datetime.date(1978, 3, 3),", "'geb': 1978-03-03,"),  # a Python date's repr
    ("datetime.datetime(2024, 12, 31, 23, 59, 7, 12)", "2024-12-31"),
    # a seed script's date: the class imported, the arguments without spaces too
    ('"geboortedatum": date(1982, 3, 5),', '"geboortedatum": 1982-03-05,'),
    ("geb = datetime(1982,3,5)", "geb = 1982-03-05"),
    # a Rails seed's and a Java test's dates
    ("geboortedatum: Date.new(1969, 8, 8),", "geboortedatum: 1969-08-08,"),
    ("geb = LocalDate.of(1969, 8, 8);", "geb = 1969-08-08;"),
    # a protobuf's text format's octal escapes of bytes beyond ASCII (not ASCII's alone:
    # a path's \2024 stays)
    ('geslachtsnaam: "Zieli\\305\\204ska"', 'geslachtsnaam: "Zielińska"'),
    # a protobuf's text format, Go's %+v of a struct
    ("geboortedatum { year: 1989 month: 5 day: 29 }", "geboortedatum { 1989-05-29 }"),
    ("Geboren:{Year:1975 Month:2 Day:22}", "Geboren:{1975-02-22}"),
    ("GeboorteDatum = new DateTime(1975, 2, 22),", "GeboorteDatum = 1975-02-22,"),
    ("geboren=dt.date(1983, 8, 21),", "geboren=1983-08-21,"),
    ("datetime.datetime(1978, 3, 3, 0, 0, tzinfo=datetime.timezone.utc)", "1978-03-03"),
    # a form's character boxes, a digit or a date's hyphen each
    ("BSN [ 2 | 6 | 0 | 8 | 6 | 2 | 3 | 4 | 4 ]", "BSN [ 260862344 ]"),
    ("|2|9|-|0|6|-|1|9|8|6|", "|29-06-1986|"),
    # a value in base64, standard or URL-safe, and a JSON web token's header and claims
    ("payload=YnNuPTYyMjk3Mzc2OTtuYWFtPVdvbGZm x", "payload=bsn=622973769;naam=Wolff x"),
    ("key=uitslag:MTY4MjU4Mzg5 ttl", "key=uitslag:168258389 ttl"),
    (  # (posted in a form's body: its + and / written %2B and %2F)
        "body=SAMLResponse=PE5hbWVJRD5zMDAwMDAwMDA6MDExMTAyNDMzPC9OYW1lSUQ%2BPG5hYW0%2Bw5g%2FID48L25hYW0%2B&x",
        "body=SAMLResponse=<NameID>s00000000:011102433</NameID><naam>Ø? ></naam>&x",
    ),
    # a Java date as Hibernate logs a bound parameter; a diff's hunk of a CSV file
    ("as [DATE] - [Thu Jan 19 00:00:00 CET 1956]", "as [DATE] - [1956-01-19]"),
    # an HL7 name field quoted in a log (the words before it in its sentence stay)
    (
        "PID-5 too long: 'DOĞAN^NURCAN^^^^^L' PID-7 '19680115'",
        "PID-5 too long: 'DOĞAN, NURCAN' PID-7 '19680115'",
    ),
    ("patient KOSTER-de Vries^P.J.^^^^^L ok", "patient KOSTER-de Vries, P.J. ok"),
    (
        "PID|1||123^^^LAB||van der Berg^Jan^^^^^L||19780312|F",
        "PID|1||123^^^LAB||van der Berg, Jan||19780312|F",
    ),
    (
        "@@ -1,3 +1,3 @@\n bsn;naam\n-123456782;Jansen\n+123456782;Bakker\n",
        "@@ -1,3 +1,3 @@\nbsn;naam\n123456782;Jansen\n123456782;Bakker\n",
    ),
    (
        "Bearer eyJhbGciOiJub25lIn0.eyJic24iOiIxMjM0NTY3ODIifQ.",
        'Bearer {"alg":"none"} {"bsn":"123456782"}',
    ),
    (  # (the token's JSON escapes read too)
        "Bearer eyJhbGciOiJub25lIn0.eyJuYW1lIjogIlJ1a2l5ZSBTYXJcdTAxMzEifQ.",
        'Bearer {"alg":"none"} {"name": "Rukiye Sarı"}',
    ),
    # a number and a date spoken as a transcript writes them
    ("is een twee drie, vier vijf zes, zeven acht twee.", "is 123456782."),
    ("op nul zes, twaalf, vierendertig, zesenvijftig, achtenzeventig", "op 0612345678"),
    ("Twee Nul Eén Vier Drieëntwintig Negen", "2014239"),
    ("geboren drie maart negentien zesentachtig", "geboren 3 maart 1986"),
    ("drie maart negentienzestig", "3 maart 1960"),
    ("op eenendertig december negentienhonderd twee", "op 31 december 1902"),
    ("Een januari tweeduizend en twee", "1 januari 2002"),
    # a LaTeX letter's spaces and accents
    (
        "\\documentclass{letter} BSN~505\\,931\\,114, Ren\\'ee M\\\"{u}ller {\\`a}",
        "\\documentclass{letter} BSN 505 931 114, Renée Müller à",
    ),
    # a LaTeX letter's address block: its lines apart by line breaks
    (
        "\\documentclass{letter} {Mevrouw Z.A.~Kaya\\\\Stationsweg 172\\\\3818~MJ}",
        "\\documentclass{letter} {Mevrouw Z.A. Kaya\nStationsweg 172\n3818 MJ}",
    ),
    # a LaTeX table's cells, and its rows' ends as line breaks; an escaped ampersand stays
    (
        "\\documentclass{letter} Huisarts: & drs.~Bos \\\\[2mm] Bos \\& Zn",
        "\\documentclass{letter} Huisarts:   drs. Bos \n Bos \\& Zn",
    ),
]

KEPT = [
    "geb: new Date(1975, 1, 22)",  # JavaScript's: its months count from nought
    "plain text, 100% zeker",
    "\u0308 alone",  # a mark on no letter
    "&foo; &#0; & amp;",  # no character reference
    "C:\\temp\\nieuw\\rapport.txt",  # a path: \n and \r before a small letter
    "\\ud83d alone",  # a lone surrogate
    "\\u0007 bell",  # a control code
    "%ZZ %C3 %00",  # no UTF-8, a control code
    "C:\\xampp \\xC3 \\x07",  # no escape of a byte; no UTF-8, a control code
    "<naam>Jansen</naam> a < b </ c",  # XML's own tags, no HTML's; no tag
    "uitslag: hrHPV+ en Pap 3a+",  # a plus in prose
    "uitslag=hrHPV+&a=1",  # at a value's end
    "telefoon=+31612345678&a=1",  # at a value's start
    "som: a=b+c",  # no URL encoding in its word
    "naam=\nBSN=123 =C3",  # a line's final = in a text that shows no quoted-printable
    "> 5 mm\nverder niets",  # one line that starts with a >: no quoted e-mail
    "geb_datum=1 patient_id_12 a_1",  # one underscore between words
    "mevrouw A.M. Bakker-\nde Graaf",  # a double name's second part: a tussenvoegsel
    "12-03-\n1978, HPV-\nnegatief, Noord-\nHolland",  # no small letters on both sides
    "[cid: image.png] [cid:] [image001.png]",  # no placeholder's shape
    "datetime.date(1978, 13, 3) datetime.date.today() update(1978, 3, 3)",  # no date
    "\u2610 " + "akkoord " * 8,  # an empty box's option longer than a few words: kept
    # a table's row of one-digit cells (fewer than eight), of wider cells, of letters
    "| 1 | 0 | 2 | 3 | 0 | 1 | 4 |",
    "| 12 | 10 | 2 | 3 | 0 | 1 | 4 | 2 |",
    "| V | M | V | V | M | V | M | V |",
    # no base64 of text: a hash in hex, an id of random letters, a long word, binary
    "traceId=00f0e1d2c3b4a5968778695a4b3c2d1e",
    "sessionId=Xk3Lq9PzR2mVabcd",
    "naam=Bevolkingsonderzoek x",
    "thumb=AAECAwQFBgcICQoLDA0ODxAREhM=",
    "Thu Jan 19 1956, Mon Feb 30 00:00:00 CET 1956x",  # no Java date's shape
    "at Wed Apr 17 14:02:11 CEST 2024",  # a time of day: an event's
    "--- a/x.csv\n+++ b/x.csv\n-123;Jansen\n",  # no hunk header
    # no HL7 name field: a code, a power, a provider's id first, LaTeX's accent
    "OBX|1|CE|hrHPV^HPV test^LN||POS",
    "x^2 + y^2",
    "01763690^van Vliet^T.K.^^^^^^VEKTIS",
    "Ren\\^{e}e",
    # fewer than six number words in a row; a number word inside a word; no year
    "twee of drie keer, zes zeven acht keer zelfs, een twee drie vier vijf",
    "een twee drie vier vijf tweeling",
    "op drie maart negentien patiënten",
    "BSN: 505\\,931\\,114 ~ Ren\\'ee",  # LaTeX's marks in a text that is no LaTeX
    "C:\\data\\2024\\03 en \\101\\102",  # (octal escapes of ASCII, a path's digits)
]


@pytest.mark.parametrize(("written", "seen"), REWRITTEN)
def test_rewritten(written: str, seen: str) -> None:
    got, spans = as_read(written)
    assert got == seen
    assert spans is not None
    assert needs_reading(written)
    assert needs_reading(written, latin1=all(c <= "\xff" for c in written))


@pytest.mark.parametrize("written", KEPT)
def test_read_as_written(written: str) -> None:
    assert as_read(written) == (written, None)
    assert not needs_reading(written)
    assert not needs_reading(written, latin1=all(c <= "\xff" for c in written))


def test_span_back() -> None:
    seen, spans = as_read("a\u00adbc\u200b")
    assert seen == "abc" and spans is not None
    assert spans.starts.tolist() == [0, 2, 3, 5]
    assert span_back(spans, 0, 2) == (0, 3) and span_back(spans, 2, 3) == (3, 4)
    assert span_back(spans, 1, 1) == (2, 2)
    assert span_back(None, 1, 2) == (1, 2)
    seen, spans = as_read("Cl&eacute;ment R\u0133n")
    assert seen == "Cl\u00e9ment Rijn" and spans is not None
    assert spans.back(2, 3) == (2, 10)  # é: its whole reference
    assert spans.back(8, 12) == (15, 18)  # Rijn: R, the ligature, n
    assert spans.back(9, 10) == spans.back(10, 11) == (16, 17)  # i and j: the ligature


_PIECES = [
    ("a", "a"),
    ("B", "B"),
    (" ", " "),
    ("1", "1"),
    (";", ";"),
    ("\u00ad", ""),
    ("\u200b", ""),
    *((lig, spelled) for lig, spelled in LIGATURES.items()),
    ("&eacute;", "\u00e9"),
    ("&#246;", "\u00f6"),
    ("&amp;", "&"),
    ("\\u00eb", "\u00eb"),
    ('\\"', '"'),
    ("%C3%BC", "\u00fc"),
    ("\\xC3\\xBC", "\u00fc"),
    ("%20", " "),
    ("[cid:image001.png@01DA1234.56789ABC]", ""),
    ("<br/>", "\n"),
    ("</div>", ""),
    ("datetime.date(1978, 3, 3)", "1978-03-03"),
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=30))
def test_spans_map_back_to_what_they_were_read_from(pieces: list[tuple[str, str]]) -> None:
    """Pieces that each read as one thing, in any order: the text seen is their reading,
    and each character seen maps back to the piece it was read from."""
    written = "".join(w for w, _ in pieces)
    seen, spans = as_read(written)
    assert seen == "".join(r for _, r in pieces)
    if spans is None:
        assert seen == written
        return
    at = 0
    i = 0
    for w, r in pieces:
        for _ in r:
            start, end = spans.back(i, i + 1)
            assert (start, end) == ((at, at + len(w)) if len(w) > 1 or len(r) > 1 else (at, at + 1))
            i += 1
        at += len(w)


_LATIN1_PIECES = st.lists(
    st.characters(max_codepoint=0xFF)
    | st.sampled_from(
        [
            *("\n>", "> ", "__", " _", "1_", "-\n", "ab-\ncd", "=3D", "=C3=A9", "=\n"),
            *("%20", "&amp;", "+", "?a=b+c&d=e", "\\u00eb", "\\n", "\u00ad", "="),
            *("[cid:a.png@1]", "[cid:", "]", "datetime.date(1978, 3, 3)", "datetime.date("),
            *("een twee drie vier vijf zes", " zeven", ", ", "drie maart ", "negentien"),
            *("Jansen^Petra", "^^^L", "^", "x^2"),
        ]
    ),
    max_size=20,
).map("".join)


@settings(max_examples=500, deadline=None)
@given(_LATIN1_PIECES)
def test_the_latin1_check_agrees_with_the_full_one(text: str) -> None:
    """A plain text's shortcuts (substring tests) decide as the full search does."""
    assert needs_reading(text, latin1=True) is needs_reading(text)


def _found(text: str) -> list[tuple[str, str, str]]:
    """(class, value, the written text at its span) of each finding in ``text``."""
    return [(c, v, raw) for c, v, raw, _ in read_findings(text)]


FOUND = [
    (  # an HL7 fragment in an interface engine's log: her name and birth date
        "hl7in[4410]: ERROR ORU parse: PID-5 too long: 'YILMAZ^EMINE^^^^^L' PID-7 '19710304'",
        [
            ("name", "Emine Yilmaz", "YILMAZ^EMINE^^^^^L"),
            ("date_of_birth", "1971-03-04", "19710304"),
        ],
    ),
    (  # a PDF's text layer with ligatures
        "Naam: mevr. A. van R\u0133n\nAdres: B\u0133lmerdreef 101, 1102 BR Amsterdam",
        [
            ("name", "A. van Rijn", "A. van R\u0133n"),
            ("address", "Bijlmerdreef", "B\u0133lmerdreef"),
        ],
    ),
    (
        "Dhr. K. Ho\ufb00mann, geb. 11-03-1955",
        [("name", "K. Hoffmann", "K. Ho\ufb00mann"), ("date_of_birth", "1955-03-11", "11-03-1955")],
    ),
    ("Naam: mevr. E. O\u0308zdemir", [("name", "E. \u00d6zdemir", "E. O\u0308zdemir")]),
    (  # an HTML e-mail's text with its references left in
        "Geachte mevrouw Cl&eacute;ment-van Dijk,\nUw geboortedatum:&nbsp;15-05-1970",
        [
            ("name", "Cl\u00e9ment-van Dijk", "Cl&eacute;ment-van Dijk"),
            ("date_of_birth", "1970-05-15", "15-05-1970"),
        ],
    ),
    (  # an access log's query string
        '"GET /api/patient?naam=M%C3%BCller%2C+R.&bsn=220269634 HTTP/1.1" 200',
        [("name", "R. M\u00fcller", "M%C3%BCller%2C+R."), ("bsn", "220269634", "220269634")],
    ),
    (  # a PDF's hyphenation, a form's fill lines
        "Naam: mevr. I. Boukhari\nburger-\nservicenummer: 869554554\n"
        "Geboortedatum: __07__-__09__-__1974__",
        [
            ("bsn", "869554554", "869554554"),
            ("date_of_birth", "1974-09-07", "07__-__09__-__1974"),
        ],
    ),
    (  # a mail body's quoted-printable left undecoded
        "Mijn burgerservicenummer is 1614=\n74299 en ik ben geboren op =\n12-06-1979."
        " Met vriendelijke groet, Ren=C3=A9e Smulders",
        [
            ("bsn", "161474299", "1614=\n74299"),
            ("date_of_birth", "1979-06-12", "12-06-1979"),
            ("name", "Ren\u00e9e Smulders", "Ren=C3=A9e Smulders"),
        ],
    ),
    (  # a reply quoting the patient's e-mail
        "> Mijn adres is gewijzigd naar:\n> Populierenlaan 23\n> 5623 KB Eindhoven\n"
        "> mijn burgerservicenummer is 733 108\n> 878.",
        [
            ("address", "5623KB", "5623 KB"),
            ("address", "Eindhoven", "Eindhoven"),
            ("bsn", "733108878", "733 108\n> 878"),
        ],
    ),
    (  # an e-mail's plain-text part with an inline image's placeholder
        "Naam: mevr. B. Hermans\nGeboortedatum: [cid:image002.png@01DA1234.56789ABC] 21-07-1983",
        [("date_of_birth", "1983-07-21", "21-07-1983")],
    ),
    (  # a scanned form's check boxes: the crossed one holds the result
        "Geslacht: \u2612 V \u2610 M\nUitslag hrHPV: \u2610 negatief \u2612 positief\n"
        "Naam: mevr. G. Kuiper",
        [("health", "hrHPV: positief", "hrHPV: \u2610 negatief \u2612 positief")],
    ),
    (  # a Python log of a dict
        "DEBUG patient={'naam': 'P. Jansen', 'geb_datum': datetime.date(1978, 3, 3), "
        "'bsn': '506332433'}",
        [("date_of_birth", "1978-03-03", "datetime.date(1978, 3, 3)")],
    ),
    (
        "POST /api/aanmelding body: naam=Petra+Jansen&postcode=1234+AB",
        [("name", "Petra Jansen", "Petra+Jansen"), ("address", "1234AB", "1234+AB")],
    ),
    (  # a scanned form's boxes as form recognition wrote them
        "Geboortedatum (dd-mm-jjjj) ..... [ 2 | 9 | - | 0 | 6 | - | 1 | 9 | 8 | 6 ]\n"
        "BSN ............................ [ 2 | 6 | 0 | 8 | 6 | 2 | 3 | 4 | 4 ]",
        [
            ("date_of_birth", "1986-06-29", "2 | 9 | - | 0 | 6 | - | 1 | 9 | 8 | 6"),
            ("bsn", "260862344", "2 | 6 | 0 | 8 | 6 | 2 | 3 | 4 | 4"),
        ],
    ),
    (  # a voicemail's transcript: her BSN, birth date and phone number spoken
        "Goedemiddag, u spreekt met Fatima Bulut, geboren twaalf juni negentien "
        "tweeëntachtig. Mijn burgerservicenummer is een twee drie, vier vijf zes, zeven "
        "acht twee. Belt u mij terug op nul zes, twaalf, vierendertig, zesenvijftig, "
        "achtenzeventig?",
        [
            ("date_of_birth", "1982-06-12", "twaalf juni negentien tweeëntachtig"),
            ("bsn", "123456782", "een twee drie, vier vijf zes, zeven acht twee"),
            (
                "phone",
                "+31612345678",
                "nul zes, twaalf, vierendertig, zesenvijftig, achtenzeventig",
            ),
        ],
    ),
    (  # a call's transcript by speech-to-text: the replies under the agent's questions
        "00:00:19 AGENT: mag ik voor de controle eerst uw geboortedatum\n"
        "00:00:24 BELLER: ja eh negenentwintig oktober negentien negenenvijftig\n"
        "00:00:41 AGENT: en eh uw burgerservicenummer heeft u die bij de hand\n"
        "00:00:44 BELLER: eh even kijken hoor eh ja hier op mijn pasje 7 7 6. 0 3 5. 1 6 2\n"
        "00:02:40 BELLER: en eh mijn zus eh Anja, Anja Koster, die heeft dat ook gehad\n",
        [
            ("date_of_birth", "1959-10-29", "negenentwintig oktober negentien negenenvijftig"),
            ("bsn", "776035162", "7 7 6. 0 3 5. 1 6 2"),
            ("name", "Anja Koster", "Anja, Anja Koster"),
        ],
    ),
]


@pytest.mark.parametrize(("text", "expected"), FOUND)
def test_found_as_read(text: str, expected: list[tuple[str, str, str]]) -> None:
    found = _found(text)
    assert [f for f in expected if f not in found] == []


def test_phone_with_references_and_json_surname() -> None:
    assert ("phone", "+31612345678", "06&nbsp;12&nbsp;34&nbsp;56&nbsp;78") in _found(
        "Telefoon:&nbsp;06&nbsp;12&nbsp;34&nbsp;56&nbsp;78"
    )
    names = [
        (v, raw)
        for c, v, raw in _found(
            '2024-03-11 INFO patient={"achternaam": "\\u00d6zt\\u00fcrk", "voorletters": "A."}'
        )
        if c == "name"
    ]
    assert names
    assert all("\u00d6zt\u00fcrk" in v and "\\u00d6zt\\u00fcrk" in raw for v, raw in names)
