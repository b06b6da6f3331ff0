"""basis.werkboek: the one export path."""

import io
from decimal import Decimal

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

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
