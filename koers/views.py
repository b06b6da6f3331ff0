"""Pages that combine the apps; they only read, through the apps' query methods."""

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from budget.models import Begrotingsregel
from koers.weergave import OP_PAGINA, Ingekort, alles_gevraagd
from opgaven.models import Opgave
from opgaven.rechten import rechten_van
from opgaven.views import actueel_programma_or_404
from resultaten.models import Indicatorwaarde, Resultaat, Voortgangsupdate
from resultaten.voortgang import rollup


@require_safe
def opgave_detail(request: HttpRequest, nummer: int) -> HttpResponse:
    programma = actueel_programma_or_404()
    # Long sections show their first OP_PAGINA items; ?alles=1 shows everything.
    limiet = None if alles_gevraagd(request) else OP_PAGINA
    opgave = get_object_or_404(
        Opgave.objects.met_inhoud(limiet=limiet), programma=programma, nummer=nummer
    )
    peildatum = timezone.localdate()
    resultaten = Resultaat.objects.van_opgave(opgave).met_indicatoren()
    getoonde_resultaten = list(resultaten if limiet is None else resultaten[:limiet])
    laatste = {
        update.resultaat_id: update
        for update in Voortgangsupdate.objects.laatste_per_resultaat(peildatum=peildatum)
        .filter(resultaat__in=[resultaat.pk for resultaat in getoonde_resultaten])
        .prefetch_related(
            Prefetch("waarden", queryset=Indicatorwaarde.objects.select_related("indicator"))
        )
    }
    for resultaat in getoonde_resultaten:
        resultaat.laatste_update = laatste.get(resultaat.pk)  # type: ignore[attr-defined]
    tabel = Begrotingsregel.objects.tabel(programma, opgave=opgave, limiet=limiet)
    activiteiten = _deel(opgave, "hoofdactiviteiten", limiet)
    return render(
        request,
        "opgaven/detail.html",
        {
            "programma": programma,
            "opgave": opgave,
            "doelen": _deel(opgave, "hoofddoelen", limiet),
            "doelgroepen": _deel(opgave, "hoofddoelgroepen", limiet),
            "activiteiten": activiteiten,
            "activiteiten_per_thema": opgave.thema_met_activiteiten(activiteiten.items),
            "resultaten": Ingekort(getoonde_resultaten, resultaten.count()),
            "peildatum": peildatum,
            "voortgang": rollup(programma, [opgave], peildatum=peildatum).van(opgave),
            "tabel": tabel,
            "regels": Ingekort(
                [regel for groep in tabel.groepen for regel in groep.regels],
                opgave.begrotingsregels.count(),
            ),
            "mag_bewerken": rechten_van(request.user).mag_bewerken(opgave),
        },
    )


def _deel(opgave: Opgave, lijst: str, limiet: int | None) -> Ingekort:
    """An opgave's list as loaded by met_inhoud(limiet=...), with its full number."""
    items = getattr(opgave, lijst)
    return Ingekort(items, getattr(opgave, f"aantal_{lijst}", len(items)))
