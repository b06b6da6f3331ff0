"""The history the dashboard and the Wijzigingen page share, read in bulk (issue 18)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from opgaven.models import Activiteit, Programma
from portaal import historie
from tests.conftest import EIGEN_OPGAVE

pytestmark = pytest.mark.django_db

# One UNION ALL over all history tables finds the newest records; then their one table:
# 2 the records with their predecessors' ids, 3 the predecessors, 4-7 what their
# foreign keys point at (opgave and its programme, thema, main activity).
ALLEEN_ACTIVITEITEN = 7


def _bewerk_activiteiten(aantal: int, gebruiker) -> None:
    for activiteit in Activiteit.objects.filter(opgave__nummer=EIGEN_OPGAVE).order_by("pk")[
        :aantal
    ]:
        activiteit.omschrijving += " (bijgewerkt)"
        activiteit._history_user = gebruiker
        activiteit.save()


def test_the_latest_changes_read_only_the_tables_they_are_in(beheerder):
    programma = Programma.objects.get(eerste_jaar=2026)
    _bewerk_activiteiten(8, beheerder)

    with CaptureQueriesContext(connection) as queries:
        laatste = historie.wijzigingen_van_programma(programma, limiet=8)

    assert [w.onderwerp for w in laatste] == ["activiteit"] * 8
    assert all("(bijgewerkt)" in w.velden[0].nieuw for w in laatste)
    assert len(queries) <= ALLEEN_ACTIVITEITEN


def test_the_number_of_queries_does_not_grow_with_the_tables_or_the_rows(beheerder):
    programma = Programma.objects.get(eerste_jaar=2026)
    _bewerk_activiteiten(8, beheerder)
    with CaptureQueriesContext(connection) as voor:
        historie.wijzigingen_van_programma(programma, limiet=8)

    _bewerk_activiteiten(40, beheerder)
    with CaptureQueriesContext(connection) as na:
        historie.wijzigingen_van_programma(programma, limiet=8)

    assert len(na) == len(voor)


def test_a_cursor_pages_through_older_changes_without_repeating_one(beheerder):
    opgave = Activiteit.objects.filter(opgave__nummer=EIGEN_OPGAVE).first().opgave
    _bewerk_activiteiten(12, beheerder)

    eerste = historie.wijzigingen_van_opgave(opgave, limiet=5)
    tweede = historie.wijzigingen_van_opgave(opgave, limiet=5, voor=eerste[-1].tijdstip)

    assert {w.history_id for w in eerste}.isdisjoint({w.history_id for w in tweede})
    assert tweede[0].tijdstip < eerste[-1].tijdstip


def test_progress_on_a_result_and_on_an_activity_shows_in_its_programme_only(beheerder):
    from decimal import Decimal

    from tests.factories import IndicatorFactory, ResultaatFactory, VoortgangsupdateFactory

    programma = Programma.objects.get(eerste_jaar=2026)
    activiteit = Activiteit.objects.filter(opgave__programma=programma).first()
    op_activiteit = VoortgangsupdateFactory(resultaat=None, activiteit=activiteit)
    resultaat = ResultaatFactory(opgave=activiteit.opgave)
    indicator = IndicatorFactory(resultaat=resultaat)
    met_waarde = VoortgangsupdateFactory(resultaat=resultaat, waarden={indicator: Decimal(3)})
    elders = VoortgangsupdateFactory()  # a result of an opgave in another programme

    gevonden = {
        (w.onderwerp, w.history_id)
        for w in historie.wijzigingen_van_programma(programma, limiet=20)
    }

    def record(obj) -> tuple[str, int]:
        return (str(obj._meta.verbose_name), obj.history.get().history_id)

    assert record(op_activiteit) in gevonden
    assert record(met_waarde) in gevonden
    assert record(met_waarde.waarden.get()) in gevonden
    assert record(elders) not in gevonden


@pytest.mark.skipif(
    not connection.features.supports_slicing_ordering_in_compound,
    reason="SQLite has no ORDER BY per part of a UNION; CI runs this on PostgreSQL",
)
def test_each_history_table_gives_only_its_newest_records_to_the_union(beheerder):
    programma = Programma.objects.get(eerste_jaar=2026)
    _bewerk_activiteiten(8, beheerder)

    with CaptureQueriesContext(connection) as queries:
        historie.wijzigingen_van_programma(programma, limiet=8)

    union = queries[0]["sql"]
    delen = union.count("UNION ALL") + 1
    # Every part sorted down its history_date index and cut off, and the whole once more.
    assert union.count("LIMIT 8") == delen + 1
