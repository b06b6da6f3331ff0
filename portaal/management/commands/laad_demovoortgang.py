"""Plausible progress at 30 June 2026, so a new user sees a living portal. Demo only."""

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from opgaven.models import Activiteit, ActiviteitStatus
from opgaven.openbaar import bewaar_onderdeel
from resultaten.models import Resultaat, Status, Voortgangsupdate
from resultaten.openbaar import registreer_voortgang

DEMO_PEILDATUM = date(2026, 6, 30)
DEMO_VOORVOEGSEL = "[Demo] "

# Realised share of each indicator's target at the peildatum: half a year in.
REALISATIE = Decimal("0.45")
# Every fifth result needs attention, every eleventh is at risk.
ZORG = {5: Status.AANDACHT_NODIG, 11: Status.RISICO}


class Command(BaseCommand):
    help = (
        "Voegt demovoortgang toe per 30 juni 2026 (gemarkeerd als demo). Alleen met DEBUG aan; "
        "doet niets als er al demovoortgang is."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "Demovoortgang is alleen voor lokaal gebruik; zet DEBUG=true om die te laden."
            )
        if Voortgangsupdate.objects.filter(is_demo=True).exists():
            self.stdout.write("Demovoortgang is al geladen; niets gedaan.")
            return
        with transaction.atomic():
            aantal = self._laad()
        self.stdout.write(f"Demovoortgang geladen: {aantal} updates per {DEMO_PEILDATUM:%d-%m-%Y}.")

    def _laad(self) -> int:
        aantal = 0
        resultaten = Resultaat.objects.prefetch_related("indicatoren").order_by(
            "opgave__nummer", "volgorde", "pk"
        )
        for index, resultaat in enumerate(resultaten, start=1):
            status = next((s for deler, s in ZORG.items() if index % deler == 0), Status.OP_KOERS)
            zorg = status != Status.OP_KOERS
            registreer_voortgang(
                resultaat=resultaat,
                peildatum=DEMO_PEILDATUM,
                status=status,
                toelichting=f"{DEMO_VOORVOEGSEL}Stand van zaken halverwege 2026.",
                verklaring=f"{DEMO_VOORVOEGSEL}Vertraging bij een partner." if zorg else "",
                maatregel=f"{DEMO_VOORVOEGSEL}Extra overleg in het najaar." if zorg else "",
                waarden={
                    indicator: (indicator.streefwaarde * REALISATIE).quantize(Decimal("1"))
                    for indicator in resultaat.indicatoren.all()
                },
                gebruiker=None,
                is_demo=True,
            )
            aantal += 1
        hoofdactiviteiten = Activiteit.objects.filter(bovenliggend=None).order_by("opgave", "pk")
        for index, activiteit in enumerate(hoofdactiviteiten, start=1):
            if activiteit.status == ActiviteitStatus.NIET_GESTART:
                bewaar_onderdeel(
                    obj=activiteit,
                    verwachte_versie=activiteit.versie,
                    gegevens={
                        "status": ActiviteitStatus.AFGEROND
                        if index % 7 == 0
                        else ActiviteitStatus.LOPEND
                    },
                    gebruiker=None,
                    reden=_("Demovoortgang geladen"),
                )
        return aantal
