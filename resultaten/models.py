from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from koers.formatting import getal
from opgaven.models import Opgave, Programma, Versiebeheerd


class Streefperiode(models.TextChoices):
    PER_JAAR = "jaar", _("per jaar")
    PROGRAMMAPERIODE = "periode", _("in de programmaperiode")


class ResultaatQuerySet(models.QuerySet["Resultaat"]):
    DOCUMENTVOLGORDE = ("opgave__nummer", "volgorde", "pk")

    def van_opgave(self, opgave: Opgave) -> "ResultaatQuerySet":
        return self.filter(opgave=opgave).order_by("volgorde", "pk")

    def van_programma(self, programma: Programma) -> "ResultaatQuerySet":
        return self.filter(opgave__programma=programma)

    def in_documentvolgorde(self) -> "ResultaatQuerySet":
        return self.order_by(*self.DOCUMENTVOLGORDE)

    def aantallen_per_opgave(self, programma: Programma) -> dict[int, int]:
        """Results per opgave id, in one aggregate query."""
        return dict(
            self.van_programma(programma)
            .order_by()
            .values_list("opgave")
            .annotate(aantal=Count("pk"))
        )


class Resultaat(Versiebeheerd):
    """An intended result of an opgave, optionally with a quantified target."""

    opgave = models.ForeignKey(
        Opgave, verbose_name=_("opgave"), on_delete=models.CASCADE, related_name="resultaten"
    )
    omschrijving = models.TextField(_("omschrijving"))
    volgorde = models.PositiveIntegerField(_("volgorde"), default=0)
    streefwaarde = models.DecimalField(
        _("streefwaarde"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    eenheid = models.CharField(_("eenheid"), max_length=100, blank=True)
    streefperiode = models.CharField(
        _("geldt"), max_length=10, choices=Streefperiode.choices, blank=True
    )

    objects = ResultaatQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("resultaat")
        verbose_name_plural = _("resultaten")
        ordering = ["opgave", "volgorde", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(streefwaarde__isnull=True, eenheid="", streefperiode="")
                    | (Q(streefwaarde__isnull=False) & ~Q(eenheid="") & ~Q(streefperiode=""))
                ),
                name="resultaat_streefdoel_volledig",
                violation_error_message=_(
                    "Vul streefwaarde, eenheid en periode samen in, of laat ze alle drie leeg."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.omschrijving

    @property
    def is_gekwantificeerd(self) -> bool:
        return self.streefwaarde is not None

    @property
    def streefdoel(self) -> str:
        """The target in words, e.g. '550 IBDO-trajecten per jaar'."""
        if self.streefwaarde is None:
            return ""
        return f"{getal(self.streefwaarde)} {self.eenheid} {self.get_streefperiode_display()}"
