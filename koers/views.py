"""Pages that combine the apps; they only read, through the apps' query methods."""

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from budget.models import Begrotingsregel
from opgaven.models import Opgave
from opgaven.rechten import rechten_van
from opgaven.views import actueel_programma_or_404
from resultaten.models import Indicatorwaarde, Resultaat, Voortgangsupdate
from resultaten.voortgang import rollup


@require_safe
def opgave_detail(request: HttpRequest, nummer: int) -> HttpResponse:
    programma = actueel_programma_or_404()
    opgave = get_object_or_404(Opgave.objects.met_inhoud(), programma=programma, nummer=nummer)
    peildatum = timezone.localdate()
    resultaten = list(Resultaat.objects.van_opgave(opgave).met_indicatoren())
    laatste = {
        update.resultaat_id: update
        for update in Voortgangsupdate.objects.laatste_per_resultaat(peildatum=peildatum)
        .filter(opgave=opgave)
        .prefetch_related(
            Prefetch("waarden", queryset=Indicatorwaarde.objects.select_related("indicator"))
        )
    }
    for resultaat in resultaten:
        resultaat.laatste_update = laatste.get(resultaat.pk)  # type: ignore[attr-defined]
    return render(
        request,
        "opgaven/detail.html",
        {
            "programma": programma,
            "opgave": opgave,
            "resultaten": resultaten,
            "peildatum": peildatum,
            "voortgang": rollup(programma, [opgave], peildatum=peildatum).van(opgave),
            "tabel": Begrotingsregel.objects.tabel(programma, opgave=opgave),
            "mag_bewerken": rechten_van(request.user).mag_bewerken(opgave),
        },
    )
