"""The opgave's edit forms at their limits: planned dates near the programme, texts
that show something. A value is stored or refused next to its field, never a 500."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from opgaven.models import Activiteit, Doel, Opgave, Partner
from resultaten.models import Resultaat
from tests.conftest import EIGEN_OPGAVE
from tests.factories import ActiviteitFactory, DoelFactory, VoortgangsupdateFactory

pytestmark = pytest.mark.django_db

ONZICHTBAAR = ["\u200b", "\ufeff", "\u00a0", "\u200d\u2060", " \u3000 "]


def _activiteit(client, **velden):
    gegevens = {"omschrijving": "Grensactiviteit", "thema": "", "bovenliggend": "", **velden}
    return client.post(reverse("opgaven:activiteit_nieuw", args=[EIGEN_OPGAVE]), gegevens)


@pytest.mark.parametrize("veld", ["geplande_start", "gepland_einde"])
@pytest.mark.parametrize("datum", ["0001-01-01", "9999-12-31", "2020-12-31", "2033-01-01"])
def test_a_planned_date_far_from_the_programme_is_refused(beleid_client, veld, datum):
    response = _activiteit(beleid_client, **{veld: datum})

    assert response.status_code == 200
    assert response.context["form"].errors[veld] == [
        "Kies een datum tussen 01-01-2021 en 31-12-2032."
    ]
    assert not Activiteit.objects.filter(omschrijving="Grensactiviteit").exists()


def test_planned_dates_at_the_edges_of_the_window_are_stored(beleid_client):
    response = _activiteit(beleid_client, geplande_start="2021-01-01", gepland_einde="2032-12-31")

    assert response.status_code == 302
    activiteit = Activiteit.objects.get(omschrijving="Grensactiviteit")
    assert (activiteit.geplande_start, activiteit.gepland_einde) == (
        date(2021, 1, 1),
        date(2032, 12, 31),
    )


def test_the_model_refuses_planned_dates_outside_2000_2100_for_the_admin_and_imports(programma):
    activiteit = ActiviteitFactory.build(
        opgave=Opgave.objects.get(programma=programma, nummer=EIGEN_OPGAVE),
        geplande_start=date(1, 1, 1),
        gepland_einde=date(9999, 12, 31),
    )

    with pytest.raises(ValidationError) as fout:
        activiteit.full_clean()

    assert set(fout.value.message_dict) == {"geplande_start", "gepland_einde"}


@pytest.mark.parametrize("tekst", ONZICHTBAAR)
def test_an_activity_or_doel_of_only_invisible_characters_is_refused(beleid_client, tekst):
    response = _activiteit(beleid_client, omschrijving=tekst)
    assert list(response.context["form"].errors) == ["omschrijving"]

    response = beleid_client.post(
        reverse("opgaven:doel_nieuw", args=[EIGEN_OPGAVE]), {"tekst": tekst, "bovenliggend": ""}
    )
    assert list(response.context["form"].errors) == ["tekst"]
    assert not Doel.objects.filter(tekst=tekst).exists()


@pytest.mark.parametrize("tekst", ONZICHTBAAR)
def test_an_opgave_title_of_only_invisible_characters_is_refused(beleid_client, tekst):
    opgave = Opgave.objects.get(programma__eerste_jaar=2026, nummer=EIGEN_OPGAVE)

    response = beleid_client.post(
        reverse("opgaven:opgave_bewerken", args=[EIGEN_OPGAVE]),
        {"titel": tekst, "omschrijving": opgave.omschrijving, "versie": str(opgave.versie)},
    )

    assert list(response.context["form"].errors) == ["titel"]


@pytest.mark.parametrize("tekst", ONZICHTBAAR)
def test_the_models_refuse_invisible_required_texts_which_is_the_admins_path(programma, tekst):
    opgave = Opgave.objects.get(programma=programma, nummer=EIGEN_OPGAVE)
    for obj, veld in [
        (DoelFactory.build(opgave=opgave, tekst=tekst), "tekst"),
        (ActiviteitFactory.build(opgave=opgave, omschrijving=tekst), "omschrijving"),
        (Partner(naam=tekst), "naam"),
    ]:
        with pytest.raises(ValidationError) as fout:
            obj.full_clean()
        assert veld in fout.value.message_dict


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    start=st.one_of(st.dates(date(2019, 1, 1), date(2035, 12, 31)), st.dates()),
    einde=st.one_of(st.dates(date(2019, 1, 1), date(2035, 12, 31)), st.dates()),
)
def test_any_planned_period_is_stored_exactly_when_it_lies_in_the_window_in_order(
    beleid_client, start, einde
):
    Activiteit.objects.filter(omschrijving="Grensactiviteit").delete()

    response = _activiteit(
        beleid_client, geplande_start=start.isoformat(), gepland_einde=einde.isoformat()
    )

    venster = (date(2021, 1, 1), date(2032, 12, 31))
    past = all(venster[0] <= d <= venster[1] for d in (start, einde)) and start <= einde
    assert response.status_code == (302 if past else 200), (start, einde)
    assert Activiteit.objects.filter(omschrijving="Grensactiviteit").exists() == past


def test_deleting_an_item_with_recorded_progress_is_refused_with_a_message(beleid_client):
    resultaat = Resultaat.objects.filter(opgave__nummer=EIGEN_OPGAVE).first()
    VoortgangsupdateFactory(resultaat=resultaat)

    response = beleid_client.post(
        reverse("resultaten:resultaat_verwijderen", args=[resultaat.pk]), follow=True
    )

    assert response.status_code == 200
    assert [str(m) for m in response.context["messages"]] == [
        "Resultaat is niet verwijderd: er hoort vastgelegde informatie bij, zoals "
        "voortgangsupdates, die bewaard blijft. Een beheerder kan helpen."
    ]
    assert Resultaat.objects.filter(pk=resultaat.pk).exists()
