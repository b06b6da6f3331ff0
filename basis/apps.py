from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BasisConfig(AppConfig):
    """The foundation below the apps."""

    name = "basis"
    verbose_name = _("Basis")

    def ready(self) -> None:
        from basis import dataversie

        # Every app's models are loaded now; basis names none of them.
        dataversie.volg_wijzigingen()
