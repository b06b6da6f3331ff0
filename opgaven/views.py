from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from opgaven.models import Opgave, Programma


def actueel_programma_or_404() -> Programma:
    programma = Programma.objects.actueel()
    if programma is None:
        raise Http404(_("Er is nog geen programma geladen."))
    return programma


def opgave_lijst(request: HttpRequest) -> HttpResponse:
    programma = actueel_programma_or_404()
    return render(
        request,
        "opgaven/lijst.html",
        {"programma": programma, "opgaven": Opgave.objects.van_programma(programma)},
    )
