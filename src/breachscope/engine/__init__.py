"""The scan engine: ``scan_batch`` (pure, per batch of files) and the local runner."""

from breachscope.engine.batch import ScanItem, scan_batch
from breachscope.engine.manifest import MANIFEST_SCHEMA

__all__ = ["MANIFEST_SCHEMA", "ScanItem", "scan_batch"]
