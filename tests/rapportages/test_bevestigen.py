"""Vaststellen asks for confirmation first, saying exactly what will be frozen."""

import pytest
from django.urls import reverse

from rapportages.models import Voortgangsrapportage

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
