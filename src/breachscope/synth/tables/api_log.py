"""JSON-lines API logs: request records of the results API, patients nested inside.

Most lines are noise (health checks, logins, metrics, errors) holding no person; a patient
line carries ``response.patient`` (``name.family`` / ``name.prefix`` / ``name.given`` or a
single ``name.text``, ``birthDate``, ``identifier`` with the BSN, ``address``, ``telecom``)
and, when the record has a sample, ``response.result`` with the requester's AGB code.
Mentions are ``row=N``: the 1-based line.
"""

from __future__ import annotations

import json
import random
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from breachscope.synth.formats.mentions import exposed
from breachscope.synth.model import Rendered
from breachscope.synth.writer import TruthMention, WrittenFile

_NOISE_PATHS = (
    ("GET", "/health", 200),
    ("GET", "/metrics", 200),
    ("POST", "/api/v2/auth/token", 200),
    ("POST", "/api/v2/auth/token", 401),
    ("GET", "/api/v2/queue/status", 200),
    ("GET", "/api/v2/instruments/cobas-8800/status", 200),
    ("PUT", "/api/v2/labels/print", 204),
    ("GET", "/api/v2/patients/search", 404),
    ("GET", "/api/v2/results/pending", 503),
)
_SERVICES = ("results-api", "screenit-bridge", "label-service")


def _hex(rng: random.Random, n: int) -> str:
    return f"{rng.getrandbits(4 * n):0{n}x}"


def _patient(r: Rendered, single_name: bool) -> tuple[dict[str, Any], set[str]]:
    fields: set[str] = set()
    patient: dict[str, Any] = {"resourceType": "Patient"}
    if single_name:
        patient["name"] = {"text": r.name}
        fields.add("name")
    else:
        patient["name"] = {"family": r.surname, "prefix": r.prefix, "given": r.given}
        fields |= {"surname", "prefix", "given"}
    if r.bsn:
        patient["identifier"] = [{"system": "http://fhir.nl/fhir/NamingSystem/bsn", "value": r.bsn}]
        fields.add("bsn")
    patient["birthDate"] = r.date_of_birth
    patient["address"] = {
        "line": [f"{r.street} {r.house}"],
        "postalCode": r.postcode,
        "city": r.city,
    }
    fields |= {"date_of_birth", "street", "house", "postcode", "city"}
    telecom = []
    if r.phone:
        telecom.append({"system": "phone", "value": r.phone})
        fields.add("phone")
    if r.email:
        telecom.append({"system": "email", "value": r.email})
        fields.add("email")
    if telecom:
        patient["telecom"] = telecom
    return patient, fields


def write(records: Sequence[Rendered], rng: random.Random) -> WrittenFile:
    """One line per request; 3-8 noise lines around each patient line."""
    moment = datetime(2025, 7, 1) + timedelta(seconds=rng.randint(0, 86400 * 4))
    single_name = rng.random() < 0.4
    lines: list[str] = []
    mentions: list[TruthMention] = []

    def entry(method: str, path: str, status: int, extra: dict[str, Any]) -> str:
        nonlocal moment
        moment += timedelta(milliseconds=rng.randint(5, 90_000))
        rec = {
            "ts": moment.isoformat(timespec="milliseconds") + "Z",
            "level": "INFO" if status < 400 else ("WARN" if status < 500 else "ERROR"),
            "service": rng.choice(_SERVICES),
            "request_id": _hex(rng, 32),
            "method": method,
            "path": path,
            "status": status,
            "latency_ms": rng.randint(2, 1800),
            **extra,
        }
        return json.dumps(rec, ensure_ascii=False, separators=(",", ":"))

    for record in records:
        for _ in range(rng.randint(3, 8)):
            method, path, status = rng.choice(_NOISE_PATHS)
            lines.append(entry(method, path, status, {}))
        patient, fields = _patient(record, single_name)
        response: dict[str, Any] = {"patient": patient}
        s = record.sample
        if s is not None:
            response["result"] = {
                "labNumber": s.lab_number,
                "barcode": s.barcode,
                "collected": record.sample_date,
                "test": s.test_type,
                "hpv": s.hpv,
                "genotype": s.genotype,
                "pap": s.pap,
                "kopacB": s.kopac,
                "summary": s.result_text,
                "requester": {"agb": record.gp_agb},
            }
            fields.add("gp_agb")
        path = f"/api/v2/screening/results/{s.barcode if s else _hex(rng, 12)}"
        lines.append(entry("GET", path, 200, {"user": "svc_screenit", "response": response}))
        classes = exposed(record, fields, health=s is not None)
        mentions.append(TruthMention(record.person_id, classes, row=len(lines)))
    for _ in range(rng.randint(2, 6)):
        method, path, status = rng.choice(_NOISE_PATHS)
        lines.append(entry(method, path, status, {}))
    return WrittenFile(("\n".join(lines) + "\n").encode("utf-8"), tuple(mentions))
