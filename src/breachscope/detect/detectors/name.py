"""Person names (patients, participants, staff): class ``name``.

Free text: the shapes of :mod:`breachscope.detect.namegrammar` - after a cue ("Mevr.",
"mevrouw", "dhr.", "Patiënt:", "naam:", "t.a.v.", "Betreft:"), "Achternaam, Voorletters",
initials + surname, a listed given name + surname, upper-case forms, and surnames of the
optional register (names already found in structured sources, see
:func:`breachscope.detect.engine.detect_units`). Known non-name words ("Pap", "Uitslag",
month names...) never form a name. Names after a provider cue ("Huisarts", "aanvrager",
"dr.") belong to the provider detector, which wins overlaps.

Tables: a column is a name column by its header (``naam``, ``achternaam``, ``voornamen``,
``voorletters``, ``PID-5``, ``NAD+PAT``...); the kind follows the header.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from typing import ClassVar

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import regex

from breachscope.config import Config
from breachscope.detect.base import (
    HEADER_SAMPLE_SHARE,
    CellFindings,
    ColumnSample,
    ColumnVerdict,
    Detector,
    TextMatch,
    share_at_least,
)
from breachscope.detect.columns import anything_named, header_hit
from breachscope.detect.context import TextView, match
from breachscope.detect.detectors._org import OTHER_PARTY_HEADERS
from breachscope.detect.detectors.provider import PRACTICE_WORDS
from breachscope.detect.fastpath import by_distinct, flags, string_bytes
from breachscope.detect.lazypattern import lazy
from breachscope.detect.namecolumn import name_column
from breachscope.detect.namegrammar import (
    GIVEN,
    LABEL_DATE_SEX,
    LABEL_GAP,
    NAME_WORD_MAX,
    SURNAME,
    find_names,
    initials_last,
    label_name,
    word_start,
)
from breachscope.detect.names import (
    FUNCTION_WORDS,
    GIVEN_NAMES,
    INITIALS,
    LOWER,
    NOT_NAMES,
    PREFIX_RE,
    PREFIXES,
    SURNAMES,
    UPPER,
    as_initials,
    initials_first,
    is_not_name,
    is_prefix,
    name_kind,
    normalise_name,
)
from breachscope.detect.streetwords import SUFFIX_ALTERNATION

CUES: tuple[str, ...] = (
    "met vriendelijke groet",
    "vriendelijke groet",
    "vriendelijke groeten",
    "hartelijke groet",
    "collegiale groet",
    "hoogachtend",
    "groetjes",
    "groeten",
    "liefs",
    "mvg",
    "m.v.g.",
    "kind regards",
    "regards",
    "from:",
    "to:",
    "cc:",
    "van:",
    "aan:",
    "afzender:",
    "mevrouw", "mevr.", "mevr", "mw.", "mw", "dhr.", "dhr", "de heer", "meneer", "mej.",
    "patiënt", "patient", "patiënte", "pati\u00ebnt:", "cliënt", "client", "naam", "name",
    "pt.", "pat.", "pte.", "pte",
    "t.a.v.", "t.a.v", "tav", "ter attentie van", "betreft", "geachte mevrouw",
    "geachte heer", "geachte", "beste", "beste mevrouw", "beste meneer", "mrs.", "mr.",
    "ms.", "deelnemer", "deelneemster", "onderzochte", "verzekerde", "debiteur",
    "naam patiënt", "patiëntnaam",
    "achternaam", "voornaam", "voornamen", "roepnaam", "geslachtsnaam", "meisjesnaam",
    "partnernaam", "surname", "last name", "family name", "given name", "givenname",
    "sn:",  # LDAP's surname attribute (an LDIF export: ``sn: Jansen``)
    "first name", "echtgenote van", "echtgenoot van", "weduwe van", "dochter van",
    "zoon van", "moeder", "vader", "partner", "familie", "fam.", "fam", "hallo", "hoi",
    # a changed name's (a marriage, a widow's): what she is called now and was before
    "heet nu", "heet voortaan", "voorheen", "geboren als", "eerder bekend als", "wed.",
    "weduwe", "gehuwd met", "getrouwd met",
    "goedemorgen", "goedemiddag", "goedenavond",
)  # fmt: skip
HEADER_KINDS: tuple[tuple[str, str], ...] = (
    ("voorletters", "initials"),
    ("vrltr", "initials"),
    ("voorl", "initials"), ("initialen", "initials"), ("initials", "initials"),
    ("vrl", "initials"), ("tussenvoegsel", "prefix"), ("voorvoegsel", "prefix"),
    ("prefix", "prefix"), ("tussenv", "prefix"),
    ("voornamen", "given_names"), ("voornaam", "given_names"), ("roepnaam", "given_names"),
    ("given name", "given_names"), ("first name", "given_names"), ("firstname", "given_names"),
    ("pid-5.2", "given_names"), ("nk1-2.2", "given_names"), ("achternaam", "surname"),
    ("geslachtsnaam", "surname"),
    ("meisjesnaam", "surname"), ("partnernaam", "surname"), ("eigen naam", "surname"),
    ("family name", "surname"), ("last name", "surname"), ("lastname", "surname"),
    ("surname", "surname"), ("pid-5.1", "surname"), ("nk1-2.1", "surname"), ("pid-6", "surname"),
    ("geboortenaam", "surname"), ("naam echtgenoot", "surname"),
    ("given", "given_names"), ("family", "surname"),  # FHIR HumanName: name.given, name.family
)  # fmt: skip


_FILE_EXTENSIONS = frozenset(
    {"dbf", "dbt", "fpt", "cdx", "ndx", "mdx", "mdb", "accdb", "db", "dat", "sav", "dta",
     "pdf", "doc", "docx", "xls", "xlsx", "csv", "txt", "xml", "rtf", "msg", "eml", "htm",
     "html", "json", "log", "bak", "tmp", "ini", "cfg", "zip", "jpg", "png", "tif", "tiff"}
)  # fmt: skip
"""A file's extension: a word right after a dot is no name where it is one (``PATIENT.DBF``,
``Patient.pdf``: the cue is a file's name)."""
_STAFF_BEFORE = re.compile(
    r"(?i:beoordelaar|beoordeeld[ \t]+door|geautoriseerd(?:[ \t]+door)?|autorisatie[ \t]+door"
    r"|screener|cytotechnoloog|cytoanalist|ingevoerd[ \t]+door|gewijzigd[ \t]+door)"
    r"[ \t]*:[ \t]*(?:(?i:dr|drs|prof|ing|ir|mr)\.?[ \t]+)*\Z"
)
"""A label of the lab's own staff right before a name (``Beoordelaar: drs. F.A.
Kerkhof``, ``Geautoriseerd door: J. Smit``): the name is an employee's, no one whose
record the text holds."""
_STAFF_REACH = 60
_STAFF_AFTER = re.compile(
    r"[ \t]*[,(][ \t]*(?:klinisch[ \t]+)?(?:patholoog|cytotechnoloog|cytoanalist|analist"
    r"|screener|microbioloog|laboratoriumspecialist|klinisch[ \t]+chemicus)\b",
    re.IGNORECASE,
)
"""The lab's own role right after a name (``dr. G.H. Oude Luttikhuis, patholoog``, a
result letter's signer): an employee's name, no one whose record the text holds."""
_PRACTICE_BRACKET = regex.compile(
    rf"(?:{'|'.join(PRACTICE_WORDS)})(?:[ ]+[\w'\-]+){{0,4}}[ \t]*\([ \t]*"
    r"(?:(?i:dr|drs|prof|mr|ir)\.?[ \t]+)*\Z"
)
"""A practice's name and an opening bracket right before a name: the practice's doctor
(the provider detector reads it so), not the patient."""
_HEADER_KEYS = tuple(key for key, _ in HEADER_KINDS)
_HEADER_KIND = dict(HEADER_KINDS)
_REMARK = re.compile(r"\s*\([^()]*\)\s*$")
"""A remark in brackets at a header's end, how its values are written (``Naam
(achternaam, voorletters)``: whole names, family name first)."""


def _kind_key(header: str) -> str | None:
    """The first of :data:`HEADER_KINDS` naming ``header``, read before a remark in
    brackets at its end where something stands before it: the remark says how the name is
    written (``Naam (achternaam, voorletters)`` is a column of whole names, ``Achternaam
    (gebruik)`` one of family names)."""
    head = _REMARK.sub("", header)
    return header_hit(head if head.strip() else header, _HEADER_KEYS)


SHAPE_CONFIDENCE = {
    "addressee": 0.85,
    "before": 0.9,
    "cue": 0.93,
    "reversed": 0.9,
    "initials": 0.85,
    "given": 0.85,
    "register": 0.75,
}


TRAILING_CUES = ("geboren", "geb", "geboortedatum", "bsn", "born", "dob", "date of birth")
"""Cues that follow a name on its line ("Naima Hofenga, geboren 9-5-1979")."""
ADDRESSEE_PATTERN = (
    r"\n[^\n]{3,60}\r?\n[^\n]{0,40}(?i:straat|laan|weg|plein|gracht|kade|singel|dijk|hof|pad"
    r"|dreef|markt|park|steeg|baan|hout|wal|dam|ring) +[1-9]"
)
"""A line above a street and house number: the addressee of a letter."""
ADDRESSEE_POSTCODE_PATTERN = (
    r"\n[^\n]{3,60}\r?\n[^\n]{2,40}[ ][1-9][0-9]{0,4}[^\n]{0,8}\r?\n[ \t]*[1-9][0-9]{3}[ ]?"
    r"[A-Z]{2}[ \t]"
)
"""A line above a street line (a house number at its end) and a postcode line: the
addressee of a letter whose street has no street word (``Windmolen 306``)."""


_CAP = r"(?:\b[A-Z]|[\xC0-\xD6\xD8-\xDE?])"
"""A capital as the prefilter sees it (latin-1 bytes): ASCII at a word start, a latin-1
capital (``Öztürk``, ``Çelik``), or ``?`` for a letter outside latin-1 (``Şahin``); the
exact patterns then read the text itself."""
_LETTER = r"[A-Za-z\xC0-\xD6\xD8-\xF6\xF8-\xFF?]"
"""A letter as the prefilter sees it (``Yılmaz`` is ``Y?lmaz``)."""


_STRUCTURE_WORDS = frozenset(
    {"item", "event", "task", "node", "object", "element", "field", "attribute", "property",
     "tag", "view", "sheet", "group", "project", "type", "key", "column", "kolom", "table",
     "tabel", "channel", "info", "collection", "workspace", "folder", "creator", "browser",
     "runtime", "sdk", "os"}
)  # fmt: skip
"""Header words that veto a column's claim as a name (``item.name``, ``field_name``) but
not the names in its cells' text: a document's structure, as an XML or JSON path names
it (a Jira export's ``channel.item.description``: a ticket's text about patients); a chat's
channel and an API collection's own names (a Teams export's ``channel.displayName``, a
Postman collection's ``info.name``), a browser capture's tool (a HAR's
``log.creator.name``), an error report's platform (Sentry's ``contexts.runtime.name``)."""


class NameDetector(Detector):
    id = "name"
    data_class = "name"
    kind = "full_name"
    patterns = (
        rf"{_CAP}(?:{_LETTER}|['\-])+(?: (?:{_LETTER}|')+){{0,3}}, ?[A-Z\xC0-\xD6\xD8-\xDE]",
        rf"(?:{_CAP}[a-z]?\. ?){{1,5}}(?:[a-zA-Z']+ ){{0,3}}[A-Z\xC0-\xD6\xD8-\xDE?]{_LETTER}",
        # a register's tussenvoegsel in a slot of its own (``Graaf, de, P.H.``)
        rf"{_CAP}(?:{_LETTER}|['\-])+, ?[a-z']+(?: [a-z']+){{0,2}}, ?[A-Z\xC0-\xD6\xD8-\xDE]",
        # an academic title between the comma and the initials (``Nijenhuis, drs. A.B.``)
        rf"{_CAP}(?:{_LETTER}|['\-])+, ?(?:[Dd]rs|[Mm]r|[Ii]r)\. ?[A-Z]",
    )
    max_len = 60
    lookahead = 70
    header_keywords = (
        "naam",
        "name",
        "achternaam",
        "voornaam",
        "voornamen",
        "voorletters",
        "initialen",
        "roepnaam",
        "geslachtsnaam",
        "meisjesnaam",
        "partnernaam",
        "tussenvoegsel",
        "voorvoegsel",
        "surname",
        "family name",
        "given name",
        "first name",
        "last name",
        "initials",
        "pid-5",
        "pid-6",
        "pid-9",
        "nk1-2",
        "pna+pat",
        "patient",
        "patiënt",
        "client",
        "deelnemer",
        "melder",  # (a register of reports: who reported, a person)
        "melder naam",
        "geboortenaam",
        "eigen naam",
        "nm",
        "vrltr",
        "voorl",
        "vrl",
        "vnm",
        "anm",
        "achternm",
        "tussenv",
        "vnaam",
        "anaam",
        "pat nm",
    )
    header_over_negative = (
        "geslachtsnaam",
        # a patient portal's account: its profile's names are the patient's own, though
        # "user" vetoes a login name (userProfile.lastName, user.profile.firstName)
        "profile last name", "profile first name", "profile name family",
        "profile name given", "profile surname", "profile family name", "profile given name",
    )  # fmt: skip
    header_negative = (
        "huisarts",
        "arts",
        "aanvrager",
        "verwijzer",
        "verw",  # (``verw_naam``: the referrer's, an insurer's declaration's abbreviation)
        "aanvr",
        "naamgebruik",  # the BRP's name-usage indicator (E, P, V, N): no name
        "referrer",
        "referring",
        "requester",
        "praktijk",
        "zorgverlener",
        "instelling",
        # the staff who handled a row (a helpdesk's register, a LIMS's audit columns)
        "behandeld door", "afgehandeld door", "ingevoerd door", "aangemaakt door",
        "gewijzigd door", "geautoriseerd door", "gecontroleerd door", "beoordeeld door",
        "institution",  # (a DICOM header's InstitutionName: the hospital's)
        "manufacturer",
        "operator",  # (OperatorsName: the technician's, no patient's)
        "operators",
        "ziekenhuis",
        "lab",
        "bedrijf",
        "company",
        "bestand",
        "~file",  # (a file's name; not inside "profile": profile.lastName is hers)
        "~filename",
        "straat",
        "plaats",
        "city",
        "stad",
        "test",
        "product",
        "gebruiker",
        "user",
        "behandelaar",
        "specialist",
        "provider",
        "organisatie",
        "afdeling",
        "verzekeraar",
        "bank",
        "rekening",
        "apotheek",
        "gp",
        "id",
        "oid",  # (an object identifier: a CDISC ODM export's @FormOID, F.DEELN, is no name)
        "nummer",
        "nr",
        "bsn",
        "datum",
        "date",
        "adres",
        "email",
        "mail",
        "telefoon",
        "geslacht",
        "sex",
        "gender",  # (FHIR's Patient.gender: "female")
        "code",
        "orc",
        "obr",
        "doctor",
        "dokter",
        "physician",
        "medewerker",
        "auteur",
        "author",
        # a program's names (a configuration's keys and attributes: font-name, styleName;
        # not "role" nor "display": HL7 v3's patientRole, a displayName hold people's names)
        "font", "lettertype", "style", "host", "server", "class", "printer",
        "param", "parameter", "variable", "config", "setting", "app",
        "application", "package", "module", "device", "machine", "domain", "database",
        "schema", "image", "icon", "theme", "layout", "template", "sjabloon", "macro",
        "bookmark", "service", "queue", "job",
        "window", "menu", "button",
        "library", "namespace", "plugin",
        # a FHIR HumanName's codes beside its parts: name.use ("official"), name.period
        "~use", "period",
        # Dutch nouns of "nemen" that hold "name": a participation's, a self-sampling
        # kit's, an admission's yes or no or date (deelname, zelfafnameset, opnamedatum;
        # not "afname" alone: a form's "Datum van afname:" is a label all the same)
        "deelname", "zelfafname", "afnameset", "opname", "inname", "aanname", "overname",
        # an HL7 v3 (CDA) document's other people and organisations: the referring GP
        # (participant/associatedEntity), the lab (representedOrganization), the custodian
        "participant", "organization", "performer", "custodian", "informant",
        "authenticator", "data enterer", "information recipient", "responsible party",
        # a FHIR report's other people: who interpreted, recorded, asserted or verified it
        # (``DiagnosticReport.resultsInterpreter.display``: the lab's pathologist)
        "interpreter", "recorder", "asserter", "verifier", "attester",
        *sorted(_STRUCTURE_WORDS),  # (a document's structure: see there)
    )  # fmt: skip
    cell_text_negative = tuple(w for w in header_negative if w not in _STRUCTURE_WORDS)
    sample_pass_rate = 2.0
    base_confidence = 0.85
    cues: ClassVar[tuple[str, ...]] = CUES

    def __init__(self, register: frozenset[str] = frozenset()) -> None:
        self.register = frozenset(
            w
            for w in register
            if len(w) >= 3
            and w.replace("-", "").replace("'", "").isalpha()
            and w.lower() not in NOT_NAMES
        )
        self._register_forms = frozenset(
            {w[:1].upper() + w[1:] for w in self.register} | {w.upper() for w in self.register}
        )
        """The register words as they are searched: capitalised, and in capitals."""
        self._register_known = frozenset(w.lower() for w in register if " " in w)
        """Family names with their tussenvoegsel (``de boer``): which one a name takes."""

    @classmethod
    def create(cls, config: Config, register: frozenset[str]) -> Detector:
        return cls(register)

    def tagged_patterns(self) -> Iterable[tuple[str, str]]:
        yield "addressee", ADDRESSEE_PATTERN
        yield "addressee_pc", ADDRESSEE_POSTCODE_PATTERN
        yield "roepnaam", ROEPNAAM_PATTERN
        yield "sex", SEX_NAME_PATTERN
        yield "dated", DATED_NAME_PATTERN

    def literals(self) -> Iterable[tuple[str, bool, str]]:
        for cue in TRAILING_CUES:
            yield cue, True, "before"
        for cue in OWN_NAME_CUES:
            yield cue, True, "own"
        for cue in self.cues:
            yield cue, True, "cue"
        for label in INITIALS_LABELS:
            yield label, True, "initials"
        for g in GIVEN_NAMES:
            yield g, False, "given"
            yield g.upper(), False, "given"
        for w in self.register:
            yield w[:1].upper() + w[1:], False, "register"
            yield w.upper(), False, "register"

    def find_tagged(self, view: TextView, hits: Mapping[str, Sequence[int]]) -> Iterator[TextMatch]:
        yield from _roepnamen(view, hits.get("roepnaam", ()))
        yield from _labelled_initials(view, hits.get("initials", ()))
        yield from _own_names(view, hits.get("own", ()))
        yield from _family_names(view, hits.get("given", ()))
        yield from _labelled_names(
            view, hits.get("sex", ()), _before_sex, "name shape before sex marker"
        )
        yield from _labelled_names(
            view, hits.get("dated", ()), _before_date, "name shape before birth date and sex"
        )
        for span in find_names(view, hits, self._register_forms, self._register_known):
            end = span.end
            written = view.text[span.start : end]
            m = _HYPHENATED.match(view.text, end)
            if m is not None and not is_prefix(m["w"]) and m["w"] not in _NOT_WORD_ENDS:
                end = m.end()  # ``Jan-<newline>sen``: the word its line's end hyphenated
                written += m["w"]
            elif (double := _DOUBLE_WRAPPED.match(view.text, end)) is not None:
                end = double.end()  # ``Bakker-<newline>de Graaf``: a double name wrapped
                written += "-" + double["rest"]
            if "\n" in written:  # a name its paragraph wrapped (``WRAPPED_NAME``)
                written = " ".join(written.split())
            if (
                span.start > 0
                and view.text[span.start - 1] == "."
                and written.lower() in _FILE_EXTENSIONS
            ):
                continue  # (``PATIENT.DBF``: a file's name after the cue, its extension)
            line = max(view.text.rfind("\n", 0, span.start) + 1, span.start - _STAFF_REACH)
            if _STAFF_BEFORE.search(view.text, line, span.start):
                continue  # (``Beoordelaar: drs. F.A. Kerkhof``: the lab's own staff)
            if _STAFF_AFTER.match(view.text, end):
                continue  # (``dr. G.H. Oude Luttikhuis, patholoog``: a letter's signer)
            if _PRACTICE_BRACKET.search(view.text, line, span.start):
                continue  # (``Huisartsenpraktijk De Maten (drs. P.J. Veldhuis)``: its doctor)
            if span.shape == "cue" and (written[-1:] == "." or written[-1:].isupper()):
                written = initials_last(written) or written  # (``Jansen A.B.``, ``JANSEN P``)
            tail = _COMPANY_TAIL.match(view.text, end)
            if _is_company(written + (tail[0] if tail else "")):
                continue  # (``naam: Cervixlab Midden-Nederland B.V.``: a company's)
            value = normalise_name(written)
            if value is None:
                continue
            if text_kind(value) == "given_names" and _STREET_AFTER.match(view.text, end):
                continue  # (``Dr. Willem Dreeslaan 41``: a street named after a man)
            if _NUMBER_POSTCODE.match(view.text, end) and _STREET_WORD_END.search(written):
                continue  # (``Marco Polohof 12, 3526 KV Utrecht``: a street's name)
            yield TextMatch(
                span.start,
                end,
                value,
                text_kind(value),
                SHAPE_CONFIDENCE[span.shape],
                f"name shape {span.shape}",
            )

    def refuses(self, raw: str) -> bool:
        return _NO_PERSON.search(raw) is not None

    def validate(self, raw: str, context: bool) -> str | None:
        if _IDENTIFIER.search(raw) or _is_company(raw) or _NO_PERSON.search(raw):
            return None
        if (first := raw.lstrip()[:1]) and not (first.isalpha() or first in "'’(?"):
            return None  # (an agenda's ``-- vrij --``, a list's ``*** pauze ***``: no name;
            # ``?ahin``: an export's encoding lost her first letter)
        if (lines := _FIRST_LINE_NAMED.match(raw)) is not None and all(
            any(c.isalpha() for c in part) for part in lines["name"].split(",")
        ):
            raw = lines["name"]  # (the cell's later lines hold another field)
        value = normalise_name(raw)
        if value is None or len(value) > 80:
            return None
        return initials_first(value) if value.endswith(".") else value

    def validate_column(self, values: pa.Array, context: bool) -> pa.Array:
        """The common shapes in Arrow (:mod:`breachscope.detect.namecolumn`, at most 80
        characters: :meth:`validate`'s limit holds), the others once per distinct value;
        initials after a family name put first and companies dropped, as :meth:`validate`
        does (both once per distinct value)."""
        return by_distinct(
            values,
            name_column,
            lambda rest: super(NameDetector, self).validate_column(rest, context),
            _people_only,
        )

    def claim_column(self, header: str, sample: Sequence[str]) -> ColumnVerdict | None:
        key = _kind_key(header)  # the first of HEADER_KINDS naming it
        if key and _HEADER_KIND[key] == "prefix":
            named = self.header_claim(header, ())[1]  # (negative words: a GP's column)
            if named is not None and _mostly_prefixes(sample):
                return replace(named, kind="prefix")
            return None  # (its values are no tussenvoegsels: CDA's qualifier="VV")
        verdict = super().claim_column(header, sample)
        if verdict is None:
            return None
        if (
            sample
            and anything_named(header)
            and not share_at_least(sample, _holds_a_person, HEADER_SAMPLE_SHARE)
        ):
            return None  # (a label's, a list's, a board's name: no one's)
        kind = _HEADER_KIND[key] if key else "full_name"
        if kind == "full_name" and sample:
            shaped = [normalise_name(v) for v in sample[:50]]
            kinds = [name_kind(v) for v in shaped if v]
            for alone in ("surname", "initials"):  # a column of one part of names
                if kinds and kinds.count(alone) > len(kinds) / 2:
                    kind = alone
        read = verdict.sample_read  # the cells read (if any) hold, as initials where so
        if kind == "initials" and isinstance(read, CellFindings):
            return replace(verdict, kind=kind, sample_read=_initials_cells(read))
        if (
            kind == "surname" != verdict.kind  # (told by the values: read as full names)
            and isinstance(read, CellFindings)
            and isinstance(sample, ColumnSample)
        ):
            return replace(
                verdict, kind=kind, sample_read=_function_word_surnames(sample.column, read)
            )
        return replace(verdict, kind=kind)

    def header_claim(self, header: str, sample: Sequence[str]) -> tuple[bool, ColumnVerdict | None]:
        """:meth:`Detector.header_claim`, on a path's last step alone where it names a part
        of a person's name and the steps above it name no other party (:func:`own_step`:
        ``ItemGroupData.I_ACHTERNAAM``, a study's export, is hers; ``group`` and ``item``
        rule out a product's or a group's name, not a surname below them)."""
        return super().header_claim(own_step(header) or header, sample)

    def column_verdict(self, header: str, key: str) -> ColumnVerdict:
        """A surname column's claim has kind ``surname`` from the start: the cells its
        sample check reads are then read as a surname column's (:meth:`cells`)."""
        verdict = super().column_verdict(header, key)
        named = _kind_key(header)
        if named and _HEADER_KIND[named] == "surname":
            return replace(verdict, kind="surname")
        return verdict

    def cells(self, column: pa.Array, verdict: ColumnVerdict) -> CellFindings:
        """Validated names; in an initials column, each value written as initials
        (``JHC`` -> ``J.H.C.``: validated as a name it would read ``Jhc``); in a
        tussenvoegsel column, its tussenvoegsels in lower case (assembly joins each to
        the surname of its row: ``de`` + ``Vries``); in a surname column, a family name
        that is a Dutch function word too (:func:`_function_word_surnames`)."""
        if verdict.kind == "prefix":
            return _prefix_cells(column)
        found = super().cells(column, verdict)
        if verdict.kind == "surname":
            return _function_word_surnames(column, found)
        return _initials_cells(found) if verdict.kind == "initials" else found


_PART_KEYS = tuple(
    k for k, kind in HEADER_KINDS if kind != "prefix" and k not in ("given", "family")
)
"""Header words of one part of a person's name (``achternaam``, ``voorletters``, ``first
name``): a product or a group has none."""
_PARTY_STEPS = (
    *OTHER_PARTY_HEADERS, "arts", "verw", "aanvr", "referring", "specialist", "gp", "apotheek",
    "user", "gebruiker", "operator", "manufacturer", "institution", "company", "bedrijf",
    "organisatie", "afdeling", "verzekeraar", "bank", "staff", "medewerker", "employee",
    "author", "performer", "practitioner", "contact", "partner", "nk1",
)  # fmt: skip
"""Words of a path's upper steps that make the name below them someone else's."""


def own_step(header: str) -> str | None:
    """A dotted path's last step where it names a part of a person's name, with no
    negative word of its own, and no step above it names another party
    (:data:`_PARTY_STEPS`); else None."""
    head, dot, last = header.rpartition(".")
    if not dot or not header_hit(last, _PART_KEYS) or header_hit(head, _PARTY_STEPS):
        return None
    return None if header_hit(last, NameDetector.header_negative) else last


_INITIALS_THEN_NAME = re.compile(r"(?:\b[A-Z][a-z]?\.){1,6} ?[A-Z'][a-z]")


def _holds_a_person(value: str) -> bool:
    """Whether a cell of a column only called ``name`` names a person: a given name or a
    family name of the lists, or initials before a capitalised word (``T. Oude Egbrink``);
    a list's ``te bellen``, a label's ``spoed``, a board's ``Bmhk achterstand`` do not."""
    if _INITIALS_THEN_NAME.search(value):
        return True
    words = re.findall(r"[^\W\d_]+", value)
    return any(w in GIVEN_NAMES or w in SURNAMES for w in words if w[:1].isupper())


def _people_only(values: pa.Array, found: pa.Array) -> pa.Array:
    """``found`` (the names of ``values``) with initials after a family name put first
    and the rows that hold a company's name or no person's (:data:`_NO_PERSON`) null."""
    found = _initials_first(found)
    rows = _company_rows(values)
    if pc.any(hit := pc.match_substring_regex(values, _NO_PERSON.pattern)).as_py():
        rows = np.union1d(rows, np.flatnonzero(flags(hit)))
    if not len(rows):
        return found
    keep = np.ones(len(found), dtype=bool)
    keep[rows] = False
    return pc.if_else(pa.array(keep), found, pa.scalar(None, found.type))


def _initials_first(found: pa.Array) -> pa.Array:
    """:func:`~breachscope.detect.names.initials_first` on the values of ``found`` that end
    in a dot (a LIMS export writes every name so: ``Jansen A.``)."""
    dotted = pc.fill_null(pc.ends_with(found, "."), False)
    if not pc.any(dotted).as_py():
        return found
    values = found.filter(dotted).to_pylist()
    return pc.replace_with_mask(found, dotted, pa.array([initials_first(v) for v in values]))


_LEGAL_FORM = r"(?:b\.?v\.?|n\.?v\.?|v\.?o\.?f\.?)"
_COMPANY_RE2 = rf"(?s)^(?:.*\s)?\p{{Lu}}[^\s.]+\s(?:.*\s)?\p{{Lu}}[^\s.]+\s+(?i:{_LEGAL_FORM})\s*$"
"""A company's name in a name column: two capitalised words or more (not initials), then
its legal form (``PathoLab Noord BV``, ``Lab Noord V.O.F.``: ``BV`` read as initials
otherwise); ``Jansen N.V.`` and ``de Wit B.V.`` (initials after a family name) stay a
person's. RE2 syntax, for Arrow; :func:`_is_company` is the same test in Python (linear
on any cell)."""
_LEGAL_FORM_RE = re.compile(_LEGAL_FORM, re.IGNORECASE)
_COMPANY_TAIL = regex.compile(
    rf"(?:[ \t]+\p{{Lu}}[^\s,;]*){{0,3}}?[ \t]+(?i:{_LEGAL_FORM})(?=[\s,;:)]|$)"
)
"""The rest of a company's name after a name found in text, capitalised words up to its
legal form (``Cervixlab`` of ``Cervixlab Midden-Nederland B.V.``): with it, the name is
read as :func:`_is_company` reads a column's cell."""

_STREET_AFTER = re.compile(
    rf"[ ]+[A-Z][\w'\-]*(?i:{SUFFIX_ALTERNATION})"
    r"[ ]+[1-9]\d{0,4}(?![\d\-./]\d)"
)
"""A street word and a house number right after a given name found alone: the name
opens the street's (``Dr. Willem Dreeslaan 41``, ``Jan Steenstraat 12``), no one's."""


_STREET_WORD_END = re.compile(rf"[A-Z][\w'\-]*(?i:{SUFFIX_ALTERNATION})$")
"""A name's last word that is a street's (``Polohof``): a street word with more before it."""
_NUMBER_POSTCODE = re.compile(
    r"[ ]+[1-9]\d{0,4}(?:[ -]?[A-Za-z]{1,3})?,?[ \t]+[1-9]\d{3}[ ]?[A-Z]{2}\b"
)
"""A house number and a postcode right after a name: the name is the street of an address
(``Marco Polohof 12, 3526 KV Utrecht``), whatever it starts with; no one writes a
person's name right before a house number."""


_FORM_ENDS = np.array([(a << 8 | b) | 0x2020 for a, b in (b"bv", b"nv", b"v.", b"of", b"f.")])
"""How a legal form ends: its last two bytes, lower-cased by ``| 0x2020`` (``BV``,
``B.V.``, ``NV``, ``VOF``, ``V.O.F.``)."""


def _company_rows(text: pa.Array) -> np.ndarray:
    """The rows of a string column that :data:`_COMPANY_RE2` matches: only values whose
    last byte can end a legal form (``v``, ``f``, ``.``, white space) and whose last two
    bytes can (:data:`_FORM_ENDS`) are searched (most names end otherwise; a regex over
    every value costs ~6 ms on 80,000)."""
    offsets, raw = string_bytes(text)
    if not raw.size:
        return np.zeros(0, dtype=np.int64)
    ends = offsets[1:]
    last = raw[np.maximum(ends - 1, 0)] | 0x20
    rows = np.flatnonzero(
        ((last == 0x76) | (last == 0x66) | (last == 0x2E) | (last == 0x20))
        & (ends - offsets[:-1] >= 4)
    )
    if len(rows):
        pair = (raw[ends[rows] - 2].astype(np.uint16) << 8 | raw[ends[rows] - 1]) | 0x2020
        rows = rows[np.isin(pair, _FORM_ENDS) | (raw[ends[rows] - 1] <= 0x20)]
    if not len(rows):
        return rows.astype(np.int64)
    hit = pc.match_substring_regex(text.take(pa.array(rows)), _COMPANY_RE2)
    found: np.ndarray = rows[flags(hit)].astype(np.int64)
    return found


_FIRST_LINE_NAMED = re.compile(r"[ \t]*+(?P<name>[^\n,]++,[^\n,]++)\n[ \t\r\n]*+\S")
"""A cell whose first line holds a whole name, family name first (``Kuipers, N.`` over
``Woerden`` in an OCR'd screen's box, ``Jansen, Maria`` over an address): its later lines
hold another field, never more of the name, which would read ``N. Woerden Kuipers``."""
_NO_PERSON = re.compile(
    r"(?i)\w(?:controle|team|account|dienst)\b|(?-i:^(?:GET|POST|PUT|PATCH|DELETE)[ ]+\S)"
    r"|(?-i:^(?:Huisarts(?:en)?(?:praktijk|groep|maatschap|centrum|post)|Gezondheids(?:centrum|huis)"
    r"|Praktijk|Ziekenhuis|Apotheek|Stichting|Verloskundigenpraktijk|Pathologie)[ ]+\S"
    r"|(?:^|[ ])(?:Laboratorium|Ziekenhuis|Stichting)(?:[ ]|$))"
    r"|(?i:(?:^|[ ])(?:waarvan|totaal|vertrouwelijk|hr-?hpv|positief|negatief)(?:[ ]|$))"
)
"""A word in a name column that no person's name holds: a run's control
(``Negatieve kitcontrole``, a QC report's row under ``naam``), a team or a service
(``Screeningsteam``, ``Klantendienst``), a system's account (``Testaccount``); as the
grammar's word ends read them in text. A practice's or an organisation's name opening
with its word (``Huisartsengroep Kinkerbuurt``, ``Praktijk Zijlweg``: an app's table of
practices under ``naam``), or holding a laboratory's, a hospital's or a foundation's
(``Pathologie Laboratorium Waterland``, a message's ``Afzender naam``). A table's footer
under its name column (``waarvan hrHPV positief``, ``Totaal``, ``Vertrouwelijk - ...``). An
API request's title (``GET health``, ``POST uitslag (Bouma)``, a Postman collection's
``item.name``): an HTTP method first. The same pattern in RE2 and in Python."""


_RE2_SPACE = re.compile(r"[ \t\n\f\r]+")
r"""RE2's ``\s``: ASCII white space only."""


def _is_company(raw: str) -> bool:
    r""":data:`_COMPANY_RE2` of one value (words split where RE2's ``\s`` splits them)."""
    words = _RE2_SPACE.split(raw.strip(" \t\n\f\r"))
    if len(words) < 3 or not _LEGAL_FORM_RE.fullmatch(words[-1]):
        return False

    def capitalised(w: str) -> bool:
        return len(w) >= 2 and unicodedata.category(w[0]) == "Lu" and "." not in w

    # (the word right before the legal form is one of the two: ``AA AA A BV`` is none)
    return capitalised(words[-2]) and any(map(capitalised, words[:-2]))


_IDENTIFIER = regex.compile(
    r"[_\\@=<>{}\[\]|#]|(?<!\b\p{Lu}{2}):\p{Ll}|\b\p{Lu}\p{Ll}+\p{Lu}\p{Ll}+\p{Lu}"
    r"|^\s*\p{Ll}{2,}(?:\.\p{Ll}[\p{Ll}\d]*)+\s*$"
)
"""What a value under a name header holds when it is a program's identifier, not a
person's name (a configuration's ``name`` keys and attributes: ``PrintReversed_2``,
``Ooo:view-Settings``, ``ViewAreaTop``): an underscore, a backslash, a bracket or another
programmer's sign (a slash is Dutch for a tussenvoegsel cut short: ``Jansen v/d
Berg``), a colon before a small letter (an EDIFACT qualifier is two capitals: ``SU:Jansen``,
``VV:de``), a word with two capitals inside it (``McDonald``, ``DeVries`` have
one), or a dotted name in small letters (a JSON log's logger, ``"name": "portal.auth"``;
``a.jansen`` is left a person's initial and name)."""
_PREFIX_FORMS = frozenset(p.lower() for p in PREFIXES)
_PREFIX_ARRAY = pa.array(sorted(_PREFIX_FORMS), pa.string())


def _mostly_prefixes(sample: Sequence[str]) -> bool:
    """Whether at least ``HEADER_SAMPLE_SHARE`` of a sample's values are tussenvoegsels."""
    ok = sum(v.strip().lower() in _PREFIX_FORMS for v in sample)
    return bool(sample) and ok >= HEADER_SAMPLE_SHARE * len(sample)


def _prefix_cells(column: pa.Array) -> CellFindings:
    """The tussenvoegsels of a column, in lower case, and their rows."""
    text = column if pa.types.is_string(column.type) else column.cast(pa.string())
    low = pc.utf8_lower(pc.utf8_trim_whitespace(text))
    ok = pc.fill_null(pc.is_in(low, value_set=_PREFIX_ARRAY), False)
    index = np.flatnonzero(ok.to_numpy(zero_copy_only=False))
    return CellFindings(pa.array(index, pa.int64()), low.filter(ok))


_FUNCTION_WORD_CELL = re.compile(
    r"(?:(?:"
    + "|".join(re.escape(w) for w in sorted({w for p in PREFIXES for w in p.lower().split()}))
    + r") )*(?:" + "|".join(sorted(FUNCTION_WORDS)) + r")"
)  # fmt: skip
"""A lower-cased surname cell that is a function word, after tussenvoegsels or not."""


def _function_word_surnames(column: pa.Array, found: CellFindings) -> CellFindings:
    """``found`` with the cells of a surname column that hold a Dutch function word as the
    family name, capitalised or in capitals, after tussenvoegsels or not (``Door``, ``van
    der Bij``, ``VOOR``: a surname's typo, ``Doorn``, ``van der Bijl``): the header names
    them family names, where the word alone would be none (:data:`FUNCTION_WORDS`). Only
    the filled cells ``found`` lacks are read (in a surname column, few)."""
    if found.kind is not None or found.data_class is not None:
        return found  # (a name column's cells carry neither: nothing to keep in step)
    if len(found.index) >= len(column) - column.null_count:
        return found  # (every cell holds a name: one value each)
    rest = pc.greater(pc.binary_length(column), 0).fill_null(False).to_numpy(zero_copy_only=False)
    if len(found.index):
        rest[found.index.to_numpy(zero_copy_only=False)] = False
    rows = np.flatnonzero(rest)
    if not len(rows):
        return found
    index: list[int] = []
    values: list[str] = []
    for row, raw in zip(rows.tolist(), column.take(pa.array(rows, pa.int64())).to_pylist(),
                        strict=True):  # fmt: skip
        cell = " ".join(raw.split())
        if not _FUNCTION_WORD_CELL.fullmatch(cell.lower()):
            continue
        *prefix, word = cell.split()
        if word.istitle() or word.isupper():
            index.append(row)
            values.append(" ".join([*(p.lower() for p in prefix), word.capitalize()]))
    if not index:
        return found
    merged = pa.concat_arrays([found.index, pa.array(index, pa.int64())])
    order = pc.sort_indices(merged)
    value = pa.concat_arrays([found.value, pa.array(values, pa.string())])
    return CellFindings(merged.take(order), value.take(order))


def _initials_cells(found: CellFindings) -> CellFindings:
    """``found`` with every value as initials (:func:`as_initials`, once per distinct)."""
    enc = found.value.dictionary_encode()
    forms = pa.array([as_initials(v) for v in enc.dictionary.to_pylist()], pa.string())
    return replace(found, value=forms.take(enc.indices))


ROEPNAAM_PATTERN = r"(?:[A-Z]\. ?|[a-z] )\([A-Z][a-z]+(?:-[A-Z][a-z]+)?\) +[A-Za-z']"
"""Initials or given names, the name a person goes by in brackets, and the surname
(``J.M. (Joke) Bakker``, as medical letters write it; ``Margaretha (Greet) Dijkstra``):
the prefilter's pattern."""
_ROEPNAAM = lazy(
    rf"(?<![\w.])(?P<i>{INITIALS})[ ]?\((?P<g>{GIVEN})\)[ ]{{1,2}}(?P<s>{SURNAME})(?![\w])"
)
"""Initials, the name the person goes by in brackets, and the surname (``J.M. (Joke)
Bakker``); a wider gap after the brackets is a column's (``Bakker-Zijlstra, A.M. (Anke)
Geb.datum: ...``: no surname ``Geb``)."""
_GIVEN_ROEPNAAM = lazy(
    rf"(?<![\w.\-])(?P<f>{GIVEN}(?:[ ]{GIVEN}){{0,2}})[ ]\((?P<g>{GIVEN})\)[ ]{{1,2}}"
    rf"(?P<s>{SURNAME})(?![\w])"
)
"""Given names, the name the person goes by in brackets, and the surname (``Margaretha
(Greet) Dijkstra-Kok``): the value keeps the given names (``Margaretha Dijkstra-Kok``)."""
_ROEPNAAM_BEFORE = 40
"""How far before the prefilter's hit the initials may begin."""


def _roepnamen(view: TextView, ends: Sequence[int]) -> Iterator[TextMatch]:
    """Names with the name the person goes by in brackets (:data:`ROEPNAAM_PATTERN`): a
    known given name, or a double one of two (``Jan-Willem``). The value keeps it as the
    given name where it is the first initials' (``Joke M. Bakker`` of ``J.M. (Joke)
    Bakker``, ``Jan-Willem ter Horst`` of ``J.W. (Jan-Willem) ter Horst``), else the
    initials alone."""
    seen: set[int] = set()
    for e in ends:
        lo, hi = view.clamp(e - _ROEPNAAM_BEFORE, e + 60, e - 1)
        for m in view.finditer(_ROEPNAAM, max(0, lo), hi):
            parts = m["g"].split("-")  # a double given name (Jan-Willem) names two
            if (
                m.start() in seen
                or not m.start() < e <= m.end()
                or not all(p in GIVEN_NAMES for p in parts)
            ):
                continue
            seen.add(m.start())
            letters = [c for c in m["i"] if c.isupper()]
            if letters[: len(parts)] == [p[0] for p in parts]:
                rest = "".join(f"{c}." for c in letters[len(parts) :])
                value = normalise_name(" ".join(p for p in (m["g"], rest, m["s"]) if p))
            else:
                value = normalise_name(f"{m['i'].strip()} {m['s']}")
            if value is not None:
                yield TextMatch(m.start(), m.end(), value, "full_name", 0.9, "name shape roepnaam")
        for m in view.finditer(_GIVEN_ROEPNAAM, max(0, lo), hi):
            given = m["f"].split()
            if (
                m.start() in seen
                or not m.start() < e <= m.end()
                or not all(p in GIVEN_NAMES for w in given for p in w.split("-"))
                or not all(p in GIVEN_NAMES for p in m["g"].split("-"))
            ):
                continue
            seen.add(m.start())
            value = normalise_name(f"{m['f']} {m['s']}")
            if value is not None:
                yield TextMatch(m.start(), m.end(), value, "full_name", 0.9, "name shape roepnaam")


_FAMILY_BEFORE = re.compile(
    r"(?:^|[\s(])(?:mijn|haar|zijn|onze|ons|hun|uw|je|jouw)[ \t]+(?:schoon|klein|stief)?"
    r"(?:zus(?:je)?|broer(?:tje)?|dochter(?:tje)?|zoon(?:tje)?|moeder|vader|man|vrouw|partner"
    r"|echtgeno(?:te|ot)|vriend(?:in)?|nicht(?:je)?|neef(?:je)?|tante|oom|oma|opa|kind)"
    r"[ \t]*,?[ \t]+$"
)
"""A relative named by the writer's or the patient's possessive (``mijn zus Marieke``,
``haar dochter Lisa``, ``mijn vrouw, Anna``): her given name alone is a person's name."""


def _family_names(view: TextView, ends: Sequence[int]) -> Iterator[TextMatch]:
    """A listed given name right after a relative's word (:data:`_FAMILY_BEFORE`)."""
    text, low = view.text, view.lower
    for e in ends:
        s = word_start(text, e, max(0, e - NAME_WORD_MAX))
        if s < 3 or text[s - 1] not in " \t" or (e < len(text) and text[e].isalnum()):
            continue
        if _FAMILY_BEFORE.search(low, max(view.segment(s)[0], s - 40), s) is None:
            continue
        value = normalise_name(text[s:e])
        if value is not None and value in GIVEN_NAMES:
            yield TextMatch(s, e, value, "given_names", 0.8, "name shape relative's given name")


OWN_NAME_CUES = (
    "ik ben", "ik heet", "mijn naam is", "groetjes", "groeten", "groet", "mvg", "m.v.g.",
    "goedemorgen met", "goedemiddag met", "goedenavond met", "hallo met", "dag met",
)  # fmt: skip
"""Words before a name its bearer writes or says herself, often all in small letters (an
e-mail to the lab: ``hoi, mijn naam is anna de vries``; a call's transcript, where the
caller gives her name: ``ja goedemorgen met daniëlle van beek``)."""
_SMALL_WORD = f"[{LOWER}]{{2,}}"
"""A word in small letters, Latin Extended's too (``ayşe kaya``)."""
_OWN_NAME = regex.compile(
    rf"[,:!.]?[ \t]*(?:\r?\n[ \t]*)?(?P<g>{_SMALL_WORD})"
    rf"(?:(?P<p>(?:[ \t]+(?:{PREFIX_RE}))*)[ \t]+(?P<s>{_SMALL_WORD}(?:-{_SMALL_WORD})?))?"
    r"(?![\w\-'’@])"
)
_AFTER_OWN_NAME = frozenset({"en", "of", "maar", "want", "uit", "hier", "ik"})
"""Words after a lone given name in small letters (``ik ben anna en ik wil weten``)."""
NOT_OWN_NAMES = frozenset({"Ben", "Max", "Fleur", "Storm", "Amber"})
"""Listed given names that are words after ``ik ben`` (``ik ben max. 3 dagen weg``)."""


def _own_names(view: TextView, ends: Sequence[int]) -> Iterator[TextMatch]:
    """A name in small letters after :data:`OWN_NAME_CUES`: a listed given name, with the
    surname after it where its words are tussenvoegsels and a listed surname (``anna de
    vries`` -> ``Anna de Vries``). A name with capitals is read by the shapes."""
    text = view.text
    for e in ends:
        hi = view.clamp(e, e + 80, e)[1]
        m = match(_OWN_NAME, text, e, hi, view.fast)
        if m is None:
            continue
        given = m["g"].capitalize()
        if given not in GIVEN_NAMES or given in NOT_OWN_NAMES or is_not_name(given):
            continue
        words, end = [given], m.end("g")
        if m["s"] and all(w.capitalize() in SURNAMES for w in m["s"].split("-")):
            words += [*(m["p"] or "").split(), "-".join(w.capitalize() for w in m["s"].split("-"))]
            end = m.end("s")
        elif m["s"] and (m["p"] or m["s"] not in _AFTER_OWN_NAME):
            continue  # another word follows the given name: no name read here
        value = normalise_name(" ".join(words))
        if value is not None:
            yield TextMatch(
                m.start("g"), end, value, text_kind(value), 0.8, "name shape own cue, small letters"
            )


_HYPHENATED = re.compile(r"-\r?\n[ \t]*(?P<w>[a-zß-öø-ÿ]+)(?![\w\-'])")
"""The rest of a name's last word after a hyphen at a line's end: a PDF letter hyphenates
words where its paragraph wraps (``mevrouw Petra Jan-<newline>sen``); not a tussenvoegsel,
which starts a double name's second part (``Jansen-<newline>de Vries``)."""
_DOUBLE_WRAPPED = regex.compile(
    rf"-\r?\n[ \t]*(?P<rest>(?:(?:van|de|der|den|ter|ten|'t|in 't|van der|van den|van de)[ ])?"
    rf"[{UPPER}][{LOWER}]+)(?![\w\-'])"
)
"""A double name's second part on the next line, its hyphen ending the line above
(``mevrouw A.M. Bakker-<newline>de Graaf``): one name."""
_NOT_WORD_ENDS = frozenset({"en", "of", "die", "dat", "is", "was", "met", "voor", "naar"})
"""Words after a dash at a line's end that go on the sentence, no word's rest."""


SEX_NAME_PATTERN = r"[A-Z] ?\([VvMmFf]\)"
"""A word in capitals or initials right before the person's sex in brackets: the
prefilter's pattern for :func:`_labelled_names`."""
DATED_NAME_PATTERN = rf"[A-Z]\.?{LABEL_GAP}{LABEL_DATE_SEX}\b"
"""Initials without dots, a date and the person's sex: the prefilter's pattern for
:func:`_labelled_names` on a label or worklist without brackets (``JANSEN P 03.03.78
V``)."""
_DATED_TAIL = re.compile(rf"{LABEL_GAP}{LABEL_DATE_SEX}\Z")


def _before_sex(text: str, end: int) -> int:
    """Where the name ends before the sex in brackets that ends at ``end`` (-1: none)."""
    return text.rfind("(", max(0, end - 3), end)


def _before_date(text: str, end: int) -> int:
    """Where the name ends before the date and sex that end at ``end`` (-1: none)."""
    m = _DATED_TAIL.search(text, max(0, end - 24), end)
    return -1 if m is None else m.start()


def _labelled_names(
    view: TextView, ends: Sequence[int], before: Callable[[str, int], int], why: str
) -> Iterator[TextMatch]:
    """Names as labels and worklists print them, in capitals with their initials last and
    no comma (:func:`~breachscope.detect.namegrammar.label_name`), before the person's sex
    in brackets (:data:`SEX_NAME_PATTERN`, ``BAKKER J (M)`` -> ``J. Bakker``) or before
    her date of birth and sex (:data:`DATED_NAME_PATTERN`, ``JANSEN P 03.03.78 V``):
    ``before`` tells where the name ends."""
    text = view.text
    for e in ends:
        anchor = before(text, e)
        if anchor < 0:
            continue
        lo = view.clamp(anchor - 60, anchor, anchor)[0]
        line = max(text.rfind("\n", lo, anchor) + 1, lo)
        m = label_name(text, line, anchor)
        if m is None:
            continue
        value = normalise_name(f"{m['s']}, {m['i']}")
        if value is not None:
            yield TextMatch(m.start("s"), m.end("i"), value, "full_name", 0.85, why)


INITIALS_LABELS = ("voorletters", "voorl", "initialen", "initials")
"""A form's label of a person's initials (``Voorletters: P.M.``, ``Voorl.: J.H.``)."""
_AFTER_INITIALS_LABEL = regex.compile(rf"\.?[ \t]*+[:=]?[ \t]*+(?P<n>{INITIALS})(?![\w.])")


def _labelled_initials(view: TextView, ends: Sequence[int]) -> Iterator[TextMatch]:
    """Initials after their label (:data:`INITIALS_LABELS`), as a form writes them apart
    from the surname (``Naam: Bakker-de Wit   Voorl.: J.H.``): kind ``initials``."""
    text = view.text
    for e in ends:
        if e < len(text) and text[e].isalpha():
            continue  # (a longer word: ``voorletters`` seen as ``voorl``)
        m = match(_AFTER_INITIALS_LABEL, text, e, view.clamp(e, e + 24, e)[1], view.fast)
        if m is None:
            continue
        value = normalise_name(m["n"].strip())
        if value is not None and name_kind(value) == "initials":
            start, end = m.span("n")
            end = start + len(m["n"].rstrip())
            yield TextMatch(start, end, value, "initials", 0.85, "initials after their label")


def text_kind(value: str) -> str:
    """:func:`name_kind` of a name in free text, where a lone given name is one
    (``Beste Anna,``, ``dochter Lisa``): a word of the given names list that is no
    surname of the surnames list."""
    kind = name_kind(value)
    if kind == "surname" and value in GIVEN_NAMES and value not in SURNAMES:
        return "given_names"
    return kind


SURNAME_RE = lazy(SURNAME)
