"""The ledger extract in the admin: when one was last loaded."""

from datetime import datetime

from django import template

from budget import services

register = template.Library()


@register.simple_tag
def grootboek_laatst_ingelezen() -> datetime | None:
    """When a ledger row was last added (budget.services.laatste_grootboekextract)."""
    return services.laatste_grootboekextract()
