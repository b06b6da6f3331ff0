from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from koers.schaal import maak_schaaldata
from opgaven.models import Programma


class Command(BaseCommand):
    help = (
        "Vermenigvuldigt de gegevens van het actuele programma (voor benchmarks). "
        "Alleen met DEBUG aan of --ik-weet-het-zeker, nooit per ongeluk in productie."
    )

    def add_arguments(self, parser):
        parser.add_argument("--factor", type=int, default=100)
        parser.add_argument("--ik-weet-het-zeker", action="store_true")

    def handle(self, *args, factor: int, ik_weet_het_zeker: bool, **options):
        if not settings.DEBUG and not ik_weet_het_zeker:
            raise CommandError("Schaaldata alleen met DEBUG=true of --ik-weet-het-zeker.")
        if factor < 2:
            raise CommandError("--factor moet minstens 2 zijn.")
        programma = Programma.objects.actueel()
        if programma is None:
            raise CommandError("Er is nog geen programma geladen (manage.py laad_programma).")
        aantallen = maak_schaaldata(programma=programma, factor=factor)
        self.stdout.write(
            self.style.SUCCESS(
                ", ".join(f"{aantal} {wat}" for wat, aantal in aantallen.items()) + " toegevoegd."
            )
        )
