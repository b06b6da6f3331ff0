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
