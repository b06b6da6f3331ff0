from datetime import date
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.urls import reverse

from budget.models import Begrotingsregel
from opgaven.models import Activiteit, Opgave
from portaal.backup import INHOUD
from rapportages.models import Voortgangsrapportage
from rapportages.services import stel_rapportage_vast

pytestmark = pytest.mark.django_db


def _modellen():
    modellen = []
    for label in INHOUD:
        if "." in label:
            modellen.append(apps.get_model(label))
        else:
            modellen.extend(apps.get_app_config(label).get_models())
    return modellen


def _momentopname(programma) -> dict:
    """Every row of every backed-up table, and Tabel 1's totals."""

    def rij(waarden: tuple) -> str:
        # PostgreSQL returns binary fields as memoryview; compare the bytes.
        return repr(tuple(bytes(w) if isinstance(w, memoryview) else w for w in waarden))

    rijen = {
        model._meta.label: sorted(map(rij, model._base_manager.order_by("pk").values_list()))
        for model in _modellen()
    }
    tabel = Begrotingsregel.objects.tabel(programma)
    return {
        "rijen": rijen,
        "totalen": tabel.totalen,
        "subtotalen": [g.subtotalen for g in tabel.groepen],
    }


def _leeg_alles():
    # Children before parents; the test's transaction rolls it all back.
    for model in reversed(_modellen()):
        if model is not get_user_model():
            model._base_manager.all().delete()
    get_user_model().objects.all().delete()


def test_a_backup_restores_into_an_empty_database_with_nothing_lost(
    tmp_path, programma, beleid_client, management
):
    # Some real use first, so the history holds more than the initial load.
    activiteit = Activiteit.objects.get(omschrijving="Continueren van het MKB Fonds Drenthe")
    beleid_client.post(
        reverse("opgaven:activiteit_bewerken", args=[activiteit.pk]),
        {"omschrijving": "MKB Fonds voortzetten", "thema": str(activiteit.thema_id), "versie": "1"},
    )
    rapport = stel_rapportage_vast(
        programma=programma,
        opgave=Opgave.objects.get(nummer=3),
        peildatum=date(2026, 6, 30),
        gebruiker=management,
    )
    voor = _momentopname(programma)
    bestand = tmp_path / "koers.xml"

    call_command("maak_backup", str(bestand), stdout=StringIO())
    _leeg_alles()
    assert not Activiteit.objects.exists()
    call_command("herstel_backup", str(bestand), stdout=StringIO())

    na = _momentopname(programma)
    assert na["totalen"] == voor["totalen"]
    assert na["subtotalen"] == voor["subtotalen"]
    for tabel, rijen in voor["rijen"].items():
        assert na["rijen"][tabel] == rijen, tabel
    assert (
        Activiteit.history.filter(omschrijving="MKB Fonds voortzetten").get().history_user.username
        == "beleid"
    )
    hersteld = Voortgangsrapportage.objects.get(pk=rapport.pk)
    assert bytes(hersteld.pdf) == bytes(rapport.pdf)
    assert hersteld.is_intact


def test_restore_refuses_a_database_that_holds_data(tmp_path):
    bestand = tmp_path / "koers.xml"
    call_command("maak_backup", str(bestand), stdout=StringIO())
    with pytest.raises(CommandError, match="bevat al gegevens"):
        call_command("herstel_backup", str(bestand), stdout=StringIO())
