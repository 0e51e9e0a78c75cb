"""A scan worker runs without pandas.

Nothing a worker runs (extraction, detection, the per-file stores) uses pandas, but
pyarrow imports it on a process's first ``pa.array`` of a numpy array, to tell pandas
objects apart: 0.15 s and about 37 MB of every worker (spawned, so each pays it). A
worker refuses the import; pyarrow reads that as pandas being absent and converts numpy
arrays as before.
"""

from __future__ import annotations

import importlib.abc
from collections.abc import Sequence
from importlib.machinery import ModuleSpec
from types import ModuleType

REFUSED = "pandas"


class NoPandas(importlib.abc.MetaPathFinder):
    """An import hook (first on ``sys.meta_path``) that refuses ``pandas`` and its
    submodules, as if it were not installed."""

    def find_spec(
        self,
        fullname: str,
        path: Sequence[str] | None,
        target: ModuleType | None = None,
    ) -> ModuleSpec | None:
        if fullname == REFUSED or fullname.startswith(REFUSED + "."):
            raise ModuleNotFoundError(
                f"No module named {fullname!r} (a scan worker runs without it)", name=fullname
            )
        return None
