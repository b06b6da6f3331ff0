from django.contrib import admin
from django.db import models

from basis.beheer import BeheerInline
from basis.velden import BedragField
from opgaven.openbaar import OpgaveOnderdeelAdmin
from resultaten.models import Indicator, Resultaat

# Targets are counts, not money, but are typed the same Dutch way ("1.000").
GETAL_INVOER = {models.DecimalField: {"form_class": BedragField}}


class ResultaatInline(BeheerInline, admin.TabularInline):
    model = Resultaat
    fields = ["volgorde", "omschrijving"]
    extra = 0


class IndicatorInline(BeheerInline, admin.TabularInline):
    model = Indicator
    fields = ["volgorde", "naam", "eenheid", "nulwaarde", "streefwaarde", "streefperiode"]
    formfield_overrides = GETAL_INVOER
    extra = 0


@admin.register(Resultaat)
class ResultaatAdmin(OpgaveOnderdeelAdmin):
    list_display = ["omschrijving", "opgave_nummer", "volgorde"]
    search_fields = ["omschrijving", "indicatoren__eenheid"]
    ordering = ["opgave__programma", "opgave__nummer", "volgorde"]
    inlines = [IndicatorInline]


# Voortgangsupdates are not in the admin: they are append-only and entered in the
# portal (resultaten.views); /voortgang/ lists them all.
