"""The one place that wires the apps together.

URL convention: every app lists its own routes, with their full paths, in its
`urls.py` under its own namespace (`opgaven:activiteiten`, `budget:regel`, ...);
only the project's own routes (login, logout, health, the admin) have plain names.
"""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from koers import health
from koers.inloggen import InlogFormulier

urlpatterns = [
    path(
        "inloggen/",
        auth_views.LoginView.as_view(
            authentication_form=InlogFormulier, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("health/", health.health, name="health"),
    path("beheer/", admin.site.urls),
    path("", include("portaal.urls")),
    path("", include("opgaven.urls")),
    path("", include("resultaten.urls")),
    path("", include("budget.urls")),
    path("", include("rapportages.urls")),
]
