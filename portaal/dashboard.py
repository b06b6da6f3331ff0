"""The start page: the programme at a glance (rapportages.samenvatting), the progress,
the points needing attention and the latest changes."""

from datetime import date

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from basis import paginacache
from basis.historie import Wijziging
from basis.lijsten import Ingekort
from opgaven.models import Opgave, Programma
from opgaven.openbaar import actueel_programma_or_404
from portaal import historie
from rapportages.openbaar import budgetgrafiek, overzicht
from resultaten.models import Voortgangsupdate
from resultaten.openbaar import Voortgang, rollup

LAATSTE_WIJZIGINGEN = 8


def laatste_wijzigingen(programma: Programma) -> list[Wijziging]:
    return historie.wijzigingen_van_programma(programma, limiet=LAATSTE_WIJZIGINGEN)


MAX_ZORGEN = 10


def zorgen(
    programma: Programma, peildatum: date, *, limiet: int = MAX_ZORGEN
) -> Ingekort[Voortgangsupdate]:
    """The latest updates on or before peildatum with 'aandacht nodig' or 'risico'.

    Two queries: the first `limiet` (opgave by opgave, newest first) and their number.
    """
    updates = Voortgangsupdate.objects.zorgelijk(peildatum=peildatum).van_programma(programma)
    eerste = list(updates[:limiet])
    return Ingekort(eerste, updates.count())


def _inhoud(programma: Programma, peildatum: date) -> str:
    """The dashboard below its heading: the same for every reader."""
    voortgang = rollup(
        programma,
        list(Opgave.objects.van_programma(programma)),
        peildatum=peildatum,
        indicatoren=Voortgang.GETOOND,
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
