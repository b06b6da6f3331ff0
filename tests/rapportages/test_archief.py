"""A report is accessible and archivable: tagged, in Dutch, titled, in the portal's typeface;
a frozen report is PDF/A-3 and carries its own data."""

import csv
import hashlib
import io
import json
from datetime import date

import pytest
from pypdf import PdfReader

from opgaven.models import Programma
from rapportages import document
from rapportages.services import stel_rapportage_vast

pytestmark = pytest.mark.django_db

PEILDATUM = date(2026, 6, 30)


def _xmp(lezer: PdfReader) -> str:
    return lezer.trailer["/Root"]["/Metadata"].get_object().get_data().decode()


def _structuur(element, soorten: set[str]) -> set[str]:
    """Every structure type under `element` (a StructTreeRoot or StructElem)."""
    element = element.get_object()
    if "/S" in element:
        soorten.add(str(element["/S"]))
        if element["/S"] == "/Figure":
            soorten.add(f"Figure Alt={element.get('/Alt')}")
    kinderen = element.get("/K", [])
    for kind in kinderen if isinstance(kinderen, list) else [kinderen]:
        if hasattr(kind, "get_object") and hasattr(kind.get_object(), "get"):
            _structuur(kind, soorten)
    return soorten


def _lettertypen(lezer: PdfReader) -> set[str]:
    return {
        str(lettertype.get_object()["/BaseFont"]).split("+")[-1]
        for pagina in lezer.pages
        for lettertype in pagina["/Resources"]["/Font"].values()
    }


def test_a_concept_report_is_tagged_pdf_ua_in_dutch_with_a_title_and_noto_sans():
    inhoud = document.concept_pdf(Programma.objects.get(), peildatum=PEILDATUM)
    lezer = PdfReader(io.BytesIO(inhoud))
    root = lezer.trailer["/Root"]

    assert root["/MarkInfo"]["/Marked"].value is True
    assert root["/Lang"] == "nl"
    assert lezer.metadata.title.startswith("Voortgangsrapportage Uitvoeringsprogramma")
    assert 'pdfuaid:part="1"' in _xmp(lezer)
    soorten = _structuur(root["/StructTreeRoot"], set())
    assert {"/H1", "/H2", "/H3", "/Table", "/TH", "/TD", "/Caption", "/L", "/LI"} <= soorten
    assert "Figure Alt=Budget per opgave" in soorten
    assert _lettertypen(lezer) == {"Noto-Sans", "Noto-Sans-Bold"}


def test_a_frozen_report_is_pdf_a_3_and_carries_its_data_as_json_and_csv(management):
    rapport = stel_rapportage_vast(
        programma=Programma.objects.get(), peildatum=PEILDATUM, gebruiker=management
    )
    inhoud = bytes(rapport.pdf)
    lezer = PdfReader(io.BytesIO(inhoud))

    assert hashlib.sha256(inhoud).hexdigest() == rapport.sha256
    xmp = _xmp(lezer)
    assert 'pdfaid:part="3"' in xmp
    assert 'pdfaid:conformance="A"' in xmp
    assert lezer.trailer["/Root"]["/MarkInfo"]["/Marked"].value is True
    bijlagen = lezer.attachments
    assert sorted(bijlagen) == ["begroting.csv", "gegevens.json"]
    assert json.loads(bijlagen["gegevens.json"][0]) == rapport.snapshot
    rijen = list(csv.DictReader(io.StringIO(bijlagen["begroting.csv"][0].decode())))
    regels = {r["pk"] for o in rapport.snapshot["opgaven"] for r in o["begrotingsregels"]}
    assert {rij["begrotingsregel"] for rij in rijen} == {str(pk) for pk in regels}
    assert {rij["jaar"] for rij in rijen} == {"2026", "2027"}
