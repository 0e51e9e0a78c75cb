"""Word lists shipped with the generator (names, streets, cities)."""

from __future__ import annotations

from importlib.resources import files


def read_text(name: str) -> str:
    return files(__name__).joinpath(name).read_text(encoding="utf-8")


def read_list(name: str) -> tuple[str, ...]:
    """Non-empty, non-comment lines of a list, duplicates dropped, order kept."""
    seen: dict[str, None] = {}
    for line in read_text(name).splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            seen.setdefault(line, None)
    return tuple(seen)
