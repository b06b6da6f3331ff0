"""Edit routes; not namespaced, so other apps' templates can link to them by name."""

from django.urls import path

from opgaven import onderdelen

urlpatterns = [
    path("opgaven/<int:nummer>/bewerken/", onderdelen.opgave_bewerken, name="opgave_bewerken"),
    path(
        "opgaven/<int:nummer>/koppelingen/<str:soort>/",
        onderdelen.koppelingen,
        name="koppelingen",
    ),
    path(
        "opgaven/<int:nummer>/koppelingen/<str:soort>/<int:pk>/ontkoppelen/",
        onderdelen.ontkoppelen,
        name="ontkoppelen",
    ),
    *onderdelen.DOEL.urls(),
    *onderdelen.DOELGROEP.urls(),
    *onderdelen.ACTIVITEIT.urls(),
]
