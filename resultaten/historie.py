from datetime import datetime

from opgaven.historie import Wijziging, wijzigingen
from opgaven.models import Opgave, Programma
from resultaten.models import Resultaat


def wijzigingen_van_opgave(
    opgave: Opgave, *, limiet: int, voor: datetime | None = None
) -> list[Wijziging]:
    return wijzigingen(Resultaat.history.filter(opgave_id=opgave.pk), limiet=limiet, voor=voor)


def wijzigingen_van_programma(programma: Programma, *, limiet: int) -> list[Wijziging]:
    return wijzigingen(
        Resultaat.history.filter(opgave_id__in=programma.opgaven.values("pk")), limiet=limiet
    )
