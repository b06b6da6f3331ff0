"""The frozen reports in the admin: read-only, for beheerders."""

from django.contrib import admin

from basis.rechten import rechten_van
from rapportages.models import Voortgangsrapportage


@admin.register(Voortgangsrapportage)
class VoortgangsrapportageAdmin(admin.ModelAdmin):
    """Read-only: a vastgestelde rapportage is never changed or removed through the admin."""

    list_display = [
        "volgnummer",
        "titel",
        "peildatum",
        "moment",
        "vastgesteld_op",
        "vastgesteld_door",
    ]
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
        # The chain (rapportages.keten); `manage.py controleer_rapportages` checks it.
        "volgnummer",
        "vorige_handtekening",
        "sleutel_id",
        "handtekening",
    ]

    def has_view_permission(self, request, obj=None) -> bool:
        # The beheerder role holds the domain apps' permissions (basis.rollen); these
        # records belong to the portal itself, so the role is asked directly.
        return rechten_van(request.user).mag_vastgestelde_rapportages_beheren()

    def has_module_permission(self, request) -> bool:
        return self.has_view_permission(request)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
