"""The multi-pattern pass: Hyperscan and the pure-Python fallback agree."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from breachscope.detect.detectorset import DetectorSet
from breachscope.detect.prefilter import (
    AT_WORD,
    HAVE_HYPERSCAN,
    WHOLE_WORD,
    Pattern,
    Prefilter,
    encode,
    word_literals,
)

SAMPLE = (
    "Patiënt: mevr. J.M. de Vries, geb. 03-03-1978, BSN 111222333, tel 06-12345678,\n"
    "Kerkstraat 12, 1234 AB Utrecht. hrHPV positief, Pap 2, KOPAC-B K1 O1 P2 A1 C1 B1.\n"
    "Huisarts: dr. A. Berg (AGB 01234567). Marieke Jansen mailde m.jansen@example.nl.\n"
    "IBAN NL91 ABNA 0417 1643 00. Zoë van 't Hoek, Ångström 5."
)


def _summary(dset: DetectorSet, text: str) -> list[tuple[str, int, int, str]]:
    return [
        (h.detector.id, h.match.start, h.match.end, h.match.value) for h in dset.text_hits(text)
    ]


def test_fallback_finds_the_same(dset: DetectorSet, fallback_dset: DetectorSet) -> None:
    assert not fallback_dset.prefilter.uses_hyperscan
    assert dset.prefilter.uses_hyperscan == HAVE_HYPERSCAN
    assert _summary(fallback_dset, SAMPLE) == _summary(dset, SAMPLE)
    assert len(_summary(dset, SAMPLE)) >= 15


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789 -.:/,ABNLabnlé\n")), max_size=80))
def test_fallback_agrees_on_noise(dset: DetectorSet, fallback_dset: DetectorSet, text: str) -> None:
    assert _summary(fallback_dset, text) == _summary(dset, text)


def test_literals_respect_word_boundaries() -> None:
    for force in (False, True):
        pf = Prefilter(
            [Pattern(0, "Jan", literal=True), Pattern(1, "bsn", True, True)], force_fallback=force
        )
        hits = pf.scan(encode("Januari Jan BSN bsn-nummer xbsn Jan."))
        assert hits == {0: [11, 35], 1: [15, 19]}


def test_literals_start_and_end_words_in_camel_case() -> None:
    """A log's MDC key ``patientBsn=`` and a field ``bsnNummer`` hold the word ``bsn``; a
    word in small letters (``subsnap``) or in capitals (``XBSNX``) does not, and only an
    identifier's label is read so (a namespace's ``LabClient`` holds no ``client``)."""
    for force in (False, True):
        pf = Prefilter(
            [Pattern(1, "bsn", True, True), Pattern(2, "client", True, True)],
            force_fallback=force,
        )
        hits = pf.scan(
            encode("{patientBsn=1, PatientBSN: 2, bsnNummer 3, subsnap XBSNX} LabClient.X")
        )
        assert hits == {1: [11, 25, 33]}


def test_non_latin1_text_keeps_offsets(dset: DetectorSet) -> None:
    text = "€€€ BSN 111222333 “quote” Пётр"
    hits = [h for h in dset.text_hits(text) if h.detector.id == "bsn"]
    assert [text[h.match.start : h.match.end] for h in hits] == ["111222333"]


@pytest.mark.parametrize(
    ("expr", "found"),
    [
        (
            r"(?:\b|_)(?:uw[ \t]cva|k[1-9]|gonorr|i\.)",
            (AT_WORD, [["uw cva", "uw\tcva"], ["gonorr"]], r"(?:\b|_)(?:k[1-9]|i\.)"),
        ),
        (
            r"\b(?:h(?:iv|pv)|x\d|hbsag)\b",
            (WHOLE_WORD, [["hiv", "hpv"], ["hbsag"]], r"\b(?:x\d)\b"),
        ),
        (r"\b(?:metoprolol|zopiclon)\b", (WHOLE_WORD, [["metoprolol"], ["zopiclon"]], None)),
        (r"\b(?:depress|angst)|kanker\b", None),  # no one alternation between edges
        (r"(?:\b|_)(?:k[1-9]|[a-z]\d\d)", None),  # nothing to spell
        (r"\b(?:hiv+|aids)\b", (WHOLE_WORD, [["aids"]], r"\b(?:hiv+)\b")),  # repeats: left
    ],
)
def test_word_alternations_are_spelt_as_literals(
    expr: str, found: tuple[int, list[list[str]], str | None] | None
) -> None:
    assert word_literals(expr) == found


_EDGE_TEXTS = (
    "gonorr _gonorr xgonorr 9gonorr égonorr GONORRHOEA uw cva UW\tCVA uw  cva",
    "hiv hivx hiv_ _hiv hiv9 HPV, (hpv) éhpvé hpv\n metoprolol Metoprolol_ émetoprolol",
    "postcoïtaal POSTCOÏTAAL postcoÏtaal x-postcoïtaal",
)


@pytest.mark.skipif(not HAVE_HYPERSCAN, reason="needs the hyperscan wheel")
@pytest.mark.parametrize("text", _EDGE_TEXTS)
def test_spelt_alternations_end_where_hyperscan_matches_end(text: str) -> None:
    """Words read as literals end where Hyperscan's own matches of the alternation end
    (its ``\\b`` reads ASCII word characters; ``_`` may open a key's word)."""
    import hyperscan

    exprs = [
        (r"(?:\b|_)(?:gonorr|uw[ \t]cva|postco" "\u00ef" r"taal|k[1-9])", True),
        (r"\b(?:h(?:iv|pv)|metoprolol)\b", True),
        (r"(?:\b|_)(?:hiv|Hpv)", False),
    ]
    ours = Prefilter([Pattern(i, e, c) for i, (e, c) in enumerate(exprs)])
    assert any(ours._edges)
    data = encode(text)
    theirs: dict[int, set[int]] = {}
    db = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
    db.compile(
        expressions=[encode(e) for e, _ in exprs],
        ids=list(range(len(exprs))),
        elements=len(exprs),
        flags=[hyperscan.HS_FLAG_CASELESS if c else 0 for _, c in exprs],
    )
    db.scan(data, match_event_handler=lambda i, _s, e, _f, _c: theirs.setdefault(i, set()).add(e))
    assert ours.scan(data) == {k: sorted(v) for k, v in theirs.items()}
