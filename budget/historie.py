"""The budget app's part of the change history: lines, amounts, amendments, realisation."""

from django.db import models

from budget.models import (
    Begrotingsbedrag,
    Begrotingsregel,
    Begrotingswijziging,
    Cofinanciering,
    Realisatie,
)


def begrotingsbronnen(opgave_ids) -> list[models.QuerySet]:
    """The history of the budget of the opgaven `opgave_ids` (ids or a values() query)."""
    regels = Begrotingsregel.history.filter(opgave_id__in=opgave_ids)
    # Through the history of the lines, so entries of a deleted line still show.
    regel_ids = regels.values("id")
    return [
        regels,
        Begrotingsbedrag.history.filter(regel_id__in=regel_ids),
        Begrotingswijziging.history.filter(regel_id__in=regel_ids),
        Realisatie.history.filter(regel_id__in=regel_ids),
        Cofinanciering.history.filter(opgave_id__in=opgave_ids),
    ]
