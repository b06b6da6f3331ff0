"""The portal's three roles, as Django groups with their permissions."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction

BEHEERDER = "Beheerder"
MANAGEMENT = "Management"
BELEIDSMEDEWERKER = "Beleidsmedewerker"

DOMEIN_APPS = ("opgaven", "budget", "resultaten")


@transaction.atomic
def richt_rollen_in() -> dict[str, Group]:
    """Create or update the role groups; safe to run repeatedly."""
    domein = Permission.objects.filter(content_type__app_label__in=DOMEIN_APPS)
    lezen = domein.filter(codename__startswith="view_")
    rechten = {
        BEHEERDER: domein,
        MANAGEMENT: lezen,
        BELEIDSMEDEWERKER: lezen,
    }
    groepen = {}
    for naam, permissies in rechten.items():
        groep, _ = Group.objects.get_or_create(name=naam)
        groep.permissions.set(permissies)
        groepen[naam] = groep
    return groepen
