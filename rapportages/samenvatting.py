"""The programme at a glance: the budget per opgave and the counts, and its chart.

The same summary opens every report and fills the dashboard. The chart is SVG
rendered on the server, without script, so it works without JavaScript, in a
PDF, and loads nothing from elsewhere.
"""

from dataclasses import dataclass
from decimal import Decimal

import pygal
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from pygal.style import Style

from basis.opmaak import euro
from budget.models import Begrotingsregel
from budget.openbaar import Begrotingstabel, Budgetoverzicht
from opgaven.models import Opgave, Programma
from resultaten.openbaar import Rollup

GRAFIEKSTIJL = Style(
    background="transparent",
    plot_background="transparent",
    foreground="#1a1a1a",
    foreground_strong="#1a1a1a",
    foreground_subtle="#6b6b6b",
    # The portal's typeface: the web page's variable font, or the report's @font-face.
    font_family='"Noto Sans Variable", "Noto Sans", sans-serif',
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


KORTE_TITEL = 12  # characters of an opgave's title under its bars


def korte_titel(opgave: Opgave) -> str:
    """'1. Versterken van het…': the number and the title's first words that fit."""
    woorden, kort = opgave.titel.split(), ""
    for woord in woorden:
        if len(kort) + len(woord) + 1 > KORTE_TITEL:
            kort = (kort or woord[:KORTE_TITEL]) + "…"
            break
        kort = f"{kort} {woord}".strip()
    return f"{opgave.nummer}. {kort}"


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
    grafiek.x_labels = [korte_titel(rij.opgave) for rij in overzicht.rijen]
    for index, jaar in enumerate(jaren):
        grafiek.add(jaar, [float(rij.budget[index]) for rij in overzicht.rijen])
    # pygal escapes all text it puts in the SVG (labels, titles, descriptions).
    return mark_safe(grafiek.render(is_unicode=True))
