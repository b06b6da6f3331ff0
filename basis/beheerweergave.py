"""How the admin's change lists show data: amounts right-aligned and in Dutch.

`bedragkolom("bedrag", _("bedrag"))` goes straight into a ModelAdmin's list_display.
The column is named `euro_<veld>`, so the admin gives its cells the classes
`field-euro_<veld>` and `column-euro_<veld>`, which templates/admin/base_site.html
right-aligns with tabular figures; sorting on the column sorts on the model field.
"""

from collections.abc import Callable

from django.contrib import admin
from django.db import models
from django.utils.functional import Promise

from basis.opmaak import euro

KOLOMVOORVOEGSEL = "euro_"


def bedragkolom(veld: str, omschrijving: str | Promise) -> Callable[[models.Model], str]:
    """A change-list column for the amount in `veld`: '€ 1.050.000', '-€ 2.500', '€ 0'."""

    @admin.display(description=omschrijving, ordering=veld)
    def kolom(obj: models.Model) -> str:
        return euro(getattr(obj, veld))

    kolom.__name__ = kolom.__qualname__ = f"{KOLOMVOORVOEGSEL}{veld}"
    return kolom
