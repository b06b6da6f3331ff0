from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin
from django_tables2.export import ExportMixin

from basis import paginacache
from basis.rechten import rechten_van
from basis.tabellen import PER_PAGINA, Export, Paginator
from opgaven.filters import ActiviteitFilter
from opgaven.models import Activiteit, ActiviteitQuerySet, Opgave, Programma
from opgaven.tables import ActiviteitenTabel


def actueel_programma_or_404() -> Programma:
    programma = Programma.objects.actueel()
    if programma is None:
        raise Http404(_("Er is nog geen programma geladen."))
    return programma


@require_safe
def opgave_lijst(request: HttpRequest) -> HttpResponse:
    programma = actueel_programma_or_404()
    return render(
        request,
        "opgaven/lijst.html",
        {"programma": programma, "opgaven": Opgave.objects.van_programma(programma)},
    )


LIJST = "partials/lijst.html"


class ProgrammaLijst(ExportMixin, SingleTableMixin, FilterView):
    """A list of the current programme: filtered, sorted, paginated, exportable.

    Anything unreadable in the address bar is ignored (sort, page, export format)
    or shown as a message at the filter it belongs to; it never fails.
    """

    export_class = Export
    export_formats = Export.FORMATEN
    table_pagination = {"per_page": PER_PAGINA, "paginator_class": Paginator}

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.programma = actueel_programma_or_404()
        if rechten_van(request.user).bewerkt_iets or self._is_export():
            return super().get(request, *args, **kwargs)
        # A reader without edit controls sees what every such reader sees for this
        # address: filter and table come from the page cache until the data changes,
        # and a cached one needs no filter, table, count or rows at all.
        lijst = paginacache.deel(
            "lijst", request.get_full_path(), maak=lambda: self._lijst(request, *args, **kwargs)
        )
        return TemplateResponse(
            request,
            self.template_name,
            {"view": self, "programma": self.programma, "lijst": lijst},
        )

    def _lijst(self, request: HttpRequest, *args: Any, **kwargs: Any) -> str:
        """Filter and table as the filter view renders them."""
        response = super().get(request, *args, **kwargs)
        return render_to_string(LIJST, response.context_data, request=request)

    def _is_export(self) -> bool:
        return self.export_class.is_valid_format(self.request.GET.get(self.export_trigger_param))

    def get_table_pagination(self, table) -> dict[str, Any] | bool:
        # An export holds every row that passes the filter; no page, no count.
        if self._is_export():
            return False
        return super().get_table_pagination(table)

    def get_filterset_kwargs(self, filterset_class) -> dict[str, Any]:
        return {**super().get_filterset_kwargs(filterset_class), "programma": self.programma}

    def get_table_kwargs(self) -> dict[str, Any]:
        return {"rechten": rechten_van(self.request.user)}

    def get_export_filename(self, export_format: str) -> str:
        return f"{self.export_name}-{timezone.localdate().isoformat()}.{export_format}"

    def get_dataset_kwargs(self) -> dict[str, Any]:
        return {"title": str(self.table_class.bijschrift)}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "programma": self.programma}


class ActiviteitenLijst(ProgrammaLijst):
    table_class = ActiviteitenTabel
    filterset_class = ActiviteitFilter
    template_name = "activiteiten/lijst.html"
    export_name = "activiteiten"

    def get_queryset(self) -> ActiviteitQuerySet:
        return (
            Activiteit.objects.van_programma(self.programma)
            .in_documentvolgorde()
            .select_related("opgave", "thema", "bovenliggend")
        )
