from django.urls import path

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
]
