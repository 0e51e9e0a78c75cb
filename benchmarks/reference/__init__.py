"""Adapters for the reference tools, run in the separate benchmark virtualenv.

DEDUCE (GPL/LGPL) and Presidio are never breachscope dependencies: :mod:`benchmarks.refenv`
installs them into ``.bench/venv-ref`` and these probes run with that interpreter. The
probe modules import only the standard library besides the tool itself (and
:mod:`benchmarks.reference.common`), and write only counts, never a detected value.
"""
