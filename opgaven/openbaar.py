"""What the other apps use of opgaven, besides its models: the one door into this app.

The programme every page shows, the list page of the programme, the edit pages
of an opgave's items (which resultaten reuses for its results, with its edit form
page bewerkformulier) and their save (bewaar_onderdeel), the admin for those items,
the filters every list shares, the status column of the lists, and this app's
history tables.
"""

from opgaven.admin import OpgaveAdmin, OpgaveOnderdeelAdmin
from opgaven.filters import KEUZELIJST, ProgrammaFilterSet
from opgaven.historie import opgavebronnen
from opgaven.onderdelen import Onderdeel, bewerkformulier, controleer_bewerkrecht, opgave_url
from opgaven.services import bewaar_onderdeel
from opgaven.tables import StatusKolom, status_html
from opgaven.views import ProgrammaLijst, actueel_programma_or_404

__all__ = [
    "KEUZELIJST",
    "Onderdeel",
    "OpgaveAdmin",
    "OpgaveOnderdeelAdmin",
    "ProgrammaFilterSet",
    "ProgrammaLijst",
    "StatusKolom",
    "actueel_programma_or_404",
    "bewaar_onderdeel",
    "bewerkformulier",
    "controleer_bewerkrecht",
    "opgave_url",
    "opgavebronnen",
    "status_html",
]
