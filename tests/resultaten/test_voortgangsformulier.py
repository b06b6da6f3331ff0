"""The progress form offers only real choices."""

import re

import pytest
from django.urls import reverse

from resultaten.models import Resultaat
from tests.conftest import EIGEN_OPGAVE

pytestmark = pytest.mark.django_db


def test_the_progress_form_offers_no_empty_status_choice(beleid_client):
    resultaat = Resultaat.objects.filter(opgave__nummer=EIGEN_OPGAVE).first()
    html = beleid_client.get(
        reverse("resultaten:resultaat_voortgang", args=[resultaat.pk])
    ).content.decode()
    keuzes = re.findall(r'<input type="radio" name="status" value="([^"]*)"', html)
    assert keuzes == ["op_koers", "aandacht_nodig", "risico"]
    assert "---------" not in html
