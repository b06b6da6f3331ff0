"""Every budget line links to its page: in Tabel 1 and on the opgave page."""

import pytest
from django.urls import reverse

from budget.models import Begrotingsregel
from tests.conftest import EIGEN_OPGAVE

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url", [reverse("budget:begroting"), reverse("portaal:opgave", args=[EIGEN_OPGAVE])]
)
def test_each_budget_line_in_tabel_1_links_to_its_page(management_client, url):
    html = management_client.get(url, {"alles": 1}).content.decode()
    regels = Begrotingsregel.objects.filter(opgave__programma__opgaven__nummer=EIGEN_OPGAVE)
    if "opgaven" in url:
        regels = regels.filter(opgave__nummer=EIGEN_OPGAVE)
    assert regels
    for regel in regels.distinct():
        assert f'href="{reverse("budget:regel", args=[regel.pk])}"' in html, regel
