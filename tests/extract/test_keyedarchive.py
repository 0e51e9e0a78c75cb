"""NSKeyedArchiver archives (binary and XML property lists): each object of the app's own
class a record in its class's table, references followed, Foundation's classes decoded,
cycles and hostile graphs bounded. The archives are written by the format (Foundation's
keys, as swift-corelibs-foundation and the Python keyed-archive readers read them)."""

from __future__ import annotations

import datetime as dt
import plistlib
import uuid
from typing import Any

import pytest

from breachscope.config import Config
from breachscope.extract import keyedarchive
from breachscope.extract.base import Extracted, ExtractError, Note
from breachscope.extract.binaryplist import BinaryPlistExtractor
from breachscope.extract.units import TableUnit
from breachscope.ingest.filetype import FileType, sniff_bytes

from .rows import table_records
from .samples import BSN, Sample

pytestmark = pytest.mark.timeout(60)
PATH = "ipad/Library/Application Support/recent.archive"
ID = uuid.UUID("12345678-1234-5678-1234-567812345678")


class Writer:
    """Objects appended to ``$objects`` as NSKeyedArchiver lays them out: ``$null``
    first, each class's description once, references as UIDs (``xml``: as ``CF$UID``)."""

    def __init__(self, xml: bool = False) -> None:
        self.objects: list[Any] = ["$null"]
        self.classes: dict[str, Any] = {}
        self.xml = xml

    def uid(self, index: int) -> Any:
        return {"CF$UID": index} if self.xml else plistlib.UID(index)

    def add(self, value: Any) -> Any:
        self.objects.append(value)
        return self.uid(len(self.objects) - 1)

    def cls(self, name: str, *supers: str) -> Any:
        if name not in self.classes:
            chain = [name, *supers, "NSObject"]
            self.classes[name] = self.add({"$classname": name, "$classes": chain})
        return self.classes[name]

    def obj(self, name: str, supers: tuple[str, ...] = (), **fields: Any) -> Any:
        value = {"$class": self.cls(name, *supers), **fields}
        return self.add(value)

    def reserve(self) -> int:
        """A place for an object that others refer to before it is written."""
        self.objects.append("$null")
        return len(self.objects) - 1

    def put(self, index: int, name: str, **fields: Any) -> Any:
        self.objects[index] = {"$class": self.cls(name), **fields}
        return self.uid(index)

    def array(self, items: list[Any], name: str = "NSArray") -> Any:
        return self.obj(name, **{"NS.objects": items})

    def dictionary(self, items: dict[str, Any]) -> Any:
        keys = [self.add(k) for k in items]
        return self.obj("NSDictionary", **{"NS.keys": keys, "NS.objects": list(items.values())})

    def dumps(self, root: Any) -> bytes:
        archive = {
            "$archiver": "NSKeyedArchiver",
            "$version": 100000,
            "$top": {"root": root},
            "$objects": self.objects,
        }
        fmt = plistlib.FMT_XML if self.xml else plistlib.FMT_BINARY
        return plistlib.dumps(archive, fmt=fmt, sort_keys=False)


def clinic_archive(xml: bool = False) -> bytes:
    """A colposcopy app's recent patients: two of class ``PTSPatient`` (a name, a BSN as
    an NSMutableString, a birth date as an NSDate, an address object of the app's own that
    refers back to her, allergies as an NSArray, a photo as NSData, an NSUUID) in an
    NSMutableArray, the device's name beside them in an NSDictionary."""
    w = Writer(xml)
    patients = []
    for naam, bsn, born in (
        ("Jansen-de Vries, M.", BSN[0], 0.0),
        ("Yılmaz, A.", BSN[1], -599_616_000.0),  # 1982-01-01
    ):
        place = w.reserve()
        me = w.uid(place)
        name = w.add(naam)
        number = w.obj("NSMutableString", **{"NS.string": bsn})
        date = w.obj("NSDate", **{"NS.time": born})
        street = w.add("Dorpsstraat 12A")
        adres = w.obj("PTSAdres", straat=street, postcode=w.add("1234 AB"), bewoner=me)
        allergies = w.array([w.add("penicilline"), w.add("latex")])
        photo = w.obj("NSData", **{"NS.data": b"\x89PNG\xff\x00"})
        ident = w.obj("NSUUID", **{"NS.uuidbytes": ID.bytes})
        patient = w.put(
            place,
            "PTSPatient",
            naam=name,
            bsn=number,
            geboortedatum=date,
            adres=adres,
            allergieen=allergies,
            foto=photo,
            id=ident,
            leeftijd=42,
            actief=True,
        )
        patients.append(patient)
    recent = w.array(patients, "NSMutableArray")
    root = w.dictionary({"recent": recent, "apparaat": w.add("iPad poli GYN kamer 3")})
    return w.dumps(root)


def _read(data: bytes) -> list[Extracted]:
    sample = Sample(data, "plist", PATH)
    return list(BinaryPlistExtractor().extract(sample.source(), Config()))


def _records(items: list[Extracted], part: str | None) -> list[dict[str, str | None]]:
    return [{k: v for k, v in r.items() if v is not None} for r in table_records(items, part)]


@pytest.mark.parametrize("xml", [False, True], ids=["binary", "xml"])
def test_each_object_of_the_apps_class_is_a_record_in_its_class_table(xml: bool) -> None:
    data = clinic_archive(xml)
    assert sniff_bytes(data, "recent.archive") == FileType.PLIST
    items = _read(data)
    patients = _records(items, "PTSPatient")
    assert patients[0] == {
        "naam": "Jansen-de Vries, M.",
        "bsn": BSN[0],
        "geboortedatum": "2001-01-01T00:00:00.000Z",
        "adres.straat": "Dorpsstraat 12A",
        "adres.postcode": "1234 AB",
        "allergieen.0": "penicilline",
        "allergieen.1": "latex",
        "id": str(ID),
        "leeftijd": "42",
        "actief": "true",
    }
    assert patients[1]["geboortedatum"] == "1982-01-01T00:00:00.000Z"
    assert patients[1]["naam"] == "Yılmaz, A."
    rows = [
        r for u in items if isinstance(u, TableUnit) and u.location.part == "PTSPatient"
        for r in u.data.column("__row__").to_pylist()
    ]  # fmt: skip
    assert rows == [1, 2]
    # the address is a record of its own too; her reference back is no cycle followed
    assert _records(items, "PTSAdres") == [
        {"straat": "Dorpsstraat 12A", "postcode": "1234 AB", "bewoner.naam": "Jansen-de Vries, M.",
         "bewoner.bsn": BSN[0], "bewoner.geboortedatum": "2001-01-01T00:00:00.000Z",
         "bewoner.allergieen.0": "penicilline", "bewoner.allergieen.1": "latex",
         "bewoner.id": str(ID), "bewoner.leeftijd": "42", "bewoner.actief": "true"},
        {"straat": "Dorpsstraat 12A", "postcode": "1234 AB", "bewoner.naam": "Yılmaz, A.",
         "bewoner.bsn": BSN[1], "bewoner.geboortedatum": "1982-01-01T00:00:00.000Z",
         "bewoner.allergieen.0": "penicilline", "bewoner.allergieen.1": "latex",
         "bewoner.id": str(ID), "bewoner.leeftijd": "42", "bewoner.actief": "true"},
    ]  # fmt: skip
    # the root's own values (the patients are in their table, not again here)
    assert _records(items, None) == [{"root.apparaat": "iPad poli GYN kamer 3"}]
    assert not [n for n in items if isinstance(n, Note)]


def test_an_archive_of_foundation_values_only_is_one_record() -> None:
    w = Writer()
    root = w.dictionary({"laatsteBsn": w.add(BSN[2]), "lijst": w.array([w.add("a")])})
    items = _read(w.dumps(root))
    assert _records(items, None) == [{"root.laatsteBsn": BSN[2], "root.lijst.0": "a"}]


def test_a_plain_plist_is_read_as_before() -> None:
    data = plistlib.dumps({"$objects": [1, 2], "naam": "x"}, fmt=plistlib.FMT_BINARY)
    assert _records(_read(data), None) == [{"$objects.0": "1", "$objects.1": "2", "naam": "x"}]


def test_an_xml_plist_that_is_no_archive_stays_xml() -> None:
    data = plistlib.dumps({"naam": "Jansen", "$archiver": "iets anders"}, fmt=plistlib.FMT_XML)
    assert sniff_bytes(data, "x.plist") == FileType.XML


def test_hostile_references_are_left_out_not_followed() -> None:
    w = Writer()
    place = w.reserve()
    w.put(place, "PTSNode", zelf=w.uid(place), naam=w.add("knoop"))  # holds itself
    w.obj("PTSNode", ver=plistlib.UID(10_000), leeg=plistlib.UID(0))  # past the end, $null
    w.add({"$class": plistlib.UID(99_999), "x": w.add("klasse weg")})  # no class: plain
    w.add({"$class": w.add("geen klasse"), "y": 1})  # a class that is no description
    items = _read(w.dumps(w.uid(place)))
    assert _records(items, "PTSNode") == [{"naam": "knoop"}, {}]  # (its $null: empty)
    assert not [n for n in items if isinstance(n, Note)]


def test_a_long_chain_is_followed_to_the_depth_bound() -> None:
    w = Writer()
    previous = w.add("einde")
    for i in range(40):
        previous = w.obj("PTSSchakel", volgende=previous, n=i)
    items = _read(w.dumps(previous))
    deepest = max(len(k.split(".")) for r in _records(items, "PTSSchakel") for k in r)
    assert deepest <= keyedarchive.MAX_DEPTH + 1


def test_a_shared_list_past_the_value_bound_is_noted(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(keyedarchive, "MAX_VALUES", 5000)
    w = Writer()
    shared = w.array([w.add(str(i)) for i in range(100)])
    for _ in range(200):
        w.obj("PTSRij", lijst=shared)
    items = _read(w.dumps(shared))
    notes = [n for n in items if isinstance(n, Note)]
    assert len(notes) == 1 and "5000 values" in notes[0].reason
    assert 0 < len(_records(items, "PTSRij")) < 200


def test_dates_out_of_range_and_odd_strings_do_not_break_the_reading() -> None:
    w = Writer()
    big = w.obj("NSDate", **{"NS.time": 1e300})
    text = w.obj("NSMutableString", **{"NS.bytes": "Müller".encode()})
    url = w.obj("NSURL", **{"NS.base": plistlib.UID(0), "NS.relative": w.add("file:///a.pdf")})
    rich = w.obj("NSAttributedString", NSString=w.add("Notitie"))
    w.obj("PTSDing", datum=big, naam=text, link=url, tekst=rich, leeg=w.obj("NSNull"))
    items = _read(w.dumps(plistlib.UID(0)))
    assert _records(items, "PTSDing") == [
        {"datum": "1e+300", "naam": "Müller", "link": "file:///a.pdf", "tekst": "Notitie"}
    ]


def test_a_truncated_archive_fails_with_a_reason() -> None:
    with pytest.raises(ExtractError, match="unreadable binary property list"):
        _read(clinic_archive()[:200])
    with pytest.raises(ExtractError, match="unreadable property list"):
        _read(clinic_archive(xml=True)[:300])


def test_a_date_is_read_as_its_utc_instant() -> None:
    assert keyedarchive.EPOCH + dt.timedelta(seconds=737280000.0) == dt.datetime(
        2024, 5, 13, 8, 0, tzinfo=dt.UTC
    )
