from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from koers import views
from koers.forms import InlogFormulier

urlpatterns = [
    path("", views.home, name="home"),
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
    path("begroting/", include("budget.urls")),
    path("beheer/", admin.site.urls),
]
