"""Browser tests: the portal in real Chromium (Debian's package), through Playwright.

They run against pytest-django's live server with the programme loaded. Without
/usr/bin/chromium they are skipped with a message, except when
KOERS_BROWSER_VERPLICHT=1 (set by .ci/run): then a missing browser fails the run.
"""

import os
import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from basis.rollen import BEHEERDER, BELEIDSMEDEWERKER, MANAGEMENT, richt_rollen_in
from opgaven.models import Opgave, Programma
from portaal.services import laad_programma
from tests.conftest import EIGEN_OPGAVE

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]
ARTEFACTEN = ROOT / "test-artifacts"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WACHTWOORD = "browser-wachtwoord-123"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

# Playwright's sync API keeps an event loop in the test thread; Django's ORM
# refuses to run next to one unless told it is safe (it is: one thread).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def chromium():
    if not CHROMIUM.exists():
        melding = (
            "Chromium ontbreekt (/usr/bin/chromium): installeer het Debian-pakket 'chromium' "
            "(bin/test doet dat als root)."
        )
        if os.environ.get("KOERS_BROWSER_VERPLICHT") == "1":
            pytest.fail(melding)
        pytest.skip(melding)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def portaal(live_server, transactional_db, settings):
    """The live portal's URL, with the programme and one user per role."""
    if not Programma.objects.exists():
        laad_programma()
    groepen = richt_rollen_in()
    gebruikers = get_user_model().objects
    for naam, rol in [
        ("beheerder", BEHEERDER),
        ("management", MANAGEMENT),
        ("beleid", BELEIDSMEDEWERKER),
    ]:
        gebruiker = gebruikers.create_user(naam, password=WACHTWOORD, is_staff=rol == BEHEERDER)
        gebruiker.groups.add(groepen[rol])
    gebruikers.get(username="beleid").toegewezen_opgaven.add(
        Opgave.objects.get(nummer=EIGEN_OPGAVE)
    )
    return live_server.url


@pytest.fixture
def nieuwe_pagina(chromium, request):
    """Opens pages in fresh browser contexts and screenshots each at the end."""
    contexten = []

    def open_pagina():
        context = chromium.new_context(
            viewport={"width": 1280, "height": 900}, locale="nl-NL", bypass_csp=True
        )
        contexten.append(context)
        return context.new_page()

    yield open_pagina
    ARTEFACTEN.mkdir(exist_ok=True)
    naam = re.sub(r"[^\w.-]+", "_", request.node.name)
    for index, context in enumerate(contexten):
        for pagina in context.pages:
            pagina.screenshot(path=str(ARTEFACTEN / f"{naam}-{index}.png"), full_page=True)
        context.close()


def inloggen(pagina, portaal: str, gebruikersnaam: str) -> None:
    pagina.goto(f"{portaal}/inloggen/")
    pagina.get_by_label("Gebruikersnaam").fill(gebruikersnaam)
    pagina.get_by_label("Wachtwoord").fill(WACHTWOORD)
    pagina.get_by_role("button", name="Inloggen").click()
    pagina.wait_for_url(lambda url: not url.endswith("/inloggen/"))


def axe_overtredingen(pagina) -> list[dict]:
    """WCAG 2.0/2.1 A and AA violations axe-core finds on the page."""
    pagina.add_script_tag(path=str(AXE))
    return pagina.evaluate(
        """(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}})
            .then(r => r.violations.map(v => ({
                id: v.id, help: v.help,
                nodes: v.nodes.slice(0, 5).map(n => n.target.join(' '))})))""",
        WCAG_AA,
    )
