from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from basis import paginacache
from basis.lijsten import OP_PAGINA, alles_gevraagd
from basis.rechten import rechten_van
from basis.velden import toon_fout
from basis.versies import Versieconflict, getoonde_versie
from basis.werkboek import Blad
from budget import services
from budget.export import cofinanciering_blad, tabel1_blad, uitvoering_blad
from budget.forms import NieuweRegelFormulier, RealisatieFormulier, WijzigingFormulier
from budget.models import Begrotingsregel, Begrotingswijziging, Cofinanciering
from budget.tabel import NUL
from opgaven.models import Opgave, Programma
from opgaven.openbaar import actueel_programma_or_404

T = TypeVar("T")


def _jaar(request: HttpRequest, programma: Programma) -> int:
    """?jaar= if it lies in the programme, else this year, else the programme's first year."""
    try:
        jaar = int(request.GET.get("jaar", ""))
    except ValueError:
        jaar = timezone.localdate().year
    return jaar if jaar in programma.jaren else programma.eerste_jaar


@require_safe
def begroting(request: HttpRequest) -> HttpResponse:
    programma = actueel_programma_or_404()
    jaar = _jaar(request, programma)
    # Per opgave the first lines; ?alles=1 shows every line (the export always has all).
    limiet = None if alles_gevraagd(request) else OP_PAGINA

    def inhoud() -> str:
        return render_to_string(
            "budget/_inhoud.html",
            {
                "programma": programma,
                "tabel": Begrotingsregel.objects.tabel(programma, limiet=limiet),
                "jaar": jaar,
                "uitvoering": Begrotingsregel.objects.uitvoering(programma, jaar, limiet=limiet),
                "laatste_extract": services.laatste_grootboekextract(),
            },
        )

    # The same for every reader: kept until the data changes.
    return render(
        request,
        "budget/begroting.html",
        {
            "programma": programma,
            "inhoud": paginacache.deel("begroting", programma.pk, jaar, limiet, maak=inhoud),
        },
    )


def _download(blad: Blad, formaat: str, naam: str) -> HttpResponse:
    """The sheet as `<naam>-<today>.<formaat>`."""
    return blad.antwoord(formaat, f"{naam}-{timezone.localdate().isoformat()}.{formaat}")


@require_safe
def begroting_export(request: HttpRequest, formaat: str) -> HttpResponse:
    programma = actueel_programma_or_404()
    jaar = _jaar(request, programma)
    blad = uitvoering_blad(Begrotingsregel.objects.uitvoering(programma, jaar))
    return _download(blad, formaat, f"begroting-{jaar}")


@require_safe
def tabel1_export(request: HttpRequest, formaat: str) -> HttpResponse:
    blad = tabel1_blad(Begrotingsregel.objects.tabel(actueel_programma_or_404()))
    return _download(blad, formaat, "tabel-1")


@require_safe
def cofinanciering_export(request: HttpRequest, formaat: str) -> HttpResponse:
    blad = cofinanciering_blad(Cofinanciering.objects.overzicht(actueel_programma_or_404()))
    return _download(blad, formaat, "cofinanciering")


def _regel(pk: int) -> Begrotingsregel:
    programma = actueel_programma_or_404()
    return get_object_or_404(
        Begrotingsregel.objects.select_related("opgave__programma"),
        pk=pk,
        opgave__programma=programma,
    )


def _regel_om_te_bewerken(request: HttpRequest, pk: int) -> Begrotingsregel:
    regel = _regel(pk)
    if not rechten_van(request.user).mag_bewerken(regel.opgave):
        raise PermissionDenied
    return regel


@require_safe
def regel_detail(request: HttpRequest, pk: int) -> HttpResponse:
    regel = _regel(pk)
    programma = regel.opgave.programma
    rechten = rechten_van(request.user)
    return render(
        request,
        "budget/regel.html",
        {
            "programma": programma,
            "regel": regel,
            "jaren": Begrotingsregel.objects.per_jaar(regel),
            "wijzigingen": regel.wijzigingen.order_by("jaar", "besluitdatum", "pk"),
            "realisaties": regel.realisaties.order_by("jaar", "datum", "pk"),
            "mag_bewerken": rechten.mag_bewerken(regel.opgave),
            "mag_vaststellen": rechten.mag_wijziging_vaststellen(),
        },
    )


# The amendment's fields that the form names otherwise.
VELDEN_VAN_WIJZIGING = {"motivering": "reden"}


def _formulierpagina(request, *, opgave: Opgave, form, titel: str, terug: str) -> HttpResponse:
    return render(
        request,
        "bewerken/formulier.html",
        {"opgave": opgave, "form": form, "titel": titel, "annuleer_url": terug},
    )


def _bewaar_formulier(
    request: HttpRequest,
    form,
    bewaar: Callable[[dict[str, Any]], T],
    *,
    melding: str,
    velden: dict[str, str] | None = None,
) -> T | None:
    """On a valid POST: the service's result, with `melding`; else None. The service's
    ValidationError lands on the form (basis.velden.toon_fout)."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        uitkomst = bewaar(form.cleaned_data)
    except ValidationError as fout:
        toon_fout(form, fout, velden=velden)
        return None
    messages.success(request, melding)
    return uitkomst


def wijziging_nieuw(request: HttpRequest, pk: int) -> HttpResponse:
    regel = _regel_om_te_bewerken(request, pk)
    form = WijzigingFormulier(request.POST or None, programma=regel.opgave.programma)
    terug = regel_url(regel)
    if _bewaar_formulier(
        request,
        form,
        lambda g: services.stel_wijziging_voor(regel=regel, gebruiker=request.user, **g),
        melding=_("De begrotingswijziging is als concept opgeslagen; ze telt nog niet mee."),
        velden=VELDEN_VAN_WIJZIGING,
    ):
        return redirect(terug)
    titel = _("Begrotingswijziging voorstellen: %(regel)s") % {"regel": regel.omschrijving}
    return _formulierpagina(request, opgave=regel.opgave, form=form, titel=titel, terug=terug)


def regel_nieuw(request: HttpRequest, nummer: int) -> HttpResponse:
    programma = actueel_programma_or_404()
    opgave = get_object_or_404(Opgave, programma=programma, nummer=nummer)
    if not rechten_van(request.user).mag_bewerken(opgave):
        raise PermissionDenied
    form = NieuweRegelFormulier(request.POST or None, programma=programma)
    wijziging = _bewaar_formulier(
        request,
        form,
        lambda g: services.nieuwe_regel_met_wijziging(opgave=opgave, gebruiker=request.user, **g),
        melding=_("De nieuwe begrotingsregel staat op nul met een concept-wijziging."),
        velden=VELDEN_VAN_WIJZIGING,
    )
    if wijziging:
        return redirect(regel_url(wijziging.regel))
    titel = _("Nieuwe begrotingsregel via een begrotingswijziging")
    terug = reverse("budget:begroting")
    return _formulierpagina(request, opgave=opgave, form=form, titel=titel, terug=terug)


def realisatie_nieuw(request: HttpRequest, pk: int) -> HttpResponse:
    regel = _regel_om_te_bewerken(request, pk)
    form = RealisatieFormulier(request.POST or None, programma=regel.opgave.programma)
    terug = regel_url(regel)
    if _bewaar_formulier(
        request,
        form,
        lambda g: services.registreer_realisatie(
            regel=regel,
            gebruiker=request.user,
            jaar=g["jaar"],
            datum=g["datum"],
            omschrijving=g["omschrijving"],
            verplicht=g["verplicht"] or NUL,
            besteed=g["besteed"] or NUL,
        ),
        melding=_("De realisatie is opgeslagen."),
    ):
        return redirect(terug)
    titel = _("Realisatie invoeren: %(regel)s") % {"regel": regel.omschrijving}
    return _formulierpagina(request, opgave=regel.opgave, form=form, titel=titel, terug=terug)


@require_POST
def wijziging_vaststellen(request: HttpRequest, pk: int) -> HttpResponse:
    if not rechten_van(request.user).mag_wijziging_vaststellen():
        raise PermissionDenied
    wijziging = get_object_or_404(Begrotingswijziging.objects.select_related("regel"), pk=pk)
    try:
        services.stel_wijziging_vast(
            wijziging=wijziging,
            gebruiker=request.user,
            verwachte_versie=getoonde_versie(request.POST),
        )
    except ValidationError as fout:
        # Already vastgesteld (perhaps by another beheerder a moment ago), or refused.
        messages.warning(request, " ".join(fout.messages))
    except Versieconflict as conflict:
        messages.warning(request, conflict.melding())
    else:
        messages.success(
            request,
            _("%(kenmerk)s is vastgesteld en telt mee in de actuele begroting.")
            % {"kenmerk": wijziging.kenmerk},
        )
    return redirect(regel_url(wijziging.regel))


@require_safe
def cofinanciering(request: HttpRequest) -> HttpResponse:
    programma = actueel_programma_or_404()
    return render(
        request,
        "budget/cofinanciering.html",
        {
            "programma": programma,
            "overzicht": Cofinanciering.objects.overzicht(programma),
        },
    )


def regel_url(regel: Begrotingsregel) -> str:
    return reverse("budget:regel", args=[regel.pk])
