"""The frozen reports in the admin: read-only, for beheerders."""

from django.contrib import admin

from basis.beheer import AlleenLezenAdmin
from basis.rechten import rechten_van
from rapportages.models import Voortgangsrapportage


@admin.register(Voortgangsrapportage)
class VoortgangsrapportageAdmin(AlleenLezenAdmin, admin.ModelAdmin):
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

    def mag_inzien(self, request) -> bool:
        # The beheerder role holds the domain apps' permissions (basis.rollen); these
        # records belong to the portal itself, so the role is asked directly.
        return rechten_van(request.user).mag_vastgestelde_rapportages_beheren()
