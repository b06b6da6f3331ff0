"""Doelen, doelgroepen and activities form a tree of one level: main items with
sub-items. No create, edit or move may hide an item by nesting it deeper, whichever
path it takes: the portal's forms, the model's full_clean (the admin, imports) or,
on PostgreSQL, any write at all."""

import importlib
import threading
import time

import pytest
from django.apps import apps as echte_apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.migrations.loader import MigrationLoader
from django.urls import reverse

from opgaven import services
from opgaven.models import Activiteit, Doel, Doelgroep, Opgave
from tests.conftest import EIGEN_OPGAVE
from tests.factories import (
    ActiviteitFactory,
    DoelFactory,
    DoelgroepFactory,
    GebruikerFactory,
    OpgaveFactory,
)

pytestmark = pytest.mark.django_db

ALLEEN_POSTGRESQL = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the trigger for the tree is PostgreSQL's; SQLite relies on full_clean",
)

# Per kind of item: its factory, the text field, the edit route and its anchor.
SOORTEN = {
    "doel": (DoelFactory, "tekst", "opgaven:doel_bewerken", "opgaven:doel_nieuw"),
    "doelgroep": (
        DoelgroepFactory,
        "tekst",
        "opgaven:doelgroep_bewerken",
        "opgaven:doelgroep_nieuw",
    ),
    "activiteit": (
        ActiviteitFactory,
        "omschrijving",
        "opgaven:activiteit_bewerken",
        "opgaven:activiteit_nieuw",
    ),
}


def _opgave_pagina(client) -> str:
    response = client.get(reverse("portaal:opgave", args=[EIGEN_OPGAVE]))
    assert response.status_code == 200
    return response.content.decode()


def _eigen_opgave(programma) -> Opgave:
    return Opgave.objects.get(programma=programma, nummer=EIGEN_OPGAVE)


def _boom(soort: str, opgave: Opgave):
    """Two main items, the first with a sub-item."""
    fabriek, veld, *_ = SOORTEN[soort]
    m1 = fabriek(opgave=opgave, **{veld: f"Hoofd M1 ({soort})"})
    m2 = fabriek(opgave=opgave, **{veld: f"Hoofd M2 ({soort})"})
    sub = fabriek(opgave=opgave, bovenliggend=m1, **{veld: f"Onder M1 dat blijft ({soort})"})
    return m1, m2, sub


def _bewerk(client, soort: str, punt, **velden):
    _fabriek, veld, route, _nieuw = SOORTEN[soort]
    gegevens = {
        veld: getattr(punt, veld),
        "bovenliggend": str(punt.bovenliggend_id or ""),
        "versie": str(punt.versie),
    }
    if soort == "activiteit":
        gegevens["thema"] = str(punt.thema_id or "")
    gegevens.update(velden)
    return client.post(reverse(route, args=[punt.pk]), gegevens)


def test_moving_a_main_doel_with_a_sub_doel_under_another_main_doel_is_refused(
    beleid_client, programma
):
    opgave = Opgave.objects.get(programma=programma, nummer=EIGEN_OPGAVE)
    m1 = DoelFactory(opgave=opgave, tekst="Hoofddoel M1")
    m2 = DoelFactory(opgave=opgave, tekst="Hoofddoel M2")
    sub = DoelFactory(opgave=opgave, bovenliggend=m1, tekst="Sub-doel dat blijft")

    response = beleid_client.post(
        reverse("opgaven:doel_bewerken", args=[m1.pk]),
        {"tekst": m1.tekst, "bovenliggend": str(m2.pk), "versie": str(m1.versie)},
    )

    assert response.status_code == 200
    assert "bovenliggend" in response.context["form"].errors
    m1.refresh_from_db()
    assert m1.bovenliggend_id is None
    assert "Sub-doel dat blijft" in _opgave_pagina(beleid_client)
    assert sub.pk in Doel.objects.filter(bovenliggend__bovenliggend=None).values_list(
        "pk", flat=True
    )


@pytest.mark.parametrize("soort", SOORTEN)
def test_an_item_with_sub_items_keeps_them_visible_when_a_move_is_tried(
    beleid_client, programma, soort
):
    m1, m2, _sub = _boom(soort, _eigen_opgave(programma))

    response = _bewerk(beleid_client, soort, m1, bovenliggend=str(m2.pk))

    assert response.status_code == 200
    assert response.context["form"].errors["bovenliggend"] == [
        "Dit punt heeft onderliggende punten en blijft daarom een hoofdpunt."
    ]
    m1.refresh_from_db()
    assert m1.bovenliggend_id is None
    pagina = _opgave_pagina(beleid_client)
    assert f"Onder M1 dat blijft ({soort})" in pagina


@pytest.mark.parametrize("soort", SOORTEN)
def test_the_form_offers_only_other_main_items_of_the_same_opgave_as_parent(
    beleid_client, programma, soort
):
    opgave = _eigen_opgave(programma)
    m1, m2, sub = _boom(soort, opgave)
    fabriek, *_ = SOORTEN[soort]
    los = fabriek(opgave=opgave)
    elders = fabriek(opgave=Opgave.objects.get(programma=programma, nummer=1))
    _fabriek, _veld, route, nieuw = SOORTEN[soort]

    def keuzes(url):
        veld = beleid_client.get(url).context["form"].fields["bovenliggend"]
        return set(veld.queryset.values_list("pk", flat=True))

    bij_los = keuzes(reverse(route, args=[los.pk]))
    assert {m1.pk, m2.pk} <= bij_los
    assert not bij_los & {los.pk, sub.pk, elders.pk}
    assert keuzes(reverse(route, args=[m1.pk])) == set()  # it has a sub-item
    assert {m1.pk, m2.pk, los.pk} <= keuzes(reverse(nieuw, args=[EIGEN_OPGAVE]))
    assert sub.pk not in keuzes(reverse(nieuw, args=[EIGEN_OPGAVE]))


@pytest.mark.parametrize("soort", SOORTEN)
def test_a_childless_main_item_can_still_move_under_another_main_item(
    beleid_client, programma, soort
):
    m1, m2, _sub = _boom(soort, _eigen_opgave(programma))

    response = _bewerk(beleid_client, soort, m2, bovenliggend=str(m1.pk))

    assert response.status_code == 302
    m2.refresh_from_db()
    assert m2.bovenliggend_id == m1.pk


@pytest.mark.parametrize("soort", SOORTEN)
def test_no_item_goes_under_a_sub_item_through_a_stale_form(beleid_client, programma, soort):
    _m1, _m2, sub = _boom(soort, _eigen_opgave(programma))
    _fabriek, veld, _route, nieuw = SOORTEN[soort]

    # A form opened when `sub` was a main item may still post it as the parent.
    response = beleid_client.post(
        reverse(nieuw, args=[EIGEN_OPGAVE]), {veld: "Te diep", "bovenliggend": str(sub.pk)}
    )

    assert response.status_code == 200
    assert "bovenliggend" in response.context["form"].errors
    assert not type(sub).objects.filter(**{veld: "Te diep"}).exists()


@pytest.mark.parametrize("soort", SOORTEN)
def test_full_clean_refuses_every_deeper_tree_which_is_the_path_of_admin_and_imports(
    programma, soort
):
    m1, m2, sub = _boom(soort, _eigen_opgave(programma))
    fabriek, *_ = SOORTEN[soort]

    m1.bovenliggend = m2
    with pytest.raises(ValidationError) as fout:
        m1.full_clean()
    assert "bovenliggend" in fout.value.message_dict

    nieuw = fabriek.build(opgave=m1.opgave, bovenliggend=sub)
    with pytest.raises(ValidationError) as fout:
        nieuw.full_clean()
    assert fout.value.message_dict["bovenliggend"] == [
        "Kies een hoofdpunt: alleen één niveau van onderliggende punten is mogelijk."
    ]

    m2.bovenliggend = m2
    with pytest.raises(ValidationError, match="onder zichzelf"):
        m2.full_clean()


@pytest.mark.parametrize("soort", SOORTEN)
def test_a_main_item_does_not_move_to_another_opgave_without_its_sub_items(programma, soort):
    m1, _m2, _sub = _boom(soort, _eigen_opgave(programma))

    m1.opgave = Opgave.objects.get(programma=programma, nummer=1)
    with pytest.raises(ValidationError, match="onderliggende punten bij zijn huidige opgave"):
        m1.full_clean()


@pytest.mark.parametrize("model", [Doel, Doelgroep, Activiteit])
def test_the_database_refuses_an_item_under_itself(programma, model):
    punt = model.objects.filter(opgave__programma=programma).first()

    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.filter(pk=punt.pk).update(bovenliggend=punt.pk)


@ALLEEN_POSTGRESQL
@pytest.mark.parametrize("soort", SOORTEN)
def test_on_postgresql_no_write_at_all_makes_the_tree_deeper(programma, soort):
    m1, m2, sub = _boom(soort, _eigen_opgave(programma))
    model = type(m1)

    with pytest.raises(IntegrityError, match="heeft onderliggende punten"), transaction.atomic():
        model.objects.filter(pk=m1.pk).update(bovenliggend=m2.pk)
    with pytest.raises(IntegrityError, match="valt zelf onder"), transaction.atomic():
        model.objects.filter(pk=m2.pk).update(bovenliggend=sub.pk)
    m1.refresh_from_db()
    assert m1.bovenliggend_id is None


@ALLEEN_POSTGRESQL
@pytest.mark.django_db(transaction=True)
def test_a_move_and_a_new_sub_item_at_the_same_moment_cannot_both_win():
    opgave = OpgaveFactory()
    m1 = DoelFactory(opgave=opgave, tekst="M1")
    m2 = DoelFactory(opgave=opgave, tekst="M2")
    anne, bart = GebruikerFactory(), GebruikerFactory()
    anne_heeft_geschreven = threading.Event()
    uitkomst: dict[str, object] = {}

    def nieuw_onder_m1():
        try:
            with transaction.atomic():
                services.voeg_toe(
                    obj=Doel(opgave=opgave, bovenliggend=m1, tekst="Sub"), gebruiker=anne
                )
                anne_heeft_geschreven.set()
                time.sleep(0.5)  # Bart's move runs into the uncommitted sub-item
            uitkomst["anne"] = "opgeslagen"
        except Exception as fout:
            uitkomst["anne"] = fout
        finally:
            anne_heeft_geschreven.set()
            connection.close()

    def verplaats_m1():
        try:
            anne_heeft_geschreven.wait(5)
            services.bewaar_onderdeel(
                obj=m1,
                verwachte_versie=m1.versie,
                gegevens={"tekst": "M1", "bovenliggend": m2},
                gebruiker=bart,
            )
            uitkomst["bart"] = "opgeslagen"
        except Exception as fout:
            uitkomst["bart"] = fout
        finally:
            connection.close()

    draden = [threading.Thread(target=nieuw_onder_m1), threading.Thread(target=verplaats_m1)]
    for draad in draden:
        draad.start()
    for draad in draden:
        draad.join(15)

    assert uitkomst["anne"] == "opgeslagen"
    assert isinstance(uitkomst["bart"], ValidationError), uitkomst
    assert "onderliggende punten" in " ".join(uitkomst["bart"].messages)
    assert not Doel.objects.filter(opgave=opgave, bovenliggend__bovenliggend__isnull=False)


def _herstel_boom():
    return importlib.import_module(
        "opgaven.migrations.0005_boom_van_een_niveau_en_zichtbare_tekst"
    ).herstel_boom


def test_the_migration_brings_back_items_that_were_hidden_too_deep(programma):
    opgave = _eigen_opgave(programma)
    m1, m2, sub = _boom("doel", opgave)
    zelf = DoelFactory(opgave=opgave, tekst="Onder zichzelf")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Data from before the rule: written past the trigger and the constraint.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending checks before ALTER
            cursor.execute("ALTER TABLE opgaven_doel DISABLE TRIGGER USER")
            cursor.execute("ALTER TABLE opgaven_doel DROP CONSTRAINT doel_niet_onder_zichzelf")
        else:
            cursor.execute("PRAGMA ignore_check_constraints = ON")
    try:
        Doel.objects.filter(pk=m1.pk).update(bovenliggend=m2.pk)
        Doel.objects.filter(pk=zelf.pk).update(bovenliggend=zelf.pk)
        assert "Onder M1 dat blijft (doel)" not in _zichtbare_doelen(opgave)

        staat = MigrationLoader(connection).project_state(
            ("opgaven", "0005_boom_van_een_niveau_en_zichtbare_tekst")
        )
        _herstel_boom()(staat.apps, None)
    finally:
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA ignore_check_constraints = OFF")

    zichtbaar = _zichtbare_doelen(opgave)
    assert {"Onder M1 dat blijft (doel)", "Onder zichzelf", "Hoofd M1 (doel)"} <= zichtbaar
    sub.refresh_from_db()
    assert sub.bovenliggend_id is None
    assert sub.history.first().history_change_reason.startswith("Hersteld")
    assert echte_apps.get_model("opgaven", "Doel").objects.filter(pk=m1.pk, bovenliggend=m2)


def _zichtbare_doelen(opgave: Opgave) -> set[str]:
    """What the opgave page and the PDF show: the main doelen and their sub-doelen."""
    opgave = Opgave.objects.met_inhoud().get(pk=opgave.pk)
    return {
        tekst
        for hoofd in opgave.hoofddoelen
        for tekst in [hoofd.tekst, *(sub.tekst for sub in hoofd.onderliggende.all())]
    }


@ALLEEN_POSTGRESQL
@pytest.mark.django_db(transaction=True)
def test_two_users_moving_two_items_under_each_other_at_once_get_one_move_and_one_message():
    opgave = OpgaveFactory()
    x = DoelFactory(opgave=opgave, tekst="X")
    p = DoelFactory(opgave=opgave, tekst="P")
    vergrendeld = {"anne": threading.Event(), "bart": threading.Event()}
    uitkomst: dict[str, object] = {}

    def verplaats(naam: str, ander: str, punt, onder) -> None:
        def na_de_versiecontrole(execute, sql, params, many, context):
            resultaat = execute(sql, params, many, context)
            if sql.startswith('UPDATE "opgaven_doel"') and not vergrendeld[naam].is_set():
                # Both hold their own row before either gives it a parent: a deadlock.
                vergrendeld[naam].set()
                vergrendeld[ander].wait(5)
            return resultaat

        try:
            with connection.execute_wrapper(na_de_versiecontrole):
                services.bewaar_onderdeel(
                    obj=punt,
                    verwachte_versie=punt.versie,
                    gegevens={"tekst": punt.tekst, "bovenliggend": onder},
                    gebruiker=GebruikerFactory(),
                )
            uitkomst[naam] = "opgeslagen"
        except Exception as fout:
            uitkomst[naam] = fout
        finally:
            vergrendeld[naam].set()
            connection.close()

    draden = [
        threading.Thread(target=verplaats, args=("anne", "bart", x, p)),
        threading.Thread(target=verplaats, args=("bart", "anne", p, x)),
    ]
    for draad in draden:
        draad.start()
    for draad in draden:
        draad.join(20)

    assert sorted(map(type, uitkomst.values()), key=str) == [ValidationError, str], uitkomst
    assert Doel.objects.filter(opgave=opgave, bovenliggend__isnull=False).count() == 1
    assert not Doel.objects.filter(opgave=opgave, bovenliggend__bovenliggend__isnull=False)
