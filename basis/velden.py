"""Form fields for amounts in Dutch notation, shared by every app's forms and the admin."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from basis.opmaak import getal, lees_bedrag


class BedragInput(forms.TextInput):
    """Shows an amount the way it is typed: '1.050.000' or '1.050.000,50'."""

    def __init__(self, attrs: dict[str, str] | None = None) -> None:
        super().__init__({"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value: object) -> str | None:
        if isinstance(value, Decimal | int):
            return getal(value)
        return super().format_value(value)


class BedragField(forms.DecimalField):
    """A euro amount in Dutch notation, e.g. '€ 1.050.000,50'."""

    widget = BedragInput
    default_error_messages = {
        "invalid": _("Vul een bedrag in, bijvoorbeeld 1.050.000 of 1.050.000,50."),
    }

    def __init__(self, **kwargs: object) -> None:
        kwargs.setdefault("max_digits", 14)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("localize", False)
        super().__init__(**kwargs)  # type: ignore[arg-type]

    def to_python(self, value: object) -> Decimal | None:
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal):
            return value
        try:
            return lees_bedrag(str(value))
        except (ValueError, ArithmeticError):
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None

    def widget_attrs(self, widget: forms.Widget) -> dict[str, str]:
        # DecimalField would add step/min/max attributes meant for type=number.
        return {}
