"""The case folder: a DuckDB database with a versioned schema, plus the case configuration."""

from breachscope.case.folder import Case, CaseError
from breachscope.case.migrations import SCHEMA_VERSION

__all__ = ["SCHEMA_VERSION", "Case", "CaseError"]
