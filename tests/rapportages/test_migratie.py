"""The move of the frozen reports from koers to rapportages loses no byte (issue 13).

Reports stored in the old schema (table koers_voortgangsrapportage, content type
koers.voortgangsrapportage) are migrated forward and must come through with the
same primary keys, byte-identical PDFs and the same SHA-256; the content type, with
its permissions and admin log entries, moves along; and the move can be undone.
"""

import datetime
import hashlib

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from opgaven.models import Opgave
from rapportages.models import Voortgangsrapportage
from tests.conftest import EIGEN_OPGAVE

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("programma_terug_na_afloop"),
]

VOOR_DE_VERHUIZING = [("koers", "0001_initial"), ("rapportages", None)]
OUDE_TABEL = "koers_voortgangsrapportage"
NIEUWE_TABEL = "rapportages_voortgangsrapportage"
EIGEN_RECHT = "controleer_migratie_voortgangsrapportage"

# Every byte value, NUL and high bytes included, behind a real PDF header: 10 kB.
PDF_BYTES = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + bytes(range(256)) * 40 + b"\n%%EOF\n"
PDF_BYTES_OPGAVE = b"%PDF-1.7\n\x00\xff\x00" + bytes(reversed(range(256))) * 40 + b"%%EOF"
SNAPSHOT = {
    "programma": "Uitvoeringsprogramma Economische Koers Drenthe",
    "bedrag": "1234567.89",  # a Decimal, stored as its exact text
    "indicatoren": [{"naam": "Werkgelegenheidsenquête", "waarde": "0.10", "eenheid": "€"}],
    "leeg": None,
}


@pytest.fixture
def programma(geladen_programma):
    return geladen_programma


def _alle_eindpunten(executor: MigrationExecutor) -> list[tuple[str, str]]:
    return sorted(executor.loader.graph.leaf_nodes())


def _voor_de_verhuizing(executor: MigrationExecutor) -> list[tuple[str, str | None]]:
    """Every other app at its leaf, koers at 0001 and rapportages unapplied."""
    verhuizers = {app for app, _ in VOOR_DE_VERHUIZING}
    return [
        *(knoop for knoop in _alle_eindpunten(executor) if knoop[0] not in verhuizers),
        *VOOR_DE_VERHUIZING,
    ]


def _migreer(doel: list[tuple[str, str | None]]) -> MigrationExecutor:
    """Migrate to `doel` and return a fresh executor that sees the result."""
    MigrationExecutor(connection).migrate(doel)
    ContentType.objects.clear_cache()
    return MigrationExecutor(connection)


def _migreer_helemaal() -> None:
    executor = MigrationExecutor(connection)
    _migreer(_alle_eindpunten(executor))


def _kenmerken(rapportage) -> dict:
    """What must survive the move, from an old historical or the current model."""
    return {
        "pk": rapportage.pk,
        "programma": rapportage.programma_id,
        "opgave": rapportage.opgave_id,
        "peildatum": rapportage.peildatum,
        "moment": rapportage.moment,
        "titel": rapportage.titel,
        "pdf": bytes(rapportage.pdf),
        "sha256": rapportage.sha256,
        "snapshot": rapportage.snapshot,
        "dataversie": rapportage.dataversie,
        "vastgesteld_door": rapportage.vastgesteld_door_id,
        "vastgesteld_op": rapportage.vastgesteld_op,
    }


def _alle_velden(rapportage: Voortgangsrapportage) -> dict:
    """Every column of the current model, the PDF as plain bytes."""
    velden = {
        veld.attname: getattr(rapportage, veld.attname)
        for veld in Voortgangsrapportage._meta.concrete_fields
    }
    return {**velden, "pdf": bytes(rapportage.pdf)}


def _gegevens(programma_id: int, opgave_id: int | None, gebruiker_id: int) -> list[dict]:
    """Two frozen reports: one about an opgave, one about the whole programme."""
    tijd = datetime.timezone(datetime.timedelta(hours=2))
    return [
        {
            "programma_id": programma_id,
            "opgave_id": opgave_id,
            "peildatum": datetime.date(2026, 6, 30),
            "moment": "najaarsrapportage",
            "titel": "Voortgang opgave: Werkgelegenheidsenquête",
            "pdf": PDF_BYTES_OPGAVE,
            "sha256": hashlib.sha256(PDF_BYTES_OPGAVE).hexdigest(),
            "snapshot": {**SNAPSHOT, "opgave": opgave_id},
            "dataversie": "a" * 64,
            "vastgesteld_door_id": gebruiker_id,
            "vastgesteld_op": datetime.datetime(2026, 7, 1, 9, 30, 15, 123456, tzinfo=tijd),
        },
        {
            "programma_id": programma_id,
            "opgave_id": None,
            "peildatum": datetime.date(2026, 12, 31),
            "moment": "jaarstukken",
            "titel": "Voortgangsrapportage Economische Koers Drenthe",
            "pdf": PDF_BYTES,
            "sha256": hashlib.sha256(PDF_BYTES).hexdigest(),
            "snapshot": SNAPSHOT,
            "dataversie": "0123456789abcdef" * 4,
            "vastgesteld_door_id": gebruiker_id,
            "vastgesteld_op": datetime.datetime(2027, 1, 15, 16, 0, tzinfo=datetime.UTC),
        },
    ]


def _controleer_huidige_rapportages(verwacht: list[dict]) -> None:
    """The current model reads the rows exactly as they were stored."""
    gevonden = {r.pk: r for r in Voortgangsrapportage.objects.all()}
    assert sorted(gevonden) == sorted(kenmerken["pk"] for kenmerken in verwacht)
    for kenmerken in verwacht:
        rapportage = gevonden[kenmerken["pk"]]
        assert _kenmerken(rapportage) == kenmerken
        assert bytes(rapportage.pdf) == kenmerken["pdf"]
        assert rapportage.sha256 == hashlib.sha256(kenmerken["pdf"]).hexdigest()
        assert rapportage.is_intact


def _controleer_tabellen(*, verhuisd: bool) -> None:
    tabellen = set(connection.introspection.table_names())
    assert (NIEUWE_TABEL in tabellen) is verhuisd
    assert (OUDE_TABEL in tabellen) is not verhuisd


def test_frozen_reports_come_through_the_move_byte_identical_with_their_checksum(programma):
    opgave_pk = Opgave.objects.get(programma=programma, nummer=EIGEN_OPGAVE).pk
    executor = MigrationExecutor(connection)
    voor = _voor_de_verhuizing(executor)
    try:
        executor = _migreer(voor)
        _controleer_tabellen(verhuisd=False)

        # The old schema, through its own historical models.
        oud = executor.loader.project_state([k for k in voor if k[1] is not None]).apps
        OudeRapportage = oud.get_model("koers", "Voortgangsrapportage")
        assert OudeRapportage._meta.db_table == OUDE_TABEL
        OudInhoudstype = oud.get_model("contenttypes", "ContentType")
        OudRecht = oud.get_model("auth", "Permission")
        OudeLogregel = oud.get_model("admin", "LogEntry")
        gebruiker = oud.get_model("auth", "User").objects.create(
            username="vaststeller", password="!"
        )
        oud_inhoudstype, _ = OudInhoudstype.objects.get_or_create(
            app_label="koers", model="voortgangsrapportage"
        )
        eigen_recht = OudRecht.objects.create(
            content_type=oud_inhoudstype,
            codename=EIGEN_RECHT,
            name="Kan de migratie van vastgestelde rapportages controleren",
        )
        rechten = set(
            OudRecht.objects.filter(content_type=oud_inhoudstype).values_list("pk", flat=True)
        )

        oude = [
            OudeRapportage.objects.create(**gegevens)
            for gegevens in _gegevens(programma.pk, opgave_pk, gebruiker.pk)
        ]
        verwacht = [_kenmerken(OudeRapportage.objects.get(pk=r.pk)) for r in oude]
        assert [k["pdf"] for k in verwacht] == [PDF_BYTES_OPGAVE, PDF_BYTES]
        assert [k["opgave"] for k in verwacht] == [opgave_pk, None]
        logregel = OudeLogregel.objects.create(
            user=gebruiker,
            content_type=oud_inhoudstype,
            object_id=str(oude[1].pk),
            object_repr=oude[1].titel,
            action_flag=1,
            change_message="[]",
        )

        _migreer_helemaal()

        _controleer_tabellen(verhuisd=True)
        _controleer_huidige_rapportages(verwacht)

        # The content type moved along; its permissions and log entries still point at it.
        inhoudstype = ContentType.objects.get_for_model(Voortgangsrapportage)
        assert inhoudstype.pk == oud_inhoudstype.pk
        assert (inhoudstype.app_label, inhoudstype.model) == ("rapportages", "voortgangsrapportage")
        assert not ContentType.objects.filter(app_label="koers").exists()
        assert Permission.objects.get(pk=eigen_recht.pk).content_type == inhoudstype
        assert (
            set(Permission.objects.filter(content_type=inhoudstype).values_list("pk", flat=True))
            == rechten
        )
        assert LogEntry.objects.get(pk=logregel.pk).get_edited_object() == (
            Voortgangsrapportage.objects.get(pk=oude[1].pk)
        )
    finally:
        # Other tests in this session need the fully migrated database.
        _migreer_helemaal()


def test_moving_the_reports_back_and_forward_again_keeps_every_row_identical(
    programma, django_user_model
):
    gebruiker = django_user_model.objects.create_user("vaststeller")
    opgave_pk = Opgave.objects.get(programma=programma, nummer=EIGEN_OPGAVE).pk
    for gegevens in _gegevens(programma.pk, opgave_pk, gebruiker.pk):
        Voortgangsrapportage.objects.create(**gegevens)
    opgeslagen = Voortgangsrapportage.objects.order_by("pk")
    verwacht = [_kenmerken(r) for r in opgeslagen]
    alle_velden = [_alle_velden(r) for r in opgeslagen]
    inhoudstype = ContentType.objects.get_for_model(Voortgangsrapportage)
    rechten = set(Permission.objects.filter(content_type=inhoudstype).values_list("pk", flat=True))
    assert rechten, "the default permissions of the model exist"
    executor = MigrationExecutor(connection)
    voor = _voor_de_verhuizing(executor)
    try:
        executor = _migreer(voor)

        _controleer_tabellen(verhuisd=False)
        oud = executor.loader.project_state([k for k in voor if k[1] is not None]).apps
        OudeRapportage = oud.get_model("koers", "Voortgangsrapportage")
        assert [_kenmerken(r) for r in OudeRapportage.objects.order_by("pk")] == verwacht
        terug = ContentType.objects.get(pk=inhoudstype.pk)
        assert (terug.app_label, terug.model) == ("koers", "voortgangsrapportage")

        _migreer_helemaal()

        _controleer_tabellen(verhuisd=True)
        _controleer_huidige_rapportages(verwacht)
        # Every column, also those the old schema did not have, is as it was.
        assert [_alle_velden(r) for r in Voortgangsrapportage.objects.order_by("pk")] == (
            alle_velden
        )
        assert ContentType.objects.get_for_model(Voortgangsrapportage).pk == inhoudstype.pk
        assert (
            set(Permission.objects.filter(content_type=inhoudstype).values_list("pk", flat=True))
            == rechten
        )
    finally:
        _migreer_helemaal()
