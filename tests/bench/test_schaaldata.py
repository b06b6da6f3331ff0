from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from basis.historie import wijzigingen
from bench.schaaldata import HISTORIE, maak_schaaldata
from bench.schaaldata import Command as SchaalCommando
from budget.models import (
    Begrotingsbedrag,
    Begrotingsregel,
    Begrotingswijziging,
    Cofinanciering,
    Financieringsbron,
    Realisatie,
    Wijzigingsstatus,
)
from budget.tabel import UITVOERING_KOLOMMEN
from opgaven.models import (
    Activiteit,
    Doel,
    Doelgroep,
    Opgave,
    OpgaveGerelateerdProgramma,
    OpgavePartner,
    Programma,
    Thema,
)
from resultaten.models import Indicator, Indicatorwaarde, Resultaat, Status, Voortgangsupdate
from resultaten.voortgang import rollup

pytestmark = pytest.mark.django_db

DEMO_PEILDATUM = date(2026, 6, 30)
MODELLEN = [
    Programma,
    Opgave,
    Thema,
    OpgavePartner,
    OpgaveGerelateerdProgramma,
    Doel,
    Doelgroep,
    Activiteit,
    Resultaat,
    Indicator,
    Begrotingsregel,
    Begrotingsbedrag,
    Begrotingswijziging,
    Realisatie,
    Cofinanciering,
    Voortgangsupdate,
    Indicatorwaarde,
]


def schaal(settings, *argumenten: str) -> str:
    settings.DEBUG = True
    uit = StringIO()
    call_command(SchaalCommando(), *argumenten, stdout=uit)
    return uit.getvalue()


def demovoortgang(settings) -> None:
    settings.DEBUG = True
    call_command("laad_demovoortgang", stdout=StringIO())


def uitvoering_op_de_begroting(programma: Programma) -> None:
    """Amendments (decided and proposed), realisations and co-funding on two lines."""
    for regel in Begrotingsregel.objects.filter(opgave__programma=programma).order_by("pk")[:2]:
        Begrotingswijziging.objects.create(
            regel=regel,
            jaar=2026,
            bedrag=Decimal("25000"),
            kenmerk="Voorjaarsnota 2026",
            motivering="Meer aanvragen dan verwacht.",
            status=Wijzigingsstatus.VASTGESTELD,
            besluitdatum=date(2026, 5, 12),
        )
        Begrotingswijziging.objects.create(
            regel=regel,
            jaar=2027,
            bedrag=Decimal("-5000"),
            kenmerk="GS-voorstel",
            motivering="Minder nodig.",
        )
        Realisatie.objects.create(
            regel=regel,
            jaar=2026,
            datum=date(2026, 4, 1),
            verplicht=Decimal("40000"),
            besteed=Decimal("12500"),
            omschrijving="Subsidie verleend",
        )
        Cofinanciering.objects.create(
            bron=Financieringsbron.objects.order_by("pk").first(),
            opgave=regel.opgave,
            regel=regel,
            jaar=2026,
            verwacht=Decimal("10000"),
        )


def test_scale_data_multiplies_the_programme_and_its_totals(settings, programma):
    voor = Begrotingsregel.objects.tabel(programma).totalen

    schaal(settings, "--factor", "3")

    assert Begrotingsregel.objects.count() == 22 * 3
    assert Activiteit.objects.filter(bovenliggend=None).count() == 54 * 3
    assert Activiteit.objects.count() == 57 * 3
    assert Doelgroep.objects.count() == 13 * 3
    assert Begrotingsregel.objects.tabel(programma).totalen == [t * 3 for t in voor]
    assert voor == [Decimal("7398139"), Decimal("7418224")]


def test_sub_activities_are_copied_under_the_copy_of_their_main_activity(settings, programma):
    schaal(settings, "--factor", "2")

    for sub in Activiteit.objects.filter(omschrijving__endswith="(schaal 1)").exclude(
        bovenliggend=None
    ):
        assert sub.bovenliggend.omschrijving.endswith("(schaal 1)")
        assert sub.bovenliggend.opgave_id == sub.opgave_id


def test_budget_execution_totals_grow_by_the_factor_with_amendments_and_realisations(
    settings, programma
):
    uitvoering_op_de_begroting(programma)
    voor = {
        jaar: Begrotingsregel.objects.uitvoering(programma, jaar).totaal for jaar in (2026, 2027)
    }

    schaal(settings, "--factor", "3")

    for jaar, bedragen in voor.items():
        na = Begrotingsregel.objects.uitvoering(programma, jaar).totaal
        for kolom in UITVOERING_KOLOMMEN:
            assert getattr(na, kolom) == getattr(bedragen, kolom) * 3, (jaar, kolom)
    assert voor[2026].besteed == Decimal("25000")
    assert voor[2027].concept == Decimal("-10000")
    # The mix of decided and proposed amendments stays, with the decision dates.
    assert Begrotingswijziging.objects.filter(
        status=Wijzigingsstatus.VASTGESTELD, besluitdatum=date(2026, 5, 12)
    ).count() == (2 * 3)
    assert Begrotingswijziging.objects.filter(status=Wijzigingsstatus.CONCEPT).count() == 2 * 3
    overzicht = Cofinanciering.objects.overzicht(programma)
    assert [r["verwacht"] for r in overzicht.per_jaar] == [Decimal("60000")]


def test_every_copy_keeps_the_progress_of_its_results_and_activities(settings, programma):
    demovoortgang(settings)
    activiteit = Activiteit.objects.filter(opgave__programma=programma).order_by("pk").first()
    Voortgangsupdate(
        activiteit=activiteit,
        peildatum=DEMO_PEILDATUM,
        status=Status.OP_KOERS,
        toelichting="Loopt.",
    ).save()
    opgaven = list(Opgave.objects.van_programma(programma))
    voor = rollup(programma, opgaven, peildatum=DEMO_PEILDATUM).programma

    schaal(settings, "--factor", "2")

    na = rollup(programma, opgaven, peildatum=DEMO_PEILDATUM).programma
    assert na.resultaten.aantallen == {s: n * 2 for s, n in voor.resultaten.aantallen.items()}
    assert na.activiteiten.aantallen == {s: n * 2 for s, n in voor.activiteiten.aantallen.items()}
    assert sorted(i.gerealiseerd for i in na.indicatoren) == sorted(
        [i.gerealiseerd for i in voor.indicatoren] * 2
    )
    assert Indicator.objects.count() == 4 * 2
    assert Voortgangsupdate.objects.count() == (37 + 1) * 2
    kopie = Voortgangsupdate.objects.get(activiteit__omschrijving__endswith="(schaal 1)")
    assert kopie.activiteit.omschrijving == f"{activiteit.omschrijving} (schaal 1)"
    assert kopie.opgave_id == activiteit.opgave_id


def test_every_created_object_has_its_history_and_is_counted(settings, programma):
    demovoortgang(settings)
    uitvoering_op_de_begroting(programma)
    voor = {model: set(model.objects.values_list("pk", flat=True)) for model in MODELLEN}
    historie_voor = sum(model.history.count() for model in MODELLEN)

    aantallen = maak_schaaldata(programma=programma, factor=2, programmas=1)

    for model in MODELLEN:
        nieuw = set(model.objects.values_list("pk", flat=True)) - voor[model]
        assert nieuw, model
        assert aantallen[str(model._meta.verbose_name_plural)] == len(nieuw), model
        met_historie = model.history.filter(history_type="+", id__in=nieuw)
        assert set(met_historie.values_list("id", flat=True)) == nieuw, model
    assert aantallen[HISTORIE] == sum(m.history.count() for m in MODELLEN) - historie_voor
    assert list(aantallen)[-1] == HISTORIE


def test_copied_budget_amounts_show_an_earlier_amount_in_their_history(settings, programma):
    schaal(settings, "--factor", "2")

    kopieen = Begrotingsbedrag.objects.filter(regel__omschrijving__endswith="(schaal 1)")
    gewijzigd = Begrotingsbedrag.history.filter(history_type="~", id__in=kopieen.values("pk"))
    assert gewijzigd.count() == kopieen.count() == 44
    bedrag = kopieen.exclude(bedrag=0).first()
    laatste, eerste = wijzigingen(Begrotingsbedrag.history.filter(id=bedrag.pk), limiet=5)
    assert (laatste.soort, eerste.soort) == ("gewijzigd", "toegevoegd")
    assert laatste.reden == "Bedrag bijgesteld (schaaldata)"
    [veld] = laatste.velden
    assert veld.oud != veld.nieuw
    # The history ends at the amount the line has now.
    assert gewijzigd.get(id=bedrag.pk).bedrag == bedrag.bedrag


def test_extra_programmes_copy_the_programme_and_the_current_one_stays_current(settings, programma):
    voor = Begrotingsregel.objects.tabel(programma).totalen

    uit = schaal(settings, "--factor", "2", "--programmas", "2")

    assert "2 programma's" in uit
    assert Programma.objects.actueel() == programma
    extra = list(Programma.objects.exclude(pk=programma.pk))
    assert len({p.eerste_jaar for p in extra} | {programma.eerste_jaar}) == 3
    for kopie in extra:
        assert kopie.periode in kopie.titel
        assert len(kopie.jaren) == len(programma.jaren)
        assert Begrotingsregel.objects.tabel(kopie).totalen == voor
        assert list(kopie.opgaven.values_list("nummer", flat=True)) == [1, 2, 3, 4, 5]
        assert Activiteit.objects.van_programma(kopie).count() == 57
        assert Resultaat.objects.van_programma(kopie).count() == 37
        assert Indicator.objects.van_programma(kopie).count() == 4
        assert Thema.objects.filter(opgave__programma=kopie).count() == 14
        assert OpgavePartner.objects.filter(opgave__programma=kopie).count() == 39
        # Activities stay under a theme of their own programme.
        assert (
            not Activiteit.objects.van_programma(kopie)
            .exclude(thema=None)
            .exclude(thema__opgave__programma=kopie)
        )
    assert Begrotingsregel.objects.tabel(programma).totalen == [t * 2 for t in voor]


def test_before_the_programme_starts_extra_programmes_come_after_it(
    settings, programma, monkeypatch
):
    # Nothing has started yet, so the earliest programme is the current one.
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: date(2025, 3, 1))
    assert Programma.objects.actueel() == programma

    maak_schaaldata(programma=programma, factor=1, programmas=1)

    assert Programma.objects.actueel() == programma
    assert Programma.objects.exclude(pk=programma.pk).get().eerste_jaar > programma.laatste_jaar


def test_the_dashboard_and_the_history_page_render_with_scale_data(
    settings, programma, management_client
):
    demovoortgang(settings)
    uitvoering_op_de_begroting(programma)
    maak_schaaldata(programma=programma, factor=2, programmas=1)
    settings.DEBUG = False

    dashboard = management_client.get("/dashboard/")
    historie = management_client.get("/opgaven/3/wijzigingen/")

    assert dashboard.status_code == 200
    assert "(schaal 1)" in dashboard.content.decode()
    assert historie.status_code == 200
    assert "(schaaldata)" in historie.content.decode()


def test_scale_data_is_refused_in_production(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG=true"):
        call_command(SchaalCommando(), "--factor", "2", stdout=StringIO())


def test_scale_data_without_anything_to_add_is_refused(settings):
    with pytest.raises(CommandError, match="Niets te doen"):
        schaal(settings, "--factor", "1")
