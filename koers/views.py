"""Pages that combine the apps; they only read, through the apps' query methods."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from budget.models import Begrotingsregel
from opgaven.models import Opgave
from opgaven.rechten import rechten_van
from opgaven.views import actueel_programma_or_404
from resultaten.models import Resultaat


@require_safe
def opgave_detail(request: HttpRequest, nummer: int) -> HttpResponse:
    programma = actueel_programma_or_404()
    opgave = get_object_or_404(Opgave.objects.met_inhoud(), programma=programma, nummer=nummer)
    return render(
        request,
        "opgaven/detail.html",
        {
            "programma": programma,
            "opgave": opgave,
            "resultaten": Resultaat.objects.van_opgave(opgave),
            "tabel": Begrotingsregel.objects.tabel(programma, opgave=opgave),
            "mag_bewerken": rechten_van(request.user).mag_bewerken(opgave),
        },
    )
