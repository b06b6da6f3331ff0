"""Writes on the budget. Every function runs in one transaction and records who and why."""

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from basis import werkboek
from basis.botsing import zonder_botsing
from basis.versies import controleer_versie
from basis.werkboek import lees_bedragcel, lees_datumcel
from budget.models import (
    Begrotingsregel,
    Begrotingswijziging,
    Besluitorgaan,
    Grootboekkoppeling,
    Realisatie,
    Wijzigingsstatus,
)
from budget.tabel import NUL
from opgaven.models import Opgave


class AlVastgesteld(ValidationError):
    """A wijziging that is no longer a concept is not set again, also not by a second
    beheerder at the same moment: a Dutch ValidationError, shown as a message."""


def _bewaar(obj: models.Model, *, gebruiker: AbstractBaseUser, reden: str) -> None:
    obj._history_user = gebruiker  # type: ignore[attr-defined]
    obj._change_reason = reden  # type: ignore[attr-defined]
    # The date window (basis.velden.binnen_datumvenster) is a validator of every date field.
    obj.full_clean()
    # A concurrent save (the same new line twice) is a message, not a server error.
    zonder_botsing(obj.save, opnieuw=obj.full_clean)


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
    verwachte_versie: int | None = None,
) -> Begrotingswijziging:
    """Set a concept amendment to vastgesteld, so it counts in the actuele begroting.

    Locks the row first and reads it again: of two beheerders setting the same
    amendment at once, one wins and the other gets AlVastgesteld (a ValidationError).
    `verwachte_versie`: the version the user saw; an amendment changed since raises
    Versieconflict (with what changed) and stays a concept.
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
    if verwachte_versie is not None:
        controleer_versie(
            model=Begrotingswijziging,
            pk=wijziging.pk,
            verwachte_versie=verwachte_versie,
            velden=["jaar", "bedrag", "kenmerk", "motivering", "orgaan", "besluitdatum"],
        )
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


# Realisation from the financial system: a ledger extract.


@dataclass
class Grootboekresultaat:
    """What an extract did: rows added, rows already read before, rows without a mapping."""

    toegevoegd: int = 0
    al_ingelezen: int = 0
    ongekoppeld: list[tuple[int, str]] = field(default_factory=list)  # (row, description)


_GROOTBOEKKOPPEN = {
    "datum": ("datum", "boekdatum"),
    "kostenplaats": ("kostenplaats",),
    "grootboekrekening": ("grootboekrekening", "rekening", "grootboek"),
    "omschrijving": ("omschrijving",),
    "bedrag": ("bedrag",),
    "soort": ("soort", "verplicht of besteed"),
    "documentnummer": ("documentnummer", "boekstuk", "boekstuknummer"),
}


def _koppeling(
    koppelingen: dict[tuple[str, str], Begrotingsregel], kostenplaats: str, rekening: str
) -> Begrotingsregel | None:
    for sleutel in ((kostenplaats, rekening), (kostenplaats, ""), ("", rekening)):
        if sleutel != ("", "") and sleutel in koppelingen:
            return koppelingen[sleutel]
    return None


@transaction.atomic
def lees_grootboek_in(
    *, inhoud: bytes, formaat: str, gebruiker: AbstractBaseUser, bestandsnaam: str
) -> Grootboekresultaat:
    """Add the extract's rows as realisations, each at most once ever (its bronsleutel:
    the document number, else a hash of the row and its occurrence). Rows whose cost
    centre/account has no mapping are listed, not added. Any bad row: nothing is added
    (ValidationError naming every bad row)."""
    kop, rijen = werkboek.lees_tabel(inhoud, formaat)
    kolom: dict[str, int] = {}
    for i, naam in enumerate(kop):
        for veld, namen in _GROOTBOEKKOPPEN.items():
            if naam.strip().lower() in namen and veld not in kolom:
                kolom[veld] = i
    ontbreekt = [v for v in ("datum", "omschrijving", "bedrag", "soort") if v not in kolom]
    if ontbreekt or ("kostenplaats" not in kolom and "grootboekrekening" not in kolom):
        raise ValidationError(
            _("Het extract mist kolommen: %(kolommen)s (en kostenplaats of grootboekrekening).")
            % {"kolommen": ", ".join(ontbreekt) or "-"}
        )
    koppelingen = {
        (k.kostenplaats, k.grootboekrekening): k.regel
        # With opgave and programme: each row's clean() checks the year against them.
        for k in Grootboekkoppeling.objects.select_related("regel__opgave__programma")
    }
    resultaat = Grootboekresultaat()
    fouten: list[str] = []
    nieuw: list[Realisatie] = []
    gezien: dict[str, int] = {}

    def cel(rij: list, veld: str) -> str:
        i = kolom.get(veld)
        return "" if i is None or rij[i] is None else str(rij[i]).strip()

    for nummer, rij in enumerate(rijen, start=2):
        try:
            datum = lees_datumcel(rij[kolom["datum"]])
            bedrag = lees_bedragcel(rij[kolom["bedrag"]])
        except ValueError as fout:
            fouten.append(_("Rij %(rij)s: %(fout)s") % {"rij": nummer, "fout": fout})
            continue
        soort = cel(rij, "soort").lower()
        if soort not in ("verplicht", "besteed"):
            fouten.append(
                _("Rij %(rij)s: soort is 'verplicht' of 'besteed', niet '%(soort)s'.")
                % {"rij": nummer, "soort": soort}
            )
            continue
        kostenplaats, rekening = cel(rij, "kostenplaats"), cel(rij, "grootboekrekening")
        omschrijving = cel(rij, "omschrijving")
        document = cel(rij, "documentnummer")
        if document:
            sleutel = f"doc:{document}"
        else:
            inhoud_rij = "|".join(
                [datum.isoformat(), kostenplaats, rekening, omschrijving, f"{bedrag:f}", soort]
            )
            gezien[inhoud_rij] = gezien.get(inhoud_rij, 0) + 1
            teken = f"{inhoud_rij}|{gezien[inhoud_rij]}".encode()
            sleutel = "sha256:" + hashlib.sha256(teken).hexdigest()[:64]
        regel = _koppeling(koppelingen, kostenplaats, rekening)
        if regel is None:
            resultaat.ongekoppeld.append(
                (nummer, f"{kostenplaats or '-'} / {rekening or '-'}: {omschrijving}")
            )
            continue
        nieuw.append(
            Realisatie(
                regel=regel,
                jaar=datum.year,
                datum=datum,
                omschrijving=omschrijving[:200],
                verplicht=bedrag if soort == "verplicht" else NUL,
                besteed=bedrag if soort == "besteed" else NUL,
                bronsleutel=sleutel,
            )
        )
    bekend = set(
        Realisatie.objects.filter(bronsleutel__in=[r.bronsleutel for r in nieuw]).values_list(
            "bronsleutel", flat=True
        )
    )
    reden = (_("grootboekextract %(bestand)s") % {"bestand": bestandsnaam})[:100]
    for realisatie in nieuw:
        if realisatie.bronsleutel in bekend:
            resultaat.al_ingelezen += 1
            continue
        bekend.add(realisatie.bronsleutel)
        try:
            _bewaar(realisatie, gebruiker=gebruiker, reden=reden)
        except ValidationError as fout:
            fouten.append(f"{realisatie.omschrijving}: {' '.join(fout.messages)}")
        else:
            resultaat.toegevoegd += 1
    if fouten:
        raise ValidationError(fouten)
    return resultaat


def laatste_grootboekextract() -> datetime | None:
    """When a ledger row was last added (for /begroting/)."""
    return Realisatie.history.filter(bronsleutel__isnull=False, history_type="+").aggregate(
        laatst=models.Max("history_date")
    )["laatst"]
