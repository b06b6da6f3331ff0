"""The admin's budget imports take what Dutch Excel writes, and the portal's own export."""

import io
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.functional import Promise

from budget import admin as budgetadmin
from budget import export as budgetexport
from budget.models import Begrotingsbedrag, Begrotingsregel, Realisatie
from tests.budget.hulp import voucherregelingen
from tests.budget.test_import import CSV, XLSX, _importeer, _xlsx

pytestmark = pytest.mark.django_db

BEDRAG_KOP = ["opgave", "begrotingsregel", "jaar", "bedrag"]
REALISATIE_KOP = "opgave;begrotingsregel;jaar;datum;omschrijving;verplicht;besteed"


@pytest.fixture(autouse=True)
def _eigen_importmap(monkeypatch, tmp_path):
    monkeypatch.setattr(budgetadmin, "IMPORTMAP", tmp_path / "import", raising=False)


def _bedrag(jaar: int = 2026) -> Decimal:
    return Begrotingsbedrag.objects.get(regel=voucherregelingen(), jaar=jaar).bedrag


def _bestanden() -> list:
    map_ = budgetadmin.IMPORTMAP
    return list(map_.glob("*")) if map_.exists() else []


def test_formatted_empty_rows_below_the_data_are_skipped(beheerder_client):
    boek = openpyxl.Workbook()
    blad = boek.active
    blad.append(BEDRAG_KOP)
    blad.append([3, "Voucherregelingen", 2026, "549.500,25"])
    for rij in range(3, 52):
        for kolom in range(1, 5):
            blad.cell(row=rij, column=kolom).number_format = "#,##0.00"
            blad.cell(row=rij, column=kolom).value = None
        blad.cell(row=rij, column=1).font = openpyxl.styles.Font(bold=True)
    uit = io.BytesIO()
    boek.save(uit)

    voorbeeld, bevestigd = _importeer(
        beheerder_client, "begrotingsbedrag", "b.xlsx", uit.getvalue()
    )

    assert bevestigd is not None, voorbeeld.content.decode()[-3000:]
    assert _bedrag() == Decimal("549500.25")


def test_a_csv_with_a_blank_line_before_the_header_imports(beheerder_client):
    inhoud = b"\r\n;;;\r\nopgave;begrotingsregel;jaar;bedrag\r\n\r\n3;Voucherregelingen;2026;549.500,25\r\n"
    voorbeeld, bevestigd = _importeer(
        beheerder_client, "begrotingsbedrag", "b.csv", inhoud, formaat=CSV
    )
    assert voorbeeld.status_code == 200
    assert bevestigd is not None
    assert bevestigd.status_code == 302
    assert _bedrag() == Decimal("549500.25")


def test_a_semicolon_windows_1252_csv_from_dutch_excel_imports(beheerder_client):
    inhoud = (
        f"{REALISATIE_KOP}\r\n3;Voucherregelingen;2026;30-09-2026;Werkgelegenheidsenquête;;1.234,50\r\n"
    ).encode("cp1252")
    voorbeeld, bevestigd = _importeer(beheerder_client, "realisatie", "r.csv", inhoud, formaat=CSV)
    assert bevestigd is not None, voorbeeld.content.decode()[-3000:]
    realisatie = Realisatie.objects.get()
    assert realisatie.omschrijving == "Werkgelegenheidsenquête"
    assert realisatie.besteed == Decimal("1234.50")


def test_two_rows_for_the_same_line_and_year_are_refused_naming_both(beheerder_client):
    voor = _bedrag()
    inhoud = _xlsx(
        BEDRAG_KOP,
        [3, "Voucherregelingen", 2026, "100.000"],
        [3, "Voucherregelingen", 2026, "200.000"],
    )
    voorbeeld, bevestigd = _importeer(beheerder_client, "begrotingsbedrag", "b.xlsx", inhoud)
    html = voorbeeld.content.decode()
    assert bevestigd is None
    assert "Rij 1 en rij 2 gaan over hetzelfde" in html
    assert "Rij 2 en rij 1 gaan over hetzelfde" in html
    assert _bedrag() == voor


def _zoals_excel_het_bewaart(inhoud: bytes, waarde: str, cel: str) -> bytes:
    """The workbook with `cel` stored as Excel stores a formula: formula and 17-digit result."""
    uit = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(inhoud)) as bron, zipfile.ZipFile(uit, "w") as doel:
        for item in bron.infolist():
            data = bron.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(f"<v>{waarde}</v>".encode(), cel.encode())
            doel.writestr(item, data)
    return uit.getvalue()


def test_float_noise_from_a_formula_is_rounded_to_cents(beheerder_client):
    inhoud = _zoals_excel_het_bewaart(
        _xlsx(BEDRAG_KOP, [3, "Voucherregelingen", 2026, 123.25]),
        "123.25",
        "<f>100.1*3</f><v>300.29999999999995</v>",
    )
    with zipfile.ZipFile(io.BytesIO(inhoud)) as boek:
        assert b"<v>300.29999999999995</v>" in boek.read("xl/worksheets/sheet1.xml")
    _, bevestigd = _importeer(beheerder_client, "begrotingsbedrag", "b.xlsx", inhoud)
    assert bevestigd is not None
    assert _bedrag() == Decimal("300.30")


def test_an_amount_beyond_cents_is_refused_with_a_dutch_message(beheerder_client):
    voor = _bedrag()
    inhoud = _xlsx(BEDRAG_KOP, [3, "Voucherregelingen", 2026, 300.305])
    voorbeeld, bevestigd = _importeer(beheerder_client, "begrotingsbedrag", "b.xlsx", inhoud)
    html = voorbeeld.content.decode()
    assert bevestigd is None
    assert "300,305 heeft meer dan twee decimalen" in html
    assert "300.305" not in html
    assert _bedrag() == voor


def test_row_messages_are_dutch_and_never_a_traceback(beheerder_client, settings):
    settings.DEBUG = False
    inhoud = _xlsx(BEDRAG_KOP, [3, "Voucherregelingen", "twee", "1"])
    voorbeeld, bevestigd = _importeer(beheerder_client, "begrotingsbedrag", "b.xlsx", inhoud)
    html = voorbeeld.content.decode()
    assert bevestigd is None
    assert "&#x27;twee&#x27; is geen jaar" in html
    assert "Traceback" not in html
    assert ".py" not in html


def test_an_unreadable_file_gets_a_dutch_message(beheerder_client, settings):
    settings.DEBUG = False
    voorbeeld, bevestigd = _importeer(
        beheerder_client, "begrotingsbedrag", "b.xlsx", b"PK\x03\x04kapot", formaat=XLSX
    )
    html = voorbeeld.content.decode()
    assert bevestigd is None
    assert "Dit is geen leesbaar Excel-bestand (.xlsx)." in html
    assert "encountered" not in html


def test_a_file_with_more_rows_than_the_limit_is_refused_before_any_row_is_imported(
    beheerder_client,
):
    boek = openpyxl.Workbook(write_only=True)
    blad = boek.create_sheet()
    blad.append(BEDRAG_KOP)
    for _ in range(20_001):
        blad.append([3, "Voucherregelingen", 2026, 1])
    uit = io.BytesIO()
    boek.save(uit)
    voor = _bedrag()

    voorbeeld, bevestigd = _importeer(
        beheerder_client, "begrotingsbedrag", "b.xlsx", uit.getvalue()
    )

    assert bevestigd is None
    assert "meer dan 20.000 rijen" in voorbeeld.content.decode()
    assert _bedrag() == voor
    assert _bestanden() == []


def test_uploads_never_stay_behind(beheerder_client):
    goed = _xlsx(BEDRAG_KOP, [3, "Voucherregelingen", 2026, "1"])
    fout = _xlsx(BEDRAG_KOP, [3, "Bestaat niet", 2026, "1"])
    _importeer(beheerder_client, "begrotingsbedrag", "b.xlsx", goed)
    _importeer(beheerder_client, "begrotingsbedrag", "b.xlsx", fout)
    assert _bestanden() == []

    # An abandoned preview is gone within the hour, at the next import.
    _importeer(beheerder_client, "begrotingsbedrag", "b.xlsx", goed, bevestigen=False)
    (achtergelaten,) = _bestanden()
    assert budgetadmin.ruim_importbestanden_op(ouder_dan=-1) == 1
    assert not achtergelaten.exists()


def test_a_confirmation_cannot_name_a_file_outside_the_import_folder(tmp_path):
    buiten = budgetadmin.Importbestand(name="../../etc/passwd")
    assert buiten.get_full_path() == str(budgetadmin.IMPORTMAP / "passwd")


def _wijzig_in_werkboek(inhoud: bytes, regel: str, kolom: str, waarde) -> bytes:
    boek = openpyxl.load_workbook(io.BytesIO(inhoud))
    blad = boek.worksheets[0]
    kop = [c.value for c in blad[1]]
    for rij in blad.iter_rows(min_row=2):
        if rij[kop.index("Begrotingsregel")].value == regel:
            rij[kop.index(kolom)].value = waarde
    uit = io.BytesIO()
    boek.save(uit)
    return uit.getvalue()


def _bedragen() -> dict:
    return {(b.regel_id, b.jaar): b.bedrag for b in Begrotingsbedrag.objects.all()}


@pytest.mark.parametrize("jaar", [2026, 2027])
def test_the_budget_export_imports_back_with_one_change(beheerder_client, jaar):
    voor = _bedragen()
    export = beheerder_client.get(reverse("budget:export", args=["xlsx"]), {"jaar": jaar})
    inhoud = _wijzig_in_werkboek(export.content, "Voucherregelingen", "Primitief", 123456.78)

    voorbeeld, bevestigd = _importeer(beheerder_client, "begrotingsbedrag", "export.xlsx", inhoud)

    assert bevestigd is not None, voorbeeld.content.decode()[-3000:]
    verwacht = {**voor, (voucherregelingen().pk, jaar): Decimal("123456.78")}
    assert _bedragen() == verwacht


def test_the_budget_export_imports_back_as_lines_with_one_new(beheerder_client):
    voor = set(Begrotingsregel.objects.values_list("opgave__nummer", "omschrijving"))
    export = beheerder_client.get(reverse("budget:export", args=["xlsx"]))
    boek = openpyxl.load_workbook(io.BytesIO(export.content))
    blad = boek.worksheets[0]
    blad.append([3, "", "Nieuwe regel uit Excel", 2026])
    uit = io.BytesIO()
    boek.save(uit)

    voorbeeld, bevestigd = _importeer(beheerder_client, "begrotingsregel", "e.xlsx", uit.getvalue())

    assert bevestigd is not None, voorbeeld.content.decode()[-3000:]
    na = set(Begrotingsregel.objects.values_list("opgave__nummer", "omschrijving"))
    assert na == voor | {(3, "Nieuwe regel uit Excel")}


def test_the_import_looks_up_the_programme_and_a_line_once_per_file_not_per_row(
    beheerder_client,
):
    kop = ["opgave", "begrotingsregel", "jaar", "datum", "omschrijving", "verplicht", "besteed"]
    rijen = [[3, "Voucherregelingen", 2026, "01-05-2026", f"Boeking {i}", 0, 10] for i in range(20)]
    with CaptureQueriesContext(connection) as vragen:
        _, bevestigd = _importeer(beheerder_client, "realisatie", "r.xlsx", _xlsx(kop, *rijen))
    assert bevestigd.status_code == 302
    assert Realisatie.objects.filter(omschrijving__startswith="Boeking ").count() == 20
    opzoeken = [
        v["sql"]
        for v in vragen.captured_queries
        if v["sql"].startswith("SELECT")
        and (
            'FROM "opgaven_programma"' in v["sql"]
            or 'FROM "budget_begrotingsregel" INNER' in v["sql"]
        )
    ]
    # The preview and the confirmation each look up once; 20 rows would be 40 or more.
    assert len(opzoeken) <= 4, opzoeken


ALS_VERTAALD = {"opgave": "Task", "begrotingsregel": "Budget line", "jaar": "Year"}


def _vertaal_koppen(monkeypatch):
    """The export's headers and sum rows as another language would write them."""
    for sleutel, kop in {**ALS_VERTAALD, "primitief": "Original budget"}.items():
        monkeypatch.setitem(budgetexport.KOPPEN, sleutel, kop)
    monkeypatch.setitem(budgetexport.OPTELLINGEN, "subtotaal", "Subtotal")
    monkeypatch.setitem(budgetexport.OPTELLINGEN, "totaal", "Total")


def test_de_koppen_van_de_begrotingsexport_zijn_voor_vertaling_gemarkeerd():
    koppen = [*budgetexport.KOPPEN.values(), *budgetexport.OPTELLINGEN.values()]
    assert all(isinstance(kop, Promise) for kop in koppen)


def test_de_begrotingsexport_met_vertaalde_koppen_leest_weer_in(monkeypatch, beheerder_client):
    _vertaal_koppen(monkeypatch)
    voor = _bedragen()
    export = beheerder_client.get(reverse("budget:export", args=["xlsx"]), {"jaar": 2026})
    boek = openpyxl.load_workbook(io.BytesIO(export.content))
    blad = boek.worksheets[0]
    kop = [c.value for c in blad[1]]
    assert kop[:5] == ["Task", "Opgavetitel", "Budget line", "Year", "Original budget"]
    assert "Subtotal" in [r[2] for r in blad.iter_rows(min_row=2, values_only=True)]
    for rij in blad.iter_rows(min_row=2):
        if rij[kop.index("Budget line")].value == "Voucherregelingen":
            rij[kop.index("Original budget")].value = 123456.78
    uit = io.BytesIO()
    boek.save(uit)

    voorbeeld, bevestigd = _importeer(
        beheerder_client, "begrotingsbedrag", "export.xlsx", uit.getvalue()
    )

    assert bevestigd is not None, voorbeeld.content.decode()[-3000:]
    assert _bedragen() == {**voor, (voucherregelingen().pk, 2026): Decimal("123456.78")}


def test_een_export_met_de_oude_nederlandse_koppen_leest_ook_in(monkeypatch, beheerder_client):
    export = beheerder_client.get(reverse("budget:export", args=["xlsx"]), {"jaar": 2026})
    inhoud = _wijzig_in_werkboek(export.content, "Voucherregelingen", "Primitief", 654321)
    _vertaal_koppen(monkeypatch)

    voorbeeld, bevestigd = _importeer(beheerder_client, "begrotingsbedrag", "export.xlsx", inhoud)

    assert bevestigd is not None, voorbeeld.content.decode()[-3000:]
    assert _bedrag(2026) == Decimal("654321")
