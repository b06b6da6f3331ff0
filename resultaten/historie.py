from datetime import datetime

from django.db.models import Q

from opgaven.historie import Wijziging, samenvoegen, wijzigingen
from opgaven.models import Activiteit, Opgave, Programma
from resultaten.models import Indicator, Indicatorwaarde, Resultaat, Voortgangsupdate


def _van_opgaven(opgave_ids, *, limiet: int, voor: datetime | None) -> list[Wijziging]:
    """Results, their indicators and the progress reported on results and activities."""
    resultaten = Resultaat.history.filter(opgave_id__in=opgave_ids)
    # Through the history tables, so items of a deleted result still show.
    resultaat_ids = resultaten.values("id")
    activiteit_ids = Activiteit.history.filter(opgave_id__in=opgave_ids).values("id")
    updates = Voortgangsupdate.history.filter(
        Q(resultaat_id__in=resultaat_ids) | Q(activiteit_id__in=activiteit_ids)
    )
    bronnen = [
        resultaten,
        Indicator.history.filter(resultaat_id__in=resultaat_ids),
        updates,
        Indicatorwaarde.history.filter(update_id__in=updates.values("id")),
    ]
    return samenvoegen(*(wijzigingen(b, limiet=limiet, voor=voor) for b in bronnen), limiet=limiet)


def wijzigingen_van_opgave(
    opgave: Opgave, *, limiet: int, voor: datetime | None = None
) -> list[Wijziging]:
    return _van_opgaven([opgave.pk], limiet=limiet, voor=voor)


def wijzigingen_van_programma(programma: Programma, *, limiet: int) -> list[Wijziging]:
    return _van_opgaven(programma.opgaven.values("pk"), limiet=limiet, voor=None)
