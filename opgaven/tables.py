"""The table of the activities list."""

import functools

import django_tables2 as tables
from django.db.models import QuerySet
from django.db.models.functions import Lower
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from basis.tabellen import BewerkenKolom, KoersTabel, OpgaveKolom, beschrijving_id, richting
from opgaven.models import Activiteit, ActiviteitQuerySet


@functools.lru_cache(maxsize=32)
def status_html(status: str, taal: str | None) -> str:
    """A status of an activity or an update as icon, text and colour; each status is
    rendered once per language (`taal`) instead of once per row."""
    return render_to_string("voortgang/_status.html", {"status": status})


class StatusKolom(tables.Column):
    """The record's status as icon and text (and colour); plain text in exports."""

    def render(self, record) -> str:
        return status_html(record.status, get_language())

    def value(self, record) -> str:
        return record.get_status_display()


class ActiviteitenTabel(KoersTabel):
    bijschrift = _("Activiteiten")

    opgave = OpgaveKolom()
    opgavetitel = tables.Column(
        accessor="opgave__titel", verbose_name=_("Opgavetitel"), visible=False
    )
    thema = tables.Column(accessor="thema__naam", verbose_name=_("Thema"), default="")
    omschrijving = tables.Column(verbose_name=_("Omschrijving"))
    status = StatusKolom(verbose_name=_("Status"))
    hoofdactiviteit = tables.Column(
        accessor="bovenliggend__omschrijving", verbose_name=_("Valt onder"), visible=False
    )
    bewerken = BewerkenKolom("opgaven:activiteit_bewerken")

    class Meta(KoersTabel.Meta):
        model = Activiteit
        fields = ()
        sequence = (
            "opgave",
            "opgavetitel",
            "thema",
            "omschrijving",
            "status",
            "hoofdactiviteit",
            "bewerken",
        )
        empty_text = _("Geen activiteiten gevonden.")

    def render_omschrijving(self, record: Activiteit, value: str) -> str:
        if record.bovenliggend_id is None:
            return format_html('<span id="{}">{}</span>', beschrijving_id(record), value)
        return format_html(
            '<span aria-hidden="true">↳ </span><span id="{}">{}</span>'
            '<br><small class="koers-deelactiviteit">{} {}</small>',
            beschrijving_id(record),
            value,
            _("Deelactiviteit van:"),
            Truncator(record.bovenliggend.omschrijving).words(8),
        )

    def value_omschrijving(self, value: str) -> str:
        return value

    def order_status(self, queryset: QuerySet, is_descending: bool) -> tuple[QuerySet, bool]:
        return self._in_volgorde(queryset, richting("status", is_descending), "opgave__nummer")

    def _in_volgorde(self, queryset: QuerySet, *eerst) -> tuple[QuerySet, bool]:
        return queryset.order_by(*eerst, *ActiviteitQuerySet.VOLGORDE_BINNEN_OPGAVE), True

    def order_opgave(self, queryset: QuerySet, is_descending: bool) -> tuple[QuerySet, bool]:
        return self._in_volgorde(queryset, richting("opgave__nummer", is_descending))

    def order_thema(self, queryset: QuerySet, is_descending: bool) -> tuple[QuerySet, bool]:
        return self._in_volgorde(
            queryset, richting(Lower("thema__naam"), is_descending), "opgave__nummer"
        )

    def order_omschrijving(self, queryset: QuerySet, is_descending: bool) -> tuple[QuerySet, bool]:
        return queryset.order_by(richting(Lower("omschrijving"), is_descending), "pk"), True
