"""Vaststellen asks for confirmation first, saying exactly what will be frozen."""

from datetime import date
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from rapportages.models import Voortgangsrapportage
from tests.helpers import formulier

pytestmark = pytest.mark.django_db


def test_vaststellen_first_shows_what_will_be_frozen_and_freezes_nothing(management_client):
    response = management_client.post(
        reverse("rapportages:vaststellen"),
        {
            "vaststellen-onderdeel": "3",
            "vaststellen-peildatum": "2026-06-30",
            "vaststellen-moment": "najaarsrapportage",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert not Voortgangsrapportage.objects.exists()
    assert "3. Versterken van het ondernemerschap" in html
    assert "30 juni 2026" in html
    assert "Najaarsrapportage" in html
    concept = reverse("rapportages:opgave_pdf", args=[3])
    assert f'href="{concept}?peildatum=2026-06-30&amp;moment=najaarsrapportage"' in html
    assert 'name="bevestigd" value="1"' in html


LIJST = reverse("rapportages:lijst")
KEUZE = {"onderdeel": "4", "peildatum": "2026-06-30", "moment": "voorjaarsnota"}


def _formulieren(html: str) -> list[str]:
    return [deel.split("</form>")[0] for deel in html.split("<form")[1:]]


def test_de_pagina_heeft_een_formulier_met_voorbeeld_en_vaststellen(management_client):
    html = management_client.get(LIJST).content.decode()

    # The logout button is a form of its own; the page has one report form.
    rapportformulieren = [f for f in _formulieren(html) if 'name="onderdeel"' in f]
    assert len(rapportformulieren) == 1
    assert html.count('name="peildatum"') == 1
    assert 'name="vaststellen-onderdeel"' not in html
    formulier = rapportformulieren[0]
    assert 'method="get"' in formulier
    assert 'name="actie" value="voorbeeld"' in formulier
    assert "Voorbeeld (concept)" in formulier
    assert 'name="actie" value="vaststellen"' in formulier


def test_een_beleidsmedewerker_ziet_alleen_het_voorbeeld(beleid_client):
    html = beleid_client.get(LIJST).content.decode()

    assert "Voorbeeld (concept)" in html
    assert 'value="vaststellen"' not in html


def test_voorbeeld_downloadt_het_concept_van_de_keuze(management_client):
    response = management_client.get(LIJST, {**KEUZE, "actie": "voorbeeld"})

    assert response.status_code == 302
    concept = reverse("rapportages:opgave_pdf", args=[4])
    assert response["Location"] == f"{concept}?peildatum=2026-06-30&moment=voorjaarsnota"


def test_vaststellen_vraagt_eerst_bevestiging(management_client):
    response = management_client.get(LIJST, {**KEUZE, "actie": "vaststellen"})

    html = response.content.decode()
    assert response.status_code == 200
    assert not Voortgangsrapportage.objects.exists()
    assert "Rapportage vaststellen?" in html
    assert "4. Benutten van de economische kansen" in html
    assert "30 juni 2026" in html
    assert "Voorjaarsnota" in html
    bevestiging = _formulieren(html)[-1]
    assert 'method="post"' in bevestiging
    assert f'action="{reverse("rapportages:vaststellen")}"' in bevestiging
    assert "Ja, vaststellen" in bevestiging
    assert f'href="{LIJST}"' in bevestiging  # Annuleren: back, nothing frozen


def test_de_bevestiging_van_het_hele_programma_zegt_dat_ook(management_client):
    html = management_client.get(
        LIJST, {"onderdeel": "programma", "peildatum": "2026-12-31", "actie": "vaststellen"}
    ).content.decode()

    assert "Het hele programma" in html
    assert "31 december 2026" in html
    assert "<dd>geen</dd>" in html  # no P&C moment


def test_na_bevestigen_is_precies_de_keuze_vastgesteld(management_client, monkeypatch):
    from rapportages import pdf

    monkeypatch.setattr(pdf, "html_naar_pdf", lambda html, **opties: b"%PDF-stand-in")
    bevestig_url = f"{LIJST}?{urlencode({**KEUZE, 'actie': 'vaststellen'})}"
    velden = formulier(management_client, bevestig_url)

    response = management_client.post(reverse("rapportages:vaststellen"), velden)

    assert response.status_code == 302
    rapport = Voortgangsrapportage.objects.get()
    assert rapport.opgave.nummer == 4
    assert rapport.peildatum == date(2026, 6, 30)
    assert rapport.moment == "voorjaarsnota"


def test_een_beleidsmedewerker_kan_niet_om_vaststellen_vragen(beleid_client):
    response = beleid_client.get(LIJST, {**KEUZE, "actie": "vaststellen"})

    assert response.status_code == 403


def test_vaststellen_met_een_fout_toont_die_in_het_ene_formulier(management_client):
    response = management_client.get(
        LIJST, {**KEUZE, "peildatum": "2026-02-30", "actie": "vaststellen"}
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert "Fout:" in html
    assert "Rapportage vaststellen?" not in html
    assert not Voortgangsrapportage.objects.exists()


def test_een_ongeldige_bevestiging_komt_terug_in_het_ene_formulier(management_client):
    response = management_client.post(
        reverse("rapportages:vaststellen"),
        {"vaststellen-onderdeel": "4", "vaststellen-peildatum": "x", "bevestigd": "1"},
    )

    html = response.content.decode()
    assert "Fout:" in html
    assert 'name="peildatum"' in html
    assert 'value="x"' in html
    assert 'name="vaststellen-peildatum"' not in html
    assert not Voortgangsrapportage.objects.exists()
