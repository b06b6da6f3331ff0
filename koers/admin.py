"""Admin pieces that span apps: the opgave page with the inlines of every app."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from budget.admin import BegrotingsregelInline
from koers.models import Voortgangsrapportage
from opgaven.admin import OpgaveAdmin
from opgaven.models import Opgave
from opgaven.rechten import rechten_van
from resultaten.admin import ResultaatInline

admin.site.site_header = _("Koersportaal beheer")
admin.site.site_title = _("Koersportaal beheer")
admin.site.index_title = _("Gegevens corrigeren")


@admin.register(Opgave)
class VolledigeOpgaveAdmin(OpgaveAdmin):
    inlines = [*OpgaveAdmin.inlines, ResultaatInline, BegrotingsregelInline]


@admin.register(Voortgangsrapportage)
class VoortgangsrapportageAdmin(admin.ModelAdmin):
    """Read-only: a vastgestelde rapportage is never changed or removed through the admin."""

    list_display = ["titel", "peildatum", "moment", "vastgesteld_op", "vastgesteld_door"]
    list_filter = ["programma", "moment"]
    date_hierarchy = "vastgesteld_op"
    exclude = ["pdf", "snapshot"]
    readonly_fields = [
        "programma",
        "opgave",
        "titel",
        "peildatum",
        "moment",
        "sha256",
        "dataversie",
        "vastgesteld_door",
        "vastgesteld_op",
    ]

    def has_view_permission(self, request, obj=None) -> bool:
        # The beheerder role holds the domain apps' permissions (koers.rollen); these
        # records belong to the portal itself, so the role is asked directly.
        return rechten_van(request.user).is_beheerder

    def has_module_permission(self, request) -> bool:
        return self.has_view_permission(request)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
