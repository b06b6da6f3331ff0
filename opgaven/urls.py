from django.urls import path

from opgaven import views

app_name = "opgaven"

urlpatterns = [
    path("", views.opgave_lijst, name="lijst"),
]
