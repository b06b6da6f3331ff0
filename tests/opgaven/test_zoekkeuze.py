"""Choosing a parent, partner or programme among many: a bounded list and a search
(opgaven.forms.Zoekkeuzes), never a list that grows with the data."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from opgaven.forms import ZOEKGRENS
from opgaven.models import Activiteit, Doel, Opgave, Partner
from tests.conftest import EIGEN_OPGAVE
from tests.factories import ActiviteitFactory, DoelFactory, PartnerFactory
from tests.helpers import formulier, formulier_in

pytestmark = pytest.mark.django_db


def _opgave() -> Opgave:
    return Opgave.objects.get(programma__eerste_jaar=2026, nummer=EIGEN_OPGAVE)


def _hoofdactiviteiten(aantal: int, begin: int = 0) -> list[Activiteit]:
    opgave = _opgave()
    return [
        ActiviteitFactory(opgave=opgave, omschrijving=f"Hoofdactiviteit nummer {i:03d}")
        for i in range(begin, begin + aantal)
    ]


def _opties(html: str, naam: str) -> list[tuple[str, bool]]:
    """(value, selected) of every option of the select `naam`."""
    select = re.search(rf'<select name="{naam}"[^>]*>(.*?)</select>', html, re.S)
    assert select, f"geen select {naam}"
    return [
        (waarde, "selected" in rest)
        for waarde, rest in re.findall(r'<option value="([^"]*)"([^>]*)>', select.group(1))
    ]


def _bewerk_url(activiteit: Activiteit) -> str:
    return reverse("opgaven:activiteit_bewerken", args=[activiteit.pk])


def test_the_parent_list_of_an_activity_stays_bounded_however_many_main_activities(
    beleid_client,
):
    activiteit = _hoofdactiviteiten(1)[0]
    _hoofdactiviteiten(60, begin=1)
    html = beleid_client.get(_bewerk_url(activiteit)).content.decode()
    kort = len(html)
    assert len(_opties(html, "bovenliggend")) == ZOEKGRENS + 1  # and "(geen: een hoofdpunt)"
    assert 'type="search" name="bovenliggend_zoek"' in html
    assert "De keuzelijst toont de eerste 25 van" in html

    _hoofdactiviteiten(200, begin=61)
    html = beleid_client.get(_bewerk_url(activiteit)).content.decode()
    assert len(_opties(html, "bovenliggend")) == ZOEKGRENS + 1
    # Only the number in the explanation grows ("van 79" becomes "van 279").
    assert abs(len(html) - kort) < 20


def test_a_short_parent_list_has_no_search(beleid_client):
    activiteit = Activiteit.objects.filter(opgave=_opgave(), bovenliggend=None).first()
    html = beleid_client.get(_bewerk_url(activiteit)).content.decode()
    assert "bovenliggend_zoek" not in html
    assert (
        len(_opties(html, "bovenliggend"))
        == Activiteit.objects.filter(opgave=_opgave(), bovenliggend=None).count()
    )  # the others and "(geen)"


def test_a_search_narrows_the_list_keeps_what_was_typed_and_saves_nothing(beleid_client):
    activiteit, *_ = _hoofdactiviteiten(80)
    gezocht = Activiteit.objects.get(omschrijving="Hoofdactiviteit nummer 077")
    versie = activiteit.versie
    gegevens = formulier(
        beleid_client,
        _bewerk_url(activiteit),
        omschrijving="Nog niet opgeslagen tekst",
        bovenliggend_zoek="nummer 077",
        zoek="bovenliggend",
    )

    response = beleid_client.post(_bewerk_url(activiteit), gegevens)

    assert response.status_code == 200
    html = response.content.decode()
    assert [w for w, _ in _opties(html, "bovenliggend")] == ["", str(gezocht.pk)]
    assert "Nog niet opgeslagen tekst" in html
    assert "Gevonden voor &#x27;nummer 077&#x27;: 1." in html
    assert "controleer het volgende" not in html  # no errors for an unfinished form
    assert 'formaction="#id_bovenliggend"' in html
    activiteit.refresh_from_db()
    assert (activiteit.omschrijving, activiteit.versie) == ("Hoofdactiviteit nummer 000", versie)

    # The user picks the one found and saves: the form posts its pk, with the version
    # it was opened with.
    gegevens = formulier_in(html, bovenliggend=str(gezocht.pk))
    assert gegevens["bovenliggend_zoek"] == ""  # emptied: Enter elsewhere saves again
    assert beleid_client.post(_bewerk_url(activiteit), gegevens).status_code == 302
    activiteit.refresh_from_db()
    assert activiteit.bovenliggend == gezocht
    assert activiteit.omschrijving == "Nog niet opgeslagen tekst"


def test_the_saved_parent_is_an_option_even_beyond_the_first_25(beleid_client):
    hoofd = _hoofdactiviteiten(70)
    deel = ActiviteitFactory(opgave=_opgave(), bovenliggend=hoofd[-1], omschrijving="Deel")
    html = beleid_client.get(_bewerk_url(deel)).content.decode()
    opties = _opties(html, "bovenliggend")
    assert (str(hoofd[-1].pk), True) in opties
    assert len(opties) == ZOEKGRENS + 2

    # Saving without touching the parent keeps it.
    assert beleid_client.post(_bewerk_url(deel), formulier_in(html)).status_code == 302
    deel.refresh_from_db()
    assert deel.bovenliggend == hoofd[-1]


def test_a_search_keeps_the_one_level_tree_rule_and_the_version_check(beleid_client):
    hoofd = _hoofdactiviteiten(40)
    deel = ActiviteitFactory(opgave=_opgave(), bovenliggend=hoofd[1], omschrijving="Een deel")
    activiteit = hoofd[0]

    # A sub-activity is never a parent: not found, and refused when posted anyway.
    gezocht = formulier(
        beleid_client, _bewerk_url(activiteit), bovenliggend_zoek="Een deel", zoek="bovenliggend"
    )
    html = beleid_client.post(_bewerk_url(activiteit), gezocht).content.decode()
    assert [w for w, _ in _opties(html, "bovenliggend")] == [""]
    geweigerd = beleid_client.post(
        _bewerk_url(activiteit), formulier_in(html, bovenliggend=str(deel.pk))
    )
    assert geweigerd.status_code == 200
    assert "Selecteer een geldige keuze" in geweigerd.content.decode()

    # Someone else saves in the meantime: the save after the search is a conflict.
    gegevens = formulier_in(html, bovenliggend=str(hoofd[5].pk), omschrijving="Mijn versie")
    anders = Activiteit.objects.get(pk=activiteit.pk)
    anders.omschrijving = "Andermans versie"
    anders.versie += 1
    anders.save()
    conflict = beleid_client.post(_bewerk_url(activiteit), gegevens)
    assert conflict.status_code == 200
    activiteit.refresh_from_db()
    assert activiteit.omschrijving == "Andermans versie"
    assert activiteit.bovenliggend is None


def test_the_doel_parent_is_chosen_with_a_search_too(beleid_client):
    opgave = _opgave()
    doelen = [DoelFactory(opgave=opgave, tekst=f"Doel nummer {i:03d}") for i in range(40)]
    url = reverse("opgaven:doel_bewerken", args=[doelen[0].pk])
    html = beleid_client.get(url).content.decode()
    assert len(_opties(html, "bovenliggend")) == ZOEKGRENS + 1
    gevonden = beleid_client.post(
        url, formulier_in(html, bovenliggend_zoek="nummer 039", zoek="bovenliggend")
    ).content.decode()
    assert [w for w, _ in _opties(gevonden, "bovenliggend")] == ["", str(doelen[-1].pk)]
    assert Doel.objects.get(pk=doelen[0].pk).bovenliggend is None


def test_linking_a_partner_among_many_uses_the_search(beleid_client):
    partners = [PartnerFactory(naam=f"Zoekbare partner {i:03d}") for i in range(60)]
    url = reverse("opgaven:koppelingen", args=[EIGEN_OPGAVE, "partners"])
    html = beleid_client.get(url).content.decode()
    assert len(_opties(html, "bestaand")) == ZOEKGRENS + 1

    gevonden = beleid_client.post(
        url, formulier_in(html, bestaand_zoek="partner 059", zoek="bestaand")
    ).content.decode()
    assert [w for w, _ in _opties(gevonden, "bestaand")] == ["", str(partners[-1].pk)]
    assert not _opgave().partners.filter(pk=partners[-1].pk).exists()

    gekoppeld = beleid_client.post(url, formulier_in(gevonden, bestaand=str(partners[-1].pk)))
    assert gekoppeld.status_code == 302
    assert Partner.objects.get(pk=partners[-1].pk) in _opgave().partners.all()


def test_the_edit_form_query_count_does_not_grow_with_the_main_activities(beleid_client):
    activiteit = _hoofdactiviteiten(30)[0]

    def _tel() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert beleid_client.get(_bewerk_url(activiteit)).status_code == 200
        return len(queries)

    _tel()  # the first request may refresh the session
    weinig = _tel()
    _hoofdactiviteiten(100, begin=30)
    assert _tel() == weinig


def test_enter_in_a_date_field_saves_as_before_the_search_existed(beleid_client):
    # Enter posts the form's first button, the search button, with an empty search.
    activiteit = _hoofdactiviteiten(30)[0]
    gegevens = formulier(
        beleid_client, _bewerk_url(activiteit), gepland_einde="2027-06-30", zoek="bovenliggend"
    )
    assert beleid_client.post(_bewerk_url(activiteit), gegevens).status_code == 302
    activiteit.refresh_from_db()
    assert str(activiteit.gepland_einde) == "2027-06-30"
