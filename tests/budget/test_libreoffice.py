"""LibreOffice Calc as the client: the exports open as a Dutch spreadsheet would show
them, and a workbook LibreOffice saved imports (bin/test installs libreoffice-calc-nogui)."""

import io
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from budget.models import Begrotingsbedrag
from tests.budget.hulp import voucherregelingen
from tests.budget.test_excel_export import FORMULE, _nieuwe_regel
from tests.budget.test_import import _importeer

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        shutil.which("soffice") is None,
        reason="LibreOffice ontbreekt: bin/test installeert libreoffice-calc-nogui",
    ),
]

NL_CSV = "CSV:59,34,76,1,,1043"  # ';', '"', UTF-8, from line 1, Dutch (nl-NL) number format


def _calc(bron: Path, *, infilter: str | None = None) -> Path:
    """`bron` opened in LibreOffice Calc and saved as .xlsx."""
    uit = bron.parent / "uit"
    opdracht = [
        "soffice",
        "--headless",
        f"-env:UserInstallation=file://{bron.parent / 'profiel'}",
        *([f"--infilter={infilter}"] if infilter else []),
        "--convert-to",
        "xlsx:Calc MS Excel 2007 XML",
        "--outdir",
        str(uit),
        str(bron),
    ]
    subprocess.run(opdracht, check=True, capture_output=True, timeout=180)
    return uit / f"{bron.stem}.xlsx"


def _export(tmp_path: Path, beleidsmedewerker, management, formaat: str) -> Path:
    _nieuwe_regel(beleidsmedewerker, FORMULE)
    _nieuwe_regel(beleidsmedewerker, "Werkgelegenheidsenquête")
    client = Client()
    client.force_login(management)
    response = client.get(reverse("budget:export", args=[formaat]), {"jaar": "2026"})
    bestand = tmp_path / f"begroting.{formaat}"
    bestand.write_bytes(response.content)
    return bestand


def _cellen(pad: Path):
    blad = openpyxl.load_workbook(pad).worksheets[0]
    return [c for rij in blad.iter_rows() for c in rij]


@pytest.mark.parametrize("formaat", ["csv", "xlsx"])
def test_libreoffice_reads_numbers_as_numbers_text_as_text_and_keeps_the_accent(
    tmp_path, beleidsmedewerker, management, formaat
):
    bron = _export(tmp_path, beleidsmedewerker, management, formaat)
    opgeslagen = _calc(bron, infilter=NL_CSV if formaat == "csv" else None)
    cellen = _cellen(opgeslagen)

    assert any(c.value == "Werkgelegenheidsenquête" for c in cellen)
    formules = [c for c in cellen if "HYPERLINK" in str(c.value)]
    assert formules
    assert all(c.data_type == "s" for c in formules)
    assert not any(c.data_type == "f" for c in cellen)
    assert not any(c.value == "klik" for c in cellen)
    blad = openpyxl.load_workbook(opgeslagen)
    rijen = list(blad.worksheets[0].iter_rows(values_only=True))
    kop = list(rijen[0])
    rij = next(r for r in rijen if r[kop.index("Begrotingsregel")] == "Voucherregelingen")
    assert isinstance(rij[kop.index("Primitief")], int | float)
    assert rij[kop.index("Primitief")] == 499500


def test_a_workbook_saved_by_libreoffice_imports(tmp_path, beheerder_client, beheerder):
    export = beheerder_client.get(reverse("budget:export", args=["xlsx"]), {"jaar": "2026"})
    boek = openpyxl.load_workbook(io.BytesIO(export.content))
    blad = boek.worksheets[0]
    kop = [c.value for c in blad[1]]
    for rij in blad.iter_rows(min_row=2):
        if rij[kop.index("Begrotingsregel")].value == "Voucherregelingen":
            rij[kop.index("Primitief")].value = 600000.25
    bron = tmp_path / "bewerkt.xlsx"
    boek.save(bron)

    opgeslagen = _calc(bron).read_bytes()
    voorbeeld, bevestigd = _importeer(beheerder_client, "begrotingsbedrag", "lo.xlsx", opgeslagen)

    assert bevestigd is not None, voorbeeld.content.decode()[-2000:]
    regel = voucherregelingen()
    assert Begrotingsbedrag.objects.get(regel=regel, jaar=2026).bedrag == 600000.25
