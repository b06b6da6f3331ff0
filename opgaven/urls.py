from django.urls import path

from opgaven import onderdelen, views

app_name = "opgaven"

urlpatterns = [
    path("opgaven/", views.opgave_lijst, name="lijst"),
    path("activiteiten/", views.ActiviteitenLijst.as_view(), name="activiteiten"),
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
