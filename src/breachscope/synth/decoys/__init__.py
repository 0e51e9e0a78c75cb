"""Decoy files: realistic files of the dump that hold no private person.

Each writer returns the file's bytes. They carry bait for detectors (company KvK numbers
and IBANs, 9-digit numbers passing the elfproef, GP names and AGB codes, dates) but no
person of the truth: the truth gives them no mentions.
"""
