"""Vastgestelde voortgangsrapportages: the exact PDF that went to GS or PS, frozen."""

import hashlib
import hmac
from collections import Counter
from collections.abc import Iterator

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connections, models, router, transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from basis.velden import binnen_datumvenster
from opgaven.models import Opgave, Programma
from rapportages import keten


class PCMoment(models.TextChoices):
    """The moments of the planning-and-control cycle a report can be made for."""

    VOORJAARSNOTA = "voorjaarsnota", _("Voorjaarsnota")
    NAJAARSRAPPORTAGE = "najaarsrapportage", _("Najaarsrapportage")
    JAARSTUKKEN = "jaarstukken", _("Jaarstukken")


class VoortgangsrapportageQuerySet(models.QuerySet):
    def ketencontrole(self) -> Iterator[tuple["Voortgangsrapportage", list[str]]]:
        """Every report in chain order with what is wrong with it (empty: intact).

        As `Voortgangsrapportage.gebreken` says it, but reading each PDF once.
        """
        aantallen = Counter(self.values_list("volgnummer", flat=True))
        kop = Ketenkop.lees()
        # (handtekening, intact) of the reports numbered one lower and of the current number.
        vorige: list[tuple[str, bool]] = []
        huidige: list[tuple[str, bool]] = []
        nummer = None
        for rapport in self.order_by("volgnummer", "pk").iterator(chunk_size=20):
            if rapport.volgnummer != nummer:
                vorige = huidige if nummer == rapport.volgnummer - 1 else []
                huidige, nummer = [], rapport.volgnummer
            gebreken = rapport.eigen_gebreken()
            huidige.append((rapport.handtekening, not gebreken))
            if aantallen[rapport.volgnummer] > 1:
                gebreken.append(
                    gettext("Er zijn %(aantal)s rapportages met nr. %(nummer)s in de keten.")
                    % {"aantal": aantallen[rapport.volgnummer], "nummer": rapport.volgnummer}
                )
            yield rapport, gebreken + rapport.schakelgebreken(vorige) + rapport.kopgebreken(kop)

    def kopcontrole(self) -> list[str]:
        """What is wrong with the chain's end: the head missing or changed, or the newest
        report it names gone. Empty when there are no reports and no head."""
        kop = Ketenkop.lees()
        if kop is None:
            return [gettext("De kop van de keten ontbreekt.")] if self.exists() else []
        gebreken = kop.gebreken()
        if not self.filter(volgnummer=kop.volgnummer).exists():
            gebreken.append(
                gettext(
                    "De nieuwste rapportage (nr. %(nummer)s) ontbreekt: zij is buiten het "
                    "portaal om verwijderd."
                )
                % {"nummer": kop.volgnummer}
            )
        return gebreken


class Ketenfout(ValidationError):
    """The chain's head is missing or was changed outside the portal: no report is
    frozen onto it until a beheerder has looked (manage.py controleer_rapportages)."""


class Ketenkop(models.Model):
    """The newest link of the chain of frozen reports, signed on its own with the current
    key only (keten.onderteken_kop).

    The chain proves each report's predecessor; the head proves the end. A removed newest
    report leaves a head pointing at it, a report appended outside the portal lies beyond
    it, and the next report continues after the head, so a gap stays visible. One row.
    """

    volgnummer = models.PositiveBigIntegerField(_("nummer van de nieuwste rapportage"))
    handtekening = models.CharField(_("handtekening van de nieuwste rapportage"), max_length=64)
    sleutel_id = models.CharField(_("sleutel-id"), max_length=16)
    kophandtekening = models.CharField(_("handtekening van de kop"), max_length=64)

    class Meta:
        verbose_name = _("kop van de rapportageketen")
        verbose_name_plural = _("kop van de rapportageketen")
        constraints = [
            models.CheckConstraint(condition=models.Q(pk=1), name="ketenkop_is_een_rij"),
        ]

    def __str__(self) -> str:
        return gettext("Kop van de keten: nr. %(nummer)s") % {"nummer": self.volgnummer}

    @classmethod
    def lees(cls, using: str = "default") -> "Ketenkop | None":
        """The chain's head, or None when there is none (yet, or removed)."""
        return cls.objects.using(using).filter(pk=1).first()

    @classmethod
    def zet(cls, *, volgnummer: int, handtekening: str, using: str = "default") -> "Ketenkop":
        """Point the head at the report `volgnummer` with `handtekening`, signed now."""
        sleutel = keten.huidige_rapportagesleutel()
        kop, _nieuw = cls.objects.using(using).update_or_create(
            pk=1,
            defaults={
                "volgnummer": volgnummer,
                "handtekening": handtekening,
                "sleutel_id": keten.sleutel_id_van(sleutel),
                "kophandtekening": keten.onderteken_kop(
                    volgnummer=volgnummer, handtekening=handtekening, sleutel=sleutel
                ),
            },
        )
        return kop

    def klopt(self, sleutel: bytes) -> bool:
        """Whether `sleutel` made this head's signature."""
        verwacht = keten.onderteken_kop(
            volgnummer=self.volgnummer, handtekening=self.handtekening, sleutel=sleutel
        )
        return hmac.compare_digest(verwacht.encode(), self.kophandtekening.encode())

    def is_vervalst(self) -> bool:
        """Whether no key the portal knows made this head's signature: not a rotation
        that awaits its step, but a head changed outside the portal."""
        return not any(self.klopt(sleutel) for sleutel in keten.rapportagesleutels().values())

    def gebreken(self) -> list[str]:
        """What is wrong with the head itself; empty when the current key signed it."""
        sleutel = keten.huidige_rapportagesleutel()
        if self.sleutel_id != keten.sleutel_id_van(sleutel):
            return [
                gettext(
                    "De kop van de keten is ondertekend met een eerdere sleutel. Na een "
                    "sleutelwissel: controleer de keten en onderteken de kop opnieuw "
                    "(manage.py controleer_rapportages --onderteken-kop NUMMER HANDTEKENING)."
                )
            ]
        if not self.klopt(sleutel):
            return [gettext("De kop van de keten is buiten het portaal om gewijzigd.")]
        return []


class Voortgangsrapportage(models.Model):
    """A report as it was vastgesteld: its PDF bytes, their checksum and the data behind it.

    Never changed after it is stored. The reports form a chain (rapportages.keten): each
    one's `handtekening` is an HMAC over its bytes, every metadata field and its
    predecessor's handtekening, so a download refuses a report that was changed, or whose
    predecessor was changed or removed, also behind the portal's back.
    """

    programma = models.ForeignKey(
        Programma,
        verbose_name=_("programma"),
        on_delete=models.PROTECT,
        related_name="voortgangsrapportages",
    )
    opgave = models.ForeignKey(
        Opgave,
        verbose_name=_("opgave"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="voortgangsrapportages",
        help_text=_("Leeg voor een rapportage over het hele programma."),
    )
    peildatum = models.DateField(_("peildatum"), validators=[binnen_datumvenster])
    moment = models.CharField(_("P&C-moment"), max_length=20, choices=PCMoment.choices, blank=True)
    titel = models.CharField(_("titel"), max_length=300)
    pdf = models.BinaryField(_("pdf"))
    sha256 = models.CharField(_("SHA-256 van de pdf"), max_length=64)
    snapshot = models.JSONField(
        _("gegevens"), help_text=_("De gegevens waaruit het rapport is opgebouwd.")
    )
    dataversie = models.CharField(_("dataversie"), max_length=64)
    vastgesteld_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vastgesteld door"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    vastgesteld_op = models.DateTimeField(_("vastgesteld op"))
    volgnummer = models.PositiveBigIntegerField(
        _("nummer in de keten"),
        unique=True,
        help_text=_("De rapportages vormen één keten: 1, 2, 3, ... in volgorde van vaststellen."),
    )
    vorige_handtekening = models.CharField(
        _("handtekening van de vorige"),
        max_length=64,
        blank=True,
        help_text=_("Leeg voor de eerste rapportage in de keten."),
    )
    sleutel_id = models.CharField(
        _("sleutel-id"),
        max_length=16,
        help_text=_("Vingerafdruk van de sleutel waarmee is ondertekend (RAPPORTAGE_SLEUTEL)."),
    )
    handtekening = models.CharField(
        _("handtekening (HMAC-SHA256)"),
        max_length=64,
        help_text=_("Over de pdf, alle gegevens en de handtekening van de vorige."),
    )

    objects = VoortgangsrapportageQuerySet.as_manager()

    class Meta:
        verbose_name = _("vastgestelde voortgangsrapportage")
        verbose_name_plural = _("vastgestelde voortgangsrapportages")
        ordering = ["-vastgesteld_op", "-pk"]

    def __str__(self) -> str:
        return f"{self.titel} ({self.peildatum:%d-%m-%Y})"

    def save(self, *args, **kwargs) -> None:
        """Append to the chain: number, predecessor and signature are set here, whoever
        creates the report."""
        if not self._state.adding:
            raise ValueError("A vastgestelde rapportage is never changed; freeze a new one.")
        database = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        rapporten = type(self).objects.using(database)
        with transaction.atomic(using=database):
            # Held until the outer transaction ends: the next writer sees this link.
            keten.vergrendel_keten(connections[database], tabel=self._meta.db_table)
            nummer, vorige = _kop_om_aan_te_hangen(rapporten, database)
            sleutel = keten.huidige_rapportagesleutel()
            self.volgnummer = nummer + 1
            self.vorige_handtekening = vorige
            self.sleutel_id = keten.sleutel_id_van(sleutel)
            self.handtekening = ""
            super().save(*args, **kwargs)
            # Signed as the database returns it, as every check reads it: the signature
            # never depends on how the caller wrote a value (a date as text, another zone).
            self.handtekening = keten.onderteken_rapportage(
                rapporten.get(pk=self.pk), sleutel=sleutel
            )
            rapporten.filter(pk=self.pk).update(handtekening=self.handtekening)
            Ketenkop.zet(volgnummer=self.volgnummer, handtekening=self.handtekening, using=database)

    @property
    def is_intact(self) -> bool:
        """Whether the stored bytes still match the checksum taken when it was frozen."""
        return hashlib.sha256(bytes(self.pdf)).hexdigest() == self.sha256

    def _handtekening_klopt(self, sleutel: bytes) -> bool:
        try:
            verwacht = keten.onderteken_rapportage(self, sleutel=sleutel)
        except (TypeError, ValueError, AttributeError):  # data no freeze could have stored
            return False
        return hmac.compare_digest(verwacht.encode(), self.handtekening.encode())

    def eigen_gebreken(self) -> list[str]:
        """What is wrong with this report itself (bytes, data, signature); empty if intact."""
        gebreken = []
        if not self.is_intact:
            gebreken.append(
                gettext(
                    "Het opgeslagen bestand komt niet meer overeen met de controlesom (SHA-256) "
                    "die bij het vaststellen is vastgelegd."
                )
            )
        sleutel = keten.rapportagesleutels().get(self.sleutel_id)
        if not self.handtekening:
            gebreken.append(gettext("Deze rapportage is niet ondertekend."))
        elif sleutel is None:
            gebreken.append(
                gettext(
                    "Deze rapportage is ondertekend met een onbekende sleutel (sleutel-id "
                    "%(sleutel_id)s). Staat de oude sleutel niet meer in RAPPORTAGE_SLEUTELS_OUD?"
                )
                % {"sleutel_id": self.sleutel_id}
            )
        elif not self._handtekening_klopt(sleutel):
            gebreken.append(
                gettext(
                    "De handtekening klopt niet: het bestand of de gegevens (zoals peildatum, "
                    "titel, programma, vaststeller of controlesom) zijn na het vaststellen "
                    "gewijzigd, of de rapportage is buiten het portaal om toegevoegd."
                )
            )
        return gebreken

    def schakelgebreken(self, voorgangers: list[tuple[str, bool]]) -> list[str]:
        """What is wrong with the link to the predecessor. `voorgangers`: the handtekening
        and whether it is intact of every stored report numbered one lower."""
        if self.volgnummer < 1:
            return [gettext("Deze rapportage heeft geen geldig nummer in de keten.")]
        if self.volgnummer == 1:
            if self.vorige_handtekening:
                return [
                    gettext(
                        "Deze rapportage is de eerste in de keten maar verwijst naar een vorige."
                    )
                ]
            return []
        nummer = {"nummer": self.volgnummer - 1}
        if not voorgangers:
            return [
                gettext("De voorgaande rapportage in de keten (nr. %(nummer)s) ontbreekt.") % nummer
            ]
        if len(voorgangers) > 1:
            return [
                gettext("Er zijn meerdere voorgaande rapportages in de keten (nr. %(nummer)s).")
                % nummer
            ]
        [(handtekening, intact)] = voorgangers
        if not hmac.compare_digest(handtekening.encode(), self.vorige_handtekening.encode()):
            return [
                gettext(
                    "De voorgaande rapportage in de keten (nr. %(nummer)s) is vervangen: het is "
                    "niet de rapportage waarmee deze is ondertekend."
                )
                % nummer
            ]
        if not intact:
            return [
                gettext("De voorgaande rapportage in de keten (nr. %(nummer)s) is gewijzigd.")
                % nummer
            ]
        return []

    def kopgebreken(self, kop: Ketenkop | None) -> list[str]:
        """What is wrong with this report measured against the chain's head: a report
        at or beyond the head's number must be the one the head names."""
        if kop is None:
            return [gettext("De kop van de keten ontbreekt.")]
        if kop.is_vervalst():  # then no report's place in the chain can be trusted
            return [gettext("De kop van de keten is buiten het portaal om gewijzigd.")]
        if self.volgnummer < kop.volgnummer:
            return []
        gebreken = kop.gebreken()
        if self.volgnummer > kop.volgnummer:
            gebreken.append(
                gettext(
                    "Deze rapportage staat voorbij de kop van de keten (nr. %(nummer)s): "
                    "zij is buiten het portaal om toegevoegd."
                )
                % {"nummer": kop.volgnummer}
            )
        elif not hmac.compare_digest(kop.handtekening.encode(), self.handtekening.encode()):
            gebreken.append(
                gettext(
                    "Deze rapportage is niet de nieuwste die de kop van de keten noemt: "
                    "zij is vervangen."
                )
            )
        return gebreken

    def gebreken(self) -> list[str]:
        """What is wrong with this report, its link to its predecessor and, for the
        newest, the chain's head; empty if it may be handed out."""
        voorgangers = (
            [
                (voorganger.handtekening, not voorganger.eigen_gebreken())
                for voorganger in type(self).objects.filter(volgnummer=self.volgnummer - 1)[:2]
            ]
            if self.volgnummer > 1
            else []
        )
        kop = Ketenkop.lees()
        return self.eigen_gebreken() + self.schakelgebreken(voorgangers) + self.kopgebreken(kop)


def _kop_om_aan_te_hangen(rapporten, database: str) -> tuple[int, str]:
    """(number, signature) of the link a new report chains to: the head's, whatever
    happened to the report it names, so a removed newest report leaves a gap. Raises
    Ketenfout when the head is missing while reports exist, or was changed."""
    kop = Ketenkop.lees(using=database)
    if kop is None:
        if rapporten.exists():
            raise Ketenfout(
                gettext(
                    "De kop van de keten van vastgestelde rapportages ontbreekt. Er is niets "
                    "vastgesteld; een beheerder controleert de keten (manage.py "
                    "controleer_rapportages)."
                )
            )
        return 0, ""
    if gebreken := kop.gebreken():
        raise Ketenfout(
            gettext("Er is niets vastgesteld: %(reden)s") % {"reden": " ".join(gebreken)}
        )
    return kop.volgnummer, kop.handtekening
