"""Presidio's predefined pattern recognizers on a blank Dutch spaCy pipeline (reference venv).

No Dutch spaCy model can be downloaded here, so the NLP engine wraps ``spacy.blank('nl')``
(tokenizer only: no NER, so no PERSON or LOCATION results). The recognizers are Presidio's
generic ones, registered for ``nl``; the phone recognizer is told to expect Dutch
numbers (region ``NL``), as any Dutch user would configure it.
"""

from __future__ import annotations

import time

STARTED = time.perf_counter()

import sys  # noqa: E402
from collections.abc import Callable  # noqa: E402
from importlib.metadata import version  # noqa: E402
from typing import Any  # noqa: E402

from benchmarks.reference.common import Spans, run_probe  # noqa: E402


def _offline_tldextract() -> None:
    """Presidio's e-mail recognizer calls tldextract, which tries to download the public
    suffix list; this machine is offline, so use the snapshot bundled with tldextract."""
    import tldextract  # type: ignore[import-not-found]

    tldextract.extract = tldextract.TLDExtract(suffix_list_urls=())


def setup() -> Callable[[str], Spans]:
    _offline_tldextract()
    import spacy  # type: ignore[import-not-found]
    from presidio_analyzer import (  # type: ignore[import-not-found]
        AnalyzerEngine,
        RecognizerRegistry,
    )
    from presidio_analyzer.nlp_engine import SpacyNlpEngine  # type: ignore[import-not-found]
    from presidio_analyzer.predefined_recognizers import (  # type: ignore[import-not-found]
        CreditCardRecognizer,
        DateRecognizer,
        EmailRecognizer,
        IbanRecognizer,
        IpRecognizer,
        PhoneRecognizer,
        UrlRecognizer,
    )

    class BlankDutchEngine(SpacyNlpEngine):  # type: ignore[misc]
        def load(self) -> None:
            nlp = spacy.blank("nl")
            nlp.max_length = 100_000_000  # tokenizer only: long logs are fine
            self.nlp = {"nl": nlp}

    engine = BlankDutchEngine(models=[{"lang_code": "nl", "model_name": "blank:nl"}])
    engine.load()
    registry = RecognizerRegistry(supported_languages=["nl"])
    recognizers: list[Any] = [
        cls(supported_language="nl")
        for cls in (
            EmailRecognizer,
            IbanRecognizer,
            DateRecognizer,
            CreditCardRecognizer,
            UrlRecognizer,
            IpRecognizer,
        )
    ]
    recognizers.append(PhoneRecognizer(supported_language="nl", supported_regions=("NL",)))
    for r in recognizers:
        registry.add_recognizer(r)
    analyzer = AnalyzerEngine(registry=registry, nlp_engine=engine, supported_languages=["nl"])

    def analyse(text: str) -> Spans:
        return [
            (r.entity_type, text[r.start : r.end]) for r in analyzer.analyze(text, language="nl")
        ]

    return analyse


if __name__ == "__main__":
    sys.exit(run_probe("presidio", version("presidio-analyzer"), STARTED, setup))
