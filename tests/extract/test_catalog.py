"""The extractor catalog (``extract/catalog.py``) names every built-in extractor as full
discovery finds it, and a registry built from it imports an extractor's module only when
a file of its type comes, reading each type with the extractor full discovery would."""

from __future__ import annotations

import gc
import subprocess
import sys
import textwrap
from types import SimpleNamespace
from typing import Any, ClassVar

import pytest

from breachscope.engine import registry as registry_module
from breachscope.engine.registry import Registry
from breachscope.extract import catalog
from breachscope.extract.base import Extractor
from breachscope.plugins import concrete_subclasses


def test_catalog_is_what_full_discovery_finds() -> None:
    found = catalog.discovered()
    assert found == catalog.ENTRIES, "extract/catalog.py is out of date; its table now:\n" + (
        catalog.render(found)
    )


def test_registry_reads_each_type_with_the_extractor_full_discovery_picks() -> None:
    catalog.discovered()  # every module imported
    found = concrete_subclasses(Extractor)  # type: ignore[type-abstract]
    classes = [c for c in found if c.__module__.startswith("breachscope.extract.")]
    eager = Registry([c() for c in classes], None)
    lazy = Registry([], None, catalog=catalog.ENTRIES)
    types = {str(t) for c in classes for t in c.types}
    assert {t: type(lazy.extractor_for(t)) for t in types} == {
        t: type(eager.extractor_for(t)) for t in types
    }
    assert lazy.structured_types() == eager.structured_types()
    assert [e.id for e in lazy.extractors] == [e.id for e in eager.extractors]
    assert lazy.extractor_for("no-such-type") is None


def test_discovery_imports_no_extractor_until_its_type_comes() -> None:
    code = textwrap.dedent(
        """
        import sys
        from breachscope.engine.registry import Registry
        reg = Registry.discover()
        mods = {"breachscope.extract." + e.module for e in __import__(
            "breachscope.extract.catalog", fromlist=["ENTRIES"]).ENTRIES}
        before = sorted(m for m in mods if m in sys.modules)
        ex = reg.extractor_for("vcard")
        after = sorted(m for m in mods if m in sys.modules and m not in before)
        print(len(before), len(mods), type(ex).__name__, after)
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split(maxsplit=3)
    imported, total, name, after = int(out[0]), int(out[1]), out[2], out[3]
    assert imported < total // 4, out  # (a few that detection itself imports)
    assert name == "VcardExtractor" and "breachscope.extract.vcard" in after


def _third_party() -> type[Extractor]:
    class ThirdParty(Extractor):
        id: ClassVar[str] = "aaa-third-party"
        types: ClassVar[frozenset[str]] = frozenset({"vcard", "third-party-type"})

        def extract(self, source: Any, config: Any) -> Any:
            return iter(())

    return ThirdParty


def test_third_party_extractors_still_come_through_entry_points(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    loaded: list[type[Extractor]] = []

    def load() -> type[Extractor]:
        loaded.append(_third_party())
        return loaded[-1]

    monkeypatch.setattr(registry_module, "entry_points", lambda group: [SimpleNamespace(load=load)])
    reg: Registry | None = None
    try:
        reg = Registry.discover()
        assert len(loaded) == 1
        assert isinstance(reg.extractor_for("third-party-type"), loaded[0])
        assert isinstance(reg.extractor_for("vcard"), loaded[0])  # first by id wins
        assert reg.extractor_for("csv") is not None
    finally:  # no other test's discovery may find the class
        reg = None
        loaded.clear()
        gc.collect()
    assert not any(c.id == "aaa-third-party" for c in concrete_subclasses(Extractor))  # type: ignore[type-abstract]
