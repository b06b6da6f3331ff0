from django.contrib import messages
from django.db import IntegrityError
from django.db.models import OuterRef, Subquery
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from basis.rechten import rechten_van
from basis.services import Verwijderconflict, verwijderoverzicht
from opgaven.models import Activiteit
from opgaven.openbaar import (
    Onderdeel,
    ProgrammaLijst,
    actueel_programma_or_404,
    bewerkformulier,
    controleer_bewerkrecht,
    opgave_url,
)
from resultaten import services
from resultaten.filters import ResultaatFilter, VoortgangFilter
from resultaten.forms import IndicatorFormulier, ResultaatFormulier, VoortgangFormulier
from resultaten.models import (
    Indicator,
    Resultaat,
    ResultaatQuerySet,
    Voortgangsupdate,
    VoortgangsupdateQuerySet,
)
from resultaten.tables import ResultatenTabel, VoortgangTabel


class ResultatenLijst(ProgrammaLijst):
    table_class = ResultatenTabel
    filterset_class = ResultaatFilter
    template_name = "resultaten/lijst.html"
    export_name = "resultaten"

    def get_queryset(self) -> ResultaatQuerySet:
        # The status of each result's latest update, as a subquery of the same query.
        laatste = (
            Voortgangsupdate.objects.laatste_per_resultaat(peildatum=timezone.localdate())
            .filter(resultaat=OuterRef("pk"))
            .values("status")[:1]
        )
        return (
            Resultaat.objects.van_programma(self.programma)
            .in_documentvolgorde()
            .met_eerste_streefdoel()
            .annotate(laatste_status=Subquery(laatste))
            .select_related("opgave")
        )


class VoortgangLijst(ProgrammaLijst):
    """Every progress update (the history); with a peildatum, the latest per item."""

    table_class = VoortgangTabel
    filterset_class = VoortgangFilter
    template_name = "voortgang/lijst.html"
    export_name = "voortgang"

    def get_queryset(self) -> VoortgangsupdateQuerySet:
        return (
            Voortgangsupdate.objects.van_programma(self.programma)
            .met_onderdeel()
            .order_by("-peildatum", "opgave__nummer", "-pk")
        )


def _resultaat(pk: int) -> Resultaat:
    programma = actueel_programma_or_404()
    return get_object_or_404(
        Resultaat.objects.select_related("opgave__programma"), pk=pk, opgave__programma=programma
    )


@require_safe
def resultaat_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A result with its indicators (realisation today) and its updates over time."""
    resultaat = _resultaat(pk)
    vandaag = timezone.localdate()
    return render(
        request,
        "resultaten/detail.html",
        {
            "resultaat": resultaat,
            "opgave": resultaat.opgave,
            "peildatum": vandaag,
            "indicatoren": list(
                Indicator.objects.filter(resultaat=resultaat)
                .met_realisatie(peildatum=vandaag)
                .order_by("volgorde", "pk")
            ),
            "updates": list(
                Voortgangsupdate.objects.filter(resultaat=resultaat)
                .met_onderdeel()
                .select_related("ingevoerd_door")
                .order_by("-peildatum", "-pk")
            ),
            "mag_bewerken": rechten_van(request.user).mag_bewerken(resultaat.opgave),
        },
    )


def _voortgang_invoeren(request, *, opgave, resultaat=None, activiteit=None, terug: str):
    indicatoren = list(resultaat.indicatoren.all()) if resultaat is not None else []
    form = VoortgangFormulier(
        request.POST or None,
        programma=opgave.programma,
        indicatoren=indicatoren,
        initial={"peildatum": timezone.localdate()},
    )

    def bewaar() -> None:
        gegevens = form.cleaned_data
        services.registreer_voortgang(
            resultaat=resultaat,
            activiteit=activiteit,
            peildatum=gegevens["peildatum"],
            status=gegevens["status"],
            toelichting=gegevens["toelichting"],
            verklaring=gegevens["verklaring"],
            maatregel=gegevens["maatregel"],
            waarden=form.waarden(),
            gebruiker=request.user,
        )

    return bewerkformulier(
        request,
        form,
        bewaar=bewaar,
        gelukt=_("De voortgang is vastgelegd."),
        naar=terug,
        opgave=opgave,
        titel=_("Voortgang vastleggen: %(wat)s") % {"wat": resultaat or activiteit},
        annuleer_url=terug,
    )


def resultaat_voortgang(request: HttpRequest, pk: int) -> HttpResponse:
    resultaat = _resultaat(pk)
    controleer_bewerkrecht(request, resultaat.opgave)
    return _voortgang_invoeren(
        request,
        opgave=resultaat.opgave,
        resultaat=resultaat,
        terug=reverse("resultaten:resultaat", args=[resultaat.pk]),
    )


def activiteit_voortgang(request: HttpRequest, pk: int) -> HttpResponse:
    programma = actueel_programma_or_404()
    activiteit = get_object_or_404(
        Activiteit.objects.select_related("opgave"), pk=pk, opgave__programma=programma
    )
    controleer_bewerkrecht(request, activiteit.opgave)
    return _voortgang_invoeren(
        request,
        opgave=activiteit.opgave,
        activiteit=activiteit,
        terug=opgave_url(activiteit.opgave, "voortgang"),
    )


def _indicator_formulier(request, *, resultaat: Resultaat, indicator: Indicator, titel: str):
    form = IndicatorFormulier(request.POST or None, instance=indicator, resultaat=resultaat)
    terug = reverse("resultaten:resultaat", args=[resultaat.pk])
    return bewerkformulier(
        request,
        form,
        bewaar=lambda: services.bewaar_indicator(
            indicator=form.instance,
            gebruiker=request.user,
            verwachte_versie=form.cleaned_data.get("versie"),
            velden=form.changed_data,
        ),
        gelukt=_("De indicator is opgeslagen."),
        naar=terug,
        opgave=resultaat.opgave,
        titel=titel,
        annuleer_url=terug,
    )


def indicator_nieuw(request: HttpRequest, pk: int) -> HttpResponse:
    resultaat = _resultaat(pk)
    controleer_bewerkrecht(request, resultaat.opgave)
    return _indicator_formulier(
        request, resultaat=resultaat, indicator=Indicator(), titel=_("Indicator toevoegen")
    )


def _indicator(request: HttpRequest, pk: int) -> Indicator:
    programma = actueel_programma_or_404()
    indicator = get_object_or_404(
        Indicator.objects.select_related("resultaat__opgave"),
        pk=pk,
        resultaat__opgave__programma=programma,
    )
    controleer_bewerkrecht(request, indicator.resultaat.opgave)
    return indicator


def indicator_bewerken(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = _indicator(request, pk)
    return _indicator_formulier(
        request, resultaat=indicator.resultaat, indicator=indicator, titel=_("Indicator bewerken")
    )


def indicator_verwijderen(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = _indicator(request, pk)
    terug = reverse("resultaten:resultaat", args=[indicator.resultaat_id])
    if request.method == "POST":
        try:
            services.verwijder_indicator(
                indicator=indicator,
                gebruiker=request.user,
                verwachte_vingerafdruk=request.POST.get("vingerafdruk", ""),
            )
        except IntegrityError:  # ProtectedError: a value was reported for it meanwhile
            messages.error(
                request,
                _("Deze indicator kan niet worden verwijderd: er is voortgang op gemeld."),
            )
        except Verwijderconflict as conflict:
            messages.error(request, conflict.messages[0])
            return redirect(request.get_full_path())
        else:
            messages.success(request, _("De indicator is verwijderd."))
        return redirect(terug)
    return render(
        request,
        "bewerken/verwijderen.html",
        {
            "opgave": indicator.resultaat.opgave,
            "obj": indicator,
            "soort": _("indicator"),
            "overzicht": verwijderoverzicht(indicator),
            "annuleer_url": terug,
        },
    )


RESULTAAT = Onderdeel(
    Resultaat, ResultaatFormulier, "resultaat", "resultaten", "resultaten", app="resultaten"
)
