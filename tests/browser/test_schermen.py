"""The main screens as each role sees them, at phone and desktop width.

A page must never scroll sideways at 375 px (a wide table scrolls in its own
region), no word may be split across lines inside a table cell, and axe finds
nothing. Screenshots go to a temporary directory, to be looked at by a person.
"""

import io
import os
import tempfile
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.browser.conftest import axe_overtredingen, inloggen

pytestmark = pytest.mark.django_db(transaction=True)

SCHERMEN = [
    "/",
    "/dashboard/",
    "/opgaven/3/",
    "/activiteiten/",
    "/resultaten/",
    "/voortgang/",
    "/begroting/?jaar=2026",
    "/begroting/cofinanciering/",
    "/rapportages/",
]
BREEDTES = [375, 1280]
SCHERMAFDRUKKEN = Path(
    os.environ.get("KOERS_SCHERMAFDRUKKEN") or tempfile.mkdtemp(prefix="koers-schermen-")
)

# Every word in a table cell or page heading whose rectangles fall on more than one line.
GEBROKEN_WOORDEN = """() => {
    const gebroken = [];
    const lopers = document.querySelectorAll('main td, main th, main h1');
    for (const cel of lopers) {
        const loper = document.createTreeWalker(cel, NodeFilter.SHOW_TEXT);
        for (let tekst = loper.nextNode(); tekst; tekst = loper.nextNode()) {
            const inhoud = tekst.textContent;
            // A break after a hyphen in "mkb-ondernemers" is ordinary typography;
            // a date or number must stay whole ("30-06-2026", "1.050.000").
            // A soft hyphen (U+00AD) is a break the text offers on purpose.
            const woord = /\\d[\\d.,-]*\\d|[^\\s\\-\u2013\u00ad]+\u00ad?/g;
            for (let m = woord.exec(inhoud); m; m = woord.exec(inhoud)) {
                const bereik = document.createRange();
                bereik.setStart(tekst, m.index);
                bereik.setEnd(tekst, m.index + m[0].length);
                let rechthoeken = Array.from(bereik.getClientRects()).filter(r => r.width > 0);
                // Chromium counts the hyphen a soft hyphen shows at a line's end as the
                // first rectangle of the word after it; that hyphen is not the word.
                const letter = parseFloat(getComputedStyle(cel).fontSize);
                if (inhoud[m.index - 1] === '\u00ad' && rechthoeken.length > 1
                        && rechthoeken[0].width < 0.6 * letter) {
                    rechthoeken = rechthoeken.slice(1);
                }
                const regels = new Set(rechthoeken.map(r => Math.round(r.top)));
                if (regels.size > 1) gebroken.push(m[0]);
            }
        }
    }
    return gebroken.slice(0, 10);
}"""

# At desktop width these tables fit their box: no scrolling inside it either.
PASSEN_OP_1280 = {"/voortgang/"}
TABEL_SCROLT = """() => Array.from(document.querySelectorAll('main .koers-tabelvak'))
    .filter(vak => vak.scrollWidth > vak.clientWidth)
    .map(vak => `${vak.getAttribute('aria-label')}: ${vak.scrollWidth} > ${vak.clientWidth}`)"""

ZIJWAARTS = """() => {
    const pagina = document.scrollingElement;
    return pagina.scrollWidth > pagina.clientWidth ? pagina.scrollWidth : 0;
}"""


@pytest.mark.parametrize("rol", ["beleid", "management", "beheerder"])
def test_main_screens_read_well_at_phone_and_desktop_width(portaal, nieuwe_pagina, settings, rol):
    debug, settings.DEBUG = settings.DEBUG, True  # the command refuses outside DEBUG
    call_command("laad_demovoortgang", stdout=io.StringIO())
    settings.DEBUG = debug
    pagina = nieuwe_pagina()
    inloggen(pagina, portaal, rol)
    SCHERMAFDRUKKEN.mkdir(parents=True, exist_ok=True)
    fouten: dict[str, object] = {}
    for breedte in BREEDTES:
        pagina.set_viewport_size({"width": breedte, "height": 900})
        for pad in SCHERMEN:
            pagina.goto(f"{portaal}{pad}")
            sleutel = f"{pad} @ {breedte}px"
            naam = pad.strip("/").replace("/", "_").replace("?", "_").replace("=", "_") or "start"
            pagina.screenshot(
                path=str(SCHERMAFDRUKKEN / f"{rol}-{breedte}-{naam}.png"), full_page=True
            )
            if breedte < 1000 and (breed := pagina.evaluate(ZIJWAARTS)):
                fouten[f"{sleutel}: zijwaarts scrollen"] = breed
            if (
                breedte >= 1280
                and pad in PASSEN_OP_1280
                and (scrollend := pagina.evaluate(TABEL_SCROLT))
            ):
                fouten[f"{sleutel}: tabel scrolt zijwaarts"] = scrollend
            if gebroken := pagina.evaluate(GEBROKEN_WOORDEN):
                fouten[f"{sleutel}: gebroken woorden"] = gebroken
            if overtredingen := axe_overtredingen(pagina):
                fouten[f"{sleutel}: axe"] = overtredingen
    assert fouten == {}, f"schermafdrukken in {SCHERMAFDRUKKEN}: {fouten}"
