"""basis.werkboek: the one export path."""

import io
from datetime import date, datetime
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import given
from hypothesis import strategies as st

from basis import werkboek
from basis.werkboek import Blad, veilige_tekst

LEIDEND = ["=", "+", "-", "@", "\t", "\r"]


@pytest.mark.parametrize("teken", LEIDEND)
def test_text_led_by_a_formula_sign_gets_an_apostrophe(teken):
    assert veilige_tekst(f"{teken}1+1") == f"'{teken}1+1"


@given(st.text())
def test_no_text_ever_becomes_a_formula_or_breaks_the_xlsx(tekst):
    blad = Blad(titel="Proef", kolommen=["Tekst"], rijen=[[tekst]])
    cel = openpyxl.load_workbook(io.BytesIO(blad.xlsx())).worksheets[0]["A2"]
    assert cel.data_type != "f"
    assert not str(cel.value or "").startswith(tuple(LEIDEND))


def test_csv_uses_a_bom_semicolons_and_decimal_commas():
    blad = Blad(titel="x", kolommen=["Naam", "Bedrag"], rijen=[["enquête", Decimal("1050000.5")]])
    tekst = blad.csv().decode("utf-8")
    assert tekst == "\ufeffNaam;Bedrag\r\nenquête;1.050.000,50\r\n"


def test_xlsx_amounts_are_numbers_with_a_thousands_format_and_widths_are_capped():
    blad = Blad(
        titel="a/b:c",
        kolommen=["Bedrag", "Lang"],
        rijen=[[Decimal("1050000"), "x" * 304], [Decimal("12.5"), ""]],
        filter=[("Opgave", "3")],
    )
    boek = openpyxl.load_workbook(io.BytesIO(blad.xlsx()))
    werk = boek.worksheets[0]
    assert werk["A2"].value == 1050000
    assert werk["A2"].number_format == "#,##0"
    assert werk["A3"].number_format == "#,##0.00"
    assert werk.column_dimensions["B"].width == 60
    assert werk.freeze_panes == "A2"
    assert ("Opgave", "3") in list(boek.worksheets[1].iter_rows(values_only=True))


def test_de_import_van_begroting_grootboek_en_voortgangswerkblad_leest_cellen_met_een_kopie():
    from budget import resources, services
    from resultaten import werkblad

    assert services.lees_bedragcel is werkboek.lees_bedragcel is resources.lees_bedragcel
    assert services.lees_datumcel is werkboek.lees_datumcel is resources.lees_datumcel
    assert werkblad.werkboek is werkboek
    for module in (services, werkblad):
        assert not hasattr(module, "CENT")
        assert not hasattr(module, "RUIS")


@pytest.mark.parametrize(
    ("cel", "verwacht"),
    [
        (300.29999999999995, Decimal("300.30")),
        (12.345, Decimal("12.345")),
        (1050000, Decimal("1050000")),
        (Decimal("2.5"), Decimal("2.5")),
        ("1.050.000,50", Decimal("1050000.50")),
        ("€ 50.000", Decimal("50000")),
    ],
)
def test_een_getalcel_leest_tekst_en_getallen_en_rondt_rekenruis_af(cel, verwacht):
    assert werkboek.lees_getalcel(cel) == verwacht


@pytest.mark.parametrize("cel", [float("nan"), float("inf"), True, "vijf ton", "12.5", None])
def test_wat_geen_getal_is_geeft_een_fout(cel):
    with pytest.raises((ValueError, ArithmeticError)):
        werkboek.lees_getalcel(cel)


def test_een_bedragcel_weigert_meer_dan_centen_met_een_nederlandse_melding():
    assert werkboek.lees_bedragcel(300.29999999999995) == Decimal("300.30")
    with pytest.raises(ValueError, match="meer dan twee decimalen"):
        werkboek.lees_bedragcel(12.345)
    with pytest.raises(ValueError, match="'vijf ton' is geen bedrag; schrijf bijvoorbeeld"):
        werkboek.lees_bedragcel("vijf ton")
    with pytest.raises(ValueError, match=r"'nan' is geen bedrag\.$"):
        werkboek.lees_bedragcel(float("nan"))


@pytest.mark.parametrize(
    "cel", [date(2026, 6, 30), datetime(2026, 6, 30, 12, 0), "30-06-2026", " 2026-06-30 "]
)
def test_een_datumcel_leest_wat_nederlandse_excel_schrijft(cel):
    assert werkboek.lees_datumcel(cel) == date(2026, 6, 30)


def test_een_onleesbare_datum_krijgt_een_nederlandse_melding():
    with pytest.raises(ValueError, match="'morgen' is geen datum"):
        werkboek.lees_datumcel("morgen")


def test_kolommen_worden_gevonden_onder_hun_vertaalde_en_hun_nederlandse_kop():
    kolommen = {"status": "State", "code": "Code"}
    assert werkboek.zoek_kolommen([" state ", "CODE", "Status"], kolommen) == {
        "status": 0,
        "code": 1,
    }
    assert werkboek.zoek_kolommen(["Status", "Anders"], kolommen) == {"status": 0}


def test_een_upload_is_xlsx_of_csv_van_hoogstens_5_mb():
    klein = SimpleUploadedFile("a.CSV", b"x")
    assert werkboek.controleer_upload(klein) is klein
    assert werkboek.formaat_van("a.CSV") == werkboek.CSV
    assert werkboek.formaat_van("a.xlsx") == werkboek.XLSX
    with pytest.raises(ValidationError, match="Kies een Excel-bestand"):
        werkboek.controleer_upload(SimpleUploadedFile("a.xls", b"x"))
    groot = SimpleUploadedFile("a.xlsx", b"x" * (werkboek.MAX_GROOTTE + 1))
    with pytest.raises(ValidationError, match="groter dan 5 MB"):
        werkboek.controleer_upload(groot)
