"""Address columns read with Arrow equal the per-cell parse (``expand_cells``) exactly:
the fast shapes on random mixes of common and odd cells, and tables of cells that must
(or must not) take the fast path."""

from __future__ import annotations

from unittest.mock import patch

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from breachscope.detect import addresscolumn
from breachscope.detect.addresscolumn import address_cells, address_share, column_share
from breachscope.detect.base import CellFindings, expand_cells, share_at_least
from breachscope.detect.detectors.address import AddressDetector
from breachscope.detect.tables import sample_of

DETECTOR = AddressDetector()
KINDS = ("address", "street", "house_number", "city", "postcode", "suffix")
ALWAYS_FAST = dict.fromkeys(KINDS, 0)


def _parse(kind: str):  # type: ignore[no-untyped-def]
    return lambda raw: DETECTOR._cell(raw, kind)


def _triple(found: CellFindings) -> tuple[list[object], list[object], list[object]]:
    kinds = [] if found.kind is None else found.kind.to_pylist()
    return found.index.to_pylist(), found.value.to_pylist(), kinds


def _same(cells: list[str | None], kind: str) -> None:
    column = pa.array(cells, pa.string())
    expected = _triple(expand_cells(column, _parse(kind)))
    with patch.dict(addresscolumn.MIN_FAST, ALWAYS_FAST):
        assert _triple(address_cells(column, kind, _parse(kind))) == expected
        sample = [c.strip() for c in cells if c is not None and c.strip()]
        if sample:
            ok, known = address_share(sample, kind, _parse(kind), 0.5)
            has = share_at_least(sample, lambda v: bool(DETECTOR._cell(v, kind)), 0.5)
            assert ok is has
            assert _triple(address_cells(column, kind, _parse(kind), known)) == expected
            _same_whole(column, kind, expected)
    assert _triple(address_cells(column, kind, _parse(kind))) == expected  # Python path
    if any(c is not None and c.strip() for c in cells):
        _same_whole(column, kind, expected)


def _same_whole(column: pa.Array, kind: str, expected: object) -> None:
    """The claim that reads the whole column agrees with the sample check, and its pairs
    give the cells."""
    sample = sample_of(column)
    ok, known = column_share(column, sample.rows, kind, _parse(kind), 0.5)
    assert ok is share_at_least(sample, lambda v: bool(DETECTOR._cell(v, kind)), 0.5)
    assert _triple(address_cells(column, kind, _parse(kind), known)) == expected


# -- generated cells ---------------------------------------------------------------------

WORDS = st.sampled_from(
    [
        "Kerkstraat", "Van", "Goghstraat", "Damrak", "Overtoom", "de", "den", "van", "der",
        "Burgemeester", "St.", "Händelstraat", "Oost-Indiëlaan", "'s", "'t", "Straat", "Adres",
        "In", "aan", "Te", "Weg", "Hof", "Dam", "Lange", "Voorhout", "Sint", "Jansstraat",
        "ZUIDERWEG", "kerkstraat", "Jan", "Steenstraat", "X", "(achter)", "A/B", "Oude",
        "Gracht", "Hofje", "nieuw", "Wittlaan", "ſtraat", "Kerkſtraat", "Plein", "Stationsweg",
        "1e", "2e", "v.", "dr.", "mr.",
    ]
)  # fmt: skip
HOUSES = st.one_of(
    st.from_regex(
        r"[1-9][0-9]{0,5}(?: ?[A-Za-z]{1,2}|-[0-9]{1,4}"
        r"| (?:bis|hs|huis|I|II|III|IV|zw|rd|bg|BIS|Hs|HUIS)|-[A-Za-z]{1,3}| [A-Z]{2})?",
        fullmatch=True,
    ),
    st.sampled_from(["0", "12 a", "1234 II", "1234 IV", "١٢", "12\xa0a", "12  b", "3 - 4"]),
)
POSTCODES = st.one_of(
    st.from_regex(r"[1-9][0-9]{3} ?[A-Z]{2}", fullmatch=True),
    st.sampled_from(["1234 SA", "1234ss", "0123AB", "1234ab", "١٢٣٤AB", "1234  AB"]),
)
CITIES = st.one_of(
    st.sampled_from(
        [
            "Amsterdam",
            "Den Haag",
            "Alphen aan den Rijn",
            "'s-Hertogenbosch",
            "'s Gravenhage",
            "Bergen op Zoom",
            "Capelle aan den IJssel",
            "Tel",
            "NL",
            "Ede Tel",
            "Oss van",
            "Zaandam",
            "Hendrik-Ido-Ambacht",
            "Amsterdam Zuid Oost West",
            "Ter Apel",
            "Ütrecht",
        ]
    ),
    st.from_regex(r"[A-Z][a-z]{1,8}(?: [A-Z][a-z]{1,8}){0,4}", fullmatch=True),
)
NOISE = st.text(alphabet=st.sampled_from(list("aZé1 9,.-'&^+:/\t\xa0٣ß€")), max_size=12)
STREETS = st.lists(WORDS, min_size=1, max_size=6).map(" ".join)


@st.composite
def _address(draw: st.DrawFn) -> str:
    street, house = draw(STREETS), draw(HOUSES)
    code, city = draw(POSTCODES), draw(CITIES)
    form = draw(st.integers(0, 9))
    if form == 0:
        cell = f"{street} {house}"
    elif form == 1:
        cell = f"{street} {house}&{street}&{house}"
    elif form == 2:
        cell = f"{street} {house}^^{city}^^{code}^NL^H"
    elif form == 3:
        cell = f"{street} {house}&{street}&{house}^^{city}^^{code}^NL^H"
    elif form == 4:
        ident = draw(st.from_regex(r"[A-Z]{2}[0-9]{7}", fullmatch=True))
        street_nr = f"{street}:{house}"
        cell = f"PAT+{ident}::LAB+++{street_nr}+{city}++{code.replace(' ', '')}+NL"
    elif form == 5:
        cell = code
    elif form == 6:
        cell = f"{street} {house}, {code} {city}"
    elif form == 7:
        cell = draw(st.sampled_from([street, city, f"{street}:{house}", "DL1234567::LAB"]))
    else:
        cell = draw(st.text(max_size=30))
    if draw(st.integers(0, 5)) == 0:  # noise somewhere
        at = draw(st.integers(0, len(cell)))
        cell = cell[:at] + draw(NOISE) + cell[at:]
    if draw(st.integers(0, 5)) == 0:
        cell = draw(st.sampled_from([" ", "\t", "\xa0"])) + cell
    return cell


def _mostly(good: st.SearchStrategy[str], odd: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """``good`` three times in four, else ``odd``."""
    return st.integers(0, 3).flatmap(lambda i: odd if i == 0 else good)


COMMA_STREETS = _mostly(
    st.one_of(
        st.from_regex(r"[A-Z][a-z]{2,8}(?:straat|laan|weg|gracht|singel)", fullmatch=True),
        st.sampled_from(
            [
                "Meeuwenlaan", "Laan van Meerdervoort", "Damrak", "Rokin", "Van Goghstraat",
                "Burgemeester de Vlugtlaan", "Prins Hendrik-kade", "Händelstraat",
                "Oude Gracht", "KERKSTRAAT", "St. Jansstraat", "Overtoom", "Dr. (achter) Dreef",
            ]
        ),
    ),
    st.one_of(
        STREETS,
        st.sampled_from(
            [
                "Weg", "In de Kerkstraat", "Adres Kerkstraat", "Kerk'straat", "'t Hoogstraat",
                "A B C D E Kerkstraat", "Kerkſtraat", "A/Bstraat", "postcode Dam", "Dam,",
                "'Damrak", "De Dam", "in Rokin", "Hof",
            ]
        ),
    ),
)  # fmt: skip
COMMA_HOUSES = _mostly(
    st.from_regex(r"[1-9][0-9]{0,3}(?:[a-d]| ?[A-D]|-[1-9]{1,2}| bis| II|-hs)?", fullmatch=True),
    HOUSES,
)
COMMA_POSTCODES = _mostly(
    st.from_regex(r"[1-9][0-9]{3} ?[A-Z]{2}", fullmatch=True),
    st.one_of(
        POSTCODES,
        st.sampled_from(["1000 MG", "1234 SD", "8604 xb", "0604 XB", "86041 XB", "1234\tAB"]),
    ),
)
COMMA_CITIES = _mostly(
    st.one_of(
        st.from_regex(
            r"[A-Z][a-z]{1,8}(?: (?:[A-Z][a-z]{1,8}|aan|op|de|van)){0,2}", fullmatch=True
        ),
        st.sampled_from(
            [
                "Sneek", "Den Haag", "Den Helder", "Bergen op Zoom", "'s-Hertogenbosch",
                "'s Gravenhage", "Koog aan de Zaan", "Alphen aan den Rijn", "Huis ter Heide",
                "Capelle aan den IJssel", "Ouderkerk aan de Amstel",
            ]
        ),
    ),
    st.one_of(
        CITIES,
        st.sampled_from(
            [
                "Ede Tel", "Utrecht Nederland", "Ede NL", "Oss T", "IJmuiden", "de Bilt",
                "Oss van", "Ede de", "Ede'", "'t Zandt", "A B C D E", "Ede-", "Zwolle Email",
                "Ede The", "Ede, Nederland", "Ede.", "Ğede", "Ede Opper", "Ede aanx Oss",
                "Ede Fax", "Ede Telefoon", "Aa Bb Cc Dd Ee", "Ede der Oss", "Ede ten Oss",
            ]
        ),
        st.integers(150, 200).map(lambda n: "E" + "d" * n),  # long cells hold no address
    ),
)  # fmt: skip


@st.composite
def _comma_address(draw: st.DrawFn) -> str:
    """``Street 12, 1234 AB City`` and near misses."""
    street, house = draw(COMMA_STREETS), draw(COMMA_HOUSES)
    code, city = draw(COMMA_POSTCODES), draw(COMMA_CITIES)
    sep = draw(_mostly(st.just(", "), st.sampled_from([",", " ", ",  ", " , ", ";", ",\xa0"])))
    cell = f"{street} {house}{sep}{code} {city}"
    if draw(st.integers(0, 5)) == 0:  # noise somewhere
        at = draw(st.integers(0, len(cell)))
        cell = cell[:at] + draw(NOISE) + cell[at:]
    if draw(st.integers(0, 9)) == 0:
        cell = draw(st.sampled_from(["'", '"', " ", "\t", "Adres: "])) + cell
    if draw(st.integers(0, 9)) == 0:
        cell += draw(st.sampled_from(["'", '"', " ", ".", "x" * 200]))
    return cell


CELLS = {
    "address": st.one_of(_address(), _comma_address()),
    "street": st.builds(lambda s, h, n: f"{s} {h}" if n else s, STREETS, HOUSES, st.booleans()),
    "house_number": HOUSES,
    "city": CITIES,
    "postcode": POSTCODES,
    "suffix": st.sampled_from(["a", "bis", "II", "-2"]),
}


def _with_noise(kind: str) -> st.SearchStrategy[str | None]:
    return st.one_of(
        CELLS[kind],
        CELLS[kind],
        CELLS[kind],
        CELLS[kind].map(lambda c: f" {c}  "),
        st.builds(lambda a, b: a + b, CELLS[kind], NOISE),
        st.text(max_size=20),
        st.none(),
    )


@pytest.mark.parametrize("kind", KINDS)
@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_fast_path_equals_parse(kind: str, data: st.DataObject) -> None:
    cells = data.draw(st.lists(_with_noise(kind), min_size=1, max_size=40))
    _same(cells, kind)


@settings(max_examples=300, deadline=None)
@given(cells=st.lists(_comma_address(), min_size=1, max_size=30))
def test_comma_form_equals_parse(cells: list[str | None]) -> None:
    _same(cells, "address")


# -- tables ------------------------------------------------------------------------------

FAST = [
    ("address", "Kerkstraat 12a", [("street", "Kerkstraat"), ("house_number", "12A")]),
    ("address", "Van Goghstraat 7 bis", [("street", "Van Goghstraat"), ("house_number", "7 bis")]),
    ("address", "HOOFDSTRAAT 88 BIS", [("street", "HOOFDSTRAAT"), ("house_number", "88 bis")]),
    ("address", "Damrak 3", [("street", "Damrak"), ("house_number", "3")]),
    ("house_number", "12.0", [("house_number", "12")]),  # a spreadsheet's float
    ("house_number", "7.00", [("house_number", "7")]),
    ("address", "Meeuwenlaan 4&Meeuwenlaan&4", [("street", "Meeuwenlaan"), ("house_number", "4")]),
    ("address", "1234 ab", []),
    ("address", "1234 AB", [("postcode", "1234AB")]),
    ("address", "DL1234567::LAB", []),
    ("address", "Boslaan:3", []),
    (
        "address",
        "Hoogstraat 3&Hoogstraat&3^^Bergen op Zoom^^7554ML^NL^H",
        [
            ("street", "Hoogstraat"),
            ("house_number", "3"),
            ("postcode", "7554ML"),
            ("city", "Bergen op Zoom"),
        ],
    ),
    (
        "address",
        "PAT+DL4652666::LAB+++Bilderdijkstraat:10+Rotterdam++3051PR+NL",
        [
            ("street", "Bilderdijkstraat"),
            ("house_number", "10"),
            ("postcode", "3051PR"),
            ("city", "Rotterdam"),
        ],
    ),
    (
        "address",
        "PAT+DL4652666::LAB+++Damrak:4+Utrecht++3523JT+NL",
        [("postcode", "3523JT"), ("city", "Utrecht")],
    ),
    (
        "address",
        "Meeuwenlaan 4, 8604 XB Sneek",
        [
            ("street", "Meeuwenlaan"),
            ("house_number", "4"),
            ("postcode", "8604XB"),
            ("city", "Sneek"),
        ],
    ),
    (
        "address",
        "Laan van Meerdervoort 12a, 2517 AB Den Haag",
        [
            ("street", "Laan van Meerdervoort"),
            ("house_number", "12A"),
            ("postcode", "2517AB"),
            ("city", "Den Haag"),
        ],
    ),
    (
        "address",
        "Kerkstraat 1-3, 1234AB Amsterdam",
        [
            ("street", "Kerkstraat"),
            ("house_number", "1-3"),
            ("postcode", "1234AB"),
            ("city", "Amsterdam"),
        ],
    ),
    (
        "address",
        "Damrak 3 bis, 1012 LG 's-Hertogenbosch",
        [
            ("street", "Damrak"),
            ("house_number", "3 bis"),
            ("postcode", "1012LG"),
            ("city", "'s-Hertogenbosch"),
        ],
    ),
    (
        "address",
        "In de Damrak 7, 1000 MG Bergen op Zoom",  # no street word: the lead word stays
        [
            ("street", "In de Damrak"),
            ("house_number", "7"),
            ("postcode", "1000MG"),
            ("city", "Bergen op Zoom"),
        ],
    ),
    ("street", "Jan Steenstraat 4 c", [("street", "Jan Steenstraat"), ("house_number", "4C")]),
    ("street", "Händelstraat", [("street", "Händelstraat")]),
    ("house_number", "12-bv", [("house_number", "12-bv")]),
    ("house_number", "5 a", [("house_number", "5A")]),
    ("city", "'s-Hertogenbosch", [("city", "'s-Hertogenbosch")]),
    ("postcode", "1234 ss", []),
    ("suffix", "bis", []),
    (
        "address",
        "Kerkstraat 5^^Capelle aan den IJssel^^2909NG^NL^H",
        [
            ("street", "Kerkstraat"),
            ("house_number", "5"),
            ("postcode", "2909NG"),
            ("city", "Capelle aan den IJssel"),
        ],
    ),
    (
        "address",
        "Kerkstraat 5, 2401 DM Alphen aan den Rijn",
        [
            ("street", "Kerkstraat"),
            ("house_number", "5"),
            ("postcode", "2401DM"),
            ("city", "Alphen aan den Rijn"),
        ],
    ),
    (
        "address",
        "Kerkstraat 5, 3734 AA Huis ter Heide",
        [
            ("street", "Kerkstraat"),
            ("house_number", "5"),
            ("postcode", "3734AA"),
            ("city", "Huis ter Heide"),
        ],
    ),
    (
        "address",
        "Kerkstraat 5, 1970 AA IJmuiden",
        [
            ("street", "Kerkstraat"),
            ("house_number", "5"),
            ("postcode", "1970AA"),
            ("city", "IJmuiden"),
        ],
    ),
]
"""``(kind, cell, pairs)``: cells the fast shapes read; None where they must not."""

FALLBACK = [
    ("address", "In de Kerkstraat 5"),  # a lead word the parse drops
    ("address", "Kerkstraat 1234 II"),  # a postcode-shaped house number
    ("address", "Weg 5"),  # a street too short to count
    ("address", "Kerkstraat 5^^Ede Tel^^6711AA^NL^H"),  # a stop word in the city
    ("address", "Kerkstraat 5^^Ede^^6711SA^NL^H"),  # a postcode never issued
    ("address", "Kerkstraat  5"),  # spaces to collapse
    ("address", " Kerkstraat 5"),  # space to strip
    ("address", "Kerkstraat ١٢"),  # other digits
    ("address", "Kerk'straat 5"),  # a quote the parse may drop
    ("address", "A B C D E Kerkstraat 5"),  # more than four words before the street word
    ("address", "Kerkstraat 5, 6711 AA Ede Tel"),  # a stop word in the city
    ("address", "Kerkstraat 5, 6711 AA Ede de"),  # a city that ends in a connector
    ("address", "Kerkstraat 5, 6711 SA Ede"),  # a postcode never issued
    ("address", "Kerkstraat 5, 6711 aa Ede"),  # a postcode in lower case
    ("address", "Kerkstraat 5,  6711 AA Ede"),  # spaces to collapse
    ("address", "Kerkstraat 5, 6711 AA Ede'"),  # a quote the parse drops
    ("address", "'Kerkstraat 5, 6711 AA Ede'"),  # quotes the parse drops
    ("address", "In de Kerkstraat 5, 6711 AA Ede"),  # a lead word the parse drops
    ("address", "Weg 5, 6711 AA Ede"),  # a street too short to count
    ("address", "Kerkstraat 1234 II, 6711 AA Ede"),  # a postcode-shaped house number
    ("address", "Kerkstraat 5, 6711 AA Aa Bb Cc Dd Ee"),  # more than four city words
    ("address", "Kerkstraat 5, 6711 AA IJSSEL"),  # a city in capitals
    ("address", "Kerkstraat 5, 6711 AA Ede aan den"),  # a city that ends in connectors
    ("address", "Kerkstraat 5, 6711 AA E" + "de" * 90),  # too long to hold an address
    ("street", "Kerkstraat\xa05"),
    ("house_number", "１２"),
    ("city", "Den  Haag"),
    ("city", "A" * 45),
    ("postcode", "1234\tAB"),
]


def _fast_pairs(kind: str, cell: str) -> list[tuple[str, str]] | None:
    fast = addresscolumn._fast(pa.array([cell]), kind)
    if not fast.taken[0]:
        return None
    (part,) = fast.parts
    return [(k[0].as_py(), v[0].as_py()) for k, v in part.slots if v[0].is_valid]


@pytest.mark.parametrize(("kind", "cell", "pairs"), FAST)
def test_fast_shapes(kind: str, cell: str, pairs: list[tuple[str, str]] | None) -> None:
    assert _fast_pairs(kind, cell) == pairs
    if pairs is not None:
        assert DETECTOR._cell(cell, kind) == pairs
    _same([cell, None, cell], kind)


@pytest.mark.parametrize(("kind", "cell"), FALLBACK)
def test_odd_cells_fall_back(kind: str, cell: str) -> None:
    assert _fast_pairs(kind, cell) is None
    _same([cell, "", cell, None], kind)


def test_order_is_by_slot_then_row() -> None:
    cells = ["Kerkstraat 1", "1234 AB", None, "Kerkstraat 1^^Ede^^6711AB^NL^H", "x"] * 30
    found = address_cells(pa.array(cells), "address", _parse("address"))
    index = found.index.to_numpy()
    slot_starts = np.flatnonzero(np.diff(index) <= 0) + 1
    assert len(slot_starts) == 3  # four slots, each in row order
    _same(cells, "address")


def test_cells_take_the_sample_pairs() -> None:
    cells = [f"Kerkstraat {i}" for i in range(1, 300)]
    ok, known = address_share(cells[:200], "address", _parse("address"), 0.5)
    assert ok
    calls: list[str] = []

    def counting(raw: str) -> list[tuple[str, str]]:
        calls.append(raw)
        return DETECTOR._cell(raw, "address")

    column = pa.array([*cells, "Kerkstraat 5 ?"])
    got = address_cells(column, "address", counting, known)
    assert calls == ["Kerkstraat 5 ?"]
    assert _triple(got) == _triple(expand_cells(column, _parse("address")))


@pytest.mark.parametrize("pattern", [addresscolumn._FULL_PLAIN, addresscolumn._FULL_COMMA])
@settings(max_examples=150, deadline=None)
@given(cells=st.lists(st.one_of(_address(), _comma_address(), NOISE), min_size=1, max_size=30))
def test_extract_only_where_it_matches(pattern: str, cells: list[str]) -> None:
    """Extracting only from matching values gives what extracting from all gives."""
    column = pa.array(cells, pa.string())
    want = pc.extract_regex(column, pattern)
    got = addresscolumn._extract(column, pattern)
    assert got.is_valid().to_pylist() == want.is_valid().to_pylist()
    valid = want.is_valid()
    for name in ("street", "house"):
        assert (
            got.field(name).filter(valid).to_pylist() == want.field(name).filter(valid).to_pylist()
        )


@settings(max_examples=200, deadline=None)
@given(cells=st.lists(st.one_of(_address(), _comma_address(), NOISE), min_size=1, max_size=40))
def test_comma_fields_cut_where_the_pattern_puts_them(cells: list[str]) -> None:
    """The comma form's fields cut at fixed points equal RE2's submatches."""
    column = pa.array(cells, pa.string())
    want = pc.extract_regex(column, addresscolumn._FULL_COMMA)
    got = addresscolumn._comma_fields(column)
    assert got.is_valid().to_pylist() == want.is_valid().to_pylist()
    valid = want.is_valid()
    for name in ("street", "house", "pc", "city"):
        assert (
            got.field(name).filter(valid).to_pylist() == want.field(name).filter(valid).to_pylist()
        )
    sliced = column.slice(1)  # an array that starts inside its buffers
    assert (
        addresscolumn._comma_fields(sliced).to_pylist()
        == pc.extract_regex(sliced, addresscolumn._FULL_COMMA).to_pylist()
    )
