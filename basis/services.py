"""Deleting and restoring as a whole: nothing a deletion takes along is lost.

`verwijder_herstelbaar` deletes an object with everything that goes with it by cascade, and keeps
all of it in a Verwijdering (with who, when and why; the history gets the same user
and reason). `herstel_verwijdering` puts it all back, parents first, with the same ids. A deletion
that would take protected data along (progress updates, frozen reports, amendments)
is refused with Django's ProtectedError before anything happens.
"""

import hashlib
import hmac
import logging
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.core import serializers
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, models, router, transaction
from django.db.models.deletion import Collector, ProtectedError, RestrictedError
from django.utils import timezone
from django.utils.translation import gettext as _

from basis.models import Verwijdering
from basis.versies import Versiebeheerd

logger = logging.getLogger(__name__)


def _label(obj: models.Model) -> str:
    return obj._meta.label_lower


@dataclass
class Verwijderoverzicht:
    """What a delete confirmation shows: what goes along, or what stops the deletion."""

    meegaand: list[str]  # "soort: omschrijving", without the item itself
    beschermd: list[str]  # non-empty: the deletion is refused because of these
    vingerafdruk: str = ""  # of what goes along, for verwijder_herstelbaar's check


class Verwijderconflict(ValidationError):
    """What a deletion would take along changed after the user saw the confirmation."""


def vingerafdruk(objecten: list[models.Model]) -> str:
    """A sha256 hex digest of what a deletion takes along: each object's model, key and
    version (where it has one). It changes when an item is edited, or an item is added
    to or removed from what goes along."""
    delen = sorted(
        f"{_label(o)}:{o.pk}:{o.versie if isinstance(o, Versiebeheerd) else ''}" for o in objecten
    )
    return hashlib.sha256("\n".join(delen).encode()).hexdigest()


def verwijderoverzicht(obj: models.Model) -> Verwijderoverzicht:
    """Everything deleting `obj` would take along, or the protected data that stops it,
    with the fingerprint the confirmation carries back (verwachte_vingerafdruk)."""
    try:
        _, objecten = _verzamel(obj)
    except (ProtectedError, RestrictedError) as fout:
        beschermd = (
            fout.protected_objects if isinstance(fout, ProtectedError) else fout.restricted_objects
        )
        return Verwijderoverzicht(meegaand=[], beschermd=[_regel(o) for o in list(beschermd)[:50]])
    return Verwijderoverzicht(
        meegaand=[_regel(o) for o in reversed(objecten) if o != obj],
        beschermd=[],
        vingerafdruk=vingerafdruk(objecten),
    )


def _regel(obj: models.Model) -> str:
    return f"{str(obj._meta.verbose_name).capitalize()}: {obj}"


def _verzamel(obj: models.Model) -> tuple[Collector, list[models.Model]]:
    collector = Collector(using=router.db_for_write(type(obj)), origin=obj)
    collector.collect([obj])  # raises ProtectedError / RestrictedError
    collector.sort()
    objecten: list[models.Model] = []
    # Fast deletes (models without signals) go first; an auto-created m2m table is
    # restored through the m2m values of the object that holds the field.
    for queryset in collector.fast_deletes:
        if not queryset.model._meta.auto_created:
            objecten.extend(queryset)
    for instances in collector.data.values():
        objecten.extend(instances)
    return collector, objecten


def controleer_vingerafdruk(*, obj: models.Model, verwacht: str) -> models.Model:
    """Lock `obj`'s row and raise Verwijderconflict unless deleting it would still take
    along exactly what the confirmation showed (`verwacht`, its vingerafdruk); returns the
    row as read under the lock. Raises ProtectedError when protected data would go along.

    A deletion of several items checks them all first, then deletes: deleting one may
    take another along, which is what the user saw, not a change.
    """
    # Read again, locked: an edit saved during the deletion waits and then finds it
    # gone, and an edit saved before counts in the fingerprint.
    vers = type(obj)._base_manager.select_for_update().filter(pk=obj.pk).order_by().first()
    if vers is None:
        raise Verwijderconflict(_("Dit is al verwijderd."), code="al_verwijderd")
    _collector, objecten = _verzamel(vers)
    if not hmac.compare_digest(str(verwacht).encode(), vingerafdruk(objecten).encode()):
        raise Verwijderconflict(
            _(
                "Dit is intussen gewijzigd, of er is iets bij- of afgekomen dat mee zou "
                "gaan. Er is niets verwijderd; bekijk hieronder opnieuw wat er meegaat."
            ),
            code="intussen_gewijzigd",
        )
    return vers


@transaction.atomic
def verwijder_alle_herstelbaar(
    *,
    objecten: list[models.Model],
    gebruiker: AbstractBaseUser | None,
    reden: str,
    verwachte_vingerafdrukken: dict[str, str] | None = None,
) -> list[Verwijdering]:
    """Delete several items as verwijder_herstelbaar does, all or nothing.

    `verwachte_vingerafdrukken`: {str(pk): vingerafdruk} as the confirmation showed each;
    every item is checked before any is deleted (Verwijderconflict). An item that goes
    along with another selected one is deleted (and restored) as part of that one.
    """
    if verwachte_vingerafdrukken is not None:
        objecten = [
            controleer_vingerafdruk(
                obj=obj, verwacht=verwachte_vingerafdrukken.get(str(obj.pk), "")
            )
            for obj in objecten
        ]
    # An item that goes along with another selected one is kept in that one's deletion.
    meegaand: set[tuple[str, str]] = set()
    for obj in objecten:
        meegaand |= {(_label(o), str(o.pk)) for o in _verzamel(obj)[1] if o is not obj}
    return [
        verwijder_herstelbaar(obj=obj, gebruiker=gebruiker, reden=reden)
        for obj in objecten
        if (_label(obj), str(obj.pk)) not in meegaand
    ]


@transaction.atomic
def verwijder_herstelbaar(
    *,
    obj: models.Model,
    gebruiker: AbstractBaseUser | None,
    reden: str,
    verwachte_vingerafdruk: str | None = None,
) -> Verwijdering:
    """Delete `obj` and what goes with it; keep everything in a Verwijdering.

    `verwachte_vingerafdruk`: the fingerprint of what the user's confirmation listed
    (Verwijderoverzicht.vingerafdruk); when what goes along changed since, nothing is
    deleted and Verwijderconflict (Dutch) is raised. None: no such check (a command).
    Raises ProtectedError when protected data would go along (then nothing changes).
    """
    if verwachte_vingerafdruk is not None:
        obj = controleer_vingerafdruk(obj=obj, verwacht=verwachte_vingerafdruk)
    collector, objecten = _verzamel(obj)
    verwijdering = Verwijdering.objects.create(
        soort=str(obj._meta.verbose_name),
        onderwerp=str(obj)[:300],
        model=_label(obj),
        object_id=str(obj.pk),
        objecten=[[_label(o), str(o.pk), str(o)[:200]] for o in objecten],
        inhoud=serializers.serialize("xml", objecten),
        reden=reden,
        verwijderd_door=gebruiker,
    )
    for instances in collector.data.values():
        for instance in instances:
            # simple-history records the user and reason of each '-' row from these.
            instance._history_user = gebruiker  # type: ignore[attr-defined]
            instance._change_reason = reden  # type: ignore[attr-defined]
    collector.delete()
    return verwijdering


def herstel_verwijdering(
    *, verwijdering: Verwijdering, gebruiker: AbstractBaseUser, reden: str
) -> int:
    """Put back everything `verwijdering` removed, with the same ids; returns how many.

    Raises ValidationError (Dutch) when it was restored already, or when it cannot come
    back whole (something it points at is gone, or a name is now taken): then nothing
    is restored.
    """
    try:
        with transaction.atomic():
            return _herstel(verwijdering, gebruiker, reden)
    except IntegrityError as fout:
        logger.warning("Herstel van verwijdering %s geweigerd: %s", verwijdering.pk, fout)
        raise ValidationError(
            _(
                "Herstellen kan niet in zijn geheel: iets waar het naar verwijst is er niet "
                "meer (zet dat eerst terug onder Verwijderingen), of een naam is intussen "
                "opnieuw gebruikt. Er is niets hersteld."
            )
        ) from fout


def _herstel(verwijdering: Verwijdering, gebruiker: AbstractBaseUser, reden: str) -> int:
    verwijdering = Verwijdering.objects.select_for_update().get(pk=verwijdering.pk)
    if verwijdering.is_hersteld:
        raise ValidationError(_("Deze verwijdering is al hersteld."))
    gedeserialiseerd = list(
        serializers.deserialize("xml", verwijdering.inhoud, handle_forward_references=True)
    )
    bestaand = [
        d.object
        for d in gedeserialiseerd
        if type(d.object)._base_manager.filter(pk=d.object.pk).exists()
    ]
    if bestaand:
        raise ValidationError(
            _("%(wat)s bestaat al weer; herstel het niet een tweede keer.") % {"wat": bestaand[0]}
        )
    # Deleted dependents first, so parents come back first.
    for d in reversed(gedeserialiseerd):
        _zet_terug(d.object, gebruiker, reden)
    for d in gedeserialiseerd:
        for veld, waarden in (d.m2m_data or {}).items():
            getattr(d.object, veld).set(waarden)
    verwijdering.hersteld_door = gebruiker
    verwijdering.hersteld_op = timezone.now()
    verwijdering.save(update_fields=["hersteld_door", "hersteld_op"])
    return len(gedeserialiseerd)


def _zet_terug(obj: models.Model, gebruiker: AbstractBaseUser, reden: str) -> None:
    obj._history_user = gebruiker  # type: ignore[attr-defined]
    obj._change_reason = reden  # type: ignore[attr-defined]
    if isinstance(obj, Versiebeheerd):
        # A form opened before the deletion must not save over the restored item.
        obj.versie += 1
    obj.save(force_insert=True)


def open_verwijdering(label: str, pk: object) -> Verwijdering | None:
    """The newest deletion not yet restored that removed object `pk` of model `label`
    ("app_label.model"), as the item itself or as something that went with it."""
    open_ = Verwijdering.objects.filter(hersteld_op=None).order_by("-verwijderd_op", "-pk")
    eigen = open_.filter(model=label, object_id=str(pk)).first()
    if eigen is not None:
        return eigen
    sleutel = [label, str(pk)]
    if connection.vendor == "postgresql":
        # jsonb containment: an element [label, pk, ...] of the list, found by the database.
        return open_.filter(objecten__contains=[sleutel]).first()
    for verwijdering in open_.only("objecten").iterator():
        if sleutel in [o[:2] for o in verwijdering.objecten]:
            return Verwijdering.objects.get(pk=verwijdering.pk)
    return None


def heeft_verwijderde_afhankelijken(model: type[models.Model], pk: object) -> bool:
    """Whether deleted rows in the history pointed at object `pk` of `model`: then
    restoring that object alone would bring it back without them."""
    for relatie in model._meta.related_objects:
        gerelateerd = relatie.related_model
        historie = getattr(gerelateerd, "history", None)
        if not relatie.one_to_many or historie is None:
            continue
        veld = relatie.field.attname
        if historie.filter(history_type="-", **{veld: pk}).exists():
            return True
    return False
