"""Shared helpers for the budget tests."""

from datetime import date
from decimal import Decimal

from budget import services
from budget.models import Begrotingsregel


def voucherregelingen() -> Begrotingsregel:
    return Begrotingsregel.objects.select_related("opgave__programma").get(
        omschrijving="Voucherregelingen"
    )


def boek(regel, gebruiker, bedrag: str, *, jaar: int = 2026, kenmerk: str = "Voorjaarsnota 2026"):
    return services.boek_wijziging(
        regel=regel,
        jaar=jaar,
        bedrag=Decimal(bedrag),
        kenmerk=kenmerk,
        reden="Extra middelen",
        besluitdatum=date(2026, 3, 15),
        gebruiker=gebruiker,
    )


def stel_voor(regel, gebruiker, bedrag: str, *, jaar: int = 2026):
    return services.stel_wijziging_voor(
        regel=regel,
        jaar=jaar,
        bedrag=Decimal(bedrag),
        kenmerk="Najaarsnota 2026",
        reden="Voorstel",
        gebruiker=gebruiker,
    )


def realiseer(regel, gebruiker, *, besteed: str = "0", verplicht: str = "0", jaar: int = 2026):
    return services.registreer_realisatie(
        regel=regel,
        jaar=jaar,
        datum=date(jaar, 5, 1),
        omschrijving="Beschikking",
        verplicht=Decimal(verplicht),
        besteed=Decimal(besteed),
        gebruiker=gebruiker,
    )


def voorbeeld_van(model):
    """One saved example of a budget model the programme fixture does not fill."""
    from budget.models import Begrotingswijziging, Cofinanciering, Financieringsbron, Realisatie

    regel = voucherregelingen()
    voorbeelden = {
        Begrotingswijziging: lambda: Begrotingswijziging.objects.create(
            regel=regel,
            jaar=2026,
            bedrag=Decimal("50000"),
            kenmerk="Voorjaarsnota 2026",
            motivering="r",
        ),
        Realisatie: lambda: Realisatie.objects.create(
            regel=regel, jaar=2026, datum=date(2026, 5, 1), omschrijving="r", besteed=Decimal("1")
        ),
        Cofinanciering: lambda: Cofinanciering.objects.create(
            bron=Financieringsbron.objects.first(), opgave=regel.opgave, jaar=2026
        ),
    }
    maak = voorbeelden.get(model)
    if maak is None and model.__name__ == "Grootboekkoppeling":
        from tests.factories import GrootboekkoppelingFactory

        return GrootboekkoppelingFactory(regel=regel)
    return maak() if maak else None
