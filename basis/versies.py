"""Optimistic locking: how a conflicting edit is refused.

Every model people edit carries a `versie` (Versiebeheerd). A form carries the
version the user opened (VersieFormulier); bewaar_met_versie saves only when
nobody saved in between, and otherwise raises Versieconflict with what the other
person changed, which toon_versieconflict puts above the user's kept input.
"""

from dataclasses import dataclass
from typing import Any, TypeVar

from django import forms
from django.contrib.auth.models import AbstractBaseUser
from django.db import models, transaction
from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from basis.historie import Veldwijziging


class Versiebeheerd(models.Model):
    """Optimistic locking: every save through the portal raises `versie` by one.

    A form remembers the version it was opened at; portaal.services refuses a save
    when somebody else saved in between, so no update is silently lost.
    """

    versie = models.PositiveIntegerField(gettext_lazy("versie"), default=1, editable=False)

    class Meta:
        abstract = True


V = TypeVar("V", bound=Versiebeheerd)


@dataclass
class Versieconflict(Exception):
    """Somebody else saved the object after the user opened the form."""

    huidig: Versiebeheerd
    wijzigingen: list[Veldwijziging]
    door: str


def _wat_een_ander_wijzigde(huidig: Versiebeheerd, verwachte_versie: int, velden: list[str]):
    """Fields that changed since `verwachte_versie`, from the history, and by whom."""
    historie = huidig.history  # type: ignore[attr-defined]
    basis = historie.filter(versie=verwachte_versie).order_by("-history_date").first()
    laatste = historie.order_by("-history_date").first()
    door = ""
    if laatste is not None and laatste.history_user is not None:
        door = laatste.history_user.get_full_name() or laatste.history_user.get_username()
    wijzigingen = []
    for naam in velden:
        veld = huidig._meta.get_field(naam)
        nieuw = getattr(huidig, veld.attname)
        if basis is not None:
            oud = getattr(basis, veld.attname)
            if oud == nieuw:
                continue
            wijzigingen.append(
                Veldwijziging(str(veld.verbose_name), str(oud or "—"), str(nieuw or "—"))
            )
        else:
            wijzigingen.append(Veldwijziging(str(veld.verbose_name), "?", str(nieuw or "—")))
    return wijzigingen, door


@transaction.atomic
def bewaar_met_versie(
    *, obj: V, verwachte_versie: int, gegevens: dict[str, Any], gebruiker: AbstractBaseUser
) -> V:
    """Save `gegevens` on obj unless somebody saved it after `verwachte_versie`.

    The conditional UPDATE comes first: on PostgreSQL it takes the row lock, so a
    concurrent save waits and then finds the version moved on; on SQLite it
    takes the write lock. Either way exactly one of two saves wins.
    """
    model = type(obj)
    geraakt = model.objects.filter(pk=obj.pk, versie=verwachte_versie).update(
        versie=F("versie") + 1
    )
    huidig = model.objects.get(pk=obj.pk)
    if not geraakt:
        wijzigingen, door = _wat_een_ander_wijzigde(huidig, verwachte_versie, list(gegevens))
        raise Versieconflict(huidig=huidig, wijzigingen=wijzigingen, door=door)
    for naam, waarde in gegevens.items():
        setattr(huidig, naam, waarde)
    huidig._history_user = gebruiker  # type: ignore[attr-defined]
    huidig.full_clean()
    huidig.save()
    return huidig


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
