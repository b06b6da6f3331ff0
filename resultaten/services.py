"""Writes on results, their indicators and progress. Every function runs in one transaction."""

from datetime import date
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.db import models, transaction

from opgaven.models import Activiteit
from resultaten.models import Indicator, Indicatorwaarde, Resultaat, Status, Voortgangsupdate


@transaction.atomic
def registreer_voortgang(
    *,
    peildatum: date,
    status: Status | str,
    gebruiker: AbstractBaseUser | None,
    resultaat: Resultaat | None = None,
    activiteit: Activiteit | None = None,
    toelichting: str = "",
    verklaring: str = "",
    maatregel: str = "",
    waarden: dict[Indicator, Decimal] | None = None,
    is_demo: bool = False,
) -> Voortgangsupdate:
    """Record a new progress update; earlier updates stay as they are (append-only)."""
    update = Voortgangsupdate(
        resultaat=resultaat,
        activiteit=activiteit,
        opgave_id=(resultaat or activiteit).opgave_id,  # type: ignore[union-attr]
        peildatum=peildatum,
        status=status,
        toelichting=toelichting.strip(),
        verklaring=verklaring.strip(),
        maatregel=maatregel.strip(),
        is_demo=is_demo,
        ingevoerd_door=gebruiker if gebruiker and gebruiker.is_authenticated else None,
    )
    update._history_user = gebruiker  # type: ignore[attr-defined]
    update.full_clean()
    update.save()
    for indicator, waarde in (waarden or {}).items():
        if resultaat is None or indicator.resultaat_id != resultaat.pk:
            raise ValueError("An indicator value belongs to an indicator of the same result.")
        rij = Indicatorwaarde(update=update, indicator=indicator, waarde=waarde)
        rij._history_user = gebruiker  # type: ignore[attr-defined]
        rij.full_clean()
        rij.save()
    return update


@transaction.atomic
def bewaar_indicator(*, indicator: Indicator, gebruiker: AbstractBaseUser) -> Indicator:
    """Save a new or changed indicator; a new one goes last among its result's indicators."""
    if indicator.pk is None:
        hoogste = Indicator.objects.filter(resultaat_id=indicator.resultaat_id).aggregate(
            m=models.Max("volgorde")
        )["m"]
        indicator.volgorde = (hoogste or 0) + 1
    indicator._history_user = gebruiker  # type: ignore[attr-defined]
    indicator.full_clean()
    indicator.save()
    return indicator


@transaction.atomic
def verwijder_indicator(*, indicator: Indicator, gebruiker: AbstractBaseUser) -> None:
    """Delete an indicator with its realised values; the history keeps them."""
    indicator._history_user = gebruiker  # type: ignore[attr-defined]
    indicator.delete()
