"""Lines end in ``\\n`` or ``\\r\\n`` (PDF pages as pdfium reads them, e-mails, exports
from Windows): every detector finds in a text with CRLF line ends what it finds with LF
ones. The texts are a generated dump's letters, e-mails, DOCX and logs. Before session 14
the address patterns lost the postcode line of an address after ``\\r\\n`` (42 findings of
the benchmark's free-text sample: postcodes, cities, and streets without a street word)."""

from __future__ import annotations

from collections import Counter

import pytest

from breachscope.config import Config
from breachscope.detect.engine import detect_units
from breachscope.extract.units import TextUnit
from breachscope.location import Location

from .helpers import dump_texts

CONFIG = Config(workers=1)


@pytest.fixture(scope="module")
def letters(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    texts = dump_texts(tmp_path_factory.mktemp("crlf") / "s", 120, 6113, CONFIG)
    assert len(texts) >= 40
    return [t.replace("\r\n", "\n") for t in texts]


def _found(texts: list[str]) -> Counter[tuple[int, str, str, str]]:
    units = [TextUnit(Location(f"t{i}"), t, 0) for i, t in enumerate(texts)]
    table = detect_units(units, CONFIG)
    return Counter(
        (int(str(loc).split("#")[0][1:]), cls, kind, value)
        for loc, cls, kind, value in zip(
            table.column("location").to_pylist(),
            table.column("data_class").to_pylist(),
            table.column("kind").to_pylist(),
            table.column("value").to_pylist(),
            strict=True,
        )
    )


def test_crlf_line_ends_find_what_lf_ones_do(letters: list[str]) -> None:
    with_lf = _found(letters)
    assert sum(with_lf.values()) >= 500
    assert sum(1 for k in with_lf if k[1] == "address" and k[2] == "postcode") >= 20
    with_crlf = _found([t.replace("\n", "\r\n") for t in letters])
    assert with_crlf == with_lf
