"""The report's cover and summary: sender, programme and moment, a status per opgave, the
chart with short titles and the web's Dutch formats."""

import re
from datetime import date

import pytest

from basis.opmaak import euro
from budget.templatetags.begroting import uitputting
from opgaven.models import Opgave, Programma
from rapportages import document, gegevens
from rapportages.models import PCMoment
from resultaten.models import Resultaat
from tests.factories import VoortgangsupdateFactory

pytestmark = pytest.mark.django_db

PEILDATUM = date(2026, 6, 30)


def _html(**extra) -> str:
    rapport = gegevens.verzamel(Programma.objects.get(), peildatum=PEILDATUM, **extra)
    return document.render_html(rapport, status=document.CONCEPT)


def _deel(html: str, begin: str, einde: str) -> str:
    return html[html.index(begin) : html.index(einde, html.index(begin))]


def test_the_cover_names_the_sender_the_programme_the_peildatum_the_moment_and_the_status():
    moment = PCMoment.values[0]
    omslag = _deel(_html(moment=moment), '<section class="omslag">', "</section>")
    programma = Programma.objects.get()

    for term in ("Afzender", "Provincie Drenthe", "Programma", "Peildatum", "C-moment"):
        assert term in omslag
    assert str(PCMoment(moment).label) in omslag
    assert "30 juni 2026" in omslag
    assert '<dd class="omslag__status">concept</dd>' in omslag
    # The title once, not again as a subtitle.
    assert omslag.count(programma.titel) == 2  # the title and the programme's entry
    assert f"<p>{programma.titel}</p>" not in omslag
    assert "de stand op het moment van maken" not in omslag


def test_the_summary_shows_a_status_per_opgave_in_text_icon_and_colour():
    opgave = Opgave.objects.get(nummer=2)
    resultaat = Resultaat.objects.filter(opgave=opgave).order_by("pk").first()
    VoortgangsupdateFactory(resultaat=resultaat, peildatum=PEILDATUM, risico=True)

    tabel = _deel(_html(), '<table class="statussen">', "</table>")

    rij = _deel(tabel, f'<th scope="row">2. {opgave.titel}', "</tr>")
    assert '<td class="status status--risico">' in rij
    assert '<span class="icoon icoon--risico" aria-hidden="true"></span> Risico' in rij
    assert tabel.count("<tr>") == 1 + Opgave.objects.count()


def test_the_chart_names_its_bars_by_short_opgave_titles():
    grafiek = _deel(_html(), "<svg", "</svg>")

    labels = re.findall(r'<text[^>]*class="[^"]*"[^>]*>([^<]*)</text>', grafiek)
    for label in ("1. Versterken…", "2. Samenwerken…", "4. Benutten van…", "5. Ontwikkelen…"):
        assert label in labels
    assert ">Opgave 1<" not in grafiek
    assert "Noto Sans" in grafiek


def test_percentages_and_amounts_read_as_on_the_web():
    rapport = gegevens.verzamel(Programma.objects.get(), peildatum=PEILDATUM)
    html = document.render_html(rapport, status=document.CONCEPT)
    totaal = rapport.uitvoering[0].totaal

    assert f'<td class="getal">{uitputting(totaal.uitputting)}</td>' in html
    assert f'<td class="getal">{euro(totaal.actueel)}</td>' in html
    # No percentage without its decimal, as the web never shows one.
    assert re.findall(r">\d+%<", _deel(html, 'id="samenvatting"', "</section>")) == []
