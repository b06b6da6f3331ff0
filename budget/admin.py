from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from budget.models import Begrotingsbedrag, Begrotingsregel
from koers.formatting import bedrag
from koers.forms import BedragField
from opgaven.admin import VeiligAutocomplete

BEDRAG_INVOER = {models.DecimalField: {"form_class": BedragField}}


class BegrotingsbedragInline(admin.TabularInline):
    model = Begrotingsbedrag
    fields = ["jaar", "bedrag"]
    formfield_overrides = BEDRAG_INVOER
    extra = 0


class BegrotingsregelInline(admin.TabularInline):
    """Shown on the opgave's page; amounts are edited on the line's own page."""

    model = Begrotingsregel
    fields = ["volgorde", "omschrijving"]
    show_change_link = True
    extra = 0


@admin.register(Begrotingsregel)
class BegrotingsregelAdmin(VeiligAutocomplete, SimpleHistoryAdmin):
    list_display = ["omschrijving", "opgave", "bedragen_per_jaar"]
    list_filter = ["opgave__programma", "opgave"]
    list_select_related = ["opgave"]
    search_fields = ["omschrijving", "opgave__titel"]
    autocomplete_fields = ["opgave"]
    ordering = ["opgave__programma", "opgave__nummer", "volgorde"]
    inlines = [BegrotingsbedragInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("bedragen")

    @admin.display(description=_("primitieve begroting"))
    def bedragen_per_jaar(self, obj: Begrotingsregel) -> str:
        return " · ".join(f"{b.jaar}: {bedrag(b.bedrag)}" for b in obj.bedragen.all())


@admin.register(Begrotingsbedrag)
class BegrotingsbedragAdmin(VeiligAutocomplete, SimpleHistoryAdmin):
    list_display = ["regel_omschrijving", "opgave", "jaar", "bedrag_nl"]
    list_filter = ["jaar", "regel__opgave__programma", "regel__opgave"]
    list_select_related = ["regel__opgave"]
    search_fields = ["regel__omschrijving"]
    autocomplete_fields = ["regel"]
    ordering = ["regel__opgave__programma", "regel__opgave__nummer", "regel__volgorde", "jaar"]
    formfield_overrides = BEDRAG_INVOER

    @admin.display(description=_("begrotingsregel"), ordering="regel__omschrijving")
    def regel_omschrijving(self, obj: Begrotingsbedrag) -> str:
        return obj.regel.omschrijving

    @admin.display(description=_("opgave"), ordering="regel__opgave__nummer")
    def opgave(self, obj: Begrotingsbedrag) -> str:
        return str(obj.regel.opgave)

    @admin.display(description=_("bedrag"), ordering="bedrag")
    def bedrag_nl(self, obj: Begrotingsbedrag) -> str:
        return bedrag(obj.bedrag)
