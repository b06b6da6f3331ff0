"""The "Wijzigingen" page: an opgave's history across all apps, newest first."""

from datetime import datetime

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.dateparse import parse_datetime
from django.views.decorators.http import require_safe

from budget import historie as budget_historie
from opgaven import historie as opgaven_historie
from opgaven.models import Opgave
from opgaven.views import actueel_programma_or_404
from resultaten import historie as resultaten_historie

PER_PAGINA = 50


def _cursor(waarde: str | None) -> datetime | None:
    try:
        return parse_datetime(waarde or "")
    except ValueError:
        return None


@require_safe
def opgave_wijzigingen(request: HttpRequest, nummer: int) -> HttpResponse:
    programma = actueel_programma_or_404()
    opgave = get_object_or_404(Opgave, programma=programma, nummer=nummer)
    voor = _cursor(request.GET.get("voor"))
    # One more than a page tells whether older changes exist.
    limiet = PER_PAGINA + 1
    lijst = opgaven_historie.samenvoegen(
        opgaven_historie.wijzigingen_van_opgave(opgave, limiet=limiet, voor=voor),
        resultaten_historie.wijzigingen_van_opgave(opgave, limiet=limiet, voor=voor),
        budget_historie.wijzigingen_van_opgave(opgave, limiet=limiet, voor=voor),
        limiet=limiet,
    )
    return render(
        request,
        "opgaven/wijzigingen.html",
        {
            "programma": programma,
            "opgave": opgave,
            "wijzigingen": lijst[:PER_PAGINA],
            "ouder": lijst[PER_PAGINA - 1].tijdstip.isoformat() if len(lijst) > PER_PAGINA else "",
        },
    )
