"""The beleidsmedewerker's view of every main page, uncached (an editor's pages are
never shared, and every edit empties the cache): a fixed number of queries, the same
with more data (issue 18). Management's cached and uncached counts are in the tests
of each page (tests/opgaven/test_pages.py, tests/budget/..., tests/resultaten/...)."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from budget.models import Begrotingsregel
from opgaven.models import Opgave
from resultaten.models import Resultaat
from tests.conftest import ANDERE_OPGAVE, EIGEN_OPGAVE
from tests.factories import (
    ActiviteitFactory,
    BegrotingsregelFactory,
    BegrotingswijzigingFactory,
    DoelFactory,
    IndicatorFactory,
    RealisatieFactory,
    ResultaatFactory,
    VoortgangsupdateFactory,
)

pytestmark = pytest.mark.django_db

PEILDATUM = date(2026, 6, 30)

# Page -> queries as the beleidsmedewerker of opgave 3, with an empty page cache.
# Each includes session, user and roles (3) and the programme.
PAGINAS = {
    "dashboard": ("portaal:dashboard", [], "", 24),
    "startpagina": ("portaal:start", [], "", 10),
    "opgavepagina met bewerkknoppen": ("portaal:opgave", [EIGEN_OPGAVE], "", 28),
    "activiteiten": ("opgaven:activiteiten", [], "", 10),
    "resultaten": ("resultaten:lijst", [], "", 9),
    "voortgang": ("resultaten:voortgang", [], "", 9),
    "begroting met jaar": ("budget:begroting", [], "?jaar=2026", 15),
    "begrotingsregel": ("budget:regel", ["regel"], "", 9),
    "resultaat": ("resultaten:resultaat", ["resultaat"], "", 9),
    "rapportages": ("rapportages:lijst", [], "", 7),
    "wijzigingen van een opgave": ("portaal:opgave_wijzigingen", [EIGEN_OPGAVE], "", 16),
}


def _eigen() -> Opgave:
    return Opgave.objects.get(programma__eerste_jaar=2026, nummer=EIGEN_OPGAVE)


def _regel() -> Begrotingsregel:
    return Begrotingsregel.objects.filter(opgave=_eigen()).order_by("volgorde", "pk").first()


def _resultaat() -> Resultaat:
    return Resultaat.objects.filter(opgave=_eigen()).order_by("volgorde", "pk").first()


def _meer(aantal: int) -> None:
    """`aantal` more of everything the pages show, in the beleidsmedewerker's opgave and
    another one, and on the measured budget line and result."""
    regel, resultaat = _regel(), _resultaat()
    indicator = resultaat.indicatoren.first() or IndicatorFactory(resultaat=resultaat)
    for opgave in (_eigen(), Opgave.objects.get(programma__eerste_jaar=2026, nummer=ANDERE_OPGAVE)):
        for i in range(aantal):
            hoofd = ActiviteitFactory(opgave=opgave)
            ActiviteitFactory(opgave=opgave, bovenliggend=hoofd)
            VoortgangsupdateFactory(resultaat=None, activiteit=hoofd, peildatum=PEILDATUM)
            DoelFactory(opgave=opgave)
            nieuw = ResultaatFactory(opgave=opgave, met_indicator=True)
            VoortgangsupdateFactory(
                resultaat=nieuw,
                peildatum=PEILDATUM,
                waarden={nieuw.indicatoren.get(): Decimal(i)},
            )
            BegrotingsregelFactory(opgave=opgave, bedragen=[Decimal(1000), Decimal(2000)])
    for i in range(aantal):
        BegrotingswijzigingFactory(regel=regel)
        RealisatieFactory(regel=regel)
        VoortgangsupdateFactory(
            resultaat=resultaat,
            peildatum=date(2026, 3, 1 + i % 28),
            waarden={indicator: Decimal(i)},
        )


def _url(naam: str, argumenten: list, query: str) -> str:
    waarden = [
        {"regel": lambda: _regel().pk, "resultaat": lambda: _resultaat().pk}[a]()
        if isinstance(a, str)
        else a
        for a in argumenten
    ]
    return reverse(naam, args=waarden) + query


@pytest.mark.parametrize("pagina", PAGINAS)
def test_every_main_page_for_a_beleidsmedewerker_takes_a_fixed_number_of_queries(
    beleid_client, pagina
):
    naam, argumenten, query, verwacht = PAGINAS[pagina]
    url = _url(naam, argumenten, query)

    def _tel() -> int:
        cache.clear()  # uncached: the first view after any edit
        with CaptureQueriesContext(connection) as queries:
            assert beleid_client.get(url).status_code == 200
        return len(queries)

    # The history boxes read the tables of the newest changes (portaal.historie): their
    # number depends on which kinds changed last, not on how many rows there are. So
    # the same kinds of change come last both times (more than a page of them: 51).
    _meer(20)
    _tel()  # the first request may refresh the session
    weinig = _tel()
    _meer(20)
    assert (weinig, _tel()) == (verwacht, verwacht)
