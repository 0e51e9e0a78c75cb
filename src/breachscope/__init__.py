"""breachscope: scope a personal-data leak.

The public library API. The command line (``breachscope``) and the web portal are thin
shells over the names re-exported here.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from breachscope.config import ArchiveLimits, Config
from breachscope.location import Location
from breachscope.vocabulary import DATA_CLASSES, DataClass

try:
    __version__ = version("breachscope")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0+unknown"

__all__ = [
    "DATA_CLASSES",
    "ArchiveLimits",
    "Config",
    "DataClass",
    "Location",
    "__version__",
]
