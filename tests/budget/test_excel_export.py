"""Every budget table leaves the portal through basis.werkboek: safe text, Dutch CSV."""

import io
from decimal import Decimal

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from basis.opmaak import lees_bedrag
from budget.models import Cofinanciering, Financieringsbron
from opgaven.models import Opgave
from tests.budget.hulp import boek, voucherregelingen
from tests.conftest import EIGEN_OPGAVE
from tests.helpers import csv_rijen

pytestmark = pytest.mark.django_db

FORMULE = '=HYPERLINK("http://example.invalid","klik")'


def _nieuwe_regel(beleidsmedewerker, omschrijving: str) -> None:
    """A line made through the portal's "nieuwe regel" form, by a beleidsmedewerker."""
    client = Client()
    client.force_login(beleidsmedewerker)
    response = client.post(
        reverse("budget:regel_nieuw", args=[EIGEN_OPGAVE]),
        {
            "omschrijving": omschrijving,
            "jaar": "2026",
            "bedrag": "40.000",
            "kenmerk": "GS-besluit 2026/77",
            "orgaan": "GS",
            "reden": "Nieuwe regeling",
        },
    )
    assert response.status_code == 302


def _blad(response):
    return openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]


def test_a_formula_typed_as_a_line_name_stays_text_in_the_budget_xlsx(
    beleidsmedewerker, management_client
):
    _nieuwe_regel(beleidsmedewerker, FORMULE)
    blad = _blad(management_client.get(reverse("budget:export", args=["xlsx"])))
    cellen = [c for rij in blad.iter_rows() for c in rij if "HYPERLINK" in str(c.value)]
    assert cellen
    for cel in cellen:
        assert cel.data_type == "s"
        assert cel.value == "'" + FORMULE


def test_a_formula_typed_as_a_line_name_is_escaped_in_the_budget_csv(
    beleidsmedewerker, management_client
):
    _nieuwe_regel(beleidsmedewerker, FORMULE)
    rijen = csv_rijen(management_client.get(reverse("budget:export", args=["csv"])))
    cellen = [cel for rij in rijen for cel in rij if "HYPERLINK" in cel]
    assert cellen == ["'" + FORMULE]


def test_the_budget_csv_is_what_dutch_excel_opens(beleidsmedewerker, management_client, beheerder):
    _nieuwe_regel(beleidsmedewerker, "Werkgelegenheidsenquête")
    boek(voucherregelingen(), beheerder, "50000.50")
    response = management_client.get(reverse("budget:export", args=["csv"]), {"jaar": "2026"})
    assert response.content.startswith("\ufeff".encode())
    rijen = csv_rijen(response)
    kop = rijen[0]
    assert kop[:4] == ["Opgave", "Opgavetitel", "Begrotingsregel", "Jaar"]
    assert any(rij[2] == "Werkgelegenheidsenquête" for rij in rijen)
    rij = next(r for r in rijen if r[2] == "Voucherregelingen")
    assert rij[kop.index("Actueel")] == "549.500,50"
    assert lees_bedrag(rij[kop.index("Actueel")]) == Decimal("549500.50")


def test_the_budget_xlsx_has_number_formats_widths_a_frozen_header_and_the_filter(
    management_client, beheerder
):
    boek(voucherregelingen(), beheerder, "50000.50")
    response = management_client.get(reverse("budget:export", args=["xlsx"]), {"jaar": "2026"})
    boek_ = openpyxl.load_workbook(io.BytesIO(response.content))
    blad = boek_.worksheets[0]
    kop = [c.value for c in blad[1]]
    rij = next(r for r in blad.iter_rows(min_row=2) if r[2].value == "Voucherregelingen")
    actueel = rij[kop.index("Actueel")]
    assert actueel.value == pytest.approx(549500.50)
    assert actueel.number_format == "#,##0.00"
    assert rij[kop.index("Primitief")].number_format == "#,##0"
    assert blad.freeze_panes == "A2"
    breedtes = [d.width for d in blad.column_dimensions.values()]
    assert breedtes
    assert max(breedtes) <= 60
    filterblad = boek_.worksheets[1]
    assert ("Jaar", "2026") in [r for r in filterblad.iter_rows(values_only=True)]


def test_the_budget_export_carries_the_full_opgave_title(management_client):
    rijen = csv_rijen(management_client.get(reverse("budget:export", args=["csv"])))
    titel = Opgave.objects.get(nummer=EIGEN_OPGAVE).titel
    assert any(r[0] == str(EIGEN_OPGAVE) and r[1] == titel for r in rijen[1:])


@pytest.mark.parametrize("formaat", ["csv", "xlsx"])
def test_tabel_1_exports_through_the_same_path(beleidsmedewerker, management_client, formaat):
    _nieuwe_regel(beleidsmedewerker, FORMULE)
    response = management_client.get(reverse("budget:tabel1_export", args=[formaat]))
    assert response.status_code == 200
    if formaat == "csv":
        rijen = csv_rijen(response)
        assert rijen[0][:4] == ["Opgave", "Opgavetitel", "Begrotingsregel", "2026"]
        assert [c for r in rijen for c in r if "HYPERLINK" in c] == ["'" + FORMULE]
        assert rijen[-1][2] == "Totaal"
    else:
        blad = _blad(response)
        cel = next(c for r in blad.iter_rows() for c in r if "HYPERLINK" in str(c.value))
        assert cel.data_type == "s"
        assert blad.freeze_panes == "A2"


@pytest.mark.parametrize("formaat", ["csv", "xlsx"])
def test_co_financing_exports_through_the_same_path(management_client, formaat):
    Cofinanciering.objects.create(
        bron=Financieringsbron.objects.first(),
        opgave=Opgave.objects.get(nummer=EIGEN_OPGAVE),
        jaar=2026,
        verwacht=Decimal("1250.50"),
        toelichting="@SUM(1)\x0bregel",
    )
    response = management_client.get(reverse("budget:cofinanciering_export", args=[formaat]))
    assert response.status_code == 200
    if formaat == "csv":
        rij = next(r for r in csv_rijen(response)[1:] if r[-1].startswith("'@"))
        assert rij[-3] == "1.250,50"
        assert rij[-1] == "'@SUM(1) regel"
    else:
        blad = _blad(response)
        rij = next(r for r in blad.iter_rows(min_row=2) if str(r[-1].value).startswith("'@"))
        assert rij[-3].value == pytest.approx(1250.5)
        assert rij[-1].value == "'@SUM(1) regel"
