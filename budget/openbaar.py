"""What the other apps use of budget, besides its models: the read models of Tabel 1 and
its execution (budget.tabel; `Begrotingsregel.objects` gives them), the admin inline of
an opgave's lines and this app's history tables."""

from budget.admin import BegrotingsregelInline
from budget.historie import begrotingsbronnen
from budget.tabel import (
    Begrotingstabel,
    Budgetoverzicht,
    Tabelgroep,
    Uitvoeringsbedragen,
    Uitvoeringstabel,
)

__all__ = [
    "BegrotingsregelInline",
    "Begrotingstabel",
    "Budgetoverzicht",
    "Tabelgroep",
    "Uitvoeringsbedragen",
    "Uitvoeringstabel",
    "begrotingsbronnen",
]
