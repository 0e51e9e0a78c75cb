"""Comparisons and blocking rules of the linkage model (Splink settings dictionaries).

Every level starts from a prior m probability (the share of true matches expected at that
level) so that a model still scores sensibly when a training session finds too few pairs;
EM refines them. Levels are evaluated top-down, as Splink's CASE statement does.
"""

from __future__ import annotations

from typing import Any

from splink.blocking_rule_library import CustomRule

_NOT_BOTH_BSN = "NOT (l.bsn_ok AND r.bsn_ok)"


def _level(
    sql: str,
    label: str,
    mu: tuple[float, float] | None = None,
    *,
    null: bool = False,
    tf: str | None = None,
) -> dict[str, Any]:
    """One level; ``mu`` = prior (m, u) probabilities."""
    level: dict[str, Any] = {"sql_condition": sql, "label_for_charts": label}
    if null:
        level["is_null_level"] = True
    if mu is not None:
        level["m_probability"], level["u_probability"] = mu
    if tf:
        level["tf_adjustment_column"] = tf
        level["tf_adjustment_weight"] = 1.0
    return level


def _comparison(
    name: str, levels: list[dict[str, Any]], m_else: tuple[float, float]
) -> dict[str, Any]:
    return {
        "output_column_name": name,
        "comparison_levels": [*levels, _level("ELSE", "else", m_else)],
    }


def comparisons() -> list[dict[str, Any]]:
    """The comparisons of the model (Splink settings dictionaries)."""
    part_typo = "list_has_any(sn_pfx_l, sn_pfx_r) OR list_has_any(sn_sfx_l, sn_sfx_r)"
    dob_close = (
        "((dob_y_l = dob_y_r)::INT + (dob_m_l = dob_m_r)::INT + (dob_d_l = dob_d_r)::INT = 2"
        " OR (dob_y_l = dob_y_r AND dob_m_l = dob_d_r AND dob_d_l = dob_m_r))"
    )
    no_full = "(fn1_l IS NULL OR fn1_r IS NULL)"
    return [
        _comparison("surname", [
            _level("sn_parts_l IS NULL OR sn_parts_r IS NULL", "null", null=True),
            _level("sn_key_l = sn_key_r", "exact", (0.70, 0.003), tf="sn_key"),
            _level("list_has_any(sn_parts_l, sn_parts_r)", "shared surname part", (0.15, 0.002)),
            _level(f"{part_typo} OR jaro_winkler_similarity(sn_key_l, sn_key_r) >= 0.9", "typo",
                   (0.06, 0.003)),
            _level("sn_key_l = fn1_r OR sn_key_r = fn1_l", "swapped with first name",
                   (0.01, 0.0002)),
        ], (0.08, 0.99)),
        _comparison("given_names", [
            _level("inits_l IS NULL OR inits_r IS NULL", "null", null=True),
            _level("fn1_l = fn1_r", "same first name", (0.30, 0.01), tf="fn1"),
            _level("jaro_winkler_similarity(fn1_l, fn1_r) >= 0.9", "first name typo",
                   (0.02, 0.001)),
            _level("fn1_l = sn_key_r OR fn1_r = sn_key_l", "swapped with surname", (0.01, 0.0002)),
            _level(f"{no_full} AND inits_l = inits_r", "same initials", (0.45, 0.02)),
            _level(f"{no_full} AND (starts_with(inits_l, inits_r) OR starts_with(inits_r, "
                   "inits_l))", "initials prefix", (0.15, 0.03)),
            _level(f"{no_full} AND init1_l = init1_r", "same first initial", (0.02, 0.01)),
        ], (0.05, 0.93)),
        _comparison("date_of_birth", [
            _level("dob_l IS NULL OR dob_r IS NULL", "null", null=True),
            _level("dob_l = dob_r", "exact", (0.95, 0.0003)),
            _level(dob_close, "one field or day-month swap", (0.03, 0.005)),
        ], (0.02, 0.99)),
        _comparison("address", [
            _level("(pc_l IS NULL AND street_l IS NULL) OR (pc_r IS NULL AND street_r IS NULL)",
                   "null", null=True),
            _level("pc_l = pc_r AND hn_l = hn_r", "postcode and number", (0.65, 0.0002)),
            _level("street_l = street_r AND hn_l = hn_r", "street and number", (0.03, 0.0003)),
            _level("pc_l = pc_r OR (street_l = street_r AND city_l = city_r)", "same street",
                   (0.07, 0.0005)),
            _level("city_l = city_r", "same city", (0.05, 0.03)),
        ], (0.20, 0.97)),
        _comparison("phone", [
            _level("phone_l IS NULL OR phone_r IS NULL", "null", null=True),
            _level("phone_l = phone_r", "exact", (0.9, 0.0005)),
        ], (0.1, 0.9995)),
        _comparison("email", [
            _level("email_l IS NULL OR email_r IS NULL", "null", null=True),
            _level("email_l = email_r", "exact", (0.9, 0.0005)),
        ], (0.1, 0.9995)),
        _comparison("identifier", [
            _level("bsn_l IS NULL OR bsn_r IS NULL OR (bsn_ok_l AND bsn_ok_r)", "null",
                   null=True),
            _level("bsn_l = bsn_r", "exact", (0.9, 0.0001)),
            _level("CASE WHEN length(bsn_l) = length(bsn_r) THEN hamming(bsn_l, bsn_r) <= 2 "
                   "ELSE false END", "one or two digits off", (0.05, 0.001)),
        ], (0.05, 0.9989)),
    ]  # fmt: skip


def prediction_rules() -> list[Any]:
    """Blocking rules: which pairs are scored at all (never two valid BSNs).

    Street and house number without postcode or city is no rule: "Kerkstraat 1" is in
    hundreds of towns (in a 1M-mention benchmark it made 4.4M pairs and one link)."""
    rules: list[Any] = [
        "l.dob = r.dob AND l.init1 = r.init1",
        "l.pc = r.pc AND l.hn = r.hn",
        "l.pc = r.pc AND l.init1 = r.init1",
        "l.phone = r.phone",
        "l.email = r.email",
        "l.bsn = r.bsn",
        "l.sn_key = r.sn_key AND l.fn1 = r.fn1",
        "l.sn_key = r.sn_key AND l.dob = r.dob",
        "l.fn1 = r.sn_key AND l.sn_key = r.fn1",
        "l.dob = r.dob AND l.fn1 = r.sn_key",
    ]
    out: list[Any] = [f"{r} AND {_NOT_BOTH_BSN}" for r in rules]
    for extra in ("l.dob = r.dob", "l.inits = r.inits AND l.city = r.city", "l.pc = r.pc"):
        out.append(
            CustomRule(
                f"l.sn_parts = r.sn_parts AND {extra} AND {_NOT_BOTH_BSN}",
                arrays_to_explode=["sn_parts"],
            )
        )
    return out
