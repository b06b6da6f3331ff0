"""The data version changes when a change commits, and only then (basis/dataversie.py)."""

import socket
import threading
from datetime import date
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.cache.backends.filebased import FileBasedCache
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from basis.dataversie import dataversie
from opgaven.models import Activiteit, Opgave, Programma
from portaal.services import laad_programma
from rapportages import document
from rapportages.services import stel_rapportage_vast

# Commits are what this is about, so these tests commit (and the database is emptied
# afterwards; pytest-django runs them after the tests that roll back).
pytestmark = pytest.mark.django_db(transaction=True)

alleen_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason=(
        "needs two database sessions writing at once; SQLite has no concurrent writers, "
        "CI runs this on PostgreSQL"
    ),
)


class TellendeCache(FileBasedCache):
    """The file cache, noting every write of a data version token."""

    tokens: list[str] = []

    def set(self, key, *args, **kwargs):
        if key.startswith("dataversie:"):
            TellendeCache.tokens.append(key)
        return super().set(key, *args, **kwargs)


class Fout(Exception):
    pass


@pytest.fixture
def geladen() -> Programma:
    # An earlier committing test may have emptied the database.
    if not Programma.objects.exists():
        laad_programma()
    return Programma.objects.actueel()


def _activiteiten(aantal: int, *, opgave: int = 3) -> list[Activiteit]:
    """Main activities that the opgave's page shows."""
    return list(
        Activiteit.objects.filter(opgave__nummer=opgave, bovenliggend=None).order_by(
            "volgorde", "pk"
        )[:aantal]
    )


def _sla_op(activiteit: Activiteit, omschrijving: str) -> None:
    activiteit.refresh_from_db()
    activiteit.omschrijving = omschrijving
    activiteit.save()


def _insert_zonder_commit_tijdens_andere_commit(x: Activiteit, y: Activiteit, midden) -> None:
    """Transaction A saves X and waits; transaction B saves Y and commits; then `midden()`
    runs (a reader); then A commits. Each transaction in a thread of its own."""
    a_schreef, a_mag_door = threading.Event(), threading.Event()
    fouten: list[BaseException] = []

    def transactie_a():
        try:
            with transaction.atomic():
                _sla_op(x, "Gewijzigd door A")
                a_schreef.set()
                assert a_mag_door.wait(30)
        except BaseException as fout:  # reported in the test's own thread
            fouten.append(fout)
        finally:
            connection.close()

    def transactie_b():
        try:
            assert a_schreef.wait(10)
            with transaction.atomic():
                _sla_op(y, "Gewijzigd door B")
        except BaseException as fout:
            fouten.append(fout)
        finally:
            connection.close()

    a, b = threading.Thread(target=transactie_a), threading.Thread(target=transactie_b)
    a.start()
    b.start()
    b.join(10)
    try:
        assert not b.is_alive(), (
            "transaction B waited for A: saving two different activities at once must not "
            "block (a lock on a row they share, such as their opgave or programme?)"
        )
        assert not fouten, fouten
        midden()
    finally:
        a_mag_door.set()
        a.join(20)
        b.join(20)
    assert not fouten, fouten


@alleen_postgresql
def test_a_change_committed_after_a_reader_cached_the_page_shows_at_once(geladen, management):
    (x,) = _activiteiten(1)
    (y,) = _activiteiten(1, opgave=1)
    lezer = Client()
    lezer.force_login(management)
    pagina = reverse("portaal:opgave", args=[3])

    def lees_tussendoor():
        # B's change is committed, A's not yet: the page part is cached like this.
        assert Activiteit.objects.get(pk=y.pk).omschrijving == "Gewijzigd door B"
        assert "Gewijzigd door A" not in lezer.get(pagina).content.decode()

    _insert_zonder_commit_tijdens_andere_commit(x, y, lees_tussendoor)

    assert "Gewijzigd door A" in lezer.get(pagina).content.decode()


@alleen_postgresql
def test_a_concept_pdf_cached_between_insert_and_commit_gets_a_new_key_at_the_commit(geladen):
    (x,) = _activiteiten(1)
    (y,) = _activiteiten(1, opgave=1)

    def sleutel() -> str:
        return document.cachesleutel(
            geladen, peildatum=date(2026, 6, 30), opgave=None, moment="", versie=dataversie()
        )

    tussendoor: list[str] = []
    _insert_zonder_commit_tijdens_andere_commit(x, y, lambda: tussendoor.append(sleutel()))

    assert sleutel() != tussendoor[0]


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason=(
        "needs a second database session to commit while the first reads; SQLite's "
        "in-memory test database locks the table, CI runs this on PostgreSQL"
    ),
)
def test_a_page_built_from_data_read_before_a_commit_is_not_kept_under_the_new_version(
    geladen, management
):
    """The view reads the programme before the page cache; a commit lands in between."""
    lezer = Client()
    lezer.force_login(management)
    uitgevoerd: list[str] = []

    def schrijf_in_andere_sessie():
        try:
            programma = Programma.objects.get(pk=geladen.pk)
            programma.begroting_voetnoot = "Nieuwe voetnoot"
            programma.save()
        finally:
            connection.close()

    def na_het_programma(execute, sql, params, many, context):
        resultaat = execute(sql, params, many, context)
        if '"opgaven_programma"' in sql and not uitgevoerd:
            uitgevoerd.append(sql)
            andere = threading.Thread(target=schrijf_in_andere_sessie)
            andere.start()
            andere.join(20)
        return resultaat

    with connection.execute_wrapper(na_het_programma):
        lezer.get(reverse("budget:begroting"))
    assert uitgevoerd

    assert "Nieuwe voetnoot" in lezer.get(reverse("budget:begroting")).content.decode()


def _sla_op_en_draai_terug(activiteit: Activiteit, omschrijving: str) -> None:
    with transaction.atomic():
        _sla_op(activiteit, omschrijving)
        raise Fout


def test_a_rolled_back_transaction_leaves_the_data_version_alone(geladen):
    (x,) = _activiteiten(1)
    oorspronkelijk = x.omschrijving
    voor = dataversie()

    with pytest.raises(Fout):
        _sla_op_en_draai_terug(x, "Teruggedraaid")

    assert dataversie() == voor

    # Nor does a savepoint rolled back inside a transaction that commits nothing else.
    with transaction.atomic():
        with pytest.raises(Fout):
            _sla_op_en_draai_terug(x, "Ook teruggedraaid")
        assert Activiteit.objects.get(pk=x.pk).omschrijving == oorspronkelijk

    assert dataversie() == voor


def test_a_commit_replaces_the_data_version_once_however_many_writes_it_holds(geladen, settings):
    settings.CACHES = {
        "default": {
            **settings.CACHES["default"],
            "BACKEND": f"{__name__}.TellendeCache",
        }
    }
    x, y = _activiteiten(2)
    voor = dataversie()  # creates the token if this cache has none yet
    TellendeCache.tokens.clear()

    with transaction.atomic():
        _sla_op(x, "Eerste")
        binnen = dataversie()
        _sla_op(y, "Tweede")
        # The writing transaction reads a version of its own, new with each write;
        # everybody else keeps the old one until the commit.
        assert dataversie() not in (voor, binnen)
        Opgave.objects.get(nummer=3).beleidsmedewerkers.clear()
        with transaction.atomic():
            _sla_op(x, "Derde")
        assert TellendeCache.tokens == []

    assert len(TellendeCache.tokens) == 1
    na = dataversie()
    assert na not in (voor, binnen)

    # Without a transaction every statement commits at once, and so does the version.
    _sla_op(y, "Vierde")
    assert len(TellendeCache.tokens) > 1
    assert dataversie() != na


def test_sql_outside_django_shows_after_the_refresh_command(geladen, management):
    (x,) = _activiteiten(1)
    lezer = Client()
    lezer.force_login(management)
    pagina = reverse("portaal:opgave", args=[3])
    assert x.omschrijving in lezer.get(pagina).content.decode()
    voor = dataversie()

    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE opgaven_activiteit SET omschrijving = %s WHERE id = %s",
            ["Rechtstreeks in SQL", x.pk],
        )
    # No signal saw it: this is what the command is for.
    assert dataversie() == voor

    uitvoer = StringIO()
    call_command("ververs_dataversie", stdout=uitvoer)

    assert "Dataversie vernieuwd" in uitvoer.getvalue()
    assert dataversie() != voor
    assert "Rechtstreeks in SQL" in lezer.get(pagina).content.decode()


def test_a_missing_token_is_created_again(geladen):
    voor = dataversie()
    cache.clear()
    assert dataversie() != voor
    assert dataversie() == dataversie()


def test_migrate_and_loading_the_programme_refresh_the_data_version(geladen):
    voor = dataversie()
    call_command("migrate", verbosity=0)
    na_migrate = dataversie()
    assert na_migrate != voor

    # Emptied and loaded again: ids may repeat, the version does not.
    call_command("flush", "--no-input", verbosity=0, inhibit_post_migrate=True)
    leeg = dataversie()
    laad_programma()
    assert dataversie() not in (na_migrate, leeg)


def test_a_newly_frozen_report_gives_a_new_data_version(geladen, management):
    voor = dataversie()
    rapport = stel_rapportage_vast(
        programma=geladen, peildatum=date(2026, 6, 30), gebruiker=management
    )
    # The frozen report keeps the version it was made from.
    assert rapport.dataversie == voor
    assert dataversie() != voor


def test_with_its_redis_unreachable_a_page_shows_the_error_page_and_health_still_answers(
    geladen, management, settings
):
    with socket.socket() as vrij:
        vrij.bind(("127.0.0.1", 0))
        poort = vrij.getsockname()[1]  # nothing listens here once it is closed
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{poort}/0",
            "OPTIONS": {"socket_connect_timeout": 1},
        }
    }
    lezer = Client(raise_request_exception=False)
    lezer.force_login(management)

    assert lezer.get(reverse("health")).status_code == 200
    pagina = lezer.get(reverse("portaal:opgave", args=[3]))
    assert pagina.status_code == 500
    assert "Er ging iets mis" in pagina.content.decode()
