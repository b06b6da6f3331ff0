"""Small helpers several test modules share."""

import csv
import io
from html.parser import HTMLParser


def csv_rijen(response) -> list[list[str]]:
    """The rows of a CSV export: UTF-8 with a byte order mark (for Excel), ';' separated."""
    tekst = response.content.decode("utf-8")
    assert tekst.startswith("\ufeff")
    return list(csv.reader(io.StringIO(tekst[1:]), delimiter=";"))


class _Formulierlezer(HTMLParser):
    """Collects what a browser would submit from each <form method="post">."""

    def __init__(self) -> None:
        super().__init__()
        self.formulieren: list[dict[str, str | list[str]]] = []
        self.velden: dict[str, str | list[str]] = {}
        self._in_formulier = False
        self._select: str | None = None
        self._multiple = False
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "").lower() == "post":
            self._in_formulier = True
            self.velden = {}
            self.formulieren.append(self.velden)
        if not self._in_formulier or (not a.get("name") and tag != "option"):
            return
        if tag == "input":
            soort = (a.get("type") or "text").lower()
            if soort in ("submit", "button", "file", "image", "reset"):
                return
            if soort in ("checkbox", "radio") and "checked" not in a:
                return
            waarde = a.get("value") or ("on" if soort == "checkbox" else "")
            eerder = self.velden.get(a["name"])
            if eerder is None:
                self.velden[a["name"]] = waarde
            else:  # a repeated name (selected rows, checkboxes) posts every value
                self.velden[a["name"]] = [
                    *([eerder] if isinstance(eerder, str) else eerder),
                    waarde,
                ]
        elif tag == "select":
            self._select, self._multiple = a["name"], "multiple" in a
            if self._multiple:
                self.velden[self._select] = []
        elif tag == "option" and self._select and "selected" in a:
            if self._multiple:
                self.velden[self._select].append(a.get("value") or "")  # type: ignore[union-attr]
            else:
                self.velden[self._select] = a.get("value") or ""
        elif tag == "textarea":
            self._textarea = a["name"]
            self.velden[self._textarea] = ""

    def handle_data(self, data):
        if self._textarea:
            if not self.velden[self._textarea]:
                data = data.removeprefix("\n")  # as browsers do after <textarea>
            self.velden[self._textarea] += data  # type: ignore[operator]

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "form" and self._in_formulier:
            self._in_formulier = False


def formulier(client, url: str, **wijzigingen: str) -> dict:
    """The fields of the form at `url` as a browser submits them, with `wijzigingen`
    applied (hidden version fields included: a test posts what a user would)."""
    return formulier_in(client.get(url).content.decode(), **wijzigingen)


def formulier_in(html: str, **wijzigingen: str) -> dict:
    """The fields of the page's main form in `html`, as `formulier` gives them (for a
    page that answers a POST, such as an admin action's confirmation)."""
    lezer = _Formulierlezer()
    lezer.feed(html)
    # The page's main form is the one with the most fields (not the logout button's).
    grootste = max(lezer.formulieren, key=len)
    velden = {k: v for k, v in grootste.items() if k != "csrfmiddlewaretoken"}
    velden.update(wijzigingen)
    return velden
