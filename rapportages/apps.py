from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RapportagesConfig(AppConfig):
    name = "rapportages"
    verbose_name = _("Voortgangsrapportages")

    def ready(self) -> None:
        from basis import dataversie
        from rapportages.models import Voortgangsrapportage

        # Frozen reports have no history table but are only ever added: their newest
        # row is part of the data version.
        dataversie.registreer_bron(Voortgangsrapportage, nummer="id", tijd="vastgesteld_op")
