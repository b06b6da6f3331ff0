import pytest
from django.urls import reverse

from opgaven.models import Activiteit, Opgave
from resultaten.models import Resultaat

pytestmark = pytest.mark.django_db


def test_anonymous_visitor_is_sent_to_the_login_page(client):
    for url in ["/", reverse("opgaven:lijst"), reverse("portaal:opgave", args=[1]), "/begroting/"]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_login_page_is_dutch_and_open_to_everyone(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert "Inloggen" in response.content.decode()
    assert 'lang="nl"' in response.content.decode()


def test_wrong_password_gives_a_dutch_message_and_keeps_the_username(client, management):
    response = client.post(reverse("login"), {"username": "management", "password": "fout"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Voer een correcte gebruikersnaam en wachtwoord in" in html
    assert 'value="management"' in html


def test_user_logs_in_and_lands_on_the_start_page(client, management):
    response = client.post(
        reverse("login"),
        {"username": "management", "password": "geheim-wachtwoord-123"},
        follow=True,
    )
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("portaal:start")
    assert "Versterken van het vestigingsklimaat" in html
    assert "Ontwikkelen van de economische kracht van Drenthe" in html


def test_opgaven_list_shows_every_opgave_in_order(management_client, django_assert_num_queries):
    # 1 session, 2 user, 3 user's roles, 4 current programme, 5 its opgaven
    with django_assert_num_queries(5):
        response = management_client.get(reverse("opgaven:lijst"))
    html = response.content.decode()
    titels = [opgave.titel for opgave in Opgave.objects.order_by("nummer")]
    posities = [html.index(titel) for titel in titels]
    assert posities == sorted(posities)
    assert "Opzet uitvoeringsprogramma" in html
    assert "Uitvoeringsprogramma Economische Koers Drenthe 2026-2027" in html


def test_opgave_page_shows_every_section_in_document_order(management_client):
    html = management_client.get(reverse("portaal:opgave", args=[1])).content.decode()
    koppen = [
        "Wat is de opgave",
        "Doelen",
        "Gerelateerde projecten en programma's",
        "Doelgroep",
        "Partners",
        "Activiteiten 2026-2027",
        "Resultaten",
        "Budget",
    ]
    posities = [html.index(f">{kop}</h2>") for kop in koppen]
    assert posities == sorted(posities)
    for tekst in [
        "Balans in vraag/aanbod van werklocaties",
        "Nationaal Programma Ruimte voor Economie",
        "GETEC Park Emmen",
        '<h3 class="utrecht-heading-3">Centrumgebieden</h3>',
        "Monitoring bedrijventerreinen (IBIS en dataplatform)",
        "HMDG opgericht en in werking",
        "50 bedrijventerreinen in de programmaperiode",
        "Toekomstbestendige bedrijventerreinen",
        "1.050.000",
        "1.831.707",
    ]:
        assert tekst in html, tekst


def test_opgave_3_shows_its_structural_developments_as_a_numbered_list(management_client):
    html = management_client.get(reverse("portaal:opgave", args=[3])).content.decode()
    assert "<ol><li>Defensie en veiligheid</li><li>Arbeidsproductiviteit</li>" in html
    assert "550 IBDO-trajecten per jaar" in html


def test_opgave_5_says_it_names_no_partners(management_client):
    html = management_client.get(reverse("portaal:opgave", args=[5])).content.decode()
    partners = html[html.index('id="partners"') : html.index('id="activiteiten"')]
    assert "Niet benoemd in het programma." in partners


def test_unknown_opgave_is_a_dutch_404(management_client):
    response = management_client.get(reverse("portaal:opgave", args=[9]))
    assert response.status_code == 404
    assert "Deze pagina bestaat niet" in response.content.decode()


def test_opgave_page_query_count_does_not_grow_with_the_data(
    management_client, django_assert_num_queries
):
    opgave = Opgave.objects.get(nummer=2)
    # After an edit: 1 session, 2 user, 3 user's roles, 4 programme, 5 opgave (the data
    # version is in the cache, basis.dataversie); then 6 the opgave with the numbers of
    # its doelen, doelgroepen and activities, 7 doelen, 8 sub-doelen, 9 doelgroepen,
    # 10 sub-doelgroepen, 11 partner links, 12 related programmes, 13 themes,
    # 14 activities, 15 sub-activities (each list at most 25: a window function),
    # 16 results (at most 25), 17 their indicators, 18 latest progress of those results
    # (a subquery; its values are only prefetched when there are updates),
    # 19 the number of results, 20-23 the progress roll-up (resultaten.voortgang.rollup:
    # activities per status, results and indicators per opgave, results per latest
    # status, the first ten indicators with realisation; all of this opgave only),
    # 24 budget subtotals (also the opgave's totals), 25 the number of budget lines,
    # 26 budget lines (at most 25) with amounts. Unchanged data: 1-5, the rest from
    # the cache.
    with django_assert_num_queries(26):
        management_client.get(reverse("portaal:opgave", args=[2]))
    with django_assert_num_queries(5):
        management_client.get(reverse("portaal:opgave", args=[2]))

    hoofd = Activiteit.objects.create(opgave=opgave, omschrijving="Extra", volgorde=99)
    for i in range(40):
        Activiteit.objects.create(opgave=opgave, omschrijving=f"Deel {i}", bovenliggend=hoofd)
        Resultaat.objects.create(opgave=opgave, omschrijving=f"Resultaat {i}", volgorde=100 + i)

    with django_assert_num_queries(26):
        response = management_client.get(reverse("portaal:opgave", args=[2]))
    assert "Deel 19" in response.content.decode()


def test_a_long_section_shows_its_first_25_and_a_link_to_all_of_them(management_client):
    opgave = Opgave.objects.get(nummer=2)
    bestaand = Resultaat.objects.filter(opgave=opgave).count()
    for i in range(30):
        Resultaat.objects.create(
            opgave=opgave, omschrijving=f"Extra resultaat {i}", volgorde=100 + i
        )
    totaal = bestaand + 30

    kort = management_client.get(reverse("portaal:opgave", args=[2])).content.decode()
    alles = management_client.get(reverse("portaal:opgave", args=[2]) + "?alles=1").content.decode()

    assert f"En nog {totaal - 25}." in kort
    assert f'href="?alles=1#resultaten">Alle {totaal} tonen</a>' in kort
    assert "Extra resultaat 29" not in kort
    assert "Extra resultaat 29" in alles
    assert "Alle " not in alles.split('id="resultaten"')[1].split("</section>")[0]


def test_edit_controls_show_only_where_the_user_may_edit(beleid_client):
    eigen = beleid_client.get(reverse("portaal:opgave", args=[3])).content.decode()
    ander = beleid_client.get(reverse("portaal:opgave", args=[1])).content.decode()

    assert reverse("opgaven:opgave_bewerken", args=[3]) in eigen
    assert reverse("opgaven:activiteit_nieuw", args=[3]) in eigen
    assert eigen.count(">Bewerken<") >= 10 + 8
    assert "Partners koppelen of ontkoppelen" in eigen
    assert ">Bewerken<" not in ander
    assert reverse("opgaven:opgave_bewerken", args=[1]) not in ander
    assert reverse("portaal:opgave_wijzigingen", args=[1]) in ander


def test_management_sees_no_edit_controls(management_client):
    html = management_client.get(reverse("portaal:opgave", args=[3])).content.decode()
    assert ">Bewerken<" not in html
    assert "Activiteit toevoegen" not in html


def test_opgave_page_with_edit_controls_has_the_same_query_count(
    beleid_client, django_assert_num_queries
):
    # As for management after an edit, with the beleidsmedewerker's own opgaven
    # instead of the data version: an editor's page is never cached (it holds
    # their CSRF token). (Opgave 3 has no updates: no prefetch of realised values.)
    with django_assert_num_queries(27):
        beleid_client.get(reverse("portaal:opgave", args=[3]))
