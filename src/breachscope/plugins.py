"""Automatic discovery of stage modules (extractors, detectors, CLI commands).

A module dropped into a stage package is found by walking that package (extractors:
through the table of :mod:`breachscope.extract.catalog`, which a test keeps equal to
the walk); third-party packs are found through installed entry points only. Nothing
named in a configuration file or found inside a dump is ever imported.
"""

from __future__ import annotations

import importlib
import pkgutil
from importlib.metadata import entry_points
from types import ModuleType
from typing import TypeVar

T = TypeVar("T")


def import_submodules(package: ModuleType) -> list[ModuleType]:
    """Import every module of ``package`` (not recursive), in name order."""
    modules = []
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
        if info.name.startswith("_"):
            continue
        modules.append(importlib.import_module(f"{package.__name__}.{info.name}"))
    return modules


def concrete_subclasses(base: type[T]) -> list[type[T]]:
    """All non-abstract subclasses of ``base`` currently imported, sorted by qualified name."""
    found: dict[str, type[T]] = {}
    stack = list(base.__subclasses__())
    while stack:
        cls = stack.pop()
        stack.extend(cls.__subclasses__())
        if not getattr(cls, "__abstractmethods__", None):
            found[f"{cls.__module__}.{cls.__qualname__}"] = cls
    return [found[k] for k in sorted(found)]


def discover(package: ModuleType, base: type[T], group: str | None = None) -> list[type[T]]:
    """Import ``package``'s modules and ``group``'s entry points; return the subclasses."""
    import_submodules(package)
    if group:
        for ep in entry_points(group=group):
            ep.load()
    return concrete_subclasses(base)
