from datetime import datetime

from budget.models import Begrotingsbedrag, Begrotingsregel
from opgaven.historie import Wijziging, samenvoegen, wijzigingen
from opgaven.models import Opgave, Programma


def _van_opgaven(opgave_ids, *, limiet: int, voor: datetime | None) -> list[Wijziging]:
    regels = Begrotingsregel.history.filter(opgave_id__in=opgave_ids)
    # Through the history of the lines, so amounts of a deleted line still show.
    bedragen = Begrotingsbedrag.history.filter(regel_id__in=regels.values("id"))
    return samenvoegen(
        wijzigingen(regels, limiet=limiet, voor=voor),
        wijzigingen(bedragen, limiet=limiet, voor=voor),
        limiet=limiet,
    )


def wijzigingen_van_opgave(
    opgave: Opgave, *, limiet: int, voor: datetime | None = None
) -> list[Wijziging]:
    return _van_opgaven([opgave.pk], limiet=limiet, voor=voor)


def wijzigingen_van_programma(programma: Programma, *, limiet: int) -> list[Wijziging]:
    return _van_opgaven(programma.opgaven.values("pk"), limiet=limiet, voor=None)
