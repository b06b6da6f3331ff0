"""Realisation from the financial system: a ledger extract, read at most once per row."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from budget import services
from budget.models import Begrotingsregel, Grootboekkoppeling, Realisatie
from tests.budget.hulp import voucherregelingen

pytestmark = pytest.mark.django_db

KOP = "Boekdatum;Kostenplaats;Grootboekrekening;Omschrijving;Bedrag;Soort"
EXTRACT = (
    f"{KOP}\r\n"
    "15-03-2026;KP100;4410;Voucher Café ê;1.250,50;besteed\r\n"
    "16-03-2026;KP100;4410;Voucher Café ê;1.250,50;besteed\r\n"
    "20-03-2026;KP200;4420;Opdracht onderzoek;20.000;verplicht\r\n"
    "21-03-2026;KP999;4999;Onbekende kostenplaats;10;besteed\r\n"
).encode("cp1252")


@pytest.fixture
def koppelingen():
    Grootboekkoppeling.objects.create(kostenplaats="KP100", regel=voucherregelingen())
    Grootboekkoppeling.objects.create(
        grootboekrekening="4420", regel=Begrotingsregel.objects.get(omschrijving="Greenwise Campus")
    )


def _inlezen(gebruiker, inhoud=EXTRACT, naam="extract.csv"):
    return services.lees_grootboek_in(
        inhoud=inhoud, formaat="csv", gebruiker=gebruiker, bestandsnaam=naam
    )


def _stand():
    return sorted(
        Realisatie.objects.values_list("regel__omschrijving", "datum", "verplicht", "besteed")
    )


def test_a_ledger_extract_imported_twice_changes_nothing_the_second_time(beheerder, koppelingen):
    eerste = _inlezen(beheerder)
    assert eerste.toegevoegd == 3
    assert eerste.ongekoppeld == [(5, "KP999 / 4999: Onbekende kostenplaats")]
    na_eerste = _stand()
    assert sum(r[3] for r in na_eerste) == Decimal("2501.00")

    tweede = _inlezen(beheerder)
    assert tweede.toegevoegd == 0
    assert tweede.al_ingelezen == 3
    assert _stand() == na_eerste


def test_an_overlapping_extract_adds_only_the_new_rows(beheerder, koppelingen):
    _inlezen(beheerder)
    overlap = (
        f"{KOP}\r\n"
        "20-03-2026;KP200;4420;Opdracht onderzoek;20.000;verplicht\r\n"
        "01-04-2026;KP200;4420;Tweede opdracht;5.000;verplicht\r\n"
    ).encode()
    uitkomst = _inlezen(beheerder, overlap)
    assert (uitkomst.toegevoegd, uitkomst.al_ingelezen) == (1, 1)
    assert Realisatie.objects.count() == 4


def test_a_bad_row_reads_nothing(beheerder, koppelingen):
    fout = f"{KOP}\r\n15-03-2026;KP100;4410;Goed;1,00;besteed\r\nmorgen;KP100;4410;x;1;besteed\r\n"
    with pytest.raises(services.ValidationError, match="Rij 3"):
        _inlezen(beheerder, fout.encode())
    assert not Realisatie.objects.exists()


def test_the_admin_reads_an_extract_and_lists_unmapped_rows(beheerder_client, koppelingen):
    url = reverse("admin:budget_grootboekkoppeling_inlezen")
    html = beheerder_client.post(
        url, {"bestand": SimpleUploadedFile("extract.csv", EXTRACT)}
    ).content.decode()
    assert "3 realisaties toegevoegd; 0 regels waren al ingelezen." in html
    assert "KP999 / 4999: Onbekende kostenplaats" in html
    realisatie = Realisatie.objects.filter(omschrijving="Voucher Café ê").first()
    assert realisatie.history.first().history_change_reason == "grootboekextract extract.csv"


def test_management_sees_when_the_last_extract_was_loaded(
    management_client, beheerder, koppelingen
):
    html = management_client.get(reverse("budget:begroting")).content.decode()
    assert "Er is nog geen grootboekextract ingelezen." in html
    _inlezen(beheerder)
    html = management_client.get(reverse("budget:begroting")).content.decode()
    assert "Realisatie uit het financiële systeem laatst ingelezen op" in html


def test_beheerder_vindt_grootboekimport_in_beheer(beheerder_client, beheerder, koppelingen):
    lijst = reverse("admin:budget_grootboekkoppeling_changelist")
    html = beheerder_client.get(lijst).content.decode()
    inlezen = reverse("admin:budget_grootboekkoppeling_inlezen")
    assert f'href="{inlezen}"' in html
    assert "Er is nog geen grootboekextract ingelezen." in html

    _inlezen(beheerder)

    html = beheerder_client.get(lijst).content.decode()
    assert "Realisatie uit het financiële systeem laatst ingelezen op" in html
    pagina = beheerder_client.get(inlezen).content.decode()
    assert "Realisatie uit het financiële systeem laatst ingelezen op" in pagina


def test_wie_geen_realisatie_mag_toevoegen_ziet_de_knop_niet(management_client):
    response = management_client.get(reverse("admin:budget_grootboekkoppeling_changelist"))
    inlezen = reverse("admin:budget_grootboekkoppeling_inlezen")
    assert f'href="{inlezen}"' not in response.content.decode()
