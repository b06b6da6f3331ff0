"""The base of every list table: caption, edit column by rights, Dutch exports.

Cells render HTML for the page; `value_*` methods give the plain values that
the CSV and XLSX exports contain.
"""

from typing import Any

import django_tables2 as tables
from django.core.paginator import Paginator as DjangoPaginator
from django.db.models import F, Model, OrderBy
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django_tables2.export import TableExport
from tablib import Dataset

from basis import werkboek
from basis.rechten import Rechten

PER_PAGINA = 25


class Export(TableExport):
    """CSV and XLSX only, written by basis.werkboek like every other table.

    Numbers stay numbers in XLSX and read as Dutch text in CSV; the filter from the
    address bar is noted on the workbook's second sheet.
    """

    FORMATEN = (werkboek.CSV, werkboek.XLSX)
    _GEEN_FILTER = {"_export", "page", "per_page", "sort", "alles"}

    @classmethod
    def is_valid_format(cls, export_format: str | None) -> bool:
        return export_format in cls.FORMATEN

    def table_to_dataset(self, table, exclude_columns, dataset_kwargs=None) -> Dataset:
        rijen = table.as_values(exclude_columns=exclude_columns)
        titel = (dataset_kwargs or {}).get("title") or ""
        self.blad = werkboek.Blad(
            titel=titel,
            kolommen=[str(k) for k in next(rijen)],
            rijen=[list(rij) for rij in rijen],
            filter=self._filter(getattr(table, "request", None)),
        )
        # django-tables2 wants a dataset; the file itself comes from self.blad.
        return Dataset(headers=list(self.blad.kolommen), title=titel)

    def _filter(self, request) -> list[tuple[str, str]]:
        if request is None:
            return []
        return [
            (naam, ", ".join(request.GET.getlist(naam)))
            for naam in request.GET
            if naam not in self._GEEN_FILTER and any(request.GET.getlist(naam))
        ]

    def export(self) -> bytes:
        return self.blad.bestand(self.format)


def beschrijving_id(record: Model) -> str:
    """The id of the element holding a row's description, e.g. 'activiteit-12'."""
    return f"{record._meta.model_name}-{record.pk}"


class BewerkenKolom(tables.TemplateColumn):
    """An edit link, for the rows the user may edit."""

    def __init__(self, url_naam: str, **kwargs: Any) -> None:
        super().__init__(
            template_name="django_tables2/bewerken.html",
            extra_context=lambda record, table: {
                "url_naam": url_naam,
                "beschrijving_id": beschrijving_id(record),
                # Back to this very list, with its filter, sorting and page.
                "terug": table.request.get_full_path() if getattr(table, "request", None) else "",
            },
            verbose_name=_("Acties"),
            orderable=False,
            exclude_from_export=True,
            **kwargs,
        )
        self.url_naam = url_naam

    def render(self, record, table, **kwargs: Any) -> str:
        if not table.rechten.mag_bewerken(record.opgave_id):
            return ""
        return super().render(record=record, table=table, **kwargs)


class OpgaveKolom(tables.Column):
    """The opgave's short title (number and the start of its title), linking to its page.

    The full title is the link's accessible name and tooltip; exports keep the number
    (a tables' `opgavetitel` column adds the full title there).
    """

    KORT = 32  # characters of the title shown in the cell

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(accessor="opgave__nummer", verbose_name=_("Opgave"), **kwargs)

    def render(self, record) -> str:
        opgave = record.opgave
        volledig = _("Opgave %(nummer)s: %(titel)s") % {
            "nummer": opgave.nummer,
            "titel": opgave.titel,
        }
        return format_html(
            '<a class="utrecht-link utrecht-link--html-a koers-opgavelink" href="{}"'
            ' aria-label="{}" title="{}">{}. {}</a>',
            reverse("portaal:opgave", args=[opgave.nummer]),
            volledig,
            volledig,
            opgave.nummer,
            Truncator(opgave.titel).chars(self.KORT),
        )

    def value(self, value: int) -> int:
        return value


class KoersTabel(tables.Table):
    """Base for the lists: caption, edit column by rights, Dutch empty text."""

    bijschrift = ""

    def __init__(self, *args: Any, rechten: Rechten | None = None, **kwargs: Any) -> None:
        self.rechten = rechten
        kolom = self.base_columns.get("bewerken")
        if kolom is not None and not (rechten is not None and rechten.bewerkt_iets):
            kwargs["exclude"] = (*kwargs.get("exclude", ()), "bewerken")
        super().__init__(*args, **kwargs)

    class Meta:
        per_page = PER_PAGINA
        attrs = {"class": "utrecht-table"}


def richting(veld: str | F | Lower, aflopend: bool) -> OrderBy:
    """Ascending or descending; empty values last either way (SQLite and PostgreSQL alike)."""
    expressie = F(veld) if isinstance(veld, str) else veld
    return expressie.desc(nulls_last=True) if aflopend else expressie.asc(nulls_last=True)


class Paginator(DjangoPaginator):
    """Keeps a `per_page` from the address bar between 1 and 100."""

    def __init__(self, object_list, per_page, *args: Any, **kwargs: Any) -> None:
        super().__init__(object_list, min(max(int(per_page), 1), 100), *args, **kwargs)
