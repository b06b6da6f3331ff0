"""The admin's opgave page with the inlines of every app, and the admin's titles."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from budget.openbaar import BegrotingsregelInline
from opgaven.models import Opgave
from opgaven.openbaar import OpgaveAdmin
from resultaten.openbaar import ResultaatInline

admin.site.site_header = _("Koersportaal beheer")
admin.site.site_title = _("Koersportaal beheer")
admin.site.index_title = _("Gegevens corrigeren")


@admin.register(Opgave)
class VolledigeOpgaveAdmin(OpgaveAdmin):
    inlines = [*OpgaveAdmin.inlines, ResultaatInline, BegrotingsregelInline]
