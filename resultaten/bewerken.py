from django.urls import path

from opgaven.onderdelen import Onderdeel
from resultaten import views
from resultaten.forms import ResultaatFormulier
from resultaten.models import Resultaat

RESULTAAT = Onderdeel(Resultaat, ResultaatFormulier, "resultaat", "resultaten", "resultaten")

urlpatterns = [
    *RESULTAAT.urls(),
    path("resultaten/<int:pk>/voortgang/", views.resultaat_voortgang, name="resultaat_voortgang"),
    path(
        "activiteiten/<int:pk>/voortgang/",
        views.activiteit_voortgang,
        name="activiteit_voortgang",
    ),
    path(
        "resultaten/<int:pk>/indicatoren/nieuw/",
        views.indicator_nieuw,
        name="resultaat_indicator_nieuw",
    ),
    path("indicatoren/<int:pk>/bewerken/", views.indicator_bewerken, name="indicator_bewerken"),
    path(
        "indicatoren/<int:pk>/verwijderen/",
        views.indicator_verwijderen,
        name="indicator_verwijderen",
    ),
]
