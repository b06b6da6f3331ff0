import io

import pytest
from pypdf import PdfReader

from budget.models import Begrotingsbedrag
from opgaven.models import Activiteit
from resultaten.models import Resultaat
from tests.browser.conftest import inloggen

pytestmark = pytest.mark.django_db(transaction=True)


def test_beleidsmedewerker_filters_edits_and_finds_the_change_in_the_history(
    portaal, nieuwe_pagina
):
    pagina = nieuwe_pagina()
    inloggen(pagina, portaal, "beleid")

    pagina.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Activiteiten"
    ).click()
    pagina.get_by_label("Zoeken in omschrijving").fill("MKB Fonds")
    pagina.get_by_role("button", name="Filteren").click()
    rijen = pagina.locator("table tbody tr")
    assert rijen.count() == 1
    rijen.first.get_by_role("link", name="Bewerken").click()

    pagina.get_by_label("Omschrijving").fill("MKB Fonds Drenthe voortzetten en evalueren")
    pagina.get_by_role("button", name="Opslaan").click()

    # Back on the filtered list, with the confirmation in view.
    assert "tekst=MKB+Fonds" in pagina.url
    assert pagina.get_by_text("De wijziging is opgeslagen.").is_visible()
    assert pagina.evaluate("() => window.scrollY") == 0
    assert pagina.get_by_text("MKB Fonds Drenthe voortzetten en evalueren").first.is_visible()
    pagina.goto(f"{portaal}/opgaven/3/")
    pagina.get_by_role("link", name="Wijzigingen").click()
    eerste = pagina.locator("li.wijziging").first
    assert "Bart" in eerste.inner_text() or "beleid" in eerste.inner_text()
    assert "MKB Fonds Drenthe voortzetten en evalueren" in eerste.inner_text()
    assert "Continueren van het MKB Fonds Drenthe" in eerste.inner_text()

    ibdo = Resultaat.objects.get(omschrijving="Jaarlijks 550 IBDO-trajecten met ondernemers")
    pagina.goto(f"{portaal}/resultaten/{ibdo.pk}/voortgang/")
    pagina.get_by_label("Peildatum").fill("2026-06-30")
    pagina.get_by_label("op koers").check()
    pagina.get_by_label("IBDO-trajecten: gerealiseerd").fill("260")
    pagina.get_by_label("Toelichting").fill("Halverwege het jaar op schema.")
    pagina.get_by_role("button", name="Opslaan").click()
    assert "De voortgang is vastgelegd." in pagina.content()

    pagina.goto(f"{portaal}/opgaven/3/wijzigingen/")
    historie = pagina.locator("ol.wijzigingen").inner_text()
    assert "voortgangsupdate toegevoegd" in historie
    assert "MKB Fonds Drenthe voortzetten en evalueren" in historie


def test_beleidsmedewerker_is_refused_another_opgaves_edit_page(portaal, nieuwe_pagina):
    pagina = nieuwe_pagina()
    inloggen(pagina, portaal, "beleid")
    ander = Activiteit.objects.filter(opgave__nummer=1).first()

    antwoord = pagina.goto(f"{portaal}/activiteiten/{ander.pk}/bewerken/")

    assert antwoord.status == 403
    assert pagina.get_by_role("heading", name="Geen toegang").is_visible()


def test_management_reads_everything_and_reaches_no_edit_page(portaal, nieuwe_pagina):
    pagina = nieuwe_pagina()
    inloggen(pagina, portaal, "management")
    pagina.goto(f"{portaal}/rapportages/")
    antwoord = pagina.request.get(f"{portaal}/rapportages/programma.pdf?peildatum=2026-06-30")
    assert antwoord.headers["content-type"] == "application/pdf"
    tekst = "".join(p.extract_text() for p in PdfReader(io.BytesIO(antwoord.body())).pages)
    assert "7.398.139" in tekst
    assert "7.418.224" in tekst

    pagina.goto(f"{portaal}/opgaven/3/")
    assert pagina.get_by_role("heading", name="Versterken van het ondernemerschap").is_visible()
    assert pagina.get_by_role("link", name="Bewerken").count() == 0

    for pad in [
        "/opgaven/3/bewerken/",
        "/opgaven/3/activiteiten/nieuw/",
        "/opgaven/3/koppelingen/partners/",
    ]:
        assert pagina.goto(f"{portaal}{pad}").status == 403
    assert "/beheer/login/" in (pagina.goto(f"{portaal}/beheer/") and pagina.url)


def test_beheerder_corrects_a_budget_amount_in_the_admin_and_sees_the_new_totals(
    portaal, nieuwe_pagina
):
    pagina = nieuwe_pagina()
    inloggen(pagina, portaal, "beheerder")
    bedrag = Begrotingsbedrag.objects.get(regel__omschrijving="Voucherregelingen", jaar=2026)

    pagina.goto(f"{portaal}/beheer/budget/begrotingsbedrag/{bedrag.pk}/change/")
    pagina.locator("#id_bedrag").fill("549.500")
    if pagina.locator("#id_reden").count():
        pagina.locator("#id_reden").fill("Voorjaarsnota 2026: extra vouchers")
    pagina.get_by_role("button", name="Opslaan", exact=True).click()

    pagina.goto(f"{portaal}/begroting/")
    totaal = pagina.locator("tr", has_text="Totaal Economische Koers").first.inner_text()
    assert "7.448.139" in totaal


def test_two_sessions_edit_the_same_activity_and_the_second_loses_nothing(portaal, nieuwe_pagina):
    activiteit = Activiteit.objects.get(omschrijving="Continueren van het MKB Fonds Drenthe")
    url = f"{portaal}/activiteiten/{activiteit.pk}/bewerken/"
    eerste, tweede = nieuwe_pagina(), nieuwe_pagina()
    inloggen(eerste, portaal, "beheerder")
    inloggen(tweede, portaal, "beleid")
    eerste.goto(url)
    tweede.goto(url)

    eerste.get_by_label("Omschrijving").fill("Versie van de beheerder")
    eerste.get_by_role("button", name="Opslaan").click()
    tweede.get_by_label("Omschrijving").fill("Versie van de beleidsmedewerker")
    tweede.get_by_role("button", name="Opslaan").click()

    assert tweede.get_by_role("alert").first.is_visible()
    assert "heeft dit intussen gewijzigd" in tweede.content()
    assert tweede.get_by_label("Omschrijving").input_value() == "Versie van de beleidsmedewerker"
    assert "Versie van de beheerder" in tweede.locator("section.conflict").inner_text()
    activiteit.refresh_from_db()
    assert activiteit.omschrijving == "Versie van de beheerder"
