"""axe-core over every main page, per role, and a keyboard-only run of the main flow."""

import pytest

from budget.models import Begrotingsregel
from opgaven.models import Activiteit, Doel
from resultaten.models import Resultaat
from tests.browser.conftest import WACHTWOORD, axe_overtredingen, inloggen

pytestmark = pytest.mark.django_db(transaction=True)

LEESPAGINAS = [
    "/",
    "/dashboard/",
    "/opgaven/",
    "/opgaven/1/",
    "/opgaven/3/",
    "/opgaven/3/wijzigingen/",
    "/activiteiten/",
    "/activiteiten/?opgave=abc",
    "/resultaten/",
    "/voortgang/",
    "/begroting/",
    "/begroting/cofinanciering/",
    "/rapportages/",
]


def _leespaginas() -> list[str]:
    resultaat = Resultaat.objects.filter(opgave__nummer=3).first()
    regel = Begrotingsregel.objects.filter(opgave__nummer=3).first()
    return [*LEESPAGINAS, f"/resultaten/{resultaat.pk}/", f"/begroting/regels/{regel.pk}/"]


def _bewerkpaginas() -> list[str]:
    activiteit = Activiteit.objects.filter(opgave__nummer=3).first()
    resultaat = Resultaat.objects.filter(opgave__nummer=3).first()
    doel = Doel.objects.filter(opgave__nummer=3).first()
    regel = Begrotingsregel.objects.filter(opgave__nummer=3).first()
    return [
        f"/resultaten/{resultaat.pk}/voortgang/",
        f"/activiteiten/{activiteit.pk}/voortgang/",
        f"/begroting/regels/{regel.pk}/wijziging/",
        f"/begroting/regels/{regel.pk}/realisatie/",
        "/opgaven/3/bewerken/",
        "/opgaven/3/doelen/nieuw/",
        f"/doelen/{doel.pk}/bewerken/",
        "/opgaven/3/activiteiten/nieuw/",
        f"/activiteiten/{activiteit.pk}/bewerken/",
        f"/activiteiten/{activiteit.pk}/verwijderen/",
        f"/resultaten/{resultaat.pk}/bewerken/",
        "/opgaven/3/koppelingen/partners/",
    ]


def _controleer(pagina, pad: str, fouten: dict) -> None:
    overtredingen = axe_overtredingen(pagina)
    if overtredingen:
        fouten[pad] = overtredingen


@pytest.mark.parametrize("rol", ["beleid", "management", "beheerder"])
def test_every_main_page_has_no_wcag_violations(portaal, nieuwe_pagina, rol):
    pagina = nieuwe_pagina()
    inloggen(pagina, portaal, rol)
    fouten: dict[str, list] = {}
    paginas = _leespaginas() + (_bewerkpaginas() if rol in ("beleid", "beheerder") else [])
    for pad in paginas:
        pagina.goto(f"{portaal}{pad}")
        _controleer(pagina, pad, fouten)
    assert fouten == {}


def test_edit_forms_with_validation_errors_have_no_wcag_violations(portaal, nieuwe_pagina):
    pagina = nieuwe_pagina()
    inloggen(pagina, portaal, "beleid")
    fouten: dict[str, list] = {}
    for pad in _bewerkpaginas():
        pagina.goto(f"{portaal}{pad}")
        tekstvakken = pagina.locator("main textarea, main input[type=text]")
        for index in range(tekstvakken.count()):
            tekstvakken.nth(index).fill("")
        knop = pagina.locator("main form button[type=submit]").last
        if "verwijderen" in pad:
            continue  # its only button deletes; its page was scanned above
        knop.click()
        _controleer(pagina, f"{pad} (met fouten)", fouten)
    assert fouten == {}


def test_login_page_with_and_without_an_error_has_no_wcag_violations(portaal, nieuwe_pagina):
    pagina = nieuwe_pagina()
    pagina.goto(f"{portaal}/inloggen/")
    assert axe_overtredingen(pagina) == []
    pagina.get_by_label("Gebruikersnaam").fill("beleid")
    pagina.get_by_label("Wachtwoord").fill("fout")
    pagina.get_by_role("button", name="Inloggen").click()
    assert "correcte gebruikersnaam" in pagina.content()
    assert axe_overtredingen(pagina) == []


def test_a_broken_label_or_contrast_is_caught(portaal, nieuwe_pagina):
    pagina = nieuwe_pagina()
    inloggen(pagina, portaal, "beleid")
    pagina.goto(f"{portaal}/opgaven/3/activiteiten/nieuw/")
    pagina.evaluate(
        """() => {
            document.querySelector('label[for=id_omschrijving]').remove();
            document.querySelector('h1').style.color = '#eeeeee';
        }"""
    )
    gevonden = {overtreding["id"] for overtreding in axe_overtredingen(pagina)}
    assert {"label", "color-contrast"} <= gevonden


def _tab_tot(pagina, controle: str, maximaal: int = 80) -> None:
    for _ in range(maximaal):
        pagina.keyboard.press("Tab")
        if pagina.evaluate(f"() => {{ const el = document.activeElement; return {controle}; }}"):
            return
    raise AssertionError(f"niet bereikt met Tab: {controle}")


def test_the_main_flow_works_with_the_keyboard_alone(portaal, nieuwe_pagina):
    pagina = nieuwe_pagina()
    pagina.goto(f"{portaal}/inloggen/")
    _tab_tot(pagina, "el.id === 'id_username'")
    pagina.keyboard.type("beleid")
    pagina.keyboard.press("Tab")
    pagina.keyboard.type(WACHTWOORD)
    pagina.keyboard.press("Enter")
    pagina.wait_for_url(lambda url: not url.endswith("/inloggen/"))

    pagina.keyboard.press("Tab")
    assert pagina.evaluate("() => document.activeElement.textContent.trim()") == "Naar de inhoud"
    _tab_tot(pagina, "el.textContent.trim() === 'Activiteiten'")
    pagina.keyboard.press("Enter")
    pagina.wait_for_url(f"{portaal}/activiteiten/")
    _tab_tot(pagina, "el.id === 'id_tekst'")
    pagina.keyboard.type("MKB Fonds")
    pagina.keyboard.press("Enter")
    pagina.wait_for_url("**/activiteiten/?*")
    _tab_tot(pagina, "el.textContent.trim().startsWith('Bewerken')")
    pagina.keyboard.press("Enter")
    pagina.wait_for_url("**/bewerken/?terug=*")
    _tab_tot(pagina, "el.id === 'id_omschrijving'")
    pagina.keyboard.press("Control+A")
    pagina.keyboard.type("MKB Fonds Drenthe, met het toetsenbord bijgewerkt")
    _tab_tot(pagina, "el.textContent.trim() === 'Opslaan'")
    pagina.keyboard.press("Enter")
    pagina.wait_for_url("**/activiteiten/?*")  # back on the filtered list
    assert "De wijziging is opgeslagen." in pagina.content()


def test_choosing_a_parent_among_many_works_with_the_keyboard_and_has_no_violations(
    portaal, nieuwe_pagina
):
    from tests.factories import ActiviteitFactory

    opgave = Activiteit.objects.filter(opgave__nummer=3).first().opgave
    hoofd = [
        ActiviteitFactory(opgave=opgave, omschrijving=f"Gezochte hoofdactiviteit {i:02d}")
        for i in range(40)
    ]
    activiteit = hoofd[0]
    pagina = nieuwe_pagina()
    inloggen(pagina, portaal, "beleid")
    pad = f"/activiteiten/{activiteit.pk}/bewerken/"
    pagina.goto(f"{portaal}{pad}")
    fouten: dict[str, list] = {}
    _controleer(pagina, pad, fouten)

    _tab_tot(pagina, "el.id === 'id_bovenliggend_zoek'")
    pagina.keyboard.type("hoofdactiviteit 39")
    with pagina.expect_navigation():
        pagina.keyboard.press("Enter")  # the search button: the form comes back, narrowed
    assert "Gevonden voor 'hoofdactiviteit 39': 1." in pagina.content()
    _controleer(pagina, f"{pad} (gezocht)", fouten)
    assert fouten == {}

    pagina.locator("#id_bovenliggend").focus()
    pagina.keyboard.press("ArrowDown")
    _tab_tot(pagina, "el.textContent.trim() === 'Opslaan'")
    pagina.keyboard.press("Enter")
    # (The fragment of the search, #id_bovenliggend, may come along; it is harmless.)
    pagina.wait_for_url(lambda url: url.startswith(f"{portaal}/opgaven/3/"))
    assert "De wijziging is opgeslagen." in pagina.content()
    activiteit.refresh_from_db()
    assert activiteit.bovenliggend == hoofd[-1]
