from django.urls import path, re_path

from budget import views

app_name = "budget"

urlpatterns = [
    path("begroting/", views.begroting, name="begroting"),
    re_path(r"^begroting/export\.(?P<formaat>csv|xlsx)$", views.begroting_export, name="export"),
    re_path(
        r"^begroting/tabel-1\.(?P<formaat>csv|xlsx)$", views.tabel1_export, name="tabel1_export"
    ),
    path("begroting/cofinanciering/", views.cofinanciering, name="cofinanciering"),
    re_path(
        r"^begroting/cofinanciering/export\.(?P<formaat>csv|xlsx)$",
        views.cofinanciering_export,
        name="cofinanciering_export",
    ),
    path("begroting/regels/<int:pk>/", views.regel_detail, name="regel"),
    path("begroting/regels/<int:pk>/wijziging/", views.wijziging_nieuw, name="wijziging_nieuw"),
    path("begroting/regels/<int:pk>/realisatie/", views.realisatie_nieuw, name="realisatie_nieuw"),
    path("begroting/opgaven/<int:nummer>/nieuwe-regel/", views.regel_nieuw, name="regel_nieuw"),
    path(
        "begroting/wijzigingen/<int:pk>/vaststellen/",
        views.wijziging_vaststellen,
        name="wijziging_vaststellen",
    ),
]
