"""The chain of frozen reports: every report signs its bytes, its metadata and its predecessor.

A report changed, inserted or removed behind the portal's back (plain SQL) is refused at
download (409) and reported by `manage.py controleer_rapportages`, which exits non-zero.
WeasyPrint is stood in for where the PDF engine is not what is tested.
"""

import hashlib
import os
import subprocess
import sys
import threading
import time
from datetime import UTC, date, datetime
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections, transaction
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from portaal.backup import INHOUD
from rapportages import keten, pdf
from rapportages.management.commands import controleer_rapportages
from rapportages.models import Ketenfout, Ketenkop, Voortgangsrapportage
from rapportages.services import stel_rapportage_vast

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("programma_terug_na_afloop")]

ROOT = Path(__file__).resolve().parents[2]
TABEL = Voortgangsrapportage._meta.db_table
PEILDATA = [date(2026, 3, 31), date(2026, 6, 30), date(2026, 9, 30)]


class StandIn:
    """Stands in for WeasyPrint: different bytes per render, like real reports."""

    def __init__(self) -> None:
        self.aantal = 0

    def __call__(self, html: str, **opties) -> bytes:
        self.aantal += 1
        return f"%PDF-stand-in {self.aantal}\n".encode() + html[:200].encode()


@pytest.fixture
def stand_in(monkeypatch):
    monkeypatch.setattr(pdf, "html_naar_pdf", StandIn())


@pytest.fixture
def drie(programma, management, stand_in) -> list[Voortgangsrapportage]:
    """Three reports frozen one after the other: a chain of three links."""
    return [
        stel_rapportage_vast(programma=programma, peildatum=peildatum, gebruiker=management)
        for peildatum in PEILDATA
    ]


def _sql(sql: str, *parameters) -> None:
    """A change behind the portal's back: straight into the table."""
    with connection.cursor() as cursor:
        cursor.execute(sql.replace("{tabel}", connection.ops.quote_name(TABEL)), parameters)


def _download(client, rapport: Voortgangsrapportage):
    return client.get(reverse("rapportages:download", args=[rapport.pk]))


def _controleer() -> tuple[int, str]:
    """The command as `manage.py` runs it: its exit code and everything it printed."""
    uit, fout = StringIO(), StringIO()
    commando = controleer_rapportages.Command(stdout=uit, stderr=fout)
    try:
        commando.run_from_argv(["manage.py", "controleer_rapportages"])
    except SystemExit as einde:
        code = einde.code
    else:
        code = 0
    return code, uit.getvalue() + fout.getvalue()


@pytest.fixture(autouse=True)
def _verbinding_blijft_open(monkeypatch):
    # run_from_argv closes every connection when it ends, as a process would; the test's
    # own transaction (and SQLite's in-memory test database) must survive it.
    monkeypatch.setattr(connections, "close_all", lambda: None)


def _regel(uitvoer: str, rapport: Voortgangsrapportage) -> str:
    """The command's line about one report."""
    [regel] = [r for r in uitvoer.splitlines() if f"(id {rapport.pk})" in r]
    return regel


def test_an_untouched_chain_passes_the_command_and_downloads_byte_identical(
    drie, management_client
):
    code, uitvoer = _controleer()

    assert code == 0, uitvoer
    assert [rapport.volgnummer for rapport in drie] == [1, 2, 3]
    assert drie[0].vorige_handtekening == ""
    assert [r.vorige_handtekening for r in drie[1:]] == [r.handtekening for r in drie[:2]]
    for rapport in drie:
        assert _regel(uitvoer, rapport).endswith("OK")
        opgeslagen = Voortgangsrapportage.objects.get(pk=rapport.pk)
        assert opgeslagen.gebreken() == []
        response = _download(management_client, rapport)
        assert response.status_code == 200
        assert response.content == bytes(rapport.pdf)
    assert "keten is in orde" in uitvoer


def test_a_report_frozen_through_the_page_is_signed_and_downloads(management_client, stand_in):
    response = management_client.post(
        reverse("rapportages:vaststellen"),
        {"vaststellen-onderdeel": "3", "vaststellen-peildatum": "2026-06-30", "bevestigd": "1"},
    )
    assert response.status_code == 302
    rapport = Voortgangsrapportage.objects.get()

    assert len(rapport.handtekening) == 64
    assert rapport.sleutel_id == keten.sleutel_id_van(keten.huidige_rapportagesleutel())
    assert _download(management_client, rapport).status_code == 200
    assert _controleer()[0] == 0


def test_a_peildatum_changed_with_raw_sql_is_refused_at_download_and_reported(
    drie, management_client
):
    midden = drie[1]
    _sql("UPDATE {tabel} SET peildatum = %s WHERE id = %s", date(2026, 5, 31), midden.pk)

    response = _download(management_client, midden)
    assert response.status_code == 409
    pagina = response.content.decode()
    assert "handtekening klopt niet" in pagina
    assert "peildatum" in pagina
    # Its successor leans on it: refused too, with the reason.
    opvolger = _download(management_client, drie[2])
    assert opvolger.status_code == 409
    assert "voorgaande rapportage in de keten (nr. 2) is gewijzigd" in opvolger.content.decode()
    assert _download(management_client, drie[0]).status_code == 200

    code, uitvoer = _controleer()
    assert code == 1
    assert "handtekening klopt niet" in _regel(uitvoer, midden)
    assert _regel(uitvoer, drie[0]).endswith("OK")
    assert "keten is gebroken" in uitvoer


def test_replacing_the_pdf_and_its_checksum_together_is_detected(drie, management_client):
    midden = drie[1]
    vervalst = b"%PDF-1.7 een ander rapport"
    _sql(
        "UPDATE {tabel} SET pdf = %s, sha256 = %s WHERE id = %s",
        vervalst,
        hashlib.sha256(vervalst).hexdigest(),
        midden.pk,
    )
    opgeslagen = Voortgangsrapportage.objects.get(pk=midden.pk)
    assert opgeslagen.is_intact  # the checksum alone no longer tells

    response = _download(management_client, midden)

    assert response.status_code == 409
    assert b"een ander rapport" not in response.content
    assert "handtekening klopt niet" in response.content.decode()
    code, uitvoer = _controleer()
    assert code == 1
    assert "handtekening klopt niet" in _regel(uitvoer, midden)


def test_deleting_a_middle_report_is_detected_at_its_successor(drie, management_client):
    _sql("DELETE FROM {tabel} WHERE id = %s", drie[1].pk)

    response = _download(management_client, drie[2])

    assert response.status_code == 409
    assert "voorgaande rapportage in de keten (nr. 2) ontbreekt" in response.content.decode()
    assert _download(management_client, drie[0]).status_code == 200
    code, uitvoer = _controleer()
    assert code == 1
    assert "(nr. 2) ontbreekt" in _regel(uitvoer, drie[2])
    assert _regel(uitvoer, drie[0]).endswith("OK")


def test_deleting_the_first_report_is_detected_at_the_second(drie, management_client):
    _sql("DELETE FROM {tabel} WHERE id = %s", drie[0].pk)

    assert _download(management_client, drie[1]).status_code == 409
    code, uitvoer = _controleer()
    assert code == 1
    assert "(nr. 1) ontbreekt" in _regel(uitvoer, drie[1])


def _vervalsing(origineel: Voortgangsrapportage, **anders) -> Voortgangsrapportage:
    velden = {
        veld.attname: getattr(origineel, veld.attname)
        for veld in Voortgangsrapportage._meta.concrete_fields
        if not veld.primary_key
    }
    return Voortgangsrapportage(**{**velden, **anders})


@pytest.mark.parametrize(
    "soort",
    [
        "signed with a guessed key",
        "a copy of a genuine report with its signature",
    ],
)
def test_an_inserted_forged_report_is_detected(drie, management_client, soort):
    laatste = drie[-1]
    if soort == "signed with a guessed key":
        inhoud = b"%PDF-1.7 vervalst"
        vals = _vervalsing(
            laatste,
            titel="Vervalste rapportage",
            pdf=inhoud,
            sha256=hashlib.sha256(inhoud).hexdigest(),
            volgnummer=4,
            vorige_handtekening=laatste.handtekening,
        )
        vals.handtekening = keten.onderteken_rapportage(vals, sleutel=b"geraden" * 8)
    else:
        vals = _vervalsing(laatste, volgnummer=4, vorige_handtekening=laatste.handtekening)
    # bulk_create inserts without the model's save(): a row nobody signed.
    [vals] = Voortgangsrapportage.objects.bulk_create([vals])

    response = _download(management_client, vals)

    assert response.status_code == 409
    assert "handtekening klopt niet" in response.content.decode()
    code, uitvoer = _controleer()
    assert code == 1
    assert "handtekening klopt niet" in _regel(uitvoer, vals)
    for echt in drie:
        assert _regel(uitvoer, echt).endswith("OK")


def test_renumbering_the_chain_around_an_inserted_report_is_detected(drie, management_client):
    # Make room for a forgery after the first report: every later number moves up.
    _sql("UPDATE {tabel} SET volgnummer = volgnummer + 10 WHERE volgnummer > 1")
    _sql("UPDATE {tabel} SET volgnummer = volgnummer - 9 WHERE volgnummer > 10")
    vals = _vervalsing(drie[0], volgnummer=2, vorige_handtekening=drie[0].handtekening)
    Voortgangsrapportage.objects.bulk_create([vals])

    for rapport in drie[1:]:
        assert _download(management_client, rapport).status_code == 409
    code, uitvoer = _controleer()
    assert code == 1
    assert "handtekening klopt niet" in _regel(uitvoer, drie[1])


def test_a_report_without_a_signature_is_refused(drie, management_client):
    _sql("UPDATE {tabel} SET handtekening = '' WHERE id = %s", drie[2].pk)

    response = _download(management_client, drie[2])

    assert response.status_code == 409
    assert "niet ondertekend" in response.content.decode()
    assert _controleer()[0] == 1


def test_the_refusal_is_logged_for_the_beheerder(drie, management_client, caplog):
    _sql("UPDATE {tabel} SET titel = 'Andere titel' WHERE id = %s", drie[0].pk)

    assert _download(management_client, drie[0]).status_code == 409

    assert any(
        r.levelname == "ERROR" and f"Voortgangsrapportage {drie[0].pk}" in r.getMessage()
        for r in caplog.records
    )


def test_the_command_exit_code_is_honest(programma, management, stand_in):
    leeg = _controleer()
    assert leeg[0] == 0
    assert "Geen vastgestelde rapportages" in leeg[1]

    rapport = stel_rapportage_vast(programma=programma, peildatum=PEILDATA[0], gebruiker=management)
    assert _controleer()[0] == 0
    _sql("UPDATE {tabel} SET dataversie = 'anders' WHERE id = %s", rapport.pk)
    with pytest.raises(CommandError) as fout:
        call_command("controleer_rapportages", stdout=StringIO())
    assert fout.value.returncode == 1
    assert _controleer()[0] == 1


def test_after_a_key_rotation_old_reports_verify_while_the_old_key_is_kept(
    programma, management, stand_in, settings, management_client
):
    settings.RAPPORTAGE_SLEUTEL = "eerste-sleutel-" + "a" * 40
    oud = stel_rapportage_vast(programma=programma, peildatum=PEILDATA[0], gebruiker=management)
    settings.RAPPORTAGE_SLEUTEL = "tweede-sleutel-" + "b" * 40
    settings.RAPPORTAGE_SLEUTELS_OUD = ["eerste-sleutel-" + "a" * 40]
    # The rotation's one step: the head of the chain is signed anew, after a full check.
    call_command(
        "controleer_rapportages", "--onderteken-kop", "1", oud.handtekening, stdout=StringIO()
    )
    nieuw = stel_rapportage_vast(programma=programma, peildatum=PEILDATA[1], gebruiker=management)

    assert oud.sleutel_id != nieuw.sleutel_id
    assert nieuw.vorige_handtekening == oud.handtekening
    assert _controleer()[0] == 0
    assert _download(management_client, oud).status_code == 200

    settings.RAPPORTAGE_SLEUTELS_OUD = []
    response = _download(management_client, oud)
    assert response.status_code == 409
    assert f"onbekende sleutel (sleutel-id {oud.sleutel_id})" in response.content.decode()
    code, uitvoer = _controleer()
    assert code == 1
    assert "onbekende sleutel" in _regel(uitvoer, oud)


def test_deleting_the_newest_report_is_detected_at_once_and_after_the_next_freeze(
    drie, programma, management, management_client
):
    _sql("DELETE FROM {tabel} WHERE id = %s", drie[2].pk)

    code, uitvoer = _controleer()
    assert code == 1
    assert "De nieuwste rapportage (nr. 3) ontbreekt" in uitvoer
    assert _download(management_client, drie[1]).status_code == 200  # genuine, still

    volgende = stel_rapportage_vast(
        programma=programma, peildatum=PEILDATA[2], gebruiker=management
    )

    # It continues after the head: the gap where nr. 3 was stays visible.
    assert volgende.volgnummer == 4
    response = _download(management_client, volgende)
    assert response.status_code == 409
    assert "(nr. 3) ontbreekt" in response.content.decode()
    assert _controleer()[0] == 1


def test_a_report_appended_beyond_the_head_is_detected(drie, management_client, settings):
    # Signed with a real key (say a leaked earlier one, still kept for old reports).
    settings.RAPPORTAGE_SLEUTELS_OUD = ["gelekte-oude-sleutel-" + "c" * 40]
    oud = keten.sleutel_id_van(b"gelekte-oude-sleutel-" + b"c" * 40)
    vals = _vervalsing(
        drie[-1], volgnummer=4, vorige_handtekening=drie[-1].handtekening, sleutel_id=oud
    )
    vals.handtekening = keten.onderteken_rapportage(
        vals, sleutel=b"gelekte-oude-sleutel-" + b"c" * 40
    )
    [vals] = Voortgangsrapportage.objects.bulk_create([vals])
    assert vals.eigen_gebreken() == []  # its own signature holds

    response = _download(management_client, vals)

    assert response.status_code == 409
    assert "voorbij de kop van de keten" in response.content.decode()
    code, uitvoer = _controleer()
    assert code == 1
    assert "voorbij de kop" in _regel(uitvoer, vals)


def test_a_head_moved_with_an_old_key_is_refused(drie, management_client, settings):
    oude = "gelekte-oude-sleutel-" + "c" * 40
    settings.RAPPORTAGE_SLEUTELS_OUD = [oude]
    # The newest report removed, the head pointed back at nr. 2 and signed with the old key.
    _sql("DELETE FROM {tabel} WHERE id = %s", drie[2].pk)
    Ketenkop.objects.filter(pk=1).update(
        volgnummer=2,
        handtekening=drie[1].handtekening,
        sleutel_id=keten.sleutel_id_van(oude.encode()),
        kophandtekening=keten.onderteken_kop(
            volgnummer=2, handtekening=drie[1].handtekening, sleutel=oude.encode()
        ),
    )

    response = _download(management_client, drie[1])

    assert response.status_code == 409
    assert "eerdere sleutel" in response.content.decode()
    assert _controleer()[0] == 1
    with pytest.raises(Ketenfout):
        stel_rapportage_vast(
            programma=drie[0].programma, peildatum=PEILDATA[2], gebruiker=drie[0].vastgesteld_door
        )
    # Signing the head anew needs the number noted outside the database (3, from the
    # last check): the shortened head is refused, and stays refused.
    with pytest.raises(CommandError, match=r"dan u noteerde \(nr\. 3\)"):
        call_command(
            "controleer_rapportages",
            "--onderteken-kop",
            "3",
            drie[2].handtekening,
            stdout=StringIO(),
        )
    assert Ketenkop.objects.get().gebreken() != []


def test_an_old_key_head_after_reports_with_the_current_key_is_never_signed_anew(drie, settings):
    oude = "gelekte-oude-sleutel-" + "c" * 40
    settings.RAPPORTAGE_SLEUTELS_OUD = [oude]
    Ketenkop.objects.filter(pk=1).update(
        sleutel_id=keten.sleutel_id_van(oude.encode()),
        kophandtekening=keten.onderteken_kop(
            volgnummer=3, handtekening=drie[2].handtekening, sleutel=oude.encode()
        ),
    )

    with pytest.raises(CommandError, match="al rapportages met de huidige sleutel"):
        call_command(
            "controleer_rapportages",
            "--onderteken-kop",
            "3",
            drie[2].handtekening,
            stdout=StringIO(),
        )


def test_a_head_changed_without_the_key_stops_freezing_and_every_download(drie, management_client):
    Ketenkop.objects.filter(pk=1).update(volgnummer=2, handtekening=drie[1].handtekening)

    assert _download(management_client, drie[1]).status_code == 409
    assert _download(management_client, drie[0]).status_code == 409
    with pytest.raises(Ketenfout, match="buiten het portaal om gewijzigd"):
        stel_rapportage_vast(
            programma=drie[0].programma, peildatum=PEILDATA[2], gebruiker=drie[0].vastgesteld_door
        )
    code, uitvoer = _controleer()
    assert code == 1
    assert "Kop van de keten" in uitvoer


def test_after_a_key_rotation_freezing_waits_for_the_head_to_be_signed_anew(
    drie, programma, management, settings
):
    settings.RAPPORTAGE_SLEUTELS_OUD = [settings.RAPPORTAGE_SLEUTEL]
    settings.RAPPORTAGE_SLEUTEL = "nieuwe-sleutel-" + "d" * 40

    with pytest.raises(Ketenfout, match="onderteken-kop"):
        stel_rapportage_vast(programma=programma, peildatum=PEILDATA[0], gebruiker=management)
    call_command(
        "controleer_rapportages", "--onderteken-kop", "3", drie[2].handtekening, stdout=StringIO()
    )
    nieuw = stel_rapportage_vast(programma=programma, peildatum=PEILDATA[0], gebruiker=management)

    assert nieuw.volgnummer == 4
    assert _controleer()[0] == 0


def test_the_head_is_not_signed_anew_over_a_broken_chain(drie, settings):
    _sql("UPDATE {tabel} SET titel = 'Anders' WHERE id = %s", drie[1].pk)
    settings.RAPPORTAGE_SLEUTELS_OUD = [settings.RAPPORTAGE_SLEUTEL]
    settings.RAPPORTAGE_SLEUTEL = "nieuwe-sleutel-" + "d" * 40

    with pytest.raises(CommandError, match=r"Nr\. 2 is niet in orde"):
        call_command(
            "controleer_rapportages",
            "--onderteken-kop",
            "3",
            drie[2].handtekening,
            stdout=StringIO(),
        )
    assert Ketenkop.objects.get().gebreken() != []


def test_a_newest_report_forged_with_a_leaked_old_key_is_not_blessed_after_a_rotation(
    programma, management, stand_in, settings, management_client
):
    oud = "gelekte-oude-sleutel-" + "c" * 40
    settings.RAPPORTAGE_SLEUTEL = oud
    rapporten = [
        stel_rapportage_vast(programma=programma, peildatum=p, gebruiker=management)
        for p in PEILDATA
    ]
    genoteerd = (str(rapporten[-1].volgnummer), rapporten[-1].handtekening)  # outside the DB
    settings.RAPPORTAGE_SLEUTEL = "nieuwe-sleutel-" + "d" * 40
    settings.RAPPORTAGE_SLEUTELS_OUD = [oud]
    # Before the head is signed anew, someone with the old key replaces the newest report.
    vals = Voortgangsrapportage.objects.get(pk=rapporten[-1].pk)
    vals.pdf = b"%PDF vervalst"
    vals.sha256 = hashlib.sha256(vals.pdf).hexdigest()
    vals.handtekening = keten.onderteken_rapportage(vals, sleutel=oud.encode())
    Voortgangsrapportage.objects.filter(pk=vals.pk).update(
        pdf=vals.pdf, sha256=vals.sha256, handtekening=vals.handtekening
    )
    Ketenkop.objects.filter(pk=1).update(
        handtekening=vals.handtekening,
        kophandtekening=keten.onderteken_kop(
            volgnummer=3, handtekening=vals.handtekening, sleutel=oud.encode()
        ),
    )

    with pytest.raises(CommandError, match="andere handtekening dan u noteerde"):
        call_command("controleer_rapportages", "--onderteken-kop", *genoteerd, stdout=StringIO())

    assert _download(management_client, vals).status_code == 409
    assert _controleer()[0] == 1


def test_a_chain_emptied_with_its_head_fails_against_the_noted_last_link(drie):
    _sql("DELETE FROM {tabel}")
    Ketenkop.objects.all().delete()
    uit = StringIO()

    with pytest.raises(CommandError):
        call_command("controleer_rapportages", "--laatste", "3", stdout=uit)

    assert "u noteerde nr. 3" in uit.getvalue()


@pytest.mark.parametrize(
    ("kop", "melding"),
    [
        ("ontbreekt", "De kop van de keten van vastgestelde rapportages ontbreekt"),
        ("oude sleutel", "De kop van de keten is ondertekend met een eerdere sleutel"),
    ],
)
def test_freezing_onto_a_missing_or_old_key_head_is_a_page_message_not_an_error(
    drie, management_client, settings, kop, melding
):
    if kop == "ontbreekt":
        Ketenkop.objects.all().delete()
    else:  # a key rotation whose one step has not been taken yet
        settings.RAPPORTAGE_SLEUTELS_OUD = [settings.RAPPORTAGE_SLEUTEL]
        settings.RAPPORTAGE_SLEUTEL = "nieuwe-sleutel-" + "d" * 40

    response = management_client.post(
        reverse("rapportages:vaststellen"),
        {
            "vaststellen-onderdeel": "4",
            "vaststellen-peildatum": "2026-06-30",
            "vaststellen-moment": "",
            "bevestigd": "1",
        },
        follow=True,
    )

    assert response.status_code == 200
    assert melding in response.content.decode()
    assert Voortgangsrapportage.objects.count() == 3


def test_the_signature_covers_every_metadata_field(drie):
    rapport = Voortgangsrapportage.objects.get(pk=drie[1].pk)
    assert rapport.gebreken() == []
    anders = {
        "programma_id": rapport.programma_id + 1,
        "opgave_id": 1,
        "peildatum": date(2026, 7, 1),
        "moment": "jaarstukken",
        "titel": rapport.titel + ".",
        "pdf": bytes(rapport.pdf) + b" ",
        "sha256": "0" * 64,
        "snapshot": {**rapport.snapshot, "versie": 2},
        "dataversie": "anders",
        "vastgesteld_door_id": rapport.vastgesteld_door_id + 1,
        "vastgesteld_op": datetime(2026, 7, 1, tzinfo=UTC),
        "volgnummer": 7,
        "vorige_handtekening": "f" * 64,
        "sleutel_id": rapport.sleutel_id[::-1],
    }
    sleutel = keten.huidige_rapportagesleutel()
    echt = keten.onderteken_rapportage(rapport, sleutel=sleutel)
    assert echt == rapport.handtekening
    for veld, waarde in anders.items():
        kopie = Voortgangsrapportage.objects.get(pk=rapport.pk)
        setattr(kopie, veld, waarde)
        assert keten.onderteken_rapportage(kopie, sleutel=sleutel) != echt, veld


def test_the_snapshot_is_signed_in_canonical_form(drie):
    rapport = Voortgangsrapportage.objects.get(pk=drie[0].pk)
    sleutel = keten.huidige_rapportagesleutel()
    # The same data with its keys in another order, as PostgreSQL's jsonb may return it.
    rapport.snapshot = dict(reversed(list(rapport.snapshot.items())))

    assert keten.onderteken_rapportage(rapport, sleutel=sleutel) == rapport.handtekening


def test_the_admin_shows_the_chain_fields_read_only(drie, beheerder_client):
    rapport = drie[1]
    detail = beheerder_client.get(
        reverse("admin:rapportages_voortgangsrapportage_change", args=[rapport.pk])
    )

    html = detail.content.decode()
    assert detail.status_code == 200
    assert rapport.handtekening in html
    assert rapport.vorige_handtekening in html
    assert rapport.sleutel_id in html
    assert 'name="_save"' not in html
    assert 'name="handtekening"' not in html


def test_the_chain_survives_a_backup_and_its_restore(drie, management_client, tmp_path):
    bestand = tmp_path / "koers.xml"
    call_command("maak_backup", str(bestand), stdout=StringIO())
    handtekeningen = {r.pk: r.handtekening for r in drie}
    # Empty, as a new server is: children before parents, users last.
    for model in reversed(_backupmodellen()):
        if model is not get_user_model():
            model._base_manager.all().delete()
    get_user_model().objects.all().delete()

    call_command("herstel_backup", str(bestand), stdout=StringIO())

    hersteld = {r.pk: r.handtekening for r in Voortgangsrapportage.objects.all()}
    assert hersteld == handtekeningen
    assert _controleer()[0] == 0
    management_client.force_login(get_user_model().objects.get(username="management"))
    assert _download(management_client, drie[2]).content == bytes(drie[2].pdf)


def _backupmodellen() -> list:
    modellen = []
    for label in INHOUD:
        if "." in label:
            modellen.append(apps.get_model(label))
        else:
            modellen.extend(apps.get_app_config(label).get_models())
    return modellen


def _laad_settings(**env: str) -> subprocess.CompletedProcess[str]:
    omgeving = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "DEBUG", "RAPPORTAGE_SLEUTEL", "RAPPORTAGE_SLEUTELS_OUD"}
    }
    omgeving.update(env)
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "from koers import settings as s; print(s.RAPPORTAGE_SLEUTEL); print(s.SECRET_KEY)",
        ],
        cwd=ROOT,
        env=omgeving,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize(
    ("sleutel", "melding"),
    [("kort", "minstens 40 willekeurige tekens"), ("x" * 50, "niet gelijk aan SECRET_KEY")],
)
def test_a_weak_report_key_stops_the_start_in_production(sleutel, melding):
    uitkomst = _laad_settings(DEBUG="false", SECRET_KEY="x" * 50, RAPPORTAGE_SLEUTEL=sleutel)

    assert uitkomst.returncode != 0
    assert "RAPPORTAGE_SLEUTEL" in uitkomst.stderr
    assert melding in uitkomst.stderr


def test_without_its_own_key_the_report_key_is_derived_from_the_secret_key():
    een = _laad_settings(DEBUG="false", SECRET_KEY="x" * 50)
    twee = _laad_settings(DEBUG="false", SECRET_KEY="y" * 50)
    eigen = _laad_settings(DEBUG="false", SECRET_KEY="x" * 50, RAPPORTAGE_SLEUTEL="z" * 45)

    assert een.returncode == twee.returncode == eigen.returncode == 0, een.stderr
    afgeleid, geheim = een.stdout.split()
    assert len(afgeleid) == 64
    assert afgeleid != geheim
    assert "x" not in afgeleid  # not the secret key itself, nor a part of it
    assert twee.stdout.split()[0] != afgeleid
    assert eigen.stdout.split()[0] == "z" * 45


# Migrations and concurrent writers need transactions of their own; the flush that ends
# such a test empties the database, so the programme is loaded again for later tests.


VOOR_DE_KETEN = ("rapportages", "0001_initial")


@pytest.mark.django_db(transaction=True)
def test_reports_frozen_before_the_chain_are_signed_in_order_by_the_migration(
    geladen_programma,
):
    executor = MigrationExecutor(connection)
    eindpunten = sorted(executor.loader.graph.leaf_nodes())
    try:
        executor.migrate([VOOR_DE_KETEN])
        oud = MigrationExecutor(connection).loader.project_state([VOOR_DE_KETEN]).apps
        OudeRapportage = oud.get_model("rapportages", "Voortgangsrapportage")
        gebruiker = oud.get_model("auth", "User").objects.create(username="oud", password="!")
        gegevens = {
            "programma_id": geladen_programma.pk,
            "moment": "",
            "titel": "Van voor de keten",
            "snapshot": {"versie": 1, "€": "1.00"},
            "dataversie": "v",
            "vastgesteld_door_id": gebruiker.pk,
        }
        # Stored out of order: the later one first.
        later = OudeRapportage.objects.create(
            **gegevens,
            peildatum=date(2026, 6, 30),
            pdf=b"%PDF later",
            sha256=hashlib.sha256(b"%PDF later").hexdigest(),
            vastgesteld_op=datetime(2026, 7, 1, 12, tzinfo=UTC),
        )
        eerder = OudeRapportage.objects.create(
            **gegevens,
            peildatum=date(2026, 3, 31),
            pdf=b"%PDF eerder",
            sha256=hashlib.sha256(b"%PDF eerder").hexdigest(),
            vastgesteld_op=datetime(2026, 4, 1, 12, tzinfo=UTC),
        )

        MigrationExecutor(connection).migrate(eindpunten)

        keten_ = list(Voortgangsrapportage.objects.order_by("volgnummer"))
        assert [r.pk for r in keten_] == [eerder.pk, later.pk]
        assert [r.volgnummer for r in keten_] == [1, 2]
        assert keten_[1].vorige_handtekening == keten_[0].handtekening
        assert all(r.gebreken() == [] for r in keten_)
        assert [bytes(r.pdf) for r in keten_] == [b"%PDF eerder", b"%PDF later"]
        assert _controleer()[0] == 0
    finally:
        MigrationExecutor(connection).migrate(eindpunten)


def _wacht_tot_een_verbinding_wacht(draad: threading.Thread) -> None:
    """Until another connection waits for a lock this transaction holds (or gave up)."""
    einde = time.monotonic() + 60
    while draad.is_alive() and time.monotonic() < einde:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_locks JOIN pg_stat_activity USING (pid) "
                "WHERE NOT granted AND datname = current_database()"
            )
            if cursor.fetchone()[0]:
                return
        time.sleep(0.05)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Concurrent writers need PostgreSQL; SQLite's test database lives in one connection.",
)
def test_two_reports_frozen_at_the_same_moment_chain_one_after_the_other(
    geladen_programma, django_user_model, monkeypatch
):
    monkeypatch.setattr(pdf, "html_naar_pdf", StandIn())
    gebruiker = django_user_model.objects.create_user("vaststeller")
    eerste = stel_rapportage_vast(
        programma=geladen_programma, peildatum=PEILDATA[0], gebruiker=gebruiker
    )
    uitkomst: dict = {}

    def tweede_vaststeller() -> None:
        try:
            uitkomst["rapport"] = stel_rapportage_vast(
                programma=geladen_programma, peildatum=PEILDATA[2], gebruiker=gebruiker
            )
        except Exception as fout:
            uitkomst["fout"] = fout
        finally:
            connection.close()

    draad = threading.Thread(target=tweede_vaststeller)
    with transaction.atomic():
        # Frozen, not yet committed: the second one must wait for it and then chain to it.
        tweede = stel_rapportage_vast(
            programma=geladen_programma, peildatum=PEILDATA[1], gebruiker=gebruiker
        )
        draad.start()
        _wacht_tot_een_verbinding_wacht(draad)
    draad.join(timeout=60)

    assert "fout" not in uitkomst, uitkomst.get("fout")
    derde = uitkomst["rapport"]
    assert [eerste.volgnummer, tweede.volgnummer, derde.volgnummer] == [1, 2, 3]
    assert tweede.vorige_handtekening == eerste.handtekening
    assert derde.vorige_handtekening == tweede.handtekening
    assert _controleer()[0] == 0


def test_a_head_changed_outside_the_portal_stops_every_download(drie, management_client):
    Ketenkop.objects.filter(pk=1).update(volgnummer=2**63 - 1)

    codes = [_download(management_client, rapport).status_code for rapport in drie]

    assert codes == [409, 409, 409]


def test_a_pending_key_rotation_still_serves_the_reports_below_the_head(
    drie, management_client, settings
):
    settings.RAPPORTAGE_SLEUTELS_OUD = [settings.RAPPORTAGE_SLEUTEL]
    settings.RAPPORTAGE_SLEUTEL = "nieuwe-sleutel-" + "d" * 40

    codes = [_download(management_client, rapport).status_code for rapport in drie]

    assert codes == [200, 200, 409]  # the newest waits for --onderteken-kop


def test_the_chain_has_one_head(drie):
    from django.db import IntegrityError

    kop = Ketenkop.objects.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        Ketenkop.objects.create(
            pk=2,
            volgnummer=kop.volgnummer,
            handtekening=kop.handtekening,
            sleutel_id=kop.sleutel_id,
            kophandtekening=kop.kophandtekening,
        )


@pytest.mark.parametrize("nummer", ["²", "٣", "-1", "drie"])
def test_signing_the_head_anew_with_a_number_that_is_no_number_is_refused(drie, nummer):
    with pytest.raises(CommandError, match="NUMMER moet een getal zijn"):
        call_command(
            "controleer_rapportages",
            "--onderteken-kop",
            nummer,
            drie[2].handtekening,
            stdout=StringIO(),
        )
