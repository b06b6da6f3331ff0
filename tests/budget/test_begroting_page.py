import re
from decimal import Decimal

import pytest
from django.urls import reverse

from budget.models import Begrotingsbedrag, Begrotingsregel
from opgaven.models import Opgave

pytestmark = pytest.mark.django_db

RIJKOP = '<th scope="row" class="utrecht-table__header-cell">'
BEDRAG = (
    '<td class="utrecht-table__cell utrecht-table__cell--numeric-column '
    'utrecht-table__cell--numeric-data">'
)


def _cellen(html: str, kop: str) -> list[str]:
    """The amount cells of the first table row whose header is `kop`."""
    # A budget line's header links to its page; a subtotal's or total's does not.
    rij = re.search(
        rf"{re.escape(RIJKOP)}(?:<a [^>]*>)?{re.escape(kop)}(?:</a>)?</th>(.*?)</tr>", html, re.S
    )
    assert rij, kop
    return re.findall(rf"{re.escape(BEDRAG)}([^<]*)</td>", rij.group(1))


def test_begroting_shows_tabel_1_as_the_document_does(management_client):
    html = management_client.get(reverse("budget:begroting")).content.decode()

    assert (
        '<th scope="col" class="utrecht-table__header-cell '
        'utrecht-table__header-cell--numeric-column">2026</th>'
    ) in html
    assert _cellen(html, "Toekomstbestendige bedrijventerreinen") == ["1.050.000", "1.050.000"]
    assert _cellen(html, "Promotie goed ondernemerschap") == ["103.000", "22.500"]
    assert _cellen(html, "Platform Groene Chemie Nieuwe Energie") == ["16.700", "-"]
    assert _cellen(html, "Greenwise Campus") == ["-", "-"]
    assert _cellen(html, "Totaal Economische Koers") == ["7.398.139", "7.418.224"]
    subtotalen = re.findall(
        rf"{re.escape(RIJKOP)}Subtotaal</th>\s*"
        rf"{re.escape(BEDRAG)}([^<]*)</td>{re.escape(BEDRAG)}([^<]*)</td>",
        html,
    )
    assert subtotalen == [
        ("1.831.707", "1.831.707"),
        ("686.835", "686.835"),
        ("2.047.500", "2.047.500"),
        ("1.929.897", "1.946.597"),
        ("902.200", "905.585"),
    ]
    assert "2.026" not in html
    assert "Mogelijk komen er in de loop van het jaar nog aanpassingen" in html


def test_begroting_groups_lines_under_their_opgave_in_order(management_client):
    html = management_client.get(reverse("budget:begroting")).content.decode()
    koppen = re.findall(r'<th scope="colgroup"[^>]*><a href="/opgaven/(\d)/"[^>]*>', html)
    assert koppen == ["1", "2", "3", "4", "5"]


def test_begroting_query_count_does_not_grow_with_the_lines(
    management_client, django_assert_num_queries
):
    # After an edit: 1 session, 2 user, 3 user's roles, 4 programme (the data version is
    # in the cache, basis.dataversie); Tabel 1: 5 subtotals per opgave and year, 6 totals
    # per year, 7 lines per opgave counted, 8 the first 25 lines of every opgave with
    # their yearly amounts; the execution of one year: 9 the first 25 lines of every
    # opgave, 10 lines per opgave counted, then sums of amounts, amendments and
    # realisations 11 of those lines, 12 per opgave and 13 of the programme; 14 when the
    # last ledger extract was loaded. Unchanged data: 1-4, the rest from the cache.
    with django_assert_num_queries(14):
        management_client.get(reverse("budget:begroting"))
    with django_assert_num_queries(4):
        management_client.get(reverse("budget:begroting"))

    opgave = Opgave.objects.get(nummer=4)
    for i in range(20 * 22):
        regel = Begrotingsregel.objects.create(
            opgave=opgave, omschrijving=f"Regel {i}", volgorde=10 + i
        )
        Begrotingsbedrag.objects.create(regel=regel, jaar=2026, bedrag=Decimal("1.00"))

    with django_assert_num_queries(14):
        response = management_client.get(reverse("budget:begroting"))
    assert _cellen(response.content.decode(), "Totaal Economische Koers") == [
        "7.398.579",
        "7.418.224",
    ]


def test_a_line_without_an_amount_for_a_year_counts_as_zero(programma):
    opgave = Opgave.objects.get(nummer=5)
    Begrotingsregel.objects.create(opgave=opgave, omschrijving="Nieuw", volgorde=99)

    tabel = Begrotingsregel.objects.tabel(programma, opgave=opgave)

    assert tabel.groepen[0].regels[-1].bedragen == [Decimal("0"), Decimal("0")]
    assert tabel.groepen[0].subtotalen == [Decimal("902200"), Decimal("905585")]
