from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BasisConfig(AppConfig):
    """The foundation below the apps; installed for its template tags, it has no models."""

    name = "basis"
    verbose_name = _("Basis")
