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


def test_entities_are_decoded_and_scripts_read_apart() -> None:
    """The visible text without the scripts and styles; the inline scripts' text (never
    run) in a part of its own, a line each: a saved portal page keeps the signed-in
    patient's record there."""
    data = (
        b"<html><head><style>p {color: red}</style><script src='app.js'></script>"
        b'<script>window.__USER__ = {"bsn": "231202970"};</script></head>'
        b"<body><script>alert('Jansen')</script><p>Pati&euml;nt: Mevr. A. de Vries"
        b"<br>Lindenlaan&nbsp;14, 3581&nbsp;TK Utrecht</p></body></html>"
    )
    units = [u for u in extract(data) if isinstance(u, TextUnit)]
    assert [(u.location.part, u.text) for u in units] == [
        ("body", "Patiënt: Mevr. A. de Vries\nLindenlaan\u00a014, 3581\u00a0TK Utrecht"),
        ("scripts", 'window.__USER__ = {"bsn": "231202970"};\nalert(\'Jansen\')'),
    ]


def test_cp1252_page() -> None:
    data = "<html><body>Geachte mevrouw Müller</body></html>".encode("cp1252")
    units = [u for u in extract(data) if isinstance(u, TextUnit)]
    assert units[0].text == "Geachte mevrouw Müller"


@pytest.mark.parametrize("data", [b"", b"  \n"])
def test_empty_page_is_skipped(data: bytes) -> None:
    with pytest.raises(SkipFile):
        extract(data)
