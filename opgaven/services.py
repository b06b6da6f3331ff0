"""Writes on an opgave and its parts. Every function runs in one transaction."""

from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import models, transaction
from django.utils.translation import gettext as _

from opgaven.models import (
    GerelateerdProgramma,
    Opgave,
    OpgaveGerelateerdProgramma,
    OpgavePartner,
    Partner,
)


def _broers_en_zussen(obj: models.Model) -> models.QuerySet:
    model = type(obj)
    filters: dict[str, Any] = {"opgave_id": obj.opgave_id}  # type: ignore[attr-defined]
    for naam in ("bovenliggend_id", "thema_id"):
        if hasattr(obj, naam):
            filters[naam] = getattr(obj, naam)
    return model.objects.filter(**filters).order_by("volgorde", "pk")


@transaction.atomic
def verplaats(*, obj: models.Model, omhoog: bool, gebruiker: AbstractBaseUser) -> None:
    """Move an item one place up or down among its siblings (same opgave, theme, parent).

    Renumbers the siblings 1..n so equal or missing numbers cannot block a move.
    Does not raise `versie`: reordering must not make an open edit form conflict.
    """
    rij = list(_broers_en_zussen(obj).select_for_update())
    index = next(i for i, item in enumerate(rij) if item.pk == obj.pk)
    doel = index - 1 if omhoog else index + 1
    if not 0 <= doel < len(rij):
        return
    rij[index], rij[doel] = rij[doel], rij[index]
    for volgorde, item in enumerate(rij, start=1):
        if item.volgorde != volgorde:  # type: ignore[attr-defined]
            item.volgorde = volgorde  # type: ignore[attr-defined]
            item._history_user = gebruiker  # type: ignore[attr-defined]
            item.save(update_fields=["volgorde"])


@transaction.atomic
def voeg_toe(*, obj: models.Model, gebruiker: AbstractBaseUser) -> models.Model:
    """Save a new item at the end of its siblings."""
    laatste = _broers_en_zussen(obj).aggregate(hoogste=models.Max("volgorde"))["hoogste"]
    obj.volgorde = (laatste or 0) + 1  # type: ignore[attr-defined]
    obj._history_user = gebruiker  # type: ignore[attr-defined]
    obj.full_clean()
    obj.save()
    return obj


@transaction.atomic
def verwijder(*, obj: models.Model, gebruiker: AbstractBaseUser) -> None:
    """Delete an item; the history keeps it, so a beheerder can restore it in the admin."""
    obj._history_user = gebruiker  # type: ignore[attr-defined]
    obj.delete()


KOPPELINGEN: dict[str, tuple[type[models.Model], type[models.Model], str]] = {
    "partners": (Partner, OpgavePartner, "partner"),
    "programmas": (GerelateerdProgramma, OpgaveGerelateerdProgramma, "programma"),
}


@transaction.atomic
def koppel(
    *,
    opgave: Opgave,
    soort: str,
    gebruiker: AbstractBaseUser,
    bestaand: models.Model | None = None,
    nieuwe_naam: str = "",
) -> models.Model:
    """Link an existing partner or programme, or a new one by name, to an opgave.

    A new name that matches an existing record (ignoring case) links that record,
    so the same organisation is never stored twice.
    """
    doelmodel, koppelmodel, veld = KOPPELINGEN[soort]
    if bestaand is None:
        naam = " ".join(nieuwe_naam.split())
        if not naam:
            raise ValueError(_("Kies een bestaande of vul een nieuwe naam in."))
        bestaand = doelmodel.objects.filter(naam__iexact=naam).first()
        if bestaand is None:
            bestaand = doelmodel(naam=naam)
            bestaand._history_user = gebruiker  # type: ignore[attr-defined]
            bestaand.full_clean()
            bestaand.save()
    koppelmodel.objects.get_or_create(
        opgave=opgave,
        **{veld: bestaand},
        defaults={
            "volgorde": (
                koppelmodel.objects.filter(opgave=opgave).aggregate(m=models.Max("volgorde"))["m"]
                or 0
            )
            + 1
        },
    )
    return bestaand


@transaction.atomic
def ontkoppel(*, koppeling: models.Model, gebruiker: AbstractBaseUser) -> None:
    """Unlink; the shared partner or programme itself stays for the other opgaven."""
    koppeling._history_user = gebruiker  # type: ignore[attr-defined]
    koppeling.delete()
