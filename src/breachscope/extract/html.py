"""HTML documents: their visible text (``part=body``), as a browser would show it without
running or fetching anything (:mod:`.htmltext`: tags dropped, entities decoded, scripts
and styles left out, block elements and table rows on lines of their own, cells
separated by tabs). Read as raw text, a saved page keeps ``&nbsp;`` and ``&euml;`` inside
its addresses and names (``Lindenlaan&nbsp;14``, ``Pati&euml;nt``), which hides them.

The text of its inline scripts is a part of its own (``part=scripts``), read as text and
never run: a saved portal page keeps the signed-in patient's record in one
(``window.__USER__ = {"bsn": "...", "email": "..."}``) that the page never shows.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from breachscope.config import Config
from breachscope.extract.base import Extracted, ExtractError, Extractor, SkipFile, Source
from breachscope.extract.chunking import cut_text
from breachscope.extract.encoding import detect_stream, text_stream
from breachscope.extract.htmltext import html_texts
from breachscope.location import Location


class HtmlExtractor(Extractor):
    """HTML pages (saved web pages, exported reports, e-mails saved as .htm)."""

    id: ClassVar[str] = "html"
    types: ClassVar[frozenset[str]] = frozenset({"html"})

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        if source.size > config.batch_bytes:
            raise ExtractError(f"HTML document larger than {config.batch_bytes} bytes")
        with source.open() as fh:
            enc = detect_stream(fh)
            html = text_stream(fh, enc, newline="\n").read(config.batch_bytes + 1)
        if not html.strip():
            raise SkipFile("empty file")
        text, scripts = html_texts(html)
        if text.strip():
            yield from cut_text(
                Location(source.path, part="body"), text, config.max_text_unit_chars
            )
        if scripts:
            yield from cut_text(
                Location(source.path, part="scripts"), scripts, config.max_text_unit_chars
            )
