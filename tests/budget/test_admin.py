from decimal import Decimal

import pytest
from django.urls import reverse

from budget.models import Begrotingsbedrag, Begrotingsregel, Begrotingswijziging, Realisatie
from tests.helpers import formulier, formulier_in

pytestmark = pytest.mark.django_db


def _inline_post(client, regel: Begrotingsregel, bedragen: dict[int, str]) -> dict:
    """The line's admin form as the browser submits it, with new yearly amounts."""
    url = reverse("admin:budget_begrotingsregel_change", args=[regel.pk])
    data = formulier(client, url, reden="Correctie na controle")
    for i in range(int(data["bedragen-TOTAL_FORMS"])):
        data[f"bedragen-{i}-bedrag"] = bedragen[int(data[f"bedragen-{i}-jaar"])]
    return data


def test_beheerder_corrects_a_budget_amount_in_the_admin(beheerder_client):
    regel = Begrotingsregel.objects.get(omschrijving="Voucherregelingen")
    url = reverse("admin:budget_begrotingsregel_change", args=[regel.pk])

    formulier = beheerder_client.get(url).content.decode()
    assert 'value="499.500"' in formulier

    response = beheerder_client.post(
        url, _inline_post(beheerder_client, regel, {2026: "549.500", 2027: "€ 580.000,00"})
    )
    assert response.status_code == 302

    assert regel.bedragen.get(jaar=2026).bedrag == Decimal("549500")
    pagina = beheerder_client.get(reverse("budget:begroting")).content.decode()
    assert "7.448.139" in pagina
    historie = Begrotingsbedrag.history.filter(regel_id=regel.pk, jaar=2026).first()
    assert historie.bedrag == Decimal("549500")
    assert historie.history_user.username == "beheerder"
    assert historie.history_change_reason == "Correctie na controle"


def test_admin_refuses_a_wrong_amount_with_a_dutch_message(beheerder_client):
    regel = Begrotingsregel.objects.get(omschrijving="Voucherregelingen")
    url = reverse("admin:budget_begrotingsregel_change", args=[regel.pk])

    response = beheerder_client.post(
        url, _inline_post(beheerder_client, regel, {2026: "vijf ton", 2027: "-1"})
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "Vul een bedrag in, bijvoorbeeld 1.050.000" in html
    assert "Een begrotingsbedrag kan niet negatief zijn." in html
    assert 'value="vijf ton"' in html
    assert regel.bedragen.get(jaar=2026).bedrag == Decimal("499500")


def test_admin_refuses_a_year_outside_the_programme(beheerder_client):
    regel = Begrotingsregel.objects.get(omschrijving="Voucherregelingen")
    url = reverse("admin:budget_begrotingsregel_change", args=[regel.pk])
    data = _inline_post(beheerder_client, regel, {2026: "1", 2027: "1"})
    data["bedragen-1-jaar"] = "2031"

    response = beheerder_client.post(url, data)

    assert "binnen de programmaperiode 2026-2027" in response.content.decode()


def test_budget_changelist_shows_dutch_amounts(beheerder_client):
    html = beheerder_client.get(reverse("admin:budget_begrotingsregel_changelist")).content.decode()
    assert "2026: € 1.050.000 · 2027: € 1.050.000" in html
    assert "2026: € 16.700 · 2027: € 0" in html


def test_every_budget_change_in_the_admin_needs_a_reason(beheerder_client):
    regel = Begrotingsregel.objects.get(omschrijving="Voucherregelingen")
    url = reverse("admin:budget_begrotingsregel_change", args=[regel.pk])
    data = _inline_post(beheerder_client, regel, {2026: "1", 2027: "1"})
    del data["reden"]

    response = beheerder_client.post(url, data)

    assert response.status_code == 200
    assert "Reden van deze wijziging" in response.content.decode()
    assert regel.bedragen.get(jaar=2026).bedrag == Decimal("499500")


def _wijziging_post(**velden: str) -> dict[str, str]:
    return {
        "regel": str(Begrotingsregel.objects.get(omschrijving="Voucherregelingen").pk),
        "jaar": "2026",
        "bedrag": "50.000",
        "kenmerk": "Voorjaarsnota 2026",
        "besluitdatum": "15-03-2026",
        "orgaan": "PS",
        "motivering": "Extra vouchers",
        "status": "vastgesteld",
        "reden": "Geboekt na besluit PS",
        **velden,
    }


def test_beheerder_corrects_an_amendment_and_the_reason_is_kept(beheerder_client):
    beheerder_client.post(reverse("admin:budget_begrotingswijziging_add"), _wijziging_post())
    wijziging = Begrotingswijziging.objects.get()
    url = reverse("admin:budget_begrotingswijziging_change", args=[wijziging.pk])

    response = beheerder_client.post(
        url, formulier(beheerder_client, url, bedrag="45.000,50", reden="Typefout hersteld")
    )

    assert response.status_code == 302
    wijziging.refresh_from_db()
    assert wijziging.bedrag == Decimal("45000.50")
    redenen = list(wijziging.history.values_list("history_change_reason", flat=True))
    assert redenen == ["Typefout hersteld", "Geboekt na besluit PS"]


def test_revert_in_the_admin_restores_the_old_amount(beheerder_client):
    beheerder_client.post(reverse("admin:budget_begrotingswijziging_add"), _wijziging_post())
    wijziging = Begrotingswijziging.objects.get()
    wijzig_url = reverse("admin:budget_begrotingswijziging_change", args=[wijziging.pk])
    beheerder_client.post(
        wijzig_url, formulier(beheerder_client, wijzig_url, bedrag="1", reden="Fout")
    )
    eerste = wijziging.history.earliest()
    url = reverse("admin:budget_begrotingswijziging_simple_history", args=[wijziging.pk, eerste.pk])
    pagina = beheerder_client.get(url).content.decode()
    assert 'value="50.000"' in pagina

    response = beheerder_client.post(url, formulier(beheerder_client, url, reden="Terugzetten"))

    assert response.status_code == 302
    wijziging.refresh_from_db()
    assert wijziging.bedrag == Decimal("50000")
    assert wijziging.history.first().history_change_reason == "Terugzetten"


def test_a_line_with_amendments_cannot_be_deleted_in_the_admin(beheerder_client):
    beheerder_client.post(reverse("admin:budget_begrotingswijziging_add"), _wijziging_post())
    regel = Begrotingsregel.objects.get(omschrijving="Voucherregelingen")
    url = reverse("admin:budget_begrotingsregel_delete", args=[regel.pk])

    pagina = beheerder_client.get(url).content.decode()
    beheerder_client.post(url, {"post": "yes", "reden": "Opruimen"})

    assert "kan niet worden verwijderd" in pagina
    assert "Voorjaarsnota 2026: Voucherregelingen 2026" in pagina
    assert Begrotingsregel.objects.filter(pk=regel.pk).exists()
    assert regel.bedragen.count() == 2
    assert regel.wijzigingen.count() == 1


def test_the_admin_action_sets_concept_amendments(beheerder_client, beheerder):
    regel = Begrotingsregel.objects.get(omschrijving="Voucherregelingen")
    wijziging = Begrotingswijziging.objects.create(
        regel=regel, jaar=2026, bedrag=Decimal("10"), kenmerk="k", motivering="r"
    )
    lijst = reverse("admin:budget_begrotingswijziging_changelist")
    actie = {"action": "vaststellen", "_selected_action": [str(wijziging.pk)]}
    vraag = beheerder_client.post(lijst, actie)
    assert "Reden" in vraag.content.decode()
    wijziging.refresh_from_db()
    assert wijziging.status == "concept"

    response = beheerder_client.post(
        lijst, formulier_in(vraag.content.decode(), reden="Besluit GS 12 mei"), follow=True
    )
    assert "1 wijziging vastgesteld." in response.content.decode()
    wijziging.refresh_from_db()
    assert wijziging.status == "vastgesteld"


def test_an_amendment_changed_after_the_reason_page_is_not_set_by_the_admin_action(
    beheerder_client,
):
    regel = Begrotingsregel.objects.get(omschrijving="Voucherregelingen")
    wijzigingen = [
        Begrotingswijziging.objects.create(
            regel=regel, jaar=2026, bedrag=Decimal(bedrag), kenmerk=f"k{bedrag}", motivering="r"
        )
        for bedrag in ("10", "20")
    ]
    lijst = reverse("admin:budget_begrotingswijziging_changelist")
    actie = {"action": "vaststellen", "_selected_action": [str(w.pk) for w in wijzigingen]}
    vraag = beheerder_client.post(lijst, actie).content.decode()
    wijzigingen[1].bedrag = Decimal("20000")  # a colleague corrects one meanwhile
    wijzigingen[1].save()

    response = beheerder_client.post(
        lijst, formulier_in(vraag, reden="Besluit GS 12 mei"), follow=True
    )

    html = response.content.decode()
    assert "gewijzigd nadat u de pagina opende" in html
    assert "20.000" in html  # what the colleague changed
    assert not Begrotingswijziging.objects.filter(
        pk__in=[w.pk for w in wijzigingen], status="vastgesteld"
    ).exists()
    # The page shown again carries the new versions: confirming it sets both.
    beheerder_client.post(lijst, formulier_in(html, reden="Besluit GS 12 mei"))
    assert (
        Begrotingswijziging.objects.filter(
            pk__in=[w.pk for w in wijzigingen], status="vastgesteld"
        ).count()
        == 2
    )


def test_a_realisation_is_entered_in_the_admin_with_dutch_amounts(beheerder_client):
    regel = Begrotingsregel.objects.get(omschrijving="Voucherregelingen")
    response = beheerder_client.post(
        reverse("admin:budget_realisatie_add"),
        {
            "regel": str(regel.pk),
            "jaar": "2026",
            "datum": "01-05-2026",
            "verplicht": "1.000",
            "besteed": "€ 999,99",
            "omschrijving": "Correctie",
            "reden": "Nagekomen factuur",
        },
    )
    assert response.status_code == 302
    realisatie = Realisatie.objects.get()
    assert realisatie.besteed == Decimal("999.99")
    assert realisatie.history.first().history_change_reason == "Nagekomen factuur"


def test_an_amendment_deleted_after_the_reason_page_stops_the_whole_admin_action(
    beheerder_client, beheerder
):
    from basis.services import verwijder_herstelbaar

    regel = Begrotingsregel.objects.get(omschrijving="Voucherregelingen")
    blijft, weg = (
        Begrotingswijziging.objects.create(
            regel=regel, jaar=2026, bedrag=Decimal(b), kenmerk=f"k{b}", motivering="r"
        )
        for b in ("10", "20")
    )
    lijst = reverse("admin:budget_begrotingswijziging_changelist")
    vraag = beheerder_client.post(
        lijst, {"action": "vaststellen", "_selected_action": [str(blijft.pk), str(weg.pk)]}
    ).content.decode()
    verwijder_herstelbaar(obj=weg, gebruiker=beheerder, reden="Een collega")

    response = beheerder_client.post(lijst, formulier_in(vraag, reden="Besluit GS"), follow=True)

    assert "verwijderd nadat deze pagina werd geopend" in response.content.decode()
    blijft.refresh_from_db()
    assert blijft.status == "concept"
