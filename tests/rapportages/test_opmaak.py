"""The report on paper: every box inside the page, with the demo data and hostile data.

Laid out by WeasyPrint as rapportages.pdf does, and measured box by box.
"""

from datetime import date
from decimal import Decimal

import pytest
from weasyprint.formatting_structure import boxes

from opgaven.models import Opgave, Programma
from rapportages import document, gegevens, pdf
from tests.factories import (
    ActiviteitFactory,
    BegrotingsregelFactory,
    DoelFactory,
    IndicatorFactory,
    ResultaatFactory,
    VoortgangsupdateFactory,
)

pytestmark = pytest.mark.django_db

PEILDATUM = date(2026, 6, 30)
MM = 96 / 25.4  # CSS px per millimetre
MARGE = 5 * MM  # every word at least this far inside the paper's edge
SPELING = 0.5  # px of rounding
# A glyph's box is the font's ascent and descent, taller than a line of 1.2: a heading's
# text reaches this far above its line, still well inside the paper.
SPELING_TEKST_VERTICAAL = 2 * MM
LANG_WOORD = "Bedrijventerreinverduurzamingsprogramma" * 3  # over 100 letters, no break
LANG_GETAL = "1234567890" * 4


def _lay_out(opgave: Opgave | None = None):
    html = document.render_html(
        gegevens.verzamel(Programma.objects.get(), peildatum=PEILDATUM, opgave=opgave),
        status=document.CONCEPT,
    )
    return pdf.opmaak(html)


def _decoratief(box) -> bool:
    element = getattr(box, "element", None)
    return element is not None and "watermerk" in (element.get("class") or "")


def _kinderen(box):
    if isinstance(box, boxes.ParentBox):
        yield from box.children


def _buiten_de_pagina(document_) -> list[str]:
    """Every box that leaves its area: the content area, or for headers and footers the
    paper less MARGE. Text is measured by its own width, not by its line's."""
    fouten = []
    for nummer, pagina in enumerate(document_.pages, start=1):
        pagina_box = pagina._page_box
        inhoud = (
            pagina_box.content_box_x(),
            pagina_box.content_box_y(),
            pagina_box.content_box_x() + pagina_box.width,
            pagina_box.content_box_y() + pagina_box.height,
        )
        papier = (MARGE, MARGE, pagina.width - MARGE, pagina.height - MARGE)
        # Headers and footers: only their text, which the paper less MARGE must hold.
        stapel = [
            (kind, papier if isinstance(kind, boxes.MarginBox) else inhoud)
            for kind in pagina_box.children
        ]
        while stapel:
            box, (links, boven, rechts, onder) = stapel.pop()
            if _decoratief(box):
                continue
            alleen_tekst = (links, boven, rechts, onder) == papier
            if isinstance(box, boxes.TextBox) or not (
                alleen_tekst or isinstance(box, boxes.LineBox)
            ):
                x, y = box.border_box_x(), box.border_box_y()
                breedte, hoogte = box.border_width(), box.border_height()
                verticaal = SPELING_TEKST_VERTICAAL if isinstance(box, boxes.TextBox) else SPELING
                if (
                    x < links - SPELING
                    or x + breedte > rechts + SPELING
                    or y < boven - verticaal
                    or y + hoogte > onder + verticaal
                ):
                    tekst = getattr(box, "text", "") or type(box).__name__
                    if box.element is not None and not isinstance(box, boxes.TextBox):
                        tekst += f" <{box.element_tag}>"
                    fouten.append(
                        f"pagina {nummer}: {tekst[:60]!r} x {x / MM:.1f}-{(x + breedte) / MM:.1f} mm,"
                        f" y {y / MM:.1f}-{(y + hoogte) / MM:.1f} mm"
                    )
            stapel.extend((kind, (links, boven, rechts, onder)) for kind in _kinderen(box))
    return fouten


def _vijandige_gegevens() -> Opgave:
    """Opgave 1 with a long word everywhere text goes, 40-digit numbers and long lists."""
    opgave = Opgave.objects.get(nummer=1)
    tekst = f"Uitvoeren {LANG_WOORD} met kenmerk {LANG_GETAL} en {LANG_WOORD}"
    ActiviteitFactory(opgave=opgave, omschrijving=tekst[:300])
    ActiviteitFactory(opgave=opgave, omschrijving=LANG_GETAL + LANG_GETAL)
    ActiviteitFactory.create_batch(30, opgave=opgave)
    DoelFactory(opgave=opgave, tekst=tekst)
    for _ in range(12):
        resultaat = ResultaatFactory(opgave=opgave, omschrijving=tekst[:200])
        indicator = IndicatorFactory(
            resultaat=resultaat,
            naam=LANG_WOORD[:120],
            eenheid=LANG_WOORD[:100],
            streefwaarde=Decimal("9999999999.99"),
        )
        VoortgangsupdateFactory(
            resultaat=resultaat,
            risico=True,
            toelichting=tekst,
            waarden={indicator: Decimal("9999999999.99")},
        )
    for nummer in range(30):
        BegrotingsregelFactory(
            opgave=opgave,
            omschrijving=f"{nummer} {tekst}"[:200],
            bedragen=[Decimal("999999999999.99"), Decimal("888888888888.88")],
        )
    return opgave


@pytest.mark.parametrize("onderdeel", ["programma", "opgave"])
def test_every_box_of_a_report_with_the_demo_data_stays_inside_the_page(onderdeel):
    opgave = Opgave.objects.get(nummer=3) if onderdeel == "opgave" else None

    assert _buiten_de_pagina(_lay_out(opgave)) == []


@pytest.mark.parametrize("onderdeel", ["programma", "opgave"])
def test_every_box_stays_inside_the_page_also_with_long_words_numbers_and_lists(onderdeel):
    opgave = _vijandige_gegevens()

    assert _buiten_de_pagina(_lay_out(opgave if onderdeel == "opgave" else None)) == []
