"""breachscope benchmarks: every stage and the whole scan, side by side with the tools
people would use instead, on the same synthetic bytes, in one run.

``python -m benchmarks run [--quick] [--out DIR]`` (see :mod:`benchmarks.cli`). Every
measured thing runs in its own subprocess so wall time and peak memory are its own.
Results are ratios (ours / theirs); absolute figures are context only.
"""

from __future__ import annotations

RESULTS_VERSION = 1
"""Version of the results JSON written by the runner."""
