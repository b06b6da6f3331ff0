import csv
import io
import re
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from basis.opmaak import lees_bedrag
from budget.models import (
    Begrotingsbedrag,
    Begrotingsregel,
    Begrotingswijziging,
    Cofinanciering,
    Financieringsbron,
    Realisatie,
)
from opgaven.models import Opgave
from tests.budget.hulp import boek, realiseer, stel_voor, voucherregelingen

pytestmark = pytest.mark.django_db

CEL = (
    '<td class="utrecht-table__cell utrecht-table__cell--numeric-column '
    'utrecht-table__cell--numeric-data">([^<]*)</td>'
)


def _uitvoering(html: str, kenmerk: str) -> list[str]:
    """The seven cells of a row of the execution table, found by its data attribute."""
    rij = re.search(rf"<tr [^>]*{kenmerk}[^>]*>(.*?)</tr>", html, re.S)
    assert rij, kenmerk
    return re.findall(CEL, rij.group(1))


def _csv_rijen(response) -> list[dict[str, str]]:
    """The rows of a CSV export as Dutch Excel reads them: BOM, ';', decimal comma."""
    tekst = response.content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(tekst), delimiter=";"))


def test_begroting_shows_the_execution_of_the_chosen_year(management_client, beheerder):
    regel = voucherregelingen()
    boek(regel, beheerder, "50000", jaar=2027)
    stel_voor(regel, beheerder, "1000", jaar=2027)

    html = management_client.get(reverse("budget:begroting"), {"jaar": "2027"}).content.decode()

    assert "Uitvoering 2027" in html
    assert '<option value="2027" selected>' in html
    # primitief, wijzigingen, actueel, concept, verplicht, besteed, uitputting
    assert _uitvoering(html, f'data-regel="{regel.pk}"') == [
        "580.000",
        "50.000",
        "630.000",
        "1.000",
        "-",
        "-",
        "0,0%",
    ]
    assert _uitvoering(html, 'data-subtotaal="3"')[:3] == ["2.047.500", "50.000", "2.097.500"]
    assert _uitvoering(html, "data-totaal")[:3] == ["7.418.224", "50.000", "7.468.224"]


@pytest.mark.parametrize("jaar", ["", "2031", "twee"])
def test_begroting_falls_back_to_a_year_of_the_programme(management_client, jaar):
    html = management_client.get(reverse("budget:begroting"), {"jaar": jaar}).content.decode()
    assert re.search(r"Uitvoering 202[67]", html)


def test_a_line_without_a_budget_shows_a_dash_for_uitputting(management_client, beheerder):
    leeg = Begrotingsregel.objects.get(omschrijving="Greenwise Campus")
    realiseer(leeg, beheerder, besteed="10")
    html = management_client.get(reverse("budget:begroting")).content.decode()
    assert _uitvoering(html, f'data-regel="{leeg.pk}"')[-2:] == ["10", "-"]


def test_the_export_holds_the_same_decimal_amounts_as_the_page(management_client, beheerder):
    regel = voucherregelingen()
    boek(regel, beheerder, "50000.50")
    realiseer(regel, beheerder, besteed="1234.56")

    rijen = _csv_rijen(
        management_client.get(reverse("budget:export", args=["csv"]), {"jaar": "2026"})
    )

    rij = next(r for r in rijen if r["Begrotingsregel"] == "Voucherregelingen")
    assert lees_bedrag(rij["Primitief"]) == Decimal("499500")
    assert lees_bedrag(rij["Actueel"]) == Decimal("549500.50")
    assert lees_bedrag(rij["Besteed"]) == Decimal("1234.56")
    totaal = rijen[-1]
    assert totaal["Begrotingsregel"] == "Totaal"
    regels = [r for r in rijen if r["Begrotingsregel"] not in {"Subtotaal", "Totaal"}]
    for kolom in ["Primitief", "Wijzigingen", "Actueel", "Verplicht", "Besteed"]:
        assert sum(lees_bedrag(r[kolom]) for r in regels) == lees_bedrag(totaal[kolom]), kolom


def test_the_excel_export_keeps_amounts_as_numbers(management_client, beheerder):
    boek(voucherregelingen(), beheerder, "50000.50")
    response = management_client.get(reverse("budget:export", args=["xlsx"]))

    blad = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rijen = list(blad.iter_rows(values_only=True))
    kop = list(rijen[0])
    rij = next(r for r in rijen if r[kop.index("Begrotingsregel")] == "Voucherregelingen")
    assert rij[kop.index("Actueel")] == pytest.approx(549500.50)
    assert 'filename="begroting-2026-' in response["Content-Disposition"]


def test_an_unknown_export_format_is_a_404(management_client):
    assert management_client.get("/begroting/export.pdf").status_code == 404


def test_the_line_page_shows_amendments_and_realisations_over_time(management_client, beheerder):
    regel = voucherregelingen()
    boek(regel, beheerder, "50000")
    stel_voor(regel, beheerder, "-2500.50", jaar=2027)
    realiseer(regel, beheerder, besteed="100", verplicht="900")

    html = management_client.get(reverse("budget:regel", args=[regel.pk])).content.decode()

    assert "Voorjaarsnota 2026" in html
    assert "Najaarsnota 2026" in html
    assert "-2.500,50" in html
    assert "Beschikking" in html
    assert "Vaststellen" not in html
    assert "Begrotingswijziging voorstellen" not in html


def test_a_beleidsmedewerker_proposes_a_concept_amendment_in_dutch_notation(beleid_client):
    regel = voucherregelingen()
    response = beleid_client.post(
        reverse("budget:wijziging_nieuw", args=[regel.pk]),
        {
            "jaar": "2026",
            "bedrag": "-2.500,50",
            "kenmerk": "Najaarsnota 2026",
            "orgaan": "PS",
            "reden": "Minder aanvragen",
        },
    )

    assert response.status_code == 302
    wijziging = Begrotingswijziging.objects.get()
    assert wijziging.bedrag == Decimal("-2500.50")
    assert wijziging.status == "concept"
    assert wijziging.history.first().history_user.username == "beleid"
    assert wijziging.history.first().history_change_reason == "Minder aanvragen"


def test_a_wrong_amount_is_refused_with_a_dutch_message(beleid_client):
    regel = voucherregelingen()
    response = beleid_client.post(
        reverse("budget:wijziging_nieuw", args=[regel.pk]),
        {"jaar": "2026", "bedrag": "vijf ton", "kenmerk": "x", "orgaan": "GS", "reden": "x"},
    )
    assert "Vul een bedrag in, bijvoorbeeld 1.050.000" in response.content.decode()
    assert not Begrotingswijziging.objects.exists()


def test_a_beleidsmedewerker_enters_a_realisation_for_their_own_opgave(beleid_client):
    regel = voucherregelingen()
    response = beleid_client.post(
        reverse("budget:realisatie_nieuw", args=[regel.pk]),
        {
            "jaar": "2026",
            "datum": "2026-05-01",
            "omschrijving": "Vouchers eerste ronde",
            "verplicht": "10.000",
            "besteed": "1.234,56",
        },
    )

    assert response.status_code == 302
    realisatie = Realisatie.objects.get()
    assert (realisatie.verplicht, realisatie.besteed) == (Decimal("10000"), Decimal("1234.56"))


def test_a_realisation_without_an_amount_is_refused(beleid_client):
    response = beleid_client.post(
        reverse("budget:realisatie_nieuw", args=[voucherregelingen().pk]),
        {"jaar": "2026", "datum": "2026-05-01", "omschrijving": "Niets"},
    )
    assert "Vul een bedrag in bij verplicht of besteed." in response.content.decode()
    assert not Realisatie.objects.exists()


def test_a_beleidsmedewerker_cannot_set_an_amendment(beleid_client, beleidsmedewerker):
    wijziging = stel_voor(voucherregelingen(), beleidsmedewerker, "1000")
    url = reverse("budget:wijziging_vaststellen", args=[wijziging.pk])

    assert beleid_client.post(url).status_code == 403
    wijziging.refresh_from_db()
    assert wijziging.status == "concept"


def test_a_beheerder_sets_an_amendment_from_the_line_page(beheerder_client, beheerder):
    regel = voucherregelingen()
    wijziging = stel_voor(regel, beheerder, "1000")
    pagina = beheerder_client.get(reverse("budget:regel", args=[regel.pk])).content.decode()
    assert "Vaststellen" in pagina

    url = reverse("budget:wijziging_vaststellen", args=[wijziging.pk])
    getoond = {"versie": str(wijziging.versie)}  # as the line page's form posts it
    assert f'name="versie" value="{wijziging.versie}"' in pagina

    response = beheerder_client.post(url, getoond, follow=True)

    assert "telt mee in de actuele begroting" in response.content.decode()
    wijziging.refresh_from_db()
    assert wijziging.status == "vastgesteld"
    nogmaals = beheerder_client.post(url, getoond, follow=True)
    assert "al vastgesteld" in nogmaals.content.decode()


def test_an_amendment_changed_after_the_line_page_opened_is_not_set(
    beheerder_client, beheerder, beleidsmedewerker
):
    regel = voucherregelingen()
    wijziging = stel_voor(regel, beleidsmedewerker, "1000")
    beheerder_client.get(reverse("budget:regel", args=[regel.pk]))
    getoond = {"versie": str(wijziging.versie)}
    wijziging.bedrag = Decimal("250000")  # corrected by a colleague meanwhile
    wijziging.save()

    response = beheerder_client.post(
        reverse("budget:wijziging_vaststellen", args=[wijziging.pk]), getoond, follow=True
    )

    html = response.content.decode()
    assert "gewijzigd nadat u de pagina opende" in html
    assert "250.000" in html
    wijziging.refresh_from_db()
    assert wijziging.status == "concept"


def test_an_amendment_set_without_the_version_it_was_shown_at_stays_a_concept(
    beheerder_client, beheerder
):
    wijziging = stel_voor(voucherregelingen(), beheerder, "1000")

    beheerder_client.post(reverse("budget:wijziging_vaststellen", args=[wijziging.pk]))

    wijziging.refresh_from_db()
    assert wijziging.status == "concept"


def test_a_beleidsmedewerker_adds_a_line_through_an_amendment(beleid_client):
    response = beleid_client.post(
        reverse("budget:regel_nieuw", args=[3]),
        {
            "omschrijving": "Innovatievouchers Defensie",
            "jaar": "2026",
            "bedrag": "40.000",
            "kenmerk": "GS-besluit 2026/77",
            "orgaan": "GS",
            "reden": "Nieuwe regeling",
        },
    )
    assert response.status_code == 302
    regel = Begrotingsregel.objects.get(omschrijving="Innovatievouchers Defensie")
    assert not regel.bedragen.exists()
    assert regel.wijzigingen.get().bedrag == Decimal("40000")

    dubbel = beleid_client.post(
        reverse("budget:regel_nieuw", args=[3]),
        {
            "omschrijving": "Voucherregelingen",
            "jaar": "2026",
            "bedrag": "1",
            "kenmerk": "x",
            "orgaan": "GS",
            "reden": "x",
        },
    )
    assert "al een begrotingsregel met deze naam" in dubbel.content.decode()


def test_the_programme_load_brings_the_funding_sources(db):
    namen = list(Financieringsbron.objects.values_list("naam", flat=True))
    assert len(namen) == 12
    for naam in ["EFRO", "JTF", "ESF+", "INTERREG", "Nij Begun", "Regio Deal Zwolle"]:
        assert any(n.startswith(naam) for n in namen), naam
    assert Financieringsbron.history.count() == 12


def test_cofinanciering_shows_the_programme_text_beside_the_amounts(management_client, programma):
    opgave = Opgave.objects.get(nummer=1)
    efro = Financieringsbron.objects.get(naam__startswith="EFRO")
    Cofinanciering.objects.create(
        bron=efro, opgave=opgave, jaar=2026, verwacht=Decimal("250000"), toegekend=Decimal("1")
    )
    Cofinanciering.objects.create(
        bron=efro,
        opgave=opgave,
        regel=opgave.begrotingsregels.first(),
        jaar=2026,
        verwacht=Decimal("50000.50"),
    )

    html = management_client.get(reverse("budget:cofinanciering")).content.decode()

    assert programma.cofinanciering.split()[0] in html
    assert "300.000,50" in html
    assert "EFRO" in html


def test_cofinanciering_refuses_a_line_of_another_opgave(programma):
    cofi = Cofinanciering(
        bron=Financieringsbron.objects.first(),
        opgave=Opgave.objects.get(nummer=1),
        regel=voucherregelingen(),
        jaar=2026,
    )
    with pytest.raises(Exception, match="hoort niet bij deze opgave"):
        cofi.full_clean()


def _veel_gegevens(beheerder) -> None:
    """20x the budget: new lines with amounts, amendments and realisations."""
    opgave = Opgave.objects.get(nummer=4)
    for i in range(20 * 22):
        regel = Begrotingsregel.objects.create(
            opgave=opgave, omschrijving=f"Regel {i}", volgorde=10 + i
        )
        Begrotingsbedrag.objects.create(regel=regel, jaar=2026, bedrag=Decimal("1.00"))
        Begrotingswijziging.objects.create(
            regel=regel, jaar=2026, bedrag=Decimal("2"), kenmerk="k", motivering="r"
        )
        Realisatie.objects.create(
            regel=regel, jaar=2026, datum="2026-01-01", omschrijving="r", besteed=Decimal("1")
        )


def test_begroting_query_count_does_not_grow_with_the_data(
    management_client, beheerder, django_assert_num_queries
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

    _veel_gegevens(beheerder)

    with django_assert_num_queries(14):
        response = management_client.get(reverse("budget:begroting"))
    assert "Regel 439" not in response.content.decode()
    assert "regels tonen" in response.content.decode()
    alles = management_client.get(reverse("budget:begroting") + "?alles=1")
    assert "Regel 439" in alles.content.decode()


def test_export_query_count_does_not_grow_with_the_data(
    management_client, beheerder, django_assert_num_queries
):
    # 1 session, 2 user, 3 user's roles, 4 programme, 5 lines, then sums of amounts,
    # amendments and realisations 6 per line, 7 per opgave and 8 of the programme.
    with django_assert_num_queries(8):
        management_client.get(reverse("budget:export", args=["csv"]))
    _veel_gegevens(beheerder)
    with django_assert_num_queries(8):
        response = management_client.get(reverse("budget:export", args=["csv"]))
    assert len(_csv_rijen(response)) > 440


def test_line_page_query_count_does_not_grow_with_the_entries(
    management_client, beheerder, django_assert_num_queries
):
    regel = voucherregelingen()
    url = reverse("budget:regel", args=[regel.pk])
    # 1 session, 2 user, 3 user's roles, 4 programme, 5 line with opgave and programme,
    # 6 the line's figures for 2026 and 2027, 7 amendments, 8 realisations,
    # then the session write.
    with django_assert_num_queries(8):
        management_client.get(url)
    for _ in range(20):
        boek(regel, beheerder, "1")
        realiseer(regel, beheerder, besteed="1")
    with django_assert_num_queries(8):
        management_client.get(url)


def test_cofinanciering_query_count_does_not_grow_with_the_entries(
    management_client, django_assert_num_queries
):
    url = reverse("budget:cofinanciering")
    # 1 session, 2 user, 3 user's roles, 4 programme, 5 entries with source, opgave
    # and line, 6 totals per source and year, 7 totals per year, then the session write.
    with django_assert_num_queries(7):
        management_client.get(url)
    opgave = Opgave.objects.get(nummer=2)
    for bron in Financieringsbron.objects.all():
        for regel in opgave.begrotingsregels.all():
            Cofinanciering.objects.create(bron=bron, opgave=opgave, regel=regel, jaar=2027)
    with django_assert_num_queries(7):
        management_client.get(url)
