import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from budget.models import Begrotingsbedrag
from opgaven.models import Activiteit
from tests.conftest import EIGEN_OPGAVE
from tests.helpers import csv_rijen, formulier

pytestmark = pytest.mark.django_db


def _bewerk_activiteit(client, activiteit: Activiteit, tekst: str):
    activiteit.refresh_from_db()
    return client.post(
        reverse("opgaven:activiteit_bewerken", args=[activiteit.pk]),
        {
            "omschrijving": tekst,
            "thema": str(activiteit.thema_id),
            "bovenliggend": "",
            "versie": str(activiteit.versie),
        },
    )


def test_a_web_edit_shows_in_the_opgave_history_with_user_and_old_and_new_value(beleid_client):
    activiteit = Activiteit.objects.get(omschrijving="Continueren van het MKB Fonds Drenthe")
    _bewerk_activiteit(beleid_client, activiteit, "MKB Fonds Drenthe verlengen")

    html = beleid_client.get(
        reverse("portaal:opgave_wijzigingen", args=[EIGEN_OPGAVE])
    ).content.decode()

    eerste = html[html.index('<li class="wijziging">') :]
    assert "beleid" in eerste[:600]
    assert "activiteit gewijzigd" in eerste[:600]
    assert (
        "<td>Continueren van het MKB Fonds Drenthe</td><td>MKB Fonds Drenthe verlengen</td>" in html
    )


def test_an_admin_correction_of_a_budget_amount_shows_in_the_history(beheerder_client):
    bedrag = Begrotingsbedrag.objects.get(regel__omschrijving="Founded in the North", jaar=2027)
    url = reverse("admin:budget_begrotingsbedrag_change", args=[bedrag.pk])
    beheerder_client.post(
        url, formulier(beheerder_client, url, bedrag="275.000", reden="Correctie na GS-besluit")
    )

    html = beheerder_client.get(
        reverse("portaal:opgave_wijzigingen", args=[EIGEN_OPGAVE])
    ).content.decode()

    assert "begrotingsbedrag gewijzigd" in html
    assert "<td>250.000</td><td>275.000</td>" in html
    assert "Correctie na GS-besluit" in html


def test_loading_the_programme_is_the_first_entry(management_client):
    html = management_client.get(reverse("portaal:opgave_wijzigingen", args=[1])).content.decode()
    assert "toegevoegd" in html
    assert "Geladen uit het programmadocument" in html


def test_history_page_query_count_does_not_grow_with_the_history(beleid_client):
    url = reverse("portaal:opgave_wijzigingen", args=[EIGEN_OPGAVE])
    activiteit = Activiteit.objects.get(omschrijving="Continueren van het MKB Fonds Drenthe")
    _bewerk_activiteit(beleid_client, activiteit, "Eerste versie")
    with CaptureQueriesContext(connection) as weinig:
        beleid_client.get(url)

    for i in range(60):
        _bewerk_activiteit(beleid_client, activiteit, f"Versie {i}")
    with CaptureQueriesContext(connection) as veel:
        response = beleid_client.get(url)

    html = response.content.decode()
    assert "<td>Versie 58</td><td>Versie 59</td>" in html
    assert "Oudere wijzigingen" in html
    assert len(veel.captured_queries) == len(weinig.captured_queries)


def test_older_changes_are_reached_page_by_page(beleid_client):
    url = reverse("portaal:opgave_wijzigingen", args=[EIGEN_OPGAVE])
    html = beleid_client.get(url).content.decode()
    volgende = html.split('<a href="?voor=')[1].split('"')[0]
    ouder = beleid_client.get(f"{url}?voor={volgende}").content.decode()
    assert ouder.count('<li class="wijziging">') > 0
    assert beleid_client.get(f"{url}?voor=onzin").status_code == 200


def _export(client, formaat: str, **params):
    url = reverse("portaal:opgave_wijzigingen_export", args=[EIGEN_OPGAVE, formaat])
    return client.get(url, params)


def test_de_wijzigingen_van_een_opgave_gaan_veilig_als_csv_en_xlsx_mee(beleid_client):
    activiteit = Activiteit.objects.get(omschrijving="Continueren van het MKB Fonds Drenthe")
    _bewerk_activiteit(beleid_client, activiteit, '=HYPERLINK("http://example.invalid","klik")')
    _bewerk_activiteit(beleid_client, activiteit, "Enquête\x0bmet een verticale tab")

    rijen = csv_rijen(_export(beleid_client, "csv"))
    kop, eerste, tweede = rijen[0], rijen[1], rijen[2]
    assert kop == [
        "Tijdstip",
        "Gebruiker",
        "Onderwerp",
        "Soort",
        "Omschrijving",
        "Veld",
        "Oud",
        "Nieuw",
        "Reden",
    ]
    assert eerste[1:4] == ["beleid", "activiteit", "gewijzigd"]
    assert eerste[6:8] == [
        '\'=HYPERLINK("http://example.invalid","klik")',
        "Enquête met een verticale tab",
    ]
    assert tweede[6] == "Continueren van het MKB Fonds Drenthe"

    response = _export(beleid_client, "xlsx")
    assert response["Content-Disposition"].startswith('attachment; filename="wijzigingen-opgave-')
    blad = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert blad["A2"].is_date
    assert blad["G2"].data_type == "s"
    assert blad["G2"].value.startswith("'=HYPERLINK")
    assert blad["H2"].value == "Enquête met een verticale tab"


def test_de_export_begint_waar_de_pagina_begint(beleid_client):
    url = reverse("portaal:opgave_wijzigingen", args=[EIGEN_OPGAVE])
    html = beleid_client.get(url).content.decode()
    assert reverse("portaal:opgave_wijzigingen_export", args=[EIGEN_OPGAVE, "xlsx"]) in html
    volgende = html.split('<a href="?voor=')[1].split('"')[0]

    ouder = beleid_client.get(f"{url}?voor={volgende}").content.decode()
    assert f"export.csv?voor={volgende}" in ouder

    alles = csv_rijen(_export(beleid_client, "csv"))
    vanaf = csv_rijen(beleid_client.get(f"{url}export.csv?voor={volgende}"))
    assert 1 < len(vanaf) < len(alles)


def test_wie_niet_is_ingelogd_krijgt_geen_export(client):
    response = _export(client, "csv")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
