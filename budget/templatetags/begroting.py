from decimal import Decimal

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def uitputting(waarde: Decimal | None) -> str:
    """'12,3%'; '-' when there is no actuele begroting to divide by."""
    if waarde is None:
        return "-"
    return f"{number_format(waarde, decimal_pos=1, use_l10n=True, force_grouping=True)}%"
