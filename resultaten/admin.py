from django.contrib import admin
from django.db import models
from simple_history.admin import SimpleHistoryAdmin

from koers.forms import BedragField
from opgaven.admin import OpgaveOnderdeelAdmin
from resultaten.models import Resultaat

# Targets are counts, not money, but are typed the same Dutch way ("1.000").
GETAL_INVOER = {models.DecimalField: {"form_class": BedragField}}


class ResultaatInline(admin.TabularInline):
    model = Resultaat
    fields = ["volgorde", "omschrijving", "streefwaarde", "eenheid", "streefperiode"]
    formfield_overrides = GETAL_INVOER
    extra = 0


@admin.register(Resultaat)
class ResultaatAdmin(OpgaveOnderdeelAdmin, SimpleHistoryAdmin):
    list_display = ["omschrijving", "opgave_nummer", "streefdoel", "volgorde"]
    search_fields = ["omschrijving", "eenheid"]
    ordering = ["opgave__programma", "opgave__nummer", "volgorde"]
    formfield_overrides = GETAL_INVOER
