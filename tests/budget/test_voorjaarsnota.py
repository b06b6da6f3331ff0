"""Done-when of issue 4, as one story through admin, portal, export and history."""

import csv
import io
import re
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from basis.opmaak import lees_bedrag
from tests.budget.hulp import voucherregelingen
from tests.conftest import EIGEN_OPGAVE

pytestmark = pytest.mark.django_db

CEL = (
    '<td class="utrecht-table__cell utrecht-table__cell--numeric-column '
    'utrecht-table__cell--numeric-data">([^<]*)</td>'
)


def test_voorjaarsnota_booked_realised_and_shown_the_same_everywhere(
    client, beheerder, beleidsmedewerker
):
    regel = voucherregelingen()
    assert regel.opgave.nummer == EIGEN_OPGAVE

    # A beheerder books the decided amendment in the admin, with a reason.
    client.force_login(beheerder)
    response = client.post(
        reverse("admin:budget_begrotingswijziging_add"),
        {
            "regel": str(regel.pk),
            "jaar": "2026",
            "bedrag": "+50.000",
            "kenmerk": "Voorjaarsnota 2026",
            "besluitdatum": "02-07-2026",
            "orgaan": "PS",
            "motivering": "Meer aanvragen voor vouchers dan verwacht",
            "status": "vastgesteld",
            "reden": "Besluit PS over de Voorjaarsnota 2026",
        },
    )
    assert response.status_code == 302

    # The beleidsmedewerker of the opgave enters a realisation in the portal.
    client.force_login(beleidsmedewerker)
    response = client.post(
        reverse("budget:realisatie_nieuw", args=[regel.pk]),
        {
            "jaar": "2026",
            "datum": "2026-09-30",
            "omschrijving": "Vouchers eerste ronde",
            "verplicht": "200.000",
            "besteed": "123.456,78",
        },
    )
    assert response.status_code == 302

    # /begroting/: primitief, wijzigingen, actueel, concept, verplicht, besteed, uitputting.
    html = client.get(reverse("budget:begroting"), {"jaar": "2026"}).content.decode()
    rij = re.search(rf'<tr [^>]*data-regel="{regel.pk}"[^>]*>(.*?)</tr>', html, re.S)
    assert re.findall(CEL, rij.group(1)) == [
        "499.500",
        "50.000",
        "549.500",
        "-",
        "200.000",
        "123.456,78",
        "22,5%",
    ]

    # The export: the same amounts, as exact decimals (CSV) and numbers (XLSX).
    export = client.get(reverse("budget:export", args=["csv"]), {"jaar": "2026"})
    rijen = csv.DictReader(io.StringIO(export.content.decode("utf-8-sig")), delimiter=";")
    uit_csv = next(r for r in rijen if r["Begrotingsregel"] == "Voucherregelingen")
    assert lees_bedrag(uit_csv["Primitief"]) == Decimal("499500")
    assert lees_bedrag(uit_csv["Actueel"]) == Decimal("549500")
    assert lees_bedrag(uit_csv["Besteed"]) == Decimal("123456.78")
    assert lees_bedrag(uit_csv["Uitputting (%)"]) == Decimal("22.5")
    blad = openpyxl.load_workbook(
        io.BytesIO(client.get(reverse("budget:export", args=["xlsx"])).content)
    ).active
    # Columns: opgave, opgavetitel, begrotingsregel, jaar, primitief, wijzigingen, actueel, ...
    uit_xlsx = next(r for r in blad.iter_rows(values_only=True) if r[2] == "Voucherregelingen")
    assert [Decimal(str(v)) for v in uit_xlsx[4:7]] == [
        Decimal("499500"),
        Decimal("50000"),
        Decimal("549500"),
    ]
    assert Decimal(str(uit_xlsx[9])) == Decimal("123456.78")

    # The admin shows the same figures on the line's page.
    client.force_login(beheerder)
    admin_html = client.get(
        reverse("admin:budget_begrotingsregel_change", args=[regel.pk])
    ).content.decode()
    assert (
        "2026: primitief 499.500 · wijzigingen 50.000 · actueel 549.500 · concept - · "
        "verplicht 200.000 · besteed 123.456,78 · uitputting 22,5%"
    ) in admin_html

    # And the change is traceable to its reason on the opgave's Wijzigingen page.
    wijzigingen = client.get(
        reverse("portaal:opgave_wijzigingen", args=[EIGEN_OPGAVE])
    ).content.decode()
    assert "Besluit PS over de Voorjaarsnota 2026" in wijzigingen
    assert "Vouchers eerste ronde" in wijzigingen
