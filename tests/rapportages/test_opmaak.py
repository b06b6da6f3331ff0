"""The report on paper: every box inside the page, with the demo data and hostile data.

Laid out by WeasyPrint as rapportages.pdf does, and measured box by box.
"""

from datetime import date
from decimal import Decimal

import pytest
from weasyprint import HTML
from weasyprint.formatting_structure import boxes

from opgaven.models import Opgave, Programma
from rapportages import document, gegevens, pdf
from tests.factories import (
    ActiviteitFactory,
    BegrotingsregelFactory,
    DoelFactory,
    IndicatorFactory,
    OpgaveFactory,
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


# Page flow: what may not end a page, and how full a page must be unless a section ends.
KOPPEN = {"h1", "h2", "h3", "h4", "caption"}
HALF_LEEG = 0.5


def _regels(box, in_kop: bool = False):
    """The boxes that hold a page's content, in reading order: blocks of lines, table rows
    and replaced boxes (the chart); each with whether it is a table's header row."""
    if _decoratief(box) or isinstance(box, boxes.MarginBox):
        return
    if isinstance(box, boxes.TableRowBox | boxes.ReplacedBox) or (
        isinstance(box, boxes.BlockBox)
        and box.children
        and all(isinstance(kind, boxes.LineBox) for kind in box.children)
    ):
        yield box, in_kop
        return
    kop = isinstance(box, boxes.TableRowGroupBox) and box.is_header
    for kind in _kinderen(box):
        yield from _regels(kind, in_kop or kop)


def _bladspiegel_fouten(document_) -> list[str]:
    """Pages that end in a heading, a caption or a table's header row, and pages less than
    half full that are followed by more of the same section (not by a new h2)."""
    paginas = [list(_regels(pagina._page_box)) for pagina in document_.pages]
    fouten = []
    for nummer, (pagina, regels) in enumerate(zip(document_.pages, paginas, strict=True), 1):
        if not regels:
            fouten.append(f"pagina {nummer}: leeg")
            continue
        laatste, kopregel = regels[-1]
        if laatste.element_tag in KOPPEN or kopregel:
            fouten.append(
                f"pagina {nummer} eindigt met <{laatste.element_tag}> {_tekst(laatste)[:40]!r}"
            )
        volgende = paginas[nummer] if nummer < len(paginas) else None
        if volgende and volgende[0][0].element_tag != "h2":
            vlak = pagina._page_box
            onderkant = max(regel.border_box_y() + regel.border_height() for regel, _ in regels)
            gevuld = (onderkant - vlak.content_box_y()) / vlak.height
            if gevuld < HALF_LEEG:
                fouten.append(f"pagina {nummer} is voor {gevuld:.0%} gevuld, midden in een deel")
    return fouten


@pytest.mark.parametrize("onderdeel", ["programma", "opgave"])
def test_no_page_of_a_report_ends_in_a_heading_or_is_half_empty_midway_a_section(onderdeel):
    opgave = _vijandige_gegevens()

    assert _bladspiegel_fouten(_lay_out(opgave if onderdeel == "opgave" else None)) == []


def test_the_budget_heading_and_caption_stay_with_the_table_wherever_the_page_ends():
    """The heading of 25 budget lines at every height near the bottom of a page, one
    list item at a time (the 100x report had it alone at a page's end)."""
    opgave = OpgaveFactory(programma=Programma.objects.get(), omschrijving="Kort.")
    for nummer in range(25):
        BegrotingsregelFactory(opgave=opgave, bedragen=[Decimal(nummer * 1000), Decimal(500)])

    def met_punten(aantal: int):
        # An opgave text of numbered lines, each one list item of the same height.
        opgave.omschrijving = "\n".join(f"{n}. Punt {n}" for n in range(1, aantal + 1)) or "Kort."
        opgave.save(update_fields=["omschrijving"])
        opmaak = _lay_out(opgave)
        for pagina in opmaak.pages:
            for regel, _ in _regels(pagina._page_box):
                if regel.element_tag == "h3" and "Begroting" in _tekst(regel):
                    vlak = pagina._page_box
                    return opmaak, vlak.content_box_y() + vlak.height - regel.border_box_y()
        raise AssertionError("geen kop Begroting")

    # How much room is left below the heading with one item, and how far one more moves it.
    opmaak, ruimte_een = met_punten(1)
    fouten = [f"1 punt: {fout}" for fout in _bladspiegel_fouten(opmaak)]
    stap = ruimte_een - met_punten(2)[1]
    assert stap > 0, fouten or "de kop schuift niet mee met de tekst erboven"
    # The heading with 30 to 200 px left below it: room for heading and caption, not
    # always for the table's header and first row.
    for ruimte in range(30, 200, int(stap)):
        aantal = 1 + round((ruimte_een - ruimte) / stap)
        opmaak, _ = met_punten(aantal)
        fouten += [f"{aantal} punten: {fout}" for fout in _bladspiegel_fouten(opmaak)]

    assert fouten == []


def _tekst(box) -> str:
    return "".join(getattr(kind, "text", "") for kind in box.descendants())


def _boxen(opmaak) -> list[tuple]:
    """Every box of every page: kind, element, place, size, text and how it is painted."""
    rijen = []
    for nummer, pagina in enumerate(opmaak.pages, start=1):
        for box in pagina._page_box.descendants():
            stijl = box.style
            rijen.append(
                (
                    nummer,
                    type(box).__name__,
                    box.element_tag if box.element is not None else None,
                    *(round(waarde, 2) for waarde in (box.position_x, box.position_y)),
                    *(round(waarde, 2) for waarde in (box.width, box.height) if waarde != "auto"),
                    getattr(box, "text", None),
                    str(stijl["color"]),
                    stijl["font_weight"],
                    str(stijl["text_decoration_line"]),
                    str(stijl["border_top_color"]),
                    stijl["bookmark_level"],
                )
            )
    return rijen


@pytest.mark.parametrize("onderdeel", ["programma", "opgave"])
def test_the_reports_own_user_agent_stylesheet_lays_out_the_same_as_weasyprints(onderdeel):
    opgave = _vijandige_gegevens()
    html = document.render_html(
        gegevens.verzamel(
            Programma.objects.get(),
            peildatum=PEILDATUM,
            opgave=opgave if onderdeel == "opgave" else None,
        ),
        status=document.CONCEPT,
    )
    eigen = pdf.opmaak(html)
    weasyprint = HTML(string=html, url_fetcher=pdf.FETCHER).render(font_config=pdf.lettertypen())

    assert _boxen(eigen) == _boxen(weasyprint)
