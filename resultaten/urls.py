from django.urls import path

from resultaten import views

# Not namespaced: the list is `resultaten`, like `activiteiten`.
urlpatterns = [
    path("", views.ResultatenLijst.as_view(), name="resultaten"),
    path("<int:pk>/", views.resultaat_detail, name="resultaat"),
]
