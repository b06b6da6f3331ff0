"""Two users adding the same partner or related programme at the same moment.

The database's unique constraints decide; the loser of the race links the winner's
record instead of getting a server error. On PostgreSQL two threads with their own
connections make the race real: the first holds its transaction open while the
second tries to insert the same name.
"""

import threading
import time
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.urls import reverse

from opgaven import services
from opgaven.models import (
    GerelateerdProgramma,
    OpgaveGerelateerdProgramma,
    OpgavePartner,
    Partner,
)
from tests.conftest import EIGEN_OPGAVE
from tests.factories import GebruikerFactory, OpgaveFactory, PartnerFactory, ProgrammaFactory

ALLEEN_POSTGRESQL = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite has no concurrent writers; this race needs PostgreSQL",
)


def _tegelijk(eerste: Callable[[], object], tweede: Callable[[], object]) -> dict[str, object]:
    """Run `eerste` in a transaction held open for a moment, and `tweede` meanwhile.

    Returns what each returned, or the exception it raised.
    """
    eerste_heeft_geschreven = threading.Event()
    uitkomst: dict[str, object] = {}

    def sessie(naam: str, werk: Callable[[], object], vasthouden: bool) -> None:
        try:
            if vasthouden:
                with transaction.atomic():
                    uitkomst[naam] = werk()
                    eerste_heeft_geschreven.set()
                    time.sleep(0.5)  # the second session runs into our uncommitted row
            else:
                eerste_heeft_geschreven.wait(5)
                uitkomst[naam] = werk()
        except Exception as fout:
            uitkomst[naam] = fout
        finally:
            eerste_heeft_geschreven.set()
            connection.close()

    draden = [
        threading.Thread(target=sessie, args=("eerste", eerste, True)),
        threading.Thread(target=sessie, args=("tweede", tweede, False)),
    ]
    for draad in draden:
        draad.start()
    for draad in draden:
        draad.join(15)
    return uitkomst


def _twee_opgaven():
    programma = ProgrammaFactory()
    return OpgaveFactory(programma=programma), OpgaveFactory(programma=programma)


@ALLEEN_POSTGRESQL
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("soort", "doelmodel", "koppelmodel"),
    [
        ("partners", Partner, OpgavePartner),
        ("programmas", GerelateerdProgramma, OpgaveGerelateerdProgramma),
    ],
)
def test_the_same_new_name_added_at_once_by_two_users_is_stored_once_and_linked_twice(
    soort, doelmodel, koppelmodel
):
    opgave_a, opgave_b = _twee_opgaven()
    anne, bart = GebruikerFactory(), GebruikerFactory()

    uitkomst = _tegelijk(
        lambda: services.koppel(
            opgave=opgave_a, soort=soort, gebruiker=anne, nieuwe_naam="Stichting Gelijktijdig"
        ),
        lambda: services.koppel(
            opgave=opgave_b, soort=soort, gebruiker=bart, nieuwe_naam="stichting  GELIJKTIJDIG"
        ),
    )

    assert isinstance(uitkomst["eerste"], doelmodel), uitkomst
    assert isinstance(uitkomst["tweede"], doelmodel), uitkomst
    assert uitkomst["eerste"].pk == uitkomst["tweede"].pk
    assert list(doelmodel.objects.filter(naam__iexact="stichting gelijktijdig")) == [
        uitkomst["eerste"]
    ]
    assert koppelmodel.objects.filter(opgave__in=[opgave_a, opgave_b]).count() == 2


@ALLEEN_POSTGRESQL
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("nieuw", [True, False], ids=["nieuwe naam", "bestaande partner"])
def test_two_users_linking_the_same_partner_to_one_opgave_at_once_make_one_link(nieuw):
    opgave, _ander = _twee_opgaven()
    anne, bart = GebruikerFactory(), GebruikerFactory()
    bestaand = None if nieuw else PartnerFactory(naam="Stichting Samen")

    def koppel(gebruiker):
        return lambda: services.koppel(
            opgave=opgave,
            soort="partners",
            gebruiker=gebruiker,
            bestaand=bestaand,
            nieuwe_naam="" if bestaand else "Stichting Samen",
        )

    uitkomst = _tegelijk(koppel(anne), koppel(bart))

    assert isinstance(uitkomst["eerste"], Partner), uitkomst
    assert isinstance(uitkomst["tweede"], Partner), uitkomst
    assert Partner.objects.filter(naam__iexact="stichting samen").count() == 1
    assert OpgavePartner.objects.filter(opgave=opgave).count() == 1


@pytest.mark.django_db
def test_a_new_name_that_differs_only_in_case_and_spaces_links_the_existing_one():
    opgave, _ander = _twee_opgaven()
    bestaand = PartnerFactory(naam="Ondernemend Drenthe")

    gekoppeld = services.koppel(
        opgave=opgave,
        soort="partners",
        gebruiker=GebruikerFactory(),
        nieuwe_naam="\u200b ondernemend   DRENTHE\u00a0",
    )

    assert gekoppeld == bestaand
    assert list(opgave.partners.all()) == [bestaand]


@pytest.mark.django_db
@pytest.mark.parametrize("naam", ["", "\u200b", "\ufeff\u00a0", "   "])
def test_a_name_of_only_invisible_characters_is_a_validation_error_not_a_crash(naam):
    opgave, _ander = _twee_opgaven()

    with pytest.raises(ValidationError) as fout:
        services.koppel(
            opgave=opgave, soort="programmas", gebruiker=GebruikerFactory(), nieuwe_naam=naam
        )

    assert list(fout.value.message_dict) == ["naam"]
    assert not GerelateerdProgramma.objects.filter(naam=naam).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("soort", ["partners", "programmas"])
def test_the_link_page_shows_an_invisible_name_as_a_message_next_to_the_field(beleid_client, soort):
    response = beleid_client.post(
        reverse("opgaven:koppelingen", args=[EIGEN_OPGAVE, soort]), {"nieuwe_naam": "\u200b"}
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "__all__": ["Kies een bestaande of vul een nieuwe naam in."]
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("soort", "doelmodel", "lengte"),
    [("partners", Partner, 200), ("programmas", GerelateerdProgramma, 300)],
)
def test_a_new_name_may_be_as_long_as_the_model_stores_and_no_longer(
    beleid_client, soort, doelmodel, lengte
):
    url = reverse("opgaven:koppelingen", args=[EIGEN_OPGAVE, soort])

    te_lang = beleid_client.post(url, {"nieuwe_naam": "x" * (lengte + 1)})
    assert te_lang.status_code == 200
    assert "nieuwe_naam" in te_lang.context["form"].errors

    precies = beleid_client.post(url, {"nieuwe_naam": "y" * lengte})
    assert precies.status_code == 302
    assert doelmodel.objects.filter(naam="y" * lengte).exists()
