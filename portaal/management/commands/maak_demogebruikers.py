import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from basis.rollen import BEHEERDER, BELEIDSMEDEWERKER, MANAGEMENT, richt_rollen_in
from opgaven.models import Opgave

# The demo beleidsmedewerker may edit this opgave and only reads the others.
DEMO_OPGAVE = 3

DEMOGEBRUIKERS = [
    ("beheerder", BEHEERDER, "Bea", "Beheerder"),
    ("management", MANAGEMENT, "Mark", "Manager"),
    ("beleid", BELEIDSMEDEWERKER, "Bart", "Beleidsmedewerker"),
]


class Command(BaseCommand):
    help = (
        "Maakt de demogebruikers beheerder, management en beleid met nieuwe wachtwoorden. "
        "Alleen voor een demo: weigert met DEBUG uit."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "Demogebruikers zijn alleen voor lokaal gebruik; zet DEBUG=true om ze te maken."
            )
        groepen = richt_rollen_in()
        regels = []
        with transaction.atomic():
            for gebruikersnaam, rol, voornaam, achternaam in DEMOGEBRUIKERS:
                gebruiker, _ = get_user_model().objects.get_or_create(username=gebruikersnaam)
                gebruiker.first_name, gebruiker.last_name = voornaam, achternaam
                gebruiker.is_staff = rol == BEHEERDER
                wachtwoord = secrets.token_urlsafe(9)
                gebruiker.set_password(wachtwoord)
                gebruiker.save()
                gebruiker.groups.set([groepen[rol]])
                if rol == BELEIDSMEDEWERKER:
                    gebruiker.toegewezen_opgaven.set(Opgave.objects.filter(nummer=DEMO_OPGAVE))
                regels.append(f"  {gebruikersnaam:<12} {wachtwoord:<14} {rol}")
        self.stdout.write("Demogebruikers (alleen voor de demo):")
        self.stdout.write("  gebruiker    wachtwoord     rol")
        self.stdout.write("\n".join(regels))
        self.stdout.write(
            f"beleid mag opgave {DEMO_OPGAVE} bijwerken; de andere opgaven alleen lezen."
        )
