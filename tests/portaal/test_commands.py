from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.urls import reverse

from budget.models import Begrotingsbedrag, Begrotingsregel
from opgaven.models import Activiteit, Opgave, Partner, Programma
from portaal.services import _domeinmodellen

pytestmark = pytest.mark.django_db


def _maak_database_leeg():
    # Children first; the test's transaction rolls all of it back afterwards.
    Begrotingsbedrag.objects.all().delete()
    Begrotingsregel.objects.all().delete()
    Activiteit.objects.all().delete()
    Opgave.objects.all().delete()
    for model in _domeinmodellen():
        model.objects.all().delete()
        model.history.all().delete()


def test_laad_programma_fills_an_empty_database_in_one_step():
    _maak_database_leeg()
    uit = StringIO()

    call_command("laad_programma", stdout=uit)

    assert "5 opgaven" in uit.getvalue()
    programma = Programma.objects.get()
    assert programma.jaren == [2026, 2027]
    assert Begrotingsregel.objects.count() == 22


def test_laad_programma_records_the_loaded_data_in_the_history():
    _maak_database_leeg()
    call_command("laad_programma", stdout=StringIO())

    historie = Begrotingsbedrag.history.filter(history_type="+")
    assert historie.count() == Begrotingsbedrag.objects.count() == 44
    assert {h.history_change_reason for h in historie} == {"Geladen uit het programmadocument"}


def test_laad_programma_refuses_to_overwrite_existing_data():
    Partner.objects.filter(pk=1).update(naam="Gewijzigd door een gebruiker")

    with pytest.raises(CommandError, match="bevat al gegevens"):
        call_command("laad_programma", stdout=StringIO())

    assert Partner.objects.get(pk=1).naam == "Gewijzigd door een gebruiker"


def test_laad_programma_can_skip_quietly_for_the_run_script():
    uit = StringIO()
    call_command("laad_programma", "--overslaan-als-gevuld", stdout=uit)
    assert "Overgeslagen" in uit.getvalue()
    assert Programma.objects.count() == 1


def test_demo_users_are_refused_outside_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="alleen voor lokaal gebruik"):
        call_command("maak_demogebruikers", stdout=StringIO())
    assert not get_user_model().objects.exists()


def test_demo_users_get_their_roles_and_printed_passwords(settings, client):
    settings.DEBUG = True
    uit = StringIO()
    call_command("maak_demogebruikers", stdout=uit)

    gebruikers = {g.username: g for g in get_user_model().objects.prefetch_related("groups")}
    assert set(gebruikers) == {"beheerder", "management", "beleid"}
    assert [g.name for g in gebruikers["beheerder"].groups.all()] == ["Beheerder"]
    assert gebruikers["beheerder"].is_staff
    assert not gebruikers["management"].is_staff

    regel = next(r for r in uit.getvalue().splitlines() if r.strip().startswith("management"))
    wachtwoord = regel.split()[1]
    response = client.post(reverse("login"), {"username": "management", "password": wachtwoord})
    assert response.status_code == 302
