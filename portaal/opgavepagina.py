"""Pages that combine the apps; they only read, through the apps' query methods."""

from datetime import date

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_safe

from basis import paginacache
from basis.lijsten import OP_PAGINA, Ingekort, alles_gevraagd, ingekort
from basis.rechten import rechten_van
from budget.models import Begrotingsregel
from opgaven.models import Opgave, Programma
from opgaven.openbaar import actueel_programma_or_404
from resultaten.models import Resultaat, Voortgangsupdate
from resultaten.openbaar import Voortgang, rollup


@require_safe
def opgave_detail(request: HttpRequest, nummer: int) -> HttpResponse:
    programma = actueel_programma_or_404()
    opgave = get_object_or_404(Opgave, programma=programma, nummer=nummer)
    mag_bewerken = rechten_van(request.user).mag_bewerken(opgave)
    peildatum = timezone.localdate()
    # Long sections show their first OP_PAGINA items; ?alles=1 shows everything.
    limiet = None if alles_gevraagd(request) else OP_PAGINA

    def inhoud() -> str:
        gegevens = _inhoud(programma, opgave.pk, peildatum=peildatum, limiet=limiet)
        return render_to_string(
            "opgaven/_inhoud.html",
            {**gegevens, "mag_bewerken": mag_bewerken},
            request=request if mag_bewerken else None,
        )

    # Edit controls carry the user's CSRF token; only the read-only page is shared.
    html = (
        inhoud()
        if mag_bewerken
        else paginacache.deel("opgave", opgave.pk, peildatum, limiet, maak=inhoud)
    )
    return render(
        request,
        "opgaven/detail.html",
        {"programma": programma, "opgave": opgave, "mag_bewerken": mag_bewerken, "inhoud": html},
    )


def _inhoud(
    programma: Programma, opgave_pk: int, *, peildatum: date, limiet: int | None
) -> dict[str, object]:
    """What the opgave page shows below its heading, in a constant number of queries."""
    opgave = Opgave.objects.met_inhoud(limiet=limiet).get(pk=opgave_pk)
    resultaten = Resultaat.objects.van_opgave(opgave).met_indicatoren()
    getoonde_resultaten = list(resultaten if limiet is None else resultaten[:limiet])
    laatste = {
        update.resultaat_id: update
        for update in Voortgangsupdate.objects.laatste_per_resultaat(
            peildatum=peildatum, opgaven=[opgave]
        )
        .filter(resultaat__in=[resultaat.pk for resultaat in getoonde_resultaten])
        .met_onderdeel()
    }
    for resultaat in getoonde_resultaten:
        resultaat.laatste_update = laatste.get(resultaat.pk)  # type: ignore[attr-defined]
    activiteiten = ingekort(opgave, "hoofdactiviteiten")
    return {
        "programma": programma,
        "opgave": opgave,
        "doelen": ingekort(opgave, "hoofddoelen"),
        "doelgroepen": ingekort(opgave, "hoofddoelgroepen"),
        "activiteiten": activiteiten,
        "activiteiten_per_thema": opgave.thema_met_activiteiten(activiteiten.items),
        "resultaten": Ingekort(getoonde_resultaten, resultaten.count()),
        "peildatum": peildatum,
        "voortgang": rollup(
            programma, [opgave], peildatum=peildatum, indicatoren=Voortgang.GETOOND
        ).van(opgave),
        "tabel": Begrotingsregel.objects.tabel(programma, opgave=opgave, limiet=limiet),
    }
