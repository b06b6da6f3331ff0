"""Writes on results, their indicators and progress. Every function runs in one transaction."""

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from basis.rechten import Rechten
from basis.services import verwijder_herstelbaar
from basis.velden import zichtbare_tekst
from basis.versies import bewaar_object
from opgaven.models import Activiteit, Programma
from resultaten.models import Indicator, Indicatorwaarde, Resultaat, Status, Voortgangsupdate

if TYPE_CHECKING:
    from resultaten.werkblad import Werkbladrij


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
        toelichting=zichtbare_tekst(toelichting),
        verklaring=zichtbare_tekst(verklaring),
        maatregel=zichtbare_tekst(maatregel),
        is_demo=is_demo,
        ingevoerd_door=gebruiker if gebruiker and gebruiker.is_authenticated else None,
    )
    update._history_user = gebruiker  # type: ignore[attr-defined]
    update._change_reason = _("Voortgang vastgelegd")  # type: ignore[attr-defined]
    update.full_clean()
    update.save()
    for indicator, waarde in (waarden or {}).items():
        if resultaat is None or indicator.resultaat_id != resultaat.pk:
            raise ValueError("An indicator value belongs to an indicator of the same result.")
        rij = Indicatorwaarde(update=update, indicator=indicator, waarde=waarde)
        rij._history_user = gebruiker  # type: ignore[attr-defined]
        rij._change_reason = _("Voortgang vastgelegd")  # type: ignore[attr-defined]
        rij.full_clean()
        rij.save()
    return update


@transaction.atomic
def registreer_werkblad(
    *, rijen: "Sequence[Werkbladrij]", programma: Programma, rechten: Rechten
) -> list[Voortgangsupdate]:
    """Every row's update of a checked progress workbook (resultaten.werkblad), or none.

    Rights are checked again (the preview may be old); each row goes through
    registreer_voortgang, as the form's does. The items are read in three queries."""
    if any(rij.fouten for rij in rijen):
        raise ValueError("A workbook with errors is never registered.")
    resultaten = Resultaat.objects.filter(opgave__programma=programma).in_bulk(
        [r.gegevens["resultaat"] for r in rijen if "resultaat" in r.gegevens]
    )
    activiteiten = Activiteit.objects.filter(opgave__programma=programma).in_bulk(
        [r.gegevens["activiteit"] for r in rijen if "activiteit" in r.gegevens]
    )
    indicatoren = Indicator.objects.filter(resultaat__in=resultaten.values()).in_bulk(
        [pk for r in rijen for pk in r.waarden]
    )
    updates = []
    for rij in rijen:
        g = rij.gegevens
        resultaat = resultaten.get(g["resultaat"]) if "resultaat" in g else None
        activiteit = activiteiten.get(g["activiteit"]) if "activiteit" in g else None
        waarden = {indicatoren.get(pk): Decimal(w) for pk, w in rij.waarden.items()}
        if (resultaat or activiteit) is None or None in waarden:
            # Deleted since the preview.
            raise ValidationError(
                _("%(code)s bestaat niet meer; lees het werkblad opnieuw in.") % {"code": rij.code}
            )
        opgave_id = (resultaat or activiteit).opgave_id  # type: ignore[union-attr]
        if not rechten.mag_bewerken(opgave_id):
            raise ValidationError(_("U mag deze opgave niet bewerken."))
        updates.append(
            registreer_voortgang(
                resultaat=resultaat,
                activiteit=activiteit,
                peildatum=date.fromisoformat(g["peildatum"]),
                status=g["status"],
                toelichting=g["toelichting"],
                verklaring=g["verklaring"],
                maatregel=g["maatregel"],
                waarden=waarden,  # type: ignore[arg-type]
                gebruiker=rechten.gebruiker,
            )
        )
    return updates


@transaction.atomic
def bewaar_indicator(
    *,
    indicator: Indicator,
    gebruiker: AbstractBaseUser,
    verwachte_versie: int | None = None,
    velden: list[str] | None = None,
) -> Indicator:
    """Save a new or changed indicator; a new one goes last among its result's indicators.

    A changed one is refused with Versieconflict when somebody saved it after
    `verwachte_versie` (the version the form was opened at); ValidationError when invalid.
    """
    if indicator.pk is None:
        hoogste = Indicator.objects.filter(resultaat_id=indicator.resultaat_id).aggregate(
            m=models.Max("volgorde")
        )["m"]
        indicator.volgorde = (hoogste or 0) + 1
    indicator.full_clean()
    return bewaar_object(
        obj=indicator,
        verwachte_versie=verwachte_versie,
        gebruiker=gebruiker,
        reden=_("Indicator opgeslagen in het portaal"),
        velden=velden,
    )


@transaction.atomic
def verwijder_indicator(
    *, indicator: Indicator, gebruiker: AbstractBaseUser, verwachte_vingerafdruk: str | None = None
) -> None:
    """Delete an indicator, kept whole for a restore (basis.services.verwijder_herstelbaar).

    Raises ProtectedError when progress updates reported a value for it: those stay;
    Verwijderconflict when it changed after the confirmation showed `verwachte_vingerafdruk`.
    """
    verwijder_herstelbaar(
        obj=indicator,
        gebruiker=gebruiker,
        reden=_("Indicator verwijderd in het portaal"),
        verwachte_vingerafdruk=verwachte_vingerafdruk,
    )
