"""Noise functions: every rendered form reads back to the true value."""

from __future__ import annotations

import random
import re
from datetime import date

import phonenumbers
import pytest
from hypothesis import given
from hypothesis import strategies as st

from breachscope.synth import noise
from breachscope.synth.model import GP, Address, Person

from .value_checks import MONTHS

_PARSE = (
    (re.compile(r"(\d{2})-(\d{2})-(\d{4})"), "dmy"),
    (re.compile(r"(\d{1,2})-(\d{1,2})-(\d{4})"), "dmy"),
    (re.compile(r"(\d{2})/(\d{2})/(\d{4})"), "dmy"),
    (re.compile(r"(\d{2})\.(\d{2})\.(\d{4})"), "dmy"),
    (re.compile(r"(\d{4})-(\d{2})-(\d{2})"), "ymd"),
    (re.compile(r"(\d{4})(\d{2})(\d{2})"), "ymd"),
)

dates = st.dates(min_value=date(1900, 1, 1), max_value=date(2030, 12, 31))
bsns = st.from_regex(r"\A[0-9]{9}\Z")
mobiles = st.integers(10_000_000, 59_999_999).map(lambda n: f"+316{n}")
landlines = st.sampled_from(["+3120", "+3110", "+31570", "+31182", "+3170"]).flatmap(
    lambda area: st.from_regex(rf"\A[2-9][0-9]{{{12 - len(area) - 1}}}\Z").map(
        lambda rest: area + rest
    )
)


def parse_date(text: str) -> date:
    """Independent reader of the documented date forms."""
    for pattern, order in _PARSE:
        m = pattern.fullmatch(text)
        if m:
            a, b, c = (int(x) for x in m.groups())
            return date(c, b, a) if order == "dmy" else date(a, b, c)
    day, month, year = text.split(" ")
    return date(int(year), MONTHS.index(month) + 1, int(day))


@given(dates, st.sampled_from(noise.DATE_FORMS))
def test_rendered_date_parses_back(d: date, form: str) -> None:
    assert parse_date(noise.format_date(d, form)) == d


@given(bsns, st.sampled_from(noise.BSN_FORMS), st.booleans())
def test_rendered_bsn_normalises_back(bsn: str, form: str, drop: bool) -> None:
    text = noise.format_bsn(bsn, form, drop_zero=drop)
    assert re.sub(r"[. ]", "", text).zfill(9) == bsn
    if drop and bsn.startswith("0"):
        assert len(text) < 9


@given(st.one_of(mobiles, landlines), st.sampled_from(noise.PHONE_FORMS))
def test_rendered_phone_parses_back(e164: str, form: str) -> None:
    assert len(e164) == 12
    parsed = phonenumbers.parse(noise.format_phone(e164, form), "NL")
    assert phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164) == e164


@pytest.mark.parametrize(
    ("e164", "form", "expected"),
    [
        ("+31612345678", "dash", "06-12345678"),
        ("+31612345678", "0031", "0031 6 1234 5678"),
        ("+31612345678", "plain", "0612345678"),
        ("+31201234567", "dash", "020-1234567"),
        ("+31570123456", "dash", "0570-123456"),
        ("+31570123456", "e164_spaced", "+31 570 123456"),
    ],
)
def test_phone_forms(e164: str, form: str, expected: str) -> None:
    assert noise.format_phone(e164, form) == expected


def _osa(a: str, b: str) -> int:
    d = [[max(i, j) if 0 in (i, j) else 0 for j in range(len(b) + 1)] for i in range(len(a) + 1)]
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            d[i][j] = min(
                d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] != b[j - 1])
            )
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[-1][-1]


@given(st.from_regex(r"\A[A-Z][a-z]{2,12}(-[a-z]{2,3} [A-Z][a-z]{2,8})?\Z"), st.integers(0, 10**6))
def test_typo_is_one_edit(word: str, seed: int) -> None:
    out = noise.typo(word, random.Random(seed))
    assert out != word
    assert _osa(out, word) == 1
    assert out[0] == word[0]


@given(st.sampled_from(("1234AB", "9999ZZ", "1011AA")), st.booleans())
def test_postcode_forms(postcode: str, space: bool) -> None:
    assert noise.format_postcode(postcode, space).replace(" ", "") == postcode


GP_X = GP(
    "01234567",
    "A.B.",
    "van der",
    "Linde",
    "Praktijk De Linde",
    Address("Lindelaan", 4, "", "2281AB", "Rijswijk"),
    "+31701234567",
)
WOMAN = Person(
    person_id="P0000001",
    role="patient",
    sex="F",
    given_names=("Maria", "Johanna"),
    birth_prefix="de",
    birth_surname="Vries",
    partner_prefix="",
    partner_surname="Jansen",
    date_of_birth=date(1978, 3, 3),
    bsn="012345672",
    addresses=(
        Address("Kerkstraat", 1, "", "1011AB", "Amsterdam"),
        Address("Dorpsstraat", 12, "A", "2282CD", "Rijswijk"),
    ),
    phone="+31612345678",
    email="m.jansen@example.nl",
    iban=None,
    gp=GP_X,
)


@pytest.mark.parametrize(
    ("form", "pattern"),
    [
        ("surname_initials", r"^(de Vries|Jansen|Jansen-de Vries), M\.J\.$"),
        ("initials_surname", r"^M\.J\. (de Vries|Jansen|Jansen-de Vries)$"),
        ("given_surname", r"^Maria (de Vries|Jansen|Jansen-de Vries)$"),
        ("title_initials_surname", r"^mevr\. M\.J\. (de Vries|Jansen|Jansen-de Vries)$"),
        ("surname_only", r"^(de Vries|Jansen|Jansen-de Vries)$"),
        ("surname_prefix_after", r"^(Vries, M\.J\. de|Jansen, M\.J\.|Jansen-de Vries, M\.J\.)$"),
        ("surname_initials_after", r"^(de Vries|Jansen|Jansen-de Vries) M\.J\.$"),
    ],
)
def test_name_forms(form: str, pattern: str) -> None:
    style = noise.FileStyle(name_form=form, typo_rate=0.0)
    seen = set()
    for seed in range(60):
        r = noise.render(WOMAN, None, style, random.Random(seed))
        assert re.match(pattern, r.name), r.name
        assert f"{r.prefix} {r.surname}".strip() in r.name or r.prefix in r.name
        seen.add(r.surname)
    assert seen == {"Vries", "Jansen", "Jansen-de Vries"}


def test_render_caps_old_address_and_dropped_zero() -> None:
    style = noise.FileStyle(
        caps=True, old_addresses=True, drop_bsn_zero=True, postcode_space=False, typo_rate=0.0
    )
    r = noise.render(WOMAN, None, style, random.Random(1))
    assert r.name == r.name.upper()
    assert (r.street, r.postcode) == ("Kerkstraat", "1011AB")
    assert r.bsn == "12345672"
    latest = noise.render(WOMAN, None, noise.FileStyle(), random.Random(1))
    assert (latest.street, latest.house, latest.postcode) == ("Dorpsstraat", "12A", "2282 CD")
    assert latest.bsn == "012345672"


def test_typo_rate_is_about_three_percent() -> None:
    rng = random.Random(3)
    style = noise.FileStyle(name_form="surname_only")
    clean = {"de Vries", "Jansen", "Jansen-de Vries"}
    typos = sum(noise.render(WOMAN, None, style, rng).name not in clean for _ in range(4000))
    assert 0.015 < typos / 4000 < 0.05


@pytest.mark.parametrize("family", ["csv", "sheet", "sql", "json", "message", "document"])
def test_styles_per_family(family: str) -> None:
    styles = [noise.draw_style(random.Random(i), family) for i in range(200)]
    assert all(s.name_form in noise.NAME_FORMS for s in styles)
    if family == "sheet":
        assert {s.date_form for s in styles} == {"yyyy-mm-dd"}
        assert all(s.drop_bsn_zero for s in styles)
    if family == "message":
        assert {s.date_form for s in styles} == {"yyyymmdd"}
    if family == "csv":
        assert len({s.date_form for s in styles}) >= 5
        assert any(s.drop_bsn_zero for s in styles) and not all(s.drop_bsn_zero for s in styles)
    if family == "document":
        assert "long" in {s.date_form for s in styles}
