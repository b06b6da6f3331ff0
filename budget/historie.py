from datetime import datetime

from budget.models import (
    Begrotingsbedrag,
    Begrotingsregel,
    Begrotingswijziging,
    Cofinanciering,
    Realisatie,
)
from opgaven.historie import Wijziging, samenvoegen, wijzigingen
from opgaven.models import Opgave, Programma


def _van_opgaven(opgave_ids, *, limiet: int, voor: datetime | None) -> list[Wijziging]:
    regels = Begrotingsregel.history.filter(opgave_id__in=opgave_ids)
    # Through the history of the lines, so entries of a deleted line still show.
    regel_ids = regels.values("id")
    bronnen = [
        regels,
        Begrotingsbedrag.history.filter(regel_id__in=regel_ids),
        Begrotingswijziging.history.filter(regel_id__in=regel_ids),
        Realisatie.history.filter(regel_id__in=regel_ids),
        Cofinanciering.history.filter(opgave_id__in=opgave_ids),
    ]
    return samenvoegen(
        *(wijzigingen(bron, limiet=limiet, voor=voor) for bron in bronnen), limiet=limiet
    )


def wijzigingen_van_opgave(
    opgave: Opgave, *, limiet: int, voor: datetime | None = None
) -> list[Wijziging]:
    return _van_opgaven([opgave.pk], limiet=limiet, voor=voor)


def wijzigingen_van_programma(programma: Programma, *, limiet: int) -> list[Wijziging]:
    return _van_opgaven(programma.opgaven.values("pk"), limiet=limiet, voor=None)
