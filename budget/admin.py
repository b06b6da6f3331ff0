from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from import_export.admin import ImportMixin
from import_export.formats.base_formats import CSV, XLSX
from import_export.forms import ConfirmImportForm, ImportForm

from basis.beheer import BeheerAdmin, BeheerInline, VeiligAutocomplete, redenveld, vraag_reden
from basis.opmaak import bedrag, getal
from basis.velden import BedragField
from budget import resources, services
from budget.models import (
    Begrotingsbedrag,
    Begrotingsregel,
    Begrotingswijziging,
    Cofinanciering,
    Financieringsbron,
    Realisatie,
    Wijzigingsstatus,
)
from budget.templatetags.begroting import uitputting

BEDRAG_INVOER = {models.DecimalField: {"form_class": BedragField}}


MAX_IMPORTGROOTTE = 5 * 1024 * 1024


class BegrotingImportFormulier(ImportForm):
    """Only Excel (.xlsx) and CSV, at most 5 MB; and why, for the history."""

    reden = redenveld(_("Reden van deze import"))

    def clean_import_file(self):
        bestand = self.cleaned_data["import_file"]
        if bestand.size > MAX_IMPORTGROOTTE:
            raise forms.ValidationError(_("Het bestand is groter dan 5 MB."))
        if not bestand.name.lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError(_("Kies een Excel-bestand (.xlsx) of een CSV-bestand."))
        return bestand


class BevestigImportFormulier(ConfirmImportForm):
    """The preview's confirmation carries the reason given with the file."""

    reden = forms.CharField(widget=forms.HiddenInput, max_length=100)


class BegrotingImport(ImportMixin):
    """Import with a preview; a file with any bad row imports nothing."""

    import_formats = [XLSX, CSV]
    import_form_class = BegrotingImportFormulier
    confirm_form_class = BevestigImportFormulier

    def get_confirm_form_initial(self, request, import_form):
        initial = super().get_confirm_form_initial(request, import_form)
        if import_form is not None:
            initial["reden"] = import_form.cleaned_data["reden"]
        return initial


class BegrotingsbedragInline(BeheerInline, admin.TabularInline):
    model = Begrotingsbedrag
    fields = ["jaar", "bedrag"]
    formfield_overrides = BEDRAG_INVOER
    extra = 0


class BegrotingsregelInline(BeheerInline, admin.TabularInline):
    """Shown on the opgave's page; amounts are edited on the line's own page."""

    model = Begrotingsregel
    fields = ["volgorde", "omschrijving"]
    show_change_link = True
    extra = 0


@admin.register(Begrotingsregel)
class BegrotingsregelAdmin(BegrotingImport, VeiligAutocomplete, BeheerAdmin):
    resource_classes = [resources.BegrotingsregelResource]
    list_display = ["omschrijving", "opgave", "bedragen_per_jaar"]
    list_filter = ["opgave__programma", "opgave"]
    list_select_related = ["opgave"]
    search_fields = ["omschrijving", "opgave__titel"]
    autocomplete_fields = ["opgave"]
    ordering = ["opgave__programma", "opgave__nummer", "volgorde"]
    inlines = [BegrotingsbedragInline]
    readonly_fields = ["uitvoering"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("bedragen")

    @admin.display(description=_("uitvoering per jaar"))
    def uitvoering(self, obj: Begrotingsregel) -> str:
        """The same figures as /begroting/, from the same query method."""
        if obj.pk is None:
            return "-"
        return format_html_join(
            "",
            "<p>{}: {} {} · {} {} · {} {} · {} {} · {} {} · {} {} · {} {}</p>",
            (
                (
                    jaar,
                    _("primitief"),
                    bedrag(b.primitief),
                    _("wijzigingen"),
                    bedrag(b.wijzigingen),
                    _("actueel"),
                    bedrag(b.actueel),
                    _("concept"),
                    bedrag(b.concept),
                    _("verplicht"),
                    bedrag(b.verplicht),
                    _("besteed"),
                    bedrag(b.besteed),
                    _("uitputting"),
                    uitputting(b.uitputting),
                )
                for jaar, b in Begrotingsregel.objects.per_jaar(obj)
            ),
        )

    @admin.display(description=_("primitieve begroting"))
    def bedragen_per_jaar(self, obj: Begrotingsregel) -> str:
        return " · ".join(f"{b.jaar}: {bedrag(b.bedrag)}" for b in obj.bedragen.all())


class JaarregelAdmin(BegrotingImport, VeiligAutocomplete, BeheerAdmin):
    """Shared columns of the yearly entries of a line."""

    list_select_related = ["regel__opgave"]
    search_fields = ["regel__omschrijving"]
    autocomplete_fields = ["regel"]
    formfield_overrides = BEDRAG_INVOER

    @admin.display(description=_("begrotingsregel"), ordering="regel__omschrijving")
    def regel_omschrijving(self, obj) -> str:
        return obj.regel.omschrijving

    @admin.display(description=_("opgave"), ordering="regel__opgave__nummer")
    def opgave(self, obj) -> str:
        return str(obj.regel.opgave)


@admin.register(Begrotingsbedrag)
class BegrotingsbedragAdmin(JaarregelAdmin):
    resource_classes = [resources.BegrotingsbedragResource]
    list_display = ["regel_omschrijving", "opgave", "jaar", "bedrag_nl"]
    list_filter = ["jaar", "regel__opgave__programma", "regel__opgave"]
    ordering = ["regel__opgave__programma", "regel__opgave__nummer", "regel__volgorde", "jaar"]

    @admin.display(description=_("bedrag"), ordering="bedrag")
    def bedrag_nl(self, obj: Begrotingsbedrag) -> str:
        return bedrag(obj.bedrag)


@admin.register(Begrotingswijziging)
class BegrotingswijzigingAdmin(JaarregelAdmin):
    resource_classes = [resources.BegrotingswijzigingResource]
    list_display = [
        "kenmerk",
        "regel_omschrijving",
        "opgave",
        "jaar",
        "bedrag_nl",
        "status",
        "orgaan",
        "besluitdatum",
    ]
    list_filter = ["status", "jaar", "orgaan", "regel__opgave"]
    search_fields = ["kenmerk", "motivering", "regel__omschrijving"]
    ordering = ["regel__opgave__nummer", "regel__volgorde", "jaar", "besluitdatum"]
    actions = ["vaststellen"]

    @admin.display(description=_("bedrag"), ordering="bedrag")
    def bedrag_nl(self, obj: Begrotingswijziging) -> str:
        return getal(obj.bedrag)

    @admin.action(description=_("Geselecteerde wijzigingen vaststellen"))
    def vaststellen(self, request, queryset):
        """Decide the selected concept amendments, after asking why."""

        def uitvoeren(reden: str) -> None:
            aantal = 0
            for wijziging in queryset.filter(status=Wijzigingsstatus.CONCEPT):
                try:
                    services.stel_wijziging_vast(
                        wijziging=wijziging, gebruiker=request.user, reden=reden
                    )
                except (services.AlVastgesteld, ValidationError):
                    continue  # a colleague decided it at the same moment
                aantal += 1
            self.message_user(
                request,
                ngettext(
                    "%(aantal)d wijziging vastgesteld.",
                    "%(aantal)d wijzigingen vastgesteld.",
                    aantal,
                )
                % {"aantal": aantal},
                messages.SUCCESS,
            )

        return vraag_reden(
            self, request, queryset, titel=_("Wijzigingen vaststellen"), uitvoeren=uitvoeren
        )


@admin.register(Realisatie)
class RealisatieAdmin(JaarregelAdmin):
    resource_classes = [resources.RealisatieResource]
    list_display = [
        "datum",
        "regel_omschrijving",
        "opgave",
        "jaar",
        "omschrijving",
        "verplicht_nl",
        "besteed_nl",
    ]
    list_filter = ["jaar", "regel__opgave"]
    search_fields = ["omschrijving", "regel__omschrijving"]
    ordering = ["regel__opgave__nummer", "regel__volgorde", "jaar", "datum"]

    @admin.display(description=_("verplicht"), ordering="verplicht")
    def verplicht_nl(self, obj: Realisatie) -> str:
        return bedrag(obj.verplicht)

    @admin.display(description=_("besteed"), ordering="besteed")
    def besteed_nl(self, obj: Realisatie) -> str:
        return bedrag(obj.besteed)


@admin.register(Financieringsbron)
class FinancieringsbronAdmin(BeheerAdmin):
    list_display = ["naam", "volgorde"]
    search_fields = ["naam"]


@admin.register(Cofinanciering)
class CofinancieringAdmin(VeiligAutocomplete, BeheerAdmin):
    list_display = ["bron", "opgave", "regel", "jaar", "verwacht_nl", "toegekend_nl"]
    list_filter = ["bron", "jaar", "opgave"]
    list_select_related = ["bron", "opgave", "regel__opgave"]
    autocomplete_fields = ["opgave", "regel"]
    formfield_overrides = BEDRAG_INVOER

    @admin.display(description=_("verwacht"), ordering="verwacht")
    def verwacht_nl(self, obj: Cofinanciering) -> str:
        return bedrag(obj.verwacht)

    @admin.display(description=_("toegekend"), ordering="toegekend")
    def toegekend_nl(self, obj: Cofinanciering) -> str:
        return bedrag(obj.toegekend)
