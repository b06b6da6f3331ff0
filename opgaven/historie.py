"""The opgaven app's part of the change history: an opgave and its items."""

from django.db import models

from opgaven.models import (
    Activiteit,
    Doel,
    Doelgroep,
    Opgave,
    OpgaveGerelateerdProgramma,
    OpgavePartner,
    Thema,
)


def opgavebronnen(opgave_ids) -> list[models.QuerySet]:
    """The history of the opgaven `opgave_ids` (ids or a values() query) and of their items."""
    onderdelen = (Doel, Doelgroep, OpgavePartner, OpgaveGerelateerdProgramma, Thema, Activiteit)
    return [
        Opgave.history.filter(id__in=opgave_ids),
        *(model.history.filter(opgave_id__in=opgave_ids) for model in onderdelen),
    ]
