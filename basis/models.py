"""The one model of the foundation: a deletion kept whole, so that it can be undone."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Verwijdering(models.Model):
    """Everything one deletion removed (the item and what went with it by cascade), as
    Django's XML serialisation, so that a beheerder can restore it as a whole.

    Written by basis.services.verwijder_herstelbaar; restored by
    basis.services.herstel_verwijdering.
    """

    soort = models.CharField(_("soort"), max_length=100)
    onderwerp = models.CharField(_("onderwerp"), max_length=300)
    model = models.CharField(_("model"), max_length=100, help_text=_("app_label.model"))
    object_id = models.CharField(_("object-id"), max_length=50)
    objecten = models.JSONField(
        _("objecten"),
        default=list,
        help_text=_("Per verwijderd object [model, id, omschrijving], in verwijdervolgorde."),
    )
    inhoud = models.TextField(_("inhoud"), help_text=_("De verwijderde objecten als XML."))
    reden = models.TextField(_("reden"))
    verwijderd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verwijderd door"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    verwijderd_op = models.DateTimeField(_("verwijderd op"), auto_now_add=True)
    hersteld_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("hersteld door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    hersteld_op = models.DateTimeField(_("hersteld op"), null=True, blank=True)

    class Meta:
        verbose_name = _("verwijdering")
        verbose_name_plural = _("verwijderingen")
        ordering = ["-verwijderd_op", "-pk"]
        indexes = [models.Index(fields=["model", "object_id"], name="verwijdering_object")]

    def __str__(self) -> str:
        return f"{self.soort}: {self.onderwerp}"

    @property
    def is_hersteld(self) -> bool:
        return self.hersteld_op is not None

    @property
    def aantal(self) -> int:
        return len(self.objecten)
