"""The base of every list table: caption, edit column by rights, Dutch exports.

Cells render HTML for the page; `value_*` methods give the plain values that
the CSV and XLSX exports contain.
"""

from decimal import Decimal
from typing import Any

import django_tables2 as tables
from django.core.paginator import Paginator as DjangoPaginator
from django.db.models import F, Model, OrderBy
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django_tables2.export import TableExport
from tablib import Dataset

from basis.opmaak import getal
from basis.rechten import Rechten

PER_PAGINA = 25


class Export(TableExport):
    """CSV and XLSX only: numbers stay numbers in XLSX and read as Dutch text in CSV.

    The CSV uses ';' between fields and starts with a byte order mark, which is
    what Excel with Dutch settings expects. Text that a spreadsheet would run as
    a formula gets a leading apostrophe.
    """

    FORMATEN = (TableExport.CSV, TableExport.XLSX)
    _FORMULETEKENS = {TableExport.CSV: ("=", "+", "-", "@"), TableExport.XLSX: ("=",)}

    @classmethod
    def is_valid_format(cls, export_format: str | None) -> bool:
        return export_format in cls.FORMATEN

    def table_to_dataset(self, table, exclude_columns, dataset_kwargs=None) -> Dataset:
        rijen = table.as_values(exclude_columns=exclude_columns)
        dataset = Dataset(headers=next(rijen), **(dataset_kwargs or {}))
        for rij in rijen:
            dataset.append([self._cel(waarde) for waarde in rij])
        return dataset

    def _cel(self, waarde: Any) -> Any:
        if isinstance(waarde, Decimal):
            if self.format == self.CSV:
                return getal(waarde)
            return int(waarde) if waarde == waarde.to_integral_value() else waarde
        if isinstance(waarde, str) and waarde.startswith(self._FORMULETEKENS[self.format]):
            return f"'{waarde}"
        return waarde

    def export(self) -> str | bytes:
        if self.format == self.CSV:
            return "\ufeff" + self.dataset.export(self.CSV, delimiter=";")
        return self.dataset.export(self.XLSX)


def beschrijving_id(record: Model) -> str:
    """The id of the element holding a row's description, e.g. 'activiteit-12'."""
    return f"{record._meta.model_name}-{record.pk}"


class BewerkenKolom(tables.TemplateColumn):
    """An edit link, for the rows the user may edit."""

    def __init__(self, url_naam: str, **kwargs: Any) -> None:
        super().__init__(
            template_name="django_tables2/bewerken.html",
            extra_context=lambda record: {
                "url_naam": url_naam,
                "beschrijving_id": beschrijving_id(record),
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
    """The opgave's number, linking to its page (named with its title for screen readers)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(accessor="opgave__nummer", verbose_name=_("Opgave"), **kwargs)

    def render(self, record) -> str:
        opgave = record.opgave
        return format_html(
            '<a class="utrecht-link utrecht-link--html-a" href="{}" aria-label="{}">{}</a>',
            reverse("portaal:opgave", args=[opgave.nummer]),
            _("Opgave %(nummer)s: %(titel)s") % {"nummer": opgave.nummer, "titel": opgave.titel},
            opgave.nummer,
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
