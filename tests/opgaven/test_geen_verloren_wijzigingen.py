import threading
import time

import pytest
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from basis import versies
from opgaven.models import Activiteit, Opgave, Programma
from tests.conftest import EIGEN_OPGAVE

pytestmark = pytest.mark.django_db


def _post(client: Client, activiteit: Activiteit, omschrijving: str, versie: int):
    return client.post(
        reverse("opgaven:activiteit_bewerken", args=[activiteit.pk]),
        {
            "omschrijving": omschrijving,
            "thema": str(activiteit.thema_id),
            "bovenliggend": "",
            "versie": str(versie),
        },
    )


def test_the_later_of_two_saves_is_refused_and_shows_what_the_other_changed(
    beleidsmedewerker, beheerder
):
    activiteit = Activiteit.objects.get(
        opgave__nummer=EIGEN_OPGAVE, omschrijving="Continueren van het MKB Fonds Drenthe"
    )
    eerste, tweede = Client(), Client()
    eerste.force_login(beheerder)
    tweede.force_login(beleidsmedewerker)
    geopend = activiteit.versie  # both open the form at the same version

    assert (
        _post(eerste, activiteit, "MKB Fonds Drenthe voortzetten en evalueren", geopend).status_code
        == 302
    )
    response = _post(tweede, activiteit, "MKB Fonds Drenthe uitbreiden", geopend)

    html = response.content.decode()
    assert response.status_code == 200
    assert "heeft dit intussen gewijzigd" in html
    assert "Uw invoer staat nog in het formulier en is niet opgeslagen" in html
    assert "Continueren van het MKB Fonds Drenthe" in html  # what it was
    assert "MKB Fonds Drenthe voortzetten en evalueren" in html  # what the other made of it
    assert "MKB Fonds Drenthe uitbreiden</textarea>" in html  # own input kept
    activiteit.refresh_from_db()
    assert activiteit.omschrijving == "MKB Fonds Drenthe voortzetten en evalueren"

    # Saving again, after seeing the other's change, is a deliberate overwrite.
    assert f'name="versie" value="{geopend + 1}"' in html
    assert _post(tweede, activiteit, "MKB Fonds Drenthe uitbreiden", geopend + 1).status_code == 302
    activiteit.refresh_from_db()
    assert activiteit.omschrijving == "MKB Fonds Drenthe uitbreiden"


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs row locks between two database sessions; CI runs this on PostgreSQL",
)
@pytest.mark.django_db(transaction=True)
def test_two_database_sessions_saving_at_once_cannot_both_win(django_user_model):
    # Data of its own, committed, because each thread has its own connection.
    programma = Programma.objects.create(titel="Gelijktijdig", eerste_jaar=2040, laatste_jaar=2041)
    opgave = Opgave.objects.create(programma=programma, nummer=1, titel="Test")
    activiteit = Activiteit.objects.create(opgave=opgave, omschrijving="Begin")
    gebruiker = django_user_model.objects.create_user("sessies")
    eerste_heeft_geschreven = threading.Event()
    uitkomst: dict[str, object] = {}

    def eerste_sessie():
        try:
            with transaction.atomic():
                versies.bewaar_met_versie(
                    obj=activiteit,
                    verwachte_versie=1,
                    gegevens={"omschrijving": "Eerste"},
                    gebruiker=gebruiker,
                )
                eerste_heeft_geschreven.set()
                # Hold the row lock while the second session tries to save.
                time.sleep(0.5)
            uitkomst["eerste"] = "opgeslagen"
        finally:
            connection.close()

    def tweede_sessie():
        try:
            eerste_heeft_geschreven.wait(5)
            versies.bewaar_met_versie(
                obj=activiteit,
                verwachte_versie=1,
                gegevens={"omschrijving": "Tweede"},
                gebruiker=gebruiker,
            )
            uitkomst["tweede"] = "opgeslagen"
        except versies.Versieconflict as conflict:
            uitkomst["tweede"] = conflict
        finally:
            connection.close()

    draden = [threading.Thread(target=eerste_sessie), threading.Thread(target=tweede_sessie)]
    for draad in draden:
        draad.start()
    for draad in draden:
        draad.join(10)

    assert uitkomst["eerste"] == "opgeslagen"
    assert isinstance(uitkomst["tweede"], versies.Versieconflict)
    assert [w.nieuw for w in uitkomst["tweede"].wijzigingen] == ["Eerste"]
    activiteit.refresh_from_db()
    assert (activiteit.omschrijving, activiteit.versie) == ("Eerste", 2)
