from django.urls import path

from rapportages import views

app_name = "rapportages"

urlpatterns = [
    path("rapportages/", views.lijst, name="lijst"),
    path("rapportages/programma.pdf", views.programma_pdf, name="programma_pdf"),
    path("opgaven/<int:nummer>/rapportage.pdf", views.opgave_pdf, name="opgave_pdf"),
    path("rapportages/vaststellen/", views.vaststellen, name="vaststellen"),
    path("rapportages/<int:pk>/rapport.pdf", views.download, name="download"),
    path("rapportages/<int:pk>/wijzigingen/", views.wijzigingen_sindsdien, name="wijzigingen"),
]
