"""The start page per role: what this user has to do, before the full dashboard.

A beleidsmedewerker sees their opgaven and what is missing for the next peildatum;
management and beheerders see what waits for their decision.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Q, QuerySet, Window
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from basis.lijsten import OP_PAGINA, Ingekort, alles_gevraagd
from basis.rechten import rechten_van
from budget.models import Begrotingswijziging, Wijzigingsstatus
from opgaven.models import Activiteit, Opgave, Programma
from opgaven.openbaar import actueel_programma_or_404
from rapportages.models import Voortgangsrapportage
from resultaten.models import Resultaat, Voortgangsupdate

# The quarterly peildata of the planning-and-control cycle, as (month, day).
KWARTAALEINDEN = ((3, 31), (6, 30), (9, 30), (12, 31))


def volgende_peildatum(vandaag: date) -> date:
    """The first quarter end on or after `vandaag`."""
    for maand, dag in KWARTAALEINDEN:
        if (vandaag.month, vandaag.day) <= (maand, dag):
            return date(vandaag.year, maand, dag)
    raise AssertionError("31 December ends every year")


def vorige_peildatum(peildatum: date) -> date:
    """The quarter end before `peildatum` (itself a quarter end)."""
    # The day before the first day of the quarter that `peildatum` ends.
    return date(peildatum.year, peildatum.month - 2, 1) - timedelta(days=1)


@dataclass
class Werkvoorraad:
    """What a beleidsmedewerker has to do before `peildatum`."""

    peildatum: date
    vorige: date
    opgaven: list[Opgave]
    resultaten: Ingekort[Resultaat] = field(default_factory=lambda: Ingekort([], 0))
    activiteiten: Ingekort[Activiteit] = field(default_factory=lambda: Ingekort([], 0))
    zorgen: Ingekort[Voortgangsupdate] = field(default_factory=lambda: Ingekort([], 0))
    concepten: list[Begrotingswijziging] = field(default_factory=list)


def _concepten(**filter) -> QuerySet[Begrotingswijziging]:
    """Concept amendments (proposals that wait for a decision), opgave by opgave."""
    return (
        Begrotingswijziging.objects.filter(status=Wijzigingsstatus.CONCEPT, **filter)
        .select_related("regel__opgave")
        .order_by("regel__opgave__nummer", "jaar", "pk")
    )


def _eerste(rijen: QuerySet, limiet: int | None) -> Ingekort:
    """The first `limiet` rows (all with None) with the number of all, in one query: a
    window count over the whole list rides along with each row."""
    if limiet is None:
        alle = list(rijen)
        return Ingekort(alle, len(alle))
    eerste = list(rijen.annotate(aantal_in_lijst=Window(Count("pk")))[:limiet])
    return Ingekort(eerste, eerste[0].aantal_in_lijst if eerste else 0)


def werkvoorraad(
    opgaven: list[Opgave], vandaag: date, *, limiet: int | None = OP_PAGINA
) -> Werkvoorraad:
    """Results and activities of `opgaven` without an update for the next peildatum
    (one after the previous quarter end), their worrying latest updates and the
    concept amendments of their budget lines. Each list holds its first `limiet` items
    (None: all) and the number of all."""
    peildatum = volgende_peildatum(vandaag)
    vorige = vorige_peildatum(peildatum)
    resultaten = (
        Resultaat.objects.filter(opgave__in=opgaven)
        .zonder_update(na=vorige, tot=peildatum)
        .in_documentvolgorde()
        .select_related("opgave")
    )
    activiteiten = (
        Activiteit.objects.filter(opgave__in=opgaven)
        .nog_open()
        .zonder_update(na=vorige, tot=peildatum)
        .in_documentvolgorde()
        .select_related("opgave")
    )
    zorgen = Voortgangsupdate.objects.zorgelijk(peildatum=vandaag).filter(opgave__in=opgaven)
    return Werkvoorraad(
        peildatum=peildatum,
        vorige=vorige,
        opgaven=opgaven,
        resultaten=_eerste(resultaten, limiet),
        activiteiten=_eerste(activiteiten, limiet),
        zorgen=_eerste(zorgen, limiet),
        concepten=list(_concepten(regel__opgave__in=opgaven)),
    )


def wacht_op_besluit(programma: Programma) -> dict:
    """What waits for management: concept amendments and the latest frozen report."""
    concepten = _concepten(regel__opgave__programma=programma)
    laatste = (
        Voortgangsrapportage.objects.filter(Q(programma=programma) | Q(opgave__programma=programma))
        .order_by("-vastgesteld_op")
        .first()
    )
    return {
        "concepten": Ingekort(list(concepten[:OP_PAGINA]), concepten.count()),
        "laatste_rapportage": laatste,
    }


@require_safe
def startpagina(request: HttpRequest) -> HttpResponse:
    programma = actueel_programma_or_404()
    rechten = rechten_van(request.user)
    vandaag = timezone.localdate()
    context: dict = {"programma": programma, "rechten": rechten}
    if rechten.eigen_opgaven:
        opgaven = list(Opgave.objects.van_programma(programma).filter(pk__in=rechten.eigen_opgaven))
        context["werk"] = werkvoorraad(
            opgaven, vandaag, limiet=None if alles_gevraagd(request) else OP_PAGINA
        )
    if rechten.is_management or rechten.is_beheerder:
        context["besluiten"] = wacht_op_besluit(programma)
        context["opgaven"] = Opgave.objects.van_programma(programma)
    return render(request, "dashboard/start.html", context)
