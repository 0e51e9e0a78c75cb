"""Bare replies in a table of messages, read under the question of the message before.

A phone's SMS backup, a chat app's JSON export or a help desk's message table holds one
message per row, its text in one column. A woman asked for her birth date and BSN (``Wilt
u ter controle uw geboortedatum en BSN sturen?``) answers with the values alone in the
next message (``7-6-1979`` and ``4853 65 182`` on two lines): no label stands in her cell,
and the chat rules of free text (a reply under its question's line) never see the row
above. Here a cell that holds nothing but one or two numbers or dates, right after a
non-empty cell of the same column that asks for a birth date or a BSN, is given what was
asked for as its label (``geboortedatum en BSN: ``), so that it is read as a labelled
value; the detectors still validate each value (a date of birth's plausibility, a BSN's
elfproef).

A column of a table with no header (``column3``) whose cells hold a BSN after its label in
one row (``BSN 336.449.598``) holds BSNs: its other cells that are a bare number of a BSN's
shape and nothing else (``206-648-522`` in a LIMS client's list of recent patients, under
the same column) are read after that label too (:func:`labelled_column`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from breachscope.detect.dates import MONTH_WORDS

_WITHIN = r"(?:(?!(?<!mw)(?<!mevr)(?<!dhr)(?<!dr)[.!][ \t]+[A-Z])[^\n?])"
"""A character of the question's sentence: not a line's end, nor a sentence's (a title's
``mw. Aydin?`` goes on)."""
_QUESTIONS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "geboortedatum",
        re.compile(
            r"(?i:geboortedatum|geboren|geb\.?[ ]?datum|date of birth|birth date)"
            rf"{_WITHIN}{{0,30}}\?"
        ),
    ),
    ("bsn", re.compile(rf"(?i:\bbsn|\bbs-?nummer|burgerservicenummer){_WITHIN}{{0,40}}\?")),
)
"""What a message asks for (the question's mark within reach of its word, in its
sentence: ``uw geboortedatum en BSN sturen?``), and the label a reply gets for it."""
_QUESTION_REACH = 400
"""How much of a message's end is searched for a question."""
_VALUE = rf"(?:\d[\d .\-/]{{4,14}}\d|\d{{1,2}}\.?[ ]?(?i:{MONTH_WORDS})\.?[ ]?\d{{4}})"
_BARE_REPLY = re.compile(rf"[ \t\r\n]*{_VALUE}(?:[ \t]*(?:[,;&\r\n]|en|and)[ \t\r\n]*{_VALUE})?\s*")
"""A message that holds nothing but one value, or two (``7-6-1979\\n4853 65 182``,
``12-9-1987 en 656572693``, ``2 juni 1975``)."""


def asked_label(message: str) -> str:
    """The label for what ``message`` asks for (``geboortedatum en bsn: ``), or ``""``."""
    if "?" not in message:
        return ""
    tail = message[-_QUESTION_REACH:]
    asked = [label for label, question in _QUESTIONS if question.search(tail)]
    return f"{' en '.join(asked)}: " if asked else ""


def reply_labels(cells: Sequence[str | None], starts: Sequence[int]) -> dict[str, list[int]]:
    """The rows of ``cells`` that are bare replies to the cell before them, by the label
    its question gives them; ``starts`` are the rows where a table of its own begins (a
    merged table's segments): no reply reaches across."""
    out: dict[str, list[int]] = {}
    first = set(starts)
    label = ""
    for i, cell in enumerate(cells):
        if i in first:
            label = ""
        if not cell or cell.isspace():
            continue
        if label and _BARE_REPLY.fullmatch(cell):
            out.setdefault(label, []).append(i)
        label = asked_label(cell)
    return out


_BSN_LABEL = re.compile(r"(?i:\b(?:bsn|burgerservicenummer)\b)")
_BARE_NUMBER = re.compile(
    r"[ \t\"']*(?:\d{9}|\d{3}([ .\-])\d{3}\1\d{3}|\d{4}([ .\-])\d{2}\2\d{3})[ \t\"']*"
)
"""A cell that is a number of a BSN's shape and nothing else (its quotes aside: a
registry value's closing ``"``)."""


def labelled_column(cells: Sequence[str | None]) -> list[int]:
    """The rows of a column with no header whose cells are bare numbers of a BSN's shape,
    where another cell of the column labels its number as a BSN; else none."""
    if not any(c and _BSN_LABEL.search(c) for c in cells):
        return []
    return [i for i, c in enumerate(cells) if c and _BARE_NUMBER.fullmatch(c)]
