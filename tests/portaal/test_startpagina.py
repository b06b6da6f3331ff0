"""The start page per role: a beleidsmedewerker sees exactly what is missing."""

import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from opgaven.models import ActiviteitStatus, Programma
from portaal.startpagina import volgende_peildatum, vorige_peildatum
from tests.factories import (
    ActiviteitFactory,
    BegrotingsregelFactory,
    BegrotingswijzigingFactory,
    GebruikerFactory,
    OpgaveFactory,
    ResultaatFactory,
    VoortgangsupdateFactory,
)

pytestmark = pytest.mark.django_db

VANDAAG = date(2026, 11, 30)


@pytest.mark.parametrize(
    ("vandaag", "volgende", "vorige"),
    [
        (date(2026, 11, 30), date(2026, 12, 31), date(2026, 9, 30)),
        (date(2026, 12, 31), date(2026, 12, 31), date(2026, 9, 30)),
        (date(2027, 1, 1), date(2027, 3, 31), date(2026, 12, 31)),
        (date(2026, 4, 1), date(2026, 6, 30), date(2026, 3, 31)),
    ],
)
def test_the_next_peildatum_is_the_coming_quarter_end(vandaag, volgende, vorige):
    assert volgende_peildatum(vandaag) == volgende
    assert vorige_peildatum(volgende) == vorige


def test_a_beleidsmedewerkers_start_page_lists_exactly_what_is_missing_for_the_next_peildatum(
    client, monkeypatch
):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: VANDAAG)
    programma = Programma.objects.actueel()
    eigen = OpgaveFactory(programma=programma, titel="Eigen opgave")
    andere = OpgaveFactory(programma=programma, titel="Andere opgave")
    gebruiker = GebruikerFactory(beleidsmedewerker=True, toegewezen_opgaven=[eigen])

    bijgewerkt = ResultaatFactory(opgave=eigen, omschrijving="Bijgewerkt resultaat")
    VoortgangsupdateFactory(resultaat=bijgewerkt, peildatum=date(2026, 10, 15))
    # An update on the previous peildatum itself belongs to that one, not the next.
    vorig_kwartaal = ResultaatFactory(opgave=eigen, omschrijving="Vorig kwartaal")
    VoortgangsupdateFactory(resultaat=vorig_kwartaal, peildatum=date(2026, 9, 30), risico=True)
    nooit = ResultaatFactory(opgave=eigen, omschrijving="Nooit bijgewerkt")
    ResultaatFactory(opgave=andere, omschrijving="Van een ander")

    klaar = ActiviteitFactory(opgave=eigen, status=ActiviteitStatus.LOPEND)
    VoortgangsupdateFactory(activiteit=klaar, resultaat=None, peildatum=date(2026, 12, 31))
    open_ = ActiviteitFactory(opgave=eigen, status=ActiviteitStatus.LOPEND)
    ActiviteitFactory(opgave=eigen, status=ActiviteitStatus.AFGEROND)
    ActiviteitFactory(opgave=andere, status=ActiviteitStatus.LOPEND)

    BegrotingswijzigingFactory(
        regel=BegrotingsregelFactory(opgave=eigen), kenmerk="Najaarsnota 2026 voorstel"
    )
    BegrotingswijzigingFactory(regel=BegrotingsregelFactory(opgave=andere), kenmerk="Niet van mij")

    client.force_login(gebruiker)
    html = client.get(reverse("portaal:start")).content.decode()

    assert "31 december 2026" in html
    assert {int(pk) for pk in re.findall(r'data-resultaat="(\d+)"', html)} == {
        vorig_kwartaal.pk,
        nooit.pk,
    }
    assert {int(pk) for pk in re.findall(r'data-activiteit="(\d+)"', html)} == {open_.pk}
    aandacht = html.split('id="aandacht"')[1].split("</section>")[0]
    assert "Vorig kwartaal" in aandacht
    assert "risico" in aandacht
    assert "Najaarsnota 2026 voorstel" in html
    assert "Niet van mij" not in html


def test_management_sees_what_waits_for_a_decision(management_client):
    BegrotingswijzigingFactory(
        regel=BegrotingsregelFactory(opgave=Programma.objects.actueel().opgaven.get(nummer=3)),
        kenmerk="Voorstel om te besluiten",
    )
    html = management_client.get(reverse("portaal:start")).content.decode()
    assert "Wacht op u" in html
    assert "Voorstel om te besluiten" in html
    assert reverse("rapportages:lijst") in html
    assert reverse("portaal:dashboard") == "/dashboard/"


def _meer_werk() -> None:
    """More of everything the start page lists, in the beleidsmedewerker's opgave and another."""
    programma = Programma.objects.actueel()
    for nummer in (3, 1):
        opgave = programma.opgaven.get(nummer=nummer)
        for _ in range(3):
            ResultaatFactory(opgave=opgave)
            ActiviteitFactory(opgave=opgave, status=ActiviteitStatus.LOPEND)
            VoortgangsupdateFactory(resultaat=ResultaatFactory(opgave=opgave), risico=True)
            BegrotingswijzigingFactory(regel=BegrotingsregelFactory(opgave=opgave))


# Per role, after session, user and roles: the programme, then
#   beleid: the ids of its opgaven (the rights), the opgaven, results and activities
#           without an update, worrying updates, concept amendments;
#   management and beheerder: the first concept amendments, their number, the latest
#           frozen report and the programme's opgaven.
STARTPAGINA_QUERIES = {"beleid_client": 10, "management_client": 8, "beheerder_client": 8}


@pytest.mark.parametrize("rol", sorted(STARTPAGINA_QUERIES))
def test_the_start_page_reads_a_fixed_number_of_queries_per_role(rol, request):
    client = request.getfixturevalue(rol)
    with CaptureQueriesContext(connection) as voor:
        assert client.get(reverse("portaal:start")).status_code == 200
    _meer_werk()
    with CaptureQueriesContext(connection) as na:
        assert client.get(reverse("portaal:start")).status_code == 200

    assert len(na.captured_queries) == len(voor.captured_queries) == STARTPAGINA_QUERIES[rol]


def test_a_long_list_of_missing_updates_shows_its_first_25_its_number_and_the_way_to_all(
    beleid_client, monkeypatch
):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: VANDAAG)
    opgave = Programma.objects.actueel().opgaven.get(nummer=3)
    for _ in range(40):
        ResultaatFactory(opgave=opgave)
    url = reverse("portaal:start")
    totaal = len(
        re.findall(r"data-resultaat=", beleid_client.get(url + "?alles=1").content.decode())
    )

    html = beleid_client.get(url).content.decode()

    assert totaal > 40
    assert len(re.findall(r"data-resultaat=", html)) == 25
    assert f"{totaal} resultaten zonder update" in html
    assert f"En nog {totaal - 25}." in html
    assert 'href="?alles=1#te-doen-resultaten"' in html
