"""A beleidsmedewerker updates thirty results through one workbook, in the browser."""

import io

import openpyxl

from opgaven.models import Opgave
from resultaten.models import Resultaat, Voortgangsupdate
from tests.browser.conftest import inloggen
from tests.conftest import EIGEN_OPGAVE
from tests.factories import ResultaatFactory


def test_beleidsmedewerker_updates_thirty_results_through_one_workbook(
    portaal, nieuwe_pagina, tmp_path
):
    opgave = Opgave.objects.get(nummer=EIGEN_OPGAVE)
    bestaand = Resultaat.objects.filter(opgave=opgave).count()
    ResultaatFactory.create_batch(30 - bestaand, opgave=opgave)
    eigen = set(Resultaat.objects.filter(opgave=opgave).values_list("pk", flat=True))
    assert len(eigen) == 30

    pagina = nieuwe_pagina()
    inloggen(pagina, portaal, "beleid")
    pagina.goto(f"{portaal}/voortgang/werkblad/")
    pagina.get_by_label("Peildatum").fill("2026-06-30")
    with pagina.expect_download() as download:
        pagina.get_by_role("button", name="Download werkblad (.xlsx)").click()
    werkblad = tmp_path / "voortgang.xlsx"
    download.value.save_as(werkblad)

    boek = openpyxl.load_workbook(werkblad)
    blad = boek.worksheets[0]
    kop = [c.value for c in blad[1]]
    ingevuld = 0
    for rij in blad.iter_rows(min_row=2):
        code = rij[0].value
        if code.startswith("R"):
            status = "aandacht nodig" if ingevuld % 3 == 0 else "op koers"
            rij[kop.index("Status")].value = status
            rij[kop.index("Toelichting")].value = f"Stand juni ({code})"
            if status == "aandacht nodig":
                rij[kop.index("Verklaring")].value = "Minder aanvragen dan verwacht."
                rij[kop.index("Maatregel")].value = "Extra communicatie via de Founded-partners."
            ingevuld += 1
    assert ingevuld == 30
    uit = io.BytesIO()
    boek.save(uit)
    werkblad.write_bytes(uit.getvalue())

    pagina.get_by_label("Ingevuld werkblad (.xlsx of .csv)").set_input_files(str(werkblad))
    pagina.get_by_role("button", name="Controleren").click()
    assert pagina.locator("#werkblad-voorbeeld tbody tr").count() == 30
    assert not Voortgangsupdate.objects.exists()
    pagina.get_by_role("button", name="30 updates vastleggen").click()

    assert "30 voortgangsupdates vastgelegd." in pagina.content()
    updates = Voortgangsupdate.objects.filter(resultaat__in=eigen)
    assert updates.count() == 30
    assert {u.ingevoerd_door.username for u in updates} == {"beleid"}
    assert updates.filter(status="aandacht_nodig").count() == 10
