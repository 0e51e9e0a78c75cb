"""Tables: columns classified once, row rules (provider directories, company lists,
addresses that locate nobody)."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc
from hypothesis import given, settings
from hypothesis import strategies as st

from breachscope.config import Config
from breachscope.detect.engine import detect_units
from breachscope.detect.finding import written_out
from breachscope.detect.tables import _filled, sample_of
from breachscope.extract.units import TableUnit
from breachscope.location import Location


def _rows(
    columns: list[str], rows: list[list[str | None]], path: str = "t.csv", part: str | None = None
) -> list[dict[str, object]]:
    unit = TableUnit.build(Location(path, part), columns, rows, list(range(2, 2 + len(rows))))
    return written_out(detect_units([unit], Config(workers=1))).to_pylist()


def test_lims_codes_as_headers() -> None:
    rows = _rows(
        [
            "PAT_NM",
            "PAT_VRLTR",
            "PAT_GEBDAT",
            "PAT_BSN",
            "PAT_PC",
            "PAT_HNR",
            "PAT_TEL",
            "MON_LABNR",
            "MON_AFNDAT",
            "UITSL_HPV",
            "AANVR_AGB",
        ],
        [
            [
                "Pronk",
                "M.",
                "31-05-1983",
                "111222333",
                "7411 XE",
                "10",
                "+31619913991",
                "233021629",
                "04-08-2023",
                "negatief",
                "01696484",
            ]
        ],
    )
    by_col = {Location.parse(str(r["location"])).column: r["data_class"] for r in rows}
    assert by_col == {
        "PAT_NM": "name",
        "PAT_VRLTR": "name",
        "PAT_GEBDAT": "date_of_birth",
        "PAT_BSN": "bsn",
        "PAT_PC": "address",
        "PAT_HNR": "address",
        "PAT_TEL": "phone",
        "UITSL_HPV": "health",
        "AANVR_AGB": "provider",
    }


def test_database_export_dates() -> None:
    """An Oracle export writes dates as ``DD-MON-YY[YY]``: the birth-date column is read
    whole, the sample dates stay unreported."""
    rows = _rows(
        ["ACHTERNAAM", "GEBDAT", "AFNAMEDATUM"],
        [
            ["Pronk", "31-MEI-1983", "04-AUG-23"],
            ["de Vries", "03-MRT-78", "12-MRT-24"],
            ["Yilmaz", "01-Oct-1990", "01-OKT-2024"],
        ],
    )
    births = [r["value"] for r in rows if r["data_class"] == "date_of_birth"]
    assert births == ["1983-05-31", "1978-03-03", "1990-10-01"]
    assert {Location.parse(str(r["location"])).column for r in rows} == {"ACHTERNAAM", "GEBDAT"}


def test_birth_date_headers_as_staff_write_them() -> None:
    """Headers that name the date of birth in other words or cut short (found by the
    session-50 red-team): ``Geboortedat``, ``Datum geboorte``, ``D.O.B.``."""
    rows = _rows(
        ["Naam", "Geboortedat", "Datum geboorte", "D.O.B."],
        [
            ["Jansen, P.", "03-03-1978", "03-03-1978", "03-03-1978"],
            ["Bakker, A.", "11-07-1964", "11-07-1964", "11-07-1964"],
        ],
    )
    births = [r["value"] for r in rows if r["data_class"] == "date_of_birth"]
    assert sorted(births) == ["1964-07-11"] * 3 + ["1978-03-03"] * 3


def _found(headers: list[str], cells: list[list[str]]) -> set[tuple[str, str, str, str]]:
    """(column, data class, kind, value) of each finding of a table."""
    return {
        (str(Location.parse(str(r["location"])).column), r["data_class"], r["kind"], r["value"])
        for r in _rows(headers, cells)
    }


def test_headers_cut_short_as_staff_write_them() -> None:
    """Header words found by the session-50 red-team: ``BSNnr`` in a table of three rows
    (too few for its values alone), ``Vrl``, ``Tussenv.``, ``Postcd``; a ``Cytologie``
    column of bare Pap classes and an ``HPV type`` column of genotypes."""
    found = _found(
        ["Naam", "BSNnr", "Vrl", "Tussenv.", "Postcd", "Cytologie", "HPV type"],
        [
            ["Berg", "111222333", "C.A.", "van den", "2582 JK", "2", "16"],
            ["Amrani", "123456782", "F.", "el", "6721 AA", "3b", "overig"],
            ["Vries", "535129221", "M.", "de", "3511 AB", "1", "18"],
        ],
    )
    assert {
        ("BSNnr", "bsn", "bsn", "123456782"),
        ("Vrl", "name", "initials", "C.A."),
        ("Tussenv.", "name", "prefix", "van den"),
        ("Postcd", "address", "postcode", "6721AA"),
        ("Cytologie", "health", "pap", "3b"),
        ("HPV type", "health", "genotype", "overig"),
    } <= found
    assert len({f for f in found if f[0] == "BSNnr"}) == 3


def test_someone_elses_contact_columns_are_not_hers() -> None:
    """Her GP's phone, e-mail and address beside her own name and BSN are the GP's; a
    list of suppliers headed ``KvK`` (which normalises to two words) is a company list;
    a column of patient or lot numbers that pass the elfproef holds no BSN."""
    found = _found(
        ["Naam", "BSN", "Huisarts", "Tel huisarts", "E-mail huisarts", "Adres huisarts"],
        [
            ["Jansen, P.", "111222333", "Dr. H. Bakker", "0348-412345",
             "h.bakker@praktijkbakker.nl", "Stationsweg 2, 3445 AA Woerden"],
        ],
    )  # fmt: skip
    assert {(c, k) for c, k, _, _ in found} == {
        ("Naam", "name"),
        ("BSN", "bsn"),
        ("Huisarts", "provider"),
    }
    suppliers = _found(
        ["Leverancier", "KvK", "IBAN", "Adres", "Postcode", "Plaats"],
        [["Hologic B.V.", "34123456", "NL91ABNA0417164300", "Papendorpseweg 100", "3528 BJ",
          "Utrecht"]],
    )  # fmt: skip
    assert suppliers == set()
    debtors = _found(
        ["Naam", "IBAN debiteur", "Eigen rekening"],
        [
            ["Mw. S. de Graaf", "NL91ABNA0417164300", "NL20INGB0001234567"],
            ["Dhr. K. Öztürk", "NL85INGB9856798214", "NL20INGB0001234567"],
            ["Mw. A. Bakker", "NL40RABO1192682235", "NL20INGB0001234567"],
        ],
    )  # (the lab's own account in every row, beside its debtors')
    assert {c for c, k, _, _ in debtors if k == "iban"} == {"IBAN debiteur"}
    alone = _found(["Naam", "Eigen rekening"], [[r[0], r[2]] for r in [
        ["Mw. S. de Graaf", "", "NL20INGB0001234567"]] * 3])  # fmt: skip
    assert {c for c, k, _, _ in alone if k == "iban"} == {"Eigen rekening"}  # (no twin)
    numbers = [["466542598", "510004143", "hrHPV negatief"]] * 4 + [
        ["477373197", "512751353", "hrHPV negatief"]
    ]
    for header in (
        "Patiëntnr",
        "PatID",
        "Cliëntnr",
        "Deelnemernr",
        "Verzekerdennummer",
        "Volgnummer",
    ):
        found = _found([header, "Lotnummer", "Uitslag"], numbers)
        assert {k for _, k, _, _ in found} == {"health"}, header
    assert {k for _, k, _, _ in _found(["BSN", "Lotnr", "Uitslag"], numbers)} == {"bsn", "health"}


def test_cells_as_the_red_team_wrote_them() -> None:
    """A postcode and house number in one column, a post-office box in an address cell
    (its postcode and town, no street), an IBAN written with dots, a name cell that says
    the name is unknown, and an unreadable smear's ``onbeoordeelbaar``."""
    found = _found(
        ["Naam", "Postcode/huisnr", "Adres", "IBAN", "Uitslag"],
        [
            ["Jansen, P.", "3511AB 12", "Postbus 12, 8000 AA Zwolle", "NL91.ABNA.0417.1643.00",
             "onbeoordeelbaar"],
            ["Geen naam bekend, zie dossier", "1071 AB 3-II", "Kerkstraat 1, 1017 GA Amsterdam",
             "NL20INGB0001234567", "hrHPV negatief"],
        ],
    )  # fmt: skip
    assert {
        ("Postcode/huisnr", "address", "postcode", "3511AB"),
        ("Postcode/huisnr", "address", "house_number", "12"),
        ("Postcode/huisnr", "address", "house_number", "3-II"),
        ("Adres", "address", "postcode", "8000AA"),
        ("Adres", "address", "city", "Zwolle"),
        ("Adres", "address", "street", "Kerkstraat"),
        ("IBAN", "iban", "iban", "NL91ABNA0417164300"),
        ("Uitslag", "health", "result", "onbeoordeelbaar"),
    } <= found
    assert [v for c, k, _, v in found if k == "name"] == ["P. Jansen"]
    assert not [v for _, _, kind, v in found if kind == "street" and v == "Postbus"]


def test_a_bsn_column_whose_leading_zeros_a_spreadsheet_dropped() -> None:
    """Nine-digit values that pass the elfproef beside eight-digit ones that pass it
    left-padded: a BSN column on its values, the short ones padded; a column of mostly
    eight-digit numbers is not one."""
    bsns = ["72910574", "684542468", "499832565", "34923275", "483054100", "389052747"]
    found = _found(["Nummer"], [[b] for b in bsns])
    assert sorted(v for _, k, _, v in found if k == "bsn") == sorted(b.zfill(9) for b in bsns)
    eights = ["10015838", "10071271", "10300922", "10316760", "684542468"]  # (all pass padded)
    assert not [v for _, k, _, v in _found(["Nummer"], [[b] for b in eights]) if k == "bsn"]


def test_a_house_numbers_suffix_column_joins_its_number() -> None:
    """``Huisnr`` beside ``Toev.``: one house number per row with its suffix (``12A``,
    ``144 bis``, ``88 hs``); a row without one keeps its number alone."""
    found = _found(
        ["Naam", "Postcode", "Huisnr", "Toev."],
        [["Jansen, P.", "3511 AB", "12", "a"], ["Bakker, A.", "2582 JK", "7", ""],
         ["Vries, M.", "6721 AA", "144", "bis"], ["Kok, W.", "1071 AB", "88", "hs"],
         ["Smit, J.", "9711 LM", "3", "-II"]],
    )  # fmt: skip
    assert sorted(v for _, _, k, v in found if k == "house_number") == [
        "12A", "144 bis", "3-II", "7", "88 hs"
    ]  # fmt: skip


def test_birth_dates_as_bare_numbers() -> None:
    """A birth-date column of bare numbers is read in the one form every value shares:
    ``ddmmyy`` (a spreadsheet dropping the leading zero) or Excel's serial day numbers
    (an unformatted date cell); the sample-date column stays unreported."""
    rows = _rows(
        ["naam", "gebdat", "geboortedatum", "afname"],
        [
            ["Petra Jansen", "030378", "28187", "45352"],
            ["Marie de Vries", "121265", "23723", "45353"],
            ["Anna Bakker", "10590", "33000", "45360"],
        ],
    )
    births = [(r["location"], r["value"]) for r in rows if r["data_class"] == "date_of_birth"]
    assert [v for _, v in births] == [
        "1978-03-03",
        "1965-12-12",
        "1990-05-01",
        "1977-03-03",
        "1964-12-12",
        "1990-05-07",
    ]
    assert not any("afname" in str(loc) for loc, _ in births)


def test_clinical_details_columns_are_health_data() -> None:
    """A LIMS export's request fields: every cell of a clinical-details column that holds
    something is health data (the header is its label); empty ones (``geen``, ``-``) are
    none."""
    rows = _rows(
        ["naam", "klinische gegevens", "zwanger", "aanvrager"],
        [
            ["Petra Jansen", "IUD in situ, contactbloedingen", "nee", "Huisartsenpraktijk Noord"],
            ["Marie de Vries", "", "ja", "Huisartsenpraktijk Noord"],
            ["Anna Bakker", "geen", "-", "Huisartsenpraktijk Zuid"],
        ],
    )
    clinical = [
        (Location.parse(str(r["location"])).column, r["value"])
        for r in rows
        if r["data_class"] == "health"
    ]
    assert clinical == [
        ("klinische gegevens", "IUD in situ, contactbloedingen"),
        ("zwanger", "nee"),
        ("zwanger", "ja"),
    ]
    assert {r["kind"] for r in rows if r["data_class"] == "health"} == {"clinical"}


def test_a_diagnosis_column_is_health_data() -> None:
    """A claims export's diagnosis: every cell is health data, not only those of a result
    shape (``Depressieve stoornis`` was lost beside ``Cervixcarcinoom``); its date is
    none."""
    rows = _rows(
        ["naam", "diagnose_omschrijving", "diagnosedatum"],
        [
            ["R. Mol", "Depressieve stoornis", "12-03-2024"],
            ["S. de Haan", "Cervixcarcinoom", "02-01-2024"],
        ],
    )
    health = [
        (Location.parse(str(r["location"])).column, r["value"])
        for r in rows
        if r["data_class"] == "health"
    ]
    assert health == [
        ("diagnose_omschrijving", "Depressieve stoornis"),
        ("diagnose_omschrijving", "Cervixcarcinoom"),
    ]


def test_an_american_birth_date_column_is_read_month_first() -> None:
    """One date that is only a date month first (``03/14/1962``) shows how the column is
    written: ``04/03/1970`` there is 3 April, not 4 March."""
    rows = _rows(
        ["name", "dob"],
        [["John Smith", "03/14/1962"], ["Mary Jones", "04/03/1970"], ["Ann Lee", "1971-01-02"]],
    )
    births = [r["value"] for r in rows if r["data_class"] == "date_of_birth"]
    assert births == ["1962-03-14", "1970-04-03", "1971-01-02"]
    dutch = _rows(["name", "dob"], [["Jan Smit", "14/03/1962"], ["Marie Jong", "04/03/1970"]])
    assert [r["value"] for r in dutch if r["data_class"] == "date_of_birth"] == [
        "1962-03-14",
        "1970-03-04",
    ]
    mixed = _rows(  # (typed by two hands: each value as it reads, day first by default)
        ["naam", "geboortedatum"],
        [["Jansen, P.", "04/03/1970"], ["Bakker, A.", "25/07/1994"], ["Vries, M.", "07/25/1974"]],
    )
    assert [r["value"] for r in mixed if r["data_class"] == "date_of_birth"] == [
        "1970-03-04",
        "1994-07-25",
        "1974-07-25",
    ]


def test_street_and_number_under_one_header() -> None:
    """``Straat + huisnr``: the header names a street and a house number, the cells hold
    both (a street without a street word too)."""
    rows = _rows(
        ["Naam", "Straat + huisnr", "PC"],
        [
            ["Jansen", "Kerkstraat 12a", "1234 AB"],
            ["Bakker", "Laan van Meerdervoort 100-C", "2517 AB"],
        ],
    )
    got = [(r["kind"], r["value"]) for r in rows if r["data_class"] == "address"]
    assert sorted(got) == sorted(
        [
            ("street", "Kerkstraat"),
            ("house_number", "12A"),
            ("street", "Laan van Meerdervoort"),
            ("house_number", "100-C"),
            ("postcode", "1234AB"),
            ("postcode", "2517AB"),
        ]
    )


def test_deep_paths_of_a_json_record_are_column_names() -> None:
    """A FHIR bundle read as one record: its columns are paths six or more steps deep,
    which are no sentence (a note in a header row) however many words they make."""
    rows = _rows(
        [
            "entry.0.resource.name.0.given.0",
            "entry.0.resource.address.0.postalCode",
            "entry.0.resource.address.0.line.0",
        ],
        [["Anna", "1234 AB", "Laan van Meerdervoort 100"]],
        path="bundle.json",
    )
    assert sorted(r["value"] for r in rows) == sorted(
        ["Anna", "1234AB", "Laan van Meerdervoort", "100"]
    )


def test_an_identifier_is_read_under_its_system() -> None:
    """A FHIR resource alone: its BSN stands in ``identifier.N.value`` under the BSN's
    naming system; another system's value is no BSN, even where it passes the
    elfproef, and neither is a BSN that fails it."""
    bsn_system = "http://fhir.nl/fhir/NamingSystem/bsn"
    rows = _rows(
        [
            "identifier.0.system",
            "identifier.0.value",
            "identifier.1.system",
            "identifier.1.value",
        ],
        [
            [bsn_system, "123456782", "http://example.nl/patientnummer", "111222333"],
            ["urn:oid:2.16.840.1.113883.2.4.6.3", "111222333", None, None],
            [bsn_system, "123456783", None, None],
        ],
        path="patient.json",
    )
    got = [(Location.parse(str(r["location"])).row, r["value"]) for r in rows]
    assert got == [(2, "123456782"), (3, "111222333")]
    assert {r["explanation"] for r in rows} == {"identifier system of bsn"}


def test_an_apis_list_of_identifiers_is_read_under_system_or_type() -> None:
    """An API's own list of identifiers (``identifiers.0.value``), a system or a type
    beside each value; a list of contacts (``contacts.0.type`` = ``mobile``) names no
    detector's system."""
    rows = _rows(
        ["identifiers.0.system", "identifiers.0.value", "ids.0.type", "ids.0.value",
         "contacts.0.type", "contacts.0.value"],
        [
            ["urn:oid:2.16.840.1.113883.2.4.6.3", "399528994", "BSN", "417002038",
             "mobile", "111222333"],
            ["lims", "111222333", "lims", "123456782", "mobile", None],
        ],
        path="api.json",
    )  # fmt: skip
    got = [(r["kind"], r["value"], Location.parse(str(r["location"])).column) for r in rows]
    assert sorted(got) == [
        ("bsn", "399528994", "identifiers.0.value"), ("bsn", "417002038", "ids.0.value"),
    ]  # fmt: skip


def test_a_practitioners_identifiers_are_read_under_their_systems() -> None:
    """A FHIR Practitioner's AGB, BIG and UZI numbers under their naming systems: a
    provider's codes (its row is a provider's, no person's)."""
    systems = [
        "http://fhir.nl/fhir/NamingSystem/agb-z",
        "urn:oid:2.16.528.1.1007.5.1",
        "http://fhir.nl/fhir/NamingSystem/uzi-nr-pers",
        "http://example.nl/intern",
    ]
    values = ["01012345", "19012345601", "123456789", "01054321"]
    header = ["resourceType"]
    row: list[str | None] = ["Practitioner"]
    for i, (system, value) in enumerate(zip(systems, values, strict=True)):
        header += [f"identifier.{i}.system", f"identifier.{i}.value"]
        row += [system, value]
    rows = _rows(header, [row], path="practitioner.json")
    assert {(r["kind"], r["value"], r["record"]) for r in rows} == {
        ("provider_agb", "01012345", None), ("provider_big", "19012345601", None),
        ("provider_uzi", "123456789", None),
    }  # fmt: skip


def test_an_hl7_v3_id_is_read_under_its_root() -> None:
    """A CDA document read from XML: ``<id root="2.16.840.1.113883.2.4.6.3"
    extension="..."/>`` is a BSN; an id under another root is none."""
    rows = _rows(
        [
            "recordTarget.patientRole.id.0.@root",
            "recordTarget.patientRole.id.0.@extension",
            "recordTarget.patientRole.id.1.@root",
            "recordTarget.patientRole.id.1.@extension",
        ],
        [["2.16.840.1.113883.2.4.6.3", "123456782", "2.16.528.1.1007.3.3.1234", "111222333"]],
        path="cda.xml",
    )
    assert [(r["value"], r["explanation"]) for r in rows] == [
        ("123456782", "identifier system of bsn")
    ]


def test_a_contact_columns_other_values_are_read_by_their_shape() -> None:
    """A FHIR telecom list flattened: ``telecom.0.value`` holds phone numbers, but the
    patient with only an e-mail address has it there. The phone detector claims the
    column on its values; its cells that are no phone number are read as e-mail
    addresses on their own shape. A role mailbox and a word stay nothing."""
    rows_in: list[list[str | None]] = [
        [f"Jansen{i}", "phone", f"06-{12345600 + i}"] for i in range(40)
    ]
    rows_in[3] = ["Bakker", "email", "Anna.Bakker@example.nl"]
    rows_in[7] = ["Smit", "email", "info@praktijk-smit.nl"]
    rows_in[11] = ["Bos", "other", "onbekend"]
    rows = _rows(["name.family", "telecom.0.system", "telecom.0.value"], rows_in,
                 path="patients.json")  # fmt: skip
    got = {(r["data_class"], r["value"], Location.parse(str(r["location"])).row)
           for r in rows if r["data_class"] in ("phone", "email")}  # fmt: skip
    assert got == {("email", "anna.bakker@example.nl", 5)} | {
        ("phone", f"+316{12345600 + i}", i + 2) for i in range(40) if i not in (3, 7, 11)
    }
    (email,) = [r for r in rows if r["data_class"] == "email"]
    assert email["explanation"] == "email among the phone values of its column"
    assert email["record"] == "patients.json#row=5"
    phone = next(r for r in rows if r["data_class"] == "phone")
    assert "free text" not in str(phone["explanation"])  # the column is claimed


def test_an_email_columns_phone_number_needs_its_own_shape() -> None:
    """The other way round: a phone number among an e-mail column's addresses is read,
    but only with its trunk or country prefix (a column of addresses gives a bare
    number no phone context)."""
    rows = _rows(
        ["naam", "email"],
        [
            ["A. Jansen", "a.jansen@example.nl"],
            ["B. de Vries", "b.devries@example.nl"],
            ["C. Bakker", "+31 6 12345678"],
            ["D. Visser", "612345678"],
            ["E. Smit", "e.smit@example.nl"],
        ],
    )
    got = {(r["data_class"], r["value"], Location.parse(str(r["location"])).row)
           for r in rows if r["data_class"] in ("phone", "email")}  # fmt: skip
    assert got == {
        ("email", "a.jansen@example.nl", 2), ("email", "b.devries@example.nl", 3),
        ("phone", "+31612345678", 4), ("email", "e.smit@example.nl", 6),
    }  # fmt: skip


def test_gp_practice_list_forms_no_mentions() -> None:
    rows = _rows(
        ["praktijk", "huisarts", "agb_code", "adres", "postcode", "plaats", "telefoon"],
        [
            [
                "Huisartsenpraktijk Haven",
                "I. de Lange",
                "01696484",
                "Lelystraat 5",
                "4332 HP",
                "Middelburg",
                "0118218127",
            ]
        ],
    )
    assert rows
    assert all(r["data_class"] == "provider" and r["record"] is None for r in rows)


def test_a_practice_list_without_agb_codes_forms_no_mentions() -> None:
    rows = _rows(
        ["praktijk", "huisarts", "adres", "postcode", "telefoon"],
        [["Huisartsenpraktijk Haven", "I. de Lange", "Lelystraat 5", "4332 HP", "0118218127"]],
    )
    assert rows
    assert all(r["data_class"] == "provider" and r["record"] is None for r in rows)


def test_a_practice_list_with_its_gps_agb_codes_forms_no_mentions() -> None:
    """A GP's name beside ``AGB huisarts``: the code marks the provider's row, whatever
    its header says."""
    rows = _rows(
        ["naam", "agb huisarts", "adres", "telefoon"],
        [["dr. I. de Lange", "01696484", "Lelystraat 5", "0118218127"]],
    )
    assert rows
    assert all(r["data_class"] == "provider" and r["record"] is None for r in rows)


def test_a_patient_list_naming_each_ones_gp_is_of_patients() -> None:
    """``Naam`` beside ``Huisarts`` (a PowerShell session's table of patients, with no
    BSN or result): the practice is her GP's, no sign that the row is the practice's."""
    rows = _rows(
        ["Naam", "Adres", "Postcode", "Telefoon", "Huisarts"],
        [["Ramdin, R.", "Diezerstraat 26", "8016 DK", "06-50817717", "Medisch Centrum Almere"],
         ["Brouwer, A.J.", "Van Woustraat 42", "1037 DZ", "06-49338166",
          "Huisartsengroep Kinkerbuurt"]],
    )  # fmt: skip
    got = {(r["data_class"], r["value"]) for r in rows if r["record"] is not None}
    assert {("name", "R. Ramdin"), ("phone", "+31650817717"), ("address", "1037DZ")} <= got
    assert ("provider", "Huisartsengroep Kinkerbuurt") in got


def test_a_referrer_cell_gives_the_name_and_its_agb_code() -> None:
    """``Dr. K. de Vries (01012345)``, ``P. Berg, huisarts``: the name without its code
    or role, and the code in brackets as the provider's AGB code, in the same row."""
    rows = _rows(
        ["naam", "bsn", "verwijzend arts"],
        [
            ["J. Jansen", "123456782", "Dr. K. de Vries (01012345)"],
            ["P. Bakker", "111222333", "P. Berg, huisarts"],
            ["A. de Wit", "987654329", "Huisartsenpraktijk De Linde (AGB 01012346)"],
        ],
    )
    got = [
        (Location.parse(str(r["location"])).row, r["kind"], r["value"])
        for r in rows
        if r["data_class"] == "provider"
    ]
    assert got == [
        (2, "provider_name", "K. de Vries"),
        (2, "provider_agb", "01012345"),
        (3, "provider_name", "P. Berg"),
        (4, "provider_name", "Huisartsenpraktijk De Linde"),
        (4, "provider_agb", "01012346"),
    ]


def test_a_street_after_an_ordinal() -> None:
    """``1e Jan Steenstraat`` in a street column, and in a full address, is a street."""
    rows = _rows(
        ["naam", "straat", "huisnummer", "postcode", "adres", "bsn"],
        [
            [
                "J. Jansen",
                "1e Jan Steenstraat",
                "14",
                "1072 NH",
                "2e Hugo de Grootstraat 3",
                "123456782",
            ],
        ],
    )
    streets = [r["value"] for r in rows if r["kind"] == "street"]
    assert streets == ["1e Jan Steenstraat", "2e Hugo de Grootstraat"]


def test_company_list_is_dropped() -> None:
    rows = _rows(
        ["factuurnummer", "leverancier", "kvk_nummer", "iban", "bedrag"],
        [["F2024-10000", "Koelcel Techniek Zuid B.V.", "26299855", "NL33RABO2021545809", "415,67"]],
    )
    assert rows == []


def test_a_test_systems_dummy_people_are_no_one() -> None:
    """A fixture's rows of a test system's dummy people (``Test Testpatiënt``, ``Jan
    Modaal``, ``Mevrouw Voorbeeld``) give nothing, their test BSNs neither; the real
    patients' rows beside them keep theirs, a name that only starts so too."""
    rows = _rows(
        ["bsn", "voornaam", "achternaam", "geboortedatum", "uitslag"],
        [
            ["999999990", "Test", "Testpatiënt", "1970-01-01", "hrHPV negatief"],
            ["111222333", "Jan", "Modaal", "1980-05-05", "Pap 1"],
            ["123456782", "Mevrouw", "Voorbeeld", "1975-03-03", "Pap 2"],
            ["", "Leeg", "Record", "", ""],
            ["030573737", "Ayşe", "Leegwater", "1981-02-11", "hrHPV positief"],
            ["921645235", "Chantal", "Testa", "1979-09-30", "Pap 3a2"],
        ],
    )
    assert {r["record"] for r in rows} == {"t.csv#row=6", "t.csv#row=7"}
    assert {r["value"] for r in rows if r["data_class"] == "bsn"} == {"030573737", "921645235"}


def test_api_request_titles_under_name_are_no_ones() -> None:
    """A Postman collection's ``item.name`` holds its requests' titles: an HTTP method
    first, read neither as names nor, refused, as free text after ``name`` (``Post``);
    a BSN typed into such a title is still read, and a column of names keeps its own."""
    rows = _rows(
        ["name"],
        [["POST uitslag (Bouma – acceptatie)"], ["GET health"], ["DELETE patient?bsn=123456782"]],
        "c.json",
        "item",
    )
    assert [(r["data_class"], r["value"]) for r in rows] == [("bsn", "123456782")]
    rows = _rows(["naam"], [["Jansen, P."], ["de Vries, M."], ["POST uitslag (Bouma)"]])
    assert {r["value"] for r in rows} == {"P. Jansen", "M. de Vries"}


def test_channel_and_collection_names_are_no_ones() -> None:
    rows = _rows(
        ["channel.displayName", "info.name"], [["Cytologie – overleg", "LIMS uitslag-API (acc)"]]
    )
    assert rows == []


def test_a_klachten_field_gives_a_cervixs_symptoms_only() -> None:
    """A form's ``klachten`` field (a pdftk dump's) is read after its header as a label:
    a cervix's symptom is health data, a customer's complaint no one's."""
    rows = _rows(
        ["naam", "klachten"],
        [["P. Jansen", "contactbloedingen sinds 3 mnd"], ["A. de Vries", "wachttijd 3 weken"]],
    )
    health = [(r["value"], r["location"]) for r in rows if r["data_class"] == "health"]
    assert health == [("contactbloedingen sinds 3 mnd", "t.csv#row=2&col=klachten&start=0&end=29")]


def test_a_forms_question_on_symptoms_is_read_as_its_klachten_label() -> None:
    """A web form's column ``Heeft u klachten? Zo ja, welke?``: its cells read after
    ``klachten``, a symptom there (``afscheiding``, ``bloedverlies na de gemeenschap``)
    health data."""
    header = "Heeft u klachten? Zo ja, welke?"
    rows = _rows(
        ["naam", header],
        [["P. Jansen", "afscheiding"], ["A. de Vries", "Bloedverlies na de gemeenschap"]],
    )
    health = [(r["value"], r["location"]) for r in rows if r["data_class"] == "health"]
    col = "Heeft u klachten%3F Zo ja, welke%3F"
    assert health == [
        ("afscheiding", f"t.csv#row=2&col={col}&start=0&end=11"),
        ("Bloedverlies na de gemeenschap", f"t.csv#row=3&col={col}&start=0&end=30"),
    ]


def test_a_dicom_headers_institution_is_no_name_and_its_other_ids_hold_the_bsn() -> None:
    """The institution that made her image is no one's name: it is her care provider (a
    hospital, named before its hospital word)."""
    rows = _rows(
        ["InstitutionName", "OperatorsName", "PatientName", "RETIRED_OtherPatientIDs"],
        [
            ["Zuiderzorg Ziekenhuis", "J. Bakker", "Kirsten Hoogervorst", "585707339"],
            ["Zuiderzorg Ziekenhuis", "J. Bakker", "Fatima Aarab", "617424354"],
        ],
    )
    assert sorted((r["data_class"], r["value"]) for r in rows) == [
        ("bsn", "585707339"),
        ("bsn", "617424354"),
        ("name", "Fatima Aarab"),
        ("name", "Kirsten Hoogervorst"),
        ("provider", "Zuiderzorg Ziekenhuis"),
        ("provider", "Zuiderzorg Ziekenhuis"),
    ]


def test_the_names_of_named_values_are_no_ones_names() -> None:
    """A browser capture's (HAR) headers and cookies, ``headers.0.name`` beside
    ``headers.0.value``: ``authorization`` and ``Content-Type`` name fields, no one; the
    capture's tool is no one either."""
    rows = _rows(
        [
            "request.headers.0.name",
            "request.headers.0.value",
            "request.cookies.0.name",
            "request.cookies.0.value",
            "log.creator.name",
        ],
        [["authorization", "Bearer abc", "Xsrf-Token", "x1y2", "WebInspector"]],
        "capture.har",
        "log.entries",
    )
    assert rows == []


def test_a_logged_objects_cells_are_read_as_a_reader_sees_them() -> None:
    """An error report's logged variables: a Python date's repr in a cell is a birth
    date (at the repr), a BSN with its label in a ``batch`` variable is hers, ``None`` no
    GP, and the report's runtime and SDK are no one."""
    rows = _rows(
        ["frames.1.vars.batch", "frames.1.vars.d", "contexts.runtime.name", "sdk.name"],
        [
            [
                "[Deelnemer(id=5, naam='Astrid Wouters', bsn='245914894', "
                "geboortedatum=datetime.date(1974, 6, 28))]",
                "Deelnemer(id=7, naam='Geeske Feenstra', huisarts=None)",
                "CPython",
                "sentry.python.celery",
            ]
        ],
        "event.json",
    )
    found = {(r["data_class"], r["value"]): r["location"] for r in rows}
    assert set(found) == {
        ("name", "Astrid Wouters"),
        ("bsn", "245914894"),
        ("date_of_birth", "1974-06-28"),
        ("name", "Geeske Feenstra"),
    }
    where = Location.parse(str(found[("date_of_birth", "1974-06-28")]))
    assert (where.start, where.end) == (71, 97)  # (``datetime.date(1974, 6, 28)``)


def test_town_alone_is_no_address() -> None:
    rows = _rows(["Naam", "Woonplaats"], [["J. de Vries", "Utrecht"]])
    assert [r["data_class"] for r in rows] == ["name"]


def test_free_text_cells_are_scanned_with_row_records() -> None:
    rows = _rows(["Opmerking"], [["bel mevr. Jansen op 06-12345678"]])
    assert {r["data_class"] for r in rows} == {"name", "phone"}
    assert {r["record"] for r in rows} == {"t.csv#row=2"}
    for r in rows:
        loc = Location.parse(str(r["location"]))
        assert loc.column == "Opmerking" and loc.start is not None


def test_a_message_column_claimed_by_its_addresses_reads_the_rest_of_each_message() -> None:
    """An SMS backup's ``body``: each sender put her e-mail address in her message, so the
    column is claimed as e-mail; her name, birth date and BSN in the same sentence are
    read as the cell's free text too, the address once."""
    bodies = [
        f"Goedemorgen, hierbij mijn gegevens: {name}, geboren {dob}, BSN {bsn}. Mail naar {mail}"
        for name, dob, bsn, mail in (
            ("Joyce Ramdin", "29-10-1959", "224169634", "joyce.ramdin12@hotmail.com"),
            ("Nicole Ramdin", "06-06-1989", "140590833", "nramdin@hotmail.com"),
            ("Sophie Groen", "12-12-1967", "198403744", "sgroen@xs4all.nl"),
        )
    ] * 3  # (enough rows for the column to be claimed by its values)
    rows = _rows(["@body"], [[b] for b in bodies])
    found = [(r["data_class"], r["value"]) for r in rows if r["data_class"] != "name"]
    assert sorted(set(found)) == [
        ("bsn", "140590833"),
        ("bsn", "198403744"),
        ("bsn", "224169634"),
        ("date_of_birth", "1959-10-29"),
        ("date_of_birth", "1967-12-12"),
        ("date_of_birth", "1989-06-06"),
        ("email", "joyce.ramdin12@hotmail.com"),
        ("email", "nramdin@hotmail.com"),
        ("email", "sgroen@xs4all.nl"),
    ]
    assert len(found) == 27  # (each message's address once)
    short = _rows(["email"], [["Jan Jansen <jan@example.nl>"], ["p.bakker@example.nl"]])
    assert sorted(r["data_class"] for r in short) == ["email", "email"]  # (no prose: no text)


def test_a_mail_records_body_names_its_patient_but_a_gps_note_stays_his() -> None:
    """An Outlook for Mac archive's ``email.OPFMessageCopyHTMLBody``: ``email`` names the
    record, not the body's values; ``huisarts.opmerking`` keeps the GP's veto."""
    body = "Patiënt Monique Yilmaz (14-05-1960) belde over haar uitslag. BSN 267400901."
    names = {
        header: {r["value"] for r in _rows([header], [[body]]) if r["data_class"] == "name"}
        for header in ("email.OPFMessageCopyHTMLBody", "huisarts.opmerking", "email")
    }
    assert names == {
        "email.OPFMessageCopyHTMLBody": {"Monique Yilmaz"},
        "huisarts.opmerking": set(),
        "email": set(),
    }


def test_names_in_a_cells_text_under_an_xml_paths_structure_words() -> None:
    """A Jira export's ``channel.item.description``: ``item`` vetoes a column of names
    (``item.name``), not the names in a ticket's text; a company's column still does."""
    text = "De brief van mw. Priya Soekhoe zelf (hrHPV negatief) is nog zoek."
    rows = _rows(["channel.item.description"], [[text]], "SCREEN-1.xml")
    assert ("name", "Priya Soekhoe") in {(r["data_class"], r["value"]) for r in rows}
    rows = _rows(["bedrijf.omschrijving"], [[text]], "SCREEN-1.xml")
    assert "name" not in {r["data_class"] for r in rows}


def test_hl7_fields() -> None:
    rows = _rows(
        ["PID-3", "PID-5", "PID-7", "PID-11", "ORC-12", "OBX-5", "OBR-7"],
        [
            [
                "111222333^^^NLMINBIZA^NNNLD~DLHW1^^^DLHW^PI",
                "Vries&de&Vries^J.^^^^^L",
                "19700711",
                "Brinkstraat 3&Brinkstraat&3^^Lelystad^^8242BW^NL^H",
                "01505905^Nguyen^J.^^^^^^VEKTIS",
                "negatief",
                "202303151005",
            ]
        ],
        path="m.hl7",
    )
    classes = {Location.parse(str(r["location"])).column: r["data_class"] for r in rows}
    assert classes == {
        "PID-3": "bsn",
        "PID-5": "name",
        "PID-7": "date_of_birth",
        "PID-11": "address",
        "ORC-12": "provider",
        "OBX-5": "health",
    }


def test_sheet_part_in_records() -> None:
    rows = _rows(["BSN"], [["111222333"]], path="x.xlsx", part="Blad 1")
    assert rows[0]["record"] == "x.xlsx#part=Blad 1&row=2"
    assert rows[0]["location"] == "x.xlsx#part=Blad 1&row=2&col=BSN"


def test_mixed_telecom_column_is_scanned() -> None:
    rows = _rows(
        ["response.patient.telecom.0.value"],
        [["06-54365419"], ["vanes.g63@kpnmail.nl"], ["06-12345678"]],
        path="api.jsonl",
    )
    assert [r["data_class"] for r in rows] == ["phone", "email", "phone"]


def test_code_columns_are_not_scanned() -> None:
    rows = _rows(["labnummer", "barcode"], [["123456782", "BVO1234567890"]] * 5)
    assert rows == []


def test_edifact_segments() -> None:
    rows = _rows(
        ["NAD+PO", "NAD+PAT", "PNA+PAT", "DTM+329", "DTM+119", "RES+HPV"],
        [
            [
                "PO+01696484::AGB++de Lange:I.:Dr.",
                "PAT+DL9869974::LAB+++Stationsstraat:26+Hengelo++7551VB+NL",
                "PAT++++SU:Dijk-Hoogendoorn+VV:ten+VN:B.",
                "329:19610226:102",
                "119:20220411:102",
                "HPV+negatief",
            ]
        ],
        path="m.edi",
    )
    got = {(Location.parse(str(r["location"])).column, r["data_class"], r["value"]) for r in rows}
    assert ("NAD+PO", "provider", "I. de Lange") in got
    assert ("PNA+PAT", "name", "B. ten Dijk-Hoogendoorn") in got
    assert ("DTM+329", "date_of_birth", "1961-02-26") in got
    assert ("NAD+PAT", "address", "7551VB") in got
    assert ("NAD+PAT", "address", "Stationsstraat") in got
    assert not any(c == "DTM+119" for c, _, _ in got)


def _sample_reference(column: pa.Array, size: int) -> tuple[list[str], list[int]]:
    """The first ``size`` non-empty stripped values among the first ``4 * size`` cells."""
    found = [
        (v.strip(), i)
        for i, v in enumerate(column.to_pylist()[: size * 4])
        if v is not None and v.strip()
    ][:size]
    return [v for v, _ in found], [i for _, i in found]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.one_of(st.none(), st.sampled_from(["", " ", "a", " b ", "c d"])), max_size=90),
    st.integers(min_value=1, max_value=12),
    st.integers(min_value=0, max_value=5),
)
def test_sample_of_reads_the_head_block_by_block(
    cells: list[str | None], size: int, cut: int
) -> None:
    column = pa.array(cells, pa.string()).slice(min(cut, len(cells)))
    sample = sample_of(column, size)
    assert (list(sample), list(sample.rows)) == _sample_reference(column, size)
    assert sample.column is column


_CELL_TEXT = st.text(
    st.sampled_from([" ", "\t", "\n", "\u00a0", "\u2003", "\x01", "a", "7", "~", "\u00e9", "-"]),
    max_size=4,
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.none(), _CELL_TEXT), max_size=40), st.integers(0, 5))
def test_filled_cells_as_arrow_trims_them(cells: list[str | None], cut: int) -> None:
    """The first-byte shortcut of ``_filled`` agrees with Arrow's Unicode trim on every
    cell: blanks of any white space, control characters, non-ASCII first letters, nulls
    and sliced columns."""
    column = pa.array(cells, pa.string()).slice(min(cut, len(cells)))
    trimmed = pc.utf8_length(pc.utf8_trim_whitespace(column))
    expected = pc.fill_null(pc.greater(trimmed, 0), False).to_pylist()
    assert _filled(column).tolist() == expected


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.none(),
            st.text(st.sampled_from(["a", "7", "~", " ", "\t", "\x1c", "\x7f", "\x85", "é"])),
        ),
        max_size=60,
    ),
    st.integers(min_value=1, max_value=12),
    st.integers(min_value=0, max_value=5),
)
def test_sample_of_strips_as_python_does(cells: list[str | None], size: int, cut: int) -> None:
    """A sample's values are stripped as Python strips them, control and non-ASCII white
    space (``\\x1c``, ``\\x85``) and ``\\x7f`` included."""
    column = pa.array(cells, pa.string()).slice(min(cut, len(cells)))
    sample = sample_of(column, size)
    assert (list(sample), list(sample.rows)) == _sample_reference(column, size)


def test_a_bsn_field_under_a_sample_or_order_is_the_persons() -> None:
    """A courier app's pick-up orders (``monsters.0.bsn``: the BSN on a sample's record),
    an order's patient: ``bsn`` at the end of the path names the column whatever holds
    it; a sample's own number (``monsters.0.monsternummer``) stays none."""
    rows = _rows(
        ["monsters.0.bsn", "aanvraag.patient.bsn", "monsters.0.monsternummer", "lab.nummer"],
        [
            ["663372367", "990789457", "708892334", "585707339"],
            ["617424354", "585707339", "663372367", "990789457"],
        ],
        "koerier.plist",
        "openOphaalopdrachten",
    )
    at = "koerier.plist#part=openOphaalopdrachten&row="
    assert sorted((r["data_class"], r["value"], r["location"]) for r in rows) == [
        ("bsn", "585707339", at + "3&col=aanvraag.patient.bsn"),
        ("bsn", "617424354", at + "3&col=monsters.0.bsn"),
        ("bsn", "663372367", at + "2&col=monsters.0.bsn"),
        ("bsn", "990789457", at + "2&col=aanvraag.patient.bsn"),
    ]


def test_a_sepa_debit_s_address_fields_and_remittance_text() -> None:
    """ISO 20022's field names (a direct debit's debtor: ``PstlAdr.StrtNm``, ``BldgNb``,
    ``PstCd``, ``TwnNm``) name an address's parts; a billed test's method in the
    remittance text is no name (``Chlamydia trachomatis PCR geb. 20-08-1989``)."""
    rows = _rows(
        ["Dbtr.Nm", "Dbtr.PstlAdr.StrtNm", "Dbtr.PstlAdr.BldgNb", "Dbtr.PstlAdr.PstCd",
         "Dbtr.PstlAdr.TwnNm", "RmtInf.Ustrd"],
        [["ANNA VERMEULEN", "Van Woustraat", "123", "1092KT", "Amsterdam",
          "PTS-F2024-04977 Chlamydia trachomatis PCR geb. 20-08-1989"]],
        "incasso.xml",
        "CstmrDrctDbtInitn.PmtInf.DrctDbtTxInf",
    )  # fmt: skip
    assert sorted((r["data_class"], r["value"]) for r in rows) == [
        ("address", "1092KT"), ("address", "123"), ("address", "Amsterdam"),
        ("address", "Van Woustraat"), ("date_of_birth", "1989-08-20"),
        ("name", "Anna Vermeulen"),
    ]  # fmt: skip
