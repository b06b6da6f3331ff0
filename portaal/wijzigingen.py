"""The "Wijzigingen" page: an opgave's history across all apps, newest first."""

from datetime import datetime, time

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views.decorators.http import require_safe

from basis import paginacache
from basis.velden import DATUMVENSTER
from opgaven.models import Opgave
from opgaven.openbaar import actueel_programma_or_404
from portaal import historie

PER_PAGINA = 50


def _cursor(waarde: str | None) -> datetime | None:
    """?voor= as an aware moment; None (the newest page) when unreadable.

    Kept within DATUMVENSTER before any time zone arithmetic, which overflows near
    the years 1 and 9999: nothing changed before 2000, everything changed before 2101.
    """
    try:
        tijdstip = parse_datetime(waarde or "")
    except (ValueError, OverflowError):
        return None
    if tijdstip is None:
        return None
    eerste, laatste = DATUMVENSTER
    if tijdstip.date() > laatste:
        return None
    if tijdstip.date() < eerste:
        tijdstip = datetime.combine(eerste, time.min)
    if timezone.is_naive(tijdstip):
        tijdstip = timezone.make_aware(tijdstip)
    return tijdstip


@require_safe
def opgave_wijzigingen(request: HttpRequest, nummer: int) -> HttpResponse:
    programma = actueel_programma_or_404()
    opgave = get_object_or_404(Opgave, programma=programma, nummer=nummer)
    voor = _cursor(request.GET.get("voor"))

    def lijst() -> str:
        # One more than a page tells whether older changes exist.
        limiet = PER_PAGINA + 1
        samen = historie.wijzigingen_van_opgave(opgave, limiet=limiet, voor=voor)
        ouder = samen[PER_PAGINA - 1].tijdstip.isoformat() if len(samen) > PER_PAGINA else ""
        return render_to_string(
            "opgaven/_wijzigingen_lijst.html",
            {"wijzigingen": samen[:PER_PAGINA], "ouder": ouder},
        )

    # The same for every reader: kept until the data changes (which adds a change).
    cursor = voor.isoformat() if voor else ""
    return render(
        request,
        "opgaven/wijzigingen.html",
        {
            "programma": programma,
            "opgave": opgave,
            "lijst": paginacache.deel("wijzigingen", opgave.pk, cursor, maak=lijst),
        },
    )
