"""The progress workbook in the portal: download, upload with a preview, confirm."""

from dataclasses import asdict
from datetime import date

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from basis import werkboek
from basis.rechten import Rechten, rechten_van
from opgaven.openbaar import actueel_programma_or_404
from resultaten.services import registreer_werkblad
from resultaten.werkblad import Werkbladrij, lees_werkblad, maak_werkblad

SESSIESLEUTEL = "voortgangswerkblad"


class WerkbladFormulier(forms.Form):
    bestand = forms.FileField(
        label=gettext_lazy("Ingevuld werkblad (.xlsx of .csv)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def clean_bestand(self):
        return werkboek.controleer_upload(self.cleaned_data["bestand"])


def _rechten(request: HttpRequest) -> Rechten:
    rechten = rechten_van(request.user)
    if not rechten.bewerkt_iets:
        raise PermissionDenied
    return rechten


def _peildatum(request: HttpRequest) -> date:
    try:
        return date.fromisoformat(request.GET.get("peildatum", ""))
    except ValueError:
        return timezone.localdate()


@require_safe
def werkblad_download(request: HttpRequest) -> HttpResponse:
    rechten = _rechten(request)
    peildatum = _peildatum(request)
    blad = maak_werkblad(programma=actueel_programma_or_404(), rechten=rechten, peildatum=peildatum)
    return blad.antwoord(werkboek.XLSX, f"voortgang-{peildatum.isoformat()}.xlsx")


def werkblad(request: HttpRequest) -> HttpResponse:
    """The page: choose a peildatum and download; upload and see the preview."""
    rechten = _rechten(request)
    programma = actueel_programma_or_404()
    form = WerkbladFormulier(request.POST or None, request.FILES or None)
    rijen: list[Werkbladrij] | None = None
    if request.method == "POST" and form.is_valid():
        bestand = form.cleaned_data["bestand"]
        try:
            rijen = lees_werkblad(
                bestand.read(),
                formaat=werkboek.formaat_van(bestand.name),
                programma=programma,
                rechten=rechten,
            )
        except werkboek.Leesfout as fout:
            form.add_error("bestand", str(fout))
        else:
            if rijen and not any(r.fouten for r in rijen):
                request.session[SESSIESLEUTEL] = [asdict(r) for r in rijen]
            else:
                request.session.pop(SESSIESLEUTEL, None)
    return render(
        request,
        "resultaten/werkblad.html",
        {
            "form": form,
            "rijen": rijen,
            "met_fouten": bool(rijen) and any(r.fouten for r in rijen),
            "peildatum": _peildatum(request),
        },
    )


@require_POST
def werkblad_bevestigen(request: HttpRequest) -> HttpResponse:
    rechten = _rechten(request)
    opgeslagen = request.session.pop(SESSIESLEUTEL, None)
    if not opgeslagen:
        messages.error(request, _("Er is geen gecontroleerd werkblad; lees het opnieuw in."))
        return redirect("resultaten:werkblad")
    rijen = [Werkbladrij(**r) for r in opgeslagen]
    for rij in rijen:
        rij.waarden = {int(pk): w for pk, w in rij.waarden.items()}
    try:
        updates = registreer_werkblad(
            rijen=rijen, programma=actueel_programma_or_404(), rechten=rechten
        )
    except ValidationError as fout:
        messages.error(request, " ".join(fout.messages))
        return redirect("resultaten:werkblad")
    messages.success(
        request, _("%(aantal)s voortgangsupdates vastgelegd.") % {"aantal": len(updates)}
    )
    return redirect("resultaten:voortgang")
