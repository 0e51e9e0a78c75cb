"""Word lists shipped with breachscope (written for it; nothing is downloaded)."""

from __future__ import annotations

from functools import cache
from importlib.resources import files


@cache
def word_list(name: str) -> frozenset[str]:
    """The words of ``data/NAME`` (whitespace-separated, ``#`` comments)."""
    text = files(__package__).joinpath(name).read_text(encoding="utf-8")
    words: set[str] = set()
    for line in text.splitlines():
        words.update(line.split("#", 1)[0].split())
    return frozenset(words)
