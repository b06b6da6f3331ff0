"""An opgave's or a programme's change history across every app, newest first.

Each app names its history tables (opgaven.historie.opgavebronnen, ...);
basis.historie.nieuwste_wijzigingen finds the newest records over all of them in
one query and reads only the tables they are in.
"""

from datetime import datetime

from basis.historie import Wijziging, nieuwste_wijzigingen
from budget.openbaar import begrotingsbronnen
from opgaven.models import Opgave, Programma
from opgaven.openbaar import opgavebronnen
from resultaten.openbaar import resultaatbronnen


def _van_opgaven(opgave_ids, *, limiet: int, voor: datetime | None) -> list[Wijziging]:
    bronnen = [
        *opgavebronnen(opgave_ids),
        *resultaatbronnen(opgave_ids),
        *begrotingsbronnen(opgave_ids),
    ]
    return nieuwste_wijzigingen(bronnen, limiet=limiet, voor=voor)


def wijzigingen_van_opgave(
    opgave: Opgave, *, limiet: int, voor: datetime | None = None
) -> list[Wijziging]:
    """The latest `limiet` changes to an opgave and everything that belongs to it."""
    return _van_opgaven([opgave.pk], limiet=limiet, voor=voor)


def wijzigingen_van_programma(programma: Programma, *, limiet: int) -> list[Wijziging]:
    """The latest `limiet` changes to any opgave of a programme and its parts."""
    return _van_opgaven(programma.opgaven.values("pk"), limiet=limiet, voor=None)
