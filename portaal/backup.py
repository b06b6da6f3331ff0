"""A database-independent backup: everything the portal owns as one XML file.

PostgreSQL's own pg_dump is the primary backup in production (README, "Back-up
en herstel"); this file format restores into SQLite or PostgreSQL alike and is
what the restore test proves.
"""

from pathlib import Path

from django.core.management import call_command
from django.db import transaction

from basis.dataversie import ververs_dataversie
from portaal.services import DatabaseNietLeeg, _domeinmodellen

# Domain apps with their history tables, and the users and roles the history
# and the assignments point at.
INHOUD = [
    "opgaven",
    "budget",
    "resultaten",
    "rapportages",  # the frozen reports, byte for byte
    "auth.group",
    "auth.user",
    "admin.logentry",
]


def maak_backup(*, bestand: Path) -> None:
    call_command(
        "dumpdata",
        *INHOUD,
        natural_foreign=True,
        natural_primary=False,
        # XML keeps microseconds; Django's JSON cuts timestamps to milliseconds,
        # which would reorder changes made in the same millisecond.
        format="xml",
        indent=1,
        output=str(bestand),
        verbosity=0,
    )


@transaction.atomic
def herstel_backup(*, bestand: Path) -> None:
    """Load a backup into an empty database, all or nothing."""
    if any(model.objects.exists() for model in _domeinmodellen()):
        raise DatabaseNietLeeg(
            "De database bevat al gegevens; herstel alleen in een lege database."
        )
    call_command("loaddata", str(bestand), verbosity=0)
    # Everything is new: refresh explicitly, not only through loaddata's model signals.
    ververs_dataversie()
