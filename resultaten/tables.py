import django_tables2 as tables
from django.db.models import QuerySet
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from basis.opmaak import getal
from basis.tabellen import BewerkenKolom, KoersTabel, OpgaveKolom, beschrijving_id, richting
from opgaven.openbaar import StatusKolom, status_html
from resultaten.models import (
    Resultaat,
    ResultaatQuerySet,
    Status,
    Streefperiode,
    Voortgangsupdate,
    streefdoel,
)


class ResultatenTabel(KoersTabel):
    bijschrift = _("Resultaten")

    opgave = OpgaveKolom()
    opgavetitel = tables.Column(
        accessor="opgave__titel", verbose_name=_("Opgavetitel"), visible=False
    )
    omschrijving = tables.Column(verbose_name=_("Omschrijving"))
    streefdoel = tables.Column(
        accessor="streefwaarde", verbose_name=_("Streefdoel"), default="", exclude_from_export=True
    )
    laatste_status = tables.Column(
        verbose_name=_("Laatste status"), empty_values=(), attrs={"td": {"class": "koers-status"}}
    )
    streefwaarde = tables.Column(verbose_name=_("Streefwaarde"), visible=False)
    eenheid = tables.Column(verbose_name=_("Eenheid"), visible=False)
    streefperiode = tables.Column(verbose_name=_("Geldt"), visible=False)
    bewerken = BewerkenKolom("resultaten:resultaat_bewerken")

    class Meta(KoersTabel.Meta):
        model = Resultaat
        fields = ()
        sequence = (
            "opgave",
            "opgavetitel",
            "omschrijving",
            "streefdoel",
            "laatste_status",
            "streefwaarde",
            "eenheid",
            "streefperiode",
            "bewerken",
        )
        empty_text = _("Geen resultaten gevonden.")

    def render_omschrijving(self, record: Resultaat, value: str) -> str:
        return format_html(
            '<a class="utrecht-link utrecht-link--html-a" href="{}"><span id="{}">{}</span></a>',
            reverse("resultaten:resultaat", args=[record.pk]),
            beschrijving_id(record),
            value,
        )

    def value_omschrijving(self, value: str) -> str:
        return value

    def render_streefdoel(self, record: Resultaat) -> str:
        # The first indicator's target, annotated by met_eerste_streefdoel().
        return streefdoel(record.streefwaarde, record.eenheid, record.streefperiode)

    def render_laatste_status(self, value: str | None) -> str:
        return status_html(value or "geen_update", get_language())

    def value_laatste_status(self, value: str | None) -> str:
        return str(Status(value).label) if value else str(_("nog geen update"))

    def order_laatste_status(
        self, queryset: QuerySet, is_descending: bool
    ) -> tuple[QuerySet, bool]:
        return queryset.order_by(
            richting("laatste_status", is_descending), *ResultaatQuerySet.DOCUMENTVOLGORDE
        ), True

    def value_streefperiode(self, value: str) -> str:
        return str(Streefperiode(value).label) if value else ""

    def order_opgave(self, queryset: QuerySet, is_descending: bool) -> tuple[QuerySet, bool]:
        return queryset.order_by(richting("opgave__nummer", is_descending), "volgorde", "pk"), True

    def order_omschrijving(self, queryset: QuerySet, is_descending: bool) -> tuple[QuerySet, bool]:
        return queryset.order_by(richting(Lower("omschrijving"), is_descending), "pk"), True

    def order_streefdoel(self, queryset: QuerySet, is_descending: bool) -> tuple[QuerySet, bool]:
        return queryset.order_by(
            richting("streefwaarde", is_descending), *ResultaatQuerySet.DOCUMENTVOLGORDE
        ), True


class VoortgangTabel(KoersTabel):
    bijschrift = _("Voortgang")

    opgave = OpgaveKolom()
    opgavetitel = tables.Column(
        accessor="opgave__titel", verbose_name=_("Opgavetitel"), visible=False
    )
    soort = tables.Column(empty_values=(), verbose_name=_("Soort"), orderable=False)
    onderdeel = tables.Column(
        empty_values=(), verbose_name=_("Resultaat of activiteit"), orderable=False
    )
    peildatum = tables.DateColumn(
        format="d-m-Y", verbose_name=_("Peildatum"), attrs={"td": {"class": "koers-datum"}}
    )
    status = StatusKolom(verbose_name=_("Status"))
    gerealiseerd = tables.Column(empty_values=(), verbose_name=_("Gerealiseerd"), orderable=False)
    toelichting = tables.Column(verbose_name=_("Toelichting"), orderable=False)
    verklaring = tables.Column(verbose_name=_("Verklaring"), orderable=False)
    maatregel = tables.Column(verbose_name=_("Maatregel"), orderable=False)

    class Meta(KoersTabel.Meta):
        model = Voortgangsupdate
        fields = ()
        # Nine columns: compact, so it fits a 1280 px screen (static/css/koers.css).
        attrs = {"class": "utrecht-table koers-tabel--compact"}
        sequence = (
            "opgave",
            "opgavetitel",
            "soort",
            "onderdeel",
            "peildatum",
            "status",
            "gerealiseerd",
            "toelichting",
            "verklaring",
            "maatregel",
        )
        empty_text = _("Geen voortgang gevonden.")

    def render_soort(self, record: Voortgangsupdate) -> str:
        return str(_("resultaat") if record.resultaat_id else _("activiteit"))

    def value_soort(self, record: Voortgangsupdate) -> str:
        return self.render_soort(record)

    def render_onderdeel(self, record: Voortgangsupdate) -> str:
        if record.resultaat_id:
            return format_html(
                '<a class="utrecht-link utrecht-link--html-a" href="{}">{}</a>',
                reverse("resultaten:resultaat", args=[record.resultaat_id]),
                record.resultaat.omschrijving,
            )
        return record.activiteit.omschrijving

    def value_onderdeel(self, record: Voortgangsupdate) -> str:
        return str(record.onderdeel)

    def render_gerealiseerd(self, record: Voortgangsupdate) -> str:
        return "; ".join(
            f"{waarde.indicator.naam}: {getal(waarde.waarde)}" for waarde in record.waarden.all()
        )

    def value_gerealiseerd(self, record: Voortgangsupdate) -> str:
        return self.render_gerealiseerd(record)

    def value_peildatum(self, value) -> str:
        return value.isoformat()

    def order_opgave(self, queryset: QuerySet, is_descending: bool) -> tuple[QuerySet, bool]:
        return queryset.order_by(
            richting("opgave__nummer", is_descending), "-peildatum", "-pk"
        ), True

    def order_peildatum(self, queryset: QuerySet, is_descending: bool) -> tuple[QuerySet, bool]:
        return queryset.order_by(
            richting("peildatum", is_descending), "opgave__nummer", "-pk"
        ), True
