"""A file saved under one person's name: its unattributed findings join that mention."""

from __future__ import annotations

from typing import Any

from breachscope.assemble.pathnames import link_path_mentions, plan, scope

Row = dict[str, Any]


def _named(path: str, start: int, end: int, mention_id: str = "M1") -> Row:
    """A mention made by a name at ``path[start:end]``."""
    loc = f"{path}#part=(path)&start={start}&end={end}"
    return {
        "mention_id": mention_id,
        "path": path,
        "record": f"{path}#part=(path)",
        "data_classes": ["name"],
        "evidence": [{"data_class": "name", "kind": "full_name", "detector": "name",
                      "location": loc}],
    }  # fmt: skip


def _content(path: str, mention_id: str = "M9") -> Row:
    return {"mention_id": mention_id, "path": path, "record": f"{path}#part=body",
            "data_classes": ["name"], "evidence": []}  # fmt: skip


def _lost(path: str, data_class: str = "health", reason: str = "no person nearby") -> Row:
    location = f"{path}#start=0&end=4"
    return {"path": path, "record": path, "data_class": data_class, "kind": data_class,
            "detector": data_class, "location": location, "reason": reason}  # fmt: skip


FOLDER = "scans/Jansen, Petra"  # the name: characters 6-19 of every path below it


def test_scope_is_the_deepest_name_the_evidence_lies_in() -> None:
    assert scope(_named(f"{FOLDER}/a.pdf", 6, 19)) == FOLDER
    assert scope(_named("scans/uitslag P. Bakker.pdf", 14, 23)) == "scans/uitslag P. Bakker.pdf"
    assert scope(_named("Jansen, Petra.zip!/a.pdf", 0, 13)) == "Jansen, Petra.zip"


def test_a_folders_name_takes_the_findings_of_every_file_below_it() -> None:
    named = [_named(f"{FOLDER}/a.pdf", 6, 19)]
    found = [_lost(f"{FOLDER}/a.pdf"), _lost(f"{FOLDER}/b.txt"), _lost(f"{FOLDER}/sub/c.txt"),
             _lost("scans/other.txt")]  # fmt: skip
    assert plan(named, set(), found) == {0: found[:3]}


def test_a_file_that_mentions_someone_keeps_its_findings() -> None:
    named = [_named(f"{FOLDER}/a.pdf", 6, 19)]
    found = [_lost(f"{FOLDER}/b.txt"), _lost(f"{FOLDER}/c.txt")]
    assert plan(named, {f"{FOLDER}/c.txt"}, found) == {0: found[:1]}


def test_the_deepest_name_decides_and_must_name_one_person() -> None:
    inner = "scans/Jansen, Petra/uitslag mw. K. de Wit.pdf"
    named = [_named(f"{FOLDER}/a.pdf", 6, 19), _named(inner, 35, 42, "M2")]
    found = [_lost(inner), _lost(f"{FOLDER}/b.txt")]
    assert plan(named, set(), found) == {1: found[:1], 0: found[1:]}
    twice = [_named(f"{FOLDER}/a.pdf", 6, 19), _named(f"{FOLDER}/a.pdf", 6, 12, "M2")]
    assert plan(twice, set(), found[1:]) == {}  # two people named by one folder: neither


def test_link_path_mentions_updates_the_mention_and_keeps_the_rest() -> None:
    mention = _named(f"{FOLDER}/a.pdf", 6, 19)
    other = _content("brief.docx")
    lost = [
        _lost(f"{FOLDER}/b.txt"),
        _lost(f"{FOLDER}/b.txt", "phone", "after a care provider's name"),  # the GP's phone
        _lost("brief.docx", "date_of_birth"),
        _lost(f"{FOLDER}/b.txt", "provider"),
    ]
    left = link_path_mentions([other, mention], lost)
    assert left == [lost[1], lost[2]]
    assert mention["data_classes"] == ["name", "health", "provider"]
    assert [e["location"] for e in mention["evidence"]][1:] == [
        f"{FOLDER}/b.txt#start=0&end=4",
        f"{FOLDER}/b.txt#start=0&end=4",
    ]
    assert other["data_classes"] == ["name"]
