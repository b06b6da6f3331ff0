import django_tables2 as tables
from django.db.models import QuerySet
from django.db.models.functions import Lower
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from opgaven.tables import BewerkenKolom, KoersTabel, OpgaveKolom, beschrijving_id, richting
from resultaten.models import Resultaat, ResultaatQuerySet


class ResultatenTabel(KoersTabel):
    bijschrift = _("Resultaten")

    opgave = OpgaveKolom()
    omschrijving = tables.Column(verbose_name=_("Omschrijving"))
    streefdoel = tables.Column(
        accessor="streefwaarde", verbose_name=_("Streefdoel"), default="", exclude_from_export=True
    )
    streefwaarde = tables.Column(verbose_name=_("Streefwaarde"), visible=False)
    eenheid = tables.Column(verbose_name=_("Eenheid"), visible=False)
    streefperiode = tables.Column(verbose_name=_("Geldt"), visible=False)
    bewerken = BewerkenKolom("resultaat_bewerken")

    class Meta(KoersTabel.Meta):
        model = Resultaat
        fields = ()
        sequence = (
            "opgave",
            "omschrijving",
            "streefdoel",
            "streefwaarde",
            "eenheid",
            "streefperiode",
            "bewerken",
        )
        empty_text = _("Geen resultaten gevonden.")

    def render_omschrijving(self, record: Resultaat, value: str) -> str:
        return format_html('<span id="{}">{}</span>', beschrijving_id(record), value)

    def value_omschrijving(self, value: str) -> str:
        return value

    def render_streefdoel(self, record: Resultaat) -> str:
        return record.streefdoel

    def order_opgave(self, queryset: QuerySet, is_descending: bool) -> tuple[QuerySet, bool]:
        return queryset.order_by(richting("opgave__nummer", is_descending), "volgorde", "pk"), True

    def order_omschrijving(self, queryset: QuerySet, is_descending: bool) -> tuple[QuerySet, bool]:
        return queryset.order_by(richting(Lower("omschrijving"), is_descending), "pk"), True

    def order_streefdoel(self, queryset: QuerySet, is_descending: bool) -> tuple[QuerySet, bool]:
        return queryset.order_by(
            richting("streefwaarde", is_descending), *ResultaatQuerySet.DOCUMENTVOLGORDE
        ), True
