"""After an edit started from a list, the user is back on that list, filter and all."""

from urllib.parse import urlencode

import pytest
from django.urls import reverse

from opgaven.models import Activiteit
from tests.conftest import EIGEN_OPGAVE
from tests.helpers import formulier

pytestmark = pytest.mark.django_db


def _activiteit() -> Activiteit:
    return Activiteit.objects.get(
        opgave__nummer=EIGEN_OPGAVE, omschrijving__startswith="Ondernemersdienstverlening via IBDO"
    )


def test_the_edit_link_in_a_filtered_list_carries_the_list_back(beleid_client):
    html = beleid_client.get(reverse("opgaven:activiteiten"), {"tekst": "IBDO"}).content.decode()
    bewerken = reverse("opgaven:activiteit_bewerken", args=[_activiteit().pk])
    assert f'href="{bewerken}?terug=%2Factiviteiten%2F%3Ftekst%3DIBDO"' in html


def test_saving_returns_to_the_filtered_list_with_the_confirmation(beleid_client):
    activiteit = _activiteit()
    lijst = reverse("opgaven:activiteiten") + "?tekst=IBDO&sort=thema"
    url = (
        reverse("opgaven:activiteit_bewerken", args=[activiteit.pk])
        + "?"
        + urlencode({"terug": lijst})
    )
    response = beleid_client.post(
        url, formulier(beleid_client, url, omschrijving="IBDO, ook digitaal")
    )
    assert response.status_code == 302
    assert response["Location"] == lijst
    pagina = beleid_client.get(response["Location"]).content.decode()
    assert "De wijziging is opgeslagen." in pagina
    assert "IBDO, ook digitaal" in pagina


@pytest.mark.parametrize("terug", ["https://elders.example/", "//elders.example/", "javascript:x"])
def test_a_foreign_return_address_is_ignored(beleid_client, terug):
    activiteit = _activiteit()
    url = reverse("opgaven:activiteit_bewerken", args=[activiteit.pk])
    gegevens = formulier(beleid_client, url, omschrijving="IBDO, ook digitaal", terug=terug)
    response = beleid_client.post(url, gegevens)
    assert response["Location"] == reverse("portaal:opgave", args=[EIGEN_OPGAVE])
