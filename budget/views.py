from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from budget.models import Begrotingsregel
from opgaven.views import actueel_programma_or_404


@require_safe
def begroting(request: HttpRequest) -> HttpResponse:
    programma = actueel_programma_or_404()
    return render(
        request,
        "budget/begroting.html",
        {"programma": programma, "tabel": Begrotingsregel.objects.tabel(programma)},
    )
