"""Edit pages for an opgave and the items that belong to it.

One `Onderdeel` describes an item type (doel, activiteit, resultaat, ...) and
gives its add, edit, delete-after-confirmation and reorder views. Apps that
depend on opgaven (resultaten) declare their own `Onderdeel` with their form.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from basis.rechten import rechten_van
from basis.services import Verwijderconflict, verwijderoverzicht
from basis.velden import toon_fout
from basis.versies import Versieconflict, VersieFormulier, toon_versieconflict
from opgaven import services
from opgaven.forms import (
    ActiviteitFormulier,
    DoelFormulier,
    DoelgroepFormulier,
    KoppelFormulier,
    OpgaveFormulier,
    Zoekkeuzes,
)
from opgaven.models import Activiteit, Doel, Doelgroep, Opgave
from opgaven.views import actueel_programma_or_404


def opgave_om_te_bewerken(request: HttpRequest, nummer: int) -> Opgave:
    """The opgave of the current programme, if this user may edit it; else 404/403."""
    programma = actueel_programma_or_404()
    opgave = get_object_or_404(
        Opgave.objects.select_related("programma"), programma=programma, nummer=nummer
    )
    controleer_bewerkrecht(request, opgave)
    return opgave


def controleer_bewerkrecht(request: HttpRequest, opgave: Opgave) -> None:
    if not rechten_van(request.user).mag_bewerken(opgave):
        raise PermissionDenied


def opgave_url(opgave: Opgave, anker: str = "") -> str:
    url = reverse("portaal:opgave", args=[opgave.nummer])
    return f"{url}#{anker}" if anker else url


def terug_naar(request: HttpRequest) -> str:
    """The page the user came from (`terug`, e.g. a filtered list), if it is ours; else ''."""
    terug = request.POST.get("terug") or request.GET.get("terug") or ""
    veilig = url_has_allowed_host_and_scheme(
        terug, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return terug if veilig and terug.startswith("/") else ""


def na_opslaan(request: HttpRequest, opgave: Opgave) -> str:
    # Back where the user came from, or the top of the opgave page: the confirmation
    # shows above the content, so a jump to a section anchor would scroll past it.
    return terug_naar(request) or opgave_url(opgave)


def opgave_bewerken(request: HttpRequest, nummer: int) -> HttpResponse:
    opgave = opgave_om_te_bewerken(request, nummer)
    return _bewerk(request, opgave, opgave, OpgaveFormulier, {}, _("Opgave bewerken"), "")


def _bewerk(request, opgave, obj, formulier, extra, titel, anker) -> HttpResponse:
    form = formulier(request.POST or None, instance=obj, **extra)
    terug = terug_naar(request)
    return bewerkformulier(
        request,
        form,
        bewaar=lambda: services.bewaar_onderdeel(
            obj=obj,
            verwachte_versie=form.cleaned_data["versie"],
            gegevens=form.gegevens(),
            gebruiker=request.user,
        ),
        gelukt=_("De wijziging is opgeslagen."),
        naar=na_opslaan(request, opgave),
        opgave=opgave,
        titel=titel,
        annuleer_url=terug or opgave_url(opgave, anker),
        terug=terug,
    )


def bewerkformulier(
    request: HttpRequest,
    form: forms.BaseForm,
    *,
    bewaar: Callable[[], object],
    gelukt: str,
    naar: str,
    opgave: Opgave,
    titel: str,
    annuleer_url: str,
    terug: str = "",
) -> HttpResponse:
    """The edit page of a versioned item (bewerken/formulier.html). A valid POST calls
    `bewaar()` (a service); its Versieconflict shows what the other person changed, its
    ValidationError shows in the form, and success goes to `naar` with the message `gelukt`.
    A post that asks for a search (Zoekkeuzes) shows the form again, narrowed, unsaved."""
    conflict = None
    if isinstance(form, Zoekkeuzes) and form.zoekt:
        form.zonder_fouten()
    elif request.method == "POST" and form.is_valid():
        try:
            bewaar()
        except Versieconflict as fout:
            conflict = fout
            toon_versieconflict(form, fout)
        except ValidationError as fout:
            toon_fout(form, fout)
        else:
            messages.success(request, gelukt)
            return redirect(naar)
    if isinstance(form, Zoekkeuzes):
        form.maak_zoekbaar(getoond=True)
    return render(
        request,
        "bewerken/formulier.html",
        {
            "opgave": opgave,
            "form": form,
            "titel": titel,
            "conflict": conflict,
            "terug": terug,
            "annuleer_url": annuleer_url,
        },
    )


@dataclass(frozen=True)
class Onderdeel:
    model: type[models.Model]
    formulier: type[VersieFormulier]
    naam: str
    meervoud: str
    anker: str
    app: str = "opgaven"  # the URL namespace of its routes

    @property
    def url_soort(self) -> str:
        """'opgaven:doel': with '_nieuw', '_bewerken', ... the names of its routes."""
        return f"{self.app}:{self.naam}"

    @property
    def verbose_name(self) -> str:
        return str(self.model._meta.verbose_name)

    def urls(self) -> list[URLPattern]:
        return [
            path(
                f"opgaven/<int:nummer>/{self.meervoud}/nieuw/",
                self.nieuw,
                name=f"{self.naam}_nieuw",
            ),
            path(
                f"{self.meervoud}/<int:pk>/bewerken/", self.bewerken, name=f"{self.naam}_bewerken"
            ),
            path(
                f"{self.meervoud}/<int:pk>/verwijderen/",
                self.verwijderen,
                name=f"{self.naam}_verwijderen",
            ),
            path(
                f"{self.meervoud}/<int:pk>/verplaatsen/",
                self.verplaatsen,
                name=f"{self.naam}_verplaatsen",
            ),
        ]

    def _object(self, request: HttpRequest, pk: int):
        obj = get_object_or_404(self.model.objects.select_related("opgave__programma"), pk=pk)
        controleer_bewerkrecht(request, obj.opgave)
        return obj

    def nieuw(self, request: HttpRequest, nummer: int) -> HttpResponse:
        opgave = opgave_om_te_bewerken(request, nummer)
        form = self.formulier(request.POST or None, opgave=opgave)
        terug = terug_naar(request)
        return bewerkformulier(
            request,
            form,
            bewaar=lambda: services.voeg_toe(obj=form.instance, gebruiker=request.user),
            gelukt=_("%(wat)s toegevoegd.") % {"wat": self.verbose_name.capitalize()},
            naar=na_opslaan(request, opgave),
            opgave=opgave,
            titel=_("%(wat)s toevoegen") % {"wat": self.verbose_name.capitalize()},
            annuleer_url=terug or opgave_url(opgave, self.anker),
            terug=terug,
        )

    def bewerken(self, request: HttpRequest, pk: int) -> HttpResponse:
        obj = self._object(request, pk)
        titel = _("%(wat)s bewerken") % {"wat": self.verbose_name.capitalize()}
        return _bewerk(
            request, obj.opgave, obj, self.formulier, {"opgave": obj.opgave}, titel, self.anker
        )

    def verwijderen(self, request: HttpRequest, pk: int) -> HttpResponse:
        obj = self._object(request, pk)
        if request.method == "POST":
            try:
                services.verwijder(
                    obj=obj,
                    gebruiker=request.user,
                    verwachte_vingerafdruk=request.POST.get("vingerafdruk", ""),
                )
            except IntegrityError:  # ProtectedError: recorded data that must stay
                messages.error(request, _geweigerd(self.verbose_name))
            except Verwijderconflict as conflict:
                messages.error(request, conflict.messages[0])
                return redirect(request.get_full_path())  # the confirmation, as it is now
            else:
                messages.success(
                    request,
                    _("%(wat)s verwijderd. Een beheerder kan dit terugzetten.")
                    % {"wat": self.verbose_name.capitalize()},
                )
            return redirect(na_opslaan(request, obj.opgave))
        return render(
            request,
            "bewerken/verwijderen.html",
            {
                "opgave": obj.opgave,
                "obj": obj,
                "soort": self.verbose_name,
                "overzicht": verwijderoverzicht(obj),
                "terug": terug_naar(request),
                "annuleer_url": terug_naar(request) or opgave_url(obj.opgave, self.anker),
            },
        )

    def verplaatsen(self, request: HttpRequest, pk: int) -> HttpResponse:
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        obj = self._object(request, pk)
        services.verplaats(
            obj=obj, omhoog=request.POST.get("richting") != "omlaag", gebruiker=request.user
        )
        return redirect(opgave_url(obj.opgave, self.anker))


DOEL = Onderdeel(Doel, DoelFormulier, "doel", "doelen", "doelen")
DOELGROEP = Onderdeel(Doelgroep, DoelgroepFormulier, "doelgroep", "doelgroepen", "doelgroep")
ACTIVITEIT = Onderdeel(
    Activiteit, ActiviteitFormulier, "activiteit", "activiteiten", "activiteiten"
)


def koppelingen(request: HttpRequest, nummer: int, soort: str) -> HttpResponse:
    """Link and unlink the shared partners or related programmes of an opgave."""
    if soort not in services.KOPPELINGEN:
        raise Http404
    opgave = opgave_om_te_bewerken(request, nummer)
    doelmodel, koppelmodel, veld = services.KOPPELINGEN[soort]
    form = KoppelFormulier(request.POST or None, doelmodel=doelmodel, opgave=opgave)
    if form.zoekt:
        form.zonder_fouten()
    elif request.method == "POST" and form.is_valid():
        try:
            gekoppeld = services.koppel(
                opgave=opgave,
                soort=soort,
                gebruiker=request.user,
                bestaand=form.cleaned_data["bestaand"],
                nieuwe_naam=form.cleaned_data["nieuwe_naam"],
            )
        except ValidationError as fout:
            toon_fout(form, fout, velden={"naam": "nieuwe_naam"})
        else:
            messages.success(request, _("%(naam)s is gekoppeld.") % {"naam": gekoppeld})
            return redirect(request.path)
    form.maak_zoekbaar(getoond=True)
    return render(
        request,
        "bewerken/koppelingen.html",
        {
            "opgave": opgave,
            "form": form,
            "soort": soort,
            "titel": doelmodel._meta.verbose_name_plural,
            "koppelingen": [
                (koppeling, getattr(koppeling, veld))
                for koppeling in koppelmodel.objects.filter(opgave=opgave).select_related(veld)
            ],
            "annuleer_url": opgave_url(opgave, soort),
        },
    )


@require_POST
def ontkoppelen(request: HttpRequest, nummer: int, soort: str, pk: int) -> HttpResponse:
    if soort not in services.KOPPELINGEN:
        raise Http404
    opgave = opgave_om_te_bewerken(request, nummer)
    _doelmodel, koppelmodel, veld = services.KOPPELINGEN[soort]
    koppeling = get_object_or_404(koppelmodel.objects.select_related(veld), pk=pk, opgave=opgave)
    try:
        services.ontkoppel(koppeling=koppeling, gebruiker=request.user)
    except IntegrityError:  # ProtectedError
        messages.error(request, _geweigerd(str(koppelmodel._meta.verbose_name)))
    else:
        messages.success(request, _("%(naam)s is ontkoppeld.") % {"naam": getattr(koppeling, veld)})
    return redirect("opgaven:koppelingen", nummer=nummer, soort=soort)


def _geweigerd(wat: str) -> str:
    return _(
        "%(wat)s is niet verwijderd: er hoort vastgelegde informatie bij, zoals "
        "voortgangsupdates, die bewaard blijft. Een beheerder kan helpen."
    ) % {"wat": wat.capitalize()}
