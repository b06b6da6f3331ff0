from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from rapportages.models import Voortgangsrapportage


class Command(BaseCommand):
    help = _(
        "Controleert de keten van vastgestelde rapportages: per rapportage de pdf, de gegevens, "
        "de handtekening en de schakel naar de vorige. Stopt met een fout als iets niet klopt."
    )

    def handle(self, *args, **options):
        aantal = 0
        kapot = 0
        laatste = None
        for rapport, gebreken in Voortgangsrapportage.objects.ketencontrole():
            aantal += 1
            laatste = rapport
            regel = _("Nr. %(nummer)s  %(rapport)s (id %(pk)s): ") % {
                "nummer": rapport.volgnummer,
                "rapport": rapport,
                "pk": rapport.pk,
            }
            if gebreken:
                kapot += 1
                self.stdout.write(regel + self.style.ERROR(_("FOUT. ") + " ".join(gebreken)))
            else:
                self.stdout.write(regel + self.style.SUCCESS(_("OK")))
        if not aantal:
            self.stdout.write(_("Geen vastgestelde rapportages: er is niets te controleren."))
            return
        if kapot:
            raise CommandError(
                _(
                    "%(kapot)s van %(aantal)s rapportages niet in orde: de keten is gebroken. "
                    "Lever ze niet uit en herstel ze uit de back-up (README, "
                    "'Voortgangsrapportages')."
                )
                % {"kapot": kapot, "aantal": aantal},
                returncode=1,
            )
        # The newest link, to note outside the database: removing the newest report
        # leaves no successor to notice it, a noted head does.
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "%(aantal)s rapportages gecontroleerd: de keten is in orde. Laatste schakel: "
                    "nr. %(nummer)s, handtekening %(handtekening)s."
                )
                % {
                    "aantal": aantal,
                    "nummer": laatste.volgnummer,
                    "handtekening": laatste.handtekening,
                }
            )
        )
