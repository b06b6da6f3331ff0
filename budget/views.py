from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from budget.models import Begrotingsregel
from opgaven.views import actueel_programma_or_404


def begroting(request: HttpRequest) -> HttpResponse:
    programma = actueel_programma_or_404()
    return render(
        request,
        "budget/begroting.html",
        {"programma": programma, "tabel": Begrotingsregel.objects.tabel(programma)},
    )
