"""The resultaten app's part of the change history: results, indicators and progress."""

from django.db import models

from resultaten.models import Indicator, Indicatorwaarde, Resultaat, Voortgangsupdate


def resultaatbronnen(opgave_ids) -> list[models.QuerySet]:
    """Results, their indicators and the progress reported on results and activities."""
    resultaten = Resultaat.history.filter(opgave_id__in=opgave_ids)
    # Through the history tables, so items of a deleted result still show.
    resultaat_ids = resultaten.values("id")
    # An update carries the opgave of its result or activity from the start (it is
    # never changed afterwards): its own indexed column finds it, without reading the
    # whole history of the results and activities first.
    updates = Voortgangsupdate.history.filter(opgave_id__in=opgave_ids)
    return [
        resultaten,
        Indicator.history.filter(resultaat_id__in=resultaat_ids),
        updates,
        Indicatorwaarde.history.filter(update_id__in=updates.values("id")),
    ]
