"""The login form and the username django-axes records."""

from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class InlogFormulier(AuthenticationForm):
    # Django's Dutch catalogue leaves these untranslated.
    error_messages = {
        "invalid_login": _(
            "Voer een correcte gebruikersnaam en wachtwoord in. Let op: beide velden zijn "
            "hoofdlettergevoelig."
        ),
        "inactive": _("Dit account is niet actief."),
    }


def inlognaam_voor_axes(request, credentials) -> str:
    """The username as django-axes records it: at most its column's 255 characters."""
    return str((credentials or {}).get("username") or request.POST.get("username", ""))[:255]
