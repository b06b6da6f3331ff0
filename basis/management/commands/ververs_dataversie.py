from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS
from django.utils.translation import gettext as _

from basis.dataversie import ververs_dataversie


class Command(BaseCommand):
    help = (
        "Geeft de gegevens een nieuwe dataversie, zodat elke lezer verse pagina's en "
        "concept-rapportages krijgt. Nodig na wijzigingen buiten het portaal om "
        "(SQL, pg_restore)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--database",
            default=DEFAULT_DB_ALIAS,
            help="De database waarvan de dataversie vernieuwd wordt (standaard: default).",
        )

    def handle(self, *args, database: str, **options):
        ververs_dataversie(using=database)
        self.stdout.write(
            self.style.SUCCESS(
                _("Dataversie vernieuwd: pagina's en concept-rapportages worden opnieuw opgebouwd.")
            )
        )
