"""Table-format writers (CSV, XLSX, SQL dump, JSON-lines logs, payroll, bulk CSV).

Each module follows :class:`breachscope.synth.writer.Writer`: ``write(records, rng) ->
WrittenFile``, with format options as keyword arguments that the generator binds.
"""
