"""Eltron/Zebra EPL2 label jobs (``zebra_lp2844_batch.epl``: a lab's sample labels sent to
a desktop label printer), the text each label prints, one part per label
(``part=label-N``, N counting the labels from 1 in file order), one line per field in the
order the job draws them: a label's lines, as :mod:`breachscope.extract.zpl` reads ZPL's.

EPL2 is a line per command (Zebra's EPL2 Programming Guide): ``N`` clears the image
buffer (a label begins), ``A x,y,rotation,font,h,v,reverse,"data"`` draws text, ``B
x,y,...,"data"`` a bar code (a lab number) and ``b`` a 2-D one, ``P count`` prints (the
label ends); ``q``, ``Q``, ``S``, ``D``, ``Z``, ``R``, ``O``, ``I`` set the printer up. A
field's data is a quoted string: ``\\"`` a quote, ``\\\\`` a backslash. A variable's or a
counter's reference (``V00``, ``C0``) outside quotes is passed over. Commands are read,
never run; positions and fonts are left out.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import ClassVar

from breachscope.config import Config
from breachscope.extract.base import Extracted, Extractor, Source
from breachscope.extract.encoding import decode_bytes
from breachscope.extract.zpl import label_units

_FIELD = re.compile(r'^[ABb]\d+,\d+,[^"\r\n]*"((?:[^"\\\r\n]|\\.)*)"')
"""A text or bar code command and its quoted data."""
_ESCAPE = re.compile(r"\\(.)")
_PRINT = re.compile(r"^P\d+(?:,\d+)?\s*$")


def labels(text: str) -> Iterator[list[str]]:
    """The fields' text of every label in ``text`` (an EPL2 job), in file order."""
    fields: list[str] | None = None
    for line in text.splitlines():
        if line.strip() == "N":
            if fields:
                yield fields  # (a label that was never printed)
            fields = []
            continue
        if _PRINT.match(line):
            if fields is not None:
                yield fields
            fields = None
            continue
        m = _FIELD.match(line)
        if m is not None:
            data = _ESCAPE.sub(r"\1", m[1]).strip()
            if data:
                if fields is None:
                    fields = []
                fields.append(data)
    if fields:
        yield fields  # (a label cut short)


class EplExtractor(Extractor):
    """EPL2 label jobs: the text of each label, a part of its own."""

    id: ClassVar[str] = "epl"
    types: ClassVar[frozenset[str]] = frozenset({"epl"})

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        text = decode_bytes(source.read_document(config.batch_bytes, "EPL label job"))
        yield from label_units(source.path, labels(text), config, "EPL label (N ... P)")
