import html
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from budget.models import Begrotingsbedrag, Begrotingsregel
from opgaven.models import Activiteit, Opgave
from rapportages.samenvatting import korte_titel
from resultaten.models import Indicator, Resultaat, Status
from resultaten.services import registreer_voortgang

pytestmark = pytest.mark.django_db

BUDGETTABEL = "Budget per opgave per jaar, in euro&#x27;s"  # as escaped in the page
AANTALLEN = "Aantal activiteiten en resultaten per opgave"


def _dashboard(client) -> str:
    response = client.get(reverse("portaal:dashboard"))
    assert response.status_code == 200
    return response.content.decode()


def _svg(pagina: str) -> str:
    begin = pagina.index("<svg")
    return pagina[begin : pagina.index("</svg>", begin) + len("</svg>")]


def _tabel(pagina: str, bijschrift: str) -> list[list[str]]:
    """The rows of the table with this caption: header cell, then the data cells."""
    begin = pagina.index(f">{bijschrift}</caption>")
    tabel = pagina[begin : pagina.index("</table>", begin)]
    rijen = []
    for rij in re.findall(r"<tr[^>]*>(.*?)</tr>", tabel, re.S)[1:]:
        cellen = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", rij, re.S)
        rijen.append([html.unescape(re.sub(r"<[^>]+>", "", cel)).strip() for cel in cellen])
    return rijen


def test_the_start_page_and_the_dashboard_need_a_login(client):
    for url in ("/", "/dashboard/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    assert reverse("portaal:start") == "/"
    assert reverse("portaal:dashboard") == "/dashboard/"


def test_budget_per_opgave_is_a_chart_without_script_named_for_screen_readers(
    management_client,
):
    svg = _svg(_dashboard(management_client))

    assert 'role="img"' in svg
    assert "aria-hidden" not in svg
    titel = re.search(r'aria-labelledby="([^"]+)"', svg).group(1)
    beschrijving = re.search(r'aria-describedby="([^"]+)"', svg).group(1)
    assert f'<title id="{titel}">Budget per opgave</title>' in svg
    assert re.search(rf'<desc id="{beschrijving}">Staafdiagram [^<]*2026 en 2027', svg)
    assert "<script" not in svg
    assert "http" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")
    # each bar named by the opgave's short title, as in the report
    for opgave in Opgave.objects.filter(programma__eerste_jaar=2026):
        assert f">{escape(korte_titel(opgave))}</text>" in svg
    assert ">2026</text>" in svg
    assert ">2027</text>" in svg
    # the axis in Dutch notation
    assert ">€ 1.000.000</text>" in svg


def test_the_chart_has_the_same_figures_as_a_table_beside_it(management_client):
    pagina = _dashboard(management_client)
    assert pagina.index("</svg>") < pagina.index(
        ">Budget per opgave per jaar, in euro&#x27;s</caption>"
    )
    assert '<th scope="col" class="utrecht-table__header-cell">Opgave</th>' in pagina

    assert _tabel(pagina, BUDGETTABEL) == [
        ["1. Versterken van het vestigingsklimaat", "€ 1.831.707", "€ 1.831.707"],
        ["2. Samenwerken aan een toekomstbestendige arbeidsmarkt", "€ 686.835", "€ 686.835"],
        ["3. Versterken van het ondernemerschap", "€ 2.047.500", "€ 2.047.500"],
        [
            "4. Benutten van de economische kansen rondom transitie en maatschappelijke opgaven",
            "€ 1.929.897",
            "€ 1.946.597",
        ],
        ["5. Ontwikkelen van de economische kracht van Drenthe", "€ 902.200", "€ 905.585"],
        ["Totaal", "€ 7.398.139", "€ 7.418.224"],
    ]
    assert '<th scope="row" class="utrecht-table__header-cell">Totaal</th>' in pagina
    assert "2.026" not in pagina


def test_dashboard_counts_activities_and_results_per_opgave(management_client):
    pagina = _dashboard(management_client)
    assert [rij[1:] for rij in _tabel(pagina, AANTALLEN)] == [
        ["10", "12"],
        ["8", "4"],
        ["10", "8"],
        ["11", "7"],
        ["18", "6"],
        ["57", "37"],
    ]
    opgave_4 = Opgave.objects.get(nummer=4)
    assert f'href="{reverse("opgaven:activiteiten")}?opgave={opgave_4.pk}"' in pagina
    assert 'aria-label="11 activiteiten van opgave 4"' in pagina
    assert f'href="{reverse("resultaten:lijst")}?opgave={opgave_4.pk}"' in pagina


def test_dashboard_shows_the_latest_changes_of_the_whole_programme(beheerder_client):
    activiteit = Activiteit.objects.get(omschrijving="Stimuleren korte voedselketens")
    activiteit.omschrijving = "Korte voedselketens versterken"
    activiteit.save()

    pagina = _dashboard(beheerder_client)

    laatste = pagina[pagina.index("Laatste wijzigingen") :]
    # One short line per change, with the old and the new value.
    assert (
        "<del>Stimuleren korte voedselketens</del> → <ins>Korte voedselketens versterken</ins>"
        in laatste
    )


# After an edit: 1 session, 2 user, 3 user's roles, 4 programme, 5 the data version
# (basis.paginacache), 6 the opgaven, 7-10 the progress roll-up (which also counts
# activities and results per opgave), 11-12 the budget per opgave (subtotals, totals),
# 13-14 the items needing attention and their number. Then the latest changes: for each of the 16
# history tables its records and their predecessors, and one query per kind of object
# their foreign keys point at (at most 26 kinds). Which kinds occur depends on what
# changed last, so this is a bound that holds for any amount of data, not one count.
DASHBOARD_QUERIES = 14 + 16 * 2 + 26


def test_query_count_does_not_grow_with_the_data(management_client, django_assert_max_num_queries):
    with django_assert_max_num_queries(DASHBOARD_QUERIES):
        _dashboard(management_client)

    for opgave in Opgave.objects.all():
        for i in range(20 * 12):
            regel = Begrotingsregel.objects.create(
                opgave=opgave, omschrijving=f"Regel {i}", volgorde=100 + i
            )
            Begrotingsbedrag.objects.create(regel=regel, jaar=2026, bedrag=Decimal("1"))
            Activiteit.objects.create(opgave=opgave, omschrijving=f"Extra {i}", volgorde=100 + i)
            Resultaat.objects.create(opgave=opgave, omschrijving=f"Extra {i}", volgorde=100 + i)

    with django_assert_max_num_queries(DASHBOARD_QUERIES):
        pagina = _dashboard(management_client)
    rijen = _tabel(pagina, AANTALLEN)
    assert rijen[-1][1:] == [str(57 + 1200), str(37 + 1200)]
    budget = _tabel(pagina, BUDGETTABEL)
    assert budget[0][1:] == ["€ 1.831.947", "€ 1.831.707"]
    assert budget[-1][1:] == ["€ 7.399.339", "€ 7.418.224"]


# Unchanged data: 1 session, 2 user, 3 user's roles, 4 programme (the data version is
# in the cache); the rest comes from the cache.
DASHBOARD_UIT_CACHE = 4


def test_an_unchanged_dashboard_comes_from_the_cache_and_an_edit_shows_at_once(
    management_client, django_assert_num_queries
):
    _dashboard(management_client)
    with django_assert_num_queries(DASHBOARD_UIT_CACHE):
        eerst = _dashboard(management_client)

    activiteit = Activiteit.objects.get(omschrijving="Stimuleren korte voedselketens")
    activiteit.omschrijving = "Korte voedselketens versterken"
    activiteit.save()
    daarna = _dashboard(management_client)

    assert "Korte voedselketens versterken" not in eerst
    assert "<ins>Korte voedselketens versterken</ins>" in daarna


def test_long_lists_on_the_dashboard_show_their_first_ten_and_link_to_the_rest(beheerder_client):
    opgave = Opgave.objects.get(nummer=1)
    for i in range(12):
        resultaat = Resultaat.objects.create(
            opgave=opgave, omschrijving=f"Risicovol resultaat {i}", volgorde=200 + i
        )
        Indicator.objects.create(
            resultaat=resultaat, naam=f"Extra indicator {i}", streefwaarde=Decimal("10")
        )
        registreer_voortgang(
            resultaat=resultaat,
            peildatum=timezone.localdate(),
            status=Status.RISICO,
            verklaring="Te weinig aanmeldingen",
            maatregel="Extra werving",
            gebruiker=None,
        )
    indicatoren = Indicator.objects.filter(resultaat__opgave__programma__eerste_jaar=2026).count()

    pagina = _dashboard(beheerder_client)

    zorgen = pagina[pagina.index('id="aandachtspunten"') :]
    assert zorgen.count("Te weinig aanmeldingen") == 10
    assert "En nog 2 andere." in zorgen
    assert f"En nog {indicatoren - 10} indicatoren." in pagina
