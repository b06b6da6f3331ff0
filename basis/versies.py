"""Optimistic locking: how a conflicting edit is refused.

Every model people edit carries a `versie` (Versiebeheerd). A form carries the
version the user opened (VersieFormulier); bewaar_met_versie saves only when
nobody saved in between, and otherwise raises Versieconflict with what the other
person changed, which toon_versieconflict puts above the user's kept input.
controleer_versie is that one check; the services and the admin's forms all call it.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from django import forms
from django.contrib.auth.models import AbstractBaseUser
from django.db import models, transaction
from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from basis.historie import Veldwijziging, veldwaarde, weergavenaam


class Versiebeheerd(models.Model):
    """Optimistic locking: every save of an existing row raises `versie` by one, whichever
    path it takes (portal, admin, revert, import, command, service).

    A form remembers the version it was opened at; bewaar_met_versie and bewaar_object
    refuse a save when somebody else saved in between, so no update is silently lost.
    A save that names its `update_fields` without `versie` (reordering) leaves it alone.
    """

    versie = models.PositiveIntegerField(gettext_lazy("versie"), default=1, editable=False)

    # Fields saved without a new version (reordering, so an open form does not
    # conflict); bewaar_object keeps their stored value unless the user changed them.
    VELDEN_ZONDER_VERSIE: tuple[str, ...] = ("volgorde",)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        velden = kwargs.get("update_fields")
        if self._state.adding or (velden is not None and "versie" not in velden):
            super().save(*args, **kwargs)
            return
        if self.__dict__.pop("_versie_vergrendeld", False):
            # bewaar_met_versie locked the row at this version and read it after the
            # lock, in the transaction that is still open: no need to read it again.
            self.versie += 1
            super().save(*args, **kwargs)
            return
        with transaction.atomic():
            # From the row itself, locked: an object loaded long ago must not write a
            # version number somebody else's save already used.
            opgeslagen = (
                type(self)
                ._base_manager.select_for_update()
                .filter(pk=self.pk)
                .order_by()  # no ordering join: lock this row only, not its opgave
                .values_list("versie", flat=True)
                .first()
            )
            self.versie = (self.versie if opgeslagen is None else opgeslagen) + 1
            super().save(*args, **kwargs)


V = TypeVar("V", bound=Versiebeheerd)


@dataclass
class Versieconflict(Exception):
    """Somebody else saved the object after the user opened the form."""

    huidig: Versiebeheerd
    wijzigingen: list[Veldwijziging]
    door: str

    def details(self) -> str:
        """ "; veld: oud → nieuw" for each change, to follow a sentence's subject."""
        return "".join(f"; {w.veld}: {w.oud} → {w.nieuw}" for w in self.wijzigingen)

    def melding(self) -> str:
        """A page message: who changed what, and that nothing was done."""
        return _(
            "%(wie)s heeft %(wat)s gewijzigd nadat u de pagina opende%(details)s. Er is "
            "niets uitgevoerd; bekijk het opnieuw en probeer het dan nog eens."
        ) % {"wie": self.door or _("Iemand anders"), "wat": self.huidig, "details": self.details()}


def getoonde_versie(gegevens, naam: str = "versie") -> int:
    """The version a page showed, from its posted `naam` field; 0 (never a row's
    version) when it is missing or not a number, so such a post is refused."""
    try:
        return int(gegevens.get(naam, ""))
    except (TypeError, ValueError):
        return 0


def _wat_een_ander_wijzigde(huidig: Versiebeheerd, verwachte_versie: int | None, velden: list[str]):
    """Fields that changed since `verwachte_versie`, from the history, and by whom."""
    historie = huidig.history  # type: ignore[attr-defined]
    basis = historie.filter(versie=verwachte_versie).order_by("-history_date").first()
    laatste = historie.order_by("-history_date").first()
    door = ""
    if laatste is not None and laatste.history_user is not None:
        door = weergavenaam(laatste.history_user)
    wijzigingen = []
    modelvelden = {veld.name for veld in huidig._meta.concrete_fields}
    for naam in velden:
        if naam not in modelvelden:
            continue  # a form's own field, such as the reason
        veld = huidig._meta.get_field(naam)
        nieuw = getattr(huidig, veld.attname)
        if basis is not None:
            oud = getattr(basis, veld.attname)
            if oud == nieuw:
                continue
            wijzigingen.append(
                Veldwijziging(
                    str(veld.verbose_name), veldwaarde(veld, oud), veldwaarde(veld, nieuw)
                )
            )
        else:
            wijzigingen.append(Veldwijziging(str(veld.verbose_name), "?", veldwaarde(veld, nieuw)))
    return wijzigingen, door


def controleer_versie(
    *, model: type[Versiebeheerd], pk: Any, verwachte_versie: int | None, velden: Iterable[str] = ()
) -> None:
    """The one version check: lock row `pk` if it is still at `verwachte_versie`, else
    raise Versieconflict with what the other person changed in `velden`.

    A conditional UPDATE that changes nothing: on PostgreSQL it takes the row lock, so a
    concurrent save waits and then finds the version moved on; on SQLite it takes the
    write lock. Either way exactly one of two saves wins. A row that is gone raises
    nothing: there is nobody's change to overwrite.
    """
    if model._base_manager.filter(pk=pk, versie=verwachte_versie).update(versie=F("versie")):
        return
    huidig = model._base_manager.filter(pk=pk).first()
    if huidig is None:
        return
    wijzigingen, door = _wat_een_ander_wijzigde(huidig, verwachte_versie, list(velden))
    raise Versieconflict(huidig=huidig, wijzigingen=wijzigingen, door=door)


@transaction.atomic
def bewaar_met_versie(
    *,
    obj: V,
    verwachte_versie: int,
    gegevens: dict[str, Any],
    gebruiker: AbstractBaseUser,
    reden: str = "",
    controleer_beperkingen: bool = True,
) -> V:
    """Save `gegevens` on obj unless somebody saved it after `verwachte_versie`.

    Raises Versieconflict (with what the other person changed) or ValidationError.
    `controleer_beperkingen=False` leaves the model's constraints (one query each) to
    the database, for a caller that turns its refusal into the same message
    (basis.botsing.zonder_botsing, whose `opnieuw` validates them).
    """
    model = type(obj)
    controleer_versie(model=model, pk=obj.pk, verwachte_versie=verwachte_versie, velden=gegevens)
    huidig = model._base_manager.get(pk=obj.pk)  # locked by controleer_versie
    opgeslagen = {veld.attname: getattr(huidig, veld.attname) for veld in _sleutels(model)}
    for naam, waarde in gegevens.items():
        setattr(huidig, naam, waarde)
    huidig._history_user = gebruiker  # type: ignore[attr-defined]
    huidig._change_reason = reden or _("Gewijzigd in het portaal")  # type: ignore[attr-defined]
    # A foreign key the edit left as the locked row has it points at a row that exists
    # (the database keeps it so): only the keys that changed are looked up.
    ongewijzigd = [
        veld.name
        for veld in _sleutels(model)
        if getattr(huidig, veld.attname) == opgeslagen[veld.attname]
    ]
    huidig.full_clean(exclude=ongewijzigd, validate_constraints=controleer_beperkingen)
    huidig._versie_vergrendeld = True  # type: ignore[attr-defined]
    huidig.save()
    return huidig


def _sleutels(model: type[models.Model]) -> list[models.ForeignKey]:
    """The foreign keys whose validation is only "does the row exist" (one query each)."""
    return [
        veld
        for veld in model._meta.concrete_fields
        if isinstance(veld, models.ForeignKey) and not veld.remote_field.limit_choices_to
    ]


@transaction.atomic
def bewaar_object(
    *,
    obj: V,
    verwachte_versie: int | None,
    gebruiker: AbstractBaseUser,
    reden: str,
    velden: list[str] | None = None,
) -> V:
    """Save an object edited as a whole (an admin change, inline row or revert), with the
    same check as bewaar_met_versie (controleer_versie): refused with Versieconflict when
    its row moved past `verwachte_versie`. A new object (or one whose row is gone) is
    simply saved.

    `velden`: the names of the fields the user changed, to say what the other person
    changed in a conflict; fields in VELDEN_ZONDER_VERSIE that are not among them keep
    their stored value.
    """
    model = type(obj)
    bestaat = obj.pk is not None and model._base_manager.filter(pk=obj.pk).exists()
    if bestaat and verwachte_versie is not None:
        controleer_versie(
            model=model, pk=obj.pk, verwachte_versie=verwachte_versie, velden=velden or ()
        )
    if bestaat and velden is not None:
        # A form opened before a reorder must not write the old place back.
        modelvelden = {veld.name for veld in model._meta.concrete_fields}
        behouden = [
            naam
            for naam in getattr(model, "VELDEN_ZONDER_VERSIE", ())
            if naam in modelvelden and naam not in velden
        ]
        if behouden:
            opgeslagen = model._base_manager.filter(pk=obj.pk).values(*behouden).get()
            for naam, waarde in opgeslagen.items():
                setattr(obj, naam, waarde)
    obj._history_user = gebruiker  # type: ignore[attr-defined]
    obj._change_reason = reden  # type: ignore[attr-defined]
    if not bestaat:
        obj._state.adding = True
    obj.save()
    return obj


class VersieFormulier(forms.ModelForm):
    """Carries the version the user opened, for the no-lost-updates check."""

    versie = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["versie"] = self.instance.versie
        self.fields["versie"].required = bool(self.instance.pk)

    def gegevens(self) -> dict:
        """The model fields the user edited, as cleaned values."""
        return {naam: self.cleaned_data[naam] for naam in self._meta.fields}


def toon_versieconflict(form: VersieFormulier, conflict: Versieconflict) -> None:
    """Keep the user's input, explain what the other person changed, allow a deliberate retry."""
    form.data = form.data.copy()
    form.data["versie"] = str(conflict.huidig.versie)
    form.add_error(
        None,
        _(
            "%(wie)s heeft dit intussen gewijzigd. Uw invoer staat nog in het formulier en is "
            "niet opgeslagen. Hierboven staat wat er veranderde; sla opnieuw op om het te "
            "overschrijven."
        )
        % {"wie": conflict.door or _("Iemand anders")},
    )
