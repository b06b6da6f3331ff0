"""Excel import in the admin: preview, Dutch amounts, row numbers, all or nothing."""

import io
import threading
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from budget.models import Begrotingsbedrag, Begrotingsregel, Begrotingswijziging, Realisatie
from tests.helpers import formulier_in

pytestmark = pytest.mark.django_db

XLSX = 0  # index of the format in the admin's import_formats
CSV = 1


def _xlsx(kop: list[str], *rijen: list) -> bytes:
    boek = openpyxl.Workbook()
    blad = boek.active
    blad.append(kop)
    for rij in rijen:
        blad.append(rij)
    uit = io.BytesIO()
    boek.save(uit)
    return uit.getvalue()


def _importeer(
    client,
    model: str,
    naam: str,
    inhoud: bytes,
    formaat: int = XLSX,
    bevestigen: bool = True,
    reden: str = "Voorjaarsnota verwerkt",
):
    """Upload for the preview; confirm when the preview allows it. Returns (preview, confirm)."""
    voorbeeld = client.post(
        reverse(f"admin:budget_{model}_import"),
        {
            "resource": "0",
            "format": str(formaat),
            "import_file": SimpleUploadedFile(naam, inhoud),
            "reden": reden,
        },
    )
    bevestig = voorbeeld.context.get("confirm_form") if voorbeeld.context else None
    if bevestig is None or not bevestigen:
        return voorbeeld, None
    # What the browser posts: the confirmation form's hidden fields, as rendered.
    gegevens = formulier_in(voorbeeld.content.decode())
    assert set(gegevens) >= {"import_file_name", "reden", "versies"}
    return voorbeeld, client.post(reverse(f"admin:budget_{model}_process_import"), gegevens)


WIJZIGING_KOP = [
    "opgave",
    "begrotingsregel",
    "jaar",
    "bedrag",
    "kenmerk",
    "besluitdatum",
    "orgaan",
    "motivering",
    "status",
]


def test_amendments_import_with_dutch_amounts_after_a_preview(beheerder_client):
    inhoud = _xlsx(
        WIJZIGING_KOP,
        [
            3,
            "Voucherregelingen",
            2026,
            "50.000",
            "Voorjaarsnota 2026",
            "02-07-2026",
            "PS",
            "Meer aanvragen",
            "vastgesteld",
        ],
        [
            3,
            "Voucherregelingen",
            2027,
            "-2.500,50",
            "Najaarsnota 2026",
            "",
            "GS",
            "Minder",
            "concept",
        ],
        [
            1,
            "Toekomstbestendige bedrijventerreinen",
            2026,
            1234.5,
            "GS-besluit 2026/12",
            "2026-03-01",
            "GS",
            "Bijstelling",
            "vastgesteld",
        ],
    )

    voorbeeld, _ = _importeer(
        beheerder_client, "begrotingswijziging", "w.xlsx", inhoud, bevestigen=False
    )
    assert "Voorjaarsnota 2026" in voorbeeld.content.decode()
    assert not Begrotingswijziging.objects.exists(), "the preview imports nothing"

    voorbeeld, bevestigd = _importeer(beheerder_client, "begrotingswijziging", "w.xlsx", inhoud)
    assert bevestigd is not None
    assert bevestigd.status_code == 302
    bedragen = sorted(Begrotingswijziging.objects.values_list("bedrag", flat=True))
    assert bedragen == [Decimal("-2500.50"), Decimal("1234.50"), Decimal("50000")]
    assert all(isinstance(b, Decimal) for b in bedragen)
    eerste = Begrotingswijziging.objects.get(kenmerk="Voorjaarsnota 2026")
    assert eerste.history.first().history_change_reason == "Voorjaarsnota verwerkt (import w.xlsx)"
    assert eerste.history.first().history_user.username == "beheerder"
    assert eerste.history.first().history_user.username == "beheerder"


def test_a_file_with_one_bad_row_imports_nothing_and_names_the_row(beheerder_client):
    inhoud = _xlsx(
        WIJZIGING_KOP,
        [3, "Voucherregelingen", 2026, "50.000", "Goed", "02-07-2026", "PS", "r", "vastgesteld"],
        [3, "Voucherregelingen", 2026, "vijf ton", "Fout", "02-07-2026", "PS", "r", "concept"],
        [3, "Bestaat niet", 2026, "1", "Fout", "", "GS", "r", "concept"],
        [3, "Voucherregelingen", 2031, "1", "Fout", "", "GS", "r", "concept"],
    )

    voorbeeld, bevestigd = _importeer(beheerder_client, "begrotingswijziging", "w.xlsx", inhoud)

    html = voorbeeld.content.decode()
    assert bevestigd is None
    assert "&#x27;vijf ton&#x27; is geen bedrag" in html
    assert "heeft geen begrotingsregel &#x27;Bestaat niet&#x27;" in html
    assert "2026-2027" in html
    assert all(f"<td>{nummer} </td>" in html for nummer in (2, 3, 4))
    fouten = voorbeeld.context["result"].invalid_rows
    assert [rij.number for rij in fouten] == [2, 3, 4]
    assert not Begrotingswijziging.objects.exists()


def test_realisations_import_from_csv(beheerder_client):
    inhoud = (
        "opgave,begrotingsregel,jaar,datum,omschrijving,verplicht,besteed\n"
        '3,Voucherregelingen,2026,30-09-2026,Eerste ronde,"200.000","123.456,78"\n'
        "3,Voucherregelingen,2026,31-10-2026,Tweede ronde,,€ 1.000\n"
    ).encode()

    _, bevestigd = _importeer(beheerder_client, "realisatie", "r.csv", inhoud, formaat=CSV)

    assert bevestigd.status_code == 302
    assert sorted(Realisatie.objects.values_list("verplicht", "besteed")) == [
        (Decimal("0"), Decimal("1000")),
        (Decimal("200000"), Decimal("123456.78")),
    ]


def test_primitive_amounts_import_updates_the_existing_year(beheerder_client):
    inhoud = _xlsx(
        ["opgave", "begrotingsregel", "jaar", "bedrag"],
        [3, "Voucherregelingen", 2026, "549.500,25"],
    )

    _, bevestigd = _importeer(beheerder_client, "begrotingsbedrag", "b.xlsx", inhoud)

    assert bevestigd.status_code == 302
    regel = Begrotingsregel.objects.get(omschrijving="Voucherregelingen")
    assert Begrotingsbedrag.objects.get(regel=regel, jaar=2026).bedrag == Decimal("549500.25")
    assert regel.bedragen.count() == 2


def test_budget_lines_import_creates_a_new_line(beheerder_client):
    inhoud = _xlsx(["opgave", "omschrijving", "volgorde"], [5, "Nieuwe regel", 20])

    _, bevestigd = _importeer(beheerder_client, "begrotingsregel", "regels.xlsx", inhoud)

    assert bevestigd.status_code == 302
    assert Begrotingsregel.objects.get(omschrijving="Nieuwe regel").opgave.nummer == 5


def test_only_excel_and_csv_files_are_accepted(beheerder_client):
    voorbeeld, bevestigd = _importeer(
        beheerder_client, "begrotingswijziging", "w.pdf", b"%PDF-1.4", formaat=XLSX
    )
    assert bevestigd is None
    assert "Kies een Excel-bestand (.xlsx) of een CSV-bestand." in voorbeeld.content.decode()


def test_an_import_without_a_reason_is_refused_before_anything_is_read(beheerder_client):
    inhoud = _xlsx(WIJZIGING_KOP, [])
    voorbeeld, bevestiging = _importeer(
        beheerder_client, "begrotingswijziging", "w.xlsx", inhoud, reden=""
    )
    assert bevestiging is None
    assert "Reden van deze import" in voorbeeld.content.decode()


def _voorbeeld_en_bevestiging(client, model: str, inhoud: bytes) -> dict:
    """Upload for the preview; return the confirmation's fields as the browser posts them."""
    voorbeeld, _ = _importeer(client, model, "b.xlsx", inhoud, bevestigen=False)
    return formulier_in(voorbeeld.content.decode())


def test_a_correction_made_between_preview_and_confirmation_is_not_overwritten(
    beheerder_client, beleidsmedewerker
):
    regel = Begrotingsregel.objects.get(omschrijving="Voucherregelingen")
    andere = Begrotingsregel.objects.get(omschrijving="Toekomstbestendige bedrijventerreinen")
    voor_andere = andere.bedragen.get(jaar=2026).bedrag
    inhoud = _xlsx(
        ["opgave", "begrotingsregel", "jaar", "bedrag"],
        [andere.opgave.nummer, andere.omschrijving, 2026, "1.000,00"],
        [3, "Voucherregelingen", 2026, "549.500,25"],
    )
    bevestiging = _voorbeeld_en_bevestiging(beheerder_client, "begrotingsbedrag", inhoud)
    correctie = Begrotingsbedrag.objects.get(regel=regel, jaar=2026)
    correctie.bedrag = Decimal("600000")
    correctie._history_user = beleidsmedewerker
    correctie.save()

    response = beheerder_client.post(
        reverse("admin:budget_begrotingsbedrag_process_import"), bevestiging, follow=True
    )

    html = response.content.decode()
    assert "gewijzigd nadat het voorbeeld werd getoond" in html
    assert "Er is niets geïmporteerd" in html
    assert Begrotingsbedrag.objects.get(regel=regel, jaar=2026).bedrag == Decimal("600000")
    # All or nothing: the row before the refused one is not imported either.
    assert andere.bedragen.get(jaar=2026).bedrag == voor_andere


def test_a_row_created_by_someone_else_after_the_preview_is_not_overwritten(
    beheerder_client,
):
    regel = Begrotingsregel.objects.get(omschrijving="Voucherregelingen")
    regel.bedragen.filter(jaar=2027).delete()
    inhoud = _xlsx(
        ["opgave", "begrotingsregel", "jaar", "bedrag"], [3, "Voucherregelingen", 2027, "5,00"]
    )
    bevestiging = _voorbeeld_en_bevestiging(beheerder_client, "begrotingsbedrag", inhoud)
    Begrotingsbedrag.objects.create(regel=regel, jaar=2027, bedrag=Decimal("700000"))

    beheerder_client.post(reverse("admin:budget_begrotingsbedrag_process_import"), bevestiging)

    assert regel.bedragen.get(jaar=2027).bedrag == Decimal("700000")


def test_an_unchanged_preview_confirms_as_before(beheerder_client):
    inhoud = _xlsx(
        ["opgave", "begrotingsregel", "jaar", "bedrag"], [3, "Voucherregelingen", 2026, "1,00"]
    )
    bevestiging = _voorbeeld_en_bevestiging(beheerder_client, "begrotingsbedrag", inhoud)

    beheerder_client.post(reverse("admin:budget_begrotingsbedrag_process_import"), bevestiging)

    regel = Begrotingsregel.objects.get(omschrijving="Voucherregelingen")
    assert regel.bedragen.get(jaar=2026).bedrag == Decimal("1")


REALISATIES_CSV = (
    b"opgave,begrotingsregel,jaar,datum,omschrijving,verplicht,besteed\n"
    b"3,Voucherregelingen,2026,30-09-2026,Eerste ronde,,1.000\n"
    b"3,Voucherregelingen,2026,31-10-2026,Tweede ronde,,2.000\n"
)


def test_a_confirmation_posted_twice_imports_once_and_says_so(beheerder_client):
    voorbeeld, _ = _importeer(
        beheerder_client, "realisatie", "r.csv", REALISATIES_CSV, formaat=CSV, bevestigen=False
    )
    bevestiging = formulier_in(voorbeeld.content.decode())
    url = reverse("admin:budget_realisatie_process_import")

    eerste = beheerder_client.post(url, bevestiging)
    tweede = beheerder_client.post(url, bevestiging, follow=True)

    assert eerste.status_code == 302
    assert "al bevestigd of verlopen" in tweede.content.decode()
    assert Realisatie.objects.count() == 2


def test_two_confirmations_at_the_same_moment_claim_the_upload_once(tmp_path, monkeypatch):
    from budget import admin as budgetadmin

    monkeypatch.setattr(budgetadmin, "IMPORTMAP", tmp_path)
    (tmp_path / "import-abc123").write_bytes(b"inhoud")
    start = threading.Barrier(8)
    genomen: list[str | None] = []

    def bevestig():
        start.wait()
        genomen.append(budgetadmin.Importbestand.neem("import-abc123"))

    draden = [threading.Thread(target=bevestig) for _ in range(8)]
    for draad in draden:
        draad.start()
    for draad in draden:
        draad.join()

    assert sorted(genomen, key=str) == [None] * 7 + ["import-abc123_bevestigd"]


def test_a_preview_left_until_its_upload_was_cleaned_up_gives_a_message(beheerder_client):
    from budget.admin import ruim_importbestanden_op

    voorbeeld, _ = _importeer(
        beheerder_client, "realisatie", "r.csv", REALISATIES_CSV, formaat=CSV, bevestigen=False
    )
    bevestiging = formulier_in(voorbeeld.content.decode())
    ruim_importbestanden_op(ouder_dan=-1)

    response = beheerder_client.post(
        reverse("admin:budget_realisatie_process_import"), bevestiging, follow=True
    )

    assert response.status_code == 200
    assert "al bevestigd of verlopen" in response.content.decode()
    assert not Realisatie.objects.exists()


@pytest.mark.parametrize(
    ("veld", "waarde"),
    [
        ("import_file_name", ".."),
        ("import_file_name", "../../etc/passwd"),
        ("import_file_name", "bestaat-niet"),
        ("format", "x"),
        ("format", "7"),
        ("versies", "[" * 100_000),
        ("versies", "[1, 2]"),
        ("versies", '{"1": 1e400}'),
        ("versies", '{"1": 3}'),
    ],
)
def test_a_tampered_confirmation_imports_nothing_and_answers_with_a_message(
    beheerder_client, veld, waarde
):
    voorbeeld, _ = _importeer(
        beheerder_client, "realisatie", "r.csv", REALISATIES_CSV, formaat=CSV, bevestigen=False
    )
    bevestiging = formulier_in(voorbeeld.content.decode(), **{veld: waarde})

    response = beheerder_client.post(
        reverse("admin:budget_realisatie_process_import"), bevestiging, follow=True
    )

    assert response.status_code == 200
    assert not Realisatie.objects.exists()


def test_an_import_does_not_undo_a_reorder_made_after_its_preview(beheerder_client):
    regel = Begrotingsregel.objects.filter(opgave__nummer=3).order_by("volgorde").first()
    oud = regel.volgorde
    inhoud = _xlsx(["opgave", "omschrijving", "volgorde"], [3, regel.omschrijving, oud + 50])
    bevestiging = _voorbeeld_en_bevestiging(beheerder_client, "begrotingsregel", inhoud)
    regel.volgorde = oud + 77  # as opgaven.services.verplaats saves it: no new version
    regel.save(update_fields=["volgorde"])

    response = beheerder_client.post(
        reverse("admin:budget_begrotingsregel_process_import"), bevestiging, follow=True
    )

    assert "verplaatst nadat het voorbeeld werd getoond" in response.content.decode()
    regel.refresh_from_db()
    assert regel.volgorde == oud + 77


@pytest.mark.parametrize("model", ["begrotingsbedrag", "begrotingsregel"])
def test_a_row_deleted_after_the_preview_is_not_brought_back_by_the_confirmation(
    beheerder_client, beheerder, model
):
    from basis.services import verwijder_herstelbaar

    regel = Begrotingsregel.objects.get(omschrijving="Toekomstbestendige bedrijventerreinen")
    if model == "begrotingsbedrag":
        weg = regel.bedragen.get(jaar=2026)
        kop = ["opgave", "begrotingsregel", "jaar", "bedrag"]
        rij = [regel.opgave.nummer, regel.omschrijving, 2026, "12.345,00"]
    else:
        weg = regel
        kop = ["opgave", "omschrijving", "volgorde"]
        rij = [regel.opgave.nummer, regel.omschrijving, regel.volgorde + 5]
    bevestiging = _voorbeeld_en_bevestiging(beheerder_client, model, _xlsx(kop, rij))
    verwijdering = verwijder_herstelbaar(obj=weg, gebruiker=beheerder, reden="Een collega")

    response = beheerder_client.post(
        reverse(f"admin:budget_{model}_process_import"), bevestiging, follow=True
    )

    assert "verwijderd of vervangen nadat het voorbeeld werd getoond" in response.content.decode()
    assert not type(weg).objects.filter(pk=weg.pk).exists()
    verwijdering.refresh_from_db()
    assert verwijdering.hersteld_op is None  # still restorable, nothing took its place
    assert (
        not Begrotingsregel.objects.filter(omschrijving=regel.omschrijving)
        .exclude(pk=regel.pk)
        .exists()
    )


def test_staff_with_only_view_rights_cannot_import(management, beheerder_client):
    from django.test import Client

    management.is_staff = True
    management.save()
    kijker = Client()
    kijker.force_login(management)
    voorbeeld, _ = _importeer(
        beheerder_client, "realisatie", "r.csv", REALISATIES_CSV, formaat=CSV, bevestigen=False
    )
    bevestiging = formulier_in(voorbeeld.content.decode())

    eigen = kijker.post(
        reverse("admin:budget_realisatie_import"),
        {
            "resource": "0",
            "format": str(CSV),
            "import_file": SimpleUploadedFile("r.csv", REALISATIES_CSV),
            "reden": "x",
        },
    )
    andermans = kijker.post(reverse("admin:budget_realisatie_process_import"), bevestiging)

    assert eigen.status_code == 403
    assert andermans.status_code == 403
    assert not Realisatie.objects.exists()


def test_a_preview_is_confirmed_only_by_the_beheerder_who_made_it(beheerder_client):
    from django.test import Client

    from tests.factories import GebruikerFactory

    voorbeeld, _ = _importeer(
        beheerder_client, "realisatie", "r.csv", REALISATIES_CSV, formaat=CSV, bevestigen=False
    )
    bevestiging = formulier_in(voorbeeld.content.decode())
    collega = Client()
    collega.force_login(GebruikerFactory(beheerder=True))

    collega.post(reverse("admin:budget_realisatie_process_import"), bevestiging)

    assert not Realisatie.objects.exists()
    # The maker still can.
    beheerder_client.post(reverse("admin:budget_realisatie_process_import"), bevestiging)
    assert Realisatie.objects.count() == 2


@pytest.mark.parametrize(("van", "naar"), [(XLSX, CSV), (CSV, XLSX)])
def test_a_confirmation_with_another_format_than_its_file_is_a_message(beheerder_client, van, naar):
    kop = ["opgave", "begrotingsregel", "jaar", "bedrag"]
    rij = [3, "Voucherregelingen", 2026, "1,00"]
    tekst = ";".join(kop) + "\n" + ";".join(map(str, rij))
    inhoud = _xlsx(kop, rij) if van == XLSX else tekst.encode()
    voorbeeld, _ = _importeer(
        beheerder_client,
        "begrotingsbedrag",
        "b.xlsx" if van == XLSX else "b.csv",
        inhoud,
        formaat=van,
        bevestigen=False,
    )
    bevestiging = formulier_in(voorbeeld.content.decode(), format=str(naar))

    response = beheerder_client.post(
        reverse("admin:budget_begrotingsbedrag_process_import"), bevestiging, follow=True
    )

    assert response.status_code == 200
    assert "Er is niets geïmporteerd" in response.content.decode()
