from django.urls import path, re_path

from budget import views

app_name = "budget"

urlpatterns = [
    path("", views.begroting, name="begroting"),
    re_path(r"^export\.(?P<formaat>csv|xlsx)$", views.begroting_export, name="export"),
    path("cofinanciering/", views.cofinanciering, name="cofinanciering"),
    path("regels/<int:pk>/", views.regel_detail, name="regel"),
    path("regels/<int:pk>/wijziging/", views.wijziging_nieuw, name="wijziging_nieuw"),
    path("regels/<int:pk>/realisatie/", views.realisatie_nieuw, name="realisatie_nieuw"),
    path("opgaven/<int:nummer>/nieuwe-regel/", views.regel_nieuw, name="regel_nieuw"),
    path(
        "wijzigingen/<int:pk>/vaststellen/",
        views.wijziging_vaststellen,
        name="wijziging_vaststellen",
    ),
]
