from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortaalConfig(AppConfig):
    """The pages that combine the apps, the full opgave admin and the loading commands."""

    name = "portaal"
    verbose_name = _("Portaal")
