"""Extract: one module per file format turns a file's bytes into located units.

Extractors subclass :class:`breachscope.extract.base.Extractor` and are found with
``breachscope.plugins.discover(breachscope.extract, Extractor)``.
"""
