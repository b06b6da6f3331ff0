from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from koers.schaal import maak_schaaldata
from opgaven.models import Programma


class Command(BaseCommand):
    help = (
        "Vermenigvuldigt de gegevens van het actuele programma en voegt desgewenst hele "
        "programma's toe (voor benchmarks). Alleen met DEBUG aan of --ik-weet-het-zeker, "
        "nooit per ongeluk in productie."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--factor",
            type=int,
            default=100,
            help="Zoveel keer de onderdelen van het actuele programma (1 = niets erbij).",
        )
        parser.add_argument(
            "--programmas",
            type=int,
            default=0,
            help="Zoveel extra programma's als kopie van het actuele, in eerdere perioden.",
        )
        parser.add_argument("--ik-weet-het-zeker", action="store_true")

    def handle(
        self, *args, factor: int, programmas: int, ik_weet_het_zeker: bool, **options
    ) -> None:
        if not settings.DEBUG and not ik_weet_het_zeker:
            raise CommandError("Schaaldata alleen met DEBUG=true of --ik-weet-het-zeker.")
        if factor < 1 or programmas < 0:
            raise CommandError("--factor moet minstens 1 zijn en --programmas minstens 0.")
        if factor == 1 and programmas == 0:
            raise CommandError("Niets te doen: --factor moet minstens 2 zijn of --programmas 1.")
        programma = Programma.objects.actueel()
        if programma is None:
            raise CommandError("Er is nog geen programma geladen (manage.py laad_programma).")
        try:
            aantallen = maak_schaaldata(programma=programma, factor=factor, programmas=programmas)
        except ValueError as fout:
            raise CommandError(str(fout)) from fout
        self.stdout.write(
            self.style.SUCCESS(
                ", ".join(f"{aantal} {wat}" for wat, aantal in aantallen.items()) + " toegevoegd."
            )
        )
