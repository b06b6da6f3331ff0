from django.urls import path, re_path

from portaal import dashboard, opgavepagina, startpagina, wijzigingen

app_name = "portaal"

urlpatterns = [
    path("", startpagina.startpagina, name="start"),
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("opgaven/<int:nummer>/", opgavepagina.opgave_detail, name="opgave"),
    path(
        "opgaven/<int:nummer>/wijzigingen/",
        wijzigingen.opgave_wijzigingen,
        name="opgave_wijzigingen",
    ),
    re_path(
        r"^opgaven/(?P<nummer>[0-9]+)/wijzigingen/export\.(?P<formaat>csv|xlsx)$",
        wijzigingen.opgave_wijzigingen_export,
        name="opgave_wijzigingen_export",
    ),
]
