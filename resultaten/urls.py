from django.urls import path

from resultaten import views, werkbladviews

app_name = "resultaten"

urlpatterns = [
    path("resultaten/", views.ResultatenLijst.as_view(), name="lijst"),
    path("resultaten/<int:pk>/", views.resultaat_detail, name="resultaat"),
    path("voortgang/", views.VoortgangLijst.as_view(), name="voortgang"),
    path("voortgang/werkblad/", werkbladviews.werkblad, name="werkblad"),
    path("voortgang/werkblad.xlsx", werkbladviews.werkblad_download, name="werkblad_download"),
    path(
        "voortgang/werkblad/bevestigen/",
        werkbladviews.werkblad_bevestigen,
        name="werkblad_bevestigen",
    ),
    *views.RESULTAAT.urls(),
    path("resultaten/<int:pk>/voortgang/", views.resultaat_voortgang, name="resultaat_voortgang"),
    path(
        "activiteiten/<int:pk>/voortgang/",
        views.activiteit_voortgang,
        name="activiteit_voortgang",
    ),
    path("resultaten/<int:pk>/indicatoren/nieuw/", views.indicator_nieuw, name="indicator_nieuw"),
    path("indicatoren/<int:pk>/bewerken/", views.indicator_bewerken, name="indicator_bewerken"),
    path(
        "indicatoren/<int:pk>/verwijderen/",
        views.indicator_verwijderen,
        name="indicator_verwijderen",
    ),
]
