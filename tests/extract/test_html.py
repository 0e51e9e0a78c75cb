"""HTML files: the visible text, entities decoded, nothing run."""

from __future__ import annotations

import io

import pytest

from breachscope.config import Config
from breachscope.extract.base import Extracted, SkipFile, Source
from breachscope.extract.html import HtmlExtractor
from breachscope.extract.units import TextUnit


def extract(data: bytes) -> list[Extracted]:
    source = Source("p.html", "html", len(data), lambda: io.BytesIO(data))
    return list(HtmlExtractor().extract(source, Config()))


def test_entities_are_decoded_and_scripts_left_out() -> None:
    data = (
        b"<html><body><script>alert('Jansen')</script><p>Pati&euml;nt: Mevr. A. de Vries"
        b"<br>Lindenlaan&nbsp;14, 3581&nbsp;TK Utrecht</p></body></html>"
    )
    units = [u for u in extract(data) if isinstance(u, TextUnit)]
    assert [(u.location.part, u.text) for u in units] == [
        ("body", "Patiënt: Mevr. A. de Vries\nLindenlaan\u00a014, 3581\u00a0TK Utrecht")
    ]


def test_cp1252_page() -> None:
    data = "<html><body>Geachte mevrouw Müller</body></html>".encode("cp1252")
    units = [u for u in extract(data) if isinstance(u, TextUnit)]
    assert units[0].text == "Geachte mevrouw Müller"


@pytest.mark.parametrize("data", [b"", b"  \n"])
def test_empty_page_is_skipped(data: bytes) -> None:
    with pytest.raises(SkipFile):
        extract(data)
