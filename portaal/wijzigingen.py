"""The "Wijzigingen" page: an opgave's history across all apps, newest first; and the
same changes as CSV or XLSX (basis.werkboek)."""

from datetime import datetime, time

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from basis import paginacache
from basis.historie import Wijziging
from basis.opmaak import getal
from basis.velden import DATUMVENSTER
from basis.werkboek import Blad
from opgaven.models import Opgave
from opgaven.openbaar import actueel_programma_or_404
from portaal import historie

PER_PAGINA = 50
MAX_EXPORT = 2000  # changes in one export: the page's and older ones


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
            "cursor": cursor,
            "lijst": paginacache.deel("wijzigingen", opgave.pk, cursor, maak=lijst),
        },
    )


def wijzigingen_blad(
    opgave: Opgave, wijzigingen: list[Wijziging], *, voor: datetime | None, volledig: bool
) -> Blad:
    """One row per changed field (a change without fields, such as an addition, gets
    one row); the moment in local time, as the page shows it."""
    rijen = []
    for w in wijzigingen:
        moment = timezone.localtime(w.tijdstip).replace(tzinfo=None)
        begin = [moment, w.gebruiker, w.onderwerp, w.soort, w.omschrijving]
        for v in w.velden or [None]:
            rijen.append([*begin, *((v.veld, v.oud, v.nieuw) if v else ("", "", "")), w.reden])
    gekozen = [(_("Opgave"), f"{opgave.nummer}. {opgave.titel}")]
    if voor is not None:
        gekozen.append((_("Wijzigingen vóór"), timezone.localtime(voor).strftime("%d-%m-%Y %H:%M")))
    if not volledig:
        gekozen.append(
            (
                _("Let op"),
                _("alleen de nieuwste %(aantal)s wijzigingen") % {"aantal": getal(MAX_EXPORT)},
            )
        )
    return Blad(
        titel=_("Wijzigingen opgave %(nummer)s") % {"nummer": opgave.nummer},
        kolommen=[
            _("Tijdstip"),
            _("Gebruiker"),
            _("Onderwerp"),
            _("Soort"),
            _("Omschrijving"),
            _("Veld"),
            _("Oud"),
            _("Nieuw"),
            _("Reden"),
        ],
        rijen=rijen,
        filter=gekozen,
    )


@require_safe
def opgave_wijzigingen_export(request: HttpRequest, nummer: int, formaat: str) -> HttpResponse:
    """The changes the page shows (from its ?voor= on) and older ones, up to MAX_EXPORT."""
    opgave = get_object_or_404(Opgave, programma=actueel_programma_or_404(), nummer=nummer)
    voor = _cursor(request.GET.get("voor"))
    samen = historie.wijzigingen_van_opgave(opgave, limiet=MAX_EXPORT + 1, voor=voor)
    blad = wijzigingen_blad(
        opgave, samen[:MAX_EXPORT], voor=voor, volledig=len(samen) <= MAX_EXPORT
    )
    return blad.antwoord(
        formaat, f"wijzigingen-opgave-{opgave.nummer}-{timezone.localdate().isoformat()}.{formaat}"
    )
