"""Form fields and input rules shared by every app's forms, the admin and the models.

- Amounts in Dutch notation (`BedragField`, read by basis.opmaak.lees_bedrag), built
  from the model field they fill (`bedragveld`), so a form accepts exactly what the
  database column holds: the column, not the form, sets digits and bounds.
- Text that must say something: only spaces or invisible characters count as empty
  (`zichtbare_tekst`, `vereis_zichtbare_tekst`, `TekstField`).
- Dates within a sane window: 2000-2100 everywhere (`DATUMVENSTER`), and in a form
  the programme's years with a margin (`programmavenster`, `beperk_datums`).
- `formulierveld`, a ModelForm's formfield_callback that applies all of the above.
- `toon_fout`: a service's ValidationError shown on the form instead of a server error.
"""

import unicodedata
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.deconstruct import deconstructible
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from basis.opmaak import getal, lees_bedrag

# -- amounts -----------------------------------------------------------------------


class BedragInput(forms.TextInput):
    """Shows an amount the way it is typed: '1.050.000' or '1.050.000,50'."""

    def __init__(self, attrs: dict[str, str] | None = None) -> None:
        super().__init__({"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value: object) -> str | None:
        if isinstance(value, Decimal | int):
            return getal(value)
        return super().format_value(value)


class BedragField(forms.DecimalField):
    """A euro amount or a number in Dutch notation, e.g. '€ 1.050.000,50'.

    Build it with `bedragveld(modelveld)`: the defaults (14 digits, 2 decimals) fit
    the budget's columns, not every column.
    """

    widget = BedragInput
    default_error_messages = {
        "invalid": _(
            "Vul een bedrag in, bijvoorbeeld 1.050.000 of 1.050.000,50: punten tussen de "
            "duizendtallen, een komma voor de decimalen."
        ),
        "max_digits": _("Vul hoogstens %(max)s cijfers in."),
        "max_whole_digits": _("Dit getal is te groot: hoogstens %(max)s cijfers voor de komma."),
        "max_decimal_places": _("Vul hoogstens %(max)s cijfers na de komma in."),
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_digits", 14)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("localize", False)
        super().__init__(**kwargs)

    def to_python(self, value: object) -> Decimal | None:
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal):
            return value
        if isinstance(value, int) and not isinstance(value, bool):
            return Decimal(value)
        try:
            return lees_bedrag(str(value))
        except (ValueError, ArithmeticError):
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None

    def widget_attrs(self, widget: forms.Widget) -> dict[str, str]:
        # DecimalField would add step/min/max attributes meant for type=number.
        return {}


def _grenzen(modelveld: models.Field) -> dict[str, Any]:
    """min_value/max_value from the model field's validators."""
    grenzen: dict[str, Any] = {}
    for validator in modelveld.validators:
        if callable(getattr(validator, "limit_value", None)):
            continue
        if isinstance(validator, MinValueValidator):
            grenzen["min_value"] = validator.limit_value
        elif isinstance(validator, MaxValueValidator):
            grenzen["max_value"] = validator.limit_value
    return grenzen


def bedragveld(modelveld: models.DecimalField, **kwargs: Any) -> BedragField:
    """The BedragField for a model's DecimalField: its digits, decimals and bounds.

    `kwargs` may set label, help_text, required or a stricter min_value/max_value
    (a bound the model keeps in a CheckConstraint); digits and decimals always come
    from the column, so the form never accepts what the database refuses.
    """
    velden: dict[str, Any] = {
        "required": not modelveld.blank,
        "label": capfirst(modelveld.verbose_name),
        "help_text": modelveld.help_text,
        **_grenzen(modelveld),
        **kwargs,
    }
    velden["max_digits"] = modelveld.max_digits
    velden["decimal_places"] = modelveld.decimal_places
    return BedragField(**velden)


# -- text --------------------------------------------------------------------------

# Characters that show nothing although Unicode files them as letters or symbols:
# Hangul fillers, the blank Braille pattern, the combining grapheme joiner and the
# Khmer inherent vowels.
_BLANCO = frozenset("\u115f\u1160\u3164\uffa0\u2800\u034f\u17b4\u17b5")
# Spaces of every width (NBSP too), line and paragraph separators, control characters
# and format characters (zero-width space, joiners, BOM, soft hyphen, direction marks).
_ONZICHTBARE_SOORTEN = frozenset({"Zs", "Zl", "Zp", "Cc", "Cf"})


def _zichtbaar(teken: str) -> bool:
    """A letter, digit, punctuation mark or symbol that shows something."""
    return teken not in _BLANCO and unicodedata.category(teken)[0] in "LNPS"


def _onzichtbaar(teken: str) -> bool:
    # Tag characters (U+E0020-E007F) are format characters too, but they end the
    # flags of Scotland and Wales: they stay.
    if "\U000e0020" <= teken <= "\U000e007f":
        return False
    return teken in _BLANCO or unicodedata.category(teken) in _ONZICHTBARE_SOORTEN


def zichtbare_tekst(tekst: str) -> str:
    """`tekst` without the invisible characters around it; '' if nothing in it shows.

    ' \\u200b' and '\\ufeff\\u00a0' are empty; ' Overleg\\u200b' is 'Overleg'. Marks
    inside a text (a joiner in an emoji, an accent after its letter) stay.
    """
    if not any(_zichtbaar(teken) for teken in tekst):
        return ""
    begin, eind = 0, len(tekst)
    while _onzichtbaar(tekst[begin]):
        begin += 1
    while _onzichtbaar(tekst[eind - 1]):
        eind -= 1
    return tekst[begin:eind]


def vereis_zichtbare_tekst(waarde: object) -> None:
    """Validator of a required text (model or form): invisible characters alone are empty."""
    if not zichtbare_tekst(str(waarde)):
        raise ValidationError(
            _("Vul hier tekst in; spaties of onzichtbare tekens alleen tellen niet."),
            code="onzichtbaar",
        )


class TekstField(forms.CharField):
    """A CharField that drops invisible characters around the input, so that a text of
    only spaces, zero-width characters or a BOM is empty (and refused when required)."""

    def to_python(self, value: object) -> str | None:
        waarde = super().to_python(value)
        if self.strip and isinstance(waarde, str) and waarde:
            return zichtbare_tekst(waarde) or self.empty_value
        return waarde


# -- dates -------------------------------------------------------------------------

# The years a Programma may have (its eerste_jaar and laatste_jaar validators): no
# date anybody enters lies outside them.
DATUMVENSTER = (date(2000, 1, 1), date(2100, 12, 31))
# In a form, a date lies at most this many years before or after its programme.
MARGE_JAREN = 5


@deconstructible(path="basis.velden.DatumBinnen")
class DatumBinnen:
    """Validator: a date from `van` through `tot`, both included."""

    def __init__(self, van: date, tot: date) -> None:
        self.van = van
        self.tot = tot

    def __call__(self, waarde: date | None) -> None:
        if waarde is None:
            return
        if isinstance(waarde, datetime):
            waarde = waarde.date()
        if not self.van <= waarde <= self.tot:
            raise ValidationError(
                _("Kies een datum tussen %(van)s en %(tot)s."),
                code="datumvenster",
                params={"van": f"{self.van:%d-%m-%Y}", "tot": f"{self.tot:%d-%m-%Y}"},
            )

    def __eq__(self, ander: object) -> bool:
        return isinstance(ander, DatumBinnen) and (self.van, self.tot) == (ander.van, ander.tot)

    def __hash__(self) -> int:
        return hash((self.van, self.tot))


binnen_datumvenster = DatumBinnen(*DATUMVENSTER)


def programmavenster(eerste_jaar: int, laatste_jaar: int) -> DatumBinnen:
    """The dates a form accepts for a programme: from MARGE_JAREN years before its first
    year through MARGE_JAREN years after its last, within DATUMVENSTER."""
    van = max(date(max(eerste_jaar - MARGE_JAREN, 1), 1, 1), DATUMVENSTER[0])
    tot = min(date(min(laatste_jaar + MARGE_JAREN, 9999), 12, 31), DATUMVENSTER[1])
    return DatumBinnen(van, tot)


def beperk_datums(formulier: forms.BaseForm, venster: DatumBinnen) -> None:
    """Limit every date field of a form to `venster`, in its check and its date picker."""
    for veld in formulier.fields.values():
        if not isinstance(veld, forms.DateField) or isinstance(veld, forms.DateTimeField):
            continue
        veld.validators = [v for v in veld.validators if not isinstance(v, DatumBinnen)]
        veld.validators.append(venster)
        veld.widget.attrs.update(min=venster.van.isoformat(), max=venster.tot.isoformat())


# -- a ModelForm's fields ----------------------------------------------------------


def formulierveld(modelveld: models.Field, **kwargs: Any) -> forms.Field | None:
    """The form field for a model field with the model's limits; a ModelForm's
    `formfield_callback`, or a plain form's field that fills a model field.

    An amount is a BedragField with the column's digits and bounds, a text a TekstField,
    a date is limited to DATUMVENSTER; anything else as Django makes it.
    """
    if isinstance(modelveld, models.DecimalField):
        toegestaan = {"label", "help_text", "required", "min_value", "max_value", "widget"}
        return bedragveld(modelveld, **{k: v for k, v in kwargs.items() if k in toegestaan})
    if isinstance(modelveld, models.DateField) and not isinstance(modelveld, models.DateTimeField):
        veld = modelveld.formfield(**kwargs)
        if veld is not None and binnen_datumvenster not in veld.validators:
            veld.validators.append(binnen_datumvenster)
        return veld
    if isinstance(modelveld, models.CharField | models.TextField) and not modelveld.choices:
        kwargs.setdefault("form_class", TekstField)
    return modelveld.formfield(**kwargs)


def veld_voor(model: type[models.Model], naam: str, **kwargs: Any) -> forms.Field:
    """formulierveld() of `model`'s field `naam`: a plain form's field that fills it."""
    veld = formulierveld(model._meta.get_field(naam), **kwargs)
    assert veld is not None, naam
    return veld


# -- a service's refusal on the form -----------------------------------------------


def toon_fout(
    formulier: forms.BaseForm, fout: ValidationError, *, velden: dict[str, str] | None = None
) -> None:
    """Show a service's ValidationError on the form: next to the field it names when
    the form has that field (`velden` maps a model field to the form's, e.g. "naam" to
    "nieuwe_naam"), else above the form."""
    if not hasattr(fout, "error_dict"):
        formulier.add_error(None, fout)
        return
    for naam, fouten in fout.error_dict.items():
        naam = (velden or {}).get(naam, naam)
        formulier.add_error(naam if naam in formulier.fields else None, fouten)
