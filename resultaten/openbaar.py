"""What the other apps use of resultaten, besides its models: the progress roll-up per
opgave and programme, recording progress, the admin inline and the history tables."""

from resultaten.admin import ResultaatInline
from resultaten.historie import resultaatbronnen
from resultaten.services import registreer_voortgang
from resultaten.voortgang import Rollup, Voortgang, rollup

__all__ = [
    "ResultaatInline",
    "Rollup",
    "Voortgang",
    "registreer_voortgang",
    "resultaatbronnen",
    "rollup",
]
