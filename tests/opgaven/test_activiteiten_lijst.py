import html
import io
import re

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from opgaven.models import Activiteit, Opgave, Partner, Thema
from tests.helpers import csv_rijen

pytestmark = pytest.mark.django_db


NOM = "Noordelijke Investerings- en OntwikkelingsMaatschappij (NOM)"


def _rijen(response) -> list[str]:
    """The descriptions in the table, top to bottom."""
    return [
        html.unescape(tekst)
        for tekst in re.findall(
            r'<span id="activiteit-\d+">([^<]*)</span>', response.content.decode()
        )
    ]


def _lijst(client, **params):
    response = client.get(reverse("opgaven:activiteiten"), params)
    assert response.status_code == 200
    return response


def test_activities_are_listed_in_document_order_with_sub_activities_under_their_main_one(
    management_client,
):
    response = _lijst(management_client, opgave=Opgave.objects.get(nummer=2).pk)
    rijen = _rijen(response)

    assert len(rijen) == 8
    for rij, begin in zip(
        rijen,
        [
            "We bouwen voort op de activiteiten uit het uitvoeringsprogramma 2024",
            "inzet op actievere benutting",
            "versterking samenwerking",
            "sterkere verbinding duurzame inzetbaarheid",
            "We zetten Talent in de Regio",
            "We zetten de aansluiting bij de Human Capital Agenda",
            "We faciliteren scholing",
            "We nemen arbeidsmigratie mee",
        ],
        strict=True,
    ):
        assert rij.startswith(begin), (rij, begin)
    html_ = response.content.decode()
    assert html_.count("Deelactiviteit van: We bouwen voort op de activiteiten") == 3
    assert "8 activiteiten gevonden" in html_


def test_the_first_page_starts_with_opgave_1_and_pages_hold_25_rows(management_client):
    eerste = _lijst(management_client)
    assert "57 activiteiten gevonden" in eerste.content.decode()
    assert len(_rijen(eerste)) == 25
    assert _rijen(eerste)[0].startswith("Actualiseren van programmeringsafspraken")
    assert 'aria-label="Pagina 3"' in eerste.content.decode()

    laatste = _lijst(management_client, page=3)
    assert len(_rijen(laatste)) == 57 - 2 * 25
    assert _rijen(laatste)[-1].startswith("Voeren van lobby en inzet")


def test_each_row_links_to_its_opgave(management_client):
    html_ = _lijst(management_client, opgave=Opgave.objects.get(nummer=5).pk).content.decode()
    assert html_.count(f'href="{reverse("portaal:opgave", args=[5])}"') >= 18
    assert 'aria-label="Opgave 5: Ontwikkelen van de economische kracht van Drenthe"' in html_


def test_activities_can_be_filtered_by_opgave(management_client):
    response = _lijst(management_client, opgave=Opgave.objects.get(nummer=4).pk)
    assert len(_rijen(response)) == 11
    assert set(_rijen(response)) == set(
        Activiteit.objects.filter(opgave__nummer=4).values_list("omschrijving", flat=True)
    )


def test_activities_can_be_filtered_by_thema(management_client):
    thema = Thema.objects.get(naam="Centrumgebieden")
    response = _lijst(management_client, thema=thema.pk)
    assert [rij[:30] for rij in _rijen(response)] == [
        "Faciliteren van kennisuitwisse",
        "Stimuleren van centrumontwikke",
        "Monitoring via nieuw Koopstrom",
    ]
    assert "Centrumgebieden (opgave 1)</option>" in response.content.decode()


def test_activities_can_be_filtered_by_partner(management_client):
    founded = _lijst(management_client, partner=Partner.objects.get(naam="Founded").pk)
    assert len(_rijen(founded)) == 10
    assert _rijen(founded)[0] == "Ondernemersdienstverlening via IBDO"

    # NOM is linked to opgave 1, 3 and 4: 10 + 10 + 11 activities, over two pages.
    nom = _lijst(management_client, partner=Partner.objects.get(naam=NOM).pk)
    assert "31 activiteiten gevonden" in nom.content.decode()
    assert not any("Chemport" in rij for rij in _rijen(nom))


def test_activities_can_be_searched_case_insensitively(management_client):
    response = _lijst(management_client, tekst="astron")
    assert _rijen(response) == [
        "Vergroten zichtbaarheid ASTRON",
        "Verbinden ASTRON met regionaal bedrijfsleven",
        "Verkennen valorisatiemogelijkheden kennis van ASTRON",
    ]


def test_filters_combine(management_client):
    response = _lijst(
        management_client, opgave=Opgave.objects.get(nummer=3).pk, tekst="ibdo", sort="omschrijving"
    )
    assert [rij[:20] for rij in _rijen(response)] == [
        "IBDO verbindt ondern",
        "Koppeling van IBDO m",
        "Ondernemersdienstver",
    ]


def test_activities_can_be_sorted_by_description_both_ways(management_client):
    opgave = Opgave.objects.get(nummer=5).pk
    oplopend = _rijen(_lijst(management_client, opgave=opgave, sort="omschrijving"))
    aflopend = _rijen(_lijst(management_client, opgave=opgave, sort="-omschrijving"))
    assert oplopend[0] == "Actualiseren plan van aanpak Chemport"
    assert aflopend[0].startswith("Voeren van lobby")
    assert aflopend == list(reversed(oplopend))


def test_activities_can_be_sorted_by_thema_and_by_opgave(management_client):
    opgave_3 = Opgave.objects.get(nummer=3).pk
    op_thema = _lijst(management_client, opgave=opgave_3, sort="thema")
    # "Overige activiteiten" before "Prioritaire activiteiten", each in document order
    assert _rijen(op_thema)[0].startswith("Promotie en aanjagen goed ondernemerschap")
    assert _rijen(op_thema)[4] == "Ondernemersdienstverlening via IBDO"
    html_ = op_thema.content.decode()
    assert 'aria-sort="ascending"' in html_
    assert "sort=-thema" in html_

    op_opgave = _lijst(management_client, sort="-opgave")
    assert _rijen(op_opgave)[0] == "Actualiseren plan van aanpak Chemport"
    assert 'aria-sort="descending"' in op_opgave.content.decode()


@pytest.mark.parametrize(
    "params",
    [
        {"opgave": "abc"},
        {"thema": "999999"},
        {"partner": "'; drop table"},
        {"tekst": "\x00"},
        {"opgave": "1\x00"},
        {"tekst": "x" * 5000},
        {"sort": "nonsense"},
        {"sort": "-omschrijving,onzin,--thema"},
        {"page": "999"},
        {"page": "abc"},
        {"page": "-1"},
        {"per_page": "-1"},
        {"per_page": "0"},
        {"_export": "pdf"},
        {"_export": "yaml"},
        {"_export": "xls"},
    ],
)
def test_unreadable_input_never_breaks_the_list(management_client, params):
    response = _lijst(management_client, **params)
    assert response["Content-Type"].startswith("text/html")


def test_an_invalid_filter_shows_a_dutch_message_and_no_rows(management_client):
    html_ = _lijst(management_client, opgave="abc").content.decode()
    assert "Een filter klopt niet" in html_
    assert "Selecteer een geldige keuze" in html_
    assert "Geen activiteiten gevonden." in html_


def test_a_page_past_the_end_shows_the_last_page(management_client):
    response = _lijst(management_client, page=999)
    assert len(_rijen(response)) == 7


def test_csv_export_holds_the_filtered_rows_as_dutch_text(management_client):
    response = _lijst(
        management_client, partner=Partner.objects.get(naam="Founded").pk, _export="csv", page=2
    )
    vandaag = timezone.localdate().isoformat()
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="activiteiten-{vandaag}.csv"'
    rijen = csv_rijen(response)
    assert rijen[0] == ["Opgave", "Opgavetitel", "Thema", "Omschrijving", "Status", "Valt onder"]
    assert len(rijen) == 1 + 10
    assert {rij[0] for rij in rijen[1:]} == {"3"}
    titel = Opgave.objects.get(nummer=3).titel
    assert rijen[1] == [
        "3",
        titel,
        "Prioritaire activiteiten",
        "Ondernemersdienstverlening via IBDO",
        "niet gestart",
        "",
    ]
    assert "<" not in response.content.decode()


def test_xlsx_export_holds_the_filtered_rows_with_numbers_as_numbers(management_client):
    response = _lijst(management_client, opgave=Opgave.objects.get(nummer=2).pk, _export="xlsx")
    vandaag = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="activiteiten-{vandaag}.xlsx"'
    blad = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rijen = list(blad.iter_rows(values_only=True))
    assert blad.title == "Activiteiten"
    assert rijen[0] == ("Opgave", "Opgavetitel", "Thema", "Omschrijving", "Status", "Valt onder")
    assert len(rijen) == 1 + 8
    assert all(rij[0] == 2 for rij in rijen[1:])
    hoofd = Activiteit.objects.get(opgave__nummer=2, bovenliggend=None, volgorde=1).omschrijving
    assert rijen[1][3:] == (hoofd, "niet gestart", None)
    assert rijen[2][3] == "inzet op actievere benutting dashboard Arbeidsmarktinzicht;"
    assert rijen[2][5] == hoofd
    assert not any("<" in str(cel) for rij in rijen for cel in rij)


def test_export_neutralises_text_that_a_spreadsheet_would_run(management_client):
    opgave = Opgave.objects.get(nummer=1)
    Activiteit.objects.create(opgave=opgave, omschrijving="=HYPERLINK(1)", volgorde=99)
    rijen = csv_rijen(_lijst(management_client, tekst="hyperlink", _export="csv"))
    assert rijen[1][3] == "'=HYPERLINK(1)"
    xlsx = _lijst(management_client, tekst="hyperlink", _export="xlsx")
    blad = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    assert blad["D2"].value == "'=HYPERLINK(1)"
    assert blad["D2"].data_type == "s"


def test_the_export_links_keep_the_filter(management_client):
    html_ = _lijst(management_client, tekst="IBDO").content.decode()
    assert 'href="?tekst=IBDO&amp;_export=csv"' in html_
    assert 'href="?tekst=IBDO&amp;_export=xlsx"' in html_


def test_management_sees_no_edit_link(management_client):
    html_ = _lijst(management_client).content.decode()
    assert "Bewerken" not in html_
    assert ">Acties<" not in html_


def test_a_beheerder_sees_an_edit_link_on_every_row(beheerder_client):
    html_ = _lijst(beheerder_client).content.decode()
    eerste = Activiteit.objects.in_documentvolgorde().first()
    assert html_.count(">Bewerken</a>") == 25
    url = reverse("opgaven:activiteit_bewerken", args=[eerste.pk])
    terug = "?terug=%2Factiviteiten%2F"  # back to this list after saving
    assert f'href="{url}{terug}" aria-describedby="activiteit-{eerste.pk}">Bewerken</a>' in html_


def test_a_beleidsmedewerker_can_edit_only_the_rows_of_their_own_opgaven(client, beleidsmedewerker):
    beleidsmedewerker.toegewezen_opgaven.set([Opgave.objects.get(nummer=2)])
    client.force_login(beleidsmedewerker)

    html_ = _lijst(client, partner=Partner.objects.get(naam="Rijk").pk).content.decode()

    # "Rijk" is a partner of opgave 1 (10 activities) and 2 (8): only 2 is theirs.
    assert "18 activiteiten gevonden" in html_
    assert html_.count(">Bewerken</a>") == 8
    for pk in Activiteit.objects.filter(opgave__nummer=2).values_list("pk", flat=True):
        assert reverse("opgaven:activiteit_bewerken", args=[pk]) in html_


def test_query_count_does_not_grow_with_the_activities(
    management_client, django_assert_num_queries
):
    # 1 session, 2 user, 3 user's roles, 4 programme (the data version is in the
    # cache); then, unless filter and table come from the cache (a reader without edit
    # controls, unchanged data), 5 number of rows, 6 the page's rows with opgave, thema
    # and main activity, 7 opgave choices, 8 thema choices, 9 partner choices
    with django_assert_num_queries(9):
        _lijst(management_client)
    with django_assert_num_queries(4):
        _lijst(management_client)
    # an export: 1-4 as above, 5 all rows that pass the filter
    with django_assert_num_queries(5):
        _lijst(management_client, _export="xlsx")

    _twintig_keer_zoveel_activiteiten()

    with django_assert_num_queries(9):
        response = _lijst(management_client, page=2)
    assert "1140 activiteiten gevonden" in response.content.decode()
    with django_assert_num_queries(5):
        response = _lijst(management_client, _export="csv")
    assert len(csv_rijen(response)) == 1 + 1140


def _twintig_keer_zoveel_activiteiten() -> None:
    """19 copies of every activity, sub-activities under the copies of their main one."""
    origineel = list(Activiteit.objects.order_by("bovenliggend", "pk"))
    for ronde in range(1, 20):
        kopie: dict[int, Activiteit] = {}
        for activiteit in origineel:
            kopie[activiteit.pk] = Activiteit.objects.create(
                opgave_id=activiteit.opgave_id,
                thema_id=activiteit.thema_id,
                bovenliggend=kopie.get(activiteit.bovenliggend_id),
                omschrijving=f"{activiteit.omschrijving} ({ronde})",
                volgorde=activiteit.volgorde + 100 * ronde,
            )


def test_a_cached_list_shows_an_edit_at_once(management_client):
    activiteit = Activiteit.objects.get(omschrijving="Stimuleren korte voedselketens")
    eerst = _lijst(management_client, tekst="voedsel").content.decode()
    uit_cache = _lijst(management_client, tekst="voedsel").content.decode()
    assert "Stimuleren korte voedselketens" in eerst
    assert "1 activiteit gevonden" in uit_cache
    # The same page but for the logout form's CSRF token, which is masked anew each time.
    zonder_token = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')
    assert zonder_token.sub("", uit_cache) == zonder_token.sub("", eerst)

    activiteit.omschrijving = "Korte voedselketens versterken"
    activiteit.save()

    html_ = _lijst(management_client, tekst="voedsel").content.decode()
    assert "Korte voedselketens versterken" in html_
    assert "Stimuleren korte voedselketens" not in html_
