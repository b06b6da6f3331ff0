import io
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from opgaven.models import Activiteit, Opgave
from resultaten.models import Indicator, Resultaat, Status, Voortgangsupdate
from resultaten.services import registreer_voortgang
from resultaten.voortgang import Voortgang, rollup
from tests.conftest import ANDERE_OPGAVE, EIGEN_OPGAVE
from tests.factories import ActiviteitFactory, ResultaatFactory, VoortgangsupdateFactory
from tests.helpers import csv_rijen

pytestmark = pytest.mark.django_db

IBDO = "Jaarlijks 550 IBDO-trajecten met ondernemers"
GRONDSTOFFEN = "Dashboard met inzicht in grondstoffen- en materiaalstromen voor het mkb"
PEILDATUM = date(2026, 6, 30)


def _resultaat(omschrijving: str) -> Resultaat:
    return Resultaat.objects.get(omschrijving=omschrijving)


def _tekst(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def test_a_beleidsmedewerker_records_progress_and_every_page_shows_it_with_history(
    beleid_client,
):
    ibdo, grondstoffen = _resultaat(IBDO), _resultaat(GRONDSTOFFEN)
    indicator = ibdo.indicatoren.get()

    # An earlier update stays: history.
    eerder = beleid_client.post(
        reverse("resultaten:resultaat_voortgang", args=[ibdo.pk]),
        {"peildatum": "2026-03-31", "status": "op_koers", f"indicator_{indicator.pk}": "120"},
    )
    assert eerder.status_code == 302
    response = beleid_client.post(
        reverse("resultaten:resultaat_voortgang", args=[ibdo.pk]),
        {
            "peildatum": "2026-06-30",
            "status": "op_koers",
            "toelichting": "Loopt volgens plan.",
            f"indicator_{indicator.pk}": "260",
        },
    )
    assert response.status_code == 302
    response = beleid_client.post(
        reverse("resultaten:resultaat_voortgang", args=[grondstoffen.pk]),
        {
            "peildatum": "2026-06-30",
            "status": "risico",
            "toelichting": "Bouw van het dashboard is gestart.",
            "verklaring": "De datalevering door de partners loopt vertraging op.",
            "maatregel": "Bestuurlijk overleg met de partners in juli.",
        },
    )
    assert response.status_code == 302

    opgave = _tekst(beleid_client.get(reverse("portaal:opgave", args=[EIGEN_OPGAVE])))
    assert "IBDO-trajecten: 260" in opgave
    assert "260 gerealiseerd van 550 IBDO-trajecten per jaar" in opgave
    assert "(47%)" in opgave
    assert '<meter min="0" max="100"' in opgave
    assert 'value="47"' in opgave
    assert "op koers" in opgave
    assert "risico" in opgave
    assert "De datalevering door de partners loopt vertraging op." in opgave
    assert "Bestuurlijk overleg met de partners in juli." in opgave

    dashboard = _tekst(beleid_client.get(reverse("portaal:dashboard")))
    assert "260 gerealiseerd van 550 IBDO-trajecten per jaar" in dashboard
    assert GRONDSTOFFEN in dashboard
    assert "De datalevering door de partners loopt vertraging op." in dashboard
    assert "Bestuurlijk overleg met de partners in juli." in dashboard

    lijst = _tekst(beleid_client.get(reverse("resultaten:voortgang")))
    assert "3 voortgangsupdates gevonden" in lijst
    assert "IBDO-trajecten: 260" in lijst
    assert "IBDO-trajecten: 120" in lijst
    assert "Bestuurlijk overleg met de partners in juli." in lijst
    stand = _tekst(beleid_client.get(reverse("resultaten:voortgang"), {"peildatum": "2026-06-30"}))
    assert "2 voortgangsupdates gevonden" in stand
    assert "IBDO-trajecten: 120" not in stand
    risico = _tekst(beleid_client.get(reverse("resultaten:voortgang"), {"status": "risico"}))
    assert "1 voortgangsupdate gevonden" in risico

    historie = _tekst(beleid_client.get(reverse("resultaten:resultaat", args=[ibdo.pk])))
    assert historie.index("30-06-2026") < historie.index("31-03-2026")
    assert "IBDO-trajecten: 260" in historie
    assert "IBDO-trajecten: 120" in historie


def test_attention_or_risk_without_explanation_and_measure_is_refused_next_to_the_fields(
    beleid_client,
):
    grondstoffen = _resultaat(GRONDSTOFFEN)
    response = beleid_client.post(
        reverse("resultaten:resultaat_voortgang", args=[grondstoffen.pk]),
        {"peildatum": "2026-06-30", "status": "aandacht_nodig", "toelichting": "Mijn tekst"},
    )
    html = _tekst(response)
    assert "Geef een verklaring bij deze status." in html
    assert "Beschrijf de maatregel bij deze status." in html
    assert "Mijn tekst" in html
    assert not Voortgangsupdate.objects.exists()


def test_a_wrong_date_is_refused_in_dutch(beleid_client):
    response = beleid_client.post(
        reverse("resultaten:resultaat_voortgang", args=[_resultaat(IBDO).pk]),
        {"peildatum": "31-02-2026", "status": "op_koers"},
    )
    assert "Voer een geldige datum in." in _tekst(response)


def test_progress_of_another_opgave_cannot_be_recorded(beleid_client, management_client):
    vreemd = Resultaat.objects.filter(opgave__nummer=ANDERE_OPGAVE).first()
    url = reverse("resultaten:resultaat_voortgang", args=[vreemd.pk])
    assert (
        beleid_client.post(url, {"peildatum": "2026-06-30", "status": "op_koers"}).status_code
        == 403
    )
    activiteit = Activiteit.objects.filter(opgave__nummer=ANDERE_OPGAVE).first()
    url = reverse("resultaten:activiteit_voortgang", args=[activiteit.pk])
    assert beleid_client.get(url).status_code == 403
    assert not Voortgangsupdate.objects.exists()


def test_an_activity_gets_an_update_too(beleid_client):
    activiteit = Activiteit.objects.filter(opgave__nummer=EIGEN_OPGAVE).first()
    response = beleid_client.post(
        reverse("resultaten:activiteit_voortgang", args=[activiteit.pk]),
        {"peildatum": "2026-06-30", "status": "op_koers", "toelichting": "Gestart."},
    )
    assert response.status_code == 302
    update = Voortgangsupdate.objects.get()
    assert (update.activiteit, update.opgave.nummer) == (activiteit, EIGEN_OPGAVE)


def test_the_database_refuses_risk_without_explanation_and_measure():
    update = Voortgangsupdate(
        resultaat=_resultaat(IBDO), peildatum=PEILDATUM, status=Status.RISICO, verklaring="x"
    )
    with pytest.raises(ValidationError) as fout:
        update.full_clean()
    assert "maatregel" in fout.value.message_dict
    with transaction.atomic(), pytest.raises(IntegrityError):
        update.save()


def test_an_update_is_never_overwritten(beheerder):
    update = registreer_voortgang(
        resultaat=_resultaat(IBDO), peildatum=PEILDATUM, status=Status.OP_KOERS, gebruiker=beheerder
    )
    update.toelichting = "anders"
    with pytest.raises(ValueError, match="append-only"):
        update.save()


def test_the_latest_update_on_or_before_a_peildatum_in_one_query(django_assert_num_queries):
    per_kwartaal, herzien = ResultaatFactory.create_batch(2)
    for peildatum in (date(2026, 3, 31), date(2026, 6, 30), date(2026, 9, 30)):
        VoortgangsupdateFactory(resultaat=per_kwartaal, peildatum=peildatum)
    VoortgangsupdateFactory(resultaat=herzien, peildatum=date(2026, 3, 31))
    # A second update on the same peildatum wins over the first.
    laatste = VoortgangsupdateFactory(
        resultaat=herzien, peildatum=date(2026, 3, 31), aandacht_nodig=True
    )
    with django_assert_num_queries(1):
        gevonden = {
            u.resultaat_id: u
            for u in Voortgangsupdate.objects.laatste_per_resultaat(peildatum=PEILDATUM)
        }
    assert gevonden[per_kwartaal.pk].peildatum == date(2026, 6, 30)
    assert gevonden[herzien.pk] == laatste
    assert len(gevonden) == 2
    assert not Voortgangsupdate.objects.laatste_per_resultaat(peildatum=date(2026, 1, 1))


def test_an_activity_has_a_status_and_a_planned_period_with_start_before_end(beleid_client):
    activiteit = Activiteit.objects.filter(opgave__nummer=EIGEN_OPGAVE).first()
    url = reverse("opgaven:activiteit_bewerken", args=[activiteit.pk])
    gegevens = {
        "omschrijving": activiteit.omschrijving,
        "thema": activiteit.thema_id or "",
        "status": "lopend",
        "geplande_start": "2026-09-01",
        "gepland_einde": "2026-03-01",
        "versie": activiteit.versie,
    }
    fout = _tekst(beleid_client.post(url, gegevens))
    assert "Het geplande einde ligt voor de geplande start." in fout
    assert 'value="2026-09-01"' in fout
    gegevens["gepland_einde"] = "2027-03-01"
    assert beleid_client.post(url, gegevens).status_code == 302
    activiteit.refresh_from_db()
    assert (activiteit.status, activiteit.gepland_einde) == ("lopend", date(2027, 3, 1))
    activiteit.gepland_einde = date(2026, 1, 1)
    with transaction.atomic(), pytest.raises(IntegrityError):
        activiteit.save()


def _vermenigvuldig_20x(gebruiker) -> None:
    """20 times the results, indicators, activities and updates of the programme."""
    for opgave in Opgave.objects.all():
        for i in range(20):
            resultaat = Resultaat.objects.create(
                opgave=opgave, omschrijving=f"R{i}", volgorde=100 + i
            )
            indicator = Indicator.objects.create(
                resultaat=resultaat, naam=f"I{i}", eenheid="stuks", streefwaarde=10
            )
            Activiteit.objects.create(opgave=opgave, omschrijving=f"A{i}", volgorde=100 + i)
            for maand in (3, 6):
                registreer_voortgang(
                    resultaat=resultaat,
                    peildatum=date(2026, maand, 30),
                    status=Status.RISICO,
                    verklaring="v",
                    maatregel="m",
                    waarden={indicator: Decimal(maand)},
                    gebruiker=gebruiker,
                )


def test_the_rollup_takes_four_queries_however_much_data(
    programma, beheerder, django_assert_num_queries
):
    opgaven = list(Opgave.objects.van_programma(programma))
    # 1 activities per opgave and status, 2 results per opgave, 3 results per opgave and
    # latest status, 4 indicators with their realisation (subquery)
    with django_assert_num_queries(4):
        voor = rollup(programma, opgaven, peildatum=PEILDATUM)
    assert voor.programma.resultaten.totaal == 37
    assert voor.programma.resultaten.aantallen["geen_update"] == 37
    assert voor.programma.activiteiten.aantallen["niet_gestart"] == 57
    assert len(voor.programma.indicatoren) == 4

    _vermenigvuldig_20x(beheerder)
    with django_assert_num_queries(4):
        na = rollup(programma, opgaven, peildatum=PEILDATUM)
    assert na.programma.resultaten.aantallen["risico"] == 100
    assert na.programma.activiteiten.totaal == 157
    nieuw = next(i for i in na.programma.indicatoren if i.naam == "I0")
    assert (nieuw.gerealiseerd, nieuw.percentage, nieuw.balk) == (Decimal(6), 60, 60)


def _meer_in(opgave: Opgave, aantal: int) -> None:
    """`aantal` quantified results with an update each and an activity, in `opgave`."""
    for _ in range(aantal):
        resultaat = ResultaatFactory(opgave=opgave, met_indicator=True)
        VoortgangsupdateFactory(
            resultaat=resultaat,
            peildatum=PEILDATUM,
            waarden={resultaat.indicatoren.get(): Decimal(5)},
        )
        ActiviteitFactory(opgave=opgave)


def test_the_rollup_of_one_opgave_reads_only_that_opgave_in_four_queries(
    programma, django_assert_num_queries
):
    opgave = Opgave.objects.get(programma=programma, nummer=EIGEN_OPGAVE)
    andere = Opgave.objects.get(programma=programma, nummer=ANDERE_OPGAVE)

    def _lees() -> list[str]:
        with CaptureQueriesContext(connection) as queries:
            voortgang = rollup(
                programma, [opgave], peildatum=PEILDATUM, indicatoren=Voortgang.GETOOND
            ).van(opgave)
        assert len(queries) == 4
        return voortgang, [query["sql"] for query in queries]

    voor, sql = _lees()
    # Every query is limited to the opgave, none reads the whole programme.
    assert all(f"IN ({opgave.pk})" in tekst for tekst in sql), sql

    _meer_in(andere, 12)
    assert _lees()[0].resultaten.totaal == voor.resultaten.totaal
    _meer_in(opgave, 12)
    na, _ = _lees()
    assert na.resultaten.totaal == voor.resultaten.totaal + 12
    assert (
        na.resultaten.aantallen[Status.OP_KOERS] == voor.resultaten.aantallen[Status.OP_KOERS] + 12
    )
    assert na.activiteiten.totaal == voor.activiteiten.totaal + 12


def test_a_page_rollup_reads_the_first_ten_indicators_and_counts_the_others(programma):
    opgave = Opgave.objects.get(programma=programma, nummer=EIGEN_OPGAVE)
    _meer_in(opgave, 15)
    alles = rollup(programma, [opgave], peildatum=PEILDATUM).van(opgave)
    pagina = rollup(programma, [opgave], peildatum=PEILDATUM, indicatoren=Voortgang.GETOOND).van(
        opgave
    )

    assert len(alles.indicatoren) >= 15
    assert len(pagina.indicatoren) == Voortgang.GETOOND
    assert pagina.indicatoren == alles.indicatoren[: Voortgang.GETOOND]
    assert [i.gerealiseerd for i in pagina.indicatoren] == [
        i.gerealiseerd for i in alles.indicatoren[: Voortgang.GETOOND]
    ]
    assert pagina.getoonde_indicatoren.meer == len(alles.indicatoren) - Voortgang.GETOOND
    assert pagina.getoonde_indicatoren.meer == alles.getoonde_indicatoren.meer


def test_the_dashboard_rollup_reads_ten_indicators_per_opgave_whatever_their_number(
    programma, django_assert_num_queries
):
    opgaven = list(Opgave.objects.van_programma(programma))
    volledig = rollup(programma, opgaven, peildatum=PEILDATUM).programma
    for opgave in opgaven:
        _meer_in(opgave, 11)
    with django_assert_num_queries(4):
        geheel = rollup(
            programma, opgaven, peildatum=PEILDATUM, indicatoren=Voortgang.GETOOND
        ).programma

    assert len(geheel.indicatoren) <= Voortgang.GETOOND * len(opgaven)
    assert (
        geheel.getoonde_indicatoren.meer
        == len(volledig.indicatoren) + 11 * len(opgaven) - Voortgang.GETOOND
    )
    assert geheel.resultaten.totaal == volledig.resultaten.totaal + 11 * len(opgaven)


@pytest.mark.parametrize("pagina", ["portaal:dashboard", "portaal:opgave", "resultaten:voortgang"])
def test_pages_with_progress_do_not_grow_in_queries_with_20x_data(
    management_client, beheerder, pagina
):
    url = reverse(pagina, args=[EIGEN_OPGAVE] if pagina == "portaal:opgave" else [])
    # One update with a value first: a prefetch only queries when there are rows.
    ibdo = _resultaat(IBDO)
    registreer_voortgang(
        resultaat=ibdo,
        peildatum=PEILDATUM,
        status=Status.OP_KOERS,
        waarden={ibdo.indicatoren.get(): Decimal(260)},
        gebruiker=beheerder,
    )

    def _tel() -> int:
        cache.clear()  # the pages' shared parts are cached; count their building
        with CaptureQueriesContext(connection) as queries:
            assert management_client.get(url).status_code == 200
        return len(queries)

    _tel()  # the first request may refresh the session
    voor = _tel()
    _vermenigvuldig_20x(beheerder)
    if pagina == "portaal:dashboard":
        # The dashboard's latest changes read the tables of the newest changes only
        # (portaal.historie): their number depends on which kinds changed last, not on
        # how many rows there are. Twice the same kind of growth costs the same.
        na_20x = _tel()
        _vermenigvuldig_20x(beheerder)
        assert _tel() == na_20x
    else:
        assert _tel() == voor


def test_the_progress_list_exports_csv_and_xlsx(beheerder, management_client):
    registreer_voortgang(
        resultaat=_resultaat(IBDO),
        peildatum=PEILDATUM,
        status=Status.OP_KOERS,
        waarden={_resultaat(IBDO).indicatoren.get(): Decimal(260)},
        gebruiker=beheerder,
    )
    response = management_client.get(reverse("resultaten:voortgang"), {"_export": "csv"})
    rijen = csv_rijen(response)
    titel = Opgave.objects.get(nummer=3).titel
    assert rijen[0][:7] == [
        "Opgave",
        "Opgavetitel",
        "Soort",
        "Resultaat of activiteit",
        "Peildatum",
        "Status",
        "Gerealiseerd",
    ]
    assert rijen[1][:7] == [
        "3",
        titel,
        "resultaat",
        IBDO,
        "2026-06-30",
        "op koers",
        "IBDO-trajecten: 260",
    ]
    response = management_client.get(reverse("resultaten:voortgang"), {"_export": "xlsx"})
    blad = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert list(blad.iter_rows(values_only=True))[1][:6] == (
        3,
        titel,
        "resultaat",
        IBDO,
        "2026-06-30",
        "op koers",
    )


def test_demo_progress_refuses_without_debug_and_loads_once(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("laad_demovoortgang")
    assert not Voortgangsupdate.objects.exists()

    settings.DEBUG = True
    call_command("laad_demovoortgang", stdout=io.StringIO())
    aantal = Voortgangsupdate.objects.count()
    assert aantal == 37
    assert not Voortgangsupdate.objects.filter(is_demo=False).exists()
    assert all(u.toelichting.startswith("[Demo] ") for u in Voortgangsupdate.objects.all())
    assert Voortgangsupdate.objects.filter(peildatum=PEILDATUM).count() == aantal
    call_command("laad_demovoortgang", stdout=io.StringIO())
    assert Voortgangsupdate.objects.count() == aantal
    assert Voortgangsupdate.objects.exclude(status=Status.OP_KOERS).exists()
