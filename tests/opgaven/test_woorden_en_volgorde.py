"""The document's own words and order where the pages claim them (issue 16, item 9)."""

import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from opgaven.models import Opgave
from tests.factories import OpgaveFactory

pytestmark = pytest.mark.django_db

KOP_4 = "Benutten van de economische kansen rondom transitie en maatschappelijke opgaven"
TABEL_4 = "Benutten van de economische kansen rondom transities en maatschappelijke opgaven"
MIGRATIE = importlib.import_module("opgaven.migrations.0006_tabeltitel_en_volgorde_van_de_secties")


def test_tabel_1_noemt_opgave_4_met_de_woorden_van_de_tabel(management_client):
    html = management_client.get(reverse("budget:begroting")).content.decode()

    assert f"4. {TABEL_4}</a></th>" in html
    assert f"4. {KOP_4}</a></th>" not in html


def test_de_kop_van_opgave_4_houdt_transitie(management_client):
    html = management_client.get(reverse("portaal:opgave", args=[4])).content.decode()

    assert KOP_4 in html
    assert TABEL_4 not in html


def test_zonder_tabeltitel_heet_een_opgave_in_tabel_1_naar_haar_titel():
    opgave = OpgaveFactory(titel="Eigen titel")
    assert opgave.titel_in_tabel == "Eigen titel"

    opgave.tabeltitel = "  "
    assert opgave.titel_in_tabel == "Eigen titel"
    opgave.tabeltitel = "Titel in de tabel"
    assert opgave.titel_in_tabel == "Titel in de tabel"


def _koppen(html: str) -> list[str]:
    koppen = ["Doelen", "Gerelateerde projecten en programma's", "Resultaten"]
    return sorted(koppen, key=lambda kop: html.index(f">{kop}</h2>"))


def test_opgave_5_toont_gerelateerde_projecten_na_haar_resultaten(management_client):
    html = management_client.get(reverse("portaal:opgave", args=[5])).content.decode()

    assert _koppen(html) == ["Doelen", "Resultaten", "Gerelateerde projecten en programma's"]
    assert "RIS3 Noord-Nederland" in html


@pytest.mark.parametrize("nummer", [1, 2, 3, 4])
def test_de_andere_opgaven_tonen_gerelateerde_projecten_na_hun_doelen(management_client, nummer):
    html = management_client.get(reverse("portaal:opgave", args=[nummer])).content.decode()

    assert _koppen(html) == ["Doelen", "Gerelateerde projecten en programma's", "Resultaten"]


def test_de_volgorde_volgt_de_gegevens_niet_het_nummer(management_client):
    Opgave.objects.filter(nummer=2).update(gerelateerde_na_resultaten=True)

    html = management_client.get(reverse("portaal:opgave", args=[2])).content.decode()

    assert _koppen(html) == ["Doelen", "Resultaten", "Gerelateerde projecten en programma's"]


def test_de_migratie_geeft_een_bestaande_database_de_woorden_van_het_document():
    Opgave.objects.filter(nummer__in=[4, 5]).update(tabeltitel="", gerelateerde_na_resultaten=False)
    versies = dict(Opgave.objects.values_list("nummer", "versie"))

    MIGRATIE.volg_het_document(apps, None)

    opgaven = {opgave.nummer: opgave for opgave in Opgave.objects.all()}
    assert opgaven[4].tabeltitel == TABEL_4
    assert opgaven[4].titel == KOP_4
    assert opgaven[5].gerelateerde_na_resultaten is True
    assert [o.nummer for o in opgaven.values() if o.tabeltitel] == [4]
    assert [o.nummer for o in opgaven.values() if o.gerelateerde_na_resultaten] == [5]
    assert opgaven[4].versie == versies[4] + 1
    assert opgaven[4].history.latest().history_change_reason == MIGRATIE.REDEN


def test_de_migratie_laat_een_hernoemde_opgave_met_rust():
    Opgave.objects.filter(nummer=4).update(titel="Een andere titel", tabeltitel="")

    MIGRATIE.volg_het_document(apps, None)

    assert Opgave.objects.get(nummer=4).tabeltitel == ""
