"""Writes on an opgave and its parts. Every function runs in one transaction."""

from typing import Any, TypeVar

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from basis.botsing import zonder_botsing
from basis.services import verwijder_herstelbaar
from basis.velden import zichtbare_tekst
from basis.versies import Versiebeheerd, bewaar_met_versie
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
    index = next((i for i, item in enumerate(rij) if item.pk == obj.pk), None)
    if index is None:
        return  # moved elsewhere or deleted meanwhile: nothing to reorder here
    doel = index - 1 if omhoog else index + 1
    if not 0 <= doel < len(rij):
        return
    rij[index], rij[doel] = rij[doel], rij[index]
    for volgorde, item in enumerate(rij, start=1):
        if item.volgorde != volgorde:  # type: ignore[attr-defined]
            item.volgorde = volgorde  # type: ignore[attr-defined]
            item._history_user = gebruiker  # type: ignore[attr-defined]
            item._change_reason = _("Volgorde gewijzigd in het portaal")  # type: ignore[attr-defined]
            item.save(update_fields=["volgorde"])


@transaction.atomic
def voeg_toe(*, obj: models.Model, gebruiker: AbstractBaseUser) -> models.Model:
    """Save a new item at the end of its siblings. Raises ValidationError."""
    laatste = _broers_en_zussen(obj).aggregate(hoogste=models.Max("volgorde"))["hoogste"]
    obj.volgorde = (laatste or 0) + 1  # type: ignore[attr-defined]
    obj._history_user = gebruiker  # type: ignore[attr-defined]
    obj.full_clean()
    zonder_botsing(obj.save, opnieuw=obj.full_clean)
    return obj


V = TypeVar("V", bound=Versiebeheerd)
M = TypeVar("M", bound=models.Model)


@transaction.atomic
def bewaar_onderdeel(
    *,
    obj: V,
    verwachte_versie: int,
    gegevens: dict[str, Any],
    gebruiker: AbstractBaseUser | None,
    reden: str = "",
) -> V:
    """Save an edit of an opgave or one of its items, refused with Versieconflict when
    somebody saved it since the form was opened, or with ValidationError. `reden` goes
    into the history (default: changed in the portal)."""

    def opnieuw() -> None:
        huidig = type(obj)._base_manager.filter(pk=obj.pk).first()
        if huidig is None:
            return
        for naam, waarde in gegevens.items():
            setattr(huidig, naam, waarde)
        huidig.full_clean()

    return zonder_botsing(
        lambda: bewaar_met_versie(
            obj=obj,
            verwachte_versie=verwachte_versie,
            gegevens=gegevens,
            gebruiker=gebruiker,  # type: ignore[arg-type]
            reden=reden,
            # Constraints the edit breaks are refused by the database; zonder_botsing
            # then has opnieuw() name the constraint, as full_clean would have.
            controleer_beperkingen=False,
        ),
        opnieuw=opnieuw,
    )


@transaction.atomic
def verwijder(
    *, obj: models.Model, gebruiker: AbstractBaseUser, verwachte_vingerafdruk: str | None = None
) -> None:
    """Delete an item with its sub-items, kept whole for a beheerder to restore
    (basis.services.verwijder_herstelbaar). Raises ProtectedError when it has progress
    updates, Verwijderconflict when it or what goes along changed since the user's
    confirmation showed `verwachte_vingerafdruk`."""
    verwijder_herstelbaar(
        obj=obj,
        gebruiker=gebruiker,
        reden=_("Verwijderd in het portaal: %(wat)s") % {"wat": str(obj)[:60]},
        verwachte_vingerafdruk=verwachte_vingerafdruk,
    )


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
    so the same organisation is never stored twice, also when two users add it at
    the same moment. Raises ValidationError (a name error under the key "naam").
    """
    doelmodel, koppelmodel, veld = KOPPELINGEN[soort]
    if bestaand is None:
        naam = " ".join(zichtbare_tekst(nieuwe_naam).split())
        if not naam:
            raise ValidationError(
                {"naam": _("Kies een bestaande of vul een nieuwe naam in.")}, code="required"
            )
        bestaand = _met_naam(doelmodel, naam, gebruiker)
    _koppel_aan(opgave, koppelmodel, veld, bestaand, gebruiker)
    return bestaand


def _met_naam(doelmodel: type[models.Model], naam: str, gebruiker: AbstractBaseUser):
    """The record with this name as the unique constraint compares it (lower case); a new
    one if there is none."""
    gelijk = doelmodel._base_manager.alias(kleine_naam=Lower("naam")).filter(
        kleine_naam=Lower(models.Value(naam))
    )
    return gelijk.first() or _voeg_in_tenzij_gelijk(
        doelmodel(naam=naam),
        gelijk,
        gebruiker,
        melding={"naam": _("Deze naam kon niet worden opgeslagen; probeer het opnieuw.")},
    )


def _koppel_aan(opgave, koppelmodel, veld: str, gekoppeld, gebruiker: AbstractBaseUser) -> None:
    """Add the link row unless it exists."""
    gelijk = koppelmodel._base_manager.filter(opgave=opgave, **{veld: gekoppeld})
    if gelijk.exists():
        return
    hoogste = koppelmodel._base_manager.filter(opgave=opgave).aggregate(m=models.Max("volgorde"))
    _voeg_in_tenzij_gelijk(
        koppelmodel(opgave=opgave, volgorde=(hoogste["m"] or 0) + 1, **{veld: gekoppeld}),
        gelijk,
        gebruiker,
        melding=_("De koppeling kon niet worden opgeslagen; probeer het opnieuw."),
    )


def _voeg_in_tenzij_gelijk(nieuw: M, gelijk: models.QuerySet, gebruiker, *, melding) -> M:
    """Insert `nieuw`; when a unique constraint refuses it, the row in `gelijk` that a
    concurrent insert made. Of two users adding the same at once the database lets one
    insert; the other waits for it and then takes that one."""
    nieuw._history_user = gebruiker  # type: ignore[attr-defined]
    # The unique constraint is left to the database: only it sees a concurrent insert.
    nieuw.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            nieuw.save()
    except IntegrityError as fout:
        bestaand = gelijk.first()
        if bestaand is None:
            raise ValidationError(melding) from fout
        return bestaand
    return nieuw


@transaction.atomic
def ontkoppel(*, koppeling: models.Model, gebruiker: AbstractBaseUser) -> None:
    """Unlink; the shared partner or programme itself stays for the other opgaven."""
    verwijder_herstelbaar(
        obj=koppeling,
        gebruiker=gebruiker,
        reden=_("Ontkoppeld in het portaal: %(wat)s") % {"wat": str(koppeling)[:60]},
    )
