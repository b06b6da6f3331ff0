"""The budget's portal forms at their limits: an amount, date or text either fits the
database and is stored, or gets a Dutch message next to its field; never a 500."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from budget.models import Begrotingsregel, Begrotingswijziging, Realisatie
from tests.budget.hulp import voucherregelingen
from tests.conftest import EIGEN_OPGAVE

pytestmark = pytest.mark.django_db

INSTELLINGEN = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _wijziging(client, **velden):
    gegevens = {
        "jaar": "2026",
        "bedrag": "25.000",
        "kenmerk": "Najaarsnota 2026",
        "orgaan": "GS",
        "reden": "Meer aanvragen",
        **velden,
    }
    return client.post(reverse("budget:wijziging_nieuw", args=[voucherregelingen().pk]), gegevens)


def _realisatie(client, **velden):
    gegevens = {
        "jaar": "2026",
        "datum": "2026-05-01",
        "omschrijving": "Beschikking",
        "verplicht": "1.000",
        "besteed": "",
        **velden,
    }
    return client.post(reverse("budget:realisatie_nieuw", args=[voucherregelingen().pk]), gegevens)


def _fouten(response) -> dict[str, list[str]]:
    assert response.status_code == 200
    return response.context["form"].errors


@pytest.mark.parametrize(
    ("bedrag", "opgeslagen"),
    [
        ("999.999.999.999,99", Decimal("999999999999.99")),
        ("-999.999.999.999,99", Decimal("-999999999999.99")),
        ("-€ 25.000", Decimal("-25000")),
    ],
)
def test_an_amendment_as_large_as_its_column_is_stored(beleid_client, bedrag, opgeslagen):
    assert _wijziging(beleid_client, bedrag=bedrag, kenmerk="Grens").status_code == 302
    assert Begrotingswijziging.objects.get(kenmerk="Grens").bedrag == opgeslagen


@pytest.mark.parametrize(
    ("bedrag", "melding"),
    [
        ("1.000.000.000.000", "Dit getal is te groot: hoogstens 12 cijfers voor de komma."),
        ("1,005", "Vul een bedrag in"),
        ("12.50", "Vul een bedrag in"),
        ("€€1", "Vul een bedrag in"),
        ("1 2 3", "Vul een bedrag in"),
        ("1,٣", "Vul een bedrag in"),
    ],
)
def test_an_amendment_outside_the_grammar_or_its_column_is_refused_next_to_the_field(
    beleid_client, bedrag, melding
):
    fouten = _fouten(_wijziging(beleid_client, bedrag=bedrag, kenmerk="Grens"))

    assert any(fout.startswith(melding) for fout in fouten["bedrag"]), fouten
    assert not Begrotingswijziging.objects.filter(kenmerk="Grens").exists()


@pytest.mark.parametrize("veld", ["kenmerk", "reden"])
@pytest.mark.parametrize("tekst", ["\u200b", "\ufeff\u00a0", " \u2060 "])
def test_an_amendment_needs_a_visible_kenmerk_and_reason(beleid_client, veld, tekst):
    fouten = _fouten(_wijziging(beleid_client, **{veld: tekst}))

    assert list(fouten) == [veld]


def test_a_new_line_needs_a_visible_name_and_a_second_with_the_same_name_is_a_message(
    beleid_client,
):
    url = reverse("budget:regel_nieuw", args=[EIGEN_OPGAVE])
    gegevens = {
        "jaar": "2026",
        "bedrag": "10.000",
        "kenmerk": "GS-besluit",
        "orgaan": "GS",
        "reden": "Nieuwe regeling",
    }

    fouten = _fouten(beleid_client.post(url, {**gegevens, "omschrijving": "\u200b"}))
    assert list(fouten) == ["omschrijving"]

    bestaand = Begrotingsregel.objects.filter(opgave__nummer=EIGEN_OPGAVE).first().omschrijving
    fouten = _fouten(beleid_client.post(url, {**gegevens, "omschrijving": bestaand}))
    assert "begrotingsregel met deze naam" in str(fouten)


@pytest.mark.parametrize("datum", ["0001-01-01", "9999-12-31", "2020-12-31", "2033-01-01"])
def test_a_realisation_dated_far_from_the_programme_is_refused(beleid_client, datum):
    fouten = _fouten(_realisatie(beleid_client, datum=datum, omschrijving="Grens"))

    assert fouten["datum"] == ["Kies een datum tussen 01-01-2021 en 31-12-2032."]
    assert not Realisatie.objects.filter(omschrijving="Grens").exists()


@pytest.mark.parametrize("datum", ["2021-01-01", "2032-12-31"])
def test_a_realisation_dated_at_the_edge_of_the_window_is_stored(beleid_client, datum):
    assert _realisatie(beleid_client, datum=datum, omschrijving="Grens").status_code == 302
    assert Realisatie.objects.get(omschrijving="Grens").datum == date.fromisoformat(datum)


@pytest.mark.parametrize(
    "velden",
    [{"verplicht": "-1"}, {"besteed": "-0,01"}, {"verplicht": "100.000.000.000.000"}],
)
def test_a_negative_or_too_large_realisation_is_refused(beleid_client, velden):
    fouten = _fouten(_realisatie(beleid_client, omschrijving="Grens", **velden))

    assert list(fouten) == list(velden)


@INSTELLINGEN
@given(
    bedrag=st.one_of(
        st.text(max_size=25),
        st.decimals(allow_nan=True, allow_infinity=True).map(str),
        st.integers(min_value=-(10**20), max_value=10**20).map(str),
    ),
    datum=st.one_of(st.dates().map(date.isoformat), st.text(max_size=12)),
)
def test_any_amount_and_date_gives_a_stored_entry_or_a_message(beleid_client, bedrag, datum):
    for response in (
        _wijziging(beleid_client, bedrag=bedrag),
        _realisatie(beleid_client, besteed=bedrag, datum=datum),
    ):
        assert response.status_code in (200, 302), (bedrag, datum)
        if response.status_code == 200:
            assert response.context["form"].errors
