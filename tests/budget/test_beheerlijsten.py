"""The admin's change lists of the budget: amounts in Dutch, right-aligned, sortable."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from basis.beheerweergave import bedragkolom
from budget.models import Begrotingsbedrag
from tests.factories import (
    BegrotingswijzigingFactory,
    CofinancieringFactory,
    RealisatieFactory,
)

pytestmark = pytest.mark.django_db


def _cellen(html: str, kolom: str) -> list[str]:
    return re.findall(rf'<td class="field-{kolom}">([^<]*)</td>', html)


def _lijst(client, model: str, **query) -> str:
    response = client.get(reverse(f"admin:budget_{model}_changelist"), query)
    assert response.status_code == 200
    return response.content.decode()


def test_een_bedragkolom_toont_euros_in_nederlandse_notatie():
    kolom = bedragkolom("bedrag", "bedrag")

    assert kolom(Begrotingsbedrag(bedrag=Decimal("1050000"))) == "€ 1.050.000"
    assert kolom(Begrotingsbedrag(bedrag=Decimal("-2500.50"))) == "-€ 2.500,50"
    assert kolom(Begrotingsbedrag(bedrag=Decimal("0"))) == "€ 0"
    assert kolom.__name__ == "euro_bedrag"
    assert kolom.admin_order_field == "bedrag"


@pytest.mark.parametrize(
    ("model", "maak", "kolommen"),
    [
        ("begrotingsbedrag", None, {"euro_bedrag": "€ 1.050.000"}),
        (
            "begrotingswijziging",
            lambda: BegrotingswijzigingFactory(verlaging=True),
            {"euro_bedrag": "-€ 25.000"},
        ),
        (
            "realisatie",
            lambda: RealisatieFactory(verplicht=Decimal("1234567"), besteed=Decimal("0")),
            {"euro_verplicht": "€ 1.234.567", "euro_besteed": "€ 0"},
        ),
        (
            "cofinanciering",
            lambda: CofinancieringFactory(
                verwacht=Decimal("200000"), toegekend=Decimal("150000.5")
            ),
            {"euro_verwacht": "€ 200.000", "euro_toegekend": "€ 150.000,50"},
        ),
    ],
)
def test_de_budgetlijsten_in_het_beheer_tonen_bedragen_als_euros(
    beheerder_client, model, maak, kolommen
):
    if maak:
        maak()

    html = _lijst(beheerder_client, model)

    for kolom, verwacht in kolommen.items():
        assert verwacht in _cellen(html, kolom), kolom
        assert f"column-{kolom}" in html  # the header: right-aligned like its cells


def test_sorteren_op_een_bedragkolom_sorteert_op_het_bedrag(beheerder_client):
    # regel_omschrijving, opgave, jaar, bedrag: the amount is column 4.
    oplopend = _cellen(_lijst(beheerder_client, "begrotingsbedrag", o="4"), "euro_bedrag")
    aflopend = _cellen(_lijst(beheerder_client, "begrotingsbedrag", o="-4"), "euro_bedrag")

    def waarden(cellen: list[str]) -> list[Decimal]:
        return [Decimal(c.removeprefix("€ ").replace(".", "").replace(",", ".")) for c in cellen]

    assert len(oplopend) > 10
    assert waarden(oplopend) == sorted(waarden(oplopend))
    assert waarden(aflopend) == sorted(waarden(aflopend), reverse=True)
    assert oplopend[-1] == "€ 1.050.000" == aflopend[0]


def test_de_beheerstijl_lijnt_bedragkolommen_rechts_uit(beheerder_client):
    html = _lijst(beheerder_client, "begrotingsbedrag")

    regel = re.search(r'#changelist :is\(td, th\)\[class\*="field-euro_"\][^{]*\{([^}]*)\}', html)
    assert regel is not None
    assert "text-align: end" in regel.group(1)
    assert "tabular-nums" in regel.group(1)
    assert '#changelist th[class*="column-euro_"]' in html
