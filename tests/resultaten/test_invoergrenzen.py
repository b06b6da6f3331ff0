"""What a beleidsmedewerker types into the progress and indicator forms: the form's
limits are the database's, so a value is either stored or refused next to its field."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from resultaten.models import Indicatorwaarde, Voortgangsupdate
from tests.factories import ActiviteitFactory, GebruikerFactory, IndicatorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def indicator(programma):
    from opgaven.models import Opgave
    from tests.factories import ResultaatFactory

    opgave = Opgave.objects.get(programma=programma, nummer=3)
    return IndicatorFactory(resultaat=ResultaatFactory(opgave=opgave))


@pytest.fixture
def beleid(client, indicator):
    client.force_login(
        GebruikerFactory(beleidsmedewerker=True, toegewezen_opgaven=[indicator.resultaat.opgave])
    )
    return client


def _voortgang(client, indicator, **velden):
    gegevens = {"peildatum": "2026-06-30", "status": "op_koers", **velden}
    return client.post(
        reverse("resultaten:resultaat_voortgang", args=[indicator.resultaat_id]), gegevens
    )


def test_an_indicator_value_larger_than_the_database_holds_is_refused_next_to_the_field(
    beleid, indicator
):
    response = _voortgang(beleid, indicator, **{f"indicator_{indicator.pk}": "99.999.999.999"})

    assert response.status_code == 200
    fouten = response.context["form"].errors[f"indicator_{indicator.pk}"]
    assert any("cijfers" in fout for fout in fouten), fouten
    assert not Voortgangsupdate.objects.filter(resultaat=indicator.resultaat).exists()


def test_a_risk_explained_by_only_an_invisible_character_is_refused(beleid, indicator):
    response = _voortgang(
        beleid, indicator, status="risico", verklaring="\u200b", maatregel="Overleg"
    )

    assert response.status_code == 200
    assert "verklaring" in response.context["form"].errors
    assert not Voortgangsupdate.objects.filter(resultaat=indicator.resultaat).exists()


@pytest.mark.parametrize("peildatum", ["0001-01-01", "9999-12-31"])
def test_a_peildatum_far_from_the_programme_is_refused(beleid, indicator, peildatum):
    response = _voortgang(beleid, indicator, peildatum=peildatum)

    assert response.status_code == 200
    assert "peildatum" in response.context["form"].errors
    assert not Indicatorwaarde.objects.filter(indicator=indicator).exists()
    assert not Voortgangsupdate.objects.filter(resultaat=indicator.resultaat).exists()


def test_an_indicator_value_as_large_as_its_column_is_stored(beleid, indicator):
    response = _voortgang(beleid, indicator, **{f"indicator_{indicator.pk}": "9.999.999.999,99"})

    assert response.status_code == 302
    assert Indicatorwaarde.objects.get(indicator=indicator).waarde == Decimal("9999999999.99")


@pytest.mark.parametrize(
    ("waarde", "melding"),
    [
        ("10.000.000.000", "Dit getal is te groot: hoogstens 10 cijfers voor de komma."),
        ("-0,01", "Zorg ervoor dat deze waarde minstens 0 is."),
        ("0,001", "Vul een bedrag in"),
        ("12.5", "Vul een bedrag in"),
    ],
)
def test_an_indicator_value_outside_its_column_is_refused_with_a_dutch_message(
    beleid, indicator, waarde, melding
):
    response = _voortgang(beleid, indicator, **{f"indicator_{indicator.pk}": waarde})

    fouten = response.context["form"].errors[f"indicator_{indicator.pk}"]
    assert any(fout.startswith(melding) for fout in fouten), fouten


@pytest.mark.parametrize("veld", ["verklaring", "maatregel"])
@pytest.mark.parametrize(
    "tekst", ["\u200b", "\u200d", "\ufeff", "\u00a0", "\u3000", "\u2060", " \u200b\u00a0 "]
)
@pytest.mark.parametrize("status", ["risico", "aandacht_nodig"])
def test_an_explanation_or_measure_of_only_invisible_characters_is_refused(
    beleid, indicator, veld, tekst, status
):
    velden = {"verklaring": "Te weinig capaciteit", "maatregel": "Overleg", veld: tekst}
    response = _voortgang(beleid, indicator, status=status, **velden)

    assert response.status_code == 200
    assert list(response.context["form"].errors) == [veld]


def test_a_visible_explanation_is_stored_without_the_invisible_characters_around_it(
    beleid, indicator
):
    response = _voortgang(
        beleid,
        indicator,
        status="risico",
        verklaring="\u200bTe weinig capaciteit\ufeff",
        maatregel="\u00a0Overleg",
    )

    assert response.status_code == 302
    update = Voortgangsupdate.objects.get(resultaat=indicator.resultaat)
    assert (update.verklaring, update.maatregel) == ("Te weinig capaciteit", "Overleg")


@pytest.mark.parametrize(
    ("peildatum", "geaccepteerd"),
    [("2021-01-01", True), ("2032-12-31", True), ("2020-12-31", False), ("2033-01-01", False)],
)
def test_a_peildatum_is_accepted_up_to_five_years_around_the_programme(
    beleid, indicator, peildatum, geaccepteerd
):
    response = _voortgang(beleid, indicator, peildatum=peildatum)

    if geaccepteerd:
        assert response.status_code == 302
        assert Voortgangsupdate.objects.get(resultaat=indicator.resultaat).peildatum == (
            date.fromisoformat(peildatum)
        )
    else:
        assert response.context["form"].errors["peildatum"] == [
            "Kies een datum tussen 01-01-2021 en 31-12-2032."
        ]


def test_an_activitys_progress_has_the_same_date_window(beleid, indicator):
    activiteit = ActiviteitFactory(opgave=indicator.resultaat.opgave)

    response = beleid.post(
        reverse("resultaten:activiteit_voortgang", args=[activiteit.pk]),
        {"peildatum": "0001-01-01", "status": "risico", "verklaring": "\u200b", "maatregel": "x"},
    )

    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"peildatum", "verklaring"}


@pytest.mark.parametrize(
    ("velden", "fout"),
    [
        ({"streefwaarde": "99.999.999.999"}, "streefwaarde"),
        ({"streefwaarde": "550", "nulwaarde": "-1"}, "nulwaarde"),
        ({"streefwaarde": "-1"}, "streefwaarde"),
        ({"streefwaarde": "550", "eenheid": "\u200b"}, "eenheid"),
    ],
)
def test_an_indicator_beyond_its_columns_or_without_a_visible_unit_is_refused(
    beleid, indicator, velden, fout
):
    gegevens = {"naam": "", "eenheid": "ondernemers", "streefperiode": "jaar", **velden}
    response = beleid.post(
        reverse("resultaten:indicator_nieuw", args=[indicator.resultaat_id]), gegevens
    )

    assert response.status_code == 200
    assert fout in response.context["form"].errors
    assert indicator.resultaat.indicatoren.count() == 1


@pytest.mark.parametrize("peildatum", ["0001-01-01", "9999-12-31", "2020-12-31"])
def test_the_progress_list_shows_a_far_peildatum_as_a_message_at_the_filter(
    beleid, management_client, peildatum
):
    for client in (beleid, management_client):
        response = client.get(reverse("resultaten:voortgang"), {"peildatum": peildatum})

        assert response.status_code == 200
        assert "Kies een datum tussen 01-01-2021 en 31-12-2032." in response.content.decode()


INSTELLINGEN = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _getallen(plaatsen: int):
    return st.decimals(
        min_value=Decimal("-1E+11"), max_value=Decimal("1E+11"), places=plaatsen, allow_nan=False
    )


@INSTELLINGEN
@given(
    waarde=st.one_of(_getallen(2), _getallen(3)),
    peildatum=st.one_of(st.dates(date(2019, 1, 1), date(2035, 12, 31)), st.dates()),
)
def test_any_value_and_peildatum_are_stored_exactly_when_the_database_can_hold_them(
    beleid, indicator, waarde, peildatum
):
    tekst = str(waarde).replace(".", ",")
    response = _voortgang(
        beleid, indicator, peildatum=peildatum.isoformat(), **{f"indicator_{indicator.pk}": tekst}
    )

    past = (
        Decimal(0) <= waarde < Decimal("1E+10")
        and -waarde.as_tuple().exponent <= 2
        and date(2021, 1, 1) <= peildatum <= date(2032, 12, 31)
    )
    assert response.status_code == (302 if past else 200), (tekst, peildatum)
    if past:
        update = Voortgangsupdate.objects.filter(resultaat=indicator.resultaat).latest("pk")
        assert update.peildatum == peildatum
        assert update.waarden.get().waarde == waarde
    else:
        assert response.context["form"].errors


@INSTELLINGEN
@given(peildatum=st.one_of(st.dates().map(date.isoformat), st.text(max_size=20)))
def test_any_peildatum_in_the_address_gives_a_list_or_a_message(management_client, peildatum):
    response = management_client.get(reverse("resultaten:voortgang"), {"peildatum": peildatum})

    assert response.status_code == 200
