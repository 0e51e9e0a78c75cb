"""HTML to plain text with the stdlib parser: tags dropped, nothing run or fetched."""

from __future__ import annotations

from html.parser import HTMLParser

_BLOCK = frozenset(
    {"p", "div", "br", "tr", "li", "ul", "ol", "table", "h1", "h2", "h3", "h4", "h5", "h6"}
    | {"blockquote", "pre", "hr", "section", "article", "header", "footer", "address"}
)
_HIDDEN = frozenset({"script", "style", "template", "noscript"})


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.scripts: list[str] = []
        """The inline scripts' text (a saved page's data: ``window.__USER__ = {...}``)."""
        self._hidden = 0
        self._script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            self._hidden += 1
            self._script = tag == "script"
        elif tag in _BLOCK:
            self._newline()
        elif tag in {"td", "th"}:
            self.parts.append("\t")

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self._hidden = max(0, self._hidden - 1)
            if self._script and self.scripts and not self.scripts[-1].endswith("\n"):
                self.scripts.append("\n")
            self._script = False
        elif tag in _BLOCK:
            self._newline()

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)
        elif self._script and data.strip():
            self.scripts.append(data.strip())

    def _newline(self) -> None:
        if self.parts and not self.parts[-1].endswith("\n"):
            self.parts.append("\n")


def html_to_text(html: str) -> str:
    """The visible text of an HTML document or fragment."""
    return html_texts(html)[0]


def html_texts(html: str) -> tuple[str, str]:
    """The visible text of an HTML document or fragment, and the text of its inline
    scripts, a line each (read as text, never run: a saved portal page keeps the
    signed-in patient's record in one, ``window.__USER__ = {"bsn": ...}``)."""
    parser = _Text()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts).strip("\n"), "".join(parser.scripts).strip("\n")
