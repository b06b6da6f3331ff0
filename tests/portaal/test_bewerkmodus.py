"""The opgave page in edit mode stays light with many items (issue 18): one form for all
↑/↓ buttons instead of one per item, and a status label rendered once per status."""

import re

import pytest
from django.urls import reverse

from opgaven.models import Opgave
from tests.conftest import EIGEN_OPGAVE
from tests.factories import ActiviteitFactory, DoelFactory

pytestmark = pytest.mark.django_db


def _eigen() -> Opgave:
    return Opgave.objects.get(programma__eerste_jaar=2026, nummer=EIGEN_OPGAVE)


def _pagina(client):
    return client.get(reverse("portaal:opgave", args=[EIGEN_OPGAVE]))


def test_every_reorder_button_posts_through_the_one_form_of_the_page(beleid_client):
    for _ in range(10):
        DoelFactory(opgave=_eigen())
        ActiviteitFactory(opgave=_eigen())

    html = _pagina(beleid_client).content.decode()

    knoppen = re.findall(r'<button type="submit" form="([^"]+)" formaction="([^"]+)"', html)
    assert len(knoppen) == 2 * html.count('class="koers-acties"') > 40
    assert {formulier for formulier, _ in knoppen} == {"koers-verplaats"}
    assert all(re.fullmatch(r"/[a-z]+/\d+/verplaatsen/", actie) for _, actie in knoppen)
    # The page's own form with the CSRF token, and the one in the page's header.
    assert html.count("<form") == html.count('name="csrfmiddlewaretoken"') == 2
    assert '<form id="koers-verplaats" method="post" hidden>' in html


def test_a_reorder_button_moves_its_item_as_the_form_per_item_did(beleid_client):
    html = _pagina(beleid_client).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    actie = re.findall(r'formaction="(/doelen/\d+/verplaatsen/)"', html)[1]

    antwoord = beleid_client.post(actie, {"csrfmiddlewaretoken": token, "richting": "omhoog"})

    assert antwoord.status_code == 302
    assert antwoord["Location"].endswith("#doelen")


def test_the_status_label_is_rendered_once_per_status_not_once_per_item(beleid_client):
    def _keer() -> tuple[int, int]:
        antwoord = _pagina(beleid_client)
        keer = sum(t.name == "voortgang/_status.html" for t in antwoord.templates)
        return keer, antwoord.content.decode().count('class="koers-status')

    eerst = _keer()
    for _ in range(10):
        ActiviteitFactory(opgave=_eigen())  # "niet gestart", a status already shown
    keer, labels = _keer()

    assert labels == eerst[1] + 10
    assert keer == eerst[0]
