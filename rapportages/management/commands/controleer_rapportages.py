import hmac

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from rapportages import keten
from rapportages.models import Ketenkop, Voortgangsrapportage


class Command(BaseCommand):
    help = _(
        "Controleert de keten van vastgestelde rapportages: per rapportage de pdf, de gegevens, "
        "de handtekening en de schakel naar de vorige. Stopt met een fout als iets niet klopt."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--onderteken-kop",
            nargs=2,
            metavar=("NUMMER", "HANDTEKENING"),
            help=_(
                "Na een sleutelwissel: onderteken de kop van de keten opnieuw met de huidige "
                "sleutel. NUMMER en HANDTEKENING zijn die van de laatste schakel zoals u ze "
                "buiten de database noteerde (uit de vorige controle of het log); alleen als "
                "de kop en het nieuwste rapport precies die noemen en de keten verder in orde is."
            ),
        )
        parser.add_argument(
            "--laatste",
            type=int,
            metavar="NUMMER",
            help=_(
                "Het nummer van de laatste schakel zoals u het buiten de database noteerde: "
                "een keten die korter is (ook een lege), geldt als gebroken."
            ),
        )

    def handle(self, *args, **options):
        if options["onderteken_kop"] is not None:
            nummer, handtekening = options["onderteken_kop"]
            if not (nummer.isascii() and nummer.isdigit()):
                raise CommandError(_("NUMMER moet een getal zijn."), returncode=2)
            self._onderteken_kop(genoteerd=int(nummer), handtekening=handtekening)
            return
        aantal = 0
        kapot = 0
        laatste = None
        kopgebreken = Voortgangsrapportage.objects.kopcontrole()
        kop = Ketenkop.lees()
        if options["laatste"] and (kop is None or kop.volgnummer < options["laatste"]):
            kopgebreken.append(
                _(
                    "De keten eindigt bij nr. %(nummer)s, maar u noteerde nr. %(genoteerd)s: "
                    "er zijn rapportages (en de kop) verwijderd."
                )
                % {"nummer": kop.volgnummer if kop else 0, "genoteerd": options["laatste"]}
            )
        for gebrek in kopgebreken:
            self.stdout.write(_("Kop van de keten: ") + self.style.ERROR(_("FOUT. ") + gebrek))
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
        if not aantal and not kopgebreken:
            self.stdout.write(_("Geen vastgestelde rapportages: er is niets te controleren."))
            return
        if kapot or kopgebreken:
            raise CommandError(
                _(
                    "%(kapot)s van %(aantal)s rapportages niet in orde%(kop)s: de keten is "
                    "gebroken. Lever ze niet uit en herstel ze uit de back-up (README, "
                    "'Voortgangsrapportages')."
                )
                % {
                    "kapot": kapot,
                    "aantal": aantal,
                    "kop": _(", en de kop van de keten") if kopgebreken else "",
                },
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

    @transaction.atomic
    def _onderteken_kop(self, *, genoteerd: int, handtekening: str) -> None:
        """After a key rotation: sign the head with the current key, once the head still
        matches the key it was signed with, the number noted outside the database
        (`genoteerd`) and the newest report, no report carries the current key yet, and
        every report is in order. An earlier key alone (perhaps leaked) never suffices."""
        kop = Ketenkop.objects.select_for_update().filter(pk=1).first()
        if kop is None:
            raise CommandError(
                _("De kop van de keten ontbreekt: herstel de rapportages uit de back-up."),
                returncode=1,
            )
        sleutel = keten.rapportagesleutels().get(kop.sleutel_id)
        if sleutel is None or not kop.klopt(sleutel):
            raise CommandError(
                _(
                    "De kop van de keten klopt met geen bekende sleutel: hij is buiten het "
                    "portaal om gewijzigd, of de oude sleutel ontbreekt in "
                    "RAPPORTAGE_SLEUTELS_OUD."
                ),
                returncode=1,
            )
        if kop.volgnummer != genoteerd or not hmac.compare_digest(
            kop.handtekening.encode(), handtekening.encode()
        ):
            raise CommandError(
                _(
                    "De kop noemt nr. %(kop)s met een andere handtekening dan u noteerde "
                    "(nr. %(genoteerd)s): de keten is ingekort, verlengd of het nieuwste "
                    "rapport is vervangen. De kop blijft zoals hij is."
                )
                % {"kop": kop.volgnummer, "genoteerd": genoteerd},
                returncode=1,
            )
        huidig = keten.sleutel_id_van(keten.huidige_rapportagesleutel())
        if Voortgangsrapportage.objects.filter(sleutel_id=huidig).exists():
            raise CommandError(
                _(
                    "Er zijn al rapportages met de huidige sleutel ondertekend, dus de kop "
                    "was dat ook: een kop met een eerdere sleutel is buiten het portaal om "
                    "gezet. De kop blijft zoals hij is."
                ),
                returncode=1,
            )
        nieuwste = Voortgangsrapportage.objects.order_by("-volgnummer").first()
        if nieuwste is None or (nieuwste.volgnummer, nieuwste.handtekening) != (
            kop.volgnummer,
            kop.handtekening,
        ):
            raise CommandError(
                _("De nieuwste rapportage is niet die de kop noemt: de keten is gebroken."),
                returncode=1,
            )
        for rapport, gebreken in Voortgangsrapportage.objects.ketencontrole():
            # Only the head's old key may be wrong: that is what is mended here.
            if [g for g in gebreken if g not in rapport.kopgebreken(kop)]:
                raise CommandError(
                    _("Nr. %(nummer)s is niet in orde; de kop blijft zoals hij is.")
                    % {"nummer": rapport.volgnummer},
                    returncode=1,
                )
        Ketenkop.zet(volgnummer=kop.volgnummer, handtekening=kop.handtekening)
        self.stdout.write(
            self.style.SUCCESS(
                _("De kop van de keten (nr. %(nummer)s) is ondertekend met de huidige sleutel.")
                % {"nummer": kop.volgnummer}
            )
        )
