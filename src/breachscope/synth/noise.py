"""Noise: how one appearance of a person is written in one file.

Each file gets a :class:`FileStyle` (name form, date form, phone form, postcode spacing,
BSN form, whether moved people show their old address); :func:`render` then writes one
person's values in that style as a :class:`~breachscope.synth.model.Rendered` record, with
per-mention variation: which surname a married woman uses (birth, partner, or
``Partner-Birth``) and, in about 3 % of mentions, a one-letter typo in the surname.

``Rendered.surname`` never holds the leading tussenvoegsel; that is ``Rendered.prefix``
(``van Dijk-de Vries`` is prefix ``van``, surname ``Dijk-de Vries``).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import date

from breachscope.synth.formats.dates import MONTHS
from breachscope.synth.model import GP, Person, Rendered, Sample

DATE_FORMS = (
    "dd-mm-yyyy",
    "yyyy-mm-dd",
    "yyyymmdd",
    "d-m-yyyy",
    "long",
    "dd/mm/yyyy",
    "dd.mm.yyyy",
)
NAME_FORMS = (
    "surname_initials",  # Jansen-de Vries, J.M.
    "surname_given",  # Jansen-de Vries, Marieke
    "initials_surname",  # J.M. Jansen-de Vries
    "given_surname",  # Marieke Jansen-de Vries
    "title_initials_surname",  # mevr. J.M. Jansen-de Vries
    "surname_only",  # Jansen-de Vries
    "surname_prefix_after",  # Vries, J.M. de
    "surname_initials_after",  # Jansen-de Vries J.M. (a LIMS's patient column)
)
INITIALS_FORMS = ("dots", "plain", "spaced")  # J.M. / JM / J. M.
PHONE_FORMS = ("dash", "e164", "0031", "plain", "e164_spaced", "spaced")
BSN_FORMS = ("plain", "dotted", "spaced")
GP_FORMS = ("initials", "title", "reversed", "huisarts")
TYPO_RATE = 0.03

_TWO_DIGIT_AREAS = frozenset(
    [
        "10",
        "13",
        "15",
        "20",
        "23",
        "24",
        "26",
        "30",
        "33",
        "35",
        "36",
        "38",
        "40",
        "43",
        "45",
        "46",
        "50",
        "53",
        "55",
        "58",
        "70",
        "71",
        "72",
        "73",
        "74",
        "75",
        "76",
        "77",
        "78",
        "79",
    ]
)
_LETTERS = "abcdefghijklmnoprstuvwz"


@dataclass(frozen=True, slots=True)
class FileStyle:
    """How values are written throughout one file."""

    name_form: str = "surname_initials"
    initials_form: str = "dots"
    all_given: bool = False
    """Full-name forms write every given name, not only the first."""
    caps: bool = False
    """Names in ALL CAPS."""
    date_form: str = "dd-mm-yyyy"
    phone_form: str = "dash"
    postcode_space: bool = True
    bsn_form: str = "plain"
    drop_bsn_zero: bool = False
    """Spreadsheet damage: a leading zero of the BSN is lost."""
    old_addresses: bool = False
    """Moved people appear with their previous address (an old extract)."""
    gp_form: str = "initials"
    typo_rate: float = TYPO_RATE


# Allowed choices per family of file kinds; anything not listed takes the default.
_PRESETS: dict[str, dict[str, tuple[object, ...]]] = {
    "csv": {
        "name_form": (
            "surname_initials",
            "surname_given",
            "initials_surname",
            "surname_only",
            "surname_prefix_after",
            "surname_initials_after",
        ),
        "date_form": (
            "dd-mm-yyyy",
            "yyyy-mm-dd",
            "yyyymmdd",
            "d-m-yyyy",
            "dd/mm/yyyy",
            "dd.mm.yyyy",
        ),
        "drop_bsn_zero": (False, False, True),
    },
    "sheet": {
        "name_form": ("surname_initials", "surname_given", "initials_surname", "surname_only"),
        "date_form": ("yyyy-mm-dd",),
        "drop_bsn_zero": (True,),
    },
    "sql": {
        "name_form": ("surname_initials", "surname_given", "initials_surname"),
        "date_form": ("yyyy-mm-dd",),
    },
    "json": {
        "name_form": ("initials_surname", "given_surname", "surname_initials"),
        "date_form": ("yyyy-mm-dd", "yyyy-mm-dd", "dd-mm-yyyy"),
    },
    "message": {
        "name_form": ("surname_initials",),
        "date_form": ("yyyymmdd",),
        "phone_form": ("e164", "plain"),
        "postcode_space": (False,),
    },
    "document": {
        "name_form": (
            "title_initials_surname",
            "initials_surname",
            "given_surname",
            "surname_initials",
        ),
        "date_form": ("dd-mm-yyyy", "d-m-yyyy", "long", "long", "dd/mm/yyyy"),
        "bsn_form": ("plain", "plain", "dotted", "spaced"),
        "caps": (False,),
    },
}
_DEFAULT_CHOICES: dict[str, tuple[object, ...]] = {
    "name_form": NAME_FORMS,
    "initials_form": ("dots", "dots", "dots", "plain", "spaced"),
    "all_given": (False, False, True),
    "caps": (False, False, False, True),
    "date_form": DATE_FORMS,
    "phone_form": PHONE_FORMS,
    "postcode_space": (True, True, False),
    "bsn_form": ("plain",),
    "drop_bsn_zero": (False,),
    "old_addresses": (False, False, True),
    "gp_form": GP_FORMS,
}


def draw_style(rng: random.Random, family: str) -> FileStyle:
    """A style for one file of the given family (``csv``, ``sheet``, ``sql``, ``json``,
    ``message`` for HL7/EDIFACT, ``document`` for PDF/DOCX/e-mail)."""
    preset = _PRESETS[family]
    values = {
        key: rng.choice(preset.get(key, options)) for key, options in _DEFAULT_CHOICES.items()
    }
    return FileStyle(**values)  # type: ignore[arg-type]


def format_date(d: date, form: str) -> str:
    """``d`` in one of :data:`DATE_FORMS`."""
    if form == "dd-mm-yyyy":
        return f"{d.day:02d}-{d.month:02d}-{d.year:04d}"
    if form == "yyyy-mm-dd":
        return f"{d.year:04d}-{d.month:02d}-{d.day:02d}"
    if form == "yyyymmdd":
        return f"{d.year:04d}{d.month:02d}{d.day:02d}"
    if form == "d-m-yyyy":
        return f"{d.day}-{d.month}-{d.year:04d}"
    if form == "long":
        return f"{d.day} {MONTHS[d.month - 1]} {d.year:04d}"
    if form == "dd/mm/yyyy":
        return f"{d.day:02d}/{d.month:02d}/{d.year:04d}"
    if form == "dd.mm.yyyy":
        return f"{d.day:02d}.{d.month:02d}.{d.year:04d}"
    raise ValueError(f"unknown date form {form!r}")


def _split_phone(e164: str) -> tuple[str, str]:
    """National area (``6``, ``20``, ``570``) and subscriber part of a Dutch E.164 number."""
    nsn = e164[3:]
    if nsn.startswith("6"):
        return "6", nsn[1:]
    if nsn[:2] in _TWO_DIGIT_AREAS:
        return nsn[:2], nsn[2:]
    return nsn[:3], nsn[3:]


def format_phone(e164: str, form: str) -> str:
    """A Dutch number (``+31...``) in one of :data:`PHONE_FORMS`."""
    if not e164.startswith("+31"):
        raise ValueError("only Dutch numbers are rendered")
    area, rest = _split_phone(e164)
    if form == "dash":
        return f"0{area}-{rest}"
    if form == "e164":
        return e164
    if form == "0031":
        return f"0031 {area} {rest[:-4]} {rest[-4:]}"
    if form == "plain":
        return f"0{area}{rest}"
    if form == "e164_spaced":
        return f"+31 {area} {rest}"
    if form == "spaced":
        return f"0{area} {rest[:-4]} {rest[-4:]}"
    raise ValueError(f"unknown phone form {form!r}")


def format_postcode(postcode: str, space: bool) -> str:
    return f"{postcode[:4]} {postcode[4:]}" if space else postcode


def format_bsn(bsn: str, form: str = "plain", drop_zero: bool = False) -> str:
    """A 9-digit BSN as written: plain, ``1234.56.789``, ``123 456 789``, or with its
    leading zero lost (as a spreadsheet number)."""
    if drop_zero:
        return str(int(bsn))
    if form == "plain":
        return bsn
    if form == "dotted":
        return f"{bsn[:4]}.{bsn[4:6]}.{bsn[6:]}"
    if form == "spaced":
        return f"{bsn[:3]} {bsn[3:6]} {bsn[6:]}"
    raise ValueError(f"unknown BSN form {form!r}")


def format_initials(given_names: tuple[str, ...], form: str) -> str:
    letters = [g[0] for g in given_names]
    if form == "dots":
        return "".join(f"{c}." for c in letters)
    if form == "plain":
        return "".join(letters)
    if form == "spaced":
        return " ".join(f"{c}." for c in letters)
    raise ValueError(f"unknown initials form {form!r}")


def typo(word: str, rng: random.Random) -> str:
    """``word`` with one edit (substitution, deletion, transposition or doubling) at a
    letter position; never equal to ``word``, never shorter than 2 characters."""
    positions = [i for i, c in enumerate(word) if c.isalpha()]
    if len(positions) < 3:
        return word + "e"
    for _ in range(20):
        i = rng.choice(positions[1:])
        op = rng.randrange(4)
        if op == 0:
            c = rng.choice(_LETTERS)
            out = word[:i] + (c.upper() if word[i].isupper() else c) + word[i + 1 :]
        elif op == 1:
            out = word[:i] + word[i + 1 :]
        elif op == 2 and i + 1 < len(word):
            out = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
        else:
            out = word[: i + 1] + word[i] + word[i + 1 :]
        if out != word and len(out) >= 2:
            return out
    return word + "e"


def surname_parts(person: Person, rng: random.Random) -> tuple[str, str]:
    """``(prefix, surname)`` under which the person appears in this mention."""
    if not person.partner_surname:
        return person.birth_prefix, person.birth_surname
    r = rng.random()
    if r < 0.35:
        return person.birth_prefix, person.birth_surname
    if r < 0.6:
        return person.partner_prefix or "", person.partner_surname
    return person.partner_prefix or "", f"{person.partner_surname}-{person.birth_name}"


def gp_display(gp: GP, form: str) -> str:
    core = f"{gp.prefix} {gp.surname}".strip()
    if form == "initials":
        return gp.name
    if form == "title":
        return f"Dr. {gp.name}"
    if form == "reversed":
        return f"{gp.surname}, {gp.initials} {gp.prefix}".strip()
    if form == "huisarts":
        return f"huisarts {core[0].upper()}{core[1:]}"
    raise ValueError(f"unknown GP form {form!r}")


def _full_name(form: str, prefix: str, surname: str, initials: str, given: str, sex: str) -> str:
    core = f"{prefix} {surname}" if prefix else surname
    if form == "surname_initials":
        return f"{core}, {initials}"
    if form == "surname_given":
        return f"{core}, {given}"
    if form == "initials_surname":
        return f"{initials} {core}"
    if form == "given_surname":
        return f"{given} {core}"
    if form == "title_initials_surname":
        return f"{'mevr.' if sex == 'F' else 'dhr.'} {initials} {core}"
    if form == "surname_only":
        return core
    if form == "surname_initials_after":
        return f"{core} {initials}"
    if form == "surname_prefix_after":
        return f"{surname}, {initials} {prefix}" if prefix else f"{surname}, {initials}"
    raise ValueError(f"unknown name form {form!r}")


def render(person: Person, sample: Sample | None, style: FileStyle, rng: random.Random) -> Rendered:
    """One appearance of ``person`` (with ``sample``, if any) written in ``style``."""
    prefix, surname = surname_parts(person, rng)
    if rng.random() < style.typo_rate:
        surname = typo(surname, rng)
    initials = format_initials(person.given_names, style.initials_form)
    full_given = " ".join(person.given_names) if style.all_given else person.given_names[0]
    name = _full_name(style.name_form, prefix, surname, initials, full_given, person.sex)
    form = style.name_form
    given = full_given if form in ("surname_given", "given_surname") else initials
    if form == "surname_only":
        given = ""
    if style.caps:
        name, surname, prefix, given = name.upper(), surname.upper(), prefix.upper(), given.upper()
    addresses = person.addresses
    address = addresses[0] if style.old_addresses and len(addresses) > 1 else addresses[-1]
    gp = sample.gp if sample is not None else person.gp
    return Rendered(
        person_id=person.person_id,
        name=name,
        surname=surname,
        prefix=prefix,
        given=given,
        date_of_birth=format_date(person.date_of_birth, style.date_form),
        bsn=format_bsn(person.bsn, style.bsn_form, style.drop_bsn_zero) if person.bsn else "",
        street=address.street,
        house=address.house,
        postcode=format_postcode(address.postcode, style.postcode_space),
        city=address.city,
        phone=format_phone(person.phone, style.phone_form) if person.phone else "",
        email=person.email or "",
        gp_name=gp_display(gp, style.gp_form) if gp is not None else "",
        gp_agb=gp.agb if gp is not None else "",
        sample=sample,
        sample_date=format_date(sample.sample_date, style.date_form) if sample else "",
        iban=person.iban or "",
    )


def without_sample(record: Rendered) -> Rendered:
    """The same mention with no sample (for files that hold no results)."""
    return replace(record, sample=None, sample_date="")
