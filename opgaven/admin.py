from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from basis.beheer import VeiligAutocomplete
from opgaven.models import (
    Activiteit,
    Doel,
    Doelgroep,
    GerelateerdProgramma,
    OpgaveGerelateerdProgramma,
    OpgavePartner,
    Partner,
    Programma,
    Thema,
)


@admin.register(Programma)
class ProgrammaAdmin(SimpleHistoryAdmin):
    list_display = ["titel", "eerste_jaar", "laatste_jaar"]
    search_fields = ["titel"]


class DoelInline(admin.TabularInline):
    model = Doel
    fields = ["volgorde", "tekst", "bovenliggend"]
    extra = 0


class DoelgroepInline(admin.TabularInline):
    model = Doelgroep
    fields = ["volgorde", "tekst", "bovenliggend"]
    extra = 0


class OpgavePartnerInline(VeiligAutocomplete, admin.TabularInline):
    model = OpgavePartner
    fields = ["volgorde", "partner"]
    autocomplete_fields = ["partner"]
    extra = 0


class OpgaveGerelateerdProgrammaInline(VeiligAutocomplete, admin.TabularInline):
    model = OpgaveGerelateerdProgramma
    fields = ["volgorde", "programma"]
    autocomplete_fields = ["programma"]
    extra = 0


class ThemaInline(admin.TabularInline):
    model = Thema
    fields = ["volgorde", "naam"]
    extra = 0


class ActiviteitInline(admin.TabularInline):
    model = Activiteit
    fields = ["volgorde", "thema", "omschrijving", "bovenliggend", "status"]
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("thema", "bovenliggend")


class OpgaveAdmin(SimpleHistoryAdmin):
    """Registered in koers.admin, which adds the inlines of the other apps."""

    list_display = ["nummer", "titel", "programma"]
    list_display_links = ["nummer", "titel"]
    list_filter = ["programma"]
    list_select_related = ["programma"]
    search_fields = ["titel", "omschrijving"]
    inlines = [
        DoelInline,
        DoelgroepInline,
        OpgavePartnerInline,
        OpgaveGerelateerdProgrammaInline,
        ThemaInline,
        ActiviteitInline,
    ]


class OpgaveOnderdeelAdmin(VeiligAutocomplete, SimpleHistoryAdmin):
    """Shared set-up for the things that belong to one opgave."""

    list_filter = [("opgave__programma", admin.RelatedOnlyFieldListFilter), "opgave"]
    list_select_related = ["opgave"]
    autocomplete_fields = ["opgave"]

    @admin.display(description=_("opgave"), ordering="opgave__nummer")
    def opgave_nummer(self, obj):
        return obj.opgave.nummer


class OpsommingspuntAdmin(OpgaveOnderdeelAdmin):
    list_display = ["tekst", "opgave_nummer", "bovenliggend", "volgorde"]
    list_select_related = ["opgave", "bovenliggend"]
    search_fields = ["tekst"]
    ordering = ["opgave__programma", "opgave__nummer", "volgorde"]


admin.site.register(Doel, OpsommingspuntAdmin)
admin.site.register(Doelgroep, OpsommingspuntAdmin)


@admin.register(Thema)
class ThemaAdmin(OpgaveOnderdeelAdmin):
    list_display = ["naam", "opgave_nummer", "volgorde"]
    search_fields = ["naam"]
    ordering = ["opgave__programma", "opgave__nummer", "volgorde"]


@admin.register(Activiteit)
class ActiviteitAdmin(OpgaveOnderdeelAdmin):
    list_display = ["omschrijving", "opgave_nummer", "thema", "status", "volgorde"]
    list_select_related = ["opgave", "thema"]
    list_filter = [
        *OpgaveOnderdeelAdmin.list_filter,
        ("thema", admin.RelatedOnlyFieldListFilter),
        "status",
    ]
    search_fields = ["omschrijving"]
    autocomplete_fields = ["opgave", "thema", "bovenliggend"]
    ordering = ["opgave__programma", "opgave__nummer", "volgorde"]


class GedeeldeNaamAdmin(SimpleHistoryAdmin):
    """Partners and related programmes: one record, linked to several opgaven."""

    list_display = ["naam", "aantal_opgaven"]
    search_fields = ["naam"]
    list_filter = ["opgaven"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_aantal_opgaven=Count("opgaven"))

    @admin.display(description=_("aantal opgaven"), ordering="_aantal_opgaven")
    def aantal_opgaven(self, obj):
        return obj._aantal_opgaven


admin.site.register(Partner, GedeeldeNaamAdmin)
admin.site.register(GerelateerdProgramma, GedeeldeNaamAdmin)
