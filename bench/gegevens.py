"""The benchmark's data: the programme as users fill it in, then scaled.

1x is the programme document plus what a year of use adds: the demo progress
updates, and per budget line one vastgestelde and one concept amendment and one
realisation (through the same services as the portal). 100x multiplies all of it
inside the current programme and adds older programmes (bench.schaaldata).
"""

from datetime import date
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test.utils import override_settings

from basis.rollen import MANAGEMENT, richt_rollen_in
from bench.schaaldata import maak_schaaldata
from budget.models import Begrotingsregel
from budget.services import boek_wijziging, registreer_realisatie, stel_wijziging_voor
from opgaven.models import Programma
from portaal.services import laad_programma

EXTRA_PROGRAMMAS = 9


def gebruiker():
    """The management account the benchmark reads as."""
    account, _ = get_user_model().objects.get_or_create(username="bench-management")
    account.groups.set([richt_rollen_in()[MANAGEMENT]])
    return account


def laad_een_keer() -> Programma:
    call_command("migrate", verbosity=0)
    laad_programma()
    with override_settings(DEBUG=True):  # the demo command refuses production on purpose
        call_command("laad_demovoortgang", verbosity=0)
    wie = gebruiker()
    for regel in Begrotingsregel.objects.select_related("opgave__programma"):
        jaar = regel.opgave.programma.eerste_jaar
        boek_wijziging(
            regel=regel,
            jaar=jaar,
            bedrag=Decimal("1000.00"),
            kenmerk="Voorjaarsnota 2026",
            reden="Bijstelling voorjaarsnota",
            besluitdatum=date(2026, 5, 12),
            gebruiker=wie,
        )
        stel_wijziging_voor(
            regel=regel,
            jaar=jaar,
            bedrag=Decimal("-250.00"),
            kenmerk="Najaarsrapportage 2026",
            reden="Verwachte onderbesteding",
            gebruiker=wie,
        )
        registreer_realisatie(
            regel=regel,
            jaar=jaar,
            datum=date(2026, 6, 30),
            omschrijving="Besteed tot en met juni",
            gebruiker=wie,
            verplicht=Decimal("5000.00"),
            besteed=Decimal("2500.00"),
        )
    return Programma.objects.actueel()


def schaal_naar_honderd(programma: Programma) -> dict[str, int]:
    return maak_schaaldata(programma=programma, factor=100, programmas=EXTRA_PROGRAMMAS)
