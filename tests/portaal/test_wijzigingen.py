import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from budget.models import Begrotingsbedrag
from opgaven.models import Activiteit
from tests.conftest import EIGEN_OPGAVE
from tests.helpers import formulier

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
