"""The lists show and filter by status: activities by theirs, results by their latest update."""

from datetime import date

import pytest
from django.urls import reverse

from opgaven.models import Activiteit, ActiviteitStatus
from resultaten.models import Resultaat, Status
from tests.factories import VoortgangsupdateFactory

pytestmark = pytest.mark.django_db

IBDO = "Jaarlijks 550 IBDO-trajecten met ondernemers"


def test_the_results_list_shows_and_filters_by_the_latest_status(management_client):
    ibdo = Resultaat.objects.get(omschrijving=IBDO)
    VoortgangsupdateFactory(resultaat=ibdo, peildatum=date(2026, 3, 31))
    VoortgangsupdateFactory(resultaat=ibdo, peildatum=date(2026, 6, 30), risico=True)

    alles = management_client.get(reverse("resultaten:lijst")).content.decode()
    assert ">Laatste status<" in alles
    risico = management_client.get(reverse("resultaten:lijst"), {"status": Status.RISICO})
    html = risico.content.decode()
    assert "1 resultaat gevonden" in html
    assert IBDO in html
    zonder = management_client.get(reverse("resultaten:lijst"), {"status": "geen_update"})
    assert IBDO not in zonder.content.decode()


def test_the_activities_list_shows_and_filters_by_status(management_client):
    activiteit = Activiteit.objects.filter(opgave__nummer=3).first()
    activiteit.status = ActiviteitStatus.AFGEROND
    activiteit.save()

    html = management_client.get(
        reverse("opgaven:activiteiten"), {"status": ActiviteitStatus.AFGEROND}
    ).content.decode()
    assert "1 activiteit gevonden" in html
    assert activiteit.omschrijving in html
    assert "afgerond" in html


def test_the_opgave_is_shown_by_its_short_title_named_in_full(management_client):
    html = management_client.get(reverse("opgaven:activiteiten")).content.decode()
    assert 'aria-label="Opgave 3: ' in html
    assert ">3. " in html
