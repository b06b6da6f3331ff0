from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portaal.backup import herstel_backup
from portaal.services import DatabaseNietLeeg


class Command(BaseCommand):
    help = "Zet een back-up van maak_backup terug in een lege database (alles of niets)."

    def add_arguments(self, parser):
        parser.add_argument("bestand", type=Path)

    def handle(self, *args, bestand: Path, **options):
        if not bestand.is_file():
            raise CommandError(f"{bestand} bestaat niet.")
        try:
            herstel_backup(bestand=bestand)
        except DatabaseNietLeeg as fout:
            raise CommandError(str(fout)) from fout
        self.stdout.write(self.style.SUCCESS(f"Back-up {bestand} hersteld."))
