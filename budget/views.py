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
from budget import services
from budget.export import cofinanciering_blad, tabel1_blad, uitvoering_blad
from budget.forms import NieuweRegelFormulier, RealisatieFormulier, WijzigingFormulier
from budget.models import Begrotingsregel, Begrotingswijziging, Cofinanciering
from budget.tabel import NUL
from opgaven.models import Opgave, Programma
from opgaven.openbaar import actueel_programma_or_404


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


@require_safe
def begroting_export(request: HttpRequest, formaat: str) -> HttpResponse:
    programma = actueel_programma_or_404()
    jaar = _jaar(request, programma)
    blad = uitvoering_blad(Begrotingsregel.objects.uitvoering(programma, jaar))
    naam = f"begroting-{jaar}-{timezone.localdate().isoformat()}.{formaat}"
    return blad.antwoord(formaat, naam)


@require_safe
def tabel1_export(request: HttpRequest, formaat: str) -> HttpResponse:
    programma = actueel_programma_or_404()
    blad = tabel1_blad(Begrotingsregel.objects.tabel(programma))
    return blad.antwoord(formaat, f"tabel-1-{timezone.localdate().isoformat()}.{formaat}")


@require_safe
def cofinanciering_export(request: HttpRequest, formaat: str) -> HttpResponse:
    programma = actueel_programma_or_404()
    blad = cofinanciering_blad(Cofinanciering.objects.overzicht(programma))
    naam = f"cofinanciering-{timezone.localdate().isoformat()}.{formaat}"
    return blad.antwoord(formaat, naam)


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


def wijziging_nieuw(request: HttpRequest, pk: int) -> HttpResponse:
    regel = _regel_om_te_bewerken(request, pk)
    form = WijzigingFormulier(request.POST or None, programma=regel.opgave.programma)
    terug = regel_url(regel)
    if request.method == "POST" and form.is_valid():
        try:
            services.stel_wijziging_voor(regel=regel, gebruiker=request.user, **form.cleaned_data)
        except ValidationError as fout:
            toon_fout(form, fout, velden=VELDEN_VAN_WIJZIGING)
        else:
            messages.success(
                request,
                _("De begrotingswijziging is als concept opgeslagen; ze telt nog niet mee."),
            )
            return redirect(terug)
    titel = _("Begrotingswijziging voorstellen: %(regel)s") % {"regel": regel.omschrijving}
    return _formulierpagina(request, opgave=regel.opgave, form=form, titel=titel, terug=terug)


def regel_nieuw(request: HttpRequest, nummer: int) -> HttpResponse:
    programma = actueel_programma_or_404()
    opgave = get_object_or_404(Opgave, programma=programma, nummer=nummer)
    if not rechten_van(request.user).mag_bewerken(opgave):
        raise PermissionDenied
    form = NieuweRegelFormulier(request.POST or None, programma=programma)
    if request.method == "POST" and form.is_valid():
        try:
            wijziging = services.nieuwe_regel_met_wijziging(
                opgave=opgave, gebruiker=request.user, **form.cleaned_data
            )
        except ValidationError as fout:
            toon_fout(form, fout, velden=VELDEN_VAN_WIJZIGING)
        else:
            messages.success(
                request,
                _("De nieuwe begrotingsregel staat op nul met een concept-wijziging."),
            )
            return redirect(regel_url(wijziging.regel))
    titel = _("Nieuwe begrotingsregel via een begrotingswijziging")
    terug = reverse("budget:begroting")
    return _formulierpagina(request, opgave=opgave, form=form, titel=titel, terug=terug)


def realisatie_nieuw(request: HttpRequest, pk: int) -> HttpResponse:
    regel = _regel_om_te_bewerken(request, pk)
    form = RealisatieFormulier(request.POST or None, programma=regel.opgave.programma)
    terug = regel_url(regel)
    if request.method == "POST" and form.is_valid():
        gegevens = form.cleaned_data
        try:
            services.registreer_realisatie(
                regel=regel,
                gebruiker=request.user,
                jaar=gegevens["jaar"],
                datum=gegevens["datum"],
                omschrijving=gegevens["omschrijving"],
                verplicht=gegevens["verplicht"] or NUL,
                besteed=gegevens["besteed"] or NUL,
            )
        except ValidationError as fout:
            toon_fout(form, fout)
        else:
            messages.success(request, _("De realisatie is opgeslagen."))
            return redirect(terug)
    titel = _("Realisatie invoeren: %(regel)s") % {"regel": regel.omschrijving}
    return _formulierpagina(request, opgave=regel.opgave, form=form, titel=titel, terug=terug)


@require_POST
def wijziging_vaststellen(request: HttpRequest, pk: int) -> HttpResponse:
    if not rechten_van(request.user).mag_wijziging_vaststellen():
        raise PermissionDenied
    wijziging = get_object_or_404(Begrotingswijziging.objects.select_related("regel"), pk=pk)
    try:
        services.stel_wijziging_vast(wijziging=wijziging, gebruiker=request.user)
    except ValidationError as fout:
        # Already vastgesteld (perhaps by another beheerder a moment ago), or refused.
        messages.warning(request, " ".join(fout.messages))
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
