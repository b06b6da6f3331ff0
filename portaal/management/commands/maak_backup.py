from pathlib import Path

from django.core.management.base import BaseCommand

from portaal.backup import maak_backup


class Command(BaseCommand):
    help = (
        "Schrijft alle gegevens van het portaal, met historie en gebruikers, naar een XML-bestand."
    )

    def add_arguments(self, parser):
        parser.add_argument("bestand", type=Path)

    def handle(self, *args, bestand: Path, **options):
        maak_backup(bestand=bestand)
        self.stdout.write(self.style.SUCCESS(f"Back-up geschreven naar {bestand}."))
