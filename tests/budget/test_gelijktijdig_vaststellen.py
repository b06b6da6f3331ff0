"""Vaststellen an amendment twice, one after the other or by two beheerders at once:
it is set once, and the second is told so in Dutch instead of a server error."""

import threading
import time
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.urls import reverse

from budget import services
from budget.models import Wijzigingsstatus
from tests.budget.hulp import voucherregelingen
from tests.factories import BegrotingswijzigingFactory, GebruikerFactory

pytestmark = pytest.mark.django_db


def test_setting_an_amendment_that_is_no_longer_a_concept_is_a_dutch_validation_error():
    wijziging = BegrotingswijzigingFactory()
    beheerder = GebruikerFactory(beheerder=True)
    verouderd = type(wijziging).objects.get(pk=wijziging.pk)  # the second beheerder's copy
    services.stel_wijziging_vast(wijziging=wijziging, gebruiker=beheerder)

    with pytest.raises(ValidationError) as fout:
        services.stel_wijziging_vast(wijziging=verouderd, gebruiker=beheerder)

    assert fout.value.messages == ["Deze wijziging is al vastgesteld."]
    wijziging.refresh_from_db()
    assert wijziging.status == Wijzigingsstatus.VASTGESTELD
    assert wijziging.history.filter(status=Wijzigingsstatus.VASTGESTELD).count() == 1


def test_the_second_vaststellen_on_the_page_is_a_message_not_an_error(beheerder_client):
    wijziging = BegrotingswijzigingFactory(regel=voucherregelingen())
    url = reverse("budget:wijziging_vaststellen", args=[wijziging.pk])

    getoond = {"versie": str(wijziging.versie)}
    assert beheerder_client.post(url, getoond).status_code == 302
    response = beheerder_client.post(url, getoond, follow=True)

    assert response.status_code == 200
    # The first success message was not shown yet (no page in between); the second is a warning.
    assert [str(m) for m in response.context["messages"]][-1] == "Deze wijziging is al vastgesteld."


def test_an_amendment_deleted_in_the_meantime_is_a_dutch_validation_error():
    wijziging = BegrotingswijzigingFactory()
    type(wijziging).objects.filter(pk=wijziging.pk).delete()

    with pytest.raises(ValidationError, match="Deze wijziging bestaat niet meer"):
        services.stel_wijziging_vast(wijziging=wijziging, gebruiker=GebruikerFactory())


@pytest.mark.parametrize("besluitdatum", [date(1, 1, 1), date(1999, 12, 31), date(9999, 12, 31)])
def test_a_besluitdatum_outside_2000_2100_is_refused_and_it_stays_a_concept(besluitdatum):
    wijziging = BegrotingswijzigingFactory()

    with pytest.raises(ValidationError) as fout:
        services.stel_wijziging_vast(
            wijziging=wijziging, gebruiker=GebruikerFactory(), besluitdatum=besluitdatum
        )

    assert fout.value.message_dict["besluitdatum"] == [
        "Kies een datum tussen 01-01-2000 en 31-12-2100."
    ]
    wijziging.refresh_from_db()
    assert wijziging.status == Wijzigingsstatus.CONCEPT


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite has no concurrent writers; two beheerders at once need PostgreSQL",
)
@pytest.mark.django_db(transaction=True)
def test_two_beheerders_setting_the_same_amendments_at_once_set_each_once():
    wijzigingen = [BegrotingswijzigingFactory(), BegrotingswijzigingFactory()]
    # Each beheerder selected the concepts in the admin: their own copies.
    kopieen = {
        naam: list(type(wijzigingen[0]).objects.filter(pk__in=[w.pk for w in wijzigingen]))
        for naam in ("anne", "bart")
    }
    anne, bart = GebruikerFactory(beheerder=True), GebruikerFactory(beheerder=True)
    anne_heeft_vastgesteld = threading.Event()
    uitkomst: dict[str, list[object]] = {"anne": [], "bart": []}

    def vaststellen(naam, gebruiker, eerst_wachten):
        try:
            if eerst_wachten:
                anne_heeft_vastgesteld.wait(5)
            with transaction.atomic():
                for wijziging in kopieen[naam]:
                    try:
                        services.stel_wijziging_vast(wijziging=wijziging, gebruiker=gebruiker)
                        uitkomst[naam].append("vastgesteld")
                    except ValidationError as fout:
                        uitkomst[naam].append(fout)
                if not eerst_wachten:
                    anne_heeft_vastgesteld.set()
                    time.sleep(0.5)  # Bart's bulk action runs into Anne's locked rows
        finally:
            anne_heeft_vastgesteld.set()
            connection.close()

    draden = [
        threading.Thread(target=vaststellen, args=("anne", anne, False)),
        threading.Thread(target=vaststellen, args=("bart", bart, True)),
    ]
    for draad in draden:
        draad.start()
    for draad in draden:
        draad.join(15)

    assert uitkomst["anne"] == ["vastgesteld", "vastgesteld"]
    assert [type(fout) for fout in uitkomst["bart"]] == [services.AlVastgesteld] * 2
    assert all(isinstance(fout, ValidationError) for fout in uitkomst["bart"])
    for wijziging in wijzigingen:
        wijziging.refresh_from_db()
        assert wijziging.status == Wijzigingsstatus.VASTGESTELD
        assert wijziging.history.filter(status=Wijzigingsstatus.VASTGESTELD).count() == 1
        assert wijziging.history.first().history_user == anne
