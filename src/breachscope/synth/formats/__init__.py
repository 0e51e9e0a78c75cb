"""Document and message formats of the synthetic leak.

Each writer turns :class:`~breachscope.synth.model.Rendered` records into the bytes of
one file and reports, per record, where it is and which data classes it exposes
(:class:`~breachscope.synth.writer.TruthMention`, computed from what was written; empty
strings are absent values). Same records + same rng state -> identical bytes.

==================  ============================================================  ==========
module              API                                                           location
==================  ============================================================  ==========
``pdf_report``      ``write(records, rng)``; ``write_manual(rng)``,               ``page-N``
                    ``write_invoice(rng)`` (decoys, bytes)
``hl7``             ``write(records, rng)`` (ORU^R01 v2.5, one message a record)  ``row=N``
``edifact``         ``write(records, rng)`` (MEDLAB-style interchange)            ``row=N``
``eml``             ``write(records, rng, attachments=(), *, sender=None)``       ``body``...
``docx_letter``     ``write(records, rng, *, audience=None)``                     ``body``
``textlog``         ``write(records, rng)`` (LIMS log, free text)                 (file)
``archive``         ``pack_zip(members)``, ``pack_targz(members)``,               ``member``
                    ``pack_nested(members, inner, extra)``, ``normalise_zip``
==================  ============================================================  ==========

Every writer also takes ``lab: Lab = DEFAULT_LAB`` (:mod:`.lab`). Shared helpers:
:mod:`.mentions` (fields -> data classes, member re-emission), :mod:`.clinical` (Dutch
result wording and advice), :mod:`.dates` (reading rendered dates back),
:mod:`.pdf_layout` (reportlab drawing).
"""
