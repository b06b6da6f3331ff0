from decimal import Decimal

import pytest
from django.urls import reverse

from budget.models import Begrotingsbedrag, Begrotingsregel

pytestmark = pytest.mark.django_db


def _inline_post(regel: Begrotingsregel, bedragen: dict[int, str]) -> dict[str, str]:
    data = {
        "opgave": str(regel.opgave_id),
        "omschrijving": regel.omschrijving,
        "volgorde": str(regel.volgorde),
        "bedragen-TOTAL_FORMS": str(len(bedragen)),
        "bedragen-INITIAL_FORMS": str(len(bedragen)),
        "bedragen-MIN_NUM_FORMS": "0",
        "bedragen-MAX_NUM_FORMS": "1000",
    }
    for i, bedrag in enumerate(regel.bedragen.order_by("jaar")):
        data[f"bedragen-{i}-id"] = str(bedrag.pk)
        data[f"bedragen-{i}-regel"] = str(regel.pk)
        data[f"bedragen-{i}-jaar"] = str(bedrag.jaar)
        data[f"bedragen-{i}-bedrag"] = bedragen[bedrag.jaar]
    return data


def test_beheerder_corrects_a_budget_amount_in_the_admin(beheerder_client):
    regel = Begrotingsregel.objects.get(omschrijving="Voucherregelingen")
    url = reverse("admin:budget_begrotingsregel_change", args=[regel.pk])

    formulier = beheerder_client.get(url).content.decode()
    assert 'value="499.500"' in formulier

    response = beheerder_client.post(
        url, _inline_post(regel, {2026: "549.500", 2027: "€ 580.000,00"})
    )
    assert response.status_code == 302

    assert regel.bedragen.get(jaar=2026).bedrag == Decimal("549500")
    pagina = beheerder_client.get(reverse("budget:begroting")).content.decode()
    assert "7.448.139" in pagina
    historie = Begrotingsbedrag.history.filter(regel_id=regel.pk, jaar=2026).first()
    assert historie.bedrag == Decimal("549500")
    assert historie.history_user.username == "beheerder"


def test_admin_refuses_a_wrong_amount_with_a_dutch_message(beheerder_client):
    regel = Begrotingsregel.objects.get(omschrijving="Voucherregelingen")
    url = reverse("admin:budget_begrotingsregel_change", args=[regel.pk])

    response = beheerder_client.post(url, _inline_post(regel, {2026: "vijf ton", 2027: "-1"}))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Vul een bedrag in, bijvoorbeeld 1.050.000" in html
    assert "Een begrotingsbedrag kan niet negatief zijn." in html
    assert 'value="vijf ton"' in html
    assert regel.bedragen.get(jaar=2026).bedrag == Decimal("499500")


def test_admin_refuses_a_year_outside_the_programme(beheerder_client):
    regel = Begrotingsregel.objects.get(omschrijving="Voucherregelingen")
    url = reverse("admin:budget_begrotingsregel_change", args=[regel.pk])
    data = _inline_post(regel, {2026: "1", 2027: "1"})
    data["bedragen-1-jaar"] = "2031"

    response = beheerder_client.post(url, data)

    assert "binnen de programmaperiode 2026-2027" in response.content.decode()


def test_budget_changelist_shows_dutch_amounts(beheerder_client):
    html = beheerder_client.get(reverse("admin:budget_begrotingsregel_changelist")).content.decode()
    assert "2026: 1.050.000 · 2027: 1.050.000" in html
    assert "2026: 16.700 · 2027: -" in html
