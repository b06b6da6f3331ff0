"""Saving an activity (issue 18): the post takes a fixed number of queries, the same
with more data, and keeps every guarantee: the version check, the history with user
and reason, and a constraint the edit breaks refused with its own message."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from opgaven.forms import ZOEKGRENS
from opgaven.models import Activiteit, Opgave
from opgaven.services import bewaar_onderdeel
from tests.conftest import EIGEN_OPGAVE
from tests.factories import ActiviteitFactory

pytestmark = pytest.mark.django_db

# Inside a test's transaction, so on SQLite and PostgreSQL alike: session, user, roles
# (4); the form: the activity, whether it has sub-items, the theme, that it exists, the
# tree (5) and its two constraints (each in a savepoint: 6); the save in three
# savepoints (6): the version check, the locked row, the tree again, the update and its
# history record (5). Before issue 18 the save also validated the constraints (6),
# looked up unchanged foreign keys (2) and read the locked row again (3), and the form
# counted and listed the parent choices it did not show (1 to 3).
QUERIES_VAN_DE_POST = 26


def _eigen() -> Opgave:
    return Opgave.objects.get(programma__eerste_jaar=2026, nummer=EIGEN_OPGAVE)


def _activiteit() -> Activiteit:
    return Activiteit.objects.filter(opgave=_eigen(), bovenliggend=None).order_by("pk").first()


def _bewaar(client, activiteit: Activiteit, omschrijving: str):
    return client.post(
        reverse("opgaven:activiteit_bewerken", args=[activiteit.pk]),
        {
            "omschrijving": omschrijving,
            "thema": str(activiteit.thema_id or ""),
            "bovenliggend": "",
            "status": activiteit.status,
            "versie": str(activiteit.versie),
        },
    )


def test_saving_an_activity_takes_the_same_few_queries_with_many_more_activities(
    beleid_client, beleidsmedewerker
):
    activiteit = _activiteit()
    _bewaar(beleid_client, activiteit, "Eerst")  # the first request may refresh the session

    def _tel(tekst: str) -> int:
        activiteit.refresh_from_db()  # the version the form carries
        with CaptureQueriesContext(connection) as queries:
            assert _bewaar(beleid_client, activiteit, tekst).status_code == 302
        return len(queries)

    weinig = _tel("Met weinig activiteiten")
    # More main activities than the parent choice shows: the form's search kicks in.
    for _ in range(2 * ZOEKGRENS):
        ActiviteitFactory(opgave=_eigen(), thema=activiteit.thema)
    assert (weinig, _tel("Met veel activiteiten")) == (QUERIES_VAN_DE_POST,) * 2

    activiteit.refresh_from_db()
    laatste = activiteit.history.order_by("-history_date", "-history_id").first()
    assert activiteit.omschrijving == "Met veel activiteiten"
    assert (laatste.versie, laatste.history_user) == (activiteit.versie, beleidsmedewerker)
    assert laatste.history_change_reason == "Gewijzigd in het portaal"


def test_a_save_that_raises_the_version_reads_the_locked_row_once(beleidsmedewerker):
    activiteit = _activiteit()
    with CaptureQueriesContext(connection) as queries:
        bewaar_onderdeel(
            obj=activiteit,
            verwachte_versie=activiteit.versie,
            gegevens={"omschrijving": "Nieuw"},
            gebruiker=beleidsmedewerker,
        )
    gelezen = [q["sql"] for q in queries if q["sql"].startswith('SELECT "opgaven_activiteit"')]
    assert len(gelezen) == 1  # no second read FOR UPDATE in Versiebeheerd.save
    assert Activiteit.objects.get(pk=activiteit.pk).versie == activiteit.versie + 1


def test_a_constraint_the_service_leaves_to_the_database_is_still_refused_with_its_message(
    beleidsmedewerker,
):
    activiteit = _activiteit()
    with pytest.raises(ValidationError) as fout:
        bewaar_onderdeel(
            obj=activiteit,
            verwachte_versie=activiteit.versie,
            gegevens={"bovenliggend": activiteit},
            gebruiker=beleidsmedewerker,
        )
    assert "onder zichzelf" in str(fout.value) or "hoofdpunt" in str(fout.value)
    assert Activiteit.objects.get(pk=activiteit.pk).bovenliggend_id is None
