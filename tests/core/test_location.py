from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from breachscope.location import Location

texts = st.text(min_size=0, max_size=40)
paths = st.text(min_size=1, max_size=60)
ints = st.none() | st.integers(min_value=0, max_value=10**9)


@st.composite
def locations(draw: st.DrawFn) -> Location:
    start = draw(st.none() | st.integers(min_value=0, max_value=10**6))
    end = None if start is None else start + draw(st.integers(min_value=0, max_value=1000))
    return Location(
        path=draw(paths),
        part=draw(st.none() | texts),
        row=draw(ints),
        column=draw(st.none() | texts),
        start=start,
        end=end,
    )


@given(locations())
def test_string_form_round_trips(loc: Location) -> None:
    assert Location.parse(str(loc)) == loc


@given(locations())
def test_string_form_has_one_fragment_marker(loc: Location) -> None:
    text = str(loc)
    assert text.count("#") <= 1
    assert "\n" not in text


@pytest.mark.parametrize(
    ("loc", "text"),
    [
        (Location("a/b.csv", row=17, column="BSN"), "a/b.csv#row=17&col=BSN"),
        (Location("x.zip!/in.tar.gz!/c.csv"), "x.zip!/in.tar.gz!/c.csv"),
        (Location("r.pdf", part="page-2", start=3, end=9), "r.pdf#part=page-2&start=3&end=9"),
        (Location("odd#name&.csv", column="a=b&c"), "odd%23name%26.csv#col=a%3Db%26c"),
    ],
)
def test_known_string_forms(loc: Location, text: str) -> None:
    assert str(loc) == text
    assert Location.parse(text) == loc


def test_members_split_archive_paths() -> None:
    assert Location("x.zip!/in.tar.gz!/c.csv").members == ("x.zip", "in.tar.gz", "c.csv")


@pytest.mark.parametrize(
    "kwargs",
    [
        {"path": ""},
        {"path": "a", "row": -1},
        {"path": "a", "start": 1},
        {"path": "a", "start": 5, "end": 2},
    ],
)
def test_invalid_locations_are_refused(kwargs: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        Location(**kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize("text", ["a#bogus=1", "a#row", "a#row=x"])
def test_parse_refuses_garbage(text: str) -> None:
    with pytest.raises(ValueError):
        Location.parse(text)


def test_with_span_narrows() -> None:
    loc = Location("a.txt", part="body").with_span(2, 5)
    assert (loc.start, loc.end, loc.part) == (2, 5, "body")
