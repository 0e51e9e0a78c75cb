"""The mentions table: one row per appearance of a person, the unit that resolve links.

Versioned Arrow schema (``breachscope.format = mentions``); documented in
``docs/mentions.md``. Values are normalised: dates ``YYYY-MM-DD``, BSN 9 digits, postcode
``1234AB`` (other countries' postcodes as written), phone E.164, e-mail lower case.
"""

from __future__ import annotations

import pyarrow as pa

MENTIONS_FORMAT_VERSION = 1

EVIDENCE_TYPE = pa.struct(
    [
        pa.field("data_class", pa.string()),
        pa.field("kind", pa.string()),
        pa.field("detector", pa.string()),
        pa.field("location", pa.string()),
    ]
)
"""Where one value of a mention was found (never the value itself)."""

VALUE_TYPE = pa.struct([pa.field("kind", pa.string()), pa.field("value", pa.string())])
"""A value seen in the mention, for 'all values seen' (second phone, old postcode...)."""

MENTION_VALUE_COLUMNS: tuple[str, ...] = (
    "given_names",
    "initials",
    "surname",
    "birth_surname",
    "partner_surname",
    "date_of_birth",
    "bsn",
    "street",
    "house_number",
    "postcode",
    "city",
    "phone",
    "email",
    "iban",
    "provider_agb",
    "provider_name",
)
"""The single-valued columns of a mention, in schema order."""

MENTIONS_SCHEMA = pa.schema(
    [
        pa.field("mention_id", pa.string(), nullable=False),
        pa.field("record", pa.string(), nullable=False),
        pa.field("path", pa.string(), nullable=False),
        pa.field("source", pa.string(), nullable=False),
        pa.field("anchor", pa.string()),
        *[pa.field(c, pa.string()) for c in MENTION_VALUE_COLUMNS],
        pa.field("bsn_valid", pa.bool_(), nullable=False),
        pa.field("data_classes", pa.list_(pa.string()), nullable=False),
        pa.field("other_values", pa.list_(VALUE_TYPE), nullable=False),
        pa.field("evidence", pa.list_(EVIDENCE_TYPE), nullable=False),
        pa.field("person_id", pa.string()),
    ],
    metadata={
        "breachscope.format": "mentions",
        "breachscope.version": str(MENTIONS_FORMAT_VERSION),
    },
)

UNATTRIBUTED_SCHEMA = pa.schema(
    [
        pa.field("path", pa.string(), nullable=False),
        pa.field("record", pa.string(), nullable=False),
        pa.field("data_class", pa.string(), nullable=False),
        pa.field("kind", pa.string(), nullable=False),
        pa.field("detector", pa.string(), nullable=False),
        pa.field("location", pa.string(), nullable=False),
        pa.field("reason", pa.string(), nullable=False),
    ],
    metadata={
        "breachscope.format": "unattributed",
        "breachscope.version": str(MENTIONS_FORMAT_VERSION),
    },
)
"""Findings that belong to no person mention (e.g. a result with no name nearby)."""


def empty_mentions() -> pa.Table:
    return MENTIONS_SCHEMA.empty_table()
