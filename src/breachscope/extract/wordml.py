"""Word 2003 XML documents (WordprocessingML, ``<w:wordDocument>``: Word's "XML document"
save, a mail merge's output of many letters in one file): the text of the body as one
text, ``part=body``, read as a DOCX's body is (:class:`~.docx.Body`: paragraphs a line
each, a table row a line with its cells apart by tabs, a page break a line's end, tracked
deletions kept), the runs a spelling mark splits (``<w:proofErr>``) joined again.

Parsed with expat, streamed, bounded by ``Config.batch_bytes``; a document type
declaration is refused, so no entity is ever expanded. A document cut short is read up to
where it ends, with a :class:`~.base.Note`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from breachscope.config import Config
from breachscope.extract.base import Extracted, ExtractError, Extractor, Note, Source
from breachscope.extract.chunking import cut_text
from breachscope.extract.docx import Body
from breachscope.extract.safexml import feed_document
from breachscope.location import Location

NS = "http://schemas.microsoft.com/office/word/2003/wordml"
"""Word 2003's WordprocessingML namespace."""


class WordMlExtractor(Extractor):
    """Word 2003 XML documents: the body's text."""

    id: ClassVar[str] = "wordml"
    types: ClassVar[frozenset[str]] = frozenset({"wordml"})

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        body = Body(NS)
        where = Location(source.path, part="body")
        with source.open() as fh:
            cut = feed_document(fh, body, config.batch_bytes, what="Word XML document")
        text = "\n".join(body.lines)
        if cut is not None and not text:
            raise ExtractError(f"malformed Word XML document ({cut.reason})")
        if text:
            yield from cut_text(where, text, config.max_text_unit_chars)
        if cut is not None:
            yield Note(where, f"Word XML document read up to byte {cut.at} ({cut.reason})")
