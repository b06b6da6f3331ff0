"""Progress in bulk through one workbook: download, fill in, upload, preview, confirm."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.functional import Promise

from resultaten import werkblad
from resultaten.models import Indicator, Resultaat, Voortgangsupdate
from tests.conftest import EIGEN_OPGAVE

pytestmark = pytest.mark.django_db

PEILDATUM = "2026-06-30"


def _download(client) -> openpyxl.Workbook:
    response = client.get(reverse("resultaten:werkblad_download"), {"peildatum": PEILDATUM})
    assert response.status_code == 200
    return openpyxl.load_workbook(io.BytesIO(response.content))


def _vul_in(boek, invullen) -> bytes:
    blad = boek.worksheets[0]
    kop = [c.value for c in blad[1]]
    for rij in blad.iter_rows(min_row=2):
        for naam, waarde in invullen(rij[0].value).items():
            rij[kop.index(naam)].value = waarde
    uit = io.BytesIO()
    boek.save(uit)
    return uit.getvalue()


def _upload(client, inhoud: bytes, naam: str = "voortgang.xlsx"):
    return client.post(
        reverse("resultaten:werkblad"), {"bestand": SimpleUploadedFile(naam, inhoud)}
    )


def test_a_beleidsmedewerker_updates_all_results_of_their_opgave_in_one_workbook(
    beleid_client, beleidsmedewerker
):
    boek = _download(beleid_client)
    codes = [r[0] for r in boek.worksheets[0].iter_rows(min_row=2, values_only=True)]
    eigen = set(Resultaat.objects.filter(opgave__nummer=EIGEN_OPGAVE).values_list("pk", flat=True))
    assert {int(c[1:]) for c in codes if c.startswith("R")} == eigen
    indicator = Indicator.objects.filter(resultaat__opgave__nummer=EIGEN_OPGAVE).first()

    def invullen(code):
        if code.startswith("R"):
            return {"Status": "op koers", "Toelichting": f"Bijgewerkt {code}"}
        if code == f"I{indicator.pk}":
            return {"Waarde": 260}
        return {}

    voorbeeld = _upload(beleid_client, _vul_in(boek, invullen))
    assert "werkblad-voorbeeld" in voorbeeld.content.decode()
    assert Voortgangsupdate.objects.count() == 0

    bevestigd = beleid_client.post(reverse("resultaten:werkblad_bevestigen"))
    assert bevestigd.status_code == 302
    updates = Voortgangsupdate.objects.filter(resultaat__in=eigen)
    assert updates.count() == len(eigen)
    assert {u.ingevoerd_door for u in updates} == {beleidsmedewerker}
    assert updates.first().history.first().history_user == beleidsmedewerker
    met_waarde = updates.get(resultaat=indicator.resultaat)
    assert met_waarde.waarden.get().waarde == 260


def test_risico_without_explanation_and_measure_is_refused_per_row(beleid_client):
    boek = _download(beleid_client)
    voorbeeld = _upload(
        beleid_client,
        _vul_in(boek, lambda code: {"Status": "risico"} if code.startswith("R") else {}),
    )
    html = voorbeeld.content.decode()
    assert "Geef een verklaring bij deze status." in html
    assert "Beschrijf de maatregel bij deze status." in html
    assert beleid_client.post(reverse("resultaten:werkblad_bevestigen")).status_code == 302
    assert not Voortgangsupdate.objects.exists()


def test_a_row_for_an_opgave_they_may_not_edit_is_refused(beleid_client):
    ander = Resultaat.objects.exclude(opgave__nummer=EIGEN_OPGAVE).first()
    boek = _download(beleid_client)
    blad = boek.worksheets[0]
    blad.append([f"R{ander.pk}", None, None, None, None, None, None, PEILDATUM, "op koers"])
    uit = io.BytesIO()
    boek.save(uit)
    html = _upload(beleid_client, uit.getvalue()).content.decode()
    assert f"U mag opgave {ander.opgave.nummer} niet bewerken." in html
    beleid_client.post(reverse("resultaten:werkblad_bevestigen"))
    assert not Voortgangsupdate.objects.exists()


def test_management_cannot_use_the_workbook(management_client):
    assert management_client.get(reverse("resultaten:werkblad")).status_code == 403


def test_an_item_deleted_since_the_preview_is_refused_with_a_message(beleidsmedewerker):
    from django.core.exceptions import ValidationError

    from basis.rechten import rechten_van
    from opgaven.models import Programma
    from resultaten.services import registreer_werkblad
    from resultaten.werkblad import Werkbladrij

    rij = Werkbladrij(
        nummer=2,
        code="R999999",
        omschrijving="Verwijderd",
        gegevens={
            "resultaat": 999999,
            "status": "op_koers",
            "toelichting": "",
            "verklaring": "",
            "maatregel": "",
            "peildatum": PEILDATUM,
        },
    )
    with pytest.raises(ValidationError, match="R999999 bestaat niet meer"):
        registreer_werkblad(
            rijen=[rij],
            programma=Programma.objects.actueel(),
            rechten=rechten_van(beleidsmedewerker),
        )
    assert not Voortgangsupdate.objects.exists()


ALS_VERTAALD = {"status": "State", "toelichting": "Explanation", "peildatum": "Reporting date"}


def _vertaal_koppen(monkeypatch):
    """The headers as another language would write them (no catalogue ships one)."""
    for sleutel, kop in ALS_VERTAALD.items():
        monkeypatch.setitem(werkblad.KOLOMMEN, sleutel, kop)


def test_de_koppen_van_het_werkblad_zijn_voor_vertaling_gemarkeerd():
    assert all(isinstance(kop, Promise) for kop in werkblad.KOLOMMEN.values())


def test_een_werkblad_met_vertaalde_koppen_leest_weer_in(monkeypatch, beleid_client):
    _vertaal_koppen(monkeypatch)
    boek = _download(beleid_client)
    kop = [c.value for c in boek.worksheets[0][1]]
    assert {"State", "Explanation", "Reporting date"} <= set(kop)
    assert "Status" not in kop

    def invullen(code):
        return {"State": "op koers", "Explanation": "Vertaald"} if code.startswith("R") else {}

    voorbeeld = _upload(beleid_client, _vul_in(boek, invullen)).content.decode()
    assert "werkblad-voorbeeld" in voorbeeld
    assert "Dit is geen voortgangswerkblad" not in voorbeeld
    beleid_client.post(reverse("resultaten:werkblad_bevestigen"))
    assert set(Voortgangsupdate.objects.values_list("toelichting", flat=True)) == {"Vertaald"}


def test_een_werkblad_met_de_oude_nederlandse_koppen_leest_ook_in(monkeypatch, beleid_client):
    boek = _download(beleid_client)
    _vertaal_koppen(monkeypatch)

    def invullen(code):
        return {"Status": "op koers", "Toelichting": "Oud"} if code.startswith("R") else {}

    _upload(beleid_client, _vul_in(boek, invullen))
    beleid_client.post(reverse("resultaten:werkblad_bevestigen"))
    assert set(Voortgangsupdate.objects.values_list("toelichting", flat=True)) == {"Oud"}
