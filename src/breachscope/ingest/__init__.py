"""Ingest: inventory of a dump, content-based file types, and safe archive reading."""
