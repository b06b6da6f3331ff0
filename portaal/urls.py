from django.urls import path

from portaal import dashboard, opgavepagina, wijzigingen

app_name = "portaal"

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("opgaven/<int:nummer>/", opgavepagina.opgave_detail, name="opgave"),
    path(
        "opgaven/<int:nummer>/wijzigingen/",
        wijzigingen.opgave_wijzigingen,
        name="opgave_wijzigingen",
    ),
]
