from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from koers import health, rapportages, views, wijzigingen
from koers.dashboard import dashboard
from koers.forms import InlogFormulier
from opgaven.views import ActiviteitenLijst
from resultaten.views import VoortgangLijst

urlpatterns = [
    path("", dashboard, name="home"),
    path(
        "inloggen/",
        auth_views.LoginView.as_view(
            authentication_form=InlogFormulier, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("opgaven/", include("opgaven.urls")),
    path("opgaven/<int:nummer>/", views.opgave_detail, name="opgave"),
    path(
        "opgaven/<int:nummer>/wijzigingen/",
        wijzigingen.opgave_wijzigingen,
        name="opgave_wijzigingen",
    ),
    path("opgaven/<int:nummer>/rapportage.pdf", rapportages.opgave_pdf, name="opgave_rapportage"),
    path("rapportages/", rapportages.lijst, name="rapportages"),
    path("rapportages/programma.pdf", rapportages.programma_pdf, name="rapportage_programma"),
    path("rapportages/vaststellen/", rapportages.vaststellen, name="rapportage_vaststellen"),
    path("rapportages/<int:pk>/rapport.pdf", rapportages.download, name="rapportage_download"),
    path(
        "rapportages/<int:pk>/wijzigingen/",
        rapportages.wijzigingen,
        name="rapportage_wijzigingen",
    ),
    path("begroting/", include("budget.urls")),
    path("activiteiten/", ActiviteitenLijst.as_view(), name="activiteiten"),
    path("resultaten/", include("resultaten.urls")),
    path("voortgang/", VoortgangLijst.as_view(), name="voortgang"),
    path("", include("opgaven.urls_bewerken")),
    path("", include("resultaten.bewerken")),
    path("health/", health.health, name="health"),
    path("beheer/", admin.site.urls),
]
