from django.core.management.base import BaseCommand, CommandError

from portaal.services import DatabaseNietLeeg, laad_programma


class Command(BaseCommand):
    help = (
        "Laadt het Uitvoeringsprogramma Economische Koers Drenthe 2026-2027 in een lege database."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--overslaan-als-gevuld",
            action="store_true",
            help="Niets doen (en geen fout geven) als de database al gegevens bevat.",
        )

    def handle(self, *args, overslaan_als_gevuld: bool, **options):
        try:
            programma = laad_programma()
        except DatabaseNietLeeg as fout:
            if overslaan_als_gevuld:
                self.stdout.write(f"{fout} Overgeslagen.")
                return
            raise CommandError(str(fout)) from fout
        aantal = programma.opgaven.count()
        self.stdout.write(self.style.SUCCESS(f"{programma} geladen: {aantal} opgaven."))
