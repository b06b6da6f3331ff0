from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KoersConfig(AppConfig):
    name = "koers"
    verbose_name = _("Koersportaal")
