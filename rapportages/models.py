"""Vastgestelde voortgangsrapportages: the exact PDF that went to GS or PS, frozen."""

import hashlib

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from opgaven.models import Opgave, Programma


class PCMoment(models.TextChoices):
    """The moments of the planning-and-control cycle a report can be made for."""

    VOORJAARSNOTA = "voorjaarsnota", _("Voorjaarsnota")
    NAJAARSRAPPORTAGE = "najaarsrapportage", _("Najaarsrapportage")
    JAARSTUKKEN = "jaarstukken", _("Jaarstukken")


class Voortgangsrapportage(models.Model):
    """A report as it was vastgesteld: its PDF bytes, their checksum and the data behind it.

    Never changed after it is stored; every download checks the bytes against `sha256`.
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
    peildatum = models.DateField(_("peildatum"))
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

    class Meta:
        verbose_name = _("vastgestelde voortgangsrapportage")
        verbose_name_plural = _("vastgestelde voortgangsrapportages")
        ordering = ["-vastgesteld_op", "-pk"]

    def __str__(self) -> str:
        return f"{self.titel} ({self.peildatum:%d-%m-%Y})"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise ValueError("A vastgestelde rapportage is never changed; freeze a new one.")
        super().save(*args, **kwargs)

    @property
    def is_intact(self) -> bool:
        """Whether the stored bytes still match the checksum taken when it was frozen."""
        return hashlib.sha256(bytes(self.pdf)).hexdigest() == self.sha256
