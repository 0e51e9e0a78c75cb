"""Content lines, as vCard (RFC 6350) and iCalendar (RFC 5545) write them: ``NAME;PARAM=x:
value``, folded over several physical lines, with ``\\,``, ``\\;`` and ``\\n`` escaped."""

from __future__ import annotations

import re

CONTENT_LINE = re.compile(
    r"(?P<group>[\w-]+\.)?(?P<name>[A-Za-z][\w-]*)(?P<params>;[^:]*)?:(?P<value>.*)"
)
"""``[group.]NAME[;params]:value``."""
_ESCAPE = re.compile(r"\\([\\,;nN])")


def unescape(value: str) -> str:
    """A value's text: ``\\n`` a line break, ``\\,`` ``\\;`` ``\\\\`` the character."""
    return _ESCAPE.sub(lambda m: "\n" if m[1] in "nN" else m[1], value)


def split_escaped(value: str, sep: str) -> list[str]:
    """``value`` cut at ``sep`` where it is not escaped, each part unescaped."""
    parts, current, i = [], [], 0
    while i < len(value):
        c = value[i]
        if c == "\\" and i + 1 < len(value):
            current.append(value[i : i + 2])
            i += 2
            continue
        if c == sep:
            parts.append(unescape("".join(current)))
            current = []
        else:
            current.append(c)
        i += 1
    parts.append(unescape("".join(current)))
    return parts


def logical_lines(text: str) -> list[tuple[int, str]]:
    """``(first physical line, logical line)``: folded lines (a leading space or tab)
    joined, and vCard 2.1's quoted-printable soft line breaks (``=`` at the end)."""
    logical: list[tuple[int, str]] = []
    for number, line in enumerate(text.splitlines(), 1):
        if logical:
            n, previous = logical[-1]
            if line[:1] in (" ", "\t"):
                logical[-1] = (n, previous + line[1:])
                continue
            if previous.endswith("=") and "QUOTED-PRINTABLE" in previous.split(":", 1)[0].upper():
                logical[-1] = (n, previous[:-1] + line)
                continue
        logical.append((number, line))
    return logical
