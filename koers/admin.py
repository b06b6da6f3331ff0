"""Admin pieces that span apps: the opgave page with the inlines of every app."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from budget.admin import BegrotingsregelInline
from opgaven.admin import OpgaveAdmin
from opgaven.models import Opgave
from resultaten.admin import ResultaatInline

admin.site.site_header = _("Koersportaal beheer")
admin.site.site_title = _("Koersportaal beheer")
admin.site.index_title = _("Gegevens corrigeren")


@admin.register(Opgave)
class VolledigeOpgaveAdmin(OpgaveAdmin):
    inlines = [*OpgaveAdmin.inlines, ResultaatInline, BegrotingsregelInline]
