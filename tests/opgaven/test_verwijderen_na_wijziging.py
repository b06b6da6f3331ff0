"""A delete confirmation deletes what it showed, or nothing: an edit or a new sub-item
saved after the user opened it stops the deletion with a message."""

import pytest
from django.test import Client
from django.urls import reverse

from opgaven.models import Activiteit, Doel, Opgave
from resultaten.models import Indicator
from tests.conftest import EIGEN_OPGAVE
from tests.factories import ActiviteitFactory, DoelFactory, IndicatorFactory, IndicatorwaardeFactory
from tests.helpers import formulier

pytestmark = pytest.mark.django_db


def _berichten(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def _hoofdactiviteit() -> Activiteit:
    """A main activity of the beleidsmedewerker's own opgave, with one sub-activity."""
    hoofd = ActiviteitFactory(opgave=Opgave.objects.get(nummer=EIGEN_OPGAVE), met_thema=True)
    ActiviteitFactory(opgave=hoofd.opgave, thema=hoofd.thema, bovenliggend=hoofd)
    return hoofd


def test_a_delete_confirmed_after_a_colleague_edited_the_item_deletes_nothing(
    beleid_client, beheerder
):
    activiteit = _hoofdactiviteit()
    url = reverse("opgaven:activiteit_verwijderen", args=[activiteit.pk])
    bevestiging = formulier(beleid_client, url)
    activiteit.omschrijving = "Door een collega herschreven"
    activiteit._history_user = beheerder
    activiteit.save()

    response = beleid_client.post(url, bevestiging, follow=True)

    assert Activiteit.objects.filter(pk=activiteit.pk).exists()
    assert "Er is niets verwijderd" in " ".join(_berichten(response))
    # The confirmation is shown again as it is now; confirming that one deletes.
    assert "Door een collega herschreven" in response.content.decode()
    beleid_client.post(url, formulier(beleid_client, url))
    assert not Activiteit.objects.filter(pk=activiteit.pk).exists()


def test_a_delete_confirmed_before_a_sub_item_was_added_deletes_nothing(beleid_client):
    activiteit = _hoofdactiviteit()
    url = reverse("opgaven:activiteit_verwijderen", args=[activiteit.pk])
    bevestiging = formulier(beleid_client, url)
    nieuw = ActiviteitFactory(
        opgave=activiteit.opgave, thema=activiteit.thema, bovenliggend=activiteit
    )

    beleid_client.post(url, bevestiging)

    assert Activiteit.objects.filter(pk__in=[activiteit.pk, nieuw.pk]).count() == 2


def test_a_delete_confirmed_before_a_sub_item_was_removed_deletes_nothing(beleid_client):
    hoofd = DoelFactory(opgave=Opgave.objects.get(nummer=EIGEN_OPGAVE))
    DoelFactory(opgave=hoofd.opgave, bovenliggend=hoofd)
    url = reverse("opgaven:doel_verwijderen", args=[hoofd.pk])
    bevestiging = formulier(beleid_client, url)
    hoofd.onderliggende.first().delete()

    beleid_client.post(url, bevestiging)

    assert Doel.objects.filter(pk=hoofd.pk).exists()


def test_a_delete_posted_without_the_confirmation_deletes_nothing(beleid_client):
    activiteit = _hoofdactiviteit()

    beleid_client.post(reverse("opgaven:activiteit_verwijderen", args=[activiteit.pk]))

    assert Activiteit.objects.filter(pk=activiteit.pk).exists()


def test_an_item_deleted_by_a_colleague_meanwhile_gives_a_message_not_an_error(
    beleid_client, beheerder
):
    activiteit = _hoofdactiviteit()
    url = reverse("opgaven:activiteit_verwijderen", args=[activiteit.pk])
    bevestiging = formulier(beleid_client, url)
    collega = Client()
    collega.force_login(beheerder)
    collega.post(url, formulier(collega, url))

    response = beleid_client.post(url, bevestiging)

    assert response.status_code == 404  # gone: nothing left to confirm


def test_an_indicator_given_a_value_after_the_confirmation_is_kept_with_a_message(
    beleid_client,
):
    indicator = IndicatorFactory(
        resultaat__opgave=_hoofdactiviteit().opgave,
    )
    url = reverse("resultaten:indicator_verwijderen", args=[indicator.pk])
    bevestiging = formulier(beleid_client, url)
    IndicatorwaardeFactory(indicator=indicator)

    response = beleid_client.post(url, bevestiging, follow=True)

    assert response.status_code == 200
    assert Indicator.objects.filter(pk=indicator.pk).exists()
    assert "voortgang op gemeld" in " ".join(_berichten(response))


def test_an_indicator_edited_after_the_confirmation_is_kept(beleid_client):
    indicator = IndicatorFactory(resultaat__opgave=_hoofdactiviteit().opgave)
    url = reverse("resultaten:indicator_verwijderen", args=[indicator.pk])
    bevestiging = formulier(beleid_client, url)
    indicator.naam = "Andere naam"
    indicator.save()

    beleid_client.post(url, bevestiging)

    assert Indicator.objects.filter(pk=indicator.pk).exists()
