"""Voortgangsrapportages: the PDF downloads, the list, vaststellen and what changed since.

Thin views: the data live in rapportages.gegevens, the document and its cache in
rapportages.document, freezing in rapportages.services and the comparison in
rapportages.vergelijking.
Every role may read and download; only management and beheerders may vaststellen.
"""

import logging
from datetime import date
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from basis import paginacache
from basis.dataversie import dataversie
from basis.rechten import rechten_van
from basis.velden import beperk_datums, programmavenster
from opgaven.models import Opgave, Programma
from opgaven.openbaar import actueel_programma_or_404
from rapportages import document, services, snapshot, vergelijking
from rapportages.models import Ketenfout, PCMoment, Voortgangsrapportage

logger = logging.getLogger(__name__)

PROGRAMMA = "programma"


def _pdf(inhoud: bytes, bestandsnaam: str) -> HttpResponse:
    response = HttpResponse(inhoud, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{bestandsnaam}"'
    response["Content-Length"] = str(len(inhoud))
    return response


def _bestandsnaam(opgave: Opgave | None, peildatum: date, moment: str, status: str) -> str:
    onderdeel = f"opgave-{opgave.nummer}" if opgave is not None else PROGRAMMA
    delen = ["voortgangsrapportage", onderdeel, peildatum.isoformat(), moment, status]
    return "-".join(deel for deel in delen if deel) + ".pdf"


class Peilformulier(forms.Form):
    """peildatum (JJJJ-MM-DD, default today) and an optional P&C moment, from the query
    string. A report, concept or frozen, is about a peildatum near its programme."""

    peildatum = forms.DateField(
        label=gettext_lazy("Peildatum"), required=False, input_formats=["%Y-%m-%d"]
    )
    moment = forms.ChoiceField(
        label=gettext_lazy("P&C-moment"),
        required=False,
        choices=[("", gettext_lazy("geen")), *PCMoment.choices],
    )

    def __init__(self, *args, programma: Programma, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        beperk_datums(self, programmavenster(programma.eerste_jaar, programma.laatste_jaar))


def _peil(request: HttpRequest, programma: Programma) -> tuple[date, str] | HttpResponse:
    formulier = Peilformulier(request.GET, programma=programma)
    if not formulier.is_valid():
        return render(
            request,
            "rapportages/ongeldig.html",
            {"formulier": formulier},
            status=400,
        )
    return (
        formulier.cleaned_data["peildatum"] or timezone.localdate(),
        formulier.cleaned_data["moment"],
    )


def _concept(request: HttpRequest, programma: Programma, opgave: Opgave | None) -> HttpResponse:
    peil = _peil(request, programma)
    if isinstance(peil, HttpResponse):
        return peil
    peildatum, moment = peil
    inhoud = document.concept_pdf(programma, peildatum=peildatum, opgave=opgave, moment=moment)
    return _pdf(inhoud, _bestandsnaam(opgave, peildatum, moment, document.CONCEPT))


@require_safe
def programma_pdf(request: HttpRequest) -> HttpResponse:
    return _concept(request, actueel_programma_or_404(), None)


@require_safe
def opgave_pdf(request: HttpRequest, nummer: int) -> HttpResponse:
    programma = actueel_programma_or_404()
    return _concept(
        request, programma, get_object_or_404(Opgave, programma=programma, nummer=nummer)
    )


class Rapportformulier(Peilformulier):
    """The report pages' form: what the report is about, its peildatum (required) and moment."""

    onderdeel = forms.ChoiceField(label=gettext_lazy("Rapportage over"))
    peildatum = forms.DateField(
        label=gettext_lazy("Peildatum"),
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    field_order = ["onderdeel", "peildatum", "moment"]

    def __init__(self, *args, programma: Programma, opgaven: list[Opgave], **kwargs) -> None:
        super().__init__(*args, programma=programma, **kwargs)
        self.opgaven = {str(opgave.nummer): opgave for opgave in opgaven}
        self.fields["onderdeel"].choices = [
            (PROGRAMMA, _("Het hele programma")),
            *((nummer, str(opgave)) for nummer, opgave in self.opgaven.items()),
        ]

    @property
    def opgave(self) -> Opgave | None:
        return self.opgaven.get(self.cleaned_data["onderdeel"])

    def concept_url(self) -> str:
        """The concept PDF of what the valid form asks for."""
        opgave, moment = self.opgave, self.cleaned_data["moment"]
        url = (
            reverse("rapportages:opgave_pdf", args=[opgave.nummer])
            if opgave
            else reverse("rapportages:programma_pdf")
        )
        query = {"peildatum": self.cleaned_data["peildatum"].isoformat()}
        if moment:
            query["moment"] = moment
        return f"{url}?{urlencode(query)}"


VASTSTELLEN = "vaststellen"
ACTIE = "actie"
FORMULIERVELDEN = "partials/formulier.html"


def _formulier(programma: Programma, data=None, *, prefix: str | None = None) -> Rapportformulier:
    return Rapportformulier(
        data,
        prefix=prefix,
        programma=programma,
        opgaven=list(Opgave.objects.van_programma(programma).order_by("nummer")),
        initial={"onderdeel": PROGRAMMA, "peildatum": timezone.localdate()},
    )


def _lijst(
    request: HttpRequest,
    programma: Programma,
    *,
    formulier: Rapportformulier | None = None,
    status: int = 200,
) -> HttpResponse:
    versie = dataversie()
    if formulier is not None:
        # A form with a user's input or errors is not shared.
        velden = render_to_string(FORMULIERVELDEN, {"form": formulier})
    else:
        # The empty form is the same for everyone today (the CSRF token and the
        # buttons sit outside it), so it comes from the cache.
        velden = paginacache.deel(
            "rapportformulier",
            programma.pk,
            timezone.localdate(),
            versie=versie,
            maak=lambda: render_to_string(FORMULIERVELDEN, {"form": _formulier(programma)}),
        )
    return render(
        request,
        "rapportages/lijst.html",
        {
            "programma": programma,
            "velden": velden,
            # Frozen reports are in the data version, so a new one shows at once.
            "vastgesteld": paginacache.deel(
                "vastgestelde_rapportages",
                programma.pk,
                versie=versie,
                maak=lambda: render_to_string(
                    "rapportages/_vastgesteld.html",
                    {
                        "rapporten": Voortgangsrapportage.objects.filter(programma=programma)
                        .defer("pdf", "snapshot")
                        .select_related("opgave", "vastgesteld_door")
                    },
                ),
            ),
            "mag_vaststellen": rechten_van(request.user).mag_rapportage_vaststellen(),
            "actie": ACTIE,
            "vaststellen": VASTSTELLEN,
        },
        status=status,
    )


@require_safe
def lijst(request: HttpRequest) -> HttpResponse:
    """The vastgestelde reports and one form: "Voorbeeld (concept)" downloads the concept
    PDF; "Vaststellen" (management, beheerders) first shows what would be frozen."""
    programma = actueel_programma_or_404()
    if "onderdeel" not in request.GET:
        return _lijst(request, programma)
    vaststellen = request.GET.get(ACTIE) == VASTSTELLEN
    if vaststellen and not rechten_van(request.user).mag_rapportage_vaststellen():
        raise PermissionDenied
    formulier = _formulier(programma, request.GET)
    if not formulier.is_valid():
        return _lijst(request, programma, formulier=formulier, status=400)
    if vaststellen:
        # Asking is safe (GET, nothing changes); only the confirmation's POST freezes.
        return _bevestigen(request, formulier)
    return redirect(formulier.concept_url())


BEVESTIGD = "bevestigd"


def _bevestigen(request: HttpRequest, formulier: Rapportformulier) -> HttpResponse:
    """The confirmation step: what will be frozen, a link to its concept, and the button."""
    gegevens = formulier.cleaned_data
    moment = gegevens["moment"]
    return render(
        request,
        "rapportages/bevestigen.html",
        {
            "opgave": formulier.opgave,
            "peildatum": gegevens["peildatum"],
            "moment": PCMoment(moment).label if moment else "",
            "concept_url": formulier.concept_url(),
            "velden": [
                (f"{VASTSTELLEN}-onderdeel", gegevens["onderdeel"]),
                (f"{VASTSTELLEN}-peildatum", gegevens["peildatum"].isoformat()),
                (f"{VASTSTELLEN}-moment", moment),
            ],
            "bevestigd": BEVESTIGD,
        },
    )


def _zonder_prefix(data, prefix: str) -> dict[str, str]:
    """The confirmation's fields under the names of the page's one form."""
    return {naam: data.get(f"{prefix}-{naam}", "") for naam in Rapportformulier.base_fields}


@require_POST
def vaststellen(request: HttpRequest) -> HttpResponse:
    if not rechten_van(request.user).mag_rapportage_vaststellen():
        raise PermissionDenied
    programma = actueel_programma_or_404()
    formulier = _formulier(programma, request.POST, prefix=VASTSTELLEN)
    if not formulier.is_valid():
        terug = _formulier(programma, _zonder_prefix(request.POST, VASTSTELLEN))
        return _lijst(request, programma, formulier=terug)
    if request.POST.get(BEVESTIGD) != "1":
        # Freezing cannot be undone: first say what will be frozen, with its concept.
        return _bevestigen(request, formulier)
    try:
        rapport = services.stel_rapportage_vast(
            programma=programma,
            opgave=formulier.opgave,
            peildatum=formulier.cleaned_data["peildatum"],
            moment=formulier.cleaned_data["moment"],
            gebruiker=request.user,
        )
    except Ketenfout as fout:
        # The chain's head is missing or changed (or a key rotation awaits its step).
        logger.error("Rapportage niet vastgesteld: %s", " ".join(fout.messages))
        messages.error(request, " ".join(fout.messages))
        return redirect("rapportages:lijst")
    messages.success(request, _("%(titel)s is vastgesteld.") % {"titel": rapport})
    return redirect("rapportages:lijst")


@require_safe
def download(request: HttpRequest, pk: int) -> HttpResponse:
    """The exact bytes that were vastgesteld, only if they, their data and their link to the
    previous report still match their signatures (Voortgangsrapportage.gebreken)."""
    rapport = get_object_or_404(Voortgangsrapportage, pk=pk)
    gebreken = rapport.gebreken()
    if gebreken:
        logger.error(
            "Voortgangsrapportage %s (nr. %s in de keten, SHA-256 %s) niet geleverd: %s",
            rapport.pk,
            rapport.volgnummer,
            rapport.sha256,
            " ".join(gebreken),
        )
        return render(
            request,
            "rapportages/beschadigd.html",
            {"rapport": rapport, "gebreken": gebreken},
            status=409,
        )
    return _pdf(
        bytes(rapport.pdf),
        _bestandsnaam(rapport.opgave, rapport.peildatum, rapport.moment, document.VASTGESTELD),
    )


@require_safe
def wijzigingen_sindsdien(request: HttpRequest, pk: int) -> HttpResponse:
    """What changed since a vastgestelde report: against today's data or another report."""
    rapport = get_object_or_404(Voortgangsrapportage.objects.defer("pdf"), pk=pk)
    ander = None
    met = request.GET.get("met", "")
    if met:
        if not (met.isascii() and met.isdigit() and len(met) <= 18):
            return render(request, "rapportages/ongeldig.html", {}, status=400)
        ander = get_object_or_404(Voortgangsrapportage.objects.defer("pdf"), pk=int(met))
        nieuw = ander.snapshot
    else:
        nieuw = snapshot.huidige_snapshot(rapport)
    return render(
        request,
        "rapportages/wijzigingen.html",
        {
            "rapport": rapport,
            "ander": ander,
            "verschillen": vergelijking.vergelijk(rapport.snapshot, nieuw),
            "andere_rapporten": Voortgangsrapportage.objects.filter(programma=rapport.programma)
            .exclude(pk=rapport.pk)
            .defer("pdf", "snapshot"),
        },
    )
