"""A report shows the budget, realisation and progress as they stood on its peildatum."""

import io
import re
from datetime import date
from decimal import Decimal

import pytest
from pypdf import PdfReader

from budget.models import Begrotingsregel
from opgaven.models import Programma
from rapportages import document, gegevens, pdf, snapshot
from resultaten.models import Resultaat
from tests.factories import BegrotingswijzigingFactory, RealisatieFactory, VoortgangsupdateFactory

pytestmark = pytest.mark.django_db

PEILDATUM = date(2026, 6, 30)


def _pdf_tekst(rapportgegevens) -> str:
    html = document.render_html(rapportgegevens, status=document.CONCEPT)
    paginas = PdfReader(io.BytesIO(pdf.render(html))).pages
    tekst = " ".join(" ".join(pagina.extract_text() for pagina in paginas).split())
    # The moment of rendering (a time of day, wherever the layout puts it, on the cover
    # and in the footer) is not a figure of the report; no figure is written as hh:mm.
    return re.sub(r"(\d{1,2} \w+ \d{4} )?\b\d\d:\d\d\b", "", tekst)


def _alles(programma: Programma) -> tuple:
    concept = gegevens.verzamel(programma, peildatum=PEILDATUM)
    volledig = gegevens.verzamel(programma, peildatum=PEILDATUM, limiet=None)
    return concept.uitvoering, snapshot.snapshot(volledig), _pdf_tekst(concept)


def test_entries_after_the_peildatum_change_no_figure_of_its_report():
    programma = Programma.objects.get()
    regel = Begrotingsregel.objects.filter(opgave__programma=programma).order_by("pk").first()
    resultaat = Resultaat.objects.filter(opgave=regel.opgave).order_by("pk").first()
    voor = _alles(programma)

    BegrotingswijzigingFactory(
        regel=regel,
        jaar=2026,
        vastgesteld=True,
        besluitdatum=date(2026, 9, 1),
        bedrag=Decimal("500000.00"),
    )
    RealisatieFactory(
        regel=regel,
        jaar=2026,
        datum=date(2026, 8, 1),
        verplicht=Decimal("300000.00"),
        besteed=Decimal("250000.00"),
    )
    VoortgangsupdateFactory(resultaat=resultaat, peildatum=date(2026, 7, 15), risico=True)
    na = _alles(programma)

    assert na[0] == voor[0]
    assert na[1] == voor[1]
    assert na[2] == voor[2]


def test_entries_on_the_peildatum_count_in_its_report():
    programma = Programma.objects.get()
    regel = Begrotingsregel.objects.filter(opgave__programma=programma).order_by("pk").first()
    voor = gegevens.verzamel(programma, peildatum=PEILDATUM).uitvoering[0].totaal

    BegrotingswijzigingFactory(
        regel=regel, jaar=2026, vastgesteld=True, besluitdatum=PEILDATUM, bedrag=Decimal("1000")
    )
    RealisatieFactory(regel=regel, jaar=2026, datum=PEILDATUM, besteed=Decimal("7"))
    na = gegevens.verzamel(programma, peildatum=PEILDATUM).uitvoering[0].totaal

    assert na.actueel - voor.actueel == Decimal("1000")
    assert na.besteed - voor.besteed == Decimal("7")


def test_the_budget_pages_without_a_peildatum_still_show_todays_state():
    programma = Programma.objects.get()
    regel = Begrotingsregel.objects.filter(opgave__programma=programma).order_by("pk").first()
    voor = Begrotingsregel.objects.uitvoering(programma, 2026).totaal

    BegrotingswijzigingFactory(
        regel=regel,
        jaar=2026,
        vastgesteld=True,
        besluitdatum=date(2026, 9, 1),
        bedrag=Decimal("1000"),
    )
    na = Begrotingsregel.objects.uitvoering(programma, 2026).totaal
    op_peildatum = Begrotingsregel.objects.uitvoering(programma, 2026, peildatum=PEILDATUM).totaal

    assert na.actueel - voor.actueel == Decimal("1000")
    assert op_peildatum.actueel == voor.actueel
    assert op_peildatum.concept == voor.concept
