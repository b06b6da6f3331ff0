"""The start page: the programme at a glance.

Budget per opgave per year as a chart with the same figures in a table beside
it, and the number of activities and results per opgave. Every figure comes
from the apps' query methods; the chart is SVG rendered on the server, without
script, so it works without JavaScript and loads nothing from elsewhere.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pygal
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from pygal.style import Style

from budget import historie as budget_historie
from budget.models import Begrotingsregel, Begrotingstabel, Budgetoverzicht
from koers import paginacache
from koers.formatting import euro
from koers.weergave import Ingekort
from opgaven import historie as opgaven_historie
from opgaven.historie import Wijziging
from opgaven.models import Opgave, Programma
from opgaven.views import actueel_programma_or_404
from resultaten import historie as resultaten_historie
from resultaten.models import ZORGELIJK, Voortgangsupdate
from resultaten.voortgang import Rollup, rollup

GRAFIEKSTIJL = Style(
    background="transparent",
    plot_background="transparent",
    foreground="#1a1a1a",
    foreground_strong="#1a1a1a",
    foreground_subtle="#6b6b6b",
    font_family="inherit",
    colors=("#00466e", "#b25400", "#2e7d32", "#6a1b9a"),
    opacity="1",
    opacity_hover="1",
    title_font_size=20,
    label_font_size=14,
    major_label_font_size=14,
    legend_font_size=16,
)


@dataclass
class Opgaverij:
    opgave: Opgave
    budget: list[Decimal]  # one amount per year of the programme
    activiteiten: int
    resultaten: int


@dataclass
class Overzicht:
    programma: Programma
    jaren: list[int]
    rijen: list[Opgaverij]
    budget_totalen: list[Decimal]
    activiteiten: int
    resultaten: int


def overzicht(
    programma: Programma, *, voortgang: Rollup, tabel: Begrotingstabel | None = None
) -> Overzicht:
    """The budget per opgave and the number of activities and results, for the opgaven
    of the progress roll-up, whose counts it reuses.

    Two queries (the budget per opgave), none when the caller has Tabel 1 already.
    """
    budget = (
        Begrotingsregel.objects.per_opgave(programma)
        if tabel is None
        else Budgetoverzicht.van_tabel(tabel)
    )
    geen_budget = [Decimal(0)] * len(budget.jaren)
    rijen = [
        Opgaverij(
            opgave=rij.opgave,
            budget=budget.subtotalen.get(rij.opgave.pk, geen_budget),
            activiteiten=rij.activiteiten.totaal,
            resultaten=rij.resultaten.totaal,
        )
        for rij in voortgang.opgaven
        if rij.opgave is not None
    ]
    return Overzicht(
        programma=programma,
        jaren=budget.jaren,
        rijen=rijen,
        budget_totalen=budget.totalen,
        activiteiten=sum(rij.activiteiten for rij in rijen),
        resultaten=sum(rij.resultaten for rij in rijen),
    )


def _als_euro(waarde: float) -> str:
    return euro(Decimal(str(waarde)).quantize(Decimal("0.01")))


def _toegankelijk(titel: str, beschrijving: str):
    """An xml filter for pygal: an image named `titel` and described, without script.

    The page's heading already shows the title, so pygal draws none; the SVG's
    own <title> names it. pygal's tooltip data (desc elements) and its inline
    script only serve its JavaScript, which is not loaded; they are removed.
    """

    def filter_(svg):
        naamruimte = svg.tag[: -len("svg")]
        for ouder in list(svg.iter()):
            for kind in list(ouder):
                if callable(kind.tag) or kind.tag in (f"{naamruimte}script", f"{naamruimte}desc"):
                    ouder.remove(kind)  # comments, the config script, tooltip data
        basis = svg.get("id")
        titelelement = svg.find(f"{naamruimte}title")
        titelelement.text = titel
        titelelement.set("id", f"{basis}-titel")
        desc = svg.makeelement(f"{naamruimte}desc", {"id": f"{basis}-beschrijving"})
        desc.text = beschrijving
        svg.insert(list(svg).index(titelelement) + 1, desc)
        svg.set("role", "img")
        svg.set("aria-labelledby", f"{basis}-titel")
        svg.set("aria-describedby", f"{basis}-beschrijving")
        return svg

    return filter_


def budgetgrafiek(overzicht: Overzicht, tabel_bijschrift: str) -> SafeString:
    """A bar per opgave and year; inline SVG with Dutch amounts."""
    jaren = [str(jaar) for jaar in overzicht.jaren]
    grafiek = pygal.Bar(
        style=GRAFIEKSTIJL,
        value_formatter=_als_euro,
        js=[],
        disable_xml_declaration=True,
        legend_at_bottom=True,
        no_data_text=_("Nog geen budget"),
        truncate_label=-1,
        width=800,
        height=420,
        margin=10,
    )
    grafiek.add_xml_filter(
        _toegankelijk(
            _("Budget per opgave"),
            _(
                "Staafdiagram van het budget per opgave in %(jaren)s. "
                "De bedragen staan ook in de tabel '%(tabel)s'."
            )
            % {"jaren": get_text_list(jaren, _("en")), "tabel": tabel_bijschrift},
        )
    )
    grafiek.x_labels = [
        _("Opgave %(nummer)s") % {"nummer": rij.opgave.nummer} for rij in overzicht.rijen
    ]
    for index, jaar in enumerate(jaren):
        grafiek.add(jaar, [float(rij.budget[index]) for rij in overzicht.rijen])
    # pygal escapes all text it puts in the SVG (labels, titles, descriptions).
    return mark_safe(grafiek.render(is_unicode=True))


LAATSTE_WIJZIGINGEN = 8


def laatste_wijzigingen(programma: Programma) -> list[Wijziging]:
    return opgaven_historie.samenvoegen(
        opgaven_historie.wijzigingen_van_programma(programma, limiet=LAATSTE_WIJZIGINGEN),
        resultaten_historie.wijzigingen_van_programma(programma, limiet=LAATSTE_WIJZIGINGEN),
        budget_historie.wijzigingen_van_programma(programma, limiet=LAATSTE_WIJZIGINGEN),
        limiet=LAATSTE_WIJZIGINGEN,
    )


MAX_ZORGEN = 10


def zorgen(
    programma: Programma, peildatum: date, *, limiet: int = MAX_ZORGEN
) -> Ingekort[Voortgangsupdate]:
    """The latest updates on or before peildatum with 'aandacht nodig' or 'risico'.

    Two queries: the first `limiet` (risico first, then by opgave) and their number.
    """
    updates = (
        Voortgangsupdate.objects.laatste_per_onderdeel(peildatum=peildatum)
        .van_programma(programma)
        .filter(status__in=ZORGELIJK)
    )
    eerste = list(
        updates.select_related("opgave", "resultaat", "activiteit").order_by(
            "opgave__nummer", "-peildatum", "pk"
        )[:limiet]
    )
    return Ingekort(eerste, updates.count())


def _inhoud(programma: Programma, peildatum: date) -> str:
    """The dashboard below its heading: the same for every reader."""
    voortgang = rollup(
        programma, list(Opgave.objects.van_programma(programma)), peildatum=peildatum
    )
    cijfers = overzicht(programma, voortgang=voortgang)
    bijschrift = _("Budget per opgave per jaar, in euro's")
    return render_to_string(
        "dashboard/_inhoud.html",
        {
            "programma": programma,
            "overzicht": cijfers,
            "grafiek": budgetgrafiek(cijfers, bijschrift),
            "bijschrift_budget": bijschrift,
            "wijzigingen": laatste_wijzigingen(programma),
            "peildatum": peildatum,
            "voortgang": voortgang,
            "zorgen": zorgen(programma, peildatum),
        },
    )


@require_safe
def dashboard(request: HttpRequest) -> HttpResponse:
    programma = actueel_programma_or_404()
    peildatum = timezone.localdate()
    inhoud = paginacache.deel(
        "dashboard", programma.pk, peildatum, maak=lambda: _inhoud(programma, peildatum)
    )
    return render(request, "dashboard/index.html", {"programma": programma, "inhoud": inhoud})
