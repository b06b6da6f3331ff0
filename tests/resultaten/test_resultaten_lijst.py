import html
import io
import re
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from opgaven.models import Opgave, Partner
from resultaten.models import Indicator, Resultaat, Streefperiode
from tests.helpers import csv_rijen

pytestmark = pytest.mark.django_db


NOM = "Noordelijke Investerings- en OntwikkelingsMaatschappij (NOM)"


def _rijen(response) -> list[str]:
    """The descriptions in the table, top to bottom."""
    return [
        html.unescape(tekst)
        for tekst in re.findall(
            r'<span id="resultaat-\d+">([^<]*)</span>', response.content.decode()
        )
    ]


def _lijst(client, **params):
    response = client.get(reverse("resultaten:lijst"), params)
    assert response.status_code == 200
    return response


def _resultaat_van_1250_5(**velden) -> Resultaat:
    resultaat = Resultaat.objects.create(
        opgave=Opgave.objects.get(nummer=3),
        omschrijving="Extra begeleide ondernemers",
        volgorde=99,
        **velden,
    )
    Indicator.objects.create(
        resultaat=resultaat,
        naam="Begeleide ondernemers",
        streefwaarde=Decimal("1250.50"),
        eenheid="ondernemers",
        streefperiode=Streefperiode.PER_JAAR,
    )
    return resultaat


def test_results_are_listed_in_document_order_25_per_page(management_client):
    eerste = _lijst(management_client)
    html_ = eerste.content.decode()
    assert "37 resultaten gevonden" in html_
    assert len(_rijen(eerste)) == 25
    assert (
        _rijen(eerste)[0] == "Geactualiseerde regionale programmeringsafspraken bedrijventerreinen"
    )
    assert "50 bedrijventerreinen in de programmaperiode" in html_

    tweede = _lijst(management_client, page=2)
    assert len(_rijen(tweede)) == 12
    assert _rijen(tweede)[-1].startswith("Behoud en/of uitbreiding van Rijkswerkgelegenheid")


def test_each_row_links_to_its_opgave(management_client):
    html_ = _lijst(management_client, opgave=Opgave.objects.get(nummer=3).pk).content.decode()
    assert html_.count(f'href="{reverse("portaal:opgave", args=[3])}"') == 8


def test_results_can_be_filtered_by_opgave(management_client):
    response = _lijst(management_client, opgave=Opgave.objects.get(nummer=2).pk)
    assert [rij[:20] for rij in _rijen(response)] == [
        "Beter benut dashboar",
        "Effectievere samenwe",
        "Versterkte leercultu",
        "Rolzuivere inzet van",
    ]


def test_results_can_be_filtered_by_partner(management_client):
    # NOM is linked to opgave 1, 3 and 4: 12 + 8 + 7 results.
    response = _lijst(management_client, partner=Partner.objects.get(naam=NOM).pk)
    assert "27 resultaten gevonden" in response.content.decode()
    assert not any("Rijkswerkgelegenheid" in rij for rij in _rijen(response))


def test_results_can_be_searched_case_insensitively(management_client):
    response = _lijst(management_client, tekst="ibdo")
    assert _rijen(response) == ["Jaarlijks 550 IBDO-trajecten met ondernemers"]


def test_results_have_no_thema_filter(management_client):
    assert 'name="thema"' not in _lijst(management_client).content.decode()


def test_results_can_be_sorted_by_target_with_unquantified_ones_last(management_client):
    oplopend = _lijst(management_client, sort="streefdoel")
    assert [rij[:25] for rij in _rijen(oplopend)[:5]] == [
        "11 Groen-blauwe inrichtin",
        "Programmatische aanpak: 5",
        "Jaarlijks ca. 100 onderne",
        "Jaarlijks 550 IBDO-trajec",
        "Geactualiseerde regionale",
    ]
    aflopend = _lijst(management_client, sort="-streefdoel")
    assert _rijen(aflopend)[0] == "Jaarlijks 550 IBDO-trajecten met ondernemers"
    assert _rijen(aflopend)[4] == _rijen(oplopend)[4]
    assert 'aria-sort="descending"' in aflopend.content.decode()


def test_results_can_be_sorted_by_description_and_by_opgave(management_client):
    opgave_2 = Opgave.objects.get(nummer=2).pk
    op_tekst = _rijen(_lijst(management_client, opgave=opgave_2, sort="omschrijving"))
    assert [rij[:5] for rij in op_tekst] == ["Beter", "Effec", "Rolzu", "Verst"]
    assert _rijen(_lijst(management_client, sort="-opgave"))[0].startswith("Versterking en uitbr")


@pytest.mark.parametrize(
    "params",
    [
        {"opgave": "abc"},
        {"partner": "999999"},
        {"thema": "1"},
        {"sort": "nonsense"},
        {"sort": "-streefdoel,eenheid"},
        {"page": "999"},
        {"page": "abc"},
        {"per_page": "-5"},
        {"_export": "pdf"},
        {"_export": "json"},
    ],
)
def test_unreadable_input_never_breaks_the_list(management_client, params):
    response = _lijst(management_client, **params)
    assert response["Content-Type"].startswith("text/html")


def test_an_invalid_filter_shows_a_dutch_message(management_client):
    html_ = _lijst(management_client, opgave="abc").content.decode()
    assert "Een filter klopt niet" in html_
    assert "Selecteer een geldige keuze" in html_
    assert "Geen resultaten gevonden." in html_


# The columns of both exports, in order.
EXPORTKOPPEN = [
    "Opgave",
    "Opgavetitel",
    "Omschrijving",
    "Laatste status",
    "Streefwaarde",
    "Eenheid",
    "Geldt",
]


def test_csv_export_holds_the_filtered_rows_with_dutch_numbers(management_client):
    _resultaat_van_1250_5()
    response = _lijst(management_client, opgave=Opgave.objects.get(nummer=3).pk, _export="csv")
    vandaag = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="resultaten-{vandaag}.csv"'
    rijen = csv_rijen(response)
    assert rijen[0] == EXPORTKOPPEN
    assert len(rijen) == 1 + 9
    assert rijen[1] == [
        "3",
        Opgave.objects.get(nummer=3).titel,
        "Jaarlijks 550 IBDO-trajecten met ondernemers",
        "nog geen update",
        "550",
        "IBDO-trajecten",
        "per jaar",
    ]
    assert rijen[2][4:] == ["", "", ""]
    assert rijen[-1][4] == "1.250,50"
    assert "<" not in response.content.decode()


def test_xlsx_export_holds_the_filtered_rows_with_targets_as_numbers(management_client):
    _resultaat_van_1250_5()
    response = _lijst(management_client, tekst="ondernemers", _export="xlsx")
    vandaag = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="resultaten-{vandaag}.xlsx"'
    blad = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rijen = list(blad.iter_rows(values_only=True))
    assert blad.title == "Resultaten"
    assert rijen[0] == tuple(EXPORTKOPPEN)
    titel = Opgave.objects.get(nummer=3).titel
    assert rijen[1] == (
        3,
        titel,
        "Jaarlijks 550 IBDO-trajecten met ondernemers",
        "nog geen update",
        550,
        "IBDO-trajecten",
        "per jaar",
    )
    assert rijen[-1] == (
        3,
        titel,
        "Extra begeleide ondernemers",
        "nog geen update",
        1250.5,
        "ondernemers",
        "per jaar",
    )
    assert len(rijen) == 1 + Resultaat.objects.filter(omschrijving__icontains="ondernemers").count()
    assert all("ondernemers" in rij[2].lower() for rij in rijen[1:])
    zonder_streefdoel = [rij for rij in rijen[1:] if rij[4] is None]
    assert zonder_streefdoel
    assert all(rij[5:] == (None, None) for rij in zonder_streefdoel)


def test_management_sees_no_edit_link(management_client):
    assert "Bewerken" not in _lijst(management_client).content.decode()


def test_a_beheerder_sees_an_edit_link_on_every_row_once_the_edit_page_exists(beheerder_client):
    html_ = _lijst(beheerder_client, opgave=Opgave.objects.get(nummer=2).pk).content.decode()
    assert html_.count(">Bewerken</a>") == 4
    for pk in Resultaat.objects.filter(opgave__nummer=2).values_list("pk", flat=True):
        # The link brings the user back to this filtered list after saving.
        assert f'href="{reverse("resultaten:resultaat_bewerken", args=[pk])}?terug=' in html_


def test_query_count_does_not_grow_with_the_results(management_client, django_assert_num_queries):
    # 1 session, 2 user, 3 user's roles, 4 programme (the data version is in the
    # cache); then, unless filter and table come from the cache (a reader without edit
    # controls, unchanged data), 5 number of rows, 6 the page's rows with their opgave,
    # 7 opgave choices, 8 partner choices
    with django_assert_num_queries(8):
        _lijst(management_client)
    with django_assert_num_queries(4):
        _lijst(management_client)
    # an export: 1-4 as above, 5 all rows that pass the filter
    with django_assert_num_queries(5):
        _lijst(management_client, _export="xlsx")

    resultaten = list(Resultaat.objects.prefetch_related("indicatoren"))
    kopieen = Resultaat.objects.bulk_create(
        Resultaat(
            opgave_id=resultaat.opgave_id,
            omschrijving=f"{resultaat.omschrijving} ({ronde})",
            volgorde=resultaat.volgorde + 100 * ronde,
        )
        for ronde in range(1, 20)
        for resultaat in resultaten
    )
    bronnen = [resultaat for ronde in range(1, 20) for resultaat in resultaten]
    Indicator.objects.bulk_create(
        Indicator(
            resultaat=kopie,
            naam=indicator.naam,
            eenheid=indicator.eenheid,
            streefwaarde=indicator.streefwaarde,
            streefperiode=indicator.streefperiode,
        )
        for kopie, bron in zip(kopieen, bronnen, strict=True)
        for indicator in bron.indicatoren.all()
    )

    with django_assert_num_queries(8):
        response = _lijst(management_client, page=3, sort="-streefdoel")
    assert "740 resultaten gevonden" in response.content.decode()
    with django_assert_num_queries(5):
        response = _lijst(management_client, _export="csv")
    assert len(csv_rijen(response)) == 1 + 740
