"""Writes on the budget. Every function runs in one transaction and records who and why."""

from datetime import date
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from basis.botsing import zonder_botsing
from basis.velden import binnen_datumvenster
from budget.models import (
    Begrotingsregel,
    Begrotingswijziging,
    Besluitorgaan,
    Realisatie,
    Wijzigingsstatus,
)
from opgaven.models import Opgave


class AlVastgesteld(ValidationError):
    """A wijziging that is no longer a concept is not set again, also not by a second
    beheerder at the same moment: a Dutch ValidationError, shown as a message."""


def _bewaar(obj: models.Model, *, gebruiker: AbstractBaseUser, reden: str) -> None:
    obj._history_user = gebruiker  # type: ignore[attr-defined]
    obj._change_reason = reden  # type: ignore[attr-defined]
    obj.full_clean()
    _controleer_datums(obj)
    # A concurrent save (the same new line twice) is a message, not a server error.
    zonder_botsing(obj.save, opnieuw=obj.full_clean)


def _controleer_datums(obj: models.Model) -> None:
    """Every date of obj lies in basis.velden.DATUMVENSTER (2000-2100), whoever calls."""
    fouten: dict[str, list[ValidationError]] = {}
    for veld in obj._meta.concrete_fields:
        if not isinstance(veld, models.DateField) or isinstance(veld, models.DateTimeField):
            continue
        try:
            binnen_datumvenster(getattr(obj, veld.attname))
        except ValidationError as fout:
            fouten[veld.name] = [fout]
    if fouten:
        raise ValidationError(fouten)


def _nieuwe_wijziging(
    status: str,
    *,
    regel: Begrotingsregel,
    jaar: int,
    bedrag: Decimal,
    kenmerk: str,
    reden: str,
    gebruiker: AbstractBaseUser,
    orgaan: str,
    besluitdatum: date | None,
) -> Begrotingswijziging:
    wijziging = Begrotingswijziging(
        regel=regel,
        jaar=jaar,
        bedrag=bedrag,
        kenmerk=kenmerk,
        motivering=reden,
        orgaan=orgaan,
        besluitdatum=besluitdatum,
        status=status,
    )
    _bewaar(wijziging, gebruiker=gebruiker, reden=reden)
    return wijziging


@transaction.atomic
def stel_wijziging_voor(
    *,
    regel: Begrotingsregel,
    jaar: int,
    bedrag: Decimal,
    kenmerk: str,
    reden: str,
    gebruiker: AbstractBaseUser,
    orgaan: str = Besluitorgaan.GS,
    besluitdatum: date | None = None,
) -> Begrotingswijziging:
    """A concept amendment: shown apart, never counted until a beheerder sets it."""
    return _nieuwe_wijziging(
        Wijzigingsstatus.CONCEPT,
        regel=regel,
        jaar=jaar,
        bedrag=bedrag,
        kenmerk=kenmerk,
        reden=reden,
        gebruiker=gebruiker,
        orgaan=orgaan,
        besluitdatum=besluitdatum,
    )


@transaction.atomic
def stel_wijziging_vast(
    *,
    wijziging: Begrotingswijziging,
    gebruiker: AbstractBaseUser,
    besluitdatum: date | None = None,
    reden: str = "",
) -> Begrotingswijziging:
    """Set a concept amendment to vastgesteld, so it counts in the actuele begroting.

    Locks the row first and reads it again: of two beheerders setting the same
    amendment at once, one wins and the other gets AlVastgesteld (a ValidationError).
    """
    # Unordered: an ordering join would lock the line, opgave and programme rows too.
    gevonden = (
        Begrotingswijziging.objects.select_for_update().filter(pk=wijziging.pk).order_by().first()
    )
    if gevonden is None:
        raise ValidationError(_("Deze wijziging bestaat niet meer."), code="verwijderd")
    wijziging = gevonden
    if wijziging.status != Wijzigingsstatus.CONCEPT:
        raise AlVastgesteld(_("Deze wijziging is al vastgesteld."), code="al_vastgesteld")
    wijziging.status = Wijzigingsstatus.VASTGESTELD
    wijziging.besluitdatum = besluitdatum or wijziging.besluitdatum or timezone.localdate()
    _bewaar(
        wijziging,
        gebruiker=gebruiker,
        reden=reden or _("Vastgesteld: %(kenmerk)s") % {"kenmerk": wijziging.kenmerk},
    )
    return wijziging


@transaction.atomic
def boek_wijziging(
    *,
    regel: Begrotingsregel,
    jaar: int,
    bedrag: Decimal,
    kenmerk: str,
    reden: str,
    besluitdatum: date,
    gebruiker: AbstractBaseUser,
    orgaan: str = Besluitorgaan.GS,
) -> Begrotingswijziging:
    """A decided amendment, booked as vastgesteld at once (a beheerder's act)."""
    return _nieuwe_wijziging(
        Wijzigingsstatus.VASTGESTELD,
        regel=regel,
        jaar=jaar,
        bedrag=bedrag,
        kenmerk=kenmerk,
        reden=reden,
        gebruiker=gebruiker,
        orgaan=orgaan,
        besluitdatum=besluitdatum,
    )


@transaction.atomic
def nieuwe_regel_met_wijziging(
    *,
    opgave: Opgave,
    omschrijving: str,
    jaar: int,
    bedrag: Decimal,
    kenmerk: str,
    reden: str,
    gebruiker: AbstractBaseUser,
    orgaan: str = Besluitorgaan.GS,
) -> Begrotingswijziging:
    """A new budget line that starts at zero, with the (concept) amendment that funds it."""
    laatste = opgave.begrotingsregels.aggregate(hoogste=models.Max("volgorde"))["hoogste"]
    regel = Begrotingsregel(opgave=opgave, omschrijving=omschrijving, volgorde=(laatste or 0) + 1)
    _bewaar(regel, gebruiker=gebruiker, reden=reden)
    return stel_wijziging_voor(
        regel=regel,
        jaar=jaar,
        bedrag=bedrag,
        kenmerk=kenmerk,
        reden=reden,
        orgaan=orgaan,
        gebruiker=gebruiker,
    )


@transaction.atomic
def registreer_realisatie(
    *,
    regel: Begrotingsregel,
    jaar: int,
    datum: date,
    omschrijving: str,
    gebruiker: AbstractBaseUser,
    verplicht: Decimal = Decimal("0"),
    besteed: Decimal = Decimal("0"),
) -> Realisatie:
    realisatie = Realisatie(
        regel=regel,
        jaar=jaar,
        datum=datum,
        omschrijving=omschrijving,
        verplicht=verplicht,
        besteed=besteed,
    )
    _bewaar(realisatie, gebruiker=gebruiker, reden=omschrijving)
    return realisatie
